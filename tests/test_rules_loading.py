"""ORM201 (relationship not loaded), ORM202 (read after commit expired it) and
ORM203 (read after the session closed), table-driven.

Every snippet marks the findings it expects with a trailing comment naming the
code and column of each (``# expect: ORM201:12``: see ``markers.py``).  :func:`check`
compares, strictly, the multiset of ``(line, column, code)`` of those markers with what
:func:`async_orm_lint.engine.check_source` reports for ORM201, ORM202 and
ORM203: a missing finding, an extra one (ORM000 included) or a duplicate fails
the test.  A snippet without any marker expects no finding at all.

Most snippets are appended to :data:`MODELS` (a declarative base, mapped
classes with relationships of several loader strategies, an async engine and
two factories), so that the evidence is there and a silent negative is the
rules' doing, not a missing model.  Most negatives also carry a *control*: the
same snippet with the loading form taken out (or the evidence put back), which
must be flagged.  Every positive is a read that fails at run time
(``MissingGreenlet``, ``DetachedInstanceError``, or the ``InvalidRequestError``
of ``lazy="raise"``); the reads of every negative need no I/O.  The doubtful
ones were run against SQLite (aiosqlite) to settle them.

The last section writes small projects under ``tmp_path`` for evidence that
crosses modules (a model imported by the checked module, a models package).

Cases that the engine gets wrong today are kept, marked
``xfail(strict=True)`` with the reason (``bug``: a false positive or a miss
within the documented scope; ``gap``: a run-time failure the rules do not
document yet): they define the target.
"""

from __future__ import annotations

import textwrap
import pytest

from async_orm_lint.engine import check_source
from markers import check_marked

# ---------------------------------------------------------------------------
# the helper (markers.py), with the codes under test selected
# ---------------------------------------------------------------------------

SELECT = ("ORM201", "ORM202", "ORM203")


def check(source: str, preamble: str = "") -> None:
    """Lint ``preamble`` + dedented ``source`` with ORM201-203, compare strictly with its markers."""
    check_marked(preamble + textwrap.dedent(source), SELECT)


def bug(reason: str):
    """A case the engine gets wrong today (a false positive or a documented miss)."""
    return pytest.mark.xfail(strict=True, reason=f"engine bug: {reason}")


def gap(reason: str):
    """A real run-time failure outside what the rules document today."""
    return pytest.mark.xfail(strict=True, reason=f"not in the documented scope yet: {reason}")


#: The models every snippet of the tables below is appended to.
MODELS = '''\
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


'''

#: SQLModel's flavour: ``Relationship()`` and ``AsyncSession.exec``.
SQLMODEL = '''\
from typing import Optional

from sqlmodel import Field, Relationship, SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession


class Team(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    heroes: list["Hero"] = Relationship(back_populates="team")
    sponsors: list["Sponsor"] = Relationship(sa_relationship_kwargs={"lazy": "selectin"})


class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    team_id: Optional[int] = Field(default=None, foreign_key="team.id")
    team: Optional[Team] = Relationship(back_populates="heroes")


class Sponsor(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    team_id: Optional[int] = Field(default=None, foreign_key="team.id")


'''


def test_check_is_strict() -> None:
    """The helper fails on a missing, an extra and a wrongly coded finding."""
    source = """\
        async def f(session: AsyncSession) -> None:
            user = await session.get(User, 1)
            print(user.orders){marker}
    """
    check(source.format(marker="  # expect: ORM201:11"), MODELS)
    for marker in ("", "  # expect: ORM203:11", "  # expect: ORM201:11, ORM201:11", "  # expect: ORM201:5"):
        with pytest.raises(pytest.fail.Exception):
            check(source.format(marker=marker), MODELS)


def test_models_alone_are_silent() -> None:
    check("", MODELS)
    check("", SQLMODEL)


# ---------------------------------------------------------------------------
# ORM201: a relationship read that needs a lazy load on an AsyncSession
# ---------------------------------------------------------------------------

