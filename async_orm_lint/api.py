"""What the linter knows about SQLAlchemy's and SQLModel's API, as data.

Every rule asks the same question: *what does calling this method on this kind
of object give back, and must it be awaited?*  The answer is kept here, in one
table, so that the rules hold no API knowledge of their own.  The table is
written out by hand (the linter never imports SQLAlchemy) and
``tests/test_api_table.py`` checks it against the installed SQLAlchemy and
SQLModel with :func:`inspect.iscoroutinefunction`, so it cannot drift from the
real library.

Vocabulary
----------
*kind*
    A short name for one class of the API (``"AsyncSession"``, ``"Result"``...).
*behaviour* of a method, what its call returns:

    ``COROUTINE``  a coroutine: must be awaited, dropping it loses the work;
    ``AWAITABLE``  an object that may be awaited *or* used another way
                   (``session.begin()`` is awaitable and an async context
                   manager);
    ``SYNC``       a plain value: awaiting it is a ``TypeError``;
    ``ASYNC_CM``   an async context manager that is not awaitable
                   (``AsyncEngine.begin()``);
    ``ASYNC_GEN``  an async generator: iterate it with ``async for``;
    ``GENERATOR``  a generator: iterate it with ``for``.
"""

from __future__ import annotations

from typing import NamedTuple

COROUTINE = "coroutine"
AWAITABLE = "awaitable"
SYNC = "sync"
ASYNC_CM = "async context manager"
ASYNC_GEN = "async generator"
GENERATOR = "generator"
#: ``contextlib``'s decorators, also called as functions (``get_ctx = asynccontextmanager(get_session)``).
ASYNC_CONTEXT_MANAGER_DECORATORS = frozenset({"contextlib.asynccontextmanager"})
SYNC_CONTEXT_MANAGER_DECORATORS = frozenset({"contextlib.contextmanager"})
#: ``functools.partial(factory, ...)``: calling it calls ``factory``.
PARTIAL_FUNCTIONS = frozenset({"functools.partial"})
#: Calls that wrap a function or a factory (see ``Summaries.wrapped``).
WRAPPING_FUNCTIONS = ASYNC_CONTEXT_MANAGER_DECORATORS | SYNC_CONTEXT_MANAGER_DECORATORS | PARTIAL_FUNCTIONS

#: Stands for "the session class this factory or registry produces".
PRODUCT = "<product>"


class Method(NamedTuple):
    """One method of one kind (a tuple: the tables hold about a thousand, made at import).

    ``returns`` is the kind obtained by awaiting the call (``COROUTINE``,
    ``AWAITABLE``) or by the call itself (``SYNC``); ``enters`` the kind bound
    by ``async with``/``with`` on the call's result.
    """

    name: str
    behaviour: str
    returns: str | None = None
    enters: str | None = None


class KindInfo(NamedTuple):
    """One class of the API: its methods and how it behaves as a value."""

    name: str
    is_async: bool
    methods: dict[str, Method]
    #: ``await obj`` works (``AsyncConnection``, ``AsyncSessionTransaction``).
    awaitable: bool = False
    #: kinds bound by ``async with obj as x`` / ``with obj as x``.
    aenter: str | None = None
    enter: str | None = None
    #: calling the object itself (factories and scoped registries).
    call_returns: str | None = None
    #: is this kind a session (sync or async)?  Later rules ask.
    is_session: bool = False
    aliases: tuple[str, ...] = ()


def _methods(
    coroutine: str = "",
    sync: str = "",
    awaitable: str = "",
    async_cm: str = "",
    async_gen: str = "",
    returns: dict[str, str] | None = None,
    enters: dict[str, str] | None = None,
) -> dict[str, Method]:
    """Build a method table from space-separated name lists."""
    returns = returns or {}
    enters = enters or {}
    table: dict[str, Method] = {}
    for behaviour, names in (
        (COROUTINE, coroutine),
        (SYNC, sync),
        (AWAITABLE, awaitable),
        (ASYNC_CM, async_cm),
        (ASYNC_GEN, async_gen),
    ):
        for name in names.split():
            table[name] = Method(name, behaviour, returns.get(name), enters.get(name))
    return table


# --------------------------------------------------------------------------
# asyncio extension
# --------------------------------------------------------------------------

_ASYNC_SESSION_COROUTINES = (
    "aclose close close_all commit connection delete delete_all execute flush get"
    " get_one invalidate merge merge_all refresh reset rollback run_sync scalar"
    " scalars stream stream_scalars"
)
_ASYNC_SESSION_SYNC = (
    "add add_all bind_mapper bind_table expire expire_all expunge expunge_all"
    " get_async_bind get_bind get_nested_transaction get_transaction identity_key"
    " in_nested_transaction in_transaction is_modified object_session"
)
_ASYNC_SESSION_RETURNS = {
    "execute": "Result",
    "scalars": "ScalarResult",
    "stream": "AsyncResult",
    "stream_scalars": "AsyncScalarResult",
    "connection": "AsyncConnection",
    "begin": "AsyncSessionTransaction",
    "begin_nested": "AsyncSessionTransaction",
}
_ASYNC_SESSION_ENTERS = {
    "begin": "AsyncSessionTransaction",
    "begin_nested": "AsyncSessionTransaction",
}

