"""ORM101: a coroutine of the async API is called and never awaited."""

from __future__ import annotations

import ast
from typing import Iterator

from .. import api
from ..analysis import Analysis
from ..evaluate import CASTS, Evaluator
from ..findings import Finding
from ..scopes import Scope
from ..syntax import child_nodes, walk
from ..values import Pending
from .base import Rule

#: Parents that always use their children's value on the spot.
_ALWAYS_CONSUME = (ast.UnaryOp, ast.Compare, ast.Attribute, ast.FormattedValue)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_COMPOUND_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
#: Builtins that read their arguments on the spot (never await them): a coroutine there is a bug.
_CONSUMING_BUILTINS = frozenset({
    "bool", "int", "float", "str", "bytes", "len", "list", "tuple", "set", "frozenset", "dict", "sorted",
    "reversed", "sum", "min", "max", "any", "all", "iter", "next", "enumerate", "zip", "map", "filter",
    "getattr", "hasattr", "isinstance", "repr", "print",
})
#: What may be done with a coroutine object itself without awaiting it.
_COROUTINE_ATTRIBUTES = frozenset({"close", "send", "throw", "__await__", "cr_frame", "cr_code"})


class MissingAwait(Rule):
    """
    ## What it does
    Finds calls of coroutine methods of SQLAlchemy's asyncio API
    (`AsyncSession`, `AsyncConnection`, `AsyncEngine`, `AsyncResult`,
    `async_scoped_session`, SQLModel's `AsyncSession.exec`...) whose coroutine
    is never awaited: the call is a statement of its own, its result is
    assigned and never awaited (or read on the spot, as in
    `if user is None`, without being awaited), or a method is chained on the
    coroutine instead of on its result.

    Handing the coroutine on is fine: returning it (from a function not
    declared to return something that cannot be awaited, such as `int`, a
    mapped class, `list[User]` or `Result[Any]`), passing it to
    `asyncio.gather`, `asyncio.create_task`, `TaskGroup.create_task` or any
    other call, except builtins that read it at once (`bool()`, `len()`,
    `list()`, `getattr()`...) and the first `for` of a comprehension.  `typing.cast()`
    hands on what it is given: `cast(T, session.scalars(stmt)).all()` is
    read from the coroutine.

    ## Why is this bad?
    Calling a coroutine function only creates a coroutine object; nothing runs
    until it is awaited.  `session.commit()` without `await` commits nothing:
    the session is closed and the transaction rolled back, the data is lost
    and Python prints `RuntimeWarning: coroutine 'AsyncSession.commit' was
    never awaited` at some later point, far from the bug.
    `await session.execute(stmt).scalars()` fails with `AttributeError`,
    because `.scalars()` is looked up on the coroutine.

    ## Example
    ```python
    async def rename(session: AsyncSession, user_id: int, name: str) -> None:
        user = await session.get(User, user_id)
        user.name = name
        session.commit()
    ```

    ## Use instead
    ```python
    async def rename(session: AsyncSession, user_id: int, name: str) -> None:
        user = await session.get(User, user_id)
        user.name = name
        await session.commit()
    ```
    """

    code = "ORM101"
    pylint_id = "E5801"
    symbol = "async-orm-missing-await"
    summary = "coroutine of the async ORM API called without `await`"
    calls = api.AWAITABLE_METHOD_NAMES

    def check(self, analysis: Analysis) -> Iterator[Finding]:
        evaluator = analysis.evaluator
        uses: dict[int, _Uses] = {}  # per scope: how its names are used
        for site in analysis.method_calls(self.calls):
            parent = site.parent
            call = site.node
            if type(parent) is ast.Await:
                continue
            pending = evaluator.value(call, site.scope)
            if not isinstance(pending, Pending) or pending.behaviour not in (api.COROUTINE, api.AWAITABLE):
                continue
            value = call
            if type(parent) is ast.IfExp or type(parent) is ast.BoolOp or type(parent) is ast.Call:
                value, parent = _handed_through(call, parent, site.scope, analysis)
            message = self._message(value, parent, pending, site.scope, uses, evaluator)
            if message is not None:
                yield self.finding(call, message)

    def _message(
        self, call: ast.expr, parent: ast.AST, pending: Pending, scope: Scope, cache: dict[int, _Uses],
        evaluator: Evaluator,
    ) -> str | None:
        """Why the coroutine of ``pending`` is dropped, when ``call`` (the call itself, or the
        conditional expression that hands its value on) has ``parent``; None if it may be awaited."""
        what = f"`{api.display_name(pending.receiver)}.{pending.name}()`"
        if type(parent) is ast.Expr:
            if pending.behaviour == api.AWAITABLE:
                return f"{what} is never awaited nor entered: use `await` or `async with`"
            return f"{what} is a coroutine that is never awaited: add `await`"
        if pending.behaviour != api.COROUTINE:
            return None
        if type(parent) is ast.Attribute:
            if parent.attr in _COROUTINE_ATTRIBUTES:
                return None
            return (
                f"`.{parent.attr}` is taken from the coroutine of {what}, not from its result:"
                f" write `(await ...).{parent.attr}`"
            )
        if _consumes(parent, call, scope):
            return f"{what} is a coroutine, used here without `await`: add `await`"
        if type(parent) is ast.Return:
            function = scope.function_scope()
            declared = getattr(function.node, "returns", None) if function is not None else None
            if declared is not None and function.parent is not None and evaluator.never_awaitable(
                declared, function.parent
            ):
                return (
                    f"{what} is returned without `await` from a function declared to return"
                    f" `{ast.unparse(declared)}`: add `await`"
                )
            return None
        target = _assigned_name(parent, call)
        if target is None:
            return None
        uses = _uses(scope, cache)
        if target not in uses.handed:
            return f"{what} is assigned to `{target}` and never awaited: add `await`"
        if target in uses.read and target not in uses.awaited and len(scope.bindings.get(target, ())) == 1:
            # the name holds nothing but the coroutine: ``user = db.get(...)`` then ``if user is None``
            return f"{what} is assigned to `{target}`, which is read without `await`: add `await`"
        return None


