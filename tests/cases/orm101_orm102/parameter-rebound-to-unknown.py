from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession, make) -> None:
    session = make()
    session.commit()
    await session.add(1)
