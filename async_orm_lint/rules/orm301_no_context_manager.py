"""ORM301: a session or connection opened without a context manager and not closed in ``finally``."""

from __future__ import annotations

import ast
from typing import Iterator

from .. import api
from ..findings import Finding
from ..analysis import Analysis
from ..ownership import CLOSES, KEEPS, Ownership
from ..scopes import Assigned, ClassFacts, Declared, Scope, Source
from ..syntax import expression_text, own_nodes
from ..values import ClassRef, Either, Instance, as_used
from .base import Rule

#: Bases that add no way to release anything.
_PLAIN_BASES = frozenset({"object", "typing.Generic", "typing.Protocol", "abc.ABC", "typing_extensions.Protocol"})
#: Methods of a class that can release what it holds.
_RELEASING_METHODS = frozenset(
    {"close", "aclose", "__exit__", "__aexit__", "__del__", "dispose", "shutdown", "cleanup", "teardown",
     "stop", "disconnect", "release"}
)


class NoContextManager(Rule):
    """
    ## What it does
    Finds a session or connection opened in a function (`SessionLocal()`,
    `async_session()`, `AsyncSession(engine)`, `Session(engine)`,
    `await engine.connect()`, `engine.connect()`) and bound to a name that is
    never managed: no `with` / `async with` on it, no `close()` in a `finally`
    (there, or by a function it is passed to), and it is not handed on:
    returned, stored (on an object, in a global, in a container that is
    itself handed on), given to something that takes it
    (`AsyncExitStack.enter_async_context`, `contextlib.closing`, `aclosing`,
    a callback, a container's `append`), to an object built around it that
    can close it or is itself handed on, or to a function of the project that
    does one of these (or closes it) with the parameter it gets it as.  Calls
    are followed where the functions are defined, in other modules of the
    project too, through `self`, classes, class attributes and module-level
    objects, several calls deep.  Passing it to a function that only uses it,
    or to another library's function, is a use; passing it to a method of an
    object the linter cannot place counts as handing it on.  Yielding it does
    not: a generator (a FastAPI dependency, an `@asynccontextmanager`) is
    resumed after its `yield` and must close it then, in `finally` or with
    `async with`.  A session stored on `self` is reported when the class has
    no `close` / `aclose` / `__exit__` / `__aexit__` method to release it.  A
    session bound to a connection (`AsyncSession(bind=conn)`, a factory made
    with `bind=conn`) draws nothing from the pool: the connection's owner
    releases it, and it is not reported.

    ## Why is this bad?
    A session holds a pooled connection from its first query until its
    transaction ends or it is closed.  When an exception interrupts the
    function, nothing rolls back or closes it: the connection stays checked
    out until the garbage collector finds the session, and under load the pool
    runs dry (`QueuePool limit ... reached, connection timed out`).  An
    `AsyncSession` or `AsyncConnection` collected without being closed also
    cannot return its connection cleanly from the garbage collector.

    ## Example
    ```python
    async def create_user(name: str) -> None:
        session = async_session()
        session.add(User(name=name))
        await session.commit()
    ```

    ## Use instead
    ```python
    async def create_user(name: str) -> None:
        async with async_session() as session:
            session.add(User(name=name))
            await session.commit()
    ```
    """

    code = "ORM301"
    pylint_id = "W5821"
    symbol = "async-orm-no-context-manager"
    summary = "session or connection opened without `with`/`async with` and not closed in `finally`"

    def check(self, analysis: Analysis) -> Iterator[Finding]:
        ownership = Ownership(analysis.definitions)
        try:
            yield from self._functions(analysis, ownership)
        finally:
            ownership.release()
        for facts in analysis.scopes.classes.values():
            yield from self._attributes(facts, analysis)

    def _functions(self, analysis: Analysis, ownership: Ownership) -> Iterator[Finding]:
        evaluator = analysis.evaluator
        for function, scope in analysis.scopes.function_scopes.items():
            for name, sources in scope.bindings.items():
                if name in scope.declared_outer:
                    continue
                for source in sources:
                    value = _assigned_value(source)
                    if value is not None and _opens(value, scope, evaluator):
                        if not _managed(name, function, scope, ownership):
                            yield self.finding(value, _message(name))

    def _attributes(self, facts: ClassFacts, analysis: Analysis) -> Iterator[Finding]:
        if _may_release(facts, analysis):
            return
        for name, sources in facts.attributes.items():
            for source, scope in sources:
                value = _assigned_value(source)
                if value is not None and scope.kind == "function" and _opens(value, scope, analysis.evaluator):
                    yield self.finding(
                        value,
                        f"`self.{name}` holds a session or connection that nothing closes: give the class a "
                        "`close()`/`aclose()` (or `__aexit__`) that closes it, or open it per use with `async with`",
                    )


