"""ORM101, bad: ``.scalars()`` is taken from the coroutine, not from the awaited result.

Observed: AttributeError: 'coroutine' object has no attribute 'scalars'
"""

import asyncio
import os

from sqlalchemy import String, select
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///:memory:")

engine = create_async_engine(DATABASE_URL)
session_factory = async_sessionmaker(engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


class City(Base):
    __tablename__ = "cities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


async def city_names() -> list[str]:
    async with session_factory() as session:
        cities = await session.execute(select(City).order_by(City.name)).scalars()  # expect: ORM101:24 "coroutine of"
        return [city.name for city in cities]


async def main() -> None:
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.drop_all)
        await connection.run_sync(Base.metadata.create_all)
    async with session_factory.begin() as session:
        session.add_all([City(name="Hanoi"), City(name="Lyon")])
    try:
        print(f"cities: {await city_names()}")
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
