from sqlalchemy.ext.asyncio import AsyncConnection

async def f(conn: AsyncConnection) -> None:
    conn.begin()  # expect: ORM101:5 "never awaited nor entered"
    conn.begin_nested()  # expect: ORM101:5 "never awaited nor entered"
    await conn.begin()
    async with conn.begin():
        pass
