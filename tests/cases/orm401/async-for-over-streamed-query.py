from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

async def touch_all(session: AsyncSession) -> None:
    async for user in await session.stream_scalars(select(User)):
        user.seen = True
        await session.commit()  # expect: ORM401:15
    async for row in await session.stream(select(User.id)):
        session.add(Audit(user_id=row.id))
        await session.commit()  # expect: ORM401:15
