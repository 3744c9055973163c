from sqlalchemy.ext.asyncio import AsyncSession

async def load(session: AsyncSession, ids: list[int]) -> list:
    return [await session.get(User, i) for i in ids]  # expect: ORM402:19
