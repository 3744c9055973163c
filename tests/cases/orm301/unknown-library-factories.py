import aiohttp
import httpx
from sqlalchemy.ext.asyncio import AsyncSession

async def fetch(url: str, session: AsyncSession) -> None:
    client = httpx.AsyncClient()
    http = aiohttp.ClientSession()
    response = await client.get(url)
    async with http.get(url) as other:
        print(response, other)
