"""The table of drivers (``api.DRIVERS``, ``api.DEFAULT_DRIVERS``) is the installed SQLAlchemy's.

What ``create_async_engine`` does with a URL is ``make_url(url).get_dialect(_is_async=True)``: the dialect
class it loads (the async variant of a driver that has one) and its ``is_async``.  The test asks the same of
every dialect and driver of the table, and that every driver SQLAlchemy ships is in it.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from async_orm_lint import api

sqlalchemy = pytest.importorskip("sqlalchemy")
from sqlalchemy.engine import Dialect, make_url  # noqa: E402

INSTALLED = tuple(int(part) for part in sqlalchemy.__version__.split(".")[:2])
#: mariadb is a name of the mysql package's dialects, not a package of its own.
PACKAGES = {"postgresql": "postgresql", "mysql": "mysql", "mariadb": "mysql", "sqlite": "sqlite", "mssql": "mssql",
            "oracle": "oracle"}


def _loaded(url: str) -> type:
    return make_url(url).get_dialect(_is_async=True)


@pytest.mark.parametrize("dialect, driver", [(d, v) for d, drivers in api.DRIVERS.items() for v in drivers])
def test_the_table_says_what_create_async_engine_loads(dialect: str, driver: str) -> None:
    loaded = _loaded(f"{dialect}+{driver}://")
    assert loaded.is_async is api.DRIVERS[dialect][driver], (dialect, driver, loaded)


def test_every_dialect_of_sqlalchemy_is_in_the_table() -> None:
    assert set(PACKAGES) == set(api.DRIVERS) == set(api.DEFAULT_DRIVERS)
    assert set(PACKAGES.values()) == set(importlib.import_module("sqlalchemy.dialects").__all__)


@pytest.mark.parametrize("dialect", sorted(PACKAGES))
def test_every_driver_of_the_dialect_is_in_the_table(dialect: str) -> None:
    package = importlib.import_module(f"sqlalchemy.dialects.{PACKAGES[dialect]}")
    shipped = set()
    for module in pkgutil.iter_modules(package.__path__):
        if module.name.startswith("_") or module.name in ("base", "provision"):
            continue
        found = getattr(importlib.import_module(f"{package.__name__}.{module.name}"), "dialect", None)
        if isinstance(found, type) and issubclass(found, Dialect):
            shipped.add(module.name)
    if dialect == "mariadb":  # mariadb's drivers are mysql's (and its own connector)
        shipped = {driver for driver in shipped if driver != "mariadb"}
    aliases = {driver for driver in api.DRIVERS[dialect] if driver.endswith("_async")}
    assert set(api.DRIVERS[dialect]) - aliases == shipped, dialect
    for alias in aliases:
        assert _loaded(f"{dialect}+{alias}://") is _loaded(f"{dialect}+{alias[:-len('_async')]}://")


@pytest.mark.parametrize("dialect", sorted(api.DEFAULT_DRIVERS))
def test_the_default_driver_of_the_installed_version(dialect: str) -> None:
    before, after = api.DEFAULT_DRIVERS[dialect]
    expected = after if INSTALLED >= api.DEFAULT_DRIVER_CHANGED else before
    loaded = _loaded(f"{dialect}://")
    assert loaded.driver == expected, (dialect, loaded.driver)
    assert loaded.is_async is api.DRIVERS[dialect][expected]


def test_async_drivers_leave_the_aliases_out() -> None:
    assert api.async_drivers("postgresql") == ["postgresql+asyncpg", "postgresql+psycopg"]
    assert api.async_drivers("sqlite") == ["sqlite+aiosqlite"]
    assert api.async_drivers("unknown") == []
