from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

engine = create_async_engine("postgresql+asyncpg://app@db/app")

async def ping() -> None:
    conn = await engine.connect()  # expect: ORM301:12
    await conn.execute(text("select 1"))
