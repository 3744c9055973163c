"""The twins: an Index, a UniqueConstraint or a PrimaryKeyConstraint that leads with the foreign key, a mixin's
__table_args__, and __table_args__ that cannot be read."""

from sqlalchemy import ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column


def common_table_args():
    return (Index("ix_customer", "customer_id"),)


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (
        Index("ix_orders_customer_created", "customer_id", "created"),
        UniqueConstraint("seller_id", "reference"),
        {"schema": "shop"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created: Mapped[int]
    reference: Mapped[str]
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))


class ByColumnNames(Base):
    __tablename__ = "by_names"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column("customer", ForeignKey("customers.id"))
    seller_id: Mapped[int] = mapped_column(ForeignKey("sellers.id"))
    __table_args__ = (Index(None, "customer"), Index("ix_seller", seller_id))


class Computed(Base):
    __tablename__ = "computed"
    __table_args__ = common_table_args()

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))


class Declared(Base):
    __tablename__ = "declared"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))

    @declared_attr.directive
    def __table_args__(cls):
        return (Index(f"ix_{cls.__tablename__}_customer", "customer_id"),)


class CustomerIndexed:
    __table_args__ = (Index(None, "customer_id"),)


class Inherited(CustomerIndexed, Base):
    __tablename__ = "inherited"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
