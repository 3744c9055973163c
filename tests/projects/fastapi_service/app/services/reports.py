"""Dashboards, read from the replica."""

from sqlalchemy import func, select, text

from app.core import *  # noqa: F401,F403
from app.models import Invoice, Item, User


async def signups_per_day() -> list[tuple[str, int]]:
    day = func.date(User.created_at)
    async with ReplicaSession() as session:
        result = await session.execute(select(day, func.count()).group_by(day).order_by(day))
        return [(str(date), count) for date, count in result.all()]


async def top_spenders(limit: int = 10) -> list[tuple[int, int]]:
    total = func.sum(Invoice.amount_cents)
    stmt = select(Invoice.user_id, total).group_by(Invoice.user_id).order_by(total.desc()).limit(limit)
    async with ReplicaSession() as session:
        rows = session.execute(stmt).all()  # expect: ORM101:16  needs: app/core/__init__.py, app/core/db.py
        return [(user_id, cents) for user_id, cents in rows]


async def item_count() -> int:
    async with session_scope() as session:
        return await session.scalar(select(func.count()).select_from(Item))


async def ping() -> bool:
    async with engine.connect() as conn:
        return await conn.scalar(text("SELECT 1")) == 1


async def database_pages() -> int:
    conn = await engine.begin()  # expect: ORM102:12  needs: app/core/__init__.py, app/core/db.py
    try:
        result = await conn.execute(text("PRAGMA page_count"))
        return result.scalar_one()
    finally:
        await conn.close()
