from contextlib import asynccontextmanager
from contextvars import ContextVar
from functools import lru_cache

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))



async def discard(session: AsyncSession) -> None:
    await session.invalidate()


async def task() -> None:
    session = factory()  # expect: ORM301:15
    try:
        await session.commit()
    except Exception:
        await discard(session)  # closed on failure only
        raise


async def closing_task() -> None:
    session = factory()
    await session.commit()
    await discard(session)  # the function takes it over
