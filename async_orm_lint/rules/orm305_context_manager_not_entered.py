"""ORM305: a context manager (or a generator) of a session called and used as if it were the session."""

from __future__ import annotations

import ast
from typing import Iterator

from .. import api
from ..analysis import Analysis
from ..findings import Finding
from ..definitions import Definitions, bound, parameter_for
from ..scopes import Assigned, Scope
from ..syntax import expression_text
from ..values import Instance, Pending
from .base import Rule

#: The methods of sessions and connections: calling one on the value is using it as a session.
_SESSION_METHODS = frozenset(
    name
    for kind in api.SESSION_LIKE_KINDS | api.CONNECTION_KINDS
    for name in api.KINDS[kind].methods
    if not name.startswith("__")
)
#: What a call of the project's gives instead of a session, by how it behaves.
_CONTEXT_MANAGERS = frozenset({api.ASYNC_CM, api.SYNC})
_GENERATORS = frozenset({api.ASYNC_GEN, api.GENERATOR})
#: The methods of what such a call gives, that a session has too (``AsyncSession.aclose()``): calling them
#: on a generator or a context manager is no mistake.
_OWN_METHODS = {
    api.ASYNC_GEN: frozenset({"aclose", "asend", "athrow"}),
    api.GENERATOR: frozenset({"close", "send", "throw"}),
    api.ASYNC_CM: frozenset({"gen", "func", "args", "kwds"}),
    api.SYNC: frozenset({"gen", "func", "args", "kwds"}),
}
#: How the value is misused, besides calling a session's method on it.
_AWAIT, _ENTER, _HANDED = "<await>", "<enter>", "<handed>"


