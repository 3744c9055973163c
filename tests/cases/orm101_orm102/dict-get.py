from sqlalchemy.ext.asyncio import AsyncSession

async def f(cache: dict, session: dict) -> None:
    cache.get("key")
    if session.get("user"):
        pass
    value = session.get("user")
    await cache.get("key")
