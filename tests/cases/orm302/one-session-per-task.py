import asyncio
from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession) -> None: ...

async def run(s1: AsyncSession, s2: AsyncSession) -> None:
    await asyncio.gather(f(s1), f(s2))
