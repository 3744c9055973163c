"""Context managers and generators of the project that give something else than a session (an HTTP
client, a lock, a connection pool of another library), used as what they give: not reported.  Nor is
a function whose decorator the linter cannot read (a pytest fixture)."""
from contextlib import asynccontextmanager
from typing import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))


@asynccontextmanager
async def http_client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


async def fetch_rows():
    yield {"id": 1}


@pytest.fixture
async def session() -> AsyncIterator[AsyncSession]:
    async with factory() as session:
        yield session


class Holder:
    def __init__(self) -> None:
        self.client = http_client()

    async def get(self) -> None:
        await self.client.get("/")


async def main() -> None:
    client = http_client()
    await client.get("https://example.org")
    rows = fetch_rows()
    await rows.asend(None)
    made = session()
    await made.commit()
