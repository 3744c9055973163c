"""ORM302: one AsyncSession used by tasks that run concurrently."""

from __future__ import annotations

import ast
from typing import Iterator

from .. import api
from ..findings import Finding
from ..analysis import Analysis
from ..syntax import called_name, expression_text, own_nodes, walk
from ..values import Instance, as_used
from .base import Rule

_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp)


class SessionSharedByTasks(Rule):
    """
    ## What it does
    Finds one `AsyncSession` used by awaitables that run concurrently:
    `asyncio.gather(session.execute(a), session.execute(b))`,
    `gather(load_a(session), load_b(session))`, a comprehension of calls
    that all take the same session, `asyncio.create_task(work(session))`
    followed by another use of the session before the task is awaited, and
    `TaskGroup` tasks sharing a session.  Each task with its own session, or
    an `async_scoped_session` scoped to the current task, is fine.

    ## Why is this bad?
    An `AsyncSession` is a single unit of work on a single connection; it is
    not safe for concurrent use.  Two tasks that add and commit on one session
    at the same time fail with `IllegalStateChangeError` ("concurrent
    operations are not permitted"), or worse, interleave their changes in one
    transaction.  Whether it fails depends on timing, so it shows up under
    load, not in tests.

    ## Example
    ```python
    async def save_both(session: AsyncSession, a: Order, b: Order) -> None:
        await asyncio.gather(save(session, a), save(session, b))
    ```

    ## Use instead
    ```python
    async def save_one(order: Order) -> None:
        async with async_session() as session:
            await save(session, order)

    async def save_both(a: Order, b: Order) -> None:
        await asyncio.gather(save_one(a), save_one(b))
    ```
    """

    code = "ORM302"
    pylint_id = "E5822"
    symbol = "async-orm-session-shared-by-tasks"
    summary = "one AsyncSession used by concurrent tasks (`gather`, `create_task`, `TaskGroup`)"
    calls = api.RUN_TOGETHER_CALLS | api.SPAWN_CALLS

    def check(self, analysis: Analysis) -> Iterator[Finding]:
        for site in analysis.calls(self.calls):
            call = site.node
            name = called_name(call.func)  # type: ignore[attr-defined]
            if name in api.RUN_TOGETHER_CALLS:
                shared = self._shared_in_gather(call, site.scope, analysis)
                if shared is not None:
                    yield self.finding(call, _message(shared))
            elif name in api.SPAWN_CALLS:
                yield from self._spawned(site, analysis)

    # -- gather(a(session), b(session)) ------------------------------------------

    def _shared_in_gather(self, call: ast.Call, scope, analysis: Analysis) -> ast.expr | None:
        counts: dict[str, int] = {}
        nodes: dict[str, ast.expr] = {}
        for awaitable, repeated in _awaitables(call, analysis.assignments(analysis.body_root(scope))):
            for key, node in self._sessions_used(awaitable, scope, analysis).items():
                counts[key] = counts.get(key, 0) + (2 if repeated else 1)
                nodes[key] = node
        shared = [nodes[key] for key, count in counts.items() if count >= 2]
        return shared[0] if shared else None

    def _sessions_used(self, awaitable: ast.expr, scope, analysis: Analysis) -> dict[str, ast.expr]:
        """The sessions an awaitable expression uses directly: ``s.x(...)``, ``f(s)``, ``f(x=s)``."""
        if type(awaitable) is ast.Call and called_name(awaitable.func) in api.SPAWN_CALLS and awaitable.args:
            awaitable = awaitable.args[0]  # gather(create_task(work(s)), ...)
        if type(awaitable) is not ast.Call:
            return {}
        candidates = list(awaitable.args) + [k.value for k in awaitable.keywords]
        if type(awaitable.func) is ast.Attribute:
            candidates.append(awaitable.func.value)
        found = {}
        for candidate in candidates:
            if type(candidate) is ast.Starred:
                candidate = candidate.value
            if type(candidate) in (ast.Name, ast.Attribute) and _is_shared_session(candidate, scope, analysis):
                found[ast.dump(candidate)] = candidate
        return found

    # -- create_task(work(session)); session.execute(...) --------------------------

    def _spawned(self, site, analysis: Analysis) -> Iterator[Finding]:
        call = site.node
        if not call.args:
            return
        sessions = self._sessions_used(call.args[0], site.scope, analysis)
        if not sessions:
            return
        enclosing = analysis.statements_around(call, analysis.body_root(site.scope))
        if not enclosing:
            return
        statement, block = enclosing[0]
        task = _task_name(statement, call)
        later = block[block.index(statement) + 1:]
        in_loop = analysis.loops_around(call, site.scope) or _in_while(call, analysis, site.scope)
        if in_loop and not (task is not None and any(_awaits_name(s, task) for s in later)):
            # one task per iteration, all sharing the session
            yield self.finding(call, _message(list(sessions.values())[0]))
            return
        for following in later:
            if task is not None and _awaits_name(following, task):
                return
            if self._uses_any(following, set(sessions), site.scope, analysis):
                yield self.finding(call, _message(list(sessions.values())[0]))
                return

    def _uses_any(self, statement: ast.stmt, keys: set[str], scope, analysis: Analysis) -> bool:
        for node in walk(statement):
            if type(node) in (ast.Name, ast.Attribute) and type(node.ctx) is ast.Load and ast.dump(node) in keys:
                return _is_shared_session(node, scope, analysis)
        return False


