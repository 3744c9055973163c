from contextlib import asynccontextmanager
from contextvars import ContextVar
from functools import lru_cache

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))



class Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def save(self, item) -> None:
        self.session.add(item)
        await self.session.commit()


class ClosingRepository(Repository):
    async def aclose(self) -> None:
        await self.session.close()


async def task(item) -> None:
    session = factory()  # expect: ORM301:15
    await Repository(session).save(item)


async def closing_task(item) -> None:
    session = factory()
    repository = ClosingRepository(session)
    await repository.save(item)