#: Methods of every result kind that return the rows themselves (a list).
_ROWS = {"all": "Rows", "fetchall": "Rows", "fetchmany": "Rows"}

_ASYNC_RESULT_RETURNS = {
    **_ROWS,
    "columns": "AsyncResult",
    "unique": "AsyncResult",
    "yield_per": "AsyncResult",
    # AsyncTupleResult is a typing-only class: at run time tuples() returns
    # the same AsyncResult.
    "tuples": "AsyncResult",
    "mappings": "AsyncMappingResult",
    "scalars": "AsyncScalarResult",
}

_SYNC_SESSION_METHODS = (
    "add add_all begin begin_nested bind_mapper bind_table bulk_insert_mappings"
    " bulk_save_objects bulk_update_mappings close commit connection delete"
    " delete_all enable_relationship_loading execute expire expire_all expunge"
    " expunge_all flush get get_bind get_nested_transaction get_one"
    " get_transaction identity_key in_nested_transaction in_transaction"
    " invalidate is_modified merge merge_all object_session prepare query refresh"
    " reset rollback scalar scalars"
)
_SYNC_SESSION_RETURNS = {
    "execute": "Result",
    "scalars": "ScalarResult",
    "connection": "Connection",
}

_RESULT_METHODS = (
    "all close columns fetchall fetchmany fetchone first freeze keys mappings merge"
    " one one_or_none partitions scalar scalar_one scalar_one_or_none scalars"
    " tuples unique yield_per"
    # CursorResult, what execute() returns for DML and text()
    " last_inserted_params last_updated_params lastrow_has_defaults postfetch_cols"
    " prefetch_cols splice_horizontally splice_vertically"
    " supports_sane_multi_rowcount supports_sane_rowcount"
)
_SCALAR_RESULT_METHODS = (
    "all close fetchall fetchmany first one one_or_none partitions unique yield_per"
)


