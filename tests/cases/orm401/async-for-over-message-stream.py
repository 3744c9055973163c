from typing import AsyncIterator
from sqlalchemy.ext.asyncio import AsyncSession

async def queue_consumer() -> AsyncIterator[dict]:
    yield {}

async def consume(session: AsyncSession) -> None:
    async for msg in queue_consumer():
        session.add(Event(**msg))
        await session.commit()
