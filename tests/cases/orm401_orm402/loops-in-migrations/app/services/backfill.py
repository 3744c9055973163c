"""The same loop in the application is reported."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession


async def backfill(session: AsyncSession, users: list) -> None:
    for user in users:
        profile = await session.scalar(select(Profile).where(Profile.user_id == user.id))  # expect: ORM402:25
        profile.seen = True
        await session.commit()  # expect: ORM401:15
