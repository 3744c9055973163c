import asyncio
from sqlalchemy.ext.asyncio import async_scoped_session, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))
scoped = async_scoped_session(factory, scopefunc=asyncio.current_task)

async def run(a, b) -> None:
    await asyncio.gather(scoped.execute(a), scoped.execute(b))
