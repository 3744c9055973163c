from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from .models import User
from .repository import UserRepository


async def order_counts(session: AsyncSession) -> list[int]:
    users = await UserRepository(session).list(options=[selectinload(User.orders)])
    return [len(user.orders) for user in users]


async def order_counts_without_options(session: AsyncSession) -> list[int]:
    users = await UserRepository(session).list()
    return [len(user.orders) for user in users]  # expect: ORM201:17
