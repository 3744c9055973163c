import asyncio
from sqlalchemy.ext.asyncio import AsyncSession

async def audit(session: AsyncSession) -> None: ...

async def run(session: AsyncSession) -> None:
    async with asyncio.TaskGroup() as tg:
        tg.create_task(audit(session))
    await session.commit()
