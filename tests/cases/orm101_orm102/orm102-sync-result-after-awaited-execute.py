from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession, stmt) -> None:
    result = await session.execute(stmt)
    await result.all()  # expect: ORM102:5
    await result.scalars()  # expect: ORM102:5
    await result.scalars().all()  # expect: ORM102:5
    await result.scalar_one()  # expect: ORM102:5
    await result.mappings().first()  # expect: ORM102:5
    await (await session.execute(stmt)).scalars().all()  # expect: ORM102:5
    scalars = await session.scalars(stmt)
    await scalars.all()  # expect: ORM102:5
    await scalars.first()  # expect: ORM102:5
    rows = result.all()
    first = scalars.first()
