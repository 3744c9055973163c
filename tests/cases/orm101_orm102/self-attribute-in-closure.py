from sqlalchemy.ext.asyncio import AsyncSession

class Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def save(self) -> None:
        async def inner() -> None:
            self.session.commit()  # expect: ORM101:13
        await inner()
