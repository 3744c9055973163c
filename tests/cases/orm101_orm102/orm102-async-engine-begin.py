from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

engine = create_async_engine("sqlite+aiosqlite://")

async def f(other: AsyncEngine) -> None:
    conn = await engine.begin()  # expect: ORM102:12 "is an async context manager"
    await other.begin()  # expect: ORM102:5 "is an async context manager"
    async with engine.begin() as ok:
        await ok.commit()
