import asyncio
from sqlalchemy.ext.asyncio import AsyncSession

async def save(session: AsyncSession, order) -> None: ...
async def notify(email: str) -> None: ...

async def checkout(session: AsyncSession, order, email: str) -> None:
    await asyncio.gather(save(session, order), notify(email))
