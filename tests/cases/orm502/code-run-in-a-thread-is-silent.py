import asyncio
import functools

import anyio.to_thread
from sqlalchemy import create_engine, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

engine = create_engine("sqlite://")
SessionLocal = sessionmaker(engine)


def count_users(session: Session, User) -> int:
    return session.query(User).count()


def build_report() -> list:
    with engine.connect() as connection:
        return connection.execute(text("SELECT 1")).all()


async def report() -> list:
    return await asyncio.to_thread(build_report)


async def in_the_executor(User) -> int:
    loop = asyncio.get_running_loop()
    with SessionLocal() as session:
        return await loop.run_in_executor(None, lambda: session.query(User).count())


async def in_the_threadpool(User) -> int:
    def work() -> int:
        with SessionLocal() as session:
            session.commit()
            return count_users(session, User)

    await anyio.to_thread.run_sync(lambda: engine.connect().close())
    return await run_in_threadpool(work)


async def run_sync_callbacks(session: AsyncSession, User) -> int:
    def nested(sync_session: Session) -> int:
        return sync_session.scalars(select(User)).first().id

    await session.run_sync(lambda sync_session: sync_session.execute(select(User)))
    await session.run_sync(nested)
    return await session.run_sync(count_users, User)


async def handed_as_callables(session: Session, stmt) -> None:
    await asyncio.to_thread(session.execute, stmt)
    await asyncio.to_thread(functools.partial(session.commit))
