"""The twins: indexes and unique constraints declared after the class, on its columns."""

import sqlalchemy as sa
from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id"))


Index("ix_orders_customer_id", Order.customer_id)
ix_seller = sa.Index("ix_orders_seller_id", Order.__table__.c.seller_id, Order.id)
UniqueConstraint(Order.__table__.c["shop_id"], Order.id)
