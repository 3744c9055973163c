from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

async def names(session: AsyncSession, ids: list[int]) -> list:
    users = (await session.scalars(select(User).where(User.id.in_(ids)))).all()
    out = [user.name for user in users]
    total = await session.scalar(select(func.count()).select_from(User))
    return out + [str(total)]
