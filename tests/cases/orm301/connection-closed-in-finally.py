from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

async def ping(engine: AsyncEngine) -> None:
    conn = await engine.connect()
    try:
        await conn.execute(text("select 1"))
    finally:
        await conn.close()
