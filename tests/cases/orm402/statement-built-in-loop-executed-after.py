from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

async def search(session: AsyncSession, filters: dict) -> list:
    stmt = select(User)
    for key, value in filters.items():
        stmt = stmt.where(getattr(User, key) == value)
    return (await session.scalars(stmt)).all()
