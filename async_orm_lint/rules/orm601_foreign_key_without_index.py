"""ORM601: a foreign-key column without an index."""

from __future__ import annotations

import ast
from typing import Iterator

from .. import api
from ..analysis import Analysis
from ..findings import Finding
from ..syntax import called_name, walk
from ..values import ModelClass
from ._schema import Table, core_table, indexes_after, mapped_table
from .base import Rule

_COST = (
    "PostgreSQL does not create one, so deleting a parent row, and every join or load of its children, "
    "scans the whole table; add `index=True`"
)


class ForeignKeyWithoutIndex(Rule):
    """
    ## What it does
    Finds a foreign-key column that no index leads with:
    `mapped_column(ForeignKey(...))` or `Column(..., ForeignKey(...))` in a
    mapped class, SQLModel's `Field(foreign_key=...)` in a `table=True`
    model, and `Column(..., ForeignKey(...))` in a Core `Table(...)`.

    It stays silent when the column has `index=True` or `unique=True`, or is
    the first column of the primary key (a joined-inheritance `id`, the first
    column of an association table's key), of an `Index`, or of a
    `UniqueConstraint` or `PrimaryKeyConstraint`: in the class's
    `__table_args__` (its own, or one a mixin of the module gives it), in the
    `Table(...)` call, or at the module's top level after it
    (`Index("ix_orders_customer_id", Order.customer_id)`,
    `Index(..., orders.c.customer_id)`). The second column of a composite
    primary key is reported: the key's index does not serve a lookup by it.

    Only classes the evidence says are mapped (a `DeclarativeBase` or
    `declarative_base()` subclass, `registry.mapped`, SQLModel with
    `table=True`) and tables made by SQLAlchemy's `Table` are read; abstract
    classes, mixins and modules in migrations are not. A table whose
    `__table_args__` or columns cannot be read (computed, `*columns`, a
    `declared_attr`) is left alone, as is a column whose `index=` is not a
    constant. An index declared only in a migration (`op.create_index`) or
    in another module is not seen: declare it on the model (`index=True`),
    which keeps the metadata and the database alike.

    ## Why is this bad?
    PostgreSQL (like SQLite, SQL Server and Oracle) creates an index for a
    primary key and a unique constraint, never for a foreign key. Every
    `DELETE` of a parent row makes the database look for the children that
    reference it (to refuse, cascade or set null): without an index that is
    a sequential scan of the whole child table, per deleted row, holding its
    locks. Loading a parent's children (`selectinload(Customer.orders)`, a
    lazy load, a join on the key) scans it too. It goes unnoticed while the
    tables are small.

    MySQL's InnoDB creates an index for each foreign key itself: on MySQL or
    MariaDB only, turn this rule off.

    ## Example
    ```python
    class Order(Base):
        __tablename__ = "orders"

        id: Mapped[int] = mapped_column(primary_key=True)
        customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    ```

    ## Use instead
    ```python
    class Order(Base):
        __tablename__ = "orders"

        id: Mapped[int] = mapped_column(primary_key=True)
        customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    ```
    or an `Index` whose first column it is, in `__table_args__`; with
    SQLModel, `Field(foreign_key="customers.id", index=True)`. An existing
    database needs the index too: a migration with `op.create_index(...)`
    (`postgresql_concurrently=True` on a live table).
    """

    code = "ORM601"
    pylint_id = "W5851"
    symbol = "async-orm-foreign-key-without-index"
    summary = "foreign-key column without an index: every parent delete or join scans the child table"
    calls = frozenset({"Table"})

    def check(self, analysis: Analysis) -> Iterator[Finding]:
        if analysis.in_migrations:
            return
        tables = list(_mapped_tables(analysis)) + list(_core_tables(analysis))
        if not tables:
            return
        after = indexes_after(analysis.evaluator, analysis.tree, analysis.scopes.module)
        for table in tables:
            yield from self._findings(table, after)

    def _findings(self, table: Table, after: dict[str, set[str]]) -> Iterator[Finding]:
        if not table.readable:
            return
        leading = table.leading | after.get(table.owner or "", set())
        primary_key = table.primary_key_columns()
        for column in table.columns:
            if not column.foreign_key or column.indexed is not False or column.names & leading:
                continue
            what = f"foreign key `{table.label}.{column.key}`" if table.label else f"foreign key `{column.key}`"
            if primary_key is None:
                continue  # the primary key is not known
            if column.key in primary_key:
                if primary_key[0] == column.key:
                    continue
                message = f"{what} is not the first column of the primary key, and no index leads with it: {_COST}"
            elif column.primary_key:
                continue  # a ``PrimaryKeyConstraint`` and ``primary_key=True`` disagree: not ours to say
            else:
                message = f"{what} has no index: {_COST}"
            yield self.finding(column.node, message)


def _mapped_tables(analysis: Analysis) -> Iterator[Table]:
    """The tables of the module's mapped classes that declare a foreign key."""
    evaluator = analysis.evaluator
    module = analysis.scopes.module
    classes = {facts.node.name: facts for facts in analysis.scopes.classes.values() if facts.outer is module}
    for facts in analysis.scopes.classes.values():
        if not _declares_a_foreign_key(facts.node):
            continue
        value = evaluator.class_value(facts.node, facts.outer)
        if not isinstance(value, ModelClass) or value.is_base or value.is_mixin:
            continue
        table = mapped_table(evaluator, facts, classes)
        if table is not None:
            yield table


def _declares_a_foreign_key(node: ast.ClassDef) -> bool:
    """A cheap look before the evidence: does the class body call ``ForeignKey`` or pass ``foreign_key=``?"""
    for statement in node.body:
        value = getattr(statement, "value", None)
        if type(statement) in (ast.Assign, ast.AnnAssign) and value is not None:
            for found in walk(value):
                if type(found) is ast.Call and called_name(found.func) == "ForeignKey":  # type: ignore
                    return True
                if type(found) is ast.keyword and found.arg == "foreign_key":  # type: ignore[attr-defined]
                    return True
    return False


def _core_tables(analysis: Analysis) -> Iterator[Table]:
    evaluator = analysis.evaluator
    for site in analysis.calls(ForeignKeyWithoutIndex.calls):
        call = site.node
        if evaluator.dotted_name(call.func, site.scope) not in api.TABLE_CLASSES:  # type: ignore[attr-defined]
            continue
        owner = None
        parent = site.parent
        if type(parent) is ast.Assign and len(parent.targets) == 1 and type(parent.targets[0]) is ast.Name:
            name = parent.targets[0].id
            if site.scope.kind == "class" and name == "__table__":
                owner = site.scope.node.name  # type: ignore[attr-defined]
            elif site.scope.kind == "module":
                owner = name
        table = core_table(evaluator, call, site.scope, owner)  # type: ignore[arg-type]
        if table is not None:
            yield table
