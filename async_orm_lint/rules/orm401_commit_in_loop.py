"""ORM401: ``commit()`` on every iteration of a loop over a collection."""

from __future__ import annotations

import ast
from typing import Iterator

from .. import api
from ..findings import Finding
from ..analysis import Analysis, is_batch_loop
from ..syntax import LOOPS, ancestors, expression_text, own_nodes, walk
from ..values import Instance, as_used
from .base import Rule

#: Parents through which a statement still runs on every iteration.
_UNCONDITIONAL = (ast.Expr, ast.Await, ast.With, ast.AsyncWith, ast.Try, ast.Assign, ast.AnnAssign, ast.withitem)


class CommitInLoop(Rule):
    """
    ## What it does
    Finds a `commit()` (awaited or not) that runs on every iteration of a
    `for` / `async for` loop over a collection, on a session that was opened
    before the loop.

    It stays silent where a commit per iteration is the intent:

    - the session is created inside the loop body (one unit of work per item);
    - a retry loop: the loop body can `break` or `return`;
    - a batch loop: `range(0, n, size)`, `itertools.batched(...)`,
      `more_itertools.chunked(...)`, slicing (`items[i:i + size]`);
    - a commit under an `if` (every N items) or in an `except` handler;
    - a checkpoint: a commit followed, in the same iteration, by awaited
      work that is not the session's (an external call, a notification, a
      long computation): the item's state is made durable, or visible,
      before it;
    - `while` loops (consumers, pollers, retries) and `async for` over
      anything but a query result (queues, streams, subscriptions), where each
      message is its own unit of work;
    - `flush()`, which sends the changes but keeps one transaction.

    Migrations are no exception (unlike for ORM402): a commit per row makes a
    data migration half-applied when it fails half-way, and defeats the one
    transaction Alembic runs each revision in.

    ## Why is this bad?
    Every commit is a round trip to the database and ends a transaction: N
    items cost N transactions (N fsyncs on the server), and a failure half-way
    leaves half of the items saved.  With the default `expire_on_commit=True`
    every commit also expires every loaded object, so the next iteration
    reloads them.

    ## Example
    ```python
    async def import_tags(session: AsyncSession, labels: list[str]) -> None:
        for label in labels:
            session.add(Tag(label=label))
            await session.commit()
    ```

    ## Use instead
    ```python
    async def import_tags(session: AsyncSession, labels: list[str]) -> None:
        for label in labels:
            session.add(Tag(label=label))
        await session.commit()
    ```
    or, for very large inputs, `insert(Tag)` with a list of rows per batch and
    one commit per batch.
    """

    code = "ORM401"
    pylint_id = "W5831"
    symbol = "async-orm-commit-in-loop"
    summary = "`commit()` on every iteration of a loop: one transaction and round trip per item"
    calls = api.COMMIT_METHODS

    def check(self, analysis: Analysis) -> Iterator[Finding]:
        evaluator = analysis.evaluator
        for site in analysis.method_calls(self.calls):
            call = site.node
            loops = analysis.loops_around(call, site.scope)
            if not loops or not isinstance(loops[-1], LOOPS):
                continue  # no loop, or the innermost is a comprehension: not run on every iteration
            receiver = evaluator.receiver(call.func.value, site.scope)  # type: ignore[attr-defined]
            if not isinstance(receiver, Instance) or receiver.kind not in api.SESSION_LIKE_KINDS:
                continue
            # the path from the call up to the innermost loop lies inside that loop
            loop = _loop_running_every_time(call, analysis.parents(loops[-1]))
            if loop is None or _exempt(loop, call, evaluator, site.scope):
                continue
            yield self.finding(
                call,
                "`commit()` runs on every iteration of this loop: commit once after the loop (or once per batch)",
            )


def _loop_running_every_time(call: ast.Call, parents) -> ast.For | ast.AsyncFor | None:
    """The loop whose every iteration runs ``call``, or None (conditional, while, no loop)."""
    for parent, child in ancestors(call, parents):
        if isinstance(parent, LOOPS):
            return parent if child in parent.body else None
        if isinstance(parent, ast.Try):
            if child not in parent.body and child not in parent.finalbody and child not in parent.orelse:
                return None  # in an except handler
            continue
        if not isinstance(parent, _UNCONDITIONAL):
            return None  # if/else, while, match, comprehension, nested function...
    return None


def _exempt(loop: ast.For | ast.AsyncFor, call: ast.Call, evaluator, scope) -> bool:
    if is_batch_loop(loop):
        return True
    if isinstance(loop, ast.AsyncFor):
        iterated = as_used(evaluator.value(loop.iter, scope))
        if not (isinstance(iterated, Instance) and iterated.kind in api.QUERY_ROWS):
            return True  # a queue, stream or subscription: each message is a unit of work
    body = ast.Module(body=loop.body, type_ignores=[])
    receiver_names = {n.id for n in walk(call.func.value) if type(n) is ast.Name}  # type: ignore[attr-defined]
    session = expression_text(call.func.value)  # type: ignore[attr-defined]
    end = (call.end_lineno or call.lineno, call.end_col_offset or 0)
    for node in own_nodes(body):
        if type(node) is ast.Await and (node.lineno, node.col_offset) > end and not _of_session(node, session):
            return True  # a checkpoint before other work
        if type(node) is ast.Return or (type(node) is ast.Break and not _inside_inner_loop(node, loop)):
            return True  # a retry loop: stops after the commit
        if type(node) is ast.Name and type(node.ctx) is ast.Store and node.id in receiver_names:
            return True  # the session is created inside the loop
    return False


def _of_session(node: ast.Await, session: str) -> bool:
    """Does ``node`` await a method of ``session`` (written ``session``)?"""
    awaited = node.value
    return (
        type(awaited) is ast.Call and type(awaited.func) is ast.Attribute
        and expression_text(awaited.func.value) == session
    )


def _inside_inner_loop(node: ast.Break, loop: ast.AST) -> bool:
    """Is a ``break`` inside a loop nested in ``loop`` (so it does not end ``loop``)?"""
    for inner in walk(loop):
        if inner is not loop and isinstance(inner, (ast.For, ast.AsyncFor, ast.While)):
            if any(n is node for n in walk(inner)):
                return True
    return False
