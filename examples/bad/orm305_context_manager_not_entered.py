"""ORM305, bad: an ``@asynccontextmanager`` of sessions called and used as the session itself.

Observed: AttributeError
Observed: '_AsyncGeneratorContextManager' object has no attribute 'scalar'
"""

import asyncio
import os
from contextlib import asynccontextmanager
from typing import AsyncIterator

from sqlalchemy import String, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///:memory:")
engine = create_async_engine(DATABASE_URL)
new_session = async_sessionmaker(engine, expire_on_commit=False)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


@asynccontextmanager
async def session_scope() -> AsyncIterator[AsyncSession]:
    async with new_session() as session:
        yield session


async def count_users() -> int:
    session = session_scope()  # expect: ORM305:15 "not a session"
    return await session.scalar(select(func.count(User.id)))


async def main() -> None:
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.drop_all)
        await connection.run_sync(Base.metadata.create_all)
    try:
        async with session_scope() as session:
            session.add_all([User(name="ada"), User(name="bob")])
            await session.commit()
        print(f"users: {await count_users()}")
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
