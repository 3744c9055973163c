"""ORM102, bad: the ``Result`` of an awaited ``execute()`` is synchronous; ``.all()`` is not awaitable.

Observed: TypeError
Observed: list
"""

import asyncio
import os

from sqlalchemy import String, select
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///:memory:")


class Base(DeclarativeBase):
    pass


class Book(Base):
    __tablename__ = "books"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))


async def titles(session: AsyncSession) -> list[str]:
    result = await session.execute(select(Book.title).order_by(Book.title))
    return await result.scalars().all()  # expect: ORM102:12 "`ScalarResult.all()` is not a coroutine"


async def main() -> None:
    engine = create_async_engine(DATABASE_URL)
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.drop_all)
        await connection.run_sync(Base.metadata.create_all)
        await connection.execute(Book.__table__.insert(), [{"title": "Dune"}, {"title": "Emma"}])
    try:
        async with AsyncSession(engine) as session:
            print(f"titles: {await titles(session)}")
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