ORM201_POSITIVES = [
    pytest.param(
        """\
        async def show(session: AsyncSession, user_id: int) -> list[int]:
            user = await session.get(User, user_id)
            return [order.id for order in user.orders]  # expect: ORM201:35
        """,
        id="get-then-relationship",
    ),
    pytest.param(
        """\
        async def show(session: AsyncSession, user_id: int) -> int:
            user = await session.get_one(User, user_id)
            return len(user.orders)  # expect: ORM201:16
        """,
        id="get-one-then-relationship",
    ),
    pytest.param(
        """\
        async def show(session: AsyncSession, order_id: int) -> str:
            order = await session.get(Order, order_id)
            return order.user.name  # expect: ORM201:12
        """,
        id="get-then-many-to-one",
    ),
    pytest.param(
        """\
        async def report(session: AsyncSession) -> None:
            users = (await session.scalars(select(User))).all()
            for user in users:
                print(user.name, len(user.orders))  # expect: ORM201:30
        """,
        id="n-plus-one-loop-over-scalars-all",
    ),
    pytest.param(
        """\
        async def report(session: AsyncSession) -> dict[str, int]:
            users = (await session.scalars(select(User).where(User.name != "").order_by(User.id))).all()
            return {user.name: len(user.orders) for user in users}  # expect: ORM201:28
        """,
        id="n-plus-one-comprehension-with-where-order-by",
    ),
    pytest.param(
        """\
        async def report(session: AsyncSession) -> None:
            for user in await session.scalars(select(User)):
                print(user.orders)  # expect: ORM201:15
        """,
        id="loop-directly-over-awaited-scalars",
    ),
    pytest.param(
        """\
        async def report(session: AsyncSession) -> None:
            result = await session.execute(select(User))
            for user in result.scalars():
                print(user.orders)  # expect: ORM201:15
        """,
        id="loop-over-result-scalars",
    ),
    pytest.param(
        """\
        async def report(session: AsyncSession) -> None:
            async for user in await session.stream_scalars(select(User)):
                print(user.orders)  # expect: ORM201:15
        """,
        id="async-for-over-stream-scalars",
    ),
    pytest.param(
        """\
        async def one(session: AsyncSession, user_id: int) -> int:
            user = (await session.execute(select(User).where(User.id == user_id))).scalar_one()
            return len(user.orders)  # expect: ORM201:16
        """,
        id="execute-scalar-one",
    ),
    pytest.param(
        """\
        async def one(session: AsyncSession) -> int:
            user = (await session.scalars(select(User))).first()
            return len(user.orders)  # expect: ORM201:16
        """,
        id="scalars-first",
    ),
    pytest.param(
        """\
        async def one(session: AsyncSession, user_id: int) -> int:
            user = (await session.scalars(select(User).filter_by(id=user_id))).one_or_none()
            if user is None:
                return 0
            return len(user.orders)  # expect: ORM201:16
        """,
        id="scalars-one-or-none",
    ),
    pytest.param(
        """\
        async def one(session: AsyncSession) -> int:
            user = await session.scalar(select(User).limit(1))
            return len(user.orders)  # expect: ORM201:16
        """,
        id="session-scalar",
    ),
    pytest.param(
        """\
        async def every(session: AsyncSession) -> list[int]:
            users = (await session.execute(select(User))).scalars().all()
            return [len(user.orders) for user in users]  # expect: ORM201:17
        """,
        id="execute-scalars-all",
    ),
    pytest.param(
        """\
        async def every(session: AsyncSession) -> list[int]:
            result = await session.execute(select(User))
            users = result.scalars().all()
            return [len(user.orders) for user in users]  # expect: ORM201:17
        """,
        id="execute-result-then-scalars-all",
    ),
    pytest.param(
        """\
        async def badges(session: AsyncSession, user_id: int) -> list[str]:
            user = await session.get(User, user_id)
            return [badge.label for badge in user.badges]  # expect: ORM201:38
        """,
        id="lazy-raise-not-loaded",
    ),
    pytest.param(
        """\
        async def show(session: AsyncSession, user_id: int) -> int:
            user = await session.get(User, user_id, options=[lazyload(User.orders)])
            return len(user.orders)  # expect: ORM201:16
        """,
        id="lazyload-option-loads-nothing",
    ),
    pytest.param(
        """\
        async def show(session: AsyncSession, user_id: int) -> int:
            user = await session.get(User, user_id, options=[raiseload("*")])
            return len(user.orders)  # expect: ORM201:16
        """,
        id="raiseload-wildcard-loads-nothing",
    ),
    pytest.param(
        """\
        async def show(session: AsyncSession, user_id: int) -> int:
            user = await session.get(User, user_id, options=[defaultload(User.orders)])
            return len(user.orders)  # expect: ORM201:16
        """,
        id="defaultload-alone-loads-nothing",
    ),
    pytest.param(
        """\
        async def show(session: AsyncSession, user_id: int) -> int:
            user = await session.get(User, user_id, options=[selectinload(User.teams)])
            return len(user.orders)  # expect: ORM201:16
        """,
        id="options-load-another-relationship",
    ),
    pytest.param(
        """\
        async def skus(session: AsyncSession) -> list[str]:
            stmt = select(User).options(selectinload(User.orders))
            users = (await session.scalars(stmt)).all()
            found = []
            for user in users:
                for order in user.orders:
                    found.extend(item.sku for item in order.items)  # expect: ORM201:47
            return found
        """,
        id="chained-path-second-level-not-loaded",
    ),
    pytest.param(
        """\
        async def titles(session: AsyncSession, user_id: int) -> list[str]:
            user = await session.get(User, user_id)
            return [p.title for team in user.teams for p in team.projects]  # expect: ORM201:53
        """,
        id="selectin-relationship-then-lazy-second-level",
    ),
    pytest.param(
        """\
        async def get_user(db: AsyncSession, user_id: int) -> User | None:
            return await db.get(User, user_id)


        async def handler(db: AsyncSession) -> int:
            user = await get_user(db, 1)
            return len(user.orders)  # expect: ORM201:16
        """,
        id="project-function-annotated",
    ),
    pytest.param(
        """\
        async def get_user(db: AsyncSession, user_id: int):
            return await db.get(User, user_id)


        async def handler(db: AsyncSession) -> int:
            user = await get_user(db, 1)
            return len(user.orders)  # expect: ORM201:16
        """,
        id="project-function-unannotated",
    ),
    pytest.param(
        """\
        async def list_users(db: AsyncSession):
            return (await db.scalars(select(User))).all()


        async def handler(db: AsyncSession) -> list[int]:
            return [len(user.orders) for user in await list_users(db)]  # expect: ORM201:17
        """,
        id="project-function-returning-rows",
    ),
    pytest.param(
        """\
        async def first_order(session: AsyncSession, order_id: int) -> int:
            order = await session.get(Order, order_id, options=[joinedload(Order.user)])
            user = order.user
            return len(user.orders)  # expect: ORM201:16
        """,
        id="many-to-one-loaded-then-its-collection",
    ),
    pytest.param(
        """\
        async def first_order(session: AsyncSession, order_id: int) -> int:
            order = await session.get(Order, order_id, options=[joinedload(Order.user)])
            return len(order.user.orders)  # expect: ORM201:16
        """,
        id="chained-attribute-read",
    ),
    pytest.param(
        """\
        async def f(session: AsyncSession) -> list[str]:
            users = (await session.scalars(select(User).options(selectinload(User.orders)))).all()
            return [item.sku for user in users for order in user.orders for item in order.items]  # expect: ORM201:77
        """,
        id="nested-comprehension-second-level",
    ),
    pytest.param(
        """\
        async def f(session: AsyncSession) -> list[int]:
            users = (await session.scalars(select(User).options(selectinload(User.orders, Order.items)))).all()
            return [len(user.orders) for user in users]  # expect: ORM201:17
        """,
        id="loader-option-with-an-attribute-path",
    ),
    pytest.param(
        """\
        async def f(session: AsyncSession, user_id: int) -> None:
            user = await session.get(User, user_id)
            user.orders += [Order()]  # expect: ORM201:5
        """,
        id="augmented-assignment-reads",
    ),
    pytest.param(
        """\
        async def f(session: AsyncSession, user_id: int) -> None:
            user = await session.get(User, user_id)
            user.orders.append(Order())  # expect: ORM201:5
        """,
        id="append-to-a-collection-reads-it",
    ),
    pytest.param(
        """\
        async def f(session: AsyncSession, user_id: int) -> None:
            user = await session.get(User, user_id)
            user.orders = [Order()]  # expect: ORM201:5
        """,
        id="replacing-an-unloaded-collection",
        marks=gap("assigning a collection on a persistent instance loads the old collection first "
                  "(MissingGreenlet at the assignment, checked with aiosqlite); ORM201 documents reads only"),
    ),
    pytest.param(
        """\
        async def f(session: AsyncSession) -> int:
            user = User(name="new")
            session.add(user)
            await session.flush()
            return len(user.orders)  # expect: ORM201:16
        """,
        id="new-object-flushed-then-unset-relationship",
        marks=gap("once flushed, a new object is persistent and a relationship it was not given is "
                  "lazy-loaded on read (MissingGreenlet; `lazy=\"raise\"` raises; checked with aiosqlite), but a "
                  "constructor call is taken as loading everything (`ALL_LOADED`) for ever"),
    ),
]


@pytest.mark.parametrize("source", ORM201_POSITIVES)
def test_orm201_positive(source: str) -> None:
    check(source, MODELS)


SQLMODEL_CASES = [
    pytest.param(
        """\
        async def roster(session: AsyncSession) -> list[str]:
            teams = (await session.exec(select(Team))).all()
            return [hero.name for team in teams for hero in team.heroes]  # expect: ORM201:53
        """,
        id="exec-select-then-relationship",
    ),
    pytest.param(
        """\
        async def hero_team(session: AsyncSession, hero_id: int) -> str:
            hero = (await session.exec(select(Hero).where(Hero.id == hero_id))).one()
            return hero.team.name  # expect: ORM201:12
        """,
        id="exec-one-then-many-to-one",
    ),
    pytest.param(
        """\
        async def sponsors(session: AsyncSession) -> int:
            teams = (await session.exec(select(Team))).all()
            return sum(len(team.sponsors) for team in teams)
        """,
        id="sa-relationship-kwargs-lazy-selectin",
    ),
    pytest.param(
        """\
        from sqlalchemy.orm import selectinload


        async def roster(session: AsyncSession) -> list[str]:
            teams = (await session.exec(select(Team).options(selectinload(Team.heroes)))).all()
            return [hero.name for team in teams for hero in team.heroes]
        """,
        id="exec-with-selectinload",
    ),
    pytest.param(
        """\
        async def hero_name(session: AsyncSession, hero_id: int) -> str:
            hero = await session.get(Hero, hero_id)
            return hero.name
        """,
        id="column-read",
    ),
]


