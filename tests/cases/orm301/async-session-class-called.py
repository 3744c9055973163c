from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

engine = create_async_engine("sqlite+aiosqlite://")

async def count_users() -> int:
    s = AsyncSession(engine)  # expect: ORM301:9
    return await s.scalar(select(func.count(User.id)))
