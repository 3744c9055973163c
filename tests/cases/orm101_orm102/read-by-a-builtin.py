from sqlalchemy.ext.asyncio import AsyncSession

async def exists(session: AsyncSession, stmt) -> bool:
    return bool(session.scalar(stmt))  # expect: ORM101:17 "used here without `await`"

async def count(session: AsyncSession, stmt) -> int:
    rows = session.scalars(stmt)  # expect: ORM101:12 "and never awaited"
    return len(list(rows))
