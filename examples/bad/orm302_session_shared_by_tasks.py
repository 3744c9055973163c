"""ORM302, bad: two tasks add and commit on one ``AsyncSession`` at the same time.

The first task's commit is still flushing when the second task calls ``commit()``: SQLAlchemy
refuses the state change, the transaction is closed under the first task, and neither
payment is saved.

Observed: IllegalStateChangeError
Observed: payments saved: 0
"""

import asyncio
import os

from sqlalchemy import String, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///:memory:")


class Base(DeclarativeBase):
    pass


class Payment(Base):
    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice: Mapped[str] = mapped_column(String(20))
    amount_cents: Mapped[int]


async def record_payment(session: AsyncSession, invoice: str, amount_cents: int) -> None:
    session.add(Payment(invoice=invoice, amount_cents=amount_cents))
    await session.commit()


async def main() -> None:
    engine = create_async_engine(DATABASE_URL)
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.drop_all)
        await connection.run_sync(Base.metadata.create_all)
    new_session = async_sessionmaker(engine)
    try:
        async with new_session() as session:
            outcomes = await asyncio.gather(  # expect: ORM302:30 "`session` is used by tasks that run concurrently"
                record_payment(session, "INV-1001", 12000),
                record_payment(session, "INV-1002", 8050),
                return_exceptions=True,
            )
        for invoice, outcome in zip(["INV-1001", "INV-1002"], outcomes):
            print(f"{invoice}: {'saved' if outcome is None else type(outcome).__name__}")
        async with new_session() as session:
            print(f"payments saved: {await session.scalar(select(func.count()).select_from(Payment))}")
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
