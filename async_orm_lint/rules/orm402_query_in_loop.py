"""ORM402: a query per iteration of a loop (N+1 round trips)."""

from __future__ import annotations

import ast
from typing import Callable, Iterator

from .. import api
from ..findings import Finding
from ..analysis import Analysis, is_batch_loop
from ..syntax import ancestors, bound_names, called_name, child_nodes, walk
from ..values import Instance, as_used
from ._callee_queries import callee_queries
from .base import Rule, loop_reason


class QueryInLoop(Rule):
    """
    ## What it does
    Finds a query (`execute`, `scalars`, `scalar`, `get`, `get_one`, SQLModel's
    `exec`, `stream`), awaited or not, inside a `for` / `async for` loop or a
    comprehension when the loop goes over the rows of another query, or when
    the query's statement uses the loop variable: the N+1 shape.  Also a call,
    once per item with the loop's variable (`order`, `order.customer_id`), of
    a function of the same module (a helper, or a method of the class the
    loop's method belongs to, a couple of calls deep) that awaits, on every
    call, a query whose rows that argument picks, on the session the call
    hands it or its object holds: the N+1 through a repository.  Not counted:
    a function that changes data (a write per item), one that may return
    before its query (`if key in cache: return ...`), a loop over a few fixed
    items (`for kind in ("a", "b")`, `KINDS`) or one that stops at the first
    match (`break`, `return`).  Functions of other modules are not read for
    this.

    Batch loops (`range(0, n, size)`, `itertools.batched(...)`, slices) and
    `while` loops (pagination) are not reported; nor are a query per group
    (`X.id.in_(ids)` of the loop's variable: the fix of an N+1), a query
    under an `if` that holds for one item (`if key == "owner":`), statements that
    write (`insert(...)`, `update(...)`, `delete(...)`, `table.insert()`,
    `text("UPDATE ...")`), which load nothing, nor loops in migrations
    (modules in a `migrations` or `alembic` folder, or below an Alembic
    script directory): one-off code, run once per database, where a query
    per row is the simple and accepted way.

    ## Why is this bad?
    One query per item is one round trip per item: 500 users cost 501 queries
    where 2 would do.  Latency adds up linearly and the database does the same
    work again for each row.  In async code each round trip is also a
    suspension point where other requests wait for the connection.

    ## Example
    ```python
    users = (await session.scalars(select(User))).all()
    for user in users:
        orders = await session.scalars(select(Order).where(Order.user_id == user.id))
    ```

    ## Use instead
    ```python
    users = (await session.scalars(select(User).options(selectinload(User.orders)))).all()
    ```
    or one query for all of them:
    `select(Order).where(Order.user_id.in_([user.id for user in users]))`.
    """

    code = "ORM402"
    pylint_id = "W5832"
    symbol = "async-orm-query-in-loop"
    summary = "query inside a loop over query results or using the loop variable (N+1)"
    calls = api.QUERY_METHODS

    def check(self, analysis: Analysis) -> Iterator[Finding]:
        yield from self._direct(analysis)
        if not analysis.in_migrations:
            for found in callee_queries(analysis, statement_writes):
                yield self.finding(
                    found.call,
                    f"`{called_name(found.call.func)}()` runs a query (at {found.where}) once per item of this loop"
                    " (N+1 round trips): load them together with `where(X.id.in_(...))`, `selectinload(...)` or"
                    " one grouped query",
                    loop_reason((found.loop,)),
                )

    def _direct(self, analysis: Analysis) -> Iterator[Finding]:
        evaluator = analysis.evaluator
        for site in analysis.method_calls(self.calls):
            call = site.node
            receiver = evaluator.receiver(call.func.value, site.scope)  # type: ignore[attr-defined]
            if not isinstance(receiver, Instance) or receiver.kind not in api.QUERY_RECEIVER_KINDS:
                continue
            if (
                self._per_item(call, site.scope, analysis)
                and not _writes(call, site.scope, analysis)
                and not analysis.in_migrations
            ):
                yield self.finding(
                    call,
                    "query runs once per item of this loop (N+1 round trips): load them together with "
                    "`where(X.id.in_(...))`, `selectinload(...)` or one grouped query",
                    loop_reason(analysis.loops_around(call, site.scope)),
                )

    @staticmethod
    def _per_item(call: ast.Call, scope, analysis: Analysis) -> bool:
        loops = analysis.loops_around(call, scope)
        if not loops:
            return False
        root = analysis.body_root(scope)
        filtered = _filter_values(call, analysis.assignments(root))
        return any(
            _is_per_item(loop, filtered, analysis, scope) and not _for_one_item(call, loop, analysis.parents(root))
            for loop in loops
        )


def _is_per_item(loop, statement_names: tuple[set[str], set[str]], analysis: Analysis, scope) -> bool:
    """Does the loop run the query once per item: it goes over rows, or the query picks its rows with
    the loop's variable?  Not a loop over batches, nor over groups the query loads each at once."""
    if is_batch_loop(loop):
        return False
    chosen, grouped = statement_names
    variables = bound_names(loop.target)
    if grouped & variables:
        return False
    if chosen & variables:
        return True
    iterated = as_used(analysis.evaluator.value(loop.iter, scope))
    return isinstance(iterated, Instance) and iterated.kind in api.QUERY_ROWS


