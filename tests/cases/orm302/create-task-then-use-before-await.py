import asyncio
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

async def work(session: AsyncSession) -> None: ...

async def run(session: AsyncSession) -> None:
    t = asyncio.create_task(work(session))  # expect: ORM302:9
    await session.execute(select(User))
    await t
