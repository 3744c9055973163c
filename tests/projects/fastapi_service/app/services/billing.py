"""Invoices: charged by the API, closed by the monthly job."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import func, select

from app.core.db import async_session, get_session, session_scope
from app.models import Invoice, User
from app.repositories.users import UserRepository


async def charge(user_id: int, amount_cents: int) -> Invoice:
    async with async_session() as s:
        user = await s.get(User, user_id)
        if user is None:
            raise LookupError(user_id)
        invoice = Invoice(user_id=user.id, amount_cents=amount_cents)
        s.add(invoice)
        await s.commit()
        await s.refresh(invoice)
        return invoice


async def charge_many(charges: dict[int, int]) -> None:
    async with async_session() as s:
        invoices = [Invoice(user_id=user_id, amount_cents=cents) for user_id, cents in charges.items()]
        await s.add_all(invoices)  # expect: ORM102:9  needs: app/core/db.py
        await s.commit()


async def close_period(now: datetime | None = None) -> int:
    closed_at = now or datetime.now(timezone.utc)
    async with async_session.begin() as s:
        result = await s.execute(select(Invoice).where(Invoice.closed_at.is_(None)))
        invoices = result.scalars().all()
        for invoice in invoices:
            invoice.closed_at = closed_at
        return len(invoices)


async def refund(invoice_id: int) -> None:
    session = await get_session()
    try:
        invoice = await session.get(Invoice, invoice_id)
        if invoice is None:
            raise LookupError(invoice_id)
        invoice.refunded = True
        session.commit()  # expect: ORM101:9  needs: app/core/db.py
    finally:
        await session.close()


async def totals_by_user() -> dict[int, int]:
    async with session_scope() as s:
        stmt = select(Invoice.user_id, func.sum(Invoice.amount_cents)).group_by(Invoice.user_id)
        result = await s.execute(stmt)
        return dict(await result.tuples().all())  # expect: ORM102:21  needs: app/core/db.py


async def open_amount(user_id: int) -> int:
    async with session_scope() as s:
        stmt = select(func.coalesce(func.sum(Invoice.amount_cents), 0)).where(
            Invoice.user_id == user_id, Invoice.closed_at.is_(None)
        )
        return int(await s.scalar(stmt))


async def apply_credit(repo: UserRepository, user_id: int, cents: int) -> None:
    user = await repo.get(user_id)
    if user is None:
        raise LookupError(user_id)
    user.credit_cents += cents
    repo.session.commit()  # expect: ORM101:5  needs: app/repositories/users.py, app/repositories/base.py


async def welcome_credit(repo: UserRepository, email: str) -> User:
    # BaseRepository.add() is a coroutine of the project (add + flush): awaiting it is right
    user = await repo.add(User(email=email, name=email.partition("@")[0], credit_cents=500))
    await repo.session.commit()
    return user
