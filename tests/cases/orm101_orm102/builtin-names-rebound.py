from sqlalchemy.ext.asyncio import AsyncSession

def list(job):
    return [job]

async def f(session: AsyncSession, stmt, bool) -> None:
    jobs = list(session.commit())
    flag = bool(session.flush())
    await jobs[0]
    await flag
