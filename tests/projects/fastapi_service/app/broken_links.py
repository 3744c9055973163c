"""Code whose evidence chain is broken somewhere: the linter must say nothing here.

Each receiver below might well be a session, but a link between the call and
the database is out of sight: a module the project does not have, a name the
module it comes from does not define, a factory built by a function nothing
can be read from, an unannotated parameter, a dependency that shows nothing,
a name rebound to something unknown, a class that only shares SQLAlchemy's
name, or another library's ``session``.
"""

from __future__ import annotations

import os

import aiohttp
import httpx
import requests
from fastapi import Depends, Request
from sqlalchemy import func, select
from tenancy.sessions import proxy_session, tenant_session  # not a module of this project

from app.core.db import async_session, engine
from app.core.db import read_only_session  # no such name in app/core/db.py
from app.core.factories import AsyncSession, build_factory
from app.models import Invoice, User
from app.storage import session_factory  # no such module in the project

from .deps import get_request_session
from .repositories.base import BaseRepository


# -- a module the project does not have ---------------------------------------

async def archive_invoice(invoice_id: int) -> None:
    async with session_factory() as session:
        invoice = await session.get(Invoice, invoice_id)
        invoice.closed_at = func.now()
        session.commit()


async def tenant_user_count(tenant: str) -> int:
    session = tenant_session(tenant)
    result = await session.execute(select(func.count()).select_from(User))
    return await result.scalar_one()


async def read_only_users() -> list[User]:
    async with read_only_session() as session:
        return session.execute(select(User)).scalars().all()


# -- a factory built by a function the linter cannot read ---------------------

AuditSession = build_factory(engine, expire_on_commit=False)


async def write_audit(entry) -> None:
    async with AuditSession() as session:
        session.add(entry)
        session.flush()


# -- an unannotated parameter named session ---------------------------------------

async def touch(session, obj) -> None:
    obj.touched = True
    session.add(obj)
    session.commit()


# -- a dependency that shows nothing: no annotation, no evidence in its body ------

async def audit_endpoint(entry_id: int, db=Depends(get_request_session)) -> None:
    invoice = db.get(Invoice, entry_id)
    invoice.refunded = False
    db.commit()


# -- names rebound to something unknown --------------------------------------------

async def maybe_proxied(user_id: int) -> User | None:
    session = async_session()
    if os.environ.get("DB_PROXY"):
        session = proxy_session()
    try:
        return await session.get(User, user_id)
    finally:
        session.close()


primary = async_session
if os.environ.get("READ_ONLY"):
    primary = session_factory


async def open_invoices() -> list[Invoice]:
    async with primary() as session:
        return session.execute(select(Invoice).where(Invoice.closed_at.is_(None))).scalars().all()


class AuditRepository(BaseRepository):
    """Writes go to the audit store, whose session comes from a plugin."""

    def __init__(self, session, sink) -> None:
        super().__init__(session)
        self.session = sink.session_for("audit")

    async def record(self, entry) -> None:
        self.session.add(entry)
        self.session.commit()


# -- a project class that only shares SQLAlchemy's name ----------------------------

def save_through_facade(session: AsyncSession, obj) -> None:
    session.add(obj)
    session.commit()
    session.close()


# -- other libraries' sessions ---------------------------------------------------------

async def fetch_rates(url: str) -> dict:
    async with aiohttp.ClientSession() as session:
        async with session.get(url) as response:
            response.raise_for_status()
            return await response.json()


async def fetch_with(session: aiohttp.ClientSession, url: str) -> bytes:
    response = await session.get(url)
    try:
        return await response.read()
    finally:
        response.close()


async def post_webhook(url: str, payload: dict) -> int:
    async with httpx.AsyncClient(timeout=5) as session:
        response = await session.post(url, json=payload)
        return response.status_code


def poll_status(url: str) -> str:
    with httpx.Client() as session:
        response = session.get(url)
        response.raise_for_status()
        return response.text


def download_report(url: str) -> bytes:
    session = requests.Session()
    try:
        response = session.get(url, timeout=10)
        response.raise_for_status()
        return response.content
    finally:
        session.close()


async def current_user_id(request: Request) -> int | None:
    session = request.session
    user_id = session.get("user_id")
    return int(user_id) if user_id is not None else None
