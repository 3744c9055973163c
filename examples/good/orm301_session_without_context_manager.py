"""ORM301, good: ``async with`` closes the session, and returns its connection, also when ``commit()`` raises.

bo@example.com is already registered: that commit raises, the session is closed on the way
out, and the next sign-up gets the pool's only connection.

Observed: bo@example.com: IntegrityError
Observed: cy@example.com: registered
Observed: connections still checked out: 0
"""

import asyncio
import os

from sqlalchemy import String
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.pool import AsyncAdaptedQueuePool

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///:memory:")

# A pool of one connection and a 1 s wait on both databases (in-memory SQLite would use a StaticPool).
engine = create_async_engine(DATABASE_URL, poolclass=AsyncAdaptedQueuePool, pool_size=1, max_overflow=0, pool_timeout=1)
session_factory = async_sessionmaker(engine)


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(120), unique=True)


async def register(email: str) -> None:
    async with session_factory() as session:
        session.add(Customer(email=email))
        await session.commit()


async def main() -> None:
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.drop_all)
        await connection.run_sync(Base.metadata.create_all)
        await connection.execute(Customer.__table__.insert(), [{"email": "bo@example.com"}])
    emails = ["ana@example.com", "bo@example.com", "cy@example.com"]
    outcomes = await asyncio.gather(*(register(email) for email in emails), return_exceptions=True)
    for email, outcome in zip(emails, outcomes):
        print(f"{email}: {'registered' if outcome is None else type(outcome).__name__}")
    print(f"connections still checked out: {engine.pool.checkedout()}")
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
