from sqlalchemy.ext.asyncio import AsyncSession

async def exists(session: AsyncSession, stmt) -> bool:
    return bool(session.scalar(stmt))  # expect: ORM101:17

async def count(session: AsyncSession, stmt) -> int:
    rows = session.scalars(stmt)  # expect: ORM101:12
    return len(list(rows))
