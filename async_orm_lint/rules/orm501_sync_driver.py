"""ORM501: ``create_async_engine()`` given the URL of a synchronous driver."""

from __future__ import annotations

import ast
import os
import re
from pathlib import Path
from typing import Iterator

from .. import api
from ..analysis import Analysis
from ..findings import Finding
from ..project import find_root
from ..scopes import Assigned, Declared, Imported, Scope
from ..syntax import LiteralText, literal_text
from ..values import Text
from ._requirements import sqlalchemy_said
from .base import Rule

_SCHEME = re.compile(r"([a-z][a-z0-9_]*)(?:\+([a-z0-9_]+))?://")
_VERSION = ".".join(map(str, api.DEFAULT_DRIVER_CHANGED))


class SyncDriver(Rule):
    """
    ## What it does
    Finds `create_async_engine()` given the URL of a driver that is not
    async: `postgresql+psycopg2://`, `postgresql+pg8000://`,
    `mysql+pymysql://`, `mysql+mysqldb://`, `sqlite://` (pysqlite),
    `mssql+pyodbc://`, `oracle+cx_oracle://`... (the table of SQLAlchemy's
    drivers is in `async_orm_lint/api.py`, checked against SQLAlchemy itself).

    The URL is read where it is written out: a string, an f-string or a
    concatenation whose scheme is literal (`f"postgresql+psycopg2://{user}@{host}/db"`),
    `make_url(...)`, `URL.create(drivername=...)`, `url.set(drivername=...)`,
    and a constant of the module or of another module of the project
    (`from app.config import DATABASE_URL`), when every binding of the name
    says the same.

    A URL without a driver loads the dialect's default driver.
    `postgresql://` loads psycopg2 (sync) before SQLAlchemy 2.1 and psycopg 3
    (which has an async variant, which `create_async_engine` uses) from 2.1
    on; `oracle://` likewise loads cx_Oracle before 2.1 and python-oracledb
    from it. For those two, the rule reads the SQLAlchemy versions the
    project requires, at its root: `pyproject.toml` (`[project]` dependencies
    and optional dependencies, `[dependency-groups]`, poetry's tables) and
    `requirements*.txt`. When the constraints allow a version before 2.1
    (`sqlalchemy>=2.0`, `sqlalchemy~=2.0.30`, `sqlalchemy<2.1`), it reports
    the URL and quotes the constraint; from 2.1 on (`sqlalchemy>=2.1`), or when
    the project does not say (no constraint, or only `sqlalchemy`), it stays
    silent. `mysql://`, `mariadb://`, `sqlite://` and `mssql://` load a
    synchronous driver on every version.

    It stays silent on a URL it cannot read whole up to its `://`: one read
    from the environment or from settings (defaults included), built by a
    function, or rewritten with `.replace(...)`; and on third-party dialects.

    ## Why is this bad?
    `create_async_engine()` raises `InvalidRequestError: The asyncio
    extension requires an async driver to be used. The loaded 'psycopg2' is
    not async.` when the engine is created: the application does not start
    (or, for an engine created on first use, the first request fails).

    ## Example
    ```python
    engine = create_async_engine("postgresql+psycopg2://app:secret@db/app")
    ```

    ## Use instead
    ```python
    engine = create_async_engine("postgresql+asyncpg://app:secret@db/app")
    ```
    or `postgresql+psycopg://` (psycopg 3, whose async variant
    `create_async_engine` picks); `mysql+aiomysql://` or `mysql+asyncmy://`,
    `sqlite+aiosqlite://`, `mssql+aioodbc://`, `oracle+oracledb://`.
    """

    code = "ORM501"
    pylint_id = "E5841"
    symbol = "async-orm-sync-driver"
    summary = "`create_async_engine()` given the URL of a synchronous driver: InvalidRequestError at start-up"
    calls = frozenset({"create_async_engine"})

    def check(self, analysis: Analysis) -> Iterator[Finding]:
        evaluator = analysis.evaluator
        for site in analysis.calls(self.calls):
            call = site.node
            if evaluator.dotted_name(call.func, site.scope) not in api.CREATE_ASYNC_ENGINE:  # type: ignore
                continue
            url = _url_argument(call)  # type: ignore[arg-type]
            if url is None:
                continue
            text = _UrlReader(analysis).text(url, site.scope)
            match = _SCHEME.match(text[0]) if text is not None else None
            if match is None:
                continue
            message = _message(match[1], match[2], analysis)
            if message is not None:
                yield self.finding(url, message)


def _url_argument(call: ast.Call) -> ast.expr | None:
    if call.args and type(call.args[0]) is not ast.Starred:
        return call.args[0]
    return next((keyword.value for keyword in call.keywords if keyword.arg == "url"), None)


