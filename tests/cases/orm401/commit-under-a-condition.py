"""A commit under an ``if`` in a loop still runs once per item that passes the test; not when the test
counts a batch (``%``, ``len(...)``, a counter the loop increments, a clock) or picks one item."""
import time

from sqlalchemy.ext.asyncio import AsyncSession


async def save_changed(session: AsyncSession, items: list, dry_run: bool) -> None:
    for item in items:
        if item.changed:
            session.add(item)
            await session.commit()  # expect: ORM401:19
    for item in items:
        session.add(item)
        if not dry_run:
            await session.commit()  # expect: ORM401:19
        else:
            await session.rollback()


async def save_by_batch(session: AsyncSession, items: list) -> None:
    pending = 0
    batch: list = []
    last = time.monotonic()
    for index, item in enumerate(items):
        session.add(item)
        pending += 1
        batch.append(item)
        if pending >= 500:
            await session.commit()
            pending = 0
        if len(batch) >= 100:
            await session.commit()
            batch.clear()
        if index % 1000 == 999:
            await session.commit()
        if time.monotonic() - last > 5:
            await session.commit()
            last = time.monotonic()
        if index == 0:
            await session.commit()


async def schedule(session: AsyncSession, connectors: list, tasks: dict, now) -> None:
    """Each connector is handed to a worker; its commit records the dispatch (a twin of the first loop)."""
    for connector in connectors:
        task = tasks.get(connector.kind)
        if task:
            task.delay(connector.id)
            connector.next_run = now
            await session.commit()
