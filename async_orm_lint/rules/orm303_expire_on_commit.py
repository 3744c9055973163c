"""ORM303 (off by default): an async session factory left with ``expire_on_commit=True``."""

from __future__ import annotations

import ast
from typing import Iterator

from .. import api
from ..analysis import Analysis
from ..findings import Finding
from ..syntax import expression_text
from ..values import ClassRef, Instance
from .base import Rule

#: The kinds whose call makes an async session, or a factory of them, taking ``expire_on_commit``.
_MAKERS = frozenset({"async_sessionmaker", "sessionmaker", "AsyncSession", "SQLModelAsyncSession"})
#: How they are called (SQLModel's class is an ``AsyncSession`` too).
_MAKER_NAMES = frozenset({"async_sessionmaker", "sessionmaker", "AsyncSession"})


class ExpireOnCommit(Rule):
    """
    ## What it does
    Finds the async session factories and sessions made without saying what
    `expire_on_commit` is, so that it is `True`: `async_sessionmaker(engine)`,
    `sessionmaker(engine, class_=AsyncSession)`, `AsyncSession(engine)`
    (SQLAlchemy's or SQLModel's).

    An explicit `expire_on_commit=True` is a choice and is not reported, nor
    is `expire_on_commit` passed through `**options`, a factory whose
    `configure(expire_on_commit=...)` the module calls, a synchronous
    `sessionmaker`, or a project subclass of `AsyncSession` with its own
    `__init__`.

    **Off by default**: ORM202 already reports the reads that an expired
    commit breaks, where it can follow them; this rule is for teams that want
    every async factory to say how it expires.

    ## Why is this bad?
    With `expire_on_commit=True` (SQLAlchemy's default), every `commit()`
    expires every object the session holds; the next read of any of their
    attributes loads it again, which an `AsyncSession` cannot do implicitly:
    it raises `MissingGreenlet` (`greenlet_spawn has not been called`).
    Returning an object after committing it, as most create and update
    endpoints do, fails that way.  SQLAlchemy's asyncio documentation uses
    `expire_on_commit=False` for this reason.

    ## Example
    ```python
    engine = create_async_engine(DATABASE_URL)
    async_session = async_sessionmaker(engine)
    ```

    ## Use instead
    ```python
    engine = create_async_engine(DATABASE_URL)
    async_session = async_sessionmaker(engine, expire_on_commit=False)
    ```
    or `expire_on_commit=True`, where a team wants committed objects reloaded
    (and refreshes them with `await session.refresh(obj)`).
    """

    code = "ORM303"
    pylint_id = "W5823"
    symbol = "async-orm-expire-on-commit"
    summary = "async session factory left with `expire_on_commit=True`"
    calls = _MAKER_NAMES | {"configure"}
    enabled_by_default = False

    def check(self, analysis: Analysis) -> Iterator[Finding]:
        configured = analysis.shared("orm303-configured", _configured)
        for site in analysis.calls(_MAKER_NAMES):
            call: ast.Call = site.node  # type: ignore[assignment]
            if any(keyword.arg in ("expire_on_commit", None) for keyword in call.keywords):
                continue  # said (or maybe said, through ``**options``)
            made = _async_session_made(call, site.scope, analysis)
            if made is None:
                continue
            target = _assigned_to(site.parent, call)
            if target is not None and target in configured:
                continue
            yield self.finding(call, _message(call, made))


def _async_session_made(call: ast.Call, scope, analysis: Analysis) -> str | None:
    """``"factory"`` or ``"session"`` when ``call`` makes an async session factory or an async session
    of SQLAlchemy's (or SQLModel's) own classes; None otherwise."""
    dotted = analysis.evaluator.dotted_name(call.func, scope)
    kind = api.CLASSES.get(dotted) if dotted is not None else None
    if kind not in _MAKERS:
        return None
    if kind in api.ASYNC_SESSION_KINDS:
        return "session"
    made = analysis.evaluator.value(call, scope)
    if not isinstance(made, Instance) or not isinstance(made.product, ClassRef):
        return None  # ``class_=`` we cannot see
    product = made.product
    if product.kind not in api.ASYNC_SESSION_KINDS or "__init__" in product.overrides:
        return None
    return "factory"


def _assigned_to(parent: ast.AST, call: ast.Call) -> str | None:
    """``x = call`` (``self.x = call``): ``x``'s text."""
    if type(parent) is ast.Assign and len(parent.targets) == 1 and parent.value is call:
        target = parent.targets[0]
    elif type(parent) is ast.AnnAssign and parent.value is call:
        target = parent.target
    else:
        return None
    return expression_text(target) if isinstance(target, (ast.Name, ast.Attribute)) else None


def _configured(analysis: Analysis) -> list[str]:
    """The factories the module configures later: ``factory.configure(expire_on_commit=...)``."""
    found = []
    for site in analysis.method_calls(("configure",)):
        call: ast.Call = site.node  # type: ignore[assignment]
        if any(keyword.arg in ("expire_on_commit", None) for keyword in call.keywords):
            receiver = call.func.value  # type: ignore[attr-defined]
            if isinstance(receiver, (ast.Name, ast.Attribute)):
                found.append(expression_text(receiver))
    return found


def _message(call: ast.Call, made: str) -> str:
    what = f"`{expression_text(call.func)}(...)`"
    objects = "its sessions expire" if made == "factory" else "it expires"
    return (
        f"{what} leaves `expire_on_commit=True`: on every `commit()` {objects} the loaded objects, whose next"
        " read raises `MissingGreenlet`: pass `expire_on_commit=False` (or `True`, to say it is meant)"
    )
