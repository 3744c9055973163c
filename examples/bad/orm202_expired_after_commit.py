"""ORM202, bad: ``commit()`` expired the customer (``expire_on_commit`` defaults to True); reading it needs I/O.

Observed: MissingGreenlet
Observed: greenlet_spawn has not been called

On aiosqlite the MissingGreenlet arrives wrapped in ``sqlalchemy.exc.StatementError``;
on asyncpg it is raised as ``sqlalchemy.exc.MissingGreenlet`` itself.
"""

import asyncio
import os

from sqlalchemy import String
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///:memory:")


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(200))


async def main() -> None:
    engine = create_async_engine(DATABASE_URL)
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.drop_all)
        await connection.run_sync(Base.metadata.create_all)
    new_session = async_sessionmaker(engine)
    try:
        async with new_session() as session:
            customer = Customer(name="Ana Lima", email="ana@example.com")
            session.add(customer)
            await session.commit()
            print(f"welcome mail to {customer.name}")  # expect: ORM202:38 "`customer.name` is read after"
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
