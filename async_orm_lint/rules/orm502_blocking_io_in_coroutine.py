"""ORM502: I/O of the synchronous API (a ``Session``, an ``Engine``, a ``Connection``) in a coroutine."""

from __future__ import annotations

import ast
from typing import Iterator

from .. import api
from ..analysis import Analysis
from ..findings import Finding
from ._contradicted import contradicted
from .base import Rule


class BlockingIoInCoroutine(Rule):
    """
    ## What it does
    Finds the database I/O of SQLAlchemy's synchronous API called in the body
    of an `async def`: a `Session`'s (SQLModel's, a `scoped_session`'s)
    `execute()`, `scalars()`, `scalar()`, `get()`, `query()`, `exec()`,
    `commit()`, `flush()`, `refresh()`, `merge()`, `connection()`, an
    `Engine`'s `connect()` and `begin()`, a `Connection`'s `execute()`,
    `scalars()`, `commit()`...  The receiver must be known to be one of them
    (an annotation, `create_engine(...)`, `sessionmaker(...)`...).

    Code that runs in a thread is fine and not reported: a `def` nested in
    the coroutine, a `lambda` (the callbacks handed to `run_sync()`,
    `asyncio.to_thread()`, `loop.run_in_executor()`, Starlette's
    `run_in_threadpool()` or `anyio.to_thread.run_sync()`), and every plain
    `def` (FastAPI runs `def` endpoints in its thread pool).

    ## Why is this bad?
    A synchronous call waits for the database in the thread that makes it.
    In a coroutine, that thread runs the event loop: while the query runs,
    nothing else does; every other request, task and timer of the process
    waits, and a slow query stalls the whole service.  Nothing fails, so it
    shows only under load, as latency.

    ## Example
    ```python
    @app.get("/report")
    async def report(db: Session = Depends(get_db)) -> list[Row]:
        return db.execute(REPORT_QUERY).all()
    ```

    ## Use instead
    ```python
    @app.get("/report")
    async def report(db: AsyncSession = Depends(get_db)) -> list[Row]:
        return (await db.execute(REPORT_QUERY)).all()
    ```
    or keep the synchronous code and run it in a thread:
    `await asyncio.to_thread(build_report, engine)`; a FastAPI endpoint
    declared with `def` instead of `async def` runs in FastAPI's thread pool.
    """

    code = "ORM502"
    pylint_id = "W5842"
    symbol = "async-orm-blocking-io-in-coroutine"
    summary = "I/O of a synchronous `Session`, `Engine` or `Connection` in an `async def`: blocks the event loop"
    calls = frozenset().union(*api.BLOCKING_IO_METHODS.values())

    def check(self, analysis: Analysis) -> Iterator[Finding]:
        for site, receiver in analysis.calls_on(self.calls, api.SYNC_IO_KINDS):
            name = site.node.func.attr  # type: ignore[attr-defined]
            if name not in api.BLOCKING_IO_METHODS[receiver.kind] or name in receiver.overrides:
                continue
            function = site.scope.function_scope()
            if function is None or type(function.node) is not ast.AsyncFunctionDef:
                continue  # module level, a def or a lambda: not the body of a coroutine
            if type(site.parent) is ast.Await and contradicted(
                site.node.func.value, site.scope, receiver.kind  # type: ignore[attr-defined]
            ):
                continue  # awaited as an AsyncSession's: ORM102 says the annotation contradicts it
            yield self.finding(site.node, _message(receiver.kind, name, function.node.name))  # type: ignore


def _message(kind: str, name: str, coroutine: str) -> str:
    what = f"`{api.display_name(kind)}.{name}()`"
    runs = "builds a query that runs synchronously" if name == "query" else "waits for the database"
    return (
        f"{what} {runs} in `async def {coroutine}`, blocking the event loop meanwhile:"
        f" use an `{api.ASYNC_COUNTERPART[kind]}` (and `await`), or run the synchronous code in a thread"
        " (`await asyncio.to_thread(...)`)"
    )
