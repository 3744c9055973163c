from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession, stmt) -> None:
    for row in session.scalars(stmt):  # expect: ORM101:16 "used here without `await`"
        print(row)
    async for row in session.stream(stmt):  # expect: ORM101:22 "used here without `await`"
        print(row)
    names = [row.name for row in session.scalars(stmt)]  # expect: ORM101:34 "used here without `await`"
