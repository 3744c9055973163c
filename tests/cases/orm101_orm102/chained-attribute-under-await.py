from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession, stmt) -> list:
    return await session.execute(stmt).scalars()  # expect: ORM101:18 "is taken from the coroutine of"
