"""A call of the project's context manager (or generator) of a session, used as the session: a method
called on it, awaited, or a generator entered with ``async with``.  Twins: entered, entered later,
iterated, handed to ``Depends``."""
from contextlib import asynccontextmanager, contextmanager
from typing import AsyncContextManager, AsyncIterator, Iterator

from fastapi import Depends
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session, sessionmaker

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))
SyncLocal = sessionmaker()


async def get_session() -> AsyncIterator[AsyncSession]:
    async with factory() as session:
        yield session


get_ctx = asynccontextmanager(get_session)


@asynccontextmanager
async def session_scope():
    async with factory() as session:
        yield session


def typed_scope() -> AsyncContextManager[AsyncSession]:
    return session_scope()


def get_sync_session() -> Iterator[Session]:
    with SyncLocal() as session:
        yield session


sync_scope = contextmanager(get_sync_session)


async def named() -> None:
    session = get_ctx()  # expect: ORM305:15
    await session.execute(select(1))


async def called_on_the_call() -> None:
    await session_scope().commit()  # expect: ORM305:11


async def awaited() -> None:
    session = await session_scope()  # expect: ORM305:15
    await session.commit()


async def generator_entered() -> None:
    async with get_session() as session:  # expect: ORM305:16
        await session.commit()


async def annotated_factory() -> None:
    session = typed_scope()  # expect: ORM305:15
    session.add(object())


def sync_generator_used() -> None:
    session = get_sync_session()  # expect: ORM305:15
    session.commit()


def sync_generator_entered() -> None:
    with get_sync_session() as session:  # expect: ORM305:10
        session.commit()


async def entered() -> None:
    async with get_ctx() as session:
        await session.execute(select(1))
    async with typed_scope() as session:
        await session.commit()
    with sync_scope() as sync:
        sync.commit()


async def entered_later() -> None:
    scope = session_scope()
    async with scope as session:
        await session.commit()


async def iterated() -> None:
    async for session in get_session():
        await session.commit()
        break


async def endpoint(session: AsyncSession = Depends(get_session)) -> None:
    await session.commit()


async def rebound(item) -> None:
    async with get_ctx() as session:
        session.add(item)
    session = session_scope()  # expect: ORM305:15 "`session.execute()` raises AttributeError"
    await session.execute(select(1))
    async with session_scope() as session:
        await session.commit()



async def driven_by_hand() -> AsyncSession:
    """A generator's own methods (an async generator has `aclose()`, as a session does) are no mistake."""
    generator = get_session()
    session = await anext(generator)
    await generator.aclose()
    get_session().aclose()
    scope = session_scope()
    scope.gen.aclose()
    sync_generator = get_sync_session()
    next(sync_generator)
    sync_generator.close()
    return session
