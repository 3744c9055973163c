from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

engine = create_async_engine("sqlite+aiosqlite://")
factory = async_sessionmaker(engine)

async def f(made: async_sessionmaker[AsyncSession]) -> None:
    session = await factory()  # expect: ORM102:15 "object is not awaitable"
    other = await made()  # expect: ORM102:13 "object is not awaitable"
    async with factory() as fine:
        await fine.commit()
