"""ORM401: ``commit()`` on every iteration of a loop over a collection."""

from __future__ import annotations

import ast
from typing import Iterator

from .. import api
from ..findings import Finding
from ..analysis import Analysis, is_batch_loop
from ..syntax import LOOPS, ancestors, bound_names, called_name, expression_text, own_nodes, swallows, walk
from ..values import Instance, ProjectFunction, SideEffect, as_used
from .base import Rule, loop_reason

#: Parents through which a statement still runs on every iteration.
_UNCONDITIONAL = (ast.Expr, ast.Await, ast.With, ast.AsyncWith, ast.Try, ast.Assign, ast.AnnAssign, ast.withitem)


class CommitInLoop(Rule):
    """
    ## What it does
    Finds a `commit()` (awaited or not) that runs on every iteration of a
    `for` / `async for` loop over a collection, on a session that was opened
    before the loop.  A call, in such a loop, of a function of the project
    that commits the caller's session on every call (a session it is given,
    or its object's `self.session`; under `if auto_commit:` on a parameter
    that defaults to true, unless the call passes a false value) is a commit
    too: it is reported at the call, naming the line that commits.  Inside
    the function, a commit under a condition, or in a `try` whose handler
    lets the caller go on, is not one every call makes.

    It stays silent where a commit per iteration is the intent:

    - the session is created inside the loop body (one unit of work per item);
    - a retry loop: the loop body can `break` or `return`;
    - a batch loop: `range(0, n, size)`, `itertools.batched(...)`,
      `more_itertools.chunked(...)`, slicing (`items[i:i + size]`);
    - a commit under an `if` that counts a batch (`i % n == 0`,
      `len(batch) >= n`, a counter the loop increments, a clock) or picks
      one item (`if index == 0:`); any other `if` still commits once per
      item that passes it;
    - a commit in an `except` handler;
    - a commit in a `try` whose handler lets the loop go on: each item is
      a unit of work of its own, whose failure must not undo the others';
    - a loop that hands each item to a task queue (`task.delay(...)`,
      `apply_async`, `send_task`, `enqueue`, `enqueue_job`, `kiq`): its
      commits record what was dispatched;
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
            receiver = evaluator.receiver(call.func.value, site.scope)  # type: ignore[attr-defined]
            if not isinstance(receiver, Instance) or receiver.kind not in api.SESSION_LIKE_KINDS:
                continue
            if self._every_iteration(call, call.func.value, site.scope, analysis):  # type: ignore[attr-defined]
                yield self.finding(
                    call,
                    "`commit()` runs on every iteration of this loop: commit once after the loop (or once per batch)",
                    loop_reason(analysis.loops_around(call, site.scope)),
                )
        yield from self._through_functions(analysis)

    def _through_functions(self, analysis: Analysis) -> Iterator[Finding]:
        """Calls, in loops, of the project's functions that commit a session of their caller's."""
        value = analysis.evaluator.value
        for scope in analysis.bodies():
            for call, loops in analysis.loop_calls(scope):
                if not loops or not isinstance(loops[-1], LOOPS):
                    continue
                callee = value(call.func, scope)
                if not isinstance(callee, ProjectFunction) or not callee.effects:
                    continue
                for effect in callee.effects:
                    session = _caller_session(effect, call, scope, analysis)
                    if session is not None and self._every_iteration(call, session, scope, analysis):
                        yield self.finding(
                            call,
                            f"`{called_name(call.func)}()` commits (at {effect.where}) on every iteration of this "
                            "loop: commit once after the loop (or once per batch)",
                            loop_reason(analysis.loops_around(call, scope)),
                        )
                        break

    @staticmethod
    def _every_iteration(call: ast.Call, session: ast.expr, scope, analysis: Analysis) -> bool:
        """Does ``call`` (a commit of ``session``, or a call that commits it) run on every iteration of
        the innermost loop around it, a loop none of whose exemptions applies?"""
        loops = analysis.loops_around(call, scope)
        if not loops or not isinstance(loops[-1], LOOPS):
            return False  # no loop, or the innermost is a comprehension: not run on every iteration
        # the path from the call up to the innermost loop lies inside that loop
        loop = _loop_running_every_time(call, analysis.parents(loops[-1]))
        return loop is not None and not _exempt(loop, call, session, analysis.evaluator, scope)


def _loop_running_every_time(call: ast.Call, parents) -> ast.For | ast.AsyncFor | None:
    """The loop whose iterations run ``call`` one per item, or None (a batch, one item, while, no loop).

    A commit under an ``if`` still runs once per item that passes the test,
    unless the test counts a batch or picks one item (see :func:`_batches`).
    """
    tests: list[ast.expr] = []
    for parent, child in ancestors(call, parents):
        if isinstance(parent, LOOPS):
            if child not in parent.body or any(_batches(test, parent) for test in tests):
                return None
            return parent
        if type(parent) is ast.If:
            if child is parent.test:
                return None
            tests.append(parent.test)
            continue
        if isinstance(parent, ast.Try):
            if child not in parent.body and child not in parent.finalbody and child not in parent.orelse:
                return None  # in an except handler
            if child in parent.body and any(swallows(handler) for handler in parent.handlers):
                return None  # each item's failure is caught: its commit keeps the others' work
            continue
        if not isinstance(parent, _UNCONDITIONAL):
            return None  # if/else, while, match, comprehension, nested function...
    return None


#: Calls whose value changes as time passes: ``if time.monotonic() - last > 5:`` commits every few seconds.
_CLOCKS = frozenset({"time", "monotonic", "perf_counter", "now", "utcnow", "time_ns", "monotonic_ns"})


def _batches(test: ast.expr, loop: ast.For | ast.AsyncFor) -> bool:
    """Does ``test`` commit by batch or for one item: ``i % n == 0``, ``len(batch) >= n``, a counter
    the loop counts (``pending += 1``), a clock, or ``name == constant`` on the loop's variable?"""
    counters = {
        node.target.id for node in own_nodes(ast.Module(body=loop.body, type_ignores=[]))
        if type(node) is ast.AugAssign and type(node.target) is ast.Name
    }
    variables = bound_names(loop.target)
    for node in walk(test):
        node_type = type(node)
        if node_type is ast.BinOp and type(node.op) is ast.Mod:  # type: ignore[attr-defined]
            return True
        if node_type is ast.Call and called_name(node.func) in ("len", *_CLOCKS):  # type: ignore[attr-defined]
            return True
        if node_type is ast.Name and node.id in counters:  # type: ignore[attr-defined]
            return True
        if node_type is ast.Compare and len(node.ops) == 1 and type(node.ops[0]) in (ast.Eq, ast.Is):  # type: ignore
            sides = (node.left, node.comparators[0])  # type: ignore[attr-defined]
            if any(type(side) is ast.Constant for side in sides) and any(
                type(side) is ast.Name and side.id in variables for side in sides
            ):
                return True  # ``if key == "total":``, ``if index == 0:``: one item
    return False


