import asyncio
from sqlalchemy.ext.asyncio import AsyncSession

async def save(*, session: AsyncSession, item) -> None: ...

async def run(session: AsyncSession, a, b) -> None:
    await asyncio.gather(save(session=session, item=a), save(session=session, item=b))  # expect: ORM302:11
