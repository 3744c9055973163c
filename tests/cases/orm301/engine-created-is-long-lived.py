from sqlalchemy import text
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

def make_factory(url: str) -> async_sessionmaker:
    engine = create_async_engine(url, pool_pre_ping=True)
    return async_sessionmaker(engine)

async def warm_up(url: str) -> None:
    engine = create_async_engine(url)
    async with engine.connect() as conn:
        await conn.execute(text("select 1"))
