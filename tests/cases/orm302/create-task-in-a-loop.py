import asyncio
from sqlalchemy.ext.asyncio import AsyncSession

async def work(session: AsyncSession, x: int) -> None: ...

async def run(session: AsyncSession, xs: list[int]) -> None:
    tasks = []
    for x in xs:
        tasks.append(asyncio.create_task(work(session, x)))  # expect: ORM302:22
    await asyncio.gather(*tasks)
