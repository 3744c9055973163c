"""Queries for users: some load the orders with them, some do not."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from svc.db import SessionLocal
from svc.models import LineItem, Order, User


async def get_user(session: AsyncSession, user_id: int) -> User | None:
    return await session.get(User, user_id)


async def get_user_with_orders(session: AsyncSession, user_id: int) -> User | None:
    return await session.get(User, user_id, options=[selectinload(User.orders)])


async def list_users(session: AsyncSession) -> Sequence[User]:
    result = await session.scalars(select(User).order_by(User.id))
    return result.all()


async def list_users_with_orders(session: AsyncSession) -> Sequence[User]:
    stmt = select(User).options(selectinload(User.orders)).order_by(User.id)
    return (await session.scalars(stmt)).all()


async def list_users_with_line_authors(session: AsyncSession) -> Sequence[User]:
    stmt = (
        select(User)
        .options(selectinload(User.orders).selectinload(Order.lines).joinedload(LineItem.created_by))
        .order_by(User.id)
    )
    return (await session.scalars(stmt)).all()


async def find_by_email(session: AsyncSession, email: str) -> User | None:
    stmt = select(User).where(User.email == email)
    return (await session.execute(stmt)).scalar_one_or_none()


async def create_user(session: AsyncSession, email: str, name: str) -> User:
    user = User(email=email, name=name)
    session.add(user)
    await session.commit()
    await session.refresh(user)  # reloads the columns the commit expired
    return user


async def load_user_detached(user_id: int) -> User | None:
    """Loads a user in a session of its own: what it returns outlives that session."""
    async with SessionLocal() as session:
        return await session.get(User, user_id)
