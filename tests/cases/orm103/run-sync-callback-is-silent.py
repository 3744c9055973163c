from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session


def count_users(sync_session: Session, User) -> int:
    return sync_session.query(User).count()


async def count(session: AsyncSession, User) -> int:
    await session.run_sync(lambda sync_session: sync_session.query(User).count())
    return await session.run_sync(count_users, User)


async def through_the_sync_session(session: AsyncSession, User) -> int:
    return await session.run_sync(lambda _: session.sync_session.query(User).count())
