from sqlalchemy import delete, insert, text, update
from sqlalchemy.ext.asyncio import AsyncSession


async def mark(session: AsyncSession, rows: list, table) -> None:
    for row in rows:
        # statements that write load nothing: one per row is no N+1
        await session.execute(text("update item set seen = 1 where id = :id"), {"id": row.id})
        await session.execute(update(Item).where(Item.id == row.id).values(seen=True))
        stmt = delete(Item).where(Item.id == row.id)
        await session.execute(stmt)
        await session.execute(table.insert().values(item_id=row.id))
        await session.execute(insert(Log).values(item_id=row.id))
