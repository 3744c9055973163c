from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

async def import_tags(session: AsyncSession, rows: list[dict], size: int = 500) -> None:
    for start in range(0, len(rows), size):
        await session.execute(insert(Tag), rows[start:start + size])
        await session.commit()
