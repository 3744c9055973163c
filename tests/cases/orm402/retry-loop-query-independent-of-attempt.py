import asyncio
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

async def load(session: AsyncSession, user_id: int):
    for attempt in range(3):
        try:
            return await session.get(User, user_id)
        except OperationalError:
            await asyncio.sleep(attempt)
