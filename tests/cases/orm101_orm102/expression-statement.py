from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession, obj) -> None:
    session.add(obj)
    session.commit()  # expect: ORM101:5
    await session.flush()
