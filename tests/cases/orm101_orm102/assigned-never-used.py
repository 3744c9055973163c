from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession, stmt) -> None:
    result = session.execute(stmt)  # expect: ORM101:14 "and never awaited"
    print("done")
