import asyncio
from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession, stmts) -> None:
    first = session.execute(stmts[0])
    await asyncio.gather(*[job for job in (first,)])
    pending = session.flush()
    await asyncio.gather(*[pending for _ in range(1)])
