"""ORM502, good: the same query through an AsyncSession; the event loop goes on while it runs.

The heartbeat task keeps ticking every 10 ms while the database works: the
asyncio driver waits for it without holding the event loop.

Observed: the event loop was blocked while the query ran: False
"""

import asyncio
import os
import time

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///:memory:")
ROWS = 1_500_000
#: a query that makes the database work for a while (counting the rows of a recursive CTE)
SLOW_QUERY = text(
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < :n) SELECT count(*) FROM c"
)

engine = create_async_engine(DATABASE_URL)
async_session = async_sessionmaker(engine, expire_on_commit=False)


async def report(session: AsyncSession) -> int:
    return (await session.execute(SLOW_QUERY, {"n": ROWS})).scalar_one()


async def heartbeat(gaps: list[float]) -> None:
    while True:
        before = time.perf_counter()
        await asyncio.sleep(0.01)
        gaps.append(time.perf_counter() - before)


async def main() -> None:
    gaps: list[float] = []
    beating = asyncio.create_task(heartbeat(gaps))
    await asyncio.sleep(0.05)  # the heartbeat is running
    try:
        started = time.perf_counter()
        async with async_session() as session:
            count = await report(session)
        took = time.perf_counter() - started
    finally:
        await engine.dispose()
    await asyncio.sleep(0.05)
    beating.cancel()
    longest = max(gaps)
    print(f"rows counted: {count}, in {took * 1000:.0f} ms; longest heartbeat gap: {longest * 1000:.0f} ms")
    print(f"the event loop was blocked while the query ran: {longest > took / 2}")


if __name__ == "__main__":
    asyncio.run(main())