def _for_one_item(call: ast.Call, loop, parents: dict[int, ast.AST]) -> bool:
    """Is ``call`` under an ``if`` that holds for one item only: ``if key == "name":`` on the loop's
    variable (``for key, value in changes.items()``)?"""
    names = bound_names(loop.target)
    for parent, child in ancestors(call, parents):
        if parent is loop:
            return False
        if type(parent) is ast.If and child in parent.body:
            test = parent.test
            tests = test.values if type(test) is ast.BoolOp and type(test.op) is ast.And else [test]
            if any(_equals_a_constant(candidate, names) for candidate in tests):
                return True
    return False


def _equals_a_constant(test: ast.expr, names: set[str]) -> bool:
    """``name == "constant"`` (either way round) for one of ``names``."""
    if type(test) is not ast.Compare or len(test.ops) != 1 or type(test.ops[0]) not in (ast.Eq, ast.Is):
        return False
    sides = (test.left, test.comparators[0])
    return any(type(side) is ast.Name and side.id in names for side in sides) and any(
        type(side) is ast.Constant for side in sides
    )


def _writes(call: ast.Call, scope, analysis: Analysis) -> bool:
    assignments = analysis.assignments(analysis.body_root(scope))
    return statement_writes(
        call, lambda name: assignments.get(name, []), lambda expr: analysis.evaluator.dotted_name(expr, scope)
    )


def statement_writes(
    call: ast.Call, assigned: Callable[[str], list], dotted_name: Callable[[ast.expr], str | None]
) -> bool:
    """Does the query's statement write (``update(User).where(...)``, ``users.insert()``,
    ``text("DELETE ...")``), directly or through the local names it is assigned to (``assigned(name)``)?"""
    statements = call.args[:1] + [k.value for k in call.keywords if k.arg == "statement"]
    if not statements or call.func.attr in api.GET_METHODS:  # type: ignore[attr-defined]
        return False
    statement = statements[0]
    if type(statement) is ast.Name:
        values = assigned(statement.id)
        return bool(values) and all(_builds_a_write(value, dotted_name) for value in values)
    return _builds_a_write(statement, dotted_name)


def _builds_a_write(statement: ast.expr, dotted_name: Callable[[ast.expr], str | None]) -> bool:
    """Is ``statement`` a chain of calls rooted at a statement that writes?"""
    node = statement
    while type(node) is ast.Call:
        func = node.func
        dotted = dotted_name(func)
        if dotted in api.WRITE_STATEMENT_FUNCTIONS:
            return True
        if dotted in api.TEXT_FUNCTIONS:
            text = node.args[0] if node.args else None
            words = text.value.split(None, 1) if type(text) is ast.Constant and type(text.value) is str else []
            return bool(words) and words[0].lower() in api.WRITE_SQL_KEYWORDS
        if type(func) is not ast.Attribute:
            return False
        if func.attr in api.WRITE_STATEMENT_METHODS and type(func.value) is not ast.Call:
            return True  # ``users.insert()``: a table's statement
        node = func.value
    return False


#: Calls of a statement whose arguments pick the rows: ``select(X).where(X.user_id == user.id)``.
_FILTERS = frozenset({"where", "filter", "filter_by", "having"})


def _filter_values(call: ast.Call, assignments: dict[str, list[ast.expr]]) -> tuple[set[str], set[str]]:
    """Names that choose which rows the query reads, and those that choose a group of rows
    (see :func:`_names_choosing_rows`).

    The primary key of ``get(Model, pk)``, the parameters of ``execute(stmt,
    params)``, and the arguments of ``.where()``/``.filter()``/``.filter_by()``
    in the statement, followed one step back through local assignments
    (``stmt = select(...).where(...)``).  A statement built by a helper
    function is not looked into.
    """
    method = call.func.attr  # type: ignore[attr-defined]
    chosen: list[ast.expr] = []
    if method in api.GET_METHODS:
        chosen += call.args[1:] + [k.value for k in call.keywords if k.arg == "ident"]
    else:
        chosen += call.args[1:] + [k.value for k in call.keywords if k.arg in ("params", "parameters")]
        statements = call.args[:1] + [k.value for k in call.keywords if k.arg == "statement"]
        for statement in statements:
            expressions = [statement]
            if type(statement) is ast.Name:
                expressions += assignments.get(statement.id, [])
            for expression in expressions:
                chosen += _filter_arguments(expression)
    return _names_choosing_rows(chosen)


#: Filters that pick the rows of a whole group at once (``X.id.in_(ids)``).
_GROUP_FILTERS = frozenset({"in_", "not_in", "notin_"})


def _names_choosing_rows(expressions: list[ast.expr]) -> tuple[set[str], set[str]]:
    """The names read in ``expressions`` outside and inside the group of an ``in_(...)``: a query per
    group (``for ids in groups: ... X.id.in_(ids)``) loads the group's rows together, the fix of an N+1."""
    found: set[str] = set()
    grouped: set[str] = set()
    stack: list[ast.AST] = list(expressions)
    while stack:
        node = stack.pop()
        if type(node) is ast.Call and type(node.func) is ast.Attribute and node.func.attr in _GROUP_FILTERS:
            stack.append(node.func.value)
            grouped.update(n.id for argument in node.args for n in walk(argument) if type(n) is ast.Name)
            continue
        if type(node) is ast.Name:
            found.add(node.id)
        stack.extend(child_nodes(node))
    return found, grouped


def _filter_arguments(statement: ast.expr) -> list[ast.expr]:
    found: list[ast.expr] = []
    for node in walk(statement):
        if type(node) is ast.Call and type(node.func) is ast.Attribute and node.func.attr in _FILTERS:
            found += node.args + [k.value for k in node.keywords]
    return found
