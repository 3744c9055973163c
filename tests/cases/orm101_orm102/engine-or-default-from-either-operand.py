from contextlib import asynccontextmanager
from typing import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine


class Database:
    def __init__(self) -> None:
        self.maker = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.maker() as session:
            yield session


def default_database() -> Database:
    return Database()


class Repository:
    def __init__(self, database: Database | None = None, other=None) -> None:
        self.database = database or default_database()
        self.other = other or make_something()
        self.maybe = database if database is not None else None

    async def save(self, item) -> None:
        async with self.database.session() as session:
            session.add(item)
            session.commit()  # expect: ORM101:13

    async def save_elsewhere(self, item) -> None:
        async with self.other.session() as session:
            session.add(item)
            session.commit()

    async def save_maybe(self, item) -> None:
        async with self.maybe.session() as session:
            session.add(item)
            session.commit()  # expect: ORM101:13
