"""Tables as their declarations say (ORM601): columns, foreign keys, and the columns an index leads with.

Two kinds of declarations are read: a mapped class (``mapped_column(...)``,
``Column(...)``, SQLModel's ``Field(...)`` in its body, ``Index`` and
constraints in its ``__table_args__``) and a Core ``Table(...)`` call.  What
the module declares after them at its top level (``Index("ix", Order.customer_id)``,
``Index("ix", orders.c.customer_id)``) indexes them too.  A declaration this
module cannot read (a computed ``__table_args__``, ``*columns`` in a
``Table``, a keyword whose value is not a constant) makes the table, or the
column, unknown: rules stay silent on it.
"""

from __future__ import annotations

import ast
from typing import Iterator, NamedTuple

from .. import api
from ..scopes import ClassFacts, Scope


class Column(NamedTuple):
    """One column: its key (the attribute, or the name in a ``Table``), the names an index may give it, where
    it is declared, whether it has a ``ForeignKey``, and its ``index=``/``unique=`` and ``primary_key=``."""

    key: str
    names: frozenset[str]
    node: ast.AST
    foreign_key: bool
    indexed: bool | None
    primary_key: bool | None


class Table:
    """What the declarations of one table say."""

    __slots__ = ("label", "owner", "columns", "leading", "primary_key", "readable")

    def __init__(self, label: str, owner: str | None) -> None:
        #: how messages name it (the class, or the table's name; empty when the name is not written out).
        self.label = label
        #: the module-level name statements after it reach it by (``Order``, ``orders``).
        self.owner = owner
        self.columns: list[Column] = []
        #: the first columns of its indexes, unique constraints and ``PrimaryKeyConstraint``.
        self.leading: set[str] = set()
        #: the columns of its ``PrimaryKeyConstraint``, first first (None: none, ``primary_key=True`` decides).
        self.primary_key: list[str] | None = None
        #: False when a declaration could not be read: nothing is known of its indexes.
        self.readable = True

    def primary_key_columns(self) -> list[str] | None:
        """The primary key's columns, first first; None when one's ``primary_key=`` is not a constant."""
        if self.primary_key is not None:
            return self.primary_key
        if any(column.primary_key is None for column in self.columns):
            return None
        return [column.key for column in self.columns if column.primary_key]


# -- columns ---------------------------------------------------------------------------


def column(evaluator, key: str, call: ast.Call, scope: Scope, node: ast.AST) -> Column | None:
    """The column ``call`` declares (``mapped_column``, ``Column``, ``Field``), or None if it is not one."""
    dotted = evaluator.dotted_name(call.func, scope)
    if dotted in api.COLUMN_CLASSES or dotted in api.MAPPED_COLUMN_FUNCTIONS:
        return _column(evaluator, key, call, scope, node)
    if dotted in api.SQLMODEL_FIELD_FUNCTIONS:
        return _field(evaluator, key, call, scope, node)
    return None


def _column(evaluator, key: str, call: ast.Call, scope: Scope, node: ast.AST) -> Column:
    names = {key}
    if call.args and type(call.args[0]) is ast.Constant and type(call.args[0].value) is str:
        names.add(call.args[0].value)
    foreign_key = any(_is(evaluator, arg, scope, api.FOREIGN_KEY_CLASSES) for arg in call.args)
    flags = {keyword.arg: _flag(keyword.value) for keyword in call.keywords}
    return Column(key, frozenset(names), node, foreign_key, _indexed(flags), _primary_key(flags))


def _field(evaluator, key: str, call: ast.Call, scope: Scope, node: ast.AST) -> Column | None:
    """SQLModel's ``Field(foreign_key="customers.id", index=True)``, or its ``sa_column=Column(...)``."""
    keywords = {keyword.arg: keyword.value for keyword in call.keywords}
    sa_column = keywords.get("sa_column")
    if sa_column is not None:
        if type(sa_column) is ast.Call and evaluator.dotted_name(sa_column.func, scope) in api.COLUMN_CLASSES:
            return _column(evaluator, key, sa_column, scope, node)
        return None  # a column we cannot see
    foreign_key = "foreign_key" in keywords and not (
        type(keywords["foreign_key"]) is ast.Constant and keywords["foreign_key"].value is None  # type: ignore
    )
    arguments = keywords.get("sa_column_args")
    if type(arguments) in (ast.List, ast.Tuple):
        foreign_key = foreign_key or any(
            _is(evaluator, arg, scope, api.FOREIGN_KEY_CLASSES) for arg in arguments.elts  # type: ignore[union-attr]
        )
    flags = {name: _flag(value) for name, value in keywords.items()}
    extra = keywords.get("sa_column_kwargs")
    if type(extra) is ast.Dict:
        for name, value in zip(extra.keys, extra.values):  # type: ignore[union-attr]
            if name is None or not (type(name) is ast.Constant and type(name.value) is str):
                flags[None] = None  # ``**other``, or a key we cannot read
            elif name.value in ("index", "unique", "primary_key"):
                flags[name.value] = _flag(value)
    elif extra is not None:
        flags[None] = None
    return Column(key, frozenset({key}), node, foreign_key, _indexed(flags), _primary_key(flags))


