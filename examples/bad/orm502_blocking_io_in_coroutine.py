"""ORM502, bad: a synchronous Session's query in a coroutine blocks the event loop while it runs.

A heartbeat task ticks every 10 ms; while the report's query runs on a
synchronous ``Session`` inside ``async def``, it cannot tick: the whole
event loop, every other request with it, waits for the database.  The
stall is the driver's, whatever the database: this program uses SQLite's
synchronous driver (pysqlite) whatever ``DATABASE_URL`` says.

Observed: the event loop was blocked while the query ran: True
"""

import asyncio
import time

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

ROWS = 1_500_000
#: a query that makes the database work for a while (counting the rows of a recursive CTE)
SLOW_QUERY = text(
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < :n) SELECT count(*) FROM c"
)

engine = create_engine("sqlite://")
SessionLocal = sessionmaker(engine)


async def report(session: Session) -> int:
    return session.execute(SLOW_QUERY, {"n": ROWS}).scalar_one()  # expect: ORM502:12 "blocking the event loop"


async def heartbeat(gaps: list[float]) -> None:
    while True:
        before = time.perf_counter()
        await asyncio.sleep(0.01)
        gaps.append(time.perf_counter() - before)


async def main() -> None:
    gaps: list[float] = []
    beating = asyncio.create_task(heartbeat(gaps))
    await asyncio.sleep(0.05)  # the heartbeat is running
    started = time.perf_counter()
    with SessionLocal() as session:
        count = await report(session)
    took = time.perf_counter() - started
    await asyncio.sleep(0.05)
    beating.cancel()
    longest = max(gaps)
    print(f"rows counted: {count}, in {took * 1000:.0f} ms; longest heartbeat gap: {longest * 1000:.0f} ms")
    print(f"the event loop was blocked while the query ran: {longest > took / 2}")
    engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
