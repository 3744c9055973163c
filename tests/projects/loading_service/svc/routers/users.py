"""/users endpoints: each reads relationships of users that a repository loaded."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException

import svc.repositories.users as users_repo
from svc.deps import SessionDep
from svc.repositories.users import get_user, get_user_with_orders, list_users_with_line_authors

router = APIRouter(prefix="/users")


@router.get("/{user_id}")
async def read_user(user_id: int, session: SessionDep) -> dict:
    user = await get_user(session, user_id)
    if user is None:
        raise HTTPException(404)
    return {
        "id": user.id,
        "email": user.email,
        "orders": [order.id for order in user.orders],  # expect: ORM201:42  needs: svc/repositories/users.py, svc/models/__init__.py, svc/models/user.py, svc/models/base.py
    }


@router.get("/{user_id}/orders")
async def read_user_orders(user_id: int, session: SessionDep) -> list[dict]:
    user = await get_user_with_orders(session, user_id)
    if user is None:
        raise HTTPException(404)
    result = []
    for order in user.orders:
        result.append(
            {
                "id": order.id,
                "status": order.status,
                "customer": order.customer.name,  # lazy="joined": loaded with the order
                "skus": [line.sku for line in order.lines],  # lazy="selectin": loaded with the order
            }
        )
    return result


@router.get("/{user_id}/card")
async def user_card(user_id: int, session: SessionDep) -> dict:
    user = await get_user_with_orders(session, user_id)
    if user is None:
        raise HTTPException(404)
    referrer = user.referrer  # expect: ORM201:16  needs: svc/repositories/users.py, svc/models/__init__.py, svc/models/user.py, svc/models/base.py
    return {
        "name": user.name,
        "orders": len(user.orders),
        "referred_by": referrer.email if referrer is not None else None,
    }


@router.get("/{user_id}/orders/audit")
async def audit_user_orders(user_id: int, session: SessionDep) -> list[str]:
    user = await get_user_with_orders(session, user_id)
    if user is None:
        raise HTTPException(404)
    audit = []
    for order in user.orders:
        for line in order.lines:
            audit.append(f"{line.order.id}/{line.sku}")  # expect: ORM201:29  needs: svc/repositories/users.py, svc/models/__init__.py, svc/models/user.py, svc/models/order.py, svc/models/line_item.py, svc/models/base.py
    return audit


@router.get("/by-email/{email}")
async def read_user_by_email(email: str, session: SessionDep) -> dict:
    user = await users_repo.find_by_email(session, email)
    if user is None:
        raise HTTPException(404)
    total = 0
    for order in user.orders:  # expect: ORM201:18  needs: svc/repositories/users.py, svc/models/__init__.py, svc/models/user.py, svc/models/base.py
        total += len(order.lines)
    return {"email": user.email, "lines": total}


@router.get("/authors")
async def line_authors(session: SessionDep) -> dict[str, list[str]]:
    users = await list_users_with_line_authors(session)
    authors: dict[str, list[str]] = {}
    for user in users:
        for order in user.orders:
            for line in order.lines:
                if line.created_by is not None:
                    authors.setdefault(user.email, []).append(line.created_by.name)
    return authors


@router.post("")
async def sign_up(email: str, name: str, session: SessionDep) -> dict:
    user = await users_repo.create_user(session, email, name)
    return {"id": user.id, "email": user.email}


@router.patch("/{user_id}")
async def rename(user_id: int, name: str, session: SessionDep) -> dict:
    user = await get_user(session, user_id)
    if user is None:
        raise HTTPException(404)
    user.name = name
    await session.commit()
    return {"id": user.id, "name": user.name}  # expect: ORM202:19, ORM202:36  needs: svc/deps.py, svc/db.py, svc/repositories/users.py, svc/models/__init__.py, svc/models/user.py, svc/models/base.py
