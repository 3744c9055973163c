import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: aiohttp.ClientSession, url: str) -> None:
    session.get(url)
    session.close()
