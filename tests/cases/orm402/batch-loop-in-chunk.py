from itertools import batched
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

async def load(session: AsyncSession, ids: list[int]) -> list:
    out = []
    for chunk in batched(ids, 100):
        out += (await session.scalars(select(User).where(User.id.in_(chunk)))).all()
    return out
