"""ORM103, bad: ``AsyncSession`` has no ``query()``; the legacy Query API is the sync Session's.

Observed: AttributeError
Observed: 'AsyncSession' object has no attribute 'query'
"""

import asyncio
import os

from sqlalchemy import Boolean, String
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite+aiosqlite:///:memory:")


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    active: Mapped[bool] = mapped_column(Boolean)


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def active(self) -> list[User]:
        return self.session.query(User).filter(User.active).all()  # expect: ORM103:16 "has no `query()`"


async def main() -> None:
    engine = create_async_engine(DATABASE_URL)
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.drop_all)
        await connection.run_sync(Base.metadata.create_all)
    new_session = async_sessionmaker(engine, expire_on_commit=False)
    try:
        async with new_session() as session:
            session.add_all([User(name="ada", active=True), User(name="bob", active=False)])
            await session.commit()
            users = await UserRepository(session).active()
            print(f"active users: {[user.name for user in users]}")
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
