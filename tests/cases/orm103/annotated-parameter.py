from sqlalchemy import Boolean, String
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    active: Mapped[bool] = mapped_column(Boolean)


async def active_users(session: AsyncSession) -> list[User]:
    return session.query(User).filter(User.active).all()  # expect: ORM103:12 "`AsyncSession` has no `query()`"


async def count(session: AsyncSession) -> int:
    query = session.query(User)  # expect: ORM103:13 "use `await session.scalars(select(...))`"
    return query.count()


def sync_helper_given_the_async_session(session: AsyncSession) -> int:
    return session.query(User).count()  # expect: ORM103:12
