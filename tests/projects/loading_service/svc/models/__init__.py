from .base import Base, CreatedByMixin, TimestampMixin
from .line_item import LineItem
from .order import Order
from .user import User

__all__ = ["Base", "CreatedByMixin", "LineItem", "Order", "TimestampMixin", "User"]
