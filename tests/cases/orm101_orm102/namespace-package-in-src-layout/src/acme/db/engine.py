"""A package of a namespace package: neither src/acme nor src/acme/db has an __init__.py."""

from contextlib import asynccontextmanager
from typing import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine


class ExtendedEngine(AsyncEngine):
    """A project's engine class: its own methods yield sessions."""

    @asynccontextmanager
    async def begin_session(self) -> AsyncIterator[AsyncSession]:
        async with async_sessionmaker(self)() as session:
            yield session


def make_engine() -> ExtendedEngine:
    return ExtendedEngine(create_async_engine("sqlite+aiosqlite://").sync_engine)
