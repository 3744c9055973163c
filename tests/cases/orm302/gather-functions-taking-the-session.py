import asyncio
from sqlalchemy.ext.asyncio import AsyncSession

async def load_a(session: AsyncSession) -> list: ...
async def load_b(session: AsyncSession) -> list: ...

async def both(session: AsyncSession) -> list:
    return await asyncio.gather(load_a(session), load_b(session))  # expect: ORM302:18
