from typing import AsyncIterator
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

async def get_db() -> AsyncIterator[AsyncSession]:
    db = factory()  # expect: ORM301:10 "not closed in `finally`"
    yield db
