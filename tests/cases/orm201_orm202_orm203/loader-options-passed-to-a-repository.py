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


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int, options=()) -> User | None:
        return await self.session.scalar(select(User).where(User.id == user_id).options(*options))

    async def get_or_all(self, user_id: int, options=None) -> User | None:
        return await self.session.scalar(select(User).where(User.id == user_id).options(*options))

    async def get_with(self, user_id: int, *, options: list) -> User | None:
        user = await self.session.scalar(select(User).where(User.id == user_id).options(*options))
        print(user.orders)  # the caller's options: not known here
        return user

    async def get_any(self, user_id: int, options) -> User | None:
        return await self.session.scalar(select(User).where(User.id == user_id).options(*options))


async def through_options(session: AsyncSession) -> None:
    repo = UserRepository(session)
    loaded = await repo.get(1, options=[selectinload(User.orders)])
    print(len(loaded.orders))
    by_position = await repo.get(1, [selectinload(User.orders)])
    print(len(by_position.orders))
    plain = await repo.get(1)
    print(len(plain.orders))  # expect: ORM201:15
    none_given = await repo.get_or_all(1, options=None)
    print(len(none_given.orders))  # expect: ORM201:15
    nested = await repo.get_with(1, options=[selectinload(User.orders).selectinload(Order.items)])
    print([len(order.items) for order in nested.orders])
    shallow = await repo.get_with(1, options=[selectinload(User.orders)])
    print([len(order.items) for order in shallow.orders])  # expect: ORM201:16
    unknown = await repo.get_any(1, options=build_options())
    print(len(unknown.orders))


def build_options() -> list:
    return [selectinload(User.orders)]
