from contextlib import AsyncExitStack
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

async def run(stack: AsyncExitStack) -> None:
    s = factory()
    await stack.enter_async_context(s)
    await s.commit()