@pytest.mark.parametrize("source", SQLMODEL_CASES)
def test_sqlmodel(source: str) -> None:
    check(source, SQLMODEL)


# Relationships that come from somewhere else than the class body itself.

INHERITED = [
    pytest.param(
        """\
        from sqlalchemy import ForeignKey
        from sqlalchemy.ext.asyncio import AsyncSession
        from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship


        class Base(DeclarativeBase):
            pass


        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(primary_key=True)


        class OwnedMixin:
            owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

            @declared_attr
            def owner(cls) -> Mapped["User"]:
                return relationship()


        class Note(OwnedMixin, Base):
            __tablename__ = "notes"
            id: Mapped[int] = mapped_column(primary_key=True)


        async def owner_of(session: AsyncSession, note_id: int) -> int:
            note = await session.get(Note, note_id)
            return note.owner.id  # expect: ORM201:12
        """,
        id="declared-attr-on-a-mixin",
    ),
    pytest.param(
        """\
        from sqlalchemy import ForeignKey
        from sqlalchemy.ext.asyncio import AsyncSession
        from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship


        class Base(DeclarativeBase):
            pass


        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(primary_key=True)


        class Authored(Base):
            __abstract__ = True
            author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

            @declared_attr
            def author(cls) -> Mapped["User"]:
                return relationship()


        class Post(Authored):
            __tablename__ = "posts"
            id: Mapped[int] = mapped_column(primary_key=True)


        async def author_of(session: AsyncSession, post_id: int) -> int:
            post = await session.get(Post, post_id)
            return post.author.id  # expect: ORM201:12
        """,
        id="declared-attr-on-an-abstract-base",
    ),
    pytest.param(
        """\
        from sqlalchemy import ForeignKey
        from sqlalchemy.ext.asyncio import AsyncSession
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


        class Base(DeclarativeBase):
            pass


        class Company(Base):
            __tablename__ = "companies"
            id: Mapped[int] = mapped_column(primary_key=True)
            name: Mapped[str]


        class Employee(Base):
            __tablename__ = "employees"
            id: Mapped[int] = mapped_column(primary_key=True)
            kind: Mapped[str]
            company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
            company: Mapped[Company] = relationship()
            __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": "employee"}


        class Manager(Employee):
            __mapper_args__ = {"polymorphic_identity": "manager"}


        async def company_of(session: AsyncSession, manager_id: int) -> str:
            manager = await session.get(Manager, manager_id)
            return manager.company.name  # expect: ORM201:12
        """,
        id="relationship-of-a-mapped-base-class",
    ),
    pytest.param(
        """\
        from sqlalchemy import ForeignKey
        from sqlalchemy.ext.asyncio import AsyncSession
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


        class Base(DeclarativeBase):
            pass


        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(primary_key=True)


        class Order(Base):
            __tablename__ = "orders"
            id: Mapped[int] = mapped_column(primary_key=True)
            user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
            user: Mapped[User] = relationship(backref="orders")


        async def count(session: AsyncSession, user_id: int) -> int:
            user = await session.get(User, user_id)
            return len(user.orders)  # expect: ORM201:16
        """,
        id="reverse-side-of-backref",
    ),
    pytest.param(
        """\
        from sqlalchemy import ForeignKey
        from sqlalchemy.ext.asyncio import AsyncSession
        from sqlalchemy.orm import DeclarativeBase, Mapped, backref, mapped_column, relationship


        class Base(DeclarativeBase):
            pass


        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(primary_key=True)


        class Order(Base):
            __tablename__ = "orders"
            id: Mapped[int] = mapped_column(primary_key=True)
            user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
            user: Mapped[User] = relationship(backref=backref("orders", lazy="selectin"))


        async def count(session: AsyncSession, user_id: int) -> int:
            user = await session.get(User, user_id)
            return len(user.orders)
        """,
        id="reverse-side-of-backref-selectin-is-silent",
    ),
]


@pytest.mark.parametrize("source", INHERITED)
def test_inherited_and_reverse_relationships(source: str) -> None:
    check(source)


# ---------------------------------------------------------------------------
# ORM201 negatives: every way of loading the relationship is followed
# ---------------------------------------------------------------------------

def silent(source: str, control: tuple[str, str] | None = None, *, id: str, marks=()):  # noqa: A002
    """A negative: ``source`` has no finding; with ``control`` (``old``, ``new``) applied, it has one.

    The control proves that the snippet carries the evidence (a known session,
    a mapped model), so that its silence is the loading form's doing.
    """
    if control is not None:
        assert control[0] in textwrap.dedent(source), (id, control[0])
    return pytest.param(source, control, id=id, marks=marks)