def _kinds() -> dict[str, KindInfo]:
    kinds = [
        KindInfo(
            "AsyncSession",
            is_async=True,
            is_session=True,
            aenter="AsyncSession",
            methods=_methods(
                coroutine=_ASYNC_SESSION_COROUTINES,
                sync=_ASYNC_SESSION_SYNC,
                awaitable="begin begin_nested",
                returns=_ASYNC_SESSION_RETURNS,
                enters=_ASYNC_SESSION_ENTERS,
            ),
        ),
        KindInfo(
            # sqlmodel.ext.asyncio.session.AsyncSession: adds exec(); its
            # execute() is deprecated but still a coroutine.
            "SQLModelAsyncSession",
            is_async=True,
            is_session=True,
            aenter="SQLModelAsyncSession",
            methods=_methods(
                coroutine=_ASYNC_SESSION_COROUTINES + " exec",
                sync=_ASYNC_SESSION_SYNC,
                awaitable="begin begin_nested",
                returns={**_ASYNC_SESSION_RETURNS, "exec": "ExecResult"},
                enters=_ASYNC_SESSION_ENTERS,
            ),
        ),
        KindInfo(
            "async_scoped_session",
            is_async=True,
            call_returns=PRODUCT,
            methods=_methods(
                coroutine=(
                    "aclose close close_all commit connection delete delete_all"
                    " execute flush get get_one invalidate merge merge_all refresh"
                    " remove reset rollback scalar scalars stream stream_scalars"
                ),
                sync=(
                    "add add_all configure expire expire_all expunge expunge_all"
                    " get_async_bind get_bind identity_key is_modified object_session"
                ),
                awaitable="begin begin_nested",
                returns=_ASYNC_SESSION_RETURNS,
                enters=_ASYNC_SESSION_ENTERS,
            ),
        ),
        KindInfo(
            "async_sessionmaker",
            is_async=True,
            call_returns=PRODUCT,
            methods=_methods(
                sync="configure",
                async_cm="begin",
                enters={"begin": PRODUCT},
            ),
        ),
        KindInfo(
            "AsyncSessionTransaction",
            is_async=True,
            awaitable=True,
            aenter="AsyncSessionTransaction",
            methods=_methods(
                coroutine="commit rollback start",
                awaitable="bound_connection",
                returns={"bound_connection": "AsyncConnection"},
            ),
        ),
        KindInfo(
            "AsyncEngine",
            is_async=True,
            methods=_methods(
                coroutine="dispose raw_connection",
                sync=(
                    "clear_compiled_cache execution_options get_execution_options"
                    " update_execution_options"
                ),
                awaitable="connect",
                async_cm="begin",
                returns={"connect": "AsyncConnection", "execution_options": "AsyncEngine"},
                enters={"connect": "AsyncConnection", "begin": "AsyncConnection"},
            ),
        ),
        KindInfo(
            "AsyncConnection",
            is_async=True,
            awaitable=True,
            aenter="AsyncConnection",
            methods=_methods(
                coroutine=(
                    "aclose close commit exec_driver_sql execute execution_options"
                    " get_isolation_level get_raw_connection invalidate rollback"
                    " run_sync scalar scalars start"
                ),
                sync=(
                    "get_nested_transaction get_transaction in_nested_transaction"
                    " in_transaction"
                ),
                awaitable="begin begin_nested stream stream_scalars",
                returns={
                    "execute": "Result",
                    "exec_driver_sql": "Result",
                    "scalars": "ScalarResult",
                    "execution_options": "AsyncConnection",
                    "start": "AsyncConnection",
                    "begin": "AsyncTransaction",
                    "begin_nested": "AsyncTransaction",
                    "stream": "AsyncResult",
                    "stream_scalars": "AsyncScalarResult",
                },
                enters={
                    "begin": "AsyncTransaction",
                    "begin_nested": "AsyncTransaction",
                    "stream": "AsyncResult",
                    "stream_scalars": "AsyncScalarResult",
                },
            ),
        ),
        KindInfo(
            "AsyncTransaction",
            is_async=True,
            awaitable=True,
            aenter="AsyncTransaction",
            methods=_methods(coroutine="close commit rollback start"),
        ),
        KindInfo(
            "AsyncResult",
            is_async=True,
            methods=_methods(
                coroutine=(
                    "all close fetchall fetchmany fetchone first freeze one"
                    " one_or_none scalar scalar_one scalar_one_or_none"
                ),
                sync="columns keys mappings scalars tuples unique yield_per",
                async_gen="partitions",
                returns=_ASYNC_RESULT_RETURNS,
            ),
        ),
        KindInfo(
            "AsyncScalarResult",
            is_async=True,
            methods=_methods(
                coroutine="all close fetchall fetchmany first one one_or_none",
                sync="unique yield_per",
                async_gen="partitions",
                returns={**_ROWS, "unique": "AsyncScalarResult", "yield_per": "AsyncScalarResult"},
            ),
        ),
        KindInfo(
            "AsyncMappingResult",
            is_async=True,
            methods=_methods(
                coroutine="all close fetchall fetchmany fetchone first one one_or_none",
                sync="columns keys unique yield_per",
                async_gen="partitions",
                returns={
                    **_ROWS,
                    "columns": "AsyncMappingResult",
                    "unique": "AsyncMappingResult",
                    "yield_per": "AsyncMappingResult",
                },
            ),
        ),
        # ------------------------------------------------------------------
        # synchronous API: nothing here may be awaited
        # ------------------------------------------------------------------
        KindInfo(
            "Result",
            is_async=False,
            methods=_methods(
                sync=_RESULT_METHODS,
                returns={
                    **_ROWS,
                    "columns": "Result",
                    "unique": "Result",
                    "yield_per": "Result",
                    "tuples": "Result",
                    "scalars": "ScalarResult",
                    "mappings": "MappingResult",
                },
            ),
        ),
        KindInfo(
            "ScalarResult",
            is_async=False,
            methods=_methods(
                sync=_SCALAR_RESULT_METHODS,
                returns={**_ROWS, "unique": "ScalarResult", "yield_per": "ScalarResult"},
            ),
        ),
        KindInfo(
            "MappingResult",
            is_async=False,
            methods=_methods(
                sync=_SCALAR_RESULT_METHODS + " columns fetchone keys",
                returns={
                    **_ROWS,
                    "columns": "MappingResult",
                    "unique": "MappingResult",
                    "yield_per": "MappingResult",
                },
            ),
        ),
        KindInfo(
            # What SQLModel's exec() returns: a ScalarResult for select(Model),
            # a Result for several columns.  Only the methods both have.
            "ExecResult",
            is_async=False,
            methods=_methods(sync=_SCALAR_RESULT_METHODS, returns=_ROWS),
        ),
        KindInfo(
            # The rows a result's all() / fetchall() gave: a plain list.
            "Rows",
            is_async=False,
            methods={},
        ),
        KindInfo(
            "Session",
            is_async=False,
            is_session=True,
            enter="Session",
            methods=_methods(
                sync=_SYNC_SESSION_METHODS, returns=_SYNC_SESSION_RETURNS
            ),
        ),
        KindInfo(
            "SQLModelSession",
            is_async=False,
            is_session=True,
            enter="SQLModelSession",
            methods=_methods(
                sync=_SYNC_SESSION_METHODS + " exec",
                returns={**_SYNC_SESSION_RETURNS, "exec": "ExecResult"},
            ),
        ),
        KindInfo(
            "sessionmaker",
            is_async=False,
            call_returns=PRODUCT,
            methods=_methods(
                sync="begin configure identity_key object_session", enters={"begin": PRODUCT}
            ),
        ),
        KindInfo(
            "scoped_session",
            is_async=False,
            call_returns=PRODUCT,
            methods=_methods(
                sync=(
                    "add add_all begin begin_nested bulk_insert_mappings bulk_save_objects"
                    " bulk_update_mappings close commit configure connection delete"
                    " delete_all execute expire expire_all expunge expunge_all flush get"
                    " get_bind get_one identity_key is_modified merge merge_all"
                    " object_session query query_property refresh remove reset rollback"
                    " scalar scalars"
                ),
                returns=_SYNC_SESSION_RETURNS,
            ),
        ),
        KindInfo(
            "Engine",
            is_async=False,
            methods=_methods(
                sync=(
                    "begin clear_compiled_cache connect dispose execution_options"
                    " get_execution_options raw_connection update_execution_options"
                ),
                returns={"connect": "Connection", "execution_options": "Engine"},
                enters={"connect": "Connection", "begin": "Connection"},
            ),
        ),
        KindInfo(
            "Connection",
            is_async=False,
            enter="Connection",
            methods=_methods(
                sync=(
                    "begin begin_nested begin_twophase close commit commit_prepared"
                    " detach exec_driver_sql execute execution_options"
                    " get_execution_options get_isolation_level"
                    " get_nested_transaction get_transaction in_nested_transaction"
                    " in_transaction invalidate recover_twophase rollback"
                    " rollback_prepared scalar scalars schema_for_object"
                ),
                returns={
                    "execute": "Result",
                    "exec_driver_sql": "Result",
                    "scalars": "ScalarResult",
                    "execution_options": "Connection",
                },
            ),
        ),
    ]
    return {kind.name: kind for kind in kinds}


