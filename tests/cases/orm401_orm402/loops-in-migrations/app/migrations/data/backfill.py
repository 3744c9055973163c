"""A migration: run once per database, a query and a commit per row are the simple, accepted way."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession


async def backfill(session: AsyncSession, users: list) -> None:
    for user in users:
        profile = await session.scalar(select(Profile).where(Profile.user_id == user.id))
        profile.seen = True
        await session.commit()