LOADED = [
    silent(
        """\
        async def f(session: AsyncSession) -> list[int]:
            users = (await session.scalars(select(User).options(selectinload(User.orders)))).all()
            return [len(user.orders) for user in users]
        """,
        ("selectinload(User.orders)", "selectinload(User.teams)"),
        id="selectinload",
    ),
    silent(
        """\
        async def f(session: AsyncSession) -> list[int]:
            users = (await session.scalars(select(User).options(joinedload(User.orders)))).unique().all()
            return [len(user.orders) for user in users]
        """,
        ("joinedload(User.orders)", "joinedload(User.teams)"),
        id="joinedload-unique",
    ),
    silent(
        """\
        async def f(session: AsyncSession) -> list[int]:
            result = await session.execute(select(User).options(joinedload(User.orders)))
            return [len(user.orders) for user in result.unique().scalars().all()]
        """,
        ("joinedload(User.orders)", "joinedload(User.teams)"),
        id="joinedload-execute-unique-scalars",
    ),
    silent(
        """\
        async def f(session: AsyncSession) -> list[int]:
            users = (await session.scalars(select(User).options(subqueryload(User.orders)))).all()
            return [len(user.orders) for user in users]
        """,
        ("subqueryload(User.orders)", "subqueryload(User.teams)"),
        id="subqueryload",
    ),
    silent(
        """\
        async def f(session: AsyncSession) -> list[int]:
            users = (await session.scalars(select(User).options(immediateload(User.orders)))).all()
            return [len(user.orders) for user in users]
        """,
        ("immediateload(User.orders)", "immediateload(User.teams)"),
        id="immediateload",
    ),
    silent(
        """\
        async def f(session: AsyncSession) -> list[int]:
            stmt = select(User).join(User.orders).where(Order.id > 10).options(contains_eager(User.orders))
            users = (await session.scalars(stmt)).unique().all()
            return [len(user.orders) for user in users]
        """,
        (".options(contains_eager(User.orders))", ""),
        id="contains-eager",
    ),
    silent(
        """\
        async def f(session: AsyncSession) -> list[int]:
            users = (await session.scalars(select(User).options(noload(User.orders)))).all()
            return [len(user.orders) for user in users]
        """,
        ("noload(User.orders)", "noload(User.teams)"),
        id="noload",
    ),
    silent(
        """\
        async def f(session: AsyncSession) -> list[int]:
            users = (await session.scalars(select(User).options(selectinload("*")))).all()
            return [len(user.orders) + len(user.badges) for user in users]
        """,
        ('selectinload("*")', "selectinload(User.teams)"),
        id="selectinload-wildcard",
    ),
    silent(
        """\
        async def f(session: AsyncSession) -> list[int]:
            users = (await session.scalars(select(User).options(Load(User).selectinload("*")))).all()
            return [len(user.orders) for user in users]
        """,
        ('Load(User).selectinload("*")', "selectinload(User.teams)"),
        id="load-object-wildcard",
    ),
    silent(
        """\
        from myapp.loading import default_options


        async def f(session: AsyncSession) -> list[int]:
            users = (await session.scalars(select(User).options(*default_options()))).all()
            return [len(user.orders) for user in users]
        """,
        ("*default_options()", "selectinload(User.teams)"),
        id="options-we-cannot-read",
    ),
    silent(
        """\
        async def f(session: AsyncSession, opts) -> list[int]:
            users = (await session.scalars(select(User).options(*opts))).all()
            return [len(user.orders) for user in users]
        """,
        ("*opts", "selectinload(User.teams)"),
        id="options-from-a-parameter",
    ),
    silent(
        """\
        async def f(session: AsyncSession, user_id: int, option) -> int:
            user = await session.get(User, user_id, options=[option])
            return len(user.orders)
        """,
        ("options=[option]", "options=[]"),
        id="get-option-from-a-parameter",
    ),
    silent(
        """\
        async def f(session: AsyncSession) -> list[str]:
            stmt = select(User).options(selectinload(User.orders).selectinload(Order.items))
            users = (await session.scalars(stmt)).all()
            found = []
            for user in users:
                for order in user.orders:
                    found.extend(item.sku for item in order.items)
            return found
        """,
        (".selectinload(Order.items)", ""),
        id="chained-selectinload",
    ),
    silent(
        """\
        async def f(session: AsyncSession) -> list[str]:
            stmt = select(User).options(joinedload(User.orders).subqueryload(Order.items))
            users = (await session.scalars(stmt)).unique().all()
            found = []
            for user in users:
                for order in user.orders:
                    found.extend(item.sku for item in order.items)
            return found
        """,
        (".subqueryload(Order.items)", ""),
        id="chained-joinedload-subqueryload",
    ),
    silent(
        """\
        async def f(session: AsyncSession, user_id: int) -> list[str]:
            user = await session.get(User, user_id, options=[selectinload(User.orders).joinedload(Order.items)])
            orders = user.orders
            return [item.sku for order in orders for item in order.items]
        """,
        (".joinedload(Order.items)", ""),
        id="chained-get-options-via-local",
    ),
    silent(
        """\
        async def f(session: AsyncSession) -> list[str]:
            stmt = select(User).options(
                selectinload(User.orders), defaultload(User.orders).selectinload(Order.items)
            )
            users = (await session.scalars(stmt)).all()
            found = []
            for user in users:
                for order in user.orders:
                    found.extend(item.sku for item in order.items)
            return found
        """,
        (", defaultload(User.orders).selectinload(Order.items)", ""),
        id="defaultload-then-selectinload-next-to-selectinload",
    ),
    silent(
        """\
        async def f(session: AsyncSession) -> list[str]:
            stmt = select(User).options(defaultload(User.teams).selectinload(Team.projects))
            users = (await session.scalars(stmt)).all()
            found = []
            for user in users:
                for team in user.teams:
                    found.extend(p.title for p in team.projects)
            return found
        """,
        id="defaultload-then-selectinload-on-lazy-selectin",
    ),
    silent(
        """\
        async def f(session: AsyncSession, user_id: int) -> int:
            user = await session.get(User, user_id, options=[selectinload(User.orders)])
            return len(user.orders)
        """,
        ("options=[selectinload(User.orders)]", "options=[]"),
        id="get-with-options",
    ),
    silent(
        """\
        async def f(session: AsyncSession, user_id: int) -> int:
            user = await session.get_one(User, user_id, options=(selectinload(User.orders), selectinload(User.badges)))
            return len(user.orders) + len(user.badges)
        """,
        ("selectinload(User.badges)", "selectinload(User.teams)"),
        id="get-one-with-options-tuple-and-lazy-raise-loaded",
    ),
    silent(
        """\
        async def f(session: AsyncSession) -> list[int]:
            opts = [selectinload(User.orders)]
            users = (await session.scalars(select(User).options(*opts))).all()
            return [len(user.orders) for user in users]
        """,
        ("opts = [selectinload(User.orders)]", "opts = [selectinload(User.teams)]"),
        id="options-in-a-local-list",
    ),
    silent(
        """\
        async def f(session: AsyncSession, user_id: int) -> int:
            opts = [selectinload(User.orders)]
            user = await session.get(User, user_id, options=opts)
            return len(user.orders)
        """,
        ("opts = [selectinload(User.orders)]", "opts = [selectinload(User.teams)]"),
        id="get-options-in-a-local-list",
    ),
    silent(
        """\
        async def f(session: AsyncSession) -> list[int]:
            stmt = select(User)
            stmt = stmt.options(selectinload(User.orders))
            users = (await session.scalars(stmt)).all()
            return [len(user.orders) for user in users]
        """,
        id="statement-reassigned-with-options",
    ),
    silent(
        """\
        async def f(session: AsyncSession, only_active: bool) -> list[int]:
            stmt = select(User).options(selectinload(User.orders))
            if only_active:
                stmt = stmt.where(User.name != "")
            users = (await session.scalars(stmt)).all()
            return [len(user.orders) for user in users]
        """,
        id="statement-reassigned-conditionally",
    ),
    silent(
        """\
        async def f(session: AsyncSession, user_id: int) -> int:
            user = await session.get(User, user_id)
            await session.refresh(user, ["orders"])
            return len(user.orders)
        """,
        ('["orders"]', '["teams"]'),
        id="refresh-with-names",
    ),
    silent(
        """\
        async def f(session: AsyncSession, user_id: int) -> int:
            user = await session.get(User, user_id)
            await session.refresh(user, attribute_names=["orders", "badges"])
            return len(user.orders) + len(user.badges)
        """,
        ('["orders", "badges"]', '["badges"]'),
        id="refresh-with-attribute-names",
    ),
    silent(
        """\
        async def f(session: AsyncSession, user_id: int) -> int:
            user = await session.get(User, user_id)
            orders = await user.awaitable_attrs.orders
            return len(orders) + len(user.orders)
        """,
        ("user.awaitable_attrs.orders", "user.awaitable_attrs.teams"),
        id="awaitable-attrs",
    ),
    silent(
        """\
        def count_orders(sync_session: Session, user_id: int) -> int:
            user = sync_session.get(User, user_id)
            return len(user.orders)


        async def f(session: AsyncSession, user_id: int) -> int:
            return await session.run_sync(count_orders, user_id)
        """,
        ("def count_orders(sync_session: Session, user_id: int) -> int:\n    user = sync_session.get",
         "async def count_orders(sync_session: AsyncSession, user_id: int) -> int:\n    user = await sync_session.get"),
        id="run-sync-function",
    ),
    silent(
        """\
        async def f(session: AsyncSession, user_id: int) -> int:
            def count_orders(sync_session):
                user = sync_session.get(User, user_id)
                return len(user.orders)

            return await session.run_sync(count_orders)
        """,
        id="run-sync-nested-function-unannotated",
    ),
    silent(
        """\
        async def f(session: AsyncSession, order_id: int) -> None:
            order = await session.get(Order, order_id)
            order.user = User(name="new owner")
            order.user_id = 1
        """,
        ("order.user_id = 1", "order.user_id = order.user.id"),
        id="writing-a-many-to-one",
    ),
    silent(
        """\
        async def f(session: AsyncSession, user_id: int) -> None:
            user = await session.get(User, user_id, options=[selectinload(User.orders)])
            user.orders = [Order(), Order()]
            user.orders.append(Order())
        """,
        ("options=[selectinload(User.orders)]", "options=[]"),
        id="writing-a-loaded-collection",
    ),
    silent(
        """\
        async def f(session: AsyncSession) -> int:
            user = User(name="new", orders=[Order(), Order()])
            session.add(user)
            await session.flush()
            return len(user.orders)
        """,
        ('User(name="new", orders=[Order(), Order()])', "await session.get(User, 1)"),
        id="new-object-with-its-collection",
    ),
    silent(
        """\
        async def f(session: AsyncSession) -> int:
            user = User(name="new")
            session.add(user)
            return len(user.orders) + len(user.badges)
        """,
        ('User(name="new")', "await session.get(User, 1)"),
        id="pending-object-before-flush",
    ),
    silent(
        """\
        def f(user_id: int) -> int:
            with Session(sync_engine) as session:
                user = session.get(User, user_id)
                users = session.scalars(select(User)).all()
                session.commit()
                return len(user.orders) + sum(len(u.orders) for u in users) + len(user.name)
        """,
        id="sync-session",
    ),
    silent(
        """\
        async def f(session: AsyncSession, user_id: int) -> str:
            user = await session.get(User, user_id)
            return f"{user.id} {user.name}"
        """,
        ("{user.name}", "{user.orders}"),
        id="columns",
    ),
    silent(
        """\
        async def f(session: AsyncSession, user_id: int) -> int:
            user = await session.get(User, user_id)
            return len(user.teams)
        """,
        ("user.teams", "user.orders"),
        id="lazy-selectin-relationship-itself",
    ),
    silent(
        """\
        async def f(session: AsyncSession) -> list[str]:
            users = (await session.scalars(select(User).options(selectinload(User.orders)))).all()
            names = []
            for user in users:
                for order in user.orders:
                    names.append(order.user.name)
            return names
        """,
        id="many-to-one-back-to-a-loaded-parent",
    ),
    silent(
        """\
        async def f(session: AsyncSession, order_id: int) -> int:
            stmt = select(Order).options(joinedload(Order.user).selectinload(User.orders))
            order = (await session.scalars(stmt.where(Order.id == order_id))).one()
            return len(order.user.orders)
        """,
        (".selectinload(User.orders)", ""),
        id="chained-read-of-a-chained-load",
    ),
    silent(
        """\
        async def f(session: AsyncSession, order_id: int) -> int:
            order = await session.get(Order, order_id, options=[joinedload(Order.user)])
            await order.user.awaitable_attrs.orders
            return len(order.user.orders)
        """,
        ("await order.user.awaitable_attrs.orders", "pass"),
        id="chained-read-after-awaitable-attrs",
    ),
    silent(
        """\
        async def f(session: AsyncSession, order_id: int) -> int:
            order = await session.get(Order, order_id, options=[joinedload(Order.user)])
            await session.refresh(order.user, ["orders"])
            return len(order.user.orders)
        """,
        ('["orders"]', '["name"]'),
        id="chained-read-after-refresh-of-the-related-object",
    ),
    silent(
        """\
        async def f(session: AsyncSession, user_id: int) -> list[str]:
            user = await session.get(User, user_id, options=[selectinload(User.orders)])
            stmt = select(User).options(selectinload(User.orders).selectinload(Order.items))
            users = (await session.scalars(stmt)).all()
            return [item.sku for user in users for order in user.orders for item in order.items]
        """,
        id="nested-comprehension-outer-name",
    ),
    silent(
        """\
        class Archive:
            orders: list = []


        async def f(session: AsyncSession) -> int:
            archive = await session.get(Archive, 1)
            return len(archive.orders)
        """,
        ("await session.get(Archive, 1)", "await session.get(User, 1)"),
        id="class-not-mapped",
    ),
    silent(
        """\
        from legacy.models import Customer


        async def f(session: AsyncSession) -> int:
            customer = await session.get(Customer, 1)
            return len(customer.orders)
        """,
        ("await session.get(Customer, 1)", "await session.get(User, 1)"),
        id="model-we-cannot-see",
    ),
    silent(
        """\
        class Cart:
            def __init__(self) -> None:
                self.orders: list[int] = []
                self.user = None


        async def f(session: AsyncSession) -> int:
            cart = Cart()
            user = await session.get(User, 1)
            return len(cart.orders) + len(user.name) + (cart.user is None)
        """,
        ("len(cart.orders)", "len(user.orders)"),
        id="same-attribute-name-on-a-plain-class",
    ),
    silent(
        """\
        class Receipt:
            def __init__(self, session: AsyncSession) -> None:
                self.session = session

            async def total(self, order_id: int) -> int:
                order = await self.session.get(Order, order_id)
                return order.id + len(self.orders)
        """,
        id="same-attribute-name-on-self",
    ),
    silent(
        """\
        async def f(session: AsyncSession, user_id: int) -> int:
            user = await session.get(User, user_id, options=[selectinload(User.orders)])
            if user_id > 10:
                user = await session.get(User, user_id)
            return len(user.orders)
        """,
        id="name-bound-by-two-queries",
    ),
    silent(
        """\
        async def f(session: AsyncSession, users) -> int:
            return sum(len(user.orders) for user in users)
        """,
        id="instances-from-a-parameter",
    ),
    silent(
        """\
        async def f(user: User) -> int:
            return len(user.orders)
        """,
        id="instance-known-only-by-annotation",
    ),
]