KINDS: dict[str, KindInfo] = _kinds()

#: Session kinds that a factory produces unless told otherwise.
DEFAULT_PRODUCT = {
    "async_sessionmaker": "AsyncSession",
    "async_scoped_session": "AsyncSession",
    "sessionmaker": "Session",
    "scoped_session": "Session",
}

#: Kinds that are the rows of a query: iterating one visits the result set.
QUERY_ROWS = frozenset(
    {"Rows", "Result", "ScalarResult", "MappingResult", "ExecResult", "AsyncResult", "AsyncScalarResult",
     "AsyncMappingResult"}
)

#: Every method name of every kind: a call whose name is not here cannot be a
#: finding, which spares the engine any further look at it.
KNOWN_METHOD_NAMES: frozenset[str] = frozenset(
    name for kind in KINDS.values() for name in kind.methods
)

#: Method names that are not awaitable on at least one kind (sync methods, async
#: context managers and generators): ``await x.name(...)`` can only be wrong then.
NOT_AWAITABLE_METHOD_NAMES: frozenset[str] = frozenset(
    name
    for kind in KINDS.values()
    for name, method in kind.methods.items()
    if method.behaviour not in (COROUTINE, AWAITABLE)
)

#: Method names that are awaitable on at least one kind (coroutines, ``begin()``):
#: a call by another name is never a dropped coroutine of the API.
AWAITABLE_METHOD_NAMES: frozenset[str] = frozenset(
    name
    for kind in KINDS.values()
    for name, method in kind.methods.items()
    if method.behaviour in (COROUTINE, AWAITABLE)
)

# --------------------------------------------------------------------------
# Public names, resolved through imports
# --------------------------------------------------------------------------

_ASYNCIO = "sqlalchemy.ext.asyncio"

