from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession, stmt, ok: bool):
    job = session.commit()
    if job is not None:
        await job
    pending = session.flush()
    print(pending.cr_frame)
    return pending

async def g(session: AsyncSession, stmt):
    result = session.execute(stmt)
    if result:
        result = await result
    return result
