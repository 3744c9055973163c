import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession

async def f(url: str) -> None:
    async with aiohttp.ClientSession() as session:
        session.get(url)
        await session.close()
        response = session.get(url)
    session = aiohttp.ClientSession()
    session.close()
