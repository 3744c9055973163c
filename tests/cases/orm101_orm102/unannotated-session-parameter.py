from sqlalchemy.ext.asyncio import AsyncSession

async def f(session, obj) -> None:
    session.commit()
    await session.add(obj)
    result = await session.execute(1)
    await result.all()