class ContextManagerNotEntered(Rule):
    """
    ## What it does
    Finds a call of a function of the project that gives a *context manager*
    of a session (an `@asynccontextmanager` or `@contextmanager` function,
    `asynccontextmanager(get_session)`, a function annotated
    `-> AsyncContextManager[AsyncSession]`), or a *generator* of one (a
    dependency such as `async def get_db(): async with factory() as s: yield s`),
    whose result is used as the session itself:

    - a method of the session called on it (`get_ctx().execute(...)`, or
      `session = get_ctx()` then `await session.execute(...)`);
    - awaited (`session = await get_ctx()`);
    - a generator entered with `async with` / `with` (the decorator is missing).

    Entering the context manager (`async with get_ctx() as session:`, also
    later: `cm = get_ctx()` then `async with cm as session:`), iterating the
    generator (`async for session in get_db():`) and handing the function to
    a framework (`Depends(get_db)`) are fine.

    ## Why is this bad?
    Calling such a function does not run it up to its `yield`: it returns an
    object that runs it when it is entered (or iterated).  That object has
    none of the session's methods, so the first use raises
    `AttributeError: '_AsyncGeneratorContextManager' object has no attribute
    'execute'` (or `'async_generator' object ...`); awaiting it raises
    `TypeError: object _AsyncGeneratorContextManager can't be used in 'await'
    expression`; entering a generator raises `TypeError: 'async_generator'
    object does not support the asynchronous context manager protocol`.  No
    session is ever opened, so nothing reaches the database, on a code path
    tests may not take.

    ## Example
    ```python
    @asynccontextmanager
    async def session_scope() -> AsyncIterator[AsyncSession]:
        async with factory() as session:
            yield session

    async def count_users() -> int:
        session = session_scope()
        return await session.scalar(select(func.count(User.id)))
    ```

    ## Use instead
    ```python
    async def count_users() -> int:
        async with session_scope() as session:
            return await session.scalar(select(func.count(User.id)))
    ```
    """

    code = "ORM305"
    pylint_id = "E5825"
    symbol = "async-orm-context-manager-not-entered"
    summary = "context manager (or generator) of a session called and used as the session, never entered"
    calls = _SESSION_METHODS

    def check(self, analysis: Analysis) -> Iterator[Finding]:
        yield from self._used_directly(analysis)
        yield from self._entered_generators(analysis)
        yield from self._named(analysis)

    def _used_directly(self, analysis: Analysis) -> Iterator[Finding]:
        """``get_ctx().execute(...)``."""
        for site in analysis.method_calls(self.calls):
            made = site.node.func.value  # type: ignore[attr-defined]
            if type(made) is not ast.Call:
                continue
            pending = analysis.evaluator.value(made, site.scope)
            session = _session_of(pending)
            method = site.node.func.attr  # type: ignore[attr-defined]
            if session is not None and _only_a_sessions(method, session, pending):  # type: ignore[arg-type]
                yield self.finding(made, _message(made, pending, method))

    def _entered_generators(self, analysis: Analysis) -> Iterator[Finding]:
        """``async with get_db() as session`` of a generator: the decorator is missing."""
        for scope in analysis.bodies():
            for statement in scope.withs:
                for item in statement.items:
                    context = item.context_expr
                    if type(context) is not ast.Call:
                        continue
                    pending = analysis.evaluator.value(context, scope)
                    if isinstance(pending, Pending) and pending.behaviour in _GENERATORS and (
                        _session_of(pending) is not None
                    ):
                        yield self.finding(context, _message(context, pending, _ENTER))

    def _named(self, analysis: Analysis) -> Iterator[Finding]:
        """``session = get_ctx()`` (or ``await get_ctx()``, which neither a context manager nor an async
        generator allows), then, before the name is bound again, a session's method called on it, or the
        name handed to a function of the project whose parameter is declared a session."""
        evaluator = analysis.evaluator
        for (scope, name), uses in _uses(analysis, self.calls).items():
            places = sorted(_position(source.place) for source in scope.bindings.get(name, ())
                            if getattr(source, "place", None) is not None)
            for source in scope.bindings.get(name, ()):
                value = source.value if type(source) is Assigned else None  # type: ignore[union-attr]
                made = value.value if type(value) is ast.Await else value  # type: ignore[union-attr]
                if type(made) is not ast.Call or type(made.func) not in (ast.Name, ast.Attribute):
                    continue
                pending = evaluator.value(made, scope)
                session = _session_of(pending)
                if session is None:
                    continue
                if made is not value:
                    if pending.behaviour in (api.ASYNC_CM, api.ASYNC_GEN):  # type: ignore[union-attr]
                        yield self.finding(value, _message(made, pending, _AWAIT, name))  # type: ignore
                    continue
                start = _position(made)
                later = [place for place in places if place > start]
                end = later[0] if later else (1 << 30, 0)
                for position, method, call in sorted(uses, key=lambda use: use[0]):
                    if not start < position < end:
                        continue
                    if method is not None and _only_a_sessions(method, session, pending):  # type: ignore[arg-type]
                        yield self.finding(made, _message(made, pending, method, name))  # type: ignore[arg-type]
                        break
                    if call is not None:
                        expects = _expects_a_session(analysis.definitions, call, name, scope)
                        if expects is not None:
                            yield self.finding(made, _message(made, pending, _HANDED + expects, name))
                            break


def _uses(analysis: Analysis, methods) -> dict[tuple, list[tuple[tuple[int, int], str | None, ast.Call | None]]]:
    """Where a name is used as a session: a method called on it, or handed to a call (by scope and name)."""
    found: dict[tuple, list] = {}
    for site in analysis.method_calls(methods):
        held = site.node.func.value  # type: ignore[attr-defined]
        if type(held) is ast.Name:
            found.setdefault((site.scope, held.id), []).append(
                (_position(held), site.node.func.attr, None)  # type: ignore[attr-defined]
            )
    for site in analysis.scopes.handing:
        call = site.node
        for argument in [*call.args, *(k.value for k in call.keywords)]:  # type: ignore[attr-defined]
            key = (site.scope, argument.id) if type(argument) is ast.Name else None
            if key in found:  # handed on too: a name used as a session here (evaluating every handed name costs)
                found[key].append((_position(argument), None, call))
    return found