#: Dotted names of classes, mapped to their kind.  Annotating with one of them,
#: or calling it, gives an instance of that kind.
CLASSES: dict[str, str] = {
    f"{_ASYNCIO}.AsyncSession": "AsyncSession",
    f"{_ASYNCIO}.session.AsyncSession": "AsyncSession",
    "sqlmodel.ext.asyncio.session.AsyncSession": "SQLModelAsyncSession",
    f"{_ASYNCIO}.async_scoped_session": "async_scoped_session",
    f"{_ASYNCIO}.scoping.async_scoped_session": "async_scoped_session",
    f"{_ASYNCIO}.async_sessionmaker": "async_sessionmaker",
    f"{_ASYNCIO}.session.async_sessionmaker": "async_sessionmaker",
    f"{_ASYNCIO}.AsyncSessionTransaction": "AsyncSessionTransaction",
    f"{_ASYNCIO}.session.AsyncSessionTransaction": "AsyncSessionTransaction",
    f"{_ASYNCIO}.AsyncEngine": "AsyncEngine",
    f"{_ASYNCIO}.engine.AsyncEngine": "AsyncEngine",
    f"{_ASYNCIO}.AsyncConnection": "AsyncConnection",
    f"{_ASYNCIO}.engine.AsyncConnection": "AsyncConnection",
    f"{_ASYNCIO}.AsyncTransaction": "AsyncTransaction",
    f"{_ASYNCIO}.engine.AsyncTransaction": "AsyncTransaction",
    f"{_ASYNCIO}.AsyncResult": "AsyncResult",
    f"{_ASYNCIO}.result.AsyncResult": "AsyncResult",
    f"{_ASYNCIO}.AsyncTupleResult": "AsyncResult",
    f"{_ASYNCIO}.result.AsyncTupleResult": "AsyncResult",
    f"{_ASYNCIO}.AsyncScalarResult": "AsyncScalarResult",
    f"{_ASYNCIO}.result.AsyncScalarResult": "AsyncScalarResult",
    f"{_ASYNCIO}.AsyncMappingResult": "AsyncMappingResult",
    f"{_ASYNCIO}.result.AsyncMappingResult": "AsyncMappingResult",
    "sqlalchemy.Result": "Result",
    "sqlalchemy.engine.Result": "Result",
    "sqlalchemy.engine.result.Result": "Result",
    "sqlalchemy.CursorResult": "Result",
    "sqlalchemy.engine.CursorResult": "Result",
    "sqlalchemy.engine.cursor.CursorResult": "Result",
    "sqlalchemy.engine.TupleResult": "Result",
    "sqlalchemy.engine.result.TupleResult": "Result",
    "sqlalchemy.ScalarResult": "ScalarResult",
    "sqlalchemy.engine.ScalarResult": "ScalarResult",
    "sqlalchemy.engine.result.ScalarResult": "ScalarResult",
    "sqlalchemy.MappingResult": "MappingResult",
    "sqlalchemy.engine.MappingResult": "MappingResult",
    "sqlalchemy.engine.result.MappingResult": "MappingResult",
    "sqlalchemy.orm.Session": "Session",
    "sqlalchemy.orm.session.Session": "Session",
    "sqlmodel.Session": "SQLModelSession",
    "sqlmodel.orm.session.Session": "SQLModelSession",
    "sqlalchemy.orm.sessionmaker": "sessionmaker",
    "sqlalchemy.orm.session.sessionmaker": "sessionmaker",
    "sqlalchemy.orm.scoped_session": "scoped_session",
    "sqlalchemy.orm.scoping.scoped_session": "scoped_session",
    "sqlalchemy.Engine": "Engine",
    "sqlalchemy.engine.Engine": "Engine",
    "sqlalchemy.engine.base.Engine": "Engine",
    "sqlalchemy.Connection": "Connection",
    "sqlalchemy.engine.Connection": "Connection",
    "sqlalchemy.engine.base.Connection": "Connection",
}

#: Dotted names of functions that build an object of a kind.
CONSTRUCTORS: dict[str, str] = {
    f"{_ASYNCIO}.create_async_engine": "AsyncEngine",
    f"{_ASYNCIO}.engine.create_async_engine": "AsyncEngine",
    f"{_ASYNCIO}.async_engine_from_config": "AsyncEngine",
    f"{_ASYNCIO}.engine.async_engine_from_config": "AsyncEngine",
    "sqlalchemy.create_engine": "Engine",
    "sqlalchemy.engine.create_engine": "Engine",
    "sqlalchemy.engine.create.create_engine": "Engine",
    "sqlalchemy.engine_from_config": "Engine",
    "sqlalchemy.engine.engine_from_config": "Engine",
    "sqlmodel.create_engine": "Engine",
}

#: Factories whose ``class_=`` argument names the session class they produce.
FACTORY_KINDS = frozenset(DEFAULT_PRODUCT)

#: Every top-level package a module must mention for the engine to look at it.
ROOT_PACKAGES = ("sqlalchemy", "sqlmodel", "alembic")

#: How a kind is named in messages, where its table name is not the class name.
DISPLAY_NAMES = {
    "Rows": "list of rows",
    "SQLModelAsyncSession": "AsyncSession",
    "SQLModelSession": "Session",
    "ExecResult": "Result",
}


def display_name(kind: str) -> str:
    return DISPLAY_NAMES.get(kind, kind)


# --------------------------------------------------------------------------
# The ORM's mapped classes, statements and loader options
# --------------------------------------------------------------------------

_ORM = "sqlalchemy.orm"

