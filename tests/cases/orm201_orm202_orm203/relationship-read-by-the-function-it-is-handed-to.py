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


def count_orders(user: User) -> int:
    return len(user.orders)


def describe(user: User) -> str:
    return f"{user.name}: {count_orders(user)} orders"


async def count_loaded_orders(user: User) -> int:
    orders = await user.awaitable_attrs.orders
    return len(orders)


async def refreshed_count(session: AsyncSession, user: User) -> int:
    await session.refresh(user, ["orders"])
    return len(user.orders)


def badge_labels(user: User) -> list[str]:
    return [badge.label for badge in user.badges]


def name_of(user: User) -> str:
    return user.name


async def report(session: AsyncSession, user_id: int) -> list:
    user = await session.get(User, user_id)
    loaded = await session.get(User, user_id, options=[selectinload(User.orders), selectinload(User.badges)])
    return [
        count_orders(user),  # expect: ORM201:9
        describe(user),  # expect: ORM201:9 "reads `user.orders` (line 64)"
        badge_labels(user),  # expect: ORM201:9
        count_orders(loaded),
        badge_labels(loaded),
        await count_loaded_orders(user),
        await refreshed_count(session, user),
        name_of(user),
    ]
