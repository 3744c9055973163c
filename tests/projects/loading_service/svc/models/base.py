"""The declarative base and the mixins of the models."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Optional

from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

if TYPE_CHECKING:
    from .user import User


def _now() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=_now)


class CreatedByMixin:
    """Who created the row.  A relationship on a mixin must be a ``declared_attr``."""

    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))

    @declared_attr
    def created_by(cls) -> Mapped[Optional["User"]]:
        return relationship()  # lazy="select": loaded on first read
