from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from .models import User
from .stats import order_count, summary


async def show(session: AsyncSession, user_id: int) -> dict:
    user = await session.get(User, user_id)
    return summary(user)  # expect: ORM201:12 "reads `user.orders` (app.stats:5)"


async def count(session: AsyncSession, user_id: int) -> int:
    user = await session.get(User, user_id, options=[selectinload(User.orders)])
    return order_count(user)
