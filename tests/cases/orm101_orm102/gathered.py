import asyncio
from sqlalchemy.ext.asyncio import AsyncSession

async def f(a: AsyncSession, b: AsyncSession) -> None:
    first = a.commit()
    second = b.commit()
    await asyncio.gather(first, second)
    await asyncio.gather(a.flush(), b.flush())