@pytest.mark.parametrize(("source", "control"), LOADED)
def test_loaded_is_silent(source: str, control) -> None:
    check(source, MODELS)


def _controls(table):
    for param in table:
        source, control = param.values
        if control is not None:
            yield pytest.param(source, control, id=param.id)


@pytest.mark.parametrize(("source", "control"), list(_controls(LOADED)))
def test_loaded_control_is_flagged(source: str, control: tuple[str, str]) -> None:
    """Without the loading form (or with the evidence put back) the same snippet has a finding."""
    findings = check_source(MODELS + textwrap.dedent(source).replace(*control), "snippet.py", select=SELECT)
    assert [f.code for f in findings if f.code in ("ORM201", "ORM203")], "no finding once the load is removed"


@pytest.mark.parametrize("lazy", ["selectin", "joined", "subquery", "immediate", "noload", "dynamic", "write_only",
                                  "False", "None"])
def test_relationship_strategy_that_loads_is_silent(lazy: str) -> None:
    value = lazy if lazy in ("False", "None") else f'"{lazy}"'
    check(
        f"""\
        from sqlalchemy import ForeignKey
        from sqlalchemy.ext.asyncio import AsyncSession
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


        class Base(DeclarativeBase):
            pass


        class Author(Base):
            __tablename__ = "authors"
            id: Mapped[int] = mapped_column(primary_key=True)
            books: Mapped[list["Book"]] = relationship(lazy={value})


        class Book(Base):
            __tablename__ = "books"
            id: Mapped[int] = mapped_column(primary_key=True)
            author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))


        async def f(session: AsyncSession, author_id: int) -> object:
            author = await session.get(Author, author_id)
            return author.books
        """
    )


@pytest.mark.parametrize("lazy, expected", [("select", "  # expect: ORM201:13"), ("True", "  # expect: ORM201:13"),
                                            ("raise", "  # expect: ORM201:13"), ("raise_on_sql", "  # expect: ORM201:13"),
                                            ("selectin", ""), ("joined", "")])
