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


from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel


class UserOut(BaseModel):
    name: str


async def rollback_then_read(user_id: int) -> str:
    async with keep_session() as session:
        user = await session.get(User, user_id)
        await session.rollback()
        return user.name  # expect: ORM202:16


async def rollback_in_handler(user_id: int, name: str) -> None:
    async with keep_session() as session:
        user = await session.get(User, user_id)
        try:
            user.name = name
            await session.commit()
        except ValueError:
            await session.rollback()
            print("could not rename", user.id)  # expect: ORM202:39
            raise


async def added_then_rolled_back(name: str) -> str:
    async with keep_session() as session:
        user = User(name=name)
        session.add(user)
        await session.rollback()
        return user.name


async def read_before_rollback(user_id: int) -> str:
    async with keep_session() as session:
        user = await session.get(User, user_id)
        name = user.name
        await session.rollback()
        return name


async def rollback_then_refresh(user_id: int) -> str:
    async with keep_session() as session:
        user = await session.get(User, user_id)
        await session.rollback()
        await session.refresh(user)
        return user.name


async def validated_after_commit(user_id: int) -> UserOut:
    async with new_session() as session:
        user = await session.get(User, user_id)
        user.name = "renamed"
        await session.commit()
        return UserOut.model_validate(user)  # expect: ORM202:16


async def encoded_after_commit(user_id: int) -> dict:
    async with new_session() as session:
        user = await session.get(User, user_id)
        await session.commit()
        return jsonable_encoder(user)  # expect: ORM202:16


async def validated_with_expire_on_commit_false(user_id: int) -> UserOut:
    async with keep_session() as session:
        user = await session.get(User, user_id)
        await session.commit()
        return UserOut.model_validate(user)


async def validated_before_commit(user_id: int) -> UserOut:
    async with new_session() as session:
        user = await session.get(User, user_id)
        out = UserOut.model_validate(user)
        await session.commit()
        return out
