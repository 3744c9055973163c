from contextlib import asynccontextmanager
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))


@asynccontextmanager
async def transaction():
    session = factory()
    try:
        yield session
    finally:
        await session.close()
