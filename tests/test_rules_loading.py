"""ORM201 (relationship not loaded) on every loader strategy of ``relationship()``, generated.

The cases of ORM201, ORM202 and ORM203 are files under
``tests/cases/orm201_orm202_orm203`` (see ``tests/test_cases.py``).  What stays
here is one template per question, instantiated once per value of a
``relationship()`` argument (``lazy=``, the ``Mapped`` annotation): a value
added to a list is tested without a file copied from the template.  Each
snippet marks its findings as the case files do (``# expect: ORM201:13``, see
``markers.py``) and :func:`check` compares them, strictly, with what
:func:`async_orm_lint.engine.check_source` reports for ORM201, ORM202 and ORM203.
"""

from __future__ import annotations

import textwrap

import pytest

from markers import check_marked

# ---------------------------------------------------------------------------
# the helper (markers.py), with the codes under test selected
# ---------------------------------------------------------------------------

SELECT = ("ORM201", "ORM202", "ORM203")


def check(source: str, preamble: str = "") -> None:
    """Lint ``preamble`` + dedented ``source`` with ORM201-203, compare strictly with its markers."""
    check_marked(preamble + textwrap.dedent(source), SELECT)


# ---------------------------------------------------------------------------
# ORM201: every loader strategy a relationship can declare
# ---------------------------------------------------------------------------


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


@pytest.mark.parametrize("lazy, expected", [
    ("select", '  # expect: ORM201:13 "needs I/O and raises MissingGreenlet"'),
    ("True", '  # expect: ORM201:13 "needs I/O and raises MissingGreenlet"'),
    ("raise", '  # expect: ORM201:13 "and was not loaded: this read raises"'),
    ("raise_on_sql", '  # expect: ORM201:13 "and was not loaded: this read raises"'),
    ("selectin", ""), ("joined", ""),
])
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
# ORM201: a many-to-one reached through its loaded parent, for each strategy
# ---------------------------------------------------------------------------

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


@pytest.mark.parametrize("lazy, marker", [
    ("raise", '  # expect: ORM201:29 "and was not loaded: this read raises"'), ("raise_on_sql", ""), ("select", ""),
])
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
