"""The twins: foreign keys of classes that are not mapped (a mixin, an abstract base), and calls that are not
SQLAlchemy's."""

from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mylib.schema import Column, ForeignKey as OtherForeignKey, Table


class Base(DeclarativeBase):
    pass


class OwnedMixin:
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class Audited(Base):
    __abstract__ = True

    editor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class Document(OwnedMixin, Audited):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    folder_id: Mapped[int] = mapped_column(OtherForeignKey("folders.id"))


class Plain:
    customer_id = Column("customer_id", ForeignKey("customers.id"))


other = Table("orders", None, Column("customer_id", ForeignKey("customers.id")))
