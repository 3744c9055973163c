"""ORM103: ``query()`` called on an ``AsyncSession``, which has none."""

from __future__ import annotations

import ast
from typing import Iterator

from .. import api
from ..analysis import Analysis
from ..findings import Finding
from ..syntax import expression_text
from .base import Rule


class QueryOnAsyncSession(Rule):
    """
    ## What it does
    Finds `query(...)` called on an `AsyncSession` (SQLAlchemy's or
    SQLModel's) or on an `async_scoped_session`, also through an attribute
    known to hold one (`self.session.query(User)` in a repository whose
    `session` is an `AsyncSession`).

    A synchronous `Session`'s (or `scoped_session`'s) `query()` is fine and
    not reported, nor is a `query` method that a project subclass of
    `AsyncSession` defines itself.

    ## Why is this bad?
    `AsyncSession` has no `query()` method: the legacy `Query` API runs its
    SQL when it is iterated, which cannot be awaited.  The call raises
    `AttributeError: 'AsyncSession' object has no attribute 'query'` on the
    first request that takes the code path.  It is what code ported from a
    synchronous `Session` (or from a tutorial for one) keeps.

    ## Example
    ```python
    async def active_users(session: AsyncSession) -> list[User]:
        return session.query(User).filter(User.active).all()
    ```

    ## Use instead
    ```python
    async def active_users(session: AsyncSession) -> list[User]:
        return list(await session.scalars(select(User).where(User.active)))
    ```
    or `(await session.execute(select(User).where(User.active))).scalars().all()`;
    with SQLModel's `AsyncSession`, `(await session.exec(select(User).where(User.active))).all()`.
    """

    code = "ORM103"
    pylint_id = "E5803"
    symbol = "async-orm-query-on-async-session"
    summary = "`query()` called on an `AsyncSession`, which has no `query()` (AttributeError)"
    calls = frozenset({"query"})

    def check(self, analysis: Analysis) -> Iterator[Finding]:
        kinds = api.ASYNC_SESSION_KINDS | {"async_scoped_session"}
        for site, receiver in analysis.calls_on(self.calls, kinds):
            if "query" in receiver.overrides or receiver.member("query") is not None:
                continue  # a project subclass's own query()
            receiver_node = site.node.func.value  # type: ignore[attr-defined]
            session = expression_text(receiver_node) if isinstance(receiver_node, (ast.Name, ast.Attribute)) else None
            yield self.finding(site.node, _message(receiver.kind, session))


def _message(kind: str, session: str | None) -> str:
    session = session if session is not None and len(session) <= 40 else "session"
    what = "SQLModel's `AsyncSession`" if kind == "SQLModelAsyncSession" else f"`{api.display_name(kind)}`"
    if kind == "SQLModelAsyncSession":
        instead = f"`(await {session}.exec(select(...))).all()`"
    else:
        instead = f"`await {session}.scalars(select(...))` or `await {session}.execute(select(...))`"
    return f"{what} has no `query()` (AttributeError at run time): use {instead}"
