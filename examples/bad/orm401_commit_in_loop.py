"""ORM401, bad: ``commit()`` inside the loop makes one transaction, and one COMMIT, per product.

Observed: commits: 50, products imported: 50
"""

import asyncio
import os

from sqlalchemy import String, event, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///:memory:")


class Base(DeclarativeBase):
    pass


class Product(Base):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(20), unique=True)
    price_cents: Mapped[int]


async def import_catalogue(session: AsyncSession, rows: list[tuple[str, int]]) -> None:
    for sku, price_cents in rows:
        session.add(Product(sku=sku, price_cents=price_cents))
        await session.commit()  # expect: ORM401:15 "`commit()` runs on every iteration of this loop"


async def main() -> None:
    engine = create_async_engine(DATABASE_URL)
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.drop_all)
        await connection.run_sync(Base.metadata.create_all)
    commits = []
    event.listen(engine.sync_engine, "commit", commits.append)
    rows = [(f"SKU-{n:03d}", 199 + n * 10) for n in range(50)]
    new_session = async_sessionmaker(engine)
    try:
        async with new_session() as session:
            await import_catalogue(session, rows)
        async with new_session() as session:
            imported = await session.scalar(select(func.count()).select_from(Product))
        print(f"commits: {len(commits)}, products imported: {imported}")
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
