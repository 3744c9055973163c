from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

async def touch_all(session: AsyncSession) -> None:
    result = await session.stream(select(User))
    async for user in result.scalars():
        user.seen = True
        await session.commit()  # expect: ORM401:15
