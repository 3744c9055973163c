from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession, ok: bool) -> None:
    await (session.commit() if ok else session.rollback())
    job = session.flush() if ok else None
    if job is not None:
        await job
