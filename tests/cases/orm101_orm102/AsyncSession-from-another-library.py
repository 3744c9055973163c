import sqlalchemy
from mylib import AsyncSession
from mylib.asyncio import async_sessionmaker, create_async_engine

engine = create_async_engine("x")
factory = async_sessionmaker(engine)

async def f(session: AsyncSession, obj) -> None:
    session.commit()
    await session.add(obj)
    async with factory() as s:
        s.commit()
