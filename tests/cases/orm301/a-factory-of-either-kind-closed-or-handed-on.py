from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import sessionmaker

async def save(maker: sessionmaker | async_sessionmaker, other: AsyncSession | sessionmaker, obj):
    session = maker()
    try:
        session.add(obj)
    finally:
        session.close()
    made = other()
    made.add(obj)
    return maker()
