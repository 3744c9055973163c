from sqlalchemy.ext.asyncio import AsyncSession

from models import User


async def notes(session: AsyncSession, user_id: int) -> int:
    user = await session.get(User, user_id)
    return len(user.notes)  # expect: ORM201:16
