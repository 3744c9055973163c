from sqlalchemy.ext.asyncio import AsyncSession

from models import User


async def items(session: AsyncSession, user_id: int) -> int:
    user = await session.get(User, user_id)
    count = 0
    for order in user.orders:
        count += len(order.items)  # expect: ORM201:22
    return count