#: Classes whose subclasses are mapped (SQLModel's only with ``table=True``).
DECLARATIVE_BASES = frozenset(
    {f"{_ORM}.DeclarativeBase", f"{_ORM}.DeclarativeBaseNoMeta", f"{_ORM}.decl_api.DeclarativeBase",
     f"{_ORM}.decl_api.DeclarativeBaseNoMeta"}
)
SQLMODEL_BASES = frozenset({"sqlmodel.SQLModel", "sqlmodel.main.SQLModel"})
#: Functions that return a declarative base class.
DECLARATIVE_BASE_FACTORIES = frozenset(
    {f"{_ORM}.declarative_base", f"{_ORM}.decl_api.declarative_base", "sqlalchemy.ext.declarative.declarative_base"}
)
RELATIONSHIP_FUNCTIONS = frozenset(
    {f"{_ORM}.relationship", f"{_ORM}.relationships.relationship", "sqlmodel.Relationship",
     "sqlmodel.main.Relationship"}
)
BACKREF_FUNCTIONS = frozenset({f"{_ORM}.backref", f"{_ORM}.relationships.backref"})
SELECT_FUNCTIONS = frozenset(
    {"sqlalchemy.select", "sqlalchemy.sql.select", "sqlalchemy.sql.expression.select", "sqlalchemy.future.select",
     "sqlmodel.select", "sqlmodel.sql.expression.select", "sqlmodel.sql._expression_select_gen.select"}
)
#: Statement methods that keep what each row is.
STATEMENT_METHODS = frozenset(
    {"where", "filter", "filter_by", "order_by", "limit", "offset", "join", "outerjoin", "join_from",
     "select_from", "distinct", "group_by", "having", "execution_options", "params", "with_for_update",
     "correlate", "slice", "fetch", "options", "prefix_with", "suffix_with", "with_hint"}
)
#: Loader options and whether they make a relationship readable without I/O.
LOADER_OPTIONS = {
    "selectinload": True, "joinedload": True, "subqueryload": True, "immediateload": True,
    "contains_eager": True, "noload": True,  # noload: reads give None / empty, never I/O
    "lazyload": False, "raiseload": False, "defaultload": False, "load_only": None, "defer": None,
    "undefer": None, "selectin_polymorphic": None, "with_expression": None, "undefer_group": None,
}
LOADER_OPTION_NAMES = frozenset(f"{_ORM}.{name}" for name in LOADER_OPTIONS) | frozenset(
    f"{_ORM}.strategy_options.{name}" for name in LOADER_OPTIONS
)
#: Loader strategies of ``relationship(lazy=...)`` whose reads need no I/O at read time
#: (loaded with the parent, never loaded, or a query object that is not run by the read).
READ_WITHOUT_IO = frozenset({"selectin", "joined", "subquery", "immediate", "noload", "dynamic", "write_only"})


# --------------------------------------------------------------------------
# The vocabulary the rules speak: which methods query, commit, close; which
# kinds are sessions; which calls run awaitables concurrently
# --------------------------------------------------------------------------

#: Kinds that are sessions (sync or async): what a unit of work is.
SESSION_KINDS = frozenset(name for name, kind in KINDS.items() if kind.is_session)
#: Usage as evidence, for a parameter nothing annotates: coroutines that, awaited on one object in one
#: function, with another of these signals, no other library's object has together (``execute``,
#: ``commit``, ``close``, ``get``, ``delete`` alone prove nothing: asyncpg, aiosqlite, databases,
#: psycopg, motor and redis have them)...
SESSION_USAGE_AWAITED = frozenset({"flush", "refresh", "scalars", "stream_scalars", "run_sync"})
#: ...and the session's own sync methods.
SESSION_USAGE_SYNC = frozenset({"add", "add_all", "expunge", "expunge_all", "get_bind"})
#: The attributes of an ``AsyncSession`` that are not methods (every other attribute read on such an
#: object says it is something else).
ASYNC_SESSION_ATTRIBUTES = frozenset({
    "bind", "info", "no_autoflush", "dirty", "new", "deleted", "identity_map", "is_active", "autoflush",
    "sync_session",
})
#: Registries that stand for the session of the current scope (``scoped_session``...).
SCOPED_REGISTRY_KINDS = frozenset({"async_scoped_session", "scoped_session"})
#: What a call of ``commit()`` or a query is made on: a session, or a registry standing for one.
SESSION_LIKE_KINDS = SESSION_KINDS | SCOPED_REGISTRY_KINDS
#: Sessions one object of which is one connection, not safe for concurrent tasks
#: (``async_scoped_session`` hands each task its own).
ASYNC_SESSION_KINDS = frozenset(name for name in SESSION_KINDS if KINDS[name].is_async)
#: What a query can be run on: sessions, their registries, connections.
QUERY_RECEIVER_KINDS = SESSION_LIKE_KINDS | {"AsyncConnection", "Connection"}
#: Session factories: calling one makes a new session.
SESSION_FACTORY_KINDS = frozenset({"async_sessionmaker", "sessionmaker"})
#: Connections: a session bound to one uses it, rather than the pool of an engine.
CONNECTION_KINDS = frozenset({"AsyncConnection", "Connection"})
#: Engines: ``connect()`` on one opens a new connection.
ENGINE_KINDS = frozenset({"AsyncEngine", "Engine"})

#: Methods that run a query and return its rows (the first argument is the statement, or the
#: mapped class for ``get``).
QUERY_METHODS = frozenset({"get", "get_one", "scalar", "scalars", "execute", "exec", "stream", "stream_scalars"})
#: Methods that load one instance by primary key.
GET_METHODS = frozenset({"get", "get_one"})
COMMIT_METHODS = frozenset({"commit"})
#: A rollback expires every persistent instance of the session, whatever ``expire_on_commit`` says.
ROLLBACK_METHODS = frozenset({"rollback"})
#: Calls that read every attribute of the instance they are given (``Out.model_validate(user)``,
#: ``Out.from_orm(user)``, FastAPI's ``jsonable_encoder(user)``)...
WHOLE_READ_FUNCTIONS = frozenset({"model_validate", "from_orm", "jsonable_encoder"})
#: ...or are called on (SQLModel's ``user.model_dump()``, pydantic v1's ``.dict()``, ``to_dict()`` helpers).
WHOLE_READ_METHODS = frozenset({"model_dump", "model_dump_json", "dict", "json", "to_dict"})
WHOLE_READ_CALLS = WHOLE_READ_FUNCTIONS | WHOLE_READ_METHODS
#: Methods that release a session's or a connection's resources.
CLOSE_METHODS = frozenset({"close", "aclose", "invalidate"})
#: Methods that put an object in a session (it then belongs to it, and expires with its commits).
ADD_METHODS = frozenset({"add", "add_all", "merge"})
#: ``session.refresh(obj[, names])``: reloads the instance (the relationships named).
REFRESH_METHOD = "refresh"

