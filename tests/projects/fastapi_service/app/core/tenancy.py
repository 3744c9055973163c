"""Sessions that know which tenant they work for."""

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .db import engine


class TenantSession(AsyncSession):
    """An AsyncSession that remembers its tenant (in ``session.info``)."""

    def use_tenant(self, tenant_id: int) -> None:
        self.info["tenant_id"] = tenant_id

    @property
    def tenant_id(self) -> int | None:
        return self.info.get("tenant_id")


tenant_sessions = async_sessionmaker(engine, class_=TenantSession, expire_on_commit=False)