def test_relationship_strategy(lazy: str, expected: str) -> None:
    value = lazy if lazy == "True" else f'"{lazy}"'
    check(
        f"""\
        from sqlalchemy import ForeignKey
        from sqlalchemy.ext.asyncio import AsyncSession
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


        class Base(DeclarativeBase):
            pass


        class Author(Base):
            __tablename__ = "authors"
            id: Mapped[int] = mapped_column(primary_key=True)
            books = relationship("Book", lazy={value})


        class Book(Base):
            __tablename__ = "books"
            id: Mapped[int] = mapped_column(primary_key=True)
            author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))


        async def f(session: AsyncSession) -> object:
            authors = (await session.scalars(select(Author))).all()
            return [author.books for author in authors]{expected}
        """.replace("from sqlalchemy import ForeignKey", "from sqlalchemy import ForeignKey, select")
    )


@pytest.mark.parametrize("annotation", ["WriteOnlyMapped", "DynamicMapped"])
def test_write_only_and_dynamic_annotations_are_silent(annotation: str) -> None:
    check(
        f"""\
        from sqlalchemy import ForeignKey
        from sqlalchemy.ext.asyncio import AsyncSession
        from sqlalchemy.orm import DeclarativeBase, {annotation}, Mapped, mapped_column, relationship


        class Base(DeclarativeBase):
            pass


        class Author(Base):
            __tablename__ = "authors"
            id: Mapped[int] = mapped_column(primary_key=True)
            books: {annotation}["Book"] = relationship()


        class Book(Base):
            __tablename__ = "books"
            id: Mapped[int] = mapped_column(primary_key=True)
            author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))


        async def f(session: AsyncSession, author_id: int) -> object:
            author = await session.get(Author, author_id)
            return author.books.select()
        """
    )


# ---------------------------------------------------------------------------
# ORM202: a read after commit() expired the instance
# ---------------------------------------------------------------------------

ORM202_CASES = [
    pytest.param(
        """\
        async def rename(user_id: int) -> None:
            async with new_session() as session:
                user = await session.get(User, user_id)
                await session.commit()
                user.name += "!"  # expect: ORM202:9
        """,
        id="augmented-assignment-after-commit",
    ),
    pytest.param(
        """\
        async def register(name: str) -> dict:
            async with new_session() as session:
                user = User(name=name)
                session.add(user)
                await session.commit()
                return {"id": user.id, "name": user.name}  # expect: ORM202:23, ORM202:40
        """,
        id="transient-added-committed-read",
    ),
    pytest.param(
        """\
        async def register(names: list[str]) -> list[int]:
            async with new_session() as session:
                user = User(name=names[0])
                session.add_all([user])
                await session.commit()
                return [user.id]  # expect: ORM202:17
        """,
        id="transient-add-all",
    ),
    pytest.param(
        """\
        async def rename(user_id: int, name: str) -> str:
            async with new_session() as session:
                user = await session.get(User, user_id)
                user.name = name
                await session.commit()
                return user.name  # expect: ORM202:16
        """,
        id="loaded-committed-read",
    ),
    pytest.param(
        """\
        async def rename(user_id: int) -> int:
            async with new_session() as session:
                user = await session.get(User, user_id, options=[selectinload(User.orders)])
                user.name = "x"
                await session.commit()
                return len(user.orders)  # expect: ORM202:20
        """,
        id="loaded-relationship-expired-by-commit",
    ),
    pytest.param(
        """\
        async def rename(user_id: int) -> str:
            async with AsyncSession(engine) as session:
                user = await session.get(User, user_id)
                user.name = "x"
                await session.commit()
                return user.name  # expect: ORM202:16
        """,
        id="async-session-constructed-default",
    ),
    pytest.param(
        """\
        async def rename(user_id: int) -> str:
            session = new_session()
            try:
                user = await session.get(User, user_id)
                user.name = "x"
                await session.commit()
                return user.name  # expect: ORM202:16
            finally:
                await session.close()
        """,
        id="session-closed-in-finally",
    ),
    pytest.param(
        """\
        async def rename(user_id: int) -> str:
            async with new_session() as session:
                user = await session.get(User, user_id)
                user.name = "x"
                await session.commit()
                if user.name:  # expect: ORM202:12
                    print("renamed")
                return "ok"
        """,
        id="read-in-a-later-if-test",
    ),
    pytest.param(
        """\
        async def f(user_id: int) -> None:
            async with new_session.begin() as session:
                user = await session.get(User, user_id)
            print(user.name)  # expect: ORM202:11
        """,
        id="implicit-commit-of-begin-then-column-read",
        marks=gap("`async with factory.begin()` commits when the block ends (expiring the user) and closes "
                  "the session: `user.name` raises DetachedInstanceError; no rule covers the implicit commit"),
    ),
]


@pytest.mark.parametrize("source", ORM202_CASES)
def test_orm202(source: str) -> None:
    check(source, MODELS)


ORM202_SILENT = [
    silent(
        """\
        async def register(name: str) -> dict:
            async with keep_session() as session:
                user = User(name=name)
                session.add(user)
                await session.commit()
                return {"id": user.id, "name": user.name}
        """,
        ('keep_session()', 'new_session()'),
        id="expire-on-commit-false",
    ),
    silent(
        """\
        async def register(session: AsyncSession, name: str) -> dict:
            user = User(name=name)
            session.add(user)
            await session.commit()
            return {"id": user.id, "name": user.name}
        """,
        id="session-known-only-by-annotation",
    ),
    silent(
        """\
        async def register(name: str) -> dict:
            async with new_session() as session:
                user = User(name=name)
                session.add(user)
                await session.flush()
                body = {"id": user.id, "name": user.name}
                await session.commit()
                return body
        """,
        ('body = {', 'await session.commit()\n        body = {'),
        id="read-before-commit",
    ),
    silent(
        """\
        async def register(name: str) -> dict:
            async with new_session() as session:
                user = User(name=name)
                session.add(user)
                await session.commit()
                await session.refresh(user)
                return {"id": user.id, "name": user.name}
        """,
        ('await session.refresh(user)', 'pass'),
        id="refresh-between-commit-and-read",
    ),
    silent(
        """\
        async def register(name: str) -> str:
            async with new_session() as session:
                user = User(name=name)
                await session.commit()
                return user.name
        """,
        ('user = User(name=name)', 'user = User(name=name); session.add(user)'),
        id="transient-never-added",
    ),
    silent(
        """\
        async def copy(user_id: int) -> str:
            async with new_session() as source, new_session() as target:
                user = await source.get(User, user_id)
                target.add(User(name="copy"))
                await target.commit()
                return user.name
        """,
        ('await source.get(User, user_id)', 'await target.get(User, user_id)'),
        id="another-session-committed",
    ),
    silent(
        """\
        async def rename(user_id: int, name: str) -> str:
            async with new_session() as session:
                user = await session.get(User, user_id)
                user.name = name
                await session.commit()
                user = User(name=name)
                return user.name
        """,
        id="name-rebound-to-a-new-object",
    ),
    silent(
        """\
        def rename(user_id: int, name: str) -> str:
            with Session(sync_engine) as session:
                user = session.get(User, user_id)
                user.name = name
                session.commit()
                return user.name
        """,
        id="sync-session",
    ),
    silent(
        """\
        async def rename(user_id: int, name: str) -> str:
            async with new_session() as session:
                user = await session.get(User, user_id)
                user.name = name
                await session.commit()
                return name
        """,
        ('return name', 'return user.name'),
        id="no-read-after-commit",
    ),
]


