from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

engine = create_async_engine("sqlite+aiosqlite://")

async def f(session: AsyncSession, stmt) -> None:
    transaction = await session.begin()
    await transaction.commit()
    nested = await session.begin_nested()
    await nested.rollback()
    async with session.begin():
        pass
    async with session.begin_nested():
        pass
    conn = await engine.connect()
    result = await conn.stream(stmt)
    await result.all()
    async with conn.stream(stmt) as streamed:
        await streamed.all()
    await conn.begin()
    await conn.close()
    await conn
    await session.run_sync(lambda s: s.add(1))
    c = await session.connection()
    await c.execute(stmt)