def _handed_through(
    call: ast.Call, parent: ast.AST, scope: Scope, analysis: Analysis
) -> tuple[ast.expr, ast.AST]:
    """``a.commit() if ok else a.rollback()``, ``cast(T, a.scalars(...))``: the outermost
    expression that hands ``call``'s value on as it is, with its parent."""
    parents = None  # built only to climb: most calls that are an argument are not cast's
    value: ast.expr = call
    while _hands_on_as_is(parent, value, scope, analysis.evaluator):
        if parents is None:
            parents = analysis.parents(analysis.body_root(scope))
        outer = parents.get(id(parent))
        if outer is None:
            break
        value, parent = parent, outer  # type: ignore[assignment]
    return value, parent


def _hands_on_as_is(parent: ast.AST, child: ast.expr, scope: Scope, evaluator: Evaluator) -> bool:
    """Is ``parent``'s value ``child``'s: a branch of ``x if c else y``, the last operand of
    ``and``/``or``, the value ``typing.cast`` returns?"""
    parent_type = type(parent)
    if parent_type is ast.IfExp:
        return child is not parent.test  # type: ignore[attr-defined]
    if parent_type is ast.BoolOp:
        return child is parent.values[-1]  # type: ignore[attr-defined]
    return (
        parent_type is ast.Call and len(parent.args) == 2 and parent.args[1] is child  # type: ignore[attr-defined]
        and evaluator.dotted_name(parent.func, scope) in CASTS  # type: ignore[attr-defined]
    )


def _consumes(parent: ast.AST, child: ast.AST, scope: Scope) -> bool:
    """Does ``parent`` use ``child``'s value right away (so a coroutine there is a bug)?

    ``if session.get(...)`` is always true, ``for .. in`` and ``x[...]`` raise,
    ``bool(...)`` and ``len(...)`` (the builtins, not rebound) read it at
    once; but ``a if c else b`` and the last operand of ``or`` hand their
    value on, as does passing it to any other call.
    """
    if isinstance(parent, _ALWAYS_CONSUME):
        return True
    if type(parent) is ast.Call:
        func = parent.func
        return (
            type(func) is ast.Name and func.id in _CONSUMING_BUILTINS and child in parent.args
            and Evaluator.binding_scope(func.id, scope) is None
        )
    if isinstance(parent, (ast.If, ast.While, ast.IfExp, ast.Assert)):
        return child is parent.test
    if isinstance(parent, ast.BoolOp):
        return child is not parent.values[-1]
    if isinstance(parent, (ast.For, ast.AsyncFor, ast.comprehension)):
        return child is parent.iter or child in getattr(parent, "ifs", ())
    if isinstance(parent, ast.Subscript):
        return child is parent.value
    return False


def _assigned_name(parent: ast.AST, call: ast.expr) -> str | None:
    """``x = call`` or ``x: T = call``: the name ``x``."""
    if type(parent) is ast.Assign and len(parent.targets) == 1:
        target = parent.targets[0]
    elif type(parent) is ast.AnnAssign and parent.value is call:
        target = parent.target
    else:
        return None
    return target.id if type(target) is ast.Name else None


class _Uses:
    """How the names of one scope are used (see :func:`_names_used`)."""

    __slots__ = ("handed", "read", "awaited")

    def __init__(self, handed: set[str]) -> None:
        #: used in a way that may await them elsewhere: awaited, passed, returned, stored...
        self.handed = handed
        #: read on the spot somewhere (``x.attr``, ``if x``, ``x is None``, ``for .. in x``).
        self.read: set[str] = set()
        #: the operand of an ``await`` somewhere.
        self.awaited: set[str] = set()


def _uses(scope: Scope, cache: dict[int, _Uses]) -> _Uses:
    found = cache.get(id(scope))
    if found is None:
        found = cache[id(scope)] = _names_used(scope)
    return found


def _names_used(scope: Scope) -> _Uses:
    """How the names of ``scope`` are used.

    Only uses that consume the value on the spot (``x.attr``, ``if x``,
    ``for .. in x``) do not hand a name on.  Names declared ``global``/``nonlocal``
    and names used inside a nested function or comprehension count as handed on.
    """
    uses = _Uses(set(scope.declared_outer))
    handed = uses.handed
    root = scope.node
    stack: list[tuple[ast.AST, ast.AST]] = [(child, root) for child in child_nodes(root)]
    while stack:
        node, parent = stack.pop()
        if isinstance(node, _COMPREHENSIONS):
            # the first iterable is iterated on the spot, in this scope: ``[r for r in result]``
            first = node.generators[0]
            stack.append((first.iter, first))
            inside = [child for child in child_nodes(node) if child is not first]
            inside += [child for child in child_nodes(first) if child is not first.iter]
            handed.update(n.id for part in inside for n in walk(part) if type(n) is ast.Name)
            continue
        if isinstance(node, _COMPOUND_SCOPES):
            handed.update(n.id for n in walk(node) if type(n) is ast.Name)
            continue
        if type(node) is ast.Name:
            if type(node.ctx) is ast.Load:
                if not _consumes(parent, node, scope):
                    handed.add(node.id)
                    if type(parent) is ast.Await:
                        uses.awaited.add(node.id)
                elif not (type(parent) is ast.Attribute and parent.attr in _COROUTINE_ATTRIBUTES):
                    uses.read.add(node.id)
            continue
        stack.extend((child, node) for child in child_nodes(node))
    return uses
