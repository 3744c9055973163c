from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

async def all_users(session: AsyncSession, page_size: int = 100) -> list:
    out, last_id = [], 0
    while True:
        page = (await session.scalars(
            select(User).where(User.id > last_id).order_by(User.id).limit(page_size)
        )).all()
        if not page:
            return out
        out += page
        last_id = page[-1].id
