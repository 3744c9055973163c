from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

class Repository:
    def __init__(self, factory: async_sessionmaker[AsyncSession]) -> None:
        self.factory = factory

    async def save(self) -> None:
        async with self.factory() as session:
            session.commit()  # expect: ORM101:13
