"""The twins: Core foreign keys indexed by the Column, the Table's Index, or an Index after it; and tables this
rule cannot read."""

import sqlalchemy as sa
from sqlalchemy import Column, ForeignKey, Index, Integer, MetaData, Table, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase

metadata = MetaData()
COMMON = [Column("created", Integer)]

order_items = Table(
    "order_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("order_id", ForeignKey("orders.id"), nullable=False, index=True),
    Column("product_id", Integer, ForeignKey("products.id")),
    Column("coupon_id", Integer, ForeignKey("coupons.id")),
    Index("ix_order_items_product", "product_id", "id"),
)
Index("ix_order_items_coupon_id", order_items.c.coupon_id)

user_groups = sa.Table(
    "user_groups",
    metadata,
    sa.Column("user_id", sa.ForeignKey("users.id"), primary_key=True),
    sa.Column("group_id", sa.ForeignKey("groups.id"), primary_key=True),
    UniqueConstraint("group_id", "user_id"),
)

with_common_columns = Table(
    "with_common_columns",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("order_id", ForeignKey("orders.id")),
    *COMMON,
)


class Base(DeclarativeBase):
    pass


class Shipment(Base):
    __table__ = Table(
        "shipments",
        Base.metadata,
        Column("id", Integer, primary_key=True),
        Column("order_id", ForeignKey("orders.id")),
    )


Index("ix_shipments_order_id", Shipment.__table__.c.order_id)
