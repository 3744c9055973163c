import asyncio
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

async def wait_for_rows(session: AsyncSession) -> int:
    count = 0
    for _ in range(3):
        count = await session.scalar(select(func.count()).select_from(User))
        await asyncio.sleep(1)
    return count
