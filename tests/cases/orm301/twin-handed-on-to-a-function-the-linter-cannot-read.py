from contextlib import asynccontextmanager
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))


async def index(session: AsyncSession) -> None:
    await other_library.index(session)

async def task() -> None:
    session = factory()
    await index(session)
