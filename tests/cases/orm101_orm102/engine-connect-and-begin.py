from sqlalchemy.ext.asyncio import create_async_engine

engine = create_async_engine("sqlite+aiosqlite://")

async def f(stmt) -> None:
    async with engine.connect() as c:
        c.execute(stmt)  # expect: ORM101:9
    async with engine.begin() as d:
        d.execute(stmt)  # expect: ORM101:9
    conn = await engine.connect()
    conn.close()  # expect: ORM101:5
