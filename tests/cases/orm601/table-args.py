"""__table_args__ whose indexes and constraints do not lead with the foreign key."""

from sqlalchemy import CheckConstraint, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (
        Index("ix_orders_created_customer", "created", "customer_id"),
        UniqueConstraint("reference", "seller_id"),
        CheckConstraint("total >= 0"),
        {"schema": "shop"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created: Mapped[int]
    reference: Mapped[str]
    total: Mapped[int]
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))  # expect: ORM601:5
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))  # expect: ORM601:5


class Invoice(Base):
    __tablename__ = "invoices"
    __table_args__ = {"schema": "billing"}

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("shop.orders.id"))  # expect: ORM601:5
