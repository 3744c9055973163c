from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

async def orders_by_user(session: AsyncSession) -> dict:
    users = (await session.scalars(select(User))).all()
    found = {}
    for user in users:
        found[user.id] = await session.scalars(select(Order).where(Order.user_id == user.id))  # expect: ORM402:32
    return found
