"""Engines and session factories: the only module that knows the database URLs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import sessionmaker

from .config import settings

engine = create_async_engine(settings.database_url, echo=settings.echo_sql, pool_pre_ping=True)
async_session = async_sessionmaker(engine, expire_on_commit=False)

# Read-only reports go to the replica; this factory predates async_sessionmaker.
replica_engine = create_async_engine(settings.replica_url)
ReplicaSession = sessionmaker(replica_engine, class_=AsyncSession, expire_on_commit=False)

# The nightly export still runs on the synchronous ORM, in a worker thread.
sync_engine = create_engine(settings.sync_database_url)
SyncSessionLocal = sessionmaker(sync_engine, expire_on_commit=False)

# What the admin panel accepts: either kind of factory, told apart where it is used.
AnySessionMaker = sessionmaker | async_sessionmaker


async def get_session() -> AsyncSession:
    """A new session; the caller closes it."""
    return async_session()


def new_session():
    """Like ``get_session()``, for call sites that are not coroutines."""
    return async_session()


@asynccontextmanager
async def session_scope() -> AsyncIterator[AsyncSession]:
    """A session in a transaction: committed on success, rolled back on error."""
    async with async_session() as session:
        try:
            yield session
            await session.commit()
        except Exception:
            await session.rollback()
            raise


async def dispose_engines() -> None:
    await engine.dispose()
    await replica_engine.dispose()
    sync_engine.dispose()
