"""ORM101 (missing ``await``) and ORM102 (``await`` on a non-awaitable) on every method of the API table.

The cases of these rules are files under ``tests/cases/orm101_orm102`` (see
``tests/test_cases.py``).  What stays here is generated from the lists of the
API's coroutine and plain methods: one template per kind of receiver, one case
per method, so that a method added to the list is tested without a file copied
from the template.  Each snippet marks its findings as the case files do
(``# expect: ORM101:5``, see ``markers.py``) and :func:`check` compares them,
strictly, with what :func:`async_orm_lint.engine.check_source` reports for
ORM101 and ORM102.
"""

from __future__ import annotations

import textwrap

import pytest

from markers import check_marked

# ---------------------------------------------------------------------------
# the helper (markers.py), with the codes under test selected
# ---------------------------------------------------------------------------


def check(source: str) -> None:
    """Lint dedented ``source`` with ORM101 and ORM102 and compare, strictly, with its markers."""
    check_marked(textwrap.dedent(source), ("ORM101", "ORM102"))


def test_check_is_strict() -> None:
    """The helper fails on a missing, an extra, a wrongly placed and a wrongly coded finding, and on a message
    without the fragment its marker asks for."""
    bad = """\
        from sqlalchemy.ext.asyncio import AsyncSession
        async def f(session: AsyncSession, obj):
            session.commit(){missing}
            await session.add(obj){extra}
    """
    check(bad.format(missing="  # expect: ORM101:5", extra="  # expect: ORM102:5"))  # the correct markers pass
    check(bad.format(missing='  # expect: ORM101:5 "AsyncSession.commit()"', extra="  # expect: ORM102:5"))
    for missing, extra in (("", "  # expect: ORM102:5"), ("  # expect: ORM101:5", ""),
                           ("  # expect: ORM102:5", "  # expect: ORM102:5"),
                           ("  # expect: ORM101:5, ORM101:5", "  # expect: ORM102:5"),
                           ("  # expect: ORM101:6", "  # expect: ORM102:5"),
                           ('  # expect: ORM101:5 "AsyncSession.flush()"', "  # expect: ORM102:5")):
        with pytest.raises(pytest.fail.Exception):
            check(bad.format(missing=missing, extra=extra))


# ---------------------------------------------------------------------------
# ORM101: every coroutine method
# ---------------------------------------------------------------------------

ASYNC_SESSION_COROUTINES = {
    "commit": "",
    "execute": "stmt",
    "get": "User, 1",
    "get_one": "User, 1",
    "refresh": "obj",
    "delete": "obj",
    "merge": "obj",
    "flush": "",
    "rollback": "",
    "close": "",
    "scalar": "stmt",
    "scalars": "stmt",
    "stream": "stmt",
    "stream_scalars": "stmt",
    "run_sync": "fn",
    "connection": "",
    "invalidate": "",
    "reset": "",
}


@pytest.mark.parametrize("method, args", sorted(ASYNC_SESSION_COROUTINES.items()))
def test_orm101_async_session_methods(method: str, args: str) -> None:
    check(
        f"""\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession, stmt, obj, fn, User) -> None:
            session.{method}({args})  # expect: ORM101:5
            await session.{method}({args})
            value = await session.{method}({args})
        """
    )


@pytest.mark.parametrize("method, args", [("execute", "stmt"), ("commit", ""), ("run_sync", "fn"),
                                          ("rollback", ""), ("scalar", "stmt"), ("close", "")])
def test_orm101_async_connection_methods(method: str, args: str) -> None:
    check(
        f"""\
        from sqlalchemy.ext.asyncio import create_async_engine

        engine = create_async_engine("sqlite+aiosqlite://")

        async def f(stmt, fn) -> None:
            async with engine.connect() as conn:
                conn.{method}({args})  # expect: ORM101:9
                await conn.{method}({args})
        """
    )


ASYNC_RESULT_COROUTINES = ["all", "first", "one", "one_or_none", "scalar", "scalar_one",
                           "scalar_one_or_none", "fetchone", "fetchall", "fetchmany"]


@pytest.mark.parametrize("method", ASYNC_RESULT_COROUTINES)
def test_orm101_async_result_methods(method: str) -> None:
    check(
        f"""\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession, stmt) -> None:
            result = await session.stream(stmt)
            result.{method}()  # expect: ORM101:5
            await result.{method}()
        """
    )


@pytest.mark.parametrize("method", ["all", "first", "one", "one_or_none", "fetchmany"])
def test_orm101_async_scalar_result_methods(method: str) -> None:
    check(
        f"""\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession, stmt) -> None:
            scalars = await session.stream_scalars(stmt)
            scalars.{method}()  # expect: ORM101:5
            await scalars.{method}()
            result = await session.stream(stmt)
            result.scalars().{method}()  # expect: ORM101:5
            await result.scalars().{method}()
            result.unique().scalars().{method}()  # expect: ORM101:5
            result.mappings().{method}()  # expect: ORM101:5
            (await session.stream(stmt)).scalars().{method}()  # expect: ORM101:5
        """
    )


# ---------------------------------------------------------------------------
# ORM102: every plain method, and a subclass's coroutine override through each factory
# ---------------------------------------------------------------------------

ASYNC_SESSION_SYNC = {
    "add": "obj",
    "add_all": "[obj]",
    "expunge": "obj",
    "expunge_all": "",
    "expire": "obj",
    "expire_all": "",
    "is_modified": "obj",
    "in_transaction": "",
    "in_nested_transaction": "",
    "get_bind": "",
    "get_transaction": "",
}


@pytest.mark.parametrize("method, args", sorted(ASYNC_SESSION_SYNC.items()))
def test_orm102_async_session_sync_methods(method: str, args: str) -> None:
    check(
        f"""\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession, obj) -> None:
            await session.{method}({args})  # expect: ORM102:5
            value = await session.{method}({args})  # expect: ORM102:13
            session.{method}({args})
        """
    )


@pytest.mark.parametrize(
    "factory",
    [
        pytest.param("async_sessionmaker(engine, class_=MySession)", id="async_sessionmaker"),
        pytest.param("sessionmaker(engine, class_=MySession)", id="sessionmaker"),
        pytest.param(
            "async_scoped_session(async_sessionmaker(engine, class_=MySession), scopefunc=current_task)",
            id="async_scoped_session",
        ),
    ],
)
def test_orm102_subclass_override_through_factory_is_silent(factory: str) -> None:
    check(
        f"""\
        from asyncio import current_task
        from sqlalchemy.ext.asyncio import AsyncSession, async_scoped_session, async_sessionmaker, create_async_engine
        from sqlalchemy.orm import sessionmaker

        engine = create_async_engine("sqlite+aiosqlite://")

        class MySession(AsyncSession):
            async def add(self, obj) -> None:
                super().add(obj)
                await self.flush()

        factory = {factory}

        async def f(obj) -> None:
            async with factory() as session:
                await session.add(obj)
        """
    )
