import httpx
from sqlalchemy.ext.asyncio import AsyncSession

async def f(url: str) -> None:
    session = httpx.AsyncClient()
    session.get(url)
    await session.aclose()
    async with httpx.AsyncClient() as client:
        client.get(url)
