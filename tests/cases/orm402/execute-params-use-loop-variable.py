from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

async def mark(session: AsyncSession, rows: list) -> None:
    for row in rows:
        await session.execute(text("update item set seen = 1 where id = :id"), {"id": row.id})  # expect: ORM402:15
