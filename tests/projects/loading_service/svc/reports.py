"""Background jobs: each opens its own session from the factories of svc/db.py."""

from __future__ import annotations

from svc.db import DetachedReads, SessionLocal
from svc.repositories.users import create_user, find_by_email, get_user, list_users, list_users_with_orders


async def weekly_digest() -> list[str]:
    async with SessionLocal() as session:
        users = await list_users(session)
        lines = []
        for user in users:
            lines.append(f"{user.name}: {len(user.orders)} orders")  # expect: ORM201:46  needs: svc/repositories/users.py, svc/models/__init__.py, svc/models/user.py, svc/models/base.py
    return lines


async def digest_after_close() -> list[str]:
    async with DetachedReads() as session:
        users = await list_users_with_orders(session)
    return [f"{user.name}: {[order.id for order in user.orders]}" for user in users]


async def export_user(user_id: int) -> dict:
    async with DetachedReads() as session:
        user = await get_user(session, user_id)
    return {"email": user.email, "orders": [order.id for order in user.orders]}  # expect: ORM203:67  needs: svc/repositories/users.py, svc/models/__init__.py, svc/models/user.py, svc/models/base.py


async def export_user_by_email(email: str) -> dict:
    async with DetachedReads() as db:
        user = await find_by_email(db, email)
    return {"email": user.email, "orders": [order.id for order in user.orders]}  # expect: ORM203:67  needs: svc/repositories/users.py, svc/models/__init__.py, svc/models/user.py, svc/models/base.py


async def export_detached(user_id: int) -> dict:
    from svc.repositories.users import load_user_detached

    user = await load_user_detached(user_id)
    return {"email": user.email, "orders": len(user.orders)}  # expect: ORM203:48  needs: svc/repositories/users.py, svc/db.py, svc/models/__init__.py, svc/models/user.py, svc/models/base.py


async def rename_user(user_id: int, name: str) -> str:
    async with SessionLocal() as session:
        user = await get_user(session, user_id)
        user.name = name
        await session.commit()
        return f"renamed to {user.name}"  # expect: ORM202:30  needs: svc/db.py, svc/repositories/users.py, svc/models/__init__.py, svc/models/user.py, svc/models/base.py


async def deactivate(email: str) -> str:
    async with SessionLocal() as db:
        user = await find_by_email(db, email)
        user.name = f"{user.name} (inactive)"
        await db.commit()
        return user.email  # expect: ORM202:16  needs: svc/db.py, svc/repositories/users.py, svc/models/__init__.py, svc/models/user.py, svc/models/base.py


async def touch(user_id: int) -> str:
    async with DetachedReads() as session:
        user = await get_user(session, user_id)
        user.name = user.name.strip()
        await session.commit()
        return user.name


async def rename_and_refresh(user_id: int, name: str) -> str:
    async with SessionLocal() as session:
        user = await get_user(session, user_id)
        user.name = name
        await session.commit()
        await session.refresh(user)
        return user.name


async def sign_up(email: str, name: str) -> int:
    async with SessionLocal() as session:
        user = await create_user(session, email, name)
        return user.id

