"""ORM202, good: the factory sets ``expire_on_commit=False``, so the customer stays readable after ``commit()``.

Observed: welcome mail to Ana Lima
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
    new_session = async_sessionmaker(engine, expire_on_commit=False)
    try:
        async with new_session() as session:
            customer = Customer(name="Ana Lima", email="ana@example.com")
            session.add(customer)
            await session.commit()
            print(f"welcome mail to {customer.name}")
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
