import asyncio
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

async def one(i: int) -> None:
    async with factory() as session:
        await session.get(User, i)

async def run(ids: list[int]) -> None:
    await asyncio.gather(*(one(i) for i in ids))
