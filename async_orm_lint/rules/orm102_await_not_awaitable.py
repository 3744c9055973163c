"""ORM102: ``await`` on a method of the API that does not return an awaitable."""

from __future__ import annotations

import ast
from typing import Iterator

from .. import api
from ..analysis import Analysis
from ..findings import Finding
from ..values import Instance, Pending
from ._contradicted import contradicted
from ._contradicted import message as contradiction
from .base import Rule


class AwaitNotAwaitable(Rule):
    """
    ## What it does
    Finds `await` on calls that do not return an awaitable: the synchronous
    methods of `AsyncSession` (`add`, `add_all`, `expunge`, `expire`,
    `is_modified`, `in_transaction`, `get_bind`...), the methods of the
    synchronous `Result`/`ScalarResult` that an awaited `execute()` returns
    (`await result.scalars().all()`), the non-coroutine methods of
    `AsyncResult` (`scalars()`, `mappings()`, `unique()`), `AsyncEngine.begin()`
    (an async context manager), and any method of a synchronous `Session`,
    `Engine` or `Connection`.

    `await session.begin()` and `await session.begin_nested()` are fine: they
    return an awaitable transaction.

    A coroutine that awaits the I/O of a parameter annotated `Session`
    (`async def load(session: Session): await session.execute(q)`), and
    never calls that I/O without `await`, contradicts itself: either the
    annotation or every `await` is wrong.  That is reported once, at the
    annotation, without advising to remove the `await`s (ORM502 does not call
    them blocking either).

    ## Why is this bad?
    It raises `TypeError: object NoneType can't be used in 'await' expression`
    (or `... ScalarResult ...`) at run time, on the first request that takes
    the code path.  It often hides a misunderstanding: `add()` only records
    the object in the session; nothing is sent until `flush()` or `commit()`.

    ## Example
    ```python
    async def create(session: AsyncSession, user: User) -> None:
        await session.add(user)
        await session.commit()
    ```

    ## Use instead
    ```python
    async def create(session: AsyncSession, user: User) -> None:
        session.add(user)
        await session.commit()
    ```
    """

    code = "ORM102"
    pylint_id = "E5802"
    symbol = "async-orm-await-not-awaitable"
    summary = "`await` on a method of the ORM API that is not a coroutine"

    def check(self, analysis: Analysis) -> Iterator[Finding]:
        evaluator = analysis.evaluator
        for site in analysis.scopes.awaits:
            awaited = site.node.value
            if (
                type(awaited) is ast.Call
                and type(awaited.func) is ast.Attribute
                and awaited.func.attr not in api.NOT_AWAITABLE_METHOD_NAMES
            ):
                # a coroutine of the API, or a method of the project (whose summary is not followed here:
                # ``await self.make_session()`` of a sync method returning a session is a known miss)
                continue
            value = evaluator.value(awaited, site.scope)
            message = _message(value)
            if message is None:
                continue
            if isinstance(value, Pending) and value.behaviour == api.SYNC and type(awaited.func) is ast.Attribute:
                found = contradicted(awaited.func.value, site.scope, value.receiver)  # type: ignore[union-attr]
                if found is not None:  # the annotation or the awaits: said once, at the annotation
                    yield self.finding(found.annotation, contradiction(found))
                    continue
            yield self.finding(site.node, message)


def _message(value) -> str | None:
    if isinstance(value, Pending):
        if value.receiver not in api.KINDS:
            return None  # a function of the project, not the API
        what = f"`{api.display_name(value.receiver)}.{value.name}()`"
        if value.behaviour == api.SYNC:
            return f"{what} is not a coroutine and cannot be awaited: remove `await`"
        if value.behaviour == api.ASYNC_CM:
            return f"{what} is an async context manager, not awaitable: use `async with`"
        if value.behaviour == api.ASYNC_GEN:
            return f"{what} is an async generator, not awaitable: use `async for`"
        return None
    if isinstance(value, Instance) and not value.info.awaitable:
        return f"a `{api.display_name(value.kind)}` object is not awaitable: remove `await`"
    return None
