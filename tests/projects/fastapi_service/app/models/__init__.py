"""Declarative models."""

from .base import Base
from .invoice import Invoice
from .item import Item
from .user import User

__all__ = ["Base", "Invoice", "Item", "User"]
