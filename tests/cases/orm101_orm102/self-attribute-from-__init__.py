from sqlalchemy.ext.asyncio import AsyncSession

class Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def save(self, obj) -> None:
        self.session.add(obj)
        self.session.commit()  # expect: ORM101:9
