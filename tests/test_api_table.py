"""The API table is the real API: checked against the installed SQLAlchemy and SQLModel."""

from __future__ import annotations

import contextlib
import importlib
import inspect
import sys

import pytest

from async_orm_lint import api

sqlalchemy = pytest.importorskip("sqlalchemy")
from sqlalchemy.engine import Connection, CursorResult, Engine, MappingResult, Result, ScalarResult  # noqa: E402
from sqlalchemy.ext import asyncio as sa_asyncio  # noqa: E402
from sqlalchemy.orm import Session, scoped_session, sessionmaker  # noqa: E402
from sqlmodel import Session as SQLModelSession  # noqa: E402
from sqlmodel.ext.asyncio.session import AsyncSession as SQLModelAsyncSession  # noqa: E402

REAL_CLASSES = {
    "AsyncSession": [sa_asyncio.AsyncSession],
    "SQLModelAsyncSession": [SQLModelAsyncSession],
    "async_scoped_session": [sa_asyncio.async_scoped_session],
    "async_sessionmaker": [sa_asyncio.async_sessionmaker],
    "AsyncSessionTransaction": [sa_asyncio.AsyncSessionTransaction],
    "AsyncEngine": [sa_asyncio.AsyncEngine],
    "AsyncConnection": [sa_asyncio.AsyncConnection],
    "AsyncTransaction": [sa_asyncio.AsyncTransaction],
    "AsyncResult": [sa_asyncio.AsyncResult],
    "AsyncScalarResult": [sa_asyncio.AsyncScalarResult],
    "AsyncMappingResult": [sa_asyncio.AsyncMappingResult],
    # execute() returns a CursorResult for DML and text(): the kind covers both
    "Result": [Result, CursorResult],
    "ScalarResult": [ScalarResult],
    "MappingResult": [MappingResult],
    "Session": [Session],
    "SQLModelSession": [SQLModelSession],
    "sessionmaker": [sessionmaker],
    "scoped_session": [scoped_session],
    "Engine": [Engine],
    "Connection": [Connection],
}
#: Class-level helpers of SQLAlchemy's memoization mixin, not API methods.
NOT_METHODS = {"memoized_instancemethod", "memoized_attribute"}
#: Methods that only some supported SQLAlchemy versions have (2.1 added these).
VERSION_SPECIFIC = {"delete_all", "merge_all"}


def public_methods(cls: type) -> dict[str, object]:
    methods = {}
    for name in dir(cls):
        if name.startswith("_") or name in NOT_METHODS:
            continue
        attribute = inspect.getattr_static(cls, name)
        if isinstance(attribute, (staticmethod, classmethod)):
            attribute = attribute.__func__
        if inspect.isfunction(attribute):
            methods[name] = attribute
    return methods


def real_behaviour(function) -> str:
    """How the installed library's method behaves, from introspection alone."""
    inner = inspect.unwrap(function)
    if inspect.iscoroutinefunction(inner):
        return api.COROUTINE
    if inspect.isasyncgenfunction(inner):
        if inner is function:
            return api.ASYNC_GEN
        wrapper_file = function.__code__.co_filename
        if wrapper_file == contextlib.__file__:
            return api.ASYNC_CM  # @asynccontextmanager
        return api.AWAITABLE  # sqlalchemy's @asyncstartablecontext: awaitable and a context manager
    returned = _resolve(inspect.signature(function).return_annotation, function.__module__)
    if isinstance(returned, type) and hasattr(returned, "__await__"):
        return api.AWAITABLE
    if isinstance(returned, type) and issubclass(returned, contextlib.AbstractAsyncContextManager):
        return api.ASYNC_CM
    return api.SYNC


def _resolve(annotation, module_name: str):
    """A string return annotation -> the object it names (generic arguments dropped)."""
    if not isinstance(annotation, str):
        return annotation
    first, *rest = annotation.split("[")[0].strip().split(".")
    namespaces = [vars(sys.modules[module_name]), vars(sa_asyncio), vars(importlib.import_module("sqlalchemy.orm"))]
    for namespace in namespaces:
        if first in namespace:
            obj = namespace[first]
            for attribute in rest:
                obj = getattr(obj, attribute)
            return obj
    return None