@pytest.mark.parametrize(("source", "control"), ORM202_SILENT)
def test_orm202_silent(source: str, control) -> None:
    check(source, MODELS)


@pytest.mark.parametrize(("source", "control"), list(_controls(ORM202_SILENT)))
def test_orm202_control_is_flagged(source: str, control: tuple[str, str]) -> None:
    findings = check_source(MODELS + textwrap.dedent(source).replace(*control), "snippet.py", select=SELECT)
    assert [f.code for f in findings if f.code == "ORM202"], "no ORM202 once the control is applied"


# ---------------------------------------------------------------------------
# ORM203: a read after the session's with block
# ---------------------------------------------------------------------------

ORM203_CASES = [
    pytest.param(
        """\
        async def order_ids(user_id: int) -> list[int]:
            async with new_session() as session:
                user = await session.get(User, user_id)
            return [order.id for order in user.orders]  # expect: ORM203:35
        """,
        id="async-with-factory",
    ),
    pytest.param(
        """\
        async def order_ids() -> list[int]:
            async with keep_session() as session:
                users = (await session.scalars(select(User))).all()
            return [len(user.orders) for user in users]  # expect: ORM203:17
        """,
        id="async-with-rows-read-after",
    ),
    pytest.param(
        """\
        async def order_ids(user_id: int) -> list[int]:
            async with AsyncSession(engine) as session:
                user = await session.get(User, user_id, options=[selectinload(User.orders)])
            return [len(order.items) for order in user.orders]  # expect: ORM203:17
        """,
        id="second-level-after-async-with",
    ),
    pytest.param(
        """\
        def order_ids(user_id: int) -> list[int]:
            with Session(sync_engine) as session:
                user = session.get(User, user_id)
            return [order.id for order in user.orders]  # expect: ORM203:35
        """,
        id="sync-with-session",
    ),
    pytest.param(
        """\
        def order_ids() -> list[int]:
            with Session(sync_engine) as session:
                users = session.scalars(select(User)).all()
            return [len(user.orders) for user in users]  # expect: ORM203:17
        """,
        id="sync-with-rows-read-after",
    ),
]


@pytest.mark.parametrize("source", ORM203_CASES)
def test_orm203(source: str) -> None:
    check(source, MODELS)


ORM203_SILENT = [
    silent(
        """\
        async def order_ids(user_id: int) -> list[int]:
            async with new_session() as session:
                user = await session.get(User, user_id, options=[selectinload(User.orders)])
            return [order.id for order in user.orders]
        """,
        ('options=[selectinload(User.orders)]', 'options=[]'),
        id="loaded-inside-the-block",
    ),
    silent(
        """\
        async def order_ids(user_id: int) -> list[int]:
            async with new_session() as session:
                user = await session.get(User, user_id)
                ids = [order.id for order in await user.awaitable_attrs.orders]
            return ids + [user.id]
        """,
        ('return ids + [user.id]', 'return ids + [len(user.badges)]'),
        id="read-inside-the-block-columns-after",
    ),
    silent(
        """\
        def order_ids(user_id: int) -> list[int]:
            with Session(sync_engine) as session:
                user = session.get(User, user_id)
                ids = [order.id for order in user.orders]
            return ids
        """,
        ("ids = [order.id for order in user.orders]\n    return ids",
         "pass\n    return [order.id for order in user.orders]"),
        id="sync-read-inside-the-block",
    ),
    silent(
        """\
        async def teams(user_id: int) -> int:
            async with keep_session.begin() as session:
                user = await session.get(User, user_id)
            return len(user.teams)
        """,
        ('user.teams', 'user.orders'),
        id="lazy-selectin-after-the-block",
    ),
]


@pytest.mark.parametrize(("source", "control"), ORM203_SILENT)
def test_orm203_silent(source: str, control) -> None:
    check(source, MODELS)


@pytest.mark.parametrize(("source", "control"), list(_controls(ORM203_SILENT)))
def test_orm203_control_is_flagged(source: str, control: tuple[str, str]) -> None:
    findings = check_source(MODELS + textwrap.dedent(source).replace(*control), "snippet.py", select=SELECT)
    assert [f.code for f in findings if f.code == "ORM203"], "no ORM203 once the control is applied"


# ---------------------------------------------------------------------------
# evidence across functions and modules
# ---------------------------------------------------------------------------

ACROSS_FUNCTIONS = [
    pytest.param(
        """\
        async def get_user(session: AsyncSession, user_id: int):
            return await session.get(User, user_id)


        async def export(user_id: int) -> int:
            async with new_session() as session:
                user = await get_user(session, user_id)
            return len(user.orders)  # expect: ORM203:16
        """,
        id="orm203-callee-parameter-named-like-the-with-target",
    ),
    pytest.param(
        """\
        async def get_user(session: AsyncSession, user_id: int):
            return await session.get(User, user_id)


        async def export(user_id: int) -> int:
            async with new_session() as db:
                user = await get_user(db, user_id)
            return len(user.orders)  # expect: ORM203:16
        """,
        id="orm203-callee-parameter-named-otherwise",
    ),
    pytest.param(
        """\
        async def load_detached(user_id: int):
            async with new_session() as session:
                return await session.get(User, user_id)


        async def export(user_id: int) -> int:
            user = await load_detached(user_id)
            return len(user.orders)  # expect: ORM203:16
        """,
        id="orm203-session-closed-inside-the-callee",
    ),
    pytest.param(
        """\
        async def get_user(session: AsyncSession, user_id: int):
            return await session.get(User, user_id)


        async def rename(user_id: int) -> str:
            async with new_session() as session:
                user = await get_user(session, user_id)
                user.name = "x"
                await session.commit()
                return user.name  # expect: ORM202:16
        """,
        id="orm202-callee-parameter-named-like-the-session",
    ),
    pytest.param(
        """\
        async def get_user(session: AsyncSession, user_id: int):
            return await session.get(User, user_id)


        async def rename(user_id: int) -> str:
            async with new_session() as db:
                user = await get_user(db, user_id)
                user.name = "x"
                await db.commit()
                return user.name  # expect: ORM202:16
        """,
        id="orm202-callee-parameter-named-otherwise",
    ),
    pytest.param(
        """\
        async def get_user(session: AsyncSession, user_id: int):
            return await session.get(User, user_id)


        async def rename(user_id: int) -> str:
            async with new_session() as session, keep_session() as other:
                user = await get_user(other, user_id)
                user.name = "x"
                await session.commit()
                return user.name
        """,
        id="orm202-another-session-with-the-callee-parameter-name",
    ),
    pytest.param(
        """\
        async def get_user(user_id: int, *, session: AsyncSession):
            return await session.get(User, user_id)


        async def load(ids, session: AsyncSession):
            return await session.scalar(select(User).where(User.id.in_(ids)))


        async def rename(user_id: int) -> str:
            async with new_session() as db, keep_session() as other:
                user = await get_user(user_id, session=db)
                kept = await get_user(user_id, session=other)
                first = await load([user_id], db)
                user.name = kept.name = "x"
                await db.commit()
                print(kept.name)
                print(first.name)  # expect: ORM202:15
                return user.name  # expect: ORM202:16
        """,
        id="orm202-callee-session-given-by-keyword-or-after-other-arguments",
    ),
    pytest.param(
        """\
        async def get_user(session: AsyncSession, user_id: int):
            return await session.get(User, user_id)


        async def rename(user_id: int, *args) -> str:
            async with new_session() as db:
                user = await get_user(*args)
                user.name = "x"
                await db.commit()
                return user.name
        """,
        id="orm202-callee-session-given-through-star-arguments",
    ),
    pytest.param(
        """\
        from collections.abc import AsyncIterator

        from fastapi import Depends


        async def fresh_session() -> AsyncIterator[AsyncSession]:
            async with new_session() as session:
                yield session


        async def kept_session() -> AsyncIterator[AsyncSession]:
            async with keep_session() as session:
                yield session


        def make_session() -> AsyncSession:
            return keep_session()


        async def rename(user_id: int, session: AsyncSession = Depends(fresh_session)) -> str:
            user = await session.get(User, user_id)
            user.name = "x"
            await session.commit()
            return user.name  # expect: ORM202:12


        async def rename_kept(user_id: int, session: AsyncSession = Depends(kept_session)) -> str:
            user = await session.get(User, user_id)
            user.name = "x"
            await session.commit()
            other = make_session()
            mine = await other.get(User, user_id)
            await other.commit()
            return user.name + mine.name
        """,
        id="orm202-annotated-dependency-whose-body-names-the-factory",
    ),
    pytest.param(
        """\
        async def f(session: AsyncSession, user_id: int, opts) -> int:
            user = await session.get(User, user_id, options=opts)
            count = 0
            for team in user.teams:
                count += len(team.projects)
            return count
        """,
        id="unreadable-options-then-eager-relationship",
    ),
]


