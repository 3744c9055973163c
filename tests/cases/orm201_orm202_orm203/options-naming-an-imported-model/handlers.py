from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from models import User


async def notes(session: AsyncSession, user_id: int) -> int:
    user = await session.get(User, user_id, options=[selectinload(User.orders)])
    return len(user.orders) + len(user.notes)  # expect: ORM201:35
