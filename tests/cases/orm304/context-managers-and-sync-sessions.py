import contextlib
from contextlib import asynccontextmanager

from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, create_async_engine
from sqlalchemy.orm import Session, sessionmaker
from sqlmodel import Session as SQLModelSession
from sqlmodel.ext.asyncio.session import AsyncSession as SQLModelAsyncSession

engine = create_engine("sqlite://")
async_engine = create_async_engine("sqlite+aiosqlite://")
SessionLocal = sessionmaker(engine)


@asynccontextmanager
async def session_scope() -> AsyncSession:  # expect: ORM304:30 "returns an async generator, not the `AsyncSession`"
    async with AsyncSession(async_engine) as session:
        yield session


@contextlib.contextmanager
def sync_scope() -> Session:  # expect: ORM304:21 "annotate it `Iterator[Session]` (or `Generator[Session, None, None]`)"
    with SessionLocal() as session:
        yield session


def get_sync_db() -> Session:  # expect: ORM304:22 "returns a generator, not the `Session`"
    session = SessionLocal()
    try:
        yield session
    finally:
        session.close()


def get_sqlmodel_db() -> SQLModelSession:  # expect: ORM304:26
    with SQLModelSession(engine) as session:
        yield session


async def get_sqlmodel_async_db() -> SQLModelAsyncSession:  # expect: ORM304:38
    async with SQLModelAsyncSession(async_engine) as session:
        yield session


async def get_connection() -> AsyncConnection:  # expect: ORM304:31 "not the `AsyncConnection`"
    async with async_engine.connect() as connection:
        yield connection
