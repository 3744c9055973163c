from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, TimestampMixin

if TYPE_CHECKING:
    from .order import Order


class User(TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    referred_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"), index=True)
    # lazy="select" (the default): loaded on first read, which an AsyncSession cannot do
    orders: Mapped[list["Order"]] = relationship(back_populates="customer", order_by="Order.id")
    # lazy="select" too: the user who referred this one
    referrer: Mapped[Optional["User"]] = relationship(remote_side=[id])
