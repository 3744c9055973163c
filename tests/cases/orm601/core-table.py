"""Core tables: Column(..., ForeignKey(...)) in Table(...), also a class's __table__."""

import sqlalchemy as sa
from sqlalchemy import Column, ForeignKey, Index, Integer, MetaData, Table
from sqlalchemy.orm import DeclarativeBase

metadata = MetaData()

order_items = Table(
    "order_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("order_id", ForeignKey("orders.id"), nullable=False),  # expect: ORM601:5 "foreign key `order_items.order_id` has no index"
    Column("product_id", Integer, ForeignKey("products.id")),  # expect: ORM601:5
    Index("ix_order_items_id_product", "id", "product_id"),
)

user_groups = sa.Table(
    "user_groups",
    metadata,
    sa.Column("user_id", sa.ForeignKey("users.id"), primary_key=True),
    sa.Column("group_id", sa.ForeignKey("groups.id"), primary_key=True),  # expect: ORM601:5 "is not the first column of the primary key"
)


class Base(DeclarativeBase):
    pass


class Shipment(Base):
    __table__ = Table(
        "shipments",
        Base.metadata,
        Column("id", Integer, primary_key=True),
        Column("order_id", ForeignKey("orders.id")),  # expect: ORM601:9
    )


Index("ix_other", order_items.c.id)


def association_table(name: str) -> Table:
    return Table(
        name,
        metadata,
        Column("left_id", ForeignKey("lefts.id"), primary_key=True),
        Column("right_id", ForeignKey("rights.id"), primary_key=True),  # expect: ORM601:9 "foreign key `right_id` is not the first"
    )
