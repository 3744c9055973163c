from typing import Annotated

import pytest_asyncio
from fastapi import Depends
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

engine = create_async_engine("sqlite+aiosqlite://")
factory = async_sessionmaker(engine)
DbSession = AsyncSession


@pytest_asyncio.fixture
async def session() -> DbSession:  # expect: ORM304:24
    async with factory() as session:
        yield session


async def get_db() -> Annotated[AsyncSession, "the request's session"]:  # expect: ORM304:23
    async with factory() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_db)]
