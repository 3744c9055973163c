from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

async def orders(session: AsyncSession, users: list) -> list:
    out = []
    for user in users:
        for order in await session.scalars(select(Order).where(Order.user_id == user.id)):  # expect: ORM402:28
            out.append(order)
    return out
