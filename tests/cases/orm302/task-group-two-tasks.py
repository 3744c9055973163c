import asyncio
from sqlalchemy.ext.asyncio import AsyncSession

async def a(session: AsyncSession) -> None: ...
async def b(session: AsyncSession) -> None: ...

async def run(session: AsyncSession) -> None:
    async with asyncio.TaskGroup() as tg:
        tg.create_task(a(session))  # expect: ORM302:9
        tg.create_task(b(session))