@pytest.mark.parametrize("source", ACROSS_FUNCTIONS)
def test_across_functions(source: str) -> None:
    check(source, MODELS)


def check_project(root, files: dict[str, str], checked: str) -> None:
    """Write a small project (with its ``pyproject.toml``) and check one module against its markers."""
    (root / "pyproject.toml").write_text('[project]\nname = "snippets"\n', encoding="utf-8")
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    check_marked((root / checked).read_text(encoding="utf-8"), SELECT, str(root / checked))


_MODELS_MODULE = """\
    from sqlalchemy import ForeignKey
    from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


    class Base(DeclarativeBase):
        pass


    class User(Base):
        __tablename__ = "users"
        id: Mapped[int] = mapped_column(primary_key=True)
        orders: Mapped[list["Order"]] = relationship(lazy="selectin")
        notes: Mapped[list["Note"]] = relationship()


    class Order(Base):
        __tablename__ = "orders"
        id: Mapped[int] = mapped_column(primary_key=True)
        user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
        items: Mapped[list["Item"]] = relationship()


    class Item(Base):
        __tablename__ = "items"
        id: Mapped[int] = mapped_column(primary_key=True)
        order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))


    class Note(Base):
        __tablename__ = "notes"
        id: Mapped[int] = mapped_column(primary_key=True)
        user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
"""


def test_model_imported_from_another_module(tmp_path) -> None:
    check_project(tmp_path, {
        "models.py": _MODELS_MODULE,
        "handlers.py": """\
            from sqlalchemy.ext.asyncio import AsyncSession

            from models import User


            async def notes(session: AsyncSession, user_id: int) -> int:
                user = await session.get(User, user_id)
                return len(user.notes)  # expect: ORM201:16
        """,
    }, "handlers.py")


def test_options_naming_an_imported_model(tmp_path) -> None:
    check_project(tmp_path, {
        "models.py": _MODELS_MODULE,
        "handlers.py": """\
            from sqlalchemy.ext.asyncio import AsyncSession
            from sqlalchemy.orm import selectinload

            from models import User


            async def notes(session: AsyncSession, user_id: int) -> int:
                user = await session.get(User, user_id, options=[selectinload(User.orders)])
                return len(user.orders) + len(user.notes)  # expect: ORM201:35
        """,
    }, "handlers.py")


def test_related_class_not_imported_by_the_checked_module(tmp_path) -> None:
    check_project(tmp_path, {
        "models.py": _MODELS_MODULE,
        "handlers.py": """\
            from sqlalchemy.ext.asyncio import AsyncSession

            from models import User


            async def items(session: AsyncSession, user_id: int) -> int:
                user = await session.get(User, user_id)
                count = 0
                for order in user.orders:
                    count += len(order.items)  # expect: ORM201:22
                return count
        """,
    }, "handlers.py")


_PACKAGE = {
    "pkg/__init__.py": "",
    "pkg/models/__init__.py": """\
        from .base import Base
        from .user import User

        __all__ = ["Base", "User"]
    """,
    "pkg/models/user.py": """\
        from sqlalchemy.orm import Mapped, mapped_column, relationship

        from .base import Base


        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(primary_key=True)
            friends: Mapped[list["User"]] = relationship()
    """,
    "pkg/handlers.py": """\
        from sqlalchemy.ext.asyncio import AsyncSession

        from pkg.models import User


        async def friends(session: AsyncSession, user_id: int) -> int:
            user = await session.get(User, user_id)
            return len(user.friends)  # expect: ORM201:16
    """,
}


def test_models_package_without_an_import_cycle(tmp_path) -> None:
    files = dict(_PACKAGE)
    files["pkg/models/base.py"] = """\
        from sqlalchemy.orm import DeclarativeBase


        class Base(DeclarativeBase):
            pass
    """
    check_project(tmp_path, files, "pkg/handlers.py")


def test_models_package_with_a_type_checking_cycle(tmp_path) -> None:
    files = dict(_PACKAGE)
    files["pkg/models/base.py"] = """\
        from typing import TYPE_CHECKING

        from sqlalchemy.orm import DeclarativeBase

        if TYPE_CHECKING:
            from .user import User


        class Base(DeclarativeBase):
            pass
    """
    check_project(tmp_path, files, "pkg/handlers.py")


_MANY_TO_ONE_MODELS = """\
from sqlalchemy import ForeignKey, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, selectinload


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    lines: Mapped[list["Line"]] = relationship(back_populates="order")


class Line(Base):
    __tablename__ = "lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    order: Mapped[Order] = relationship(back_populates="lines", lazy={lazy!r})
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))
    author: Mapped["Author"] = relationship()


class Author(Base):
    __tablename__ = "authors"
    id: Mapped[int] = mapped_column(primary_key=True)
"""


@pytest.mark.parametrize("lazy, marker", [("raise", "  # expect: ORM201:29"), ("raise_on_sql", ""), ("select", "")])
def test_orm201_many_to_one_reached_through_its_parent(lazy: str, marker: str) -> None:
    """``line.order`` for a line of a loaded order: its order is in the identity map, which a lazy
    load looks at (no SQL, checked with aiosqlite) unless the relationship is ``lazy="raise"``."""
    source = f"""\
        async def skus(session: AsyncSession) -> list[str]:
            orders = (await session.scalars(select(Order).options(selectinload(Order.lines)))).all()
            found = []
            for order in orders:
                for line in order.lines:
                    found.append(f"{{line.order.id}}"){marker}
            return found
        """
    check(source, _MANY_TO_ONE_MODELS.format(lazy=lazy))


def test_orm201_many_to_one_reached_through_its_parent_to_another_class() -> None:
    """``line.author`` for a line of a loaded order: nothing loaded the author."""
    source = """\
        async def authors(session: AsyncSession) -> list[int]:
            orders = (await session.scalars(select(Order).options(selectinload(Order.lines)))).all()
            return [line.author.id for order in orders for line in order.lines]  # expect: ORM201:13
        """
    check(source, _MANY_TO_ONE_MODELS.format(lazy="select"))
