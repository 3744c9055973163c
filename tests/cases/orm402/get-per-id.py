from sqlalchemy.ext.asyncio import AsyncSession

async def load(session: AsyncSession, ids: list[int]) -> list:
    users = []
    for i in ids:
        users.append(await session.get(User, i))  # expect: ORM402:28
    return users