#: Loader strategies of ``relationship(lazy=...)`` whose read loads (or raises): the ones a read
#: of an unloaded relationship breaks on under an ``AsyncSession``.
LOADS_ON_READ_OR_RAISES = frozenset({"select", "raise", "raise_on_sql", "subquery_on_read"})

#: Calls that run several awaitables together: ``asyncio.gather(a, b)``, ``asyncio.wait(...)``.
RUN_TOGETHER_CALLS = frozenset({"gather", "wait", "as_completed"})
#: Calls that start an awaitable as a task of its own: ``asyncio.create_task``, ``TaskGroup.create_task``,
#: anyio's ``start_soon``.
SPAWN_CALLS = frozenset({"create_task", "ensure_future", "start_soon"})

#: Functions that build a statement that writes (``insert(User)``, ``update(User)``, ``delete(User)``).
WRITE_STATEMENT_FUNCTIONS = frozenset(
    f"{module}.{name}"
    for module in ("sqlalchemy", "sqlalchemy.sql", "sqlalchemy.sql.expression", "sqlalchemy.sql.dml", "sqlmodel",
                   "sqlalchemy.dialects.postgresql", "sqlalchemy.dialects.sqlite", "sqlalchemy.dialects.mysql")
    for name in ("insert", "update", "delete")
)
#: Methods of a ``Table`` that build a statement that writes (``users.insert().values(...)``).
WRITE_STATEMENT_METHODS = frozenset({"insert", "update", "delete"})
#: The first word of a textual statement that writes (``text("UPDATE ...")``).
WRITE_SQL_KEYWORDS = frozenset({"insert", "update", "delete", "merge", "upsert", "replace", "copy", "truncate"})
#: ``text("...")``: a statement written in SQL.
TEXT_FUNCTIONS = frozenset(
    {"sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text", "sqlmodel.text"}
)

#: Kinds of the synchronous API whose I/O blocks the thread that runs it (in a coroutine, the event loop).
SYNC_IO_KINDS = frozenset({"Session", "SQLModelSession", "scoped_session", "Engine", "Connection"})
_SYNC_SESSION_IO = (
    "execute scalar scalars get get_one query commit flush refresh merge merge_all connection"
    " bulk_save_objects bulk_insert_mappings bulk_update_mappings"
)
#: The methods of each of :data:`SYNC_IO_KINDS` that wait for the database (``query()`` builds a
#: ``Query`` whose SQL runs, blocking, when it is iterated or ``.all()``, ``.first()``... is called).
BLOCKING_IO_METHODS: dict[str, frozenset[str]] = {
    "Session": frozenset(_SYNC_SESSION_IO.split()),
    "SQLModelSession": frozenset(_SYNC_SESSION_IO.split()) | {"exec"},
    "scoped_session": frozenset(_SYNC_SESSION_IO.split()),
    "Engine": frozenset({"connect", "begin", "raw_connection"}),
    "Connection": frozenset({"execute", "exec_driver_sql", "scalar", "scalars", "commit"}),
}
#: What to use instead of each of :data:`SYNC_IO_KINDS` in a coroutine.
ASYNC_COUNTERPART = {
    "Session": "AsyncSession",
    "SQLModelSession": "AsyncSession",
    "scoped_session": "async_scoped_session",
    "Engine": "AsyncEngine",
    "Connection": "AsyncConnection",
}

# --------------------------------------------------------------------------
# Engines and their drivers (ORM501)
# --------------------------------------------------------------------------

#: ``create_async_engine``, however it is imported.
CREATE_ASYNC_ENGINE = frozenset(name for name, kind in CONSTRUCTORS.items() if name.endswith(".create_async_engine"))
#: ``make_url(text)``: the URL the text says.
MAKE_URL_FUNCTIONS = frozenset({"sqlalchemy.make_url", "sqlalchemy.engine.make_url", "sqlalchemy.engine.url.make_url"})
#: ``URL.create(drivername, ...)``: the URL of the driver it names.
URL_CREATE_FUNCTIONS = frozenset(
    {"sqlalchemy.URL.create", "sqlalchemy.engine.URL.create", "sqlalchemy.engine.url.URL.create"}
)