def _position(node: ast.AST) -> tuple[int, int]:
    return node.lineno, node.col_offset  # type: ignore[attr-defined]


def _expects_a_session(definitions: Definitions, call: ast.Call, name: str, scope: Scope) -> str | None:
    """``Dao(session)``, ``resolve(session, ...)``: the function (or class) of the project called, when
    the parameter ``name`` is given as is declared a session or a connection."""
    target = definitions.target_of(call.func, scope)
    if target is not None and target.kind == "class":
        target = definitions.member(target, "__init__")
    if target is None or target.kind != "function":
        return None
    function = target.node
    argument = next(a for a in [*call.args, *(k.value for k in call.keywords)]
                    if type(a) is ast.Name and a.id == name)
    parameter = parameter_for(function, call, argument, through=bound(call.func, function)  # type: ignore
                              or function.name == "__init__")  # type: ignore[union-attr]
    body = target.module.evaluator.scopes.function_scopes.get(function)  # type: ignore[arg-type]
    if parameter is None or body is None:
        return None
    declared = next((a.annotation for a in _arguments(function) if a.arg == parameter), None)  # type: ignore
    made = target.module.evaluator.annotation(declared, body.parent or body) if declared is not None else None
    if isinstance(made, Instance) and (made.info.is_session or made.kind in api.CONNECTION_KINDS):
        return f"{expression_text(call.func)}()"
    return None


def _arguments(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.arg]:
    arguments = function.args
    return [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]


def _session_of(value) -> Instance | None:
    """The session (or connection) a context manager of the project enters, or its generator yields."""
    if not isinstance(value, Pending) or value.receiver not in ("<function>", "<context manager>"):
        return None
    if value.behaviour in _CONTEXT_MANAGERS and value.value is None:
        made = value.entered
    elif value.behaviour in _GENERATORS:
        made = value.iterated
    else:
        return None
    if isinstance(made, Instance) and (made.info.is_session or made.kind in api.CONNECTION_KINDS):
        return made
    return None


def _only_a_sessions(method: str, session: Instance, pending: Pending) -> bool:
    """Is ``method`` one of the session's that what the call gives does not have itself?"""
    return method in session.info.methods and method not in _OWN_METHODS.get(pending.behaviour, ())


def _message(call: ast.expr, pending: Pending, use: str, name: str | None = None) -> str:
    """``use``: the method called on it, :data:`_AWAIT` or :data:`_ENTER`; ``name``: what it is bound to."""
    text = expression_text(call)
    text = text if len(text) <= 40 else f"{expression_text(call.func)}(...)"  # type: ignore[attr-defined]
    receiver = name or text
    name = name or "session"
    is_async = pending.behaviour in (api.ASYNC_CM, api.ASYNC_GEN)
    enter = "async with" if is_async else "with"
    if pending.behaviour in _GENERATORS:
        what = f"`{text}` gives {'an async generator' if is_async else 'a generator'}, not a session"
        if use == _ENTER:
            return (f"`{text}` gives {'an async generator' if is_async else 'a generator'}, not a context manager: "
                    f"`{enter}` raises TypeError; decorate the function with "
                    f"`@{'asynccontextmanager' if is_async else 'contextmanager'}` (and use that one here), "
                    "or iterate it")
        instead = (f"iterate it (`{'async for' if is_async else 'for'} {name} in {text}:`), or make an "
                   f"`@{'asynccontextmanager' if is_async else 'contextmanager'}` of it and enter that")
    else:
        what = f"`{text}` gives {'an async context manager' if is_async else 'a context manager'}, not a session"
        instead = f"enter it: `{enter} {text} as {name}:`"
    if use == _AWAIT:
        return f"{what}, and cannot be awaited (TypeError): {instead}"
    if use.startswith(_HANDED):
        return f"{what}: `{use[len(_HANDED):]}` expects a session and gets it; {instead}"
    return f"{what}: `{receiver}.{use}()` raises AttributeError; {instead}"
