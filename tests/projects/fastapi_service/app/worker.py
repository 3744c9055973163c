"""Background worker: sends invoices, one asyncio task per invoice."""

from __future__ import annotations

import asyncio
import logging
from asyncio import current_task
from datetime import datetime, timezone

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import async_scoped_session

from app.core import new_session
from app.core.config import settings
from app.core.db import async_session, engine
from app.models import Invoice, Item

log = logging.getLogger(__name__)

# one session per asyncio task
scoped = async_scoped_session(async_session, scopefunc=current_task)


async def send_invoice(invoice_id: int) -> None:
    session = scoped()
    try:
        invoice = await session.get(Invoice, invoice_id)
        if invoice is None or invoice.sent_at is not None:
            return
        invoice.sent_at = datetime.now(timezone.utc)
        await session.commit()
    finally:
        await scoped.remove()


async def mark_all_sent(ids: list[int]) -> None:
    try:
        await scoped.execute(update(Invoice).where(Invoice.id.in_(ids)).values(sent_at=datetime.now(timezone.utc)))
        scoped.commit()  # expect: ORM101:9
    finally:
        await scoped.remove()


async def pending_ids(limit: int = 100) -> list[int]:
    async with async_session() as session:
        result = await session.stream_scalars(select(Invoice.id).where(Invoice.sent_at.is_(None)).limit(limit))
        return list(await result.all())


async def queue_depths() -> tuple[int, int]:
    """Both counts at once, each in its own session (a session runs one query at a time)."""
    pending_query = select(func.count()).select_from(Invoice).where(Invoice.sent_at.is_(None))
    sent_query = select(func.count()).select_from(Invoice).where(Invoice.sent_at.is_not(None))
    async with async_session() as pending_session, async_session() as sent_session:
        pending, sent = await asyncio.gather(
            pending_session.scalar(pending_query),
            sent_session.scalar(sent_query),
        )
    return pending, sent


async def heartbeat() -> None:
    async with engine.connect() as conn:
        conn.execute(text("SELECT 1"))  # expect: ORM101:9  needs: app/core/db.py


async def free_items() -> int:
    session = new_session()
    try:
        result = await session.execute(select(func.count()).select_from(Item).where(Item.price_cents == 0))
        return result.scalar_one()
    finally:
        session.close()  # expect: ORM101:9  needs: app/core/__init__.py, app/core/db.py


async def run_forever() -> None:
    while True:
        try:
            ids = await pending_ids()
            if ids:
                await asyncio.gather(*(send_invoice(invoice_id) for invoice_id in ids))
            log.info("queue: %s pending, %s sent", *(await queue_depths()))
            await heartbeat()
        except Exception:
            log.exception("worker iteration failed")
        await asyncio.sleep(settings.worker_poll_seconds)


if __name__ == "__main__":
    asyncio.run(run_forever())
