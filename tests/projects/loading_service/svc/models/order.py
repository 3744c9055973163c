from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, TimestampMixin

if TYPE_CHECKING:
    from .line_item import LineItem
    from .user import User


class Order(TimestampMixin, Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default="open")
    customer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # loaded with every order: joined to the order's own query
    customer: Mapped["User"] = relationship(back_populates="orders", lazy="joined")
    # loaded with every order: one SELECT ... IN for the orders of a query
    lines: Mapped[list["LineItem"]] = relationship(
        back_populates="order", lazy="selectin", cascade="all, delete-orphan", order_by="LineItem.id"
    )
