"""Foreign keys of mapped classes that no index leads with."""

import sqlalchemy as sa
from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))  # expect: ORM601:5 "foreign key `Order.customer_id` has no index: PostgreSQL does not create one"
    seller_id: Mapped[int] = mapped_column(sa.ForeignKey("customers.id", ondelete="CASCADE"), nullable=False)  # expect: ORM601:5
    named_id: Mapped[int] = mapped_column("buyer", Integer, ForeignKey(Customer.id))  # expect: ORM601:5
    clerk_id = Column(Integer, ForeignKey("customers.id"))  # expect: ORM601:5 "add `index=True`"
    courier_id = sa.Column("courier", sa.ForeignKey("customers.id"), nullable=True)  # expect: ORM601:5
