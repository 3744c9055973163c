import asyncio
from sqlalchemy.ext.asyncio import AsyncSession

async def consume(session: AsyncSession, queue: asyncio.Queue) -> None:
    while True:
        job = await queue.get()
        session.add(Job(payload=job))
        await session.commit()
