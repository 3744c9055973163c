from sqlalchemy.ext.asyncio import AsyncSession

from pkg.models import User


async def friends(session: AsyncSession, user_id: int) -> int:
    user = await session.get(User, user_id)
    return len(user.friends)  # expect: ORM201:16
