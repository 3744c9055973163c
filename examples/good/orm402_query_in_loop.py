"""ORM402, good: the orders of all the users come in one query, grouped in Python: 2 SELECTs.

Observed: selects: 2, users: 20, total: 606.30
"""

import asyncio
import os

from sqlalchemy import ForeignKey, String, event, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///:memory:")


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    total_cents: Mapped[int]


async def spending_report(session: AsyncSession) -> dict[str, int]:
    users = (await session.scalars(select(User).order_by(User.name))).all()
    spent = {user.id: 0 for user in users}
    orders = await session.scalars(select(Order).where(Order.user_id.in_(spent)))
    for order in orders:
        spent[order.user_id] += order.total_cents
    return {user.name: spent[user.id] for user in users}


async def main() -> None:
    engine = create_async_engine(DATABASE_URL)
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.drop_all)
        await connection.run_sync(Base.metadata.create_all)
        await connection.execute(User.__table__.insert(), [{"id": n, "name": f"user{n:02d}"} for n in range(1, 21)])
        orders = [{"user_id": n, "total_cents": 500 * k + n} for n in range(1, 21) for k in range(1, 4)]
        await connection.execute(Order.__table__.insert(), orders)
    statements: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute", lambda _conn, _cur, sql, *_: statements.append(sql))
    new_session = async_sessionmaker(engine)
    try:
        async with new_session() as session:
            report = await spending_report(session)
        selects = sum(sql.lstrip().upper().startswith("SELECT") for sql in statements)
        print(f"selects: {selects}, users: {len(report)}, total: {sum(report.values()) / 100:.2f}")
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
