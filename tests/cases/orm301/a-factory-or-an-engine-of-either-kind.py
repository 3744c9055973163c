from sqlalchemy import Engine
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlalchemy.orm import sessionmaker

async def save(maker: sessionmaker | async_sessionmaker, engine: Engine | AsyncEngine, obj) -> None:
    session = maker()  # expect: ORM301:15
    session.add(obj)
    conn = engine.connect()  # expect: ORM301:12
    conn.execute("select 1")
