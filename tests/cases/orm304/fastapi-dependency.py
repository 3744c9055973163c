from typing import Optional

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

engine = create_async_engine("sqlite+aiosqlite://")
async_session = async_sessionmaker(engine, expire_on_commit=False)


async def get_db() -> AsyncSession:  # expect: ORM304:23 "annotate it `AsyncIterator[AsyncSession]`"
    async with async_session() as session:
        yield session


async def get_optional_db() -> Optional[AsyncSession]:  # expect: ORM304:32 "`AsyncIterator[Optional[AsyncSession]]`"
    async with async_session() as session:
        yield session


async def get_db_or_none() -> "AsyncSession | None":  # expect: ORM304:31 "`AsyncIterator[AsyncSession | None]`"
    async with async_session() as session:
        yield session


async def get_db_in_try(
    commit: bool = True,
) -> AsyncSession:  # expect: ORM304:6
    session = async_session()
    try:
        yield session
        if commit:
            await session.commit()
    finally:
        await session.close()
