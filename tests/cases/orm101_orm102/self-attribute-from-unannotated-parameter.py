from sqlalchemy.ext.asyncio import AsyncSession

class Repository:
    def __init__(self, session) -> None:
        self.session = session

    async def save(self) -> None:
        self.session.commit()
