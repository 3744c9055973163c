"""ORM301, bad: ``close()`` is not in a ``finally``, so a failed ``commit()`` keeps its connection.

bo@example.com is already registered: that commit raises, ``close()`` is skipped and the
session keeps its pooled connection while anything refers to it (here the exception that
``gather`` hands back), so the next sign-up waits for the only connection and times out.
Only the garbage collector ends it, by terminating the connection with a warning.

Observed: bo@example.com: IntegrityError
Observed: cy@example.com: TimeoutError
Observed: connections still checked out: 1
Observed: The garbage collector is trying to clean up non-checked-in connection
"""

import asyncio
import gc
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
    session = session_factory()  # expect: ORM301:15 "`session` is opened without a context manager"
    session.add(Customer(email=email))
    await session.commit()
    await session.close()


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
    del outcomes
    await asyncio.sleep(0)  # the event loop lets go of gather's results
    gc.collect()  # what a long-running server does sooner or later
    print(f"after garbage collection: {engine.pool.checkedout()}")
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
