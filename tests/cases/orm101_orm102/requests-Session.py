import requests
from sqlalchemy.ext.asyncio import AsyncSession

async def f(url: str) -> None:
    session = requests.Session()
    session.get(url)
    await session.get(url)
    session.close()
