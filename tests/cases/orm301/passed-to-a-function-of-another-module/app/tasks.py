"""The functions a session is passed to are read where they are defined: one uses it, one closes it."""

from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from app.indexing import index, index_and_close

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))


async def task() -> None:
    session = factory()  # expect: ORM301:15
    await index(session)


async def closed_task() -> None:
    session = factory()
    await index_and_close(session)
