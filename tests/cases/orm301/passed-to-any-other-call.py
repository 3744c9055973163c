from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

async def run(registry: "SessionRegistry") -> None:
    s = factory()
    registry.track(s)
    await s.commit()