#: The drivers of SQLAlchemy's own dialects (``dialect+driver://``) and whether ``create_async_engine`` can use
#: them: ``dialect.is_async`` of the dialect it loads, which is the async variant of a driver that has one
#: (``postgresql+psycopg``, ``oracle+oracledb``).  ``tests/test_api_drivers.py`` checks the table against the
#: installed SQLAlchemy.  A dialect or driver that is not here (a third-party one) is never reported.
DRIVERS: dict[str, dict[str, bool]] = {
    "postgresql": {
        "asyncpg": True, "psycopg": True, "psycopg_async": True,
        "psycopg2": False, "psycopg2cffi": False, "pg8000": False,
    },
    "mysql": {
        "aiomysql": True, "asyncmy": True,
        "mysqldb": False, "pymysql": False, "mysqlconnector": False, "mariadbconnector": False, "cymysql": False,
        "pyodbc": False,
    },
    "mariadb": {
        "aiomysql": True, "asyncmy": True,
        "mysqldb": False, "pymysql": False, "mysqlconnector": False, "mariadbconnector": False, "cymysql": False,
        "pyodbc": False,
    },
    "sqlite": {"aiosqlite": True, "pysqlite": False, "pysqlcipher": False},
    "mssql": {"aioodbc": True, "pyodbc": False, "pymssql": False, "mssqlpython": False},
    "oracle": {"oracledb": True, "oracledb_async": True, "cx_oracle": False},
}
#: The SQLAlchemy version from which a URL without a driver (``postgresql://``) loads another default driver.
DEFAULT_DRIVER_CHANGED = (2, 1)
#: The driver a URL without one loads: before :data:`DEFAULT_DRIVER_CHANGED`, and from it.  SQLAlchemy 2.1
#: made psycopg (3) PostgreSQL's default, and python-oracledb Oracle's; both have an async variant.  (The
#: earlier defaults are those of SQLAlchemy 2.0's ``dialects/postgresql/__init__.py`` and
#: ``dialects/oracle/__init__.py``; the later ones are checked against the installed SQLAlchemy.)
DEFAULT_DRIVERS: dict[str, tuple[str, str]] = {
    "postgresql": ("psycopg2", "psycopg"),
    "oracle": ("cx_oracle", "oracledb"),
    "mysql": ("mysqldb", "mysqldb"),
    "mariadb": ("mysqldb", "mysqldb"),
    "sqlite": ("pysqlite", "pysqlite"),
    "mssql": ("pyodbc", "pyodbc"),
}


def async_drivers(dialect: str) -> list[str]:
    """The async drivers of a dialect, as a URL names them (``postgresql+asyncpg``), aliases left out."""
    return [
        f"{dialect}+{driver}" for driver, is_async in DRIVERS.get(dialect, {}).items()
        if is_async and not driver.endswith("_async")
    ]


# --------------------------------------------------------------------------
# Tables, columns and their constraints (ORM601)
# --------------------------------------------------------------------------

_SCHEMA_MODULES = ("sqlalchemy", "sqlalchemy.schema", "sqlalchemy.sql.schema", "sqlmodel")


def _schema(name: str) -> frozenset[str]:
    return frozenset(f"{module}.{name}" for module in _SCHEMA_MODULES)


#: ``Table("orders", metadata, Column(...), ..., Index(...))``.
TABLE_CLASSES = _schema("Table")
#: ``Column(...)`` in a ``Table`` or a declarative class.
COLUMN_CLASSES = _schema("Column")
#: ``mapped_column(...)`` of a declarative class.
MAPPED_COLUMN_FUNCTIONS = frozenset({f"{_ORM}.mapped_column", f"{_ORM}._orm_constructors.mapped_column"})
#: SQLModel's ``Field(...)``, with its ``foreign_key=``, ``index=`` and ``sa_column=``.
SQLMODEL_FIELD_FUNCTIONS = frozenset({"sqlmodel.Field", "sqlmodel.main.Field"})
FOREIGN_KEY_CLASSES = _schema("ForeignKey")
#: Constraints and indexes whose first column is indexed (a unique constraint and a primary key are indexes).
INDEX_CLASSES = _schema("Index")
UNIQUE_CONSTRAINT_CLASSES = _schema("UniqueConstraint")
PRIMARY_KEY_CONSTRAINT_CLASSES = _schema("PrimaryKeyConstraint")
#: Table arguments that index nothing (a composite foreign key's columns carry no ``ForeignKey`` of their own).
OTHER_CONSTRAINT_CLASSES = _schema("ForeignKeyConstraint") | _schema("CheckConstraint")


# --------------------------------------------------------------------------
# Alembic's migrations (ORM701)
# --------------------------------------------------------------------------

#: Alembic's operations module: ``from alembic import op``.
ALEMBIC_OP = "alembic.op"
#: Operations that change nothing by themselves (they read, name or register): ``op.get_bind()``, ``op.f(...)``.
ALEMBIC_OP_READS = frozenset(
    {"get_bind", "get_context", "f", "inline_literal", "implementation_for", "register_operation"}
)
