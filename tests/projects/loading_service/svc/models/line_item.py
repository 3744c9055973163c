from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, CreatedByMixin

if TYPE_CHECKING:
    from .order import Order


class LineItem(CreatedByMixin, Base):
    __tablename__ = "line_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(40))
    quantity: Mapped[int] = mapped_column(default=1)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    # never loaded behind the caller's back: a read that was not loaded raises
    order: Mapped["Order"] = relationship(back_populates="lines", lazy="raise")
