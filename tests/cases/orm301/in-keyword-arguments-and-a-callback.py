from contextlib import asynccontextmanager
from contextvars import ContextVar
from functools import lru_cache

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))



async def index(session: AsyncSession, only: list, run) -> None:
    async def on_progress(done: int) -> None:
        await session.commit()

    arguments = {"session": session, "only": only}
    arguments["on_progress"] = on_progress
    await run(**arguments)


async def task(run) -> None:
    session = factory()  # expect: ORM301:15
    await index(session, [], run)
