import asyncio
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

async def work(factory: async_sessionmaker[AsyncSession], x: int) -> None: ...

async def run(xs: list[int]) -> None:
    await asyncio.gather(*[work(factory, x) for x in xs])
