from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession, stmt) -> None:
    result = await session.stream(stmt)
    await result.scalars()  # expect: ORM102:5
    await result.mappings()  # expect: ORM102:5
    await result.unique()  # expect: ORM102:5
    await result.partitions()  # expect: ORM102:5 "is an async generator"
    await result.scalars().all()
    await result.unique().mappings().all()
    async for part in result.partitions(10):
        pass
    scalars = await session.stream_scalars(stmt)
    await scalars.partitions()  # expect: ORM102:5 "is an async generator"
    await scalars.unique()  # expect: ORM102:5
