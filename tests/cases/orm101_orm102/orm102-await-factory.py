from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

engine = create_async_engine("sqlite+aiosqlite://")
factory = async_sessionmaker(engine)

async def f(made: async_sessionmaker[AsyncSession]) -> None:
    session = await factory()  # expect: ORM102:15
    other = await made()  # expect: ORM102:13
    async with factory() as fine:
        await fine.commit()