def _caller_session(effect: SideEffect, call: ast.Call, scope, analysis: Analysis) -> ast.expr | None:
    """What, in the caller, is the session a function's ``effect`` is on (an argument of the call, or the
    object the method is called on), when it is a session; None otherwise, or when the call turns the
    effect off (``commit=False``)."""
    if effect.action not in api.COMMIT_METHODS or _turned_off(effect.flag, call):
        return None
    if effect.parameter:
        session = next((k.value for k in call.keywords if k.arg == effect.parameter), None)
        if session is None and effect.position and not any(type(a) is ast.Starred for a in call.args):
            index = int(effect.position)
            session = call.args[index] if index < len(call.args) else None
        if session is None:
            return None
        return analysis.session_at(call, scope, api.SESSION_LIKE_KINDS, argument=session)
    return analysis.session_at(call, scope, api.SESSION_LIKE_KINDS, attribute=effect.attribute)


def _turned_off(flag: str, call: ast.Call) -> bool:
    """Does the call give the parameter ``flag`` (a default-true switch of the effect) anything but true?"""
    if not flag:
        return False
    given = next((k.value for k in call.keywords if k.arg == flag), None)
    return given is not None and not (type(given) is ast.Constant and given.value is True)


def _exempt(loop: ast.For | ast.AsyncFor, call: ast.Call, session_expr: ast.expr, evaluator, scope) -> bool:
    if is_batch_loop(loop):
        return True
    if isinstance(loop, ast.AsyncFor):
        iterated = as_used(evaluator.value(loop.iter, scope))
        if not (isinstance(iterated, Instance) and iterated.kind in api.QUERY_ROWS):
            return True  # a queue, stream or subscription: each message is a unit of work
    body = ast.Module(body=loop.body, type_ignores=[])
    receiver_names = {n.id for n in walk(session_expr) if type(n) is ast.Name}
    session = expression_text(session_expr)
    end = (call.end_lineno or call.lineno, call.end_col_offset or 0)
    for node in own_nodes(body):
        if type(node) is ast.Await and (node.lineno, node.col_offset) > end and not _of_session(node, session):
            return True  # a checkpoint before other work
        if type(node) is ast.Return or (type(node) is ast.Break and not _inside_inner_loop(node, loop)):
            return True  # a retry loop: stops after the commit
        if type(node) is ast.Name and type(node.ctx) is ast.Store and node.id in receiver_names:
            return True  # the session is created inside the loop
        if type(node) is ast.Call and type(node.func) is ast.Attribute and node.func.attr in _DISPATCHES:
            return True  # each item is handed to a worker: its commit records what was dispatched
    return False


#: Methods of task queues that hand work to another process (Celery, RQ, arq, Dramatiq, taskiq).
_DISPATCHES = frozenset({"delay", "apply_async", "send_task", "enqueue", "enqueue_job", "kiq"})


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
