from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession, stmt) -> list:
    return session.scalars(stmt).all()  # expect: ORM101:12 "is taken from the coroutine of"
