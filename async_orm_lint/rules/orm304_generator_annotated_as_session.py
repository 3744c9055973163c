"""ORM304: a function that yields its session, annotated as returning the session itself."""

from __future__ import annotations

import ast
from typing import Iterator

from .. import api
from ..analysis import Analysis
from ..findings import Finding
from ..values import Instance
from .base import Rule

#: What a generator of sessions or connections may be annotated as returning.
_KINDS = api.SESSION_LIKE_KINDS | api.CONNECTION_KINDS


class GeneratorAnnotatedAsSession(Rule):
    """
    ## What it does
    Finds a generator function (a `def` or an `async def` with `yield` in its
    body) whose return annotation is a session or a connection itself:
    `async def get_db() -> AsyncSession: ... yield session`, also
    `-> Session`, SQLModel's sessions, `-> AsyncConnection`,
    `-> Optional[AsyncSession]`, `Annotated[...]` and aliases of them, and
    the functions decorated with `@asynccontextmanager`, `@contextmanager`
    or a framework's fixture decorator.

    A function annotated `-> AsyncIterator[AsyncSession]`,
    `-> AsyncGenerator[AsyncSession, None]`, `-> Iterator[Session]` or
    `-> Generator[Session, None, None]`, and one without an annotation,
    are not reported.

    ## Why is this bad?
    Calling a generator function does not run it: it returns a generator
    (an async generator for an `async def`), never the session it yields.
    FastAPI's `Depends(get_db)` and `@asynccontextmanager` know that and work
    at run time, but the annotation is wrong: mypy reports the definition
    (`The return type of an async generator function should be
    "AsyncGenerator" or one of its supertypes`), pyright too, and
    `@asynccontextmanager` applied to it is an error (`Argument 1 to
    "asynccontextmanager" has incompatible type ...`), so every
    `async with get_db() as session` loses the session's type.  A project
    that runs a type checker has to silence it, and one that does not is
    told by its editor that `get_db()` is a session, which it is not.

    ## Example
    ```python
    async def get_db() -> AsyncSession:
        async with async_session() as session:
            yield session
    ```

    ## Use instead
    ```python
    async def get_db() -> AsyncIterator[AsyncSession]:
        async with async_session() as session:
            yield session
    ```
    or `AsyncGenerator[AsyncSession, None]`; for a `def`, `Iterator[Session]`
    or `Generator[Session, None, None]`.
    """

    code = "ORM304"
    pylint_id = "E5824"
    symbol = "async-orm-generator-annotated-as-session"
    summary = "function that yields its session annotated as returning the session itself (`-> AsyncSession`)"

    def check(self, analysis: Analysis) -> Iterator[Finding]:
        evaluator = analysis.evaluator
        for node, scope in analysis.scopes.function_scopes.items():
            returns = getattr(node, "returns", None)
            if returns is None or not scope.yields or scope.parent is None:
                continue
            declared = evaluator.annotation(returns, scope.parent)
            if isinstance(declared, Instance) and declared.kind in _KINDS:
                yield self.finding(returns, _message(node, returns, declared.kind))  # type: ignore[arg-type]


def _message(node: ast.FunctionDef | ast.AsyncFunctionDef, returns: ast.expr, kind: str) -> str:
    written = returns.value if type(returns) is ast.Constant and isinstance(returns.value, str) else (
        ast.unparse(returns)
    )
    if isinstance(node, ast.AsyncFunctionDef):
        what = "an async generator"
        instead = f"`AsyncIterator[{written}]` (or `AsyncGenerator[{written}, None]`)"
    else:
        what = "a generator"
        instead = f"`Iterator[{written}]` (or `Generator[{written}, None, None]`)"
    return (
        f"`{node.name}` yields, so calling it returns {what}, not the `{api.display_name(kind)}` its annotation"
        f" `-> {written}` says: annotate it {instead}"
    )
