from sqlalchemy.ext.asyncio import AsyncConnection

async def f(conn: AsyncConnection, stmt) -> None:
    result = await conn.stream(stmt)
    result.all()  # expect: ORM101:5
    async with conn.stream(stmt) as streamed:
        streamed.first()  # expect: ORM101:9
    async with conn.stream_scalars(stmt) as scalars:
        scalars.all()  # expect: ORM101:9
