from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

async def keys(session: AsyncSession, stmt) -> list:
    result = session.execute(stmt)  # expect: ORM101:14 "and never awaited"
    return [tuple(row) for row in result]

async def names(session: AsyncSession, stmt) -> set:
    rows = session.scalars(stmt)  # expect: ORM101:12 "and never awaited"
    return {row.name async for row in rows if row.name}
