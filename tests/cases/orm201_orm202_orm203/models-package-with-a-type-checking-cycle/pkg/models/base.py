from typing import TYPE_CHECKING

from sqlalchemy.orm import DeclarativeBase

if TYPE_CHECKING:
    from .user import User


class Base(DeclarativeBase):
    pass
