"""Every ``await`` of the fixture projects, dropped one at a time, is an ORM101 -- or silent for a reason.

``benchmarks/drop_awaits.py`` removes one ``await`` of an API coroutine method
(``await session.get(...)``, ``await conn.execute(...)``...) and lints the file
with the rest of the project as it is.  Each such place is a missing await a
real program could have; the linter must report it wherever the evidence
chain reaches the receiver.  The places where it stays silent are listed
below with the reason: a receiver that is not the API's, or no evidence in
the code.  A place that becomes silent, or one of these that starts being
reported, fails the test, so that the list is read again.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
PROJECTS = Path(__file__).resolve().parent / "projects"


def _load_script():
    spec = importlib.util.spec_from_file_location("drop_awaits", REPO_ROOT / "benchmarks" / "drop_awaits.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules.setdefault("drop_awaits", module)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


drop_awaits = _load_script()

#: project -> {"file:line": why ORM101 stays silent there with the await dropped}
SILENT = {
    "fastapi_service": {
        "app/broken_links.py:36": "session_factory comes from a module the project does not have",
        "app/broken_links.py:43": "tenant_session() is imported from a module the project does not have",
        "app/broken_links.py:44": "result comes from that unknown session",
        "app/broken_links.py:86": "session is bound to two different factories' sessions",
        "app/broken_links.py:131": "an aiohttp.ClientSession.get, not the ORM's",
        "app/repositories/base.py:23": "returned from a method declared to return a type variable (ModelT | None)",
        "app/routers/items.py:56": "repo.get() is the project's own coroutine, not the API's",
        "app/routers/items.py:93": "the coroutine is stored in an attribute (owner.item_count = count): handed on",
        "app/routers/users.py:78": "repo.get() is the project's own coroutine, not the API's",
        "app/services/billing.py:71": "repo.get() is the project's own coroutine, not the API's",
        "app/services/reports.py:37": "conn comes from `await engine.begin()`, itself a misplaced await (ORM102)",
        "app/services/reports.py:40": "conn comes from `await engine.begin()`, itself a misplaced await (ORM102)",
    },
    "litestar_app": {},
    "loading_service": {
        "svc/routers/orders.py:72": "repository.close() is the project's own coroutine, not the API's",
    },
}


@pytest.mark.parametrize("project", sorted(SILENT))
def test_every_dropped_await_is_reported_or_known_silent(project: str) -> None:
    root = PROJECTS / project
    sites = drop_awaits.drop_each_await(drop_awaits.python_files(root), root)
    assert len(sites) >= 10, "the fixture project lost its awaits"
    silent = {f"{site.path}:{site.line}" for site in sites if not site.caught}
    assert silent == set(SILENT[project])


def test_without_await_cuts_only_the_await() -> None:
    source = "async def f(s):\n    x = [await s.get(1)]  # await\n"
    node = next(drop_awaits.await_sites(__import__("ast").parse(source)))
    assert drop_awaits.without_await(source, node) == "async def f(s):\n    x = [s.get(1)]  # await\n"
