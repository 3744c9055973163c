from contextlib import aclosing
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

async def run() -> None:
    s = factory()
    async with aclosing(s):
        await s.commit()
