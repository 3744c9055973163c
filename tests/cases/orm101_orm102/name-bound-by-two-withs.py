from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlalchemy.orm import sessionmaker

async def load(maker: sessionmaker | async_sessionmaker, is_async: bool, stmt) -> list:
    if is_async:
        async with maker() as session:
            rows = session.execute(stmt)  # expect: ORM101:20 "and never awaited"
            return [row for row in rows.all()]
    with maker() as session:
        session.commit()
        return session.execute(stmt).all()

async def nested(maker: sessionmaker | async_sessionmaker, other: async_sessionmaker) -> None:
    with maker() as session:
        async with other() as session:
            session.commit()  # expect: ORM101:13
