import asyncio
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

async def fetch_rates(url: str) -> dict: ...

async def run(session: AsyncSession, url: str) -> None:
    users, rates, _ = await asyncio.gather(
        session.execute(select(User)),
        fetch_rates(url),
        asyncio.sleep(0.1),
    )
