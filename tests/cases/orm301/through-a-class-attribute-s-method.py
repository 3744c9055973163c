from contextlib import asynccontextmanager
from contextvars import ContextVar
from functools import lru_cache

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))



class Notifier:
    async def notify(self, session: AsyncSession, text: str) -> None:
        session.add(Message(text=text))
        await session.commit()


class Notifications:
    indexing = Notifier()


async def index(session: AsyncSession, ids: list) -> None:
    await Notifications.indexing.notify(session=session, text=f"{len(ids)} indexed")


async def task(ids: list) -> None:
    session = factory()  # expect: ORM301:15
    await index(session, ids)