class _UrlReader:
    """The literal start of a URL expression, through names, ``make_url`` and ``URL.create``."""

    def __init__(self, analysis: Analysis) -> None:
        self.evaluator = analysis.evaluator

    def text(self, node: ast.expr, scope: Scope, depth: int = 0) -> LiteralText | None:
        if depth > 8:
            return None
        return literal_text(node, lambda part: self._part(part, scope, depth + 1))

    def _part(self, node: ast.expr, scope: Scope, depth: int) -> LiteralText | None:
        """What ``node`` (not a literal) is known to start with."""
        node_type = type(node)
        if node_type is ast.Name:
            return self._name(node, scope, depth)  # type: ignore[arg-type]
        if node_type is ast.Attribute:
            return _text(self.evaluator.value(node, scope))  # ``config.DATABASE_URL`` of a project module
        if node_type is not ast.Call:
            return None
        func = node.func  # type: ignore[attr-defined]
        dotted = self.evaluator.dotted_name(func, scope)
        if dotted in api.MAKE_URL_FUNCTIONS and node.args:  # type: ignore[attr-defined]
            return self.text(node.args[0], scope, depth)  # type: ignore[attr-defined]
        if dotted in api.URL_CREATE_FUNCTIONS:
            return self._driver(node, scope, depth, positional=True)  # type: ignore[arg-type]
        if type(func) is ast.Attribute and func.attr == "set":
            # ``url.set(drivername=...)``: only a URL has ``set()`` among what ``create_async_engine`` takes
            driver = self._driver(node, scope, depth, positional=False)  # type: ignore[arg-type]
            if driver is not None or any(k.arg == "drivername" or k.arg is None for k in node.keywords):  # type: ignore
                return driver
            found = self.text(func.value, scope, depth)
            return (found[0], False) if found is not None else None
        return None

    def _driver(self, call: ast.Call, scope: Scope, depth: int, positional: bool) -> LiteralText | None:
        """``URL.create("postgresql+psycopg2", ...)`` / ``.set(drivername=...)``: the URL's scheme."""
        node = call.args[0] if positional and call.args else None
        node = next((k.value for k in call.keywords if k.arg == "drivername"), node)
        found = self.text(node, scope, depth) if node is not None else None
        if found is None or not found[1]:
            return None
        return (found[0] + "://", False)

    def _name(self, node: ast.Name, scope: Scope, depth: int) -> LiteralText | None:
        """A name whose every binding is the same literal text (or an imported constant of the project)."""
        owner = self.evaluator.binding_scope(node.id, scope)
        if owner is None:
            return None
        found: set[LiteralText | None] = set()
        for source in owner.bindings[node.id]:
            if type(source) in (Assigned, Declared) and source.value is not None:  # type: ignore[attr-defined]
                found.add(self.text(source.value, owner, depth))  # type: ignore[attr-defined]
            elif type(source) is Imported:
                found.add(_text(self.evaluator.dotted_value(source.dotted)))  # type: ignore[attr-defined]
            else:
                return None
            if None in found or len(found) > 1:
                return None
        return found.pop() if found else None


def _text(value) -> LiteralText | None:
    return (value.text, value.whole) if isinstance(value, Text) else None


def _message(dialect: str, driver: str | None, analysis: Analysis) -> str | None:
    drivers = api.DRIVERS.get(dialect)
    if drivers is None:
        return None
    instead = " or ".join(f"`{name}://`" for name in api.async_drivers(dialect))
    fails = "`create_async_engine()` raises InvalidRequestError when the engine is created"
    if driver is not None:
        if drivers.get(driver, True):
            return None  # async, or not a driver of SQLAlchemy's
        return f"`{dialect}+{driver}://` names the synchronous driver {driver}: {fails}; use {instead}"
    before, after = api.DEFAULT_DRIVERS[dialect]
    if drivers[after]:  # the default became async: it depends on the version
        if drivers[before]:
            return None
        said = _said(analysis)
        if said is None or not said.allows_before:
            return None
        return (
            f"`{dialect}://` loads the synchronous driver {before} before SQLAlchemy {_VERSION}, which the project "
            f"allows (`{said.constraint}` in {said.where}): there {fails}; name an async driver: {instead}"
        )
    return f"`{dialect}://` loads the synchronous driver {before}: {fails}; use {instead}"


def _said(analysis: Analysis):
    """What the project says of its SQLAlchemy versions (see :mod:`._requirements`)."""
    index = getattr(analysis.evaluator.resolver, "index", None)
    root = getattr(index, "root", None)
    if root is None and analysis.path is not None:
        root = find_root(Path(os.path.abspath(analysis.path)).parent)
    if root is None:
        return None
    return sqlalchemy_said(str(root), api.DEFAULT_DRIVER_CHANGED)
