from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

async def save(session: AsyncSession, tag: Tag) -> None:
    for attempt in range(3):
        try:
            session.add(tag)
            await session.commit()
            break
        except OperationalError:
            await session.rollback()
