from contextlib import asynccontextmanager
from contextvars import ContextVar
from functools import lru_cache

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))



CURRENT: ContextVar = ContextVar("session")


@lru_cache(maxsize=4)
def cached_factory(url: str) -> async_sessionmaker:
    return async_sessionmaker(create_async_engine(url))


class Handle:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session


@asynccontextmanager
async def wrapped():
    session = factory()  # expect: ORM301:15
    yield Handle(session)


@asynccontextmanager
async def published():
    session = factory()
    CURRENT.set(session)  # stored where other code finds it
    yield session


async def cached() -> None:
    session = cached_factory("sqlite+aiosqlite://")()  # expect: ORM301:15
    await session.commit()
