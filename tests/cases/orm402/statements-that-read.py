from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession


async def read(session: AsyncSession, rows: list) -> None:
    for row in rows:
        await session.execute(text("select seen from item where id = :id"), {"id": row.id})  # expect: ORM402:15
        stmt = select(Item).where(Item.id == row.id)
        await session.execute(stmt)  # expect: ORM402:15
