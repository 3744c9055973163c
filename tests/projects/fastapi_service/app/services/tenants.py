"""Per-tenant maintenance, on the TenantSession subclass."""

from __future__ import annotations

from sqlalchemy import select

from app.core.tenancy import TenantSession, tenant_sessions
from app.models import User


async def tenant_user_names(tenant_id: int) -> list[str]:
    async with tenant_sessions() as session:
        session.use_tenant(tenant_id)
        result = await session.scalars(select(User.name).order_by(User.name))
        return list(result.all())


async def rename_user(session: TenantSession, user_id: int, name: str) -> None:
    user = await session.get(User, user_id)
    if user is None:
        raise LookupError(user_id)
    user.name = name
    session.commit()  # expect: ORM101:5  needs: app/core/tenancy.py


async def import_users(tenant_id: int, users: list[User]) -> None:
    async with tenant_sessions.begin() as session:
        session.use_tenant(tenant_id)
        await session.add_all(users)  # expect: ORM102:9  needs: app/core/tenancy.py
