from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, cast

from sqlalchemy.ext.asyncio import AsyncSession

if TYPE_CHECKING:
    from collections.abc import AsyncGenerator
    from sqlalchemy.ext.asyncio import AsyncSession

class Store:
    def __init__(self, config) -> None:
        self._config = config

    @asynccontextmanager
    async def _session(self) -> "AsyncGenerator[AsyncSession, None]":
        async with cast("AsyncSession", self._config.get_session()) as session:
            yield session

    async def save(self) -> None:
        async with self._session() as session:
            session.commit()  # expect: ORM101:13
