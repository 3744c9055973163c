from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)


async def load_customer(session: AsyncSession, customer_id: int) -> Customer:
    async with session.begin_nested():
        return (await session.scalars(select(Customer).where(Customer.id == customer_id))).one()


async def customers(session: AsyncSession, orders) -> list[Customer]:
    found = [await load_customer(session, order.customer_id) for order in orders]  # expect: ORM402:20 "(at line 17)"
    for order in orders:
        found.append(await load_customer(session, order.customer_id))  # expect: ORM402:28 "(at line 17)"
    return found
