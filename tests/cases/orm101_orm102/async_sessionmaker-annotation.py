from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

async def f(factory: async_sessionmaker[AsyncSession]) -> None:
    async with factory() as s:
        s.commit()  # expect: ORM101:9
