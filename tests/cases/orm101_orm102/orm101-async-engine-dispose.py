from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

engine = create_async_engine("sqlite+aiosqlite://")

async def shutdown(other: AsyncEngine) -> None:
    engine.dispose()  # expect: ORM101:5
    other.dispose()  # expect: ORM101:5
    await engine.dispose()
