from sqlalchemy.ext.asyncio import AsyncSession

async def profiles(session: AsyncSession) -> list:
    out = []
    for user in await session.scalars(select(User)):
        out.append(await session.get(Profile, user.profile_id))  # expect: ORM402:26
    return out
