"""ORM102, bad: ``AsyncSession.add()`` is not a coroutine; awaiting it raises TypeError.

Observed: TypeError
Observed: NoneType
"""

import asyncio
import os

from sqlalchemy import String, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///:memory:")


class Base(DeclarativeBase):
    pass


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(50))


async def add_tag(session: AsyncSession, label: str) -> None:
    await session.add(Tag(label=label))  # expect: ORM102:5 "`AsyncSession.add()` is not a coroutine"
    await session.commit()


async def main() -> None:
    engine = create_async_engine(DATABASE_URL)
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.drop_all)
        await connection.run_sync(Base.metadata.create_all)
    new_session = async_sessionmaker(engine)
    try:
        async with new_session() as session:
            await add_tag(session, "urgent")
        async with new_session() as session:
            print(f"tags saved: {await session.scalar(select(func.count()).select_from(Tag))}")
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
