import asyncio
from sqlalchemy.ext.asyncio import AsyncSession

async def work(session: AsyncSession, x: int) -> None: ...

async def run(session: AsyncSession, xs: list[int]) -> None:
    async with asyncio.TaskGroup() as tg:
        for x in xs:
            tg.create_task(work(session, x))  # expect: ORM302:13
