from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

async def names(session: AsyncSession, q) -> list:
    out = []
    for row in await session.execute(q):
        out.append(row.name)
    return out
