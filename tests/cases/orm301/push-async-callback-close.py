from contextlib import AsyncExitStack
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

async def run() -> None:
    async with AsyncExitStack() as stack:
        s = factory()
        stack.push_async_callback(s.close)
        await s.commit()
