import asyncio
from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession, tg: asyncio.TaskGroup) -> None:
    job = session.commit()
    task = asyncio.create_task(job)
    tg.create_task(session.flush())
    asyncio.ensure_future(session.rollback())
    await task
