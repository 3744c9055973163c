import asyncio
import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession

async def fetch(session: aiohttp.ClientSession, url: str) -> bytes:
    async with session.get(url) as response:
        return await response.read()

async def crawl(urls: list[str], db: AsyncSession) -> list:
    async with aiohttp.ClientSession() as session:
        return await asyncio.gather(*(fetch(session, url) for url in urls))