def _flag(value: ast.expr) -> bool | None:
    if type(value) is ast.Constant:
        return bool(value.value)  # True, False, None
    return None


def _indexed(flags: dict) -> bool | None:
    if None in flags:  # ``**kwargs``: anything may be in them
        return None
    values = [flags.get("index", False), flags.get("unique", False)]
    if True in values:
        return True
    return None if None in values else False


def _primary_key(flags: dict) -> bool | None:
    if None in flags:
        return None
    return flags.get("primary_key", False)


def _is(evaluator, node: ast.expr, scope: Scope, names: frozenset[str]) -> bool:
    return type(node) is ast.Call and evaluator.dotted_name(node.func, scope) in names


# -- mapped classes ----------------------------------------------------------------------


def mapped_table(evaluator, facts: ClassFacts, classes: dict[str, ClassFacts]) -> Table | None:
    """The table of a mapped class's own declarations (None for an abstract class or one given a ``__table__``).

    ``classes``: the module's classes by name, whose ``__table_args__`` a class inherits.
    """
    node, scope = facts.node, facts.outer
    table = Table(node.name, node.name)
    table_args: ast.expr | None = None
    has_table_args = False
    for statement in node.body:
        target, value = _assigned(statement)
        if target == "__abstract__" and not (type(value) is ast.Constant and value.value is False):
            return None
        if target == "__table__":
            return None
        if target == "__table_args__":
            table_args, has_table_args = value, True
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and statement.name == "__table_args__":
            table.readable = False  # a ``declared_attr``
        elif target is not None and type(value) is ast.Call:
            found = column(evaluator, target, value, scope, _target(statement))
            if found is not None:
                table.columns.append(found)
    if not has_table_args:
        table_args, has_table_args = _inherited_table_args(node, classes)
    if has_table_args:
        if table_args is None:
            table.readable = False
        else:
            _read_table_args(evaluator, table_args, scope, table)
    return table


def _assigned(statement: ast.stmt) -> tuple[str | None, ast.expr | None]:
    """``name = value`` / ``name: annotation = value`` of a class body."""
    if type(statement) is ast.AnnAssign and type(statement.target) is ast.Name:
        return statement.target.id, statement.value
    if type(statement) is ast.Assign and len(statement.targets) == 1 and type(statement.targets[0]) is ast.Name:
        return statement.targets[0].id, statement.value
    return None, None


def _target(statement: ast.stmt) -> ast.expr:
    return statement.target if type(statement) is ast.AnnAssign else statement.targets[0]  # type: ignore


def _inherited_table_args(node: ast.ClassDef, classes: dict[str, ClassFacts], depth: int = 0) -> tuple:
    """The ``__table_args__`` a class of the module inherits from a base of the module (a mixin)."""
    for base in node.bases:
        facts = classes.get(base.id) if type(base) is ast.Name else None
        if facts is None or facts.node is node or depth > 8:
            continue
        for statement in facts.node.body:
            target, value = _assigned(statement)
            if target == "__table_args__":
                return value, True
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and statement.name == "__table_args__":
                return None, True
        found = _inherited_table_args(facts.node, classes, depth + 1)
        if found[1]:
            return found
    return None, False


def _read_table_args(evaluator, value: ast.expr, scope: Scope, table: Table) -> None:
    """``(Index("ix", "a", "b"), UniqueConstraint("c"), {"schema": "x"})``, or a dict alone."""
    if type(value) is ast.Dict:
        return
    if type(value) not in (ast.Tuple, ast.List):
        table.readable = False
        return
    for element in value.elts:  # type: ignore[attr-defined]
        if type(element) is ast.Dict:
            continue
        if not constraint(evaluator, element, scope, table, _column_name):
            table.readable = False


