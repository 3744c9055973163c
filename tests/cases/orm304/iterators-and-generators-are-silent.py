import collections.abc
import typing
from collections.abc import AsyncGenerator, AsyncIterator, Generator, Iterator
from contextlib import asynccontextmanager, contextmanager

from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("sqlite://")
SessionLocal = sessionmaker(engine)
async_session = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))


async def get_db() -> AsyncIterator[AsyncSession]:
    async with async_session() as session:
        yield session


async def get_db_generator() -> AsyncGenerator[AsyncSession, None]:
    async with async_session() as session:
        yield session


async def get_db_abc() -> collections.abc.AsyncIterator[AsyncSession]:
    async with async_session() as session:
        yield session


async def get_db_typing() -> "typing.AsyncGenerator[AsyncSession, None]":
    async with async_session() as session:
        yield session


@asynccontextmanager
async def scope() -> AsyncIterator[AsyncSession]:
    async with async_session() as session:
        yield session


@contextmanager
def sync_scope() -> Iterator[Session]:
    with SessionLocal() as session:
        yield session


def get_sync_db() -> Generator[Session, None, None]:
    with SessionLocal() as session:
        yield session


async def unannotated():
    async with async_session() as session:
        yield session