def _may_release(facts: ClassFacts, analysis: Analysis, depth: int = 0) -> bool:
    """Can the class (or a base we cannot see into) close what it holds?"""
    if any(
        isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name in _RELEASING_METHODS
        for s in facts.node.body
    ):
        return True
    for base in facts.node.bases:
        if type(base) is ast.Subscript:
            base = base.value
        if analysis.evaluator.dotted_name(base, facts.outer) in _PLAIN_BASES:
            continue
        local = _local_class(base, facts, analysis)
        if local is None or depth > 20 or _may_release(local, analysis, depth + 1):
            return True  # a base we cannot read may well close it
    return False


def _local_class(base: ast.expr, facts: ClassFacts, analysis: Analysis) -> ClassFacts | None:
    if type(base) is not ast.Name:
        return None
    for candidate in analysis.scopes.classes.values():
        if candidate.node.name == base.id and candidate.outer is facts.outer:
            return candidate
    return None


def _message(name: str) -> str:
    return (
        f"`{name}` is opened without a context manager and not closed in `finally`: "
        f"use `async with ... as {name}:` (or `with`)"
    )


def _assigned_value(source: Source) -> ast.expr | None:
    if type(source) is Assigned or type(source) is Declared:
        return source.value  # type: ignore[union-attr]
    return None


def _opens(value: ast.expr, scope: Scope, evaluator) -> bool:
    """Does ``value`` open a new session or connection (not look one up)?"""
    call = value.value if type(value) is ast.Await else value
    if type(call) is not ast.Call:
        return False
    func = call.func
    if type(func) is ast.Attribute and func.attr == "connect":
        engines = _instances(as_used(evaluator.value(func.value, scope)))
        return bool(engines) and all(engine.kind in api.ENGINE_KINDS for engine in engines)
    if call is not value:
        return False  # sessions are made by a plain call; awaiting one is ORM102's
    callee = as_used(evaluator.value(func, scope))
    if isinstance(callee, ClassRef):
        # ``Session()`` with no engine cannot hold a connection (used to compute cascades)
        bound = bool(call.args) or any(k.arg in ("bind", "binds", None) for k in call.keywords)
        made = as_used(evaluator.value(call, scope))
        return api.KINDS[callee.kind].is_session and bound and not (isinstance(made, Instance) and made.on_connection)
    factories = _instances(callee)
    if factories and all(factory.kind in api.SESSION_FACTORY_KINDS for factory in factories):
        made = _instances(evaluator.value(call, scope))
        return bool(made) and all(session.info.is_session and not session.on_connection for session in made) and (
            not _configured_on_a_connection(call, scope, evaluator)
        )
    return False


def _configured_on_a_connection(call: ast.Call, scope: Scope, evaluator) -> bool:
    """Was the factory ``call`` calls bound to a connection earlier in the same body
    (``factory.configure(bind=connection)``), so that its sessions use that connection, which its owner
    releases, as ``async_sessionmaker(bind=connection)``'s do?"""
    factory = expression_text(call.func)
    body = scope.body()
    for node in own_nodes(body.node):
        if type(node) is not ast.Call or node.lineno >= call.lineno:  # type: ignore[attr-defined]
            continue
        func = node.func  # type: ignore[attr-defined]
        if type(func) is not ast.Attribute or func.attr != "configure" or expression_text(func.value) != factory:
            continue
        for keyword in node.keywords:  # type: ignore[attr-defined]
            bound = as_used(evaluator.value(keyword.value, body)) if keyword.arg == "bind" else None
            if isinstance(bound, Instance) and bound.kind in api.CONNECTION_KINDS:
                return True
    return False


def _instances(value) -> list[Instance]:
    """The API object ``value`` is, or each one it may be (``sessionmaker | async_sessionmaker``)."""
    if isinstance(value, Instance):
        return [value]
    if isinstance(value, Either) and all(isinstance(member, Instance) for member in value.members):
        return list(value.members)  # type: ignore[arg-type]
    return []


def _managed(name: str, function: ast.AST, scope: Scope, ownership: Ownership) -> bool:
    """Is ``name`` entered with ``with``, closed in a ``finally`` (there, or by a function it is passed
    to), or handed on (see :mod:`...ownership`)?"""
    for node in own_nodes(function):
        if type(node) is ast.Try or type(node).__name__ == "TryStar":
            for statement in node.finalbody:  # type: ignore[attr-defined]
                if ownership.hands_on(name, statement, scope) >= CLOSES:
                    return True
    return ownership.hands_on(name, function, scope) == KEEPS