@pytest.mark.parametrize("kind", sorted(REAL_CLASSES))
def test_table_matches_installed_library(kind):
    table = api.KINDS[kind].methods
    real: dict[str, str] = {}
    for cls in REAL_CLASSES[kind]:
        real.update({name: real_behaviour(f) for name, f in public_methods(cls).items()})
    missing = sorted(set(real) - set(table))
    assert not missing, f"{kind}: methods missing from the table: {missing}"
    unknown = sorted(set(table) - set(real) - VERSION_SPECIFIC)
    assert not unknown, f"{kind}: the table has methods the library does not: {unknown}"
    wrong = {name: (table[name].behaviour, real[name]) for name in real if table[name].behaviour != real[name]}
    assert not wrong, f"{kind}: (table, real) behaviour differs: {wrong}"


def test_documented_facts():
    session = api.KINDS["AsyncSession"].methods
    assert session["delete"].behaviour == api.COROUTINE
    assert session["add"].behaviour == api.SYNC
    assert session["begin"].behaviour == api.AWAITABLE
    assert api.KINDS["AsyncEngine"].methods["begin"].behaviour == api.ASYNC_CM
    assert api.KINDS["SQLModelAsyncSession"].methods["exec"].behaviour == api.COROUTINE


def test_awaitable_kinds_are_awaitable():
    for kind, classes in REAL_CLASSES.items():
        for cls in classes:
            assert api.KINDS[kind].awaitable == hasattr(cls, "__await__"), kind


def test_exec_result_methods_exist_on_every_result_exec_can_return():
    exec_methods = set(api.KINDS["ExecResult"].methods)
    assert exec_methods <= set(public_methods(ScalarResult)) & set(public_methods(Result))


@pytest.mark.parametrize("dotted", sorted({**api.CLASSES, **api.CONSTRUCTORS}))
def test_dotted_names_import(dotted):
    module_name, _, attribute = dotted.rpartition(".")
    obj = getattr(importlib.import_module(module_name), attribute)
    kind = api.CLASSES.get(dotted)
    if kind is not None:
        assert any(issubclass(real, obj) or issubclass(obj, real) for real in REAL_CLASSES[kind]
                   ) or kind == "AsyncResult" and obj.__name__ == "AsyncTupleResult" or (
            kind == "Result" and obj.__name__ == "TupleResult"), dotted


def test_entered_kinds_match_aenter():
    """``async with x as y`` binds x itself for sessions, connections and transactions."""
    for kind, info in api.KINDS.items():
        if info.aenter is not None:
            assert info.aenter == kind
            assert all(hasattr(cls, "__aenter__") for cls in REAL_CLASSES[kind])


def test_blocking_io_methods_are_methods_of_their_sync_kinds():
    for kind, names in api.BLOCKING_IO_METHODS.items():
        info = api.KINDS[kind]
        assert not info.is_async and kind in api.SYNC_IO_KINDS and kind in api.ASYNC_COUNTERPART
        assert names <= set(info.methods), (kind, sorted(names - set(info.methods)))


def test_the_usage_signals_are_the_async_sessions_own():
    """Usage as evidence names methods and attributes an ``AsyncSession`` has (``sync_session`` is set
    per instance), and the awaited signals are its coroutines."""
    session = sa_asyncio.AsyncSession()
    for name in api.SESSION_USAGE_AWAITED | api.SESSION_USAGE_SYNC | api.ASYNC_SESSION_ATTRIBUTES:
        assert hasattr(session, name), name
    for name in api.SESSION_USAGE_AWAITED:
        method = getattr(sa_asyncio.AsyncSession, name)
        assert inspect.iscoroutinefunction(method) or inspect.isasyncgenfunction(method), name
    for name in api.SESSION_USAGE_SYNC:
        assert not inspect.iscoroutinefunction(getattr(sa_asyncio.AsyncSession, name)), name
