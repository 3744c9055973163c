from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession, stmt) -> list:
    result = session.execute(stmt)  # expect: ORM101:14 "and never awaited"
    if result:
        return result.all()
    return []
