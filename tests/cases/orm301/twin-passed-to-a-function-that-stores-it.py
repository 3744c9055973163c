from contextlib import asynccontextmanager
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))


SESSIONS: list = []

def keep(session: AsyncSession) -> None:
    SESSIONS.append(session)

async def task() -> None:
    session = factory()
    keep(session)