def constraint(evaluator, node: ast.expr, scope: Scope, table: Table, name_of) -> bool:
    """Read an ``Index``, a unique or primary key constraint (or one that indexes nothing) into ``table``;
    False when ``node`` is none of them.  ``name_of`` reads a column expression."""
    if type(node) is not ast.Call:
        return False
    dotted = evaluator.dotted_name(node.func, scope)
    if dotted in api.OTHER_CONSTRAINT_CLASSES:
        return True
    if dotted in api.INDEX_CLASSES:
        columns = node.args[1:]
    elif dotted in api.UNIQUE_CONSTRAINT_CLASSES or dotted in api.PRIMARY_KEY_CONSTRAINT_CLASSES:
        columns = node.args
    else:
        return False
    names = [name_of(column) for column in columns]
    if names and names[0] is not None:
        table.leading.add(names[0])
    if dotted in api.PRIMARY_KEY_CONSTRAINT_CLASSES:
        table.primary_key = [name for name in names if name is not None]
    return True


def _column_name(node: ast.expr) -> str | None:
    """A column as a table's arguments name it: ``"customer_id"`` (or the class body's ``customer_id``)."""
    if type(node) is ast.Constant and type(node.value) is str:
        return node.value
    if type(node) is ast.Name:
        return node.id
    return None


# -- Core tables ---------------------------------------------------------------------------


def core_table(evaluator, call: ast.Call, scope: Scope, owner: str | None) -> Table | None:
    """``Table("orders", metadata, Column("customer_id", ForeignKey("customers.id")), Index(...))``."""
    if len(call.args) < 2:
        return None
    name = call.args[0]
    label = name.value if type(name) is ast.Constant and type(name.value) is str else owner or ""
    table = Table(label, owner)
    for element in call.args[2:]:
        if _is(evaluator, element, scope, api.COLUMN_CLASSES):
            arguments = element.args  # type: ignore[attr-defined]
            key = arguments[0].value if arguments and type(arguments[0]) is ast.Constant else None
            if type(key) is not str:
                table.readable = False
                continue
            table.columns.append(_column(evaluator, key, element, scope, element))  # type: ignore[arg-type]
        elif not constraint(evaluator, element, scope, table, _column_name):
            table.readable = False  # ``*columns``, a column made by a function...
    return table


# -- what the module declares after them ------------------------------------------------


def indexes_after(evaluator, tree: ast.Module, scope: Scope) -> dict[str, set[str]]:
    """The first columns of the ``Index`` and ``UniqueConstraint`` the module's top level declares on
    columns of its tables, by the name they reach the table by: ``Index("ix", Order.customer_id)`` ->
    ``{"Order": {"customer_id"}}``; ``orders.c.customer_id``, ``Order.__table__.c["customer_id"]``."""
    found: dict[str, set[str]] = {}
    for statement in tree.body:
        value = statement.value if isinstance(statement, (ast.Expr, ast.Assign, ast.AnnAssign)) else None
        if type(value) is not ast.Call:
            continue
        dotted = evaluator.dotted_name(value.func, scope)
        if dotted in api.INDEX_CLASSES:
            first = value.args[1] if len(value.args) > 1 else None
        elif dotted in api.UNIQUE_CONSTRAINT_CLASSES:
            first = value.args[0] if value.args else None
        else:
            continue
        place = _column_of(first) if first is not None else None
        if place is not None:
            found.setdefault(place[0], set()).add(place[1])
    return found


def _column_of(node: ast.expr) -> tuple[str, str] | None:
    """``Order.customer_id``, ``orders.c.customer_id``, ``Order.__table__.c["customer_id"]``: (owner, column)."""
    name: str | None = None
    if type(node) is ast.Attribute:
        name, node = node.attr, node.value
    elif type(node) is ast.Subscript and type(node.slice) is ast.Constant and type(node.slice.value) is str:
        name, node = node.slice.value, node.value
    if name is None:
        return None
    chain = list(_attributes(node))
    if chain and chain[-1] == "c":
        chain.pop()
        if chain and chain[-1] == "__table__":
            chain.pop()
    elif chain:
        return None
    root = _root(node)
    return (root, name) if not chain and root is not None else None


def _attributes(node: ast.expr) -> Iterator[str]:
    """The attribute names of ``a.b.c`` after its root, outermost first: ``b``, ``c``."""
    names = []
    while type(node) is ast.Attribute:
        names.append(node.attr)  # type: ignore[attr-defined]
        node = node.value  # type: ignore[attr-defined]
    return reversed(names)


def _root(node: ast.expr) -> str | None:
    while type(node) is ast.Attribute:
        node = node.value  # type: ignore[attr-defined]
    return node.id if type(node) is ast.Name else None  # type: ignore[attr-defined]
