from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

async def save(session: AsyncSession, tag: Tag) -> Tag:
    for attempt in range(3):
        try:
            session.add(tag)
            await session.commit()
            return tag
        except OperationalError:
            await session.rollback()
    raise RuntimeError("gave up")
