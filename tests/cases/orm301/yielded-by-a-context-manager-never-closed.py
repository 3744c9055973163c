from contextlib import asynccontextmanager
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))


@asynccontextmanager
async def transaction():
    session = factory()  # expect: ORM301:15
    yield session
    await session.commit()
