"""A migration: a query per row is accepted (ORM402 is silent); a commit per row is not (a failure half-way leaves it half-applied)."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession


async def backfill(session: AsyncSession, users: list) -> None:
    for user in users:
        profile = await session.scalar(select(Profile).where(Profile.user_id == user.id))
        profile.seen = True
        await session.commit()  # expect: ORM401:15
