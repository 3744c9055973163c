from itertools import batched
from sqlalchemy.ext.asyncio import AsyncSession

async def load(session: AsyncSession, ids: list[int]) -> list:
    out = []
    for chunk in batched(ids, 100):
        for i in chunk:
            out.append(await session.get(User, i))  # expect: ORM402:30
    return out
