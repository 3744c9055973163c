from contextlib import asynccontextmanager
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))


async def index(session: AsyncSession, ids: list) -> None:
    for id_ in ids:
        await session.get(Document, id_)
    await session.commit()

async def task(ids: list) -> None:
    session = factory()  # expect: ORM301:15
    await index(session, ids)
