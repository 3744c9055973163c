import asyncio
from sqlalchemy.ext.asyncio import AsyncSession

async def work(session: AsyncSession, x: int) -> None: ...

async def run(session: AsyncSession, xs: list[int]) -> None:
    jobs = [work(session, x) for x in xs]
    await asyncio.gather(*jobs)  # expect: ORM302:11
