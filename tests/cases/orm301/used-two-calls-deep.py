from contextlib import asynccontextmanager
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))


async def index(session: AsyncSession) -> None:
    await helper(session=session)

async def helper(session: AsyncSession) -> None:
    await session.commit()

async def task() -> None:
    session = factory()  # expect: ORM301:15
    await index(session)
