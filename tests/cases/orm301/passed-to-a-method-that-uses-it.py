from contextlib import asynccontextmanager
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))


class Indexer:
    async def run(self, ids: list) -> None:
        session = factory()  # expect: ORM301:19
        await self._index(session, ids)

    async def _index(self, session: AsyncSession, ids: list) -> None:
        await session.execute(select(Document).where(Document.id.in_(ids)))
