from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

class Repository:
    def __init__(self, make_session: async_sessionmaker[AsyncSession]) -> None:
        self.make_session = make_session

    async def count(self) -> None:
        session = await self.make_session()  # expect: ORM102:19
