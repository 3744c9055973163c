from sqlalchemy import ForeignKey, create_engine, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import (
    DeclarativeBase, Load, Mapped, Session, contains_eager, defaultload, immediateload, joinedload,
    lazyload, mapped_column, noload, raiseload, relationship, selectinload, subqueryload,
)

engine = create_async_engine("sqlite+aiosqlite://")
new_session = async_sessionmaker(engine)
keep_session = async_sessionmaker(engine, expire_on_commit=False)
sync_engine = create_engine("sqlite://")


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    orders: Mapped[list["Order"]] = relationship(back_populates="user")
    badges: Mapped[list["Badge"]] = relationship(lazy="raise")
    teams: Mapped[list["Team"]] = relationship(lazy="selectin")


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    user: Mapped[User] = relationship(back_populates="orders")
    items: Mapped[list["Item"]] = relationship()


class Item(Base):
    __tablename__ = "items"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    sku: Mapped[str]


class Badge(Base):
    __tablename__ = "badges"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    label: Mapped[str]


class Team(Base):
    __tablename__ = "teams"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    projects: Mapped[list["Project"]] = relationship()


class Project(Base):
    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    title: Mapped[str]


async def by_getattr(session: AsyncSession, user_id: int) -> int:
    user = await session.get(User, user_id)
    return len(getattr(user, "orders", []))  # expect: ORM201:16


async def by_getattr_without_default(session: AsyncSession, user_id: int) -> int:
    user = await session.get(User, user_id)
    return len(getattr(user, "orders"))  # expect: ORM201:16


async def loaded_then_getattr(session: AsyncSession, user_id: int) -> int:
    user = await session.get(User, user_id, options=[selectinload(User.orders)])
    return len(getattr(user, "orders", []))


async def getattr_of_a_column_or_a_name(session: AsyncSession, user_id: int, field: str) -> tuple:
    user = await session.get(User, user_id)
    return getattr(user, "name"), getattr(user, field, None)
