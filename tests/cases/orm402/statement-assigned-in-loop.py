from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

async def prices(session: AsyncSession, items: list) -> list:
    out = []
    for item in items:
        stmt = select(Price).where(Price.item_id == item.id)
        out.append((await session.execute(stmt)).scalar_one())  # expect: ORM402:27
    return out
