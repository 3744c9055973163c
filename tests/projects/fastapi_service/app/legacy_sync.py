"""Nightly CSV export, still on the synchronous ORM (runs in a worker thread)."""

from __future__ import annotations

import asyncio
import csv
from pathlib import Path

from sqlalchemy import delete, select, text, update

from app.core import SyncSessionLocal
from app.core.db import sync_engine
from app.models import User


def export_users(path: Path) -> list[int]:
    with SyncSessionLocal() as session:
        users = session.scalars(select(User).where(User.is_active).order_by(User.id)).all()
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            for user in users:
                writer.writerow([user.id, user.email, user.name])
        return [user.id for user in users]


def mark_exported(user_ids: list[int]) -> None:
    with SyncSessionLocal() as session:
        session.execute(update(User).where(User.id.in_(user_ids)).values(exported=True))
        session.commit()


def purge_inactive() -> int:
    with SyncSessionLocal.begin() as session:
        result = session.execute(delete(User).where(User.is_active.is_(False)))
        return result.rowcount


def analyze() -> None:
    with sync_engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()


async def nightly_export(path: Path) -> int:
    """Called from the async worker: the blocking work runs in a thread."""
    ids = await asyncio.to_thread(export_users, path)
    await asyncio.to_thread(mark_exported, ids)
    return len(ids)


async def forget_user(user_id: int) -> None:
    # written later, as if this session were an AsyncSession
    with SyncSessionLocal() as session:
        user = session.get(User, user_id)  # expect: ORM502:16  needs: app/core/__init__.py, app/core/db.py
        if user is not None:
            session.delete(user)
            await session.commit()  # expect: ORM102:13, ORM502:19  needs: app/core/__init__.py, app/core/db.py