def _message(session: ast.expr) -> str:
    return (
        f"`{expression_text(session)}` is used by tasks that run concurrently: an AsyncSession does not allow "
        "concurrent operations; give each task its own session"
    )


def _awaitables(call: ast.Call, assignments: dict[str, list[ast.expr]]) -> Iterator[tuple[ast.expr, bool]]:
    """The awaitables a gather/wait runs together; ``True`` when one expression stands for many.

    ``gather(*jobs)`` follows ``jobs = [work(s, x) for x in xs]`` when that is its only assignment.
    """
    for argument in call.args:
        if type(argument) is ast.Starred:
            argument = argument.value
            if type(argument) is ast.Name and len(assignments.get(argument.id, ())) == 1:
                argument = assignments[argument.id][0]
            if isinstance(argument, _COMPREHENSIONS):
                yield argument.elt, True
                continue
        if type(argument) in (ast.List, ast.Tuple, ast.Set):
            for element in argument.elts:
                yield element, False
        elif isinstance(argument, _COMPREHENSIONS):
            yield argument.elt, True
        else:
            yield argument, False


def _is_shared_session(node: ast.expr, scope, analysis: Analysis) -> bool:
    value = as_used(analysis.evaluator.value(node, scope))
    return isinstance(value, Instance) and value.kind in api.ASYNC_SESSION_KINDS


def _in_while(call: ast.Call, analysis: Analysis, scope) -> bool:
    parents = analysis.parents(analysis.body_root(scope))
    node = parents.get(id(call))
    while node is not None and not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        if isinstance(node, ast.While):
            return True
        node = parents.get(id(node))
    return False


def _task_name(statement: ast.stmt, call: ast.Call) -> str | None:
    """``t = create_task(...)`` / ``t: Task = create_task(...)``: the name ``t``."""
    if type(statement) is ast.Assign and statement.value is call and len(statement.targets) == 1:
        target = statement.targets[0]
    elif type(statement) is ast.AnnAssign and statement.value is call:
        target = statement.target
    else:
        return None
    return target.id if type(target) is ast.Name else None


def _awaits_name(statement: ast.stmt, name: str) -> bool:
    """Does the statement await the task ``name`` (directly, or through gather/wait)?"""
    for node in own_nodes(ast.Module(body=[statement], type_ignores=[])):
        if type(node) is ast.Await and any(type(n) is ast.Name and n.id == name for n in walk(node.value)):
            return True
    return False
