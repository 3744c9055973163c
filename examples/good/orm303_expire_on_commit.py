"""ORM303, good: the factory says ``expire_on_commit=False``; what was committed stays readable.

The service returns the customer it committed; the caller reads it without
I/O, as it was before the commit.

Observed: welcome mail to Ana Lima
"""

import asyncio
import os

from sqlalchemy import String
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///:memory:")

engine = create_async_engine(DATABASE_URL)
async_session = async_sessionmaker(engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


async def register(session: AsyncSession, name: str) -> Customer:
    customer = Customer(name=name)
    session.add(customer)
    await session.commit()
    return customer


async def main() -> None:
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.drop_all)
        await connection.run_sync(Base.metadata.create_all)
    try:
        async with async_session() as session:
            customer = await register(session, "Ana Lima")
            print(f"welcome mail to {customer.name}")
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
