"""ORM601, bad: ``orders.customer_id`` references ``customers`` but has no index.

Deleting a customer makes the database look for its orders (to refuse the delete, or cascade it); loading a
customer's orders runs the same lookup.  Without an index on the foreign key, the plan of that lookup reads
the whole ``orders`` table, once per deleted customer (PostgreSQL: a ``Seq Scan``; SQLite: ``SCAN``).

Observed: the orders of one customer: every row of orders is read (no index)
"""

import asyncio
import os

from sqlalchemy import ForeignKey, String, insert, text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///:memory:")
CUSTOMERS, ORDERS_EACH = 1000, 20


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))  # expect: ORM601:5 "has no index"
    total_cents: Mapped[int]


async def plan_of_the_lookup(connection: AsyncConnection) -> list[str]:
    """The plan of what the database runs for each deleted customer (and what loading its orders runs)."""
    if connection.dialect.name == "postgresql":
        await connection.execute(text("ANALYZE orders"))
        query = "EXPLAIN SELECT 1 FROM ONLY orders x WHERE customer_id = 1 FOR KEY SHARE OF x"
        return list((await connection.execute(text(query))).scalars())
    await connection.execute(text("ANALYZE"))
    rows = await connection.execute(text("EXPLAIN QUERY PLAN SELECT 1 FROM orders WHERE customer_id = 1"))
    return [row[-1] for row in rows]


def verdict(plan: list[str]) -> str:
    used = [line for line in plan if "ix_orders_customer_id" in line]
    if used:
        return "the index ix_orders_customer_id is used"
    if any("Seq Scan on orders" in line or line.startswith("SCAN") for line in plan):
        return "every row of orders is read (no index)"
    return "plan not recognised"


async def main() -> None:
    engine = create_async_engine(DATABASE_URL)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(Base.metadata.drop_all)
            await connection.run_sync(Base.metadata.create_all)
            await connection.execute(insert(Customer), [{"id": n, "name": f"c{n}"} for n in range(1, CUSTOMERS + 1)])
            await connection.execute(insert(Order), [
                {"customer_id": n % CUSTOMERS + 1, "total_cents": n} for n in range(CUSTOMERS * ORDERS_EACH)
            ])
            plan = await plan_of_the_lookup(connection)
        print(f"{CUSTOMERS * ORDERS_EACH} orders of {CUSTOMERS} customers; the plan ({engine.dialect.name}):")
        for line in plan:
            print(f"    {line}")
        print(f"the orders of one customer: {verdict(plan)}")
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
