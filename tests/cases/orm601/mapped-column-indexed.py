"""The twins: the same foreign keys with an index of their own, and columns that are no foreign key."""

import sqlalchemy as sa
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

INDEXED = True


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    seller_id: Mapped[int] = mapped_column(sa.ForeignKey("customers.id", ondelete="CASCADE"), unique=True)
    named_id: Mapped[int] = mapped_column("buyer", Integer, ForeignKey(Customer.id), index=INDEXED)
    clerk_id = Column(Integer, ForeignKey("customers.id"), index=True)
    courier_id = sa.Column("courier", sa.ForeignKey("customers.id"), unique=True, nullable=True)
    total: Mapped[int] = mapped_column(Integer)
    reference = Column(Integer, index=False)
