"""ORM101 (missing ``await``) and ORM102 (``await`` on a non-awaitable), table-driven.

Every snippet marks the findings it expects with a trailing comment naming the
code and column of each (``# expect: ORM101:5``, ``# expect: ORM101:5, ORM102:11``:
see ``markers.py``).  :func:`check` compares, strictly, the multiset of
``(line, column, code)`` of those markers with what
:func:`async_orm_lint.engine.check_source` reports: a missing finding, an extra
one (ORM000 included) or a duplicate fails the test.  A snippet without any
marker expects no finding at all.

Negative snippets always mention SQLAlchemy (an import), so that the engine
really looks at them and their silence is the rules' doing, not the cheap
"does this module mention sqlalchemy" test.
"""

from __future__ import annotations

import textwrap
import pytest

from markers import check_marked, markers

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
# ORM101: where an unawaited coroutine shows
# ---------------------------------------------------------------------------

ORM101_SHAPES = [
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession, obj) -> None:
            session.add(obj)
            session.commit()  # expect: ORM101:5
            await session.flush()
        """,
        id="expression-statement",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession, stmt) -> None:
            result = session.execute(stmt)  # expect: ORM101:14
            print("done")
        """,
        id="assigned-never-used",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession, stmt) -> list:
            result = session.execute(stmt)  # expect: ORM101:14
            if result:
                return result.all()
            return []
        """,
        id="assigned-only-consumed-on-the-spot",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession) -> None:
            done: object = session.commit()  # expect: ORM101:20
        """,
        id="annotated-assignment-never-awaited",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession, stmt) -> list:
            return await session.execute(stmt).scalars()  # expect: ORM101:18
        """,
        id="chained-attribute-under-await",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession, stmt) -> list:
            return session.scalars(stmt).all()  # expect: ORM101:12
        """,
        id="chained-attribute-no-await",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession, User) -> None:
            if session.get(User, 1):  # expect: ORM101:8
                pass
            while session.scalar(1):  # expect: ORM101:11
                break
            assert session.get_one(User, 1)  # expect: ORM101:12
            if not session.get(User, 2):  # expect: ORM101:12
                pass
            print(session.get(User, 3)[0])  # expect: ORM101:11
            label = "yes" if session.get(User, 4) else "no"  # expect: ORM101:22
            if session.get(User, 5) is None:  # expect: ORM101:8
                pass
            print(f"{session.get(User, 6)}")  # expect: ORM101:14
        """,
        id="used-as-test-or-subscripted",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession, stmt) -> None:
            for row in session.scalars(stmt):  # expect: ORM101:16
                print(row)
            async for row in session.stream(stmt):  # expect: ORM101:22
                print(row)
            names = [row.name for row in session.scalars(stmt)]  # expect: ORM101:34
        """,
        id="used-as-iterable",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession, conn_session: AsyncSession) -> None:
            session.begin()  # expect: ORM101:5
            session.begin_nested()  # expect: ORM101:5
        """,
        id="begin-as-bare-statement",
    ),
    pytest.param(
        """\
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession

        async def keys(session: AsyncSession, stmt) -> list:
            result = session.execute(stmt)  # expect: ORM101:14
            return [tuple(row) for row in result]

        async def names(session: AsyncSession, stmt) -> set:
            rows = session.scalars(stmt)  # expect: ORM101:12
            return {row.name async for row in rows if row.name}
        """,
        id="assigned-then-iterated-by-a-comprehension",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def exists(session: AsyncSession, stmt) -> bool:
            return bool(session.scalar(stmt))  # expect: ORM101:17

        async def count(session: AsyncSession, stmt) -> int:
            rows = session.scalars(stmt)  # expect: ORM101:12
            return len(list(rows))
        """,
        id="read-by-a-builtin",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def read_user(db: AsyncSession, user_id: int):
            user = db.get(User, user_id)  # expect: ORM101:12
            if user is None:
                raise LookupError(user_id)
            return user

        async def total(db: AsyncSession, stmt) -> dict:
            result = db.execute(stmt)  # expect: ORM101:14
            return {"rows": result, "ok": bool(result)}
        """,
        id="assigned-read-and-handed-on",
    ),
    pytest.param(
        """\
        from typing import Optional, Sequence
        from sqlalchemy import Result
        from sqlalchemy.ext.asyncio import AsyncSession
        from sqlalchemy.orm import DeclarativeBase

        class Base(DeclarativeBase):
            pass

        class User(Base):
            __tablename__ = "users"

        class Repository:
            def __init__(self, session: AsyncSession) -> None:
                self.session = session

            async def count(self, stmt) -> int:
                return self.session.scalar(stmt)  # expect: ORM101:16

            async def get(self, user_id: int) -> "User | None":
                return self.session.get(User, user_id)  # expect: ORM101:16

            async def all(self, stmt) -> Optional[Sequence[User]]:
                return self.session.scalars(stmt)  # expect: ORM101:16

            def run(self, stmt) -> Result:
                return self.session.execute(stmt)  # expect: ORM101:16
        """,
        id="returned-from-a-function-declared-to-return-a-value",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def finish(session: AsyncSession, ok: bool) -> None:
            session.commit() if ok else session.rollback()  # expect: ORM101:5, ORM101:33
            ok and session.flush()  # expect: ORM101:12

        async def save(session: AsyncSession, commit: bool) -> None:
            return session.commit() if commit else session.flush()  # expect: ORM101:12, ORM101:44

        async def later(session: AsyncSession, ok: bool) -> None:
            job = session.commit() if ok else session.rollback()  # expect: ORM101:11, ORM101:39
            print("done")
        """,
        id="through-a-conditional-expression",
    ),
    pytest.param(
        """\
        import typing
        from typing import cast
        from sqlalchemy.ext.asyncio import AsyncSession

        async def first(session: AsyncSession, stmt) -> None:
            row = cast("ScalarResult[int]", session.scalars(stmt)).one_or_none()  # expect: ORM101:37
            rows = typing.cast(list, session.execute(stmt))  # expect: ORM101:30
            print(row, len(rows))

        async def count(session: AsyncSession, stmt) -> int:
            return cast(int, session.scalar(stmt))  # expect: ORM101:22
        """,
        id="through-typing-cast",
    ),
    pytest.param(
        """\
        from typing import Any
        from sqlalchemy import Result, ScalarResult
        from sqlalchemy.ext.asyncio import AsyncSession

        async def rows(session: AsyncSession, stmt) -> Result[Any]:
            return session.execute(stmt)  # expect: ORM101:12

        async def users(session: AsyncSession, stmt) -> "ScalarResult[int]":
            return session.scalars(stmt)  # expect: ORM101:12

        async def count(session: AsyncSession, stmt) -> int:
            result = session.execute(stmt)  # expect: ORM101:14
            if hasattr(result, "rowcount"):
                print(result)
            return getattr(result, "rowcount", -2)
        """,
        id="returned-as-a-generic-result-or-read-by-builtins",
    ),
]


@pytest.mark.parametrize("source", ORM101_SHAPES)
def test_orm101_shapes(source: str) -> None:
    check(source)


ORM101_HANDED_ON = [
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession) -> None:
            pending = session.commit()
            print("later")
            await pending
        """,
        id="assigned-then-awaited",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(a: AsyncSession, b: AsyncSession) -> None:
            first = a.commit()
            second = b.commit()
            await asyncio.gather(first, second)
            await asyncio.gather(a.flush(), b.flush())
        """,
        id="gathered",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession, tg: asyncio.TaskGroup) -> None:
            job = session.commit()
            task = asyncio.create_task(job)
            tg.create_task(session.flush())
            asyncio.ensure_future(session.rollback())
            await task
        """,
        id="create-task",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession):
            job = session.commit()
            return job

        def g(session: AsyncSession):
            return session.commit()

        def h(session: AsyncSession):
            return lambda: session.close()
        """,
        id="returned",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        class Batch:
            def __init__(self, session: AsyncSession) -> None:
                self.pending = []
                job = session.commit()
                self.pending.append(job)
                other = session.flush()
                self.jobs = [other]
                self.current = session.rollback()
                third = session.close()
                registry = {"close": third}
        """,
        id="stored",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession) -> None:
            job = session.commit()

            async def run() -> None:
                await job

            await run()
        """,
        id="awaited-in-nested-function",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        def f(session: AsyncSession) -> None:
            session.commit().close()
        """,
        id="coroutine-closed-explicitly",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        pending = None

        async def start(session: AsyncSession) -> None:
            global pending
            pending = session.commit()

        async def finish() -> None:
            await pending
        """,
        id="stored-in-global",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def outer(session: AsyncSession) -> None:
            pending = None

            def start() -> None:
                nonlocal pending
                pending = session.commit()

            start()
            await pending
        """,
        id="stored-in-nonlocal",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession, ok: bool) -> None:
            await (session.commit() if ok else session.rollback())
            job = session.flush() if ok else None
            if job is not None:
                await job
        """,
        id="branch-of-conditional-expression",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession, stmts) -> None:
            first = session.execute(stmts[0])
            await asyncio.gather(*[job for job in (first,)])
            pending = session.flush()
            await asyncio.gather(*[pending for _ in range(1)])
        """,
        id="handed-on-inside-a-comprehension",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession, stmt, ok: bool):
            job = session.commit()
            if job is not None:
                await job
            pending = session.flush()
            print(pending.cr_frame)
            return pending

        async def g(session: AsyncSession, stmt):
            result = session.execute(stmt)
            if result:
                result = await result
            return result
        """,
        id="read-but-awaited-or-rebound",
    ),
    pytest.param(
        """\
        from typing import Any, Awaitable, Coroutine, TypeVar
        from sqlalchemy.ext.asyncio import AsyncSession

        T = TypeVar("T")

        class Page:
            pass

        class Repository:
            def __init__(self, session: AsyncSession) -> None:
                self.session = session

            def commit(self) -> Awaitable[None]:
                return self.session.commit()

            def flush(self) -> "Coroutine[Any, Any, None]":
                return self.session.flush()

            async def first(self, stmt) -> Any:
                return self.session.scalar(stmt)

            async def one(self, stmt) -> T:
                return self.session.scalar(stmt)

            async def page(self, stmt) -> Page:
                return self.session.execute(stmt)

            async def untyped(self, stmt):
                return self.session.execute(stmt)
        """,
        id="returned-where-an-awaitable-may-be-declared",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        def list(job):
            return [job]

        async def f(session: AsyncSession, stmt, bool) -> None:
            jobs = list(session.commit())
            flag = bool(session.flush())
            await jobs[0]
            await flag
        """,
        id="builtin-names-rebound",
    ),
    pytest.param(
        """\
        from typing import Any, cast
        from sqlalchemy.ext.asyncio import AsyncSession

        def cast_(kind, value):
            return value

        async def f(session: AsyncSession, stmt):
            pending = cast(Any, session.commit())
            await pending
            other = cast_(int, session.flush()).send
            print(other)
            return cast(int, session.scalar(stmt))
        """,
        id="through-typing-cast",
    ),
    pytest.param(
        """\
        from typing import Any, Awaitable, Generic, TypeVar
        from sqlalchemy import Result
        from sqlalchemy.ext.asyncio import AsyncSession

        T = TypeVar("T")

        class Box(Generic[T]):
            pass

        async def later(session: AsyncSession, stmt) -> Awaitable[Result[Any]]:
            return session.execute(stmt)

        async def boxed(session: AsyncSession, stmt) -> Box[int]:
            return session.execute(stmt)
        """,
        id="returned-as-a-generic-that-may-be-awaitable",
    ),
]


@pytest.mark.parametrize("source", ORM101_HANDED_ON)
def test_orm101_coroutine_handed_on_is_silent(source: str) -> None:
    check(source)


# ---------------------------------------------------------------------------
# ORM101: every kind
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


def test_orm101_async_engine_dispose() -> None:
    check(
        """\
        from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

        engine = create_async_engine("sqlite+aiosqlite://")

        async def shutdown(other: AsyncEngine) -> None:
            engine.dispose()  # expect: ORM101:5
            other.dispose()  # expect: ORM101:5
            await engine.dispose()
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


def test_orm101_async_result_through_async_connection() -> None:
    check(
        """\
        from sqlalchemy.ext.asyncio import AsyncConnection

        async def f(conn: AsyncConnection, stmt) -> None:
            result = await conn.stream(stmt)
            result.all()  # expect: ORM101:5
            async with conn.stream(stmt) as streamed:
                streamed.first()  # expect: ORM101:9
            async with conn.stream_scalars(stmt) as scalars:
                scalars.all()  # expect: ORM101:9
        """
    )


def test_orm101_async_scoped_session() -> None:
    check(
        """\
        from asyncio import current_task
        from sqlalchemy.ext.asyncio import async_scoped_session, async_sessionmaker, create_async_engine

        engine = create_async_engine("sqlite+aiosqlite://")
        factory = async_sessionmaker(engine, expire_on_commit=False)
        Session = async_scoped_session(factory, scopefunc=current_task)

        async def f(stmt, obj) -> None:
            Session.add(obj)
            Session.commit()  # expect: ORM101:5
            Session.execute(stmt)  # expect: ORM101:5
            Session.remove()  # expect: ORM101:5
            await Session.remove()
            session = Session()
            session.flush()  # expect: ORM101:5
            Session().rollback()  # expect: ORM101:5
        """
    )


def test_orm101_async_scoped_session_annotation() -> None:
    check(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession, async_scoped_session

        async def f(registry: async_scoped_session[AsyncSession]) -> None:
            registry.commit()  # expect: ORM101:5
            registry().commit()  # expect: ORM101:5
        """
    )


def test_orm101_sqlmodel_exec() -> None:
    check(
        """\
        from sqlmodel import select
        from sqlmodel.ext.asyncio.session import AsyncSession

        async def heroes(session: AsyncSession, Hero) -> list:
            session.exec(select(Hero))  # expect: ORM101:5
            session.commit()  # expect: ORM101:5
            rows = await session.exec(select(Hero)).all()  # expect: ORM101:18
            return (await session.exec(select(Hero))).all()
        """
    )


def test_orm101_begin_on_async_connection() -> None:
    check(
        """\
        from sqlalchemy.ext.asyncio import AsyncConnection

        async def f(conn: AsyncConnection) -> None:
            conn.begin()  # expect: ORM101:5
            conn.begin_nested()  # expect: ORM101:5
            await conn.begin()
            async with conn.begin():
                pass
        """
    )


# ---------------------------------------------------------------------------
# ORM101: how the receiver is known
# ---------------------------------------------------------------------------

RECEIVERS = [
    pytest.param(
        """\
        from typing import Optional
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: Optional[AsyncSession] = None) -> None:
            session.commit()  # expect: ORM101:5
        """,
        id="Optional",
    ),
    pytest.param(
        """\
        from typing import Union
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(a: AsyncSession | None, b: Union[None, AsyncSession]) -> None:
            a.commit()  # expect: ORM101:5
            b.commit()  # expect: ORM101:5
        """,
        id="pipe-None-and-Union",
    ),
    pytest.param(
        """\
        from typing import Annotated
        from fastapi import Depends
        from sqlalchemy.ext.asyncio import AsyncSession

        async def get_db(): ...

        async def route(session: Annotated[AsyncSession, Depends(get_db)]) -> None:
            session.commit()  # expect: ORM101:5
        """,
        id="Annotated",
    ),
    pytest.param(
        """\
        from typing import Optional
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(a: "AsyncSession", b: "Optional[AsyncSession]", c: Optional["AsyncSession"]) -> None:
            a.commit()  # expect: ORM101:5
            b.commit()  # expect: ORM101:5
            c.commit()  # expect: ORM101:5
        """,
        id="string-annotations",
    ),
    pytest.param(
        """\
        from __future__ import annotations
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession) -> None:
            session.commit()  # expect: ORM101:5
        """,
        id="type-checking-import",
    ),
    pytest.param(
        """\
        import sqlalchemy.ext.asyncio as sa
        import sqlalchemy.ext.asyncio

        async def f(a: sa.AsyncSession, b: sqlalchemy.ext.asyncio.AsyncSession, c: "sa.AsyncSession") -> None:
            a.commit()  # expect: ORM101:5
            b.commit()  # expect: ORM101:5
            c.commit()  # expect: ORM101:5
        """,
        id="module-import-and-alias",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession as AS
        from sqlalchemy.ext.asyncio.session import AsyncSession as Deep

        async def f(a: AS, b: Deep) -> None:
            a.commit()  # expect: ORM101:5
            b.commit()  # expect: ORM101:5
        """,
        id="aliased-from-import",
    ),
    pytest.param(
        """\
        from typing import Annotated
        from fastapi import Depends
        from sqlalchemy.ext.asyncio import AsyncSession

        async def get_db(): ...

        SessionDep = Annotated[AsyncSession, Depends(get_db)]

        async def route(session: SessionDep) -> None:
            session.commit()  # expect: ORM101:5
        """,
        id="local-Annotated-alias",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        engine = create_async_engine("sqlite+aiosqlite://")
        factory = async_sessionmaker(engine, expire_on_commit=False)

        async def f() -> None:
            async with factory() as s:
                s.commit()  # expect: ORM101:9
            async with factory.begin() as t:
                t.flush()  # expect: ORM101:9
            u = factory()
            u.close()  # expect: ORM101:5
        """,
        id="async_sessionmaker",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

        async def f(factory: async_sessionmaker[AsyncSession]) -> None:
            async with factory() as s:
                s.commit()  # expect: ORM101:9
        """,
        id="async_sessionmaker-annotation",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
        from sqlalchemy.orm import sessionmaker

        engine = create_async_engine("sqlite+aiosqlite://")
        factory = sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)

        async def f() -> None:
            async with factory() as s:
                s.commit()  # expect: ORM101:9
            factory().close()  # expect: ORM101:5
        """,
        id="sessionmaker-class_-AsyncSession",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

        engine = create_async_engine("sqlite+aiosqlite://")

        async def f() -> None:
            session = AsyncSession(engine)
            session.commit()  # expect: ORM101:5
            async with AsyncSession(engine) as other:
                other.commit()  # expect: ORM101:9
        """,
        id="AsyncSession-constructor",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import create_async_engine

        engine = create_async_engine("sqlite+aiosqlite://")

        async def f(stmt) -> None:
            async with engine.connect() as c:
                c.execute(stmt)  # expect: ORM101:9
            async with engine.begin() as d:
                d.execute(stmt)  # expect: ORM101:9
            conn = await engine.connect()
            conn.close()  # expect: ORM101:5
        """,
        id="engine-connect-and-begin",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

        engine = create_async_engine("sqlite+aiosqlite://")

        class MySession(AsyncSession):
            def helper(self) -> None: ...

        async def f(a: MySession) -> None:
            a.commit()  # expect: ORM101:5
            b = MySession(engine)
            b.commit()  # expect: ORM101:5
        """,
        id="subclass",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        class Repository:
            def __init__(self, session: AsyncSession) -> None:
                self.session = session

            async def save(self, obj) -> None:
                self.session.add(obj)
                self.session.commit()  # expect: ORM101:9
        """,
        id="self-attribute-from-__init__",
    ),
    pytest.param(
        """\
        from dataclasses import dataclass
        from sqlalchemy.ext.asyncio import AsyncSession

        @dataclass
        class Repository:
            session: AsyncSession

            async def save(self, obj) -> None:
                self.session.add(obj)
                self.session.commit()  # expect: ORM101:9
        """,
        id="self-attribute-class-body-annotation",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

        class Repository:
            def __init__(self, factory: async_sessionmaker[AsyncSession]) -> None:
                self.factory = factory

            async def save(self) -> None:
                async with self.factory() as session:
                    session.commit()  # expect: ORM101:13
        """,
        id="self-attribute-factory",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def get_session() -> AsyncSession: ...

        async def f() -> None:
            session = await get_session()
            session.commit()  # expect: ORM101:5
        """,
        id="local-async-function-return-annotation",
    ),
    pytest.param(
        """\
        from contextlib import asynccontextmanager
        from typing import AsyncIterator
        from sqlalchemy.ext.asyncio import AsyncSession

        @asynccontextmanager
        async def session_scope() -> AsyncIterator[AsyncSession]:
            yield ...

        async def f() -> None:
            async with session_scope() as session:
                session.commit()  # expect: ORM101:9
        """,
        id="asynccontextmanager",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def outer(session: AsyncSession) -> None:
            async def inner() -> None:
                session.commit()  # expect: ORM101:9

            def callback() -> None:
                session.rollback()  # expect: ORM101:9

            await inner()
        """,
        id="closure",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        class Repository:
            def __init__(self, session: AsyncSession) -> None:
                self.session = session

            async def save(self) -> None:
                async def inner() -> None:
                    self.session.commit()  # expect: ORM101:13
                await inner()
        """,
        id="self-attribute-in-closure",
    ),
    pytest.param(
        """\
        from contextlib import asynccontextmanager
        from typing import TYPE_CHECKING, cast

        from sqlalchemy.ext.asyncio import AsyncSession

        if TYPE_CHECKING:
            from collections.abc import AsyncGenerator
            from sqlalchemy.ext.asyncio import AsyncSession

        class Store:
            def __init__(self, config) -> None:
                self._config = config

            @asynccontextmanager
            async def _session(self) -> "AsyncGenerator[AsyncSession, None]":
                async with cast("AsyncSession", self._config.get_session()) as session:
                    yield session

            async def save(self) -> None:
                async with self._session() as session:
                    session.commit()  # expect: ORM101:13
        """,
        id="imported-twice-the-same-name",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(view) -> None:
            session: AsyncSession
            async with view.session_maker() as session:
                session.commit()  # expect: ORM101:9

        class Job:
            session: AsyncSession

            def __init__(self, maker) -> None:
                self.session = maker()

            async def run(self) -> None:
                self.session.flush()  # expect: ORM101:9
        """,
        id="declared-variable-bound-by-unknown-code",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession
        from sqlalchemy.orm import Session

        async def count(session: Session | AsyncSession, stmt, obj) -> int:
            if isinstance(session, AsyncSession):
                session.execute(stmt)  # expect: ORM101:9
                await session.add(obj)  # expect: ORM102:9
            elif isinstance(session, Session) and obj is not None:
                await session.commit()  # expect: ORM102:9
            return 0

        async def save(request, obj) -> None:
            session = request.state.session
            if not isinstance(session, AsyncSession):
                raise TypeError("an async session is needed")
            session.add(obj)
            session.commit()  # expect: ORM101:5
        """,
        id="narrowed-by-isinstance",
    ),
    pytest.param(
        """\
        from typing import ClassVar, Final, Optional, Union
        from sqlalchemy.ext.asyncio import async_sessionmaker
        from sqlalchemy.orm import sessionmaker

        MAKER = Union[sessionmaker, async_sessionmaker]

        class View:
            maker: ClassVar[MAKER]
            fixed: Final = async_sessionmaker()

            async def save(self, stmt) -> None:
                async with self.maker() as session:
                    session.commit()  # expect: ORM101:13
                    result = session.execute(stmt)  # expect: ORM101:22
                    return result.all()

            async def save_now(self) -> None:
                async with self.fixed() as session:
                    session.flush()  # expect: ORM101:13

        async def load(maker: Optional[async_sessionmaker | sessionmaker]) -> None:
            async with maker() as session:
                session.commit()  # expect: ORM101:9
            with maker() as session:
                session.commit()
        """,
        id="union-of-factories-told-apart-by-async-with",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import async_sessionmaker
        from sqlalchemy.orm import sessionmaker

        async def load(maker: sessionmaker | async_sessionmaker, is_async: bool, stmt) -> list:
            if is_async:
                async with maker() as session:
                    rows = session.execute(stmt)  # expect: ORM101:20
                    return [row for row in rows.all()]
            with maker() as session:
                session.commit()
                return session.execute(stmt).all()

        async def nested(maker: sessionmaker | async_sessionmaker, other: async_sessionmaker) -> None:
            with maker() as session:
                async with other() as session:
                    session.commit()  # expect: ORM101:13
        """,
        id="name-bound-by-two-withs",
    ),
    pytest.param(
        """\
        from typing import Generic, Optional, TypeVar, Union
        from sqlalchemy import Engine
        from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
        from sqlalchemy.orm import sessionmaker

        EngineT = TypeVar("EngineT", bound="Union[Engine, AsyncEngine]")
        SessionT = TypeVar("SessionT", bound=AsyncSession)
        MakerT = TypeVar("MakerT", sessionmaker, async_sessionmaker)

        class Config(Generic[EngineT]):
            engine_instance: Optional[EngineT] = None
            maker: MakerT

            async def create_all(self, metadata) -> None:
                async with self.engine_instance.begin() as conn:
                    conn.run_sync(metadata.create_all)  # expect: ORM101:13
                async with self.engine_instance.connect() as conn:
                    conn.commit()  # expect: ORM101:13
                async with self.maker.begin() as session:
                    session.flush()  # expect: ORM101:13

        async def save(session: SessionT) -> None:
            session.commit()  # expect: ORM101:5
        """,
        id="type-variables-and-a-union-of-engines",
    ),
    pytest.param(
        """\
        from collections.abc import Callable
        from contextlib import AbstractAsyncContextManager
        from typing import AsyncContextManager
        from sqlalchemy.ext.asyncio import AsyncSession

        class Repository:
            def __init__(self, session_factory: Callable[..., AbstractAsyncContextManager[AsyncSession]]) -> None:
                self.session_factory = session_factory

            async def add(self, user) -> None:
                async with self.session_factory() as session:
                    session.add(user)
                    session.commit()  # expect: ORM101:13

        async def f(make: Callable[[], AsyncSession], scope: AsyncContextManager[AsyncSession]) -> None:
            session = make()
            session.flush()  # expect: ORM101:5
            async with scope as other:
                other.commit()  # expect: ORM101:9
        """,
        id="callables-and-context-managers-by-annotation",
    ),
]


@pytest.mark.parametrize("source", RECEIVERS)
def test_orm101_receivers(source: str) -> None:
    check(source)


# ---------------------------------------------------------------------------
# ORM102
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


def test_orm102_sync_result_after_awaited_execute() -> None:
    check(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession, stmt) -> None:
            result = await session.execute(stmt)
            await result.all()  # expect: ORM102:5
            await result.scalars()  # expect: ORM102:5
            await result.scalars().all()  # expect: ORM102:5
            await result.scalar_one()  # expect: ORM102:5
            await result.mappings().first()  # expect: ORM102:5
            await (await session.execute(stmt)).scalars().all()  # expect: ORM102:5
            scalars = await session.scalars(stmt)
            await scalars.all()  # expect: ORM102:5
            await scalars.first()  # expect: ORM102:5
            rows = result.all()
            first = scalars.first()
        """
    )


def test_orm102_sqlmodel_exec_result() -> None:
    check(
        """\
        from sqlmodel import select
        from sqlmodel.ext.asyncio.session import AsyncSession

        async def f(session: AsyncSession, Hero) -> None:
            result = await session.exec(select(Hero))
            await result.all()  # expect: ORM102:5
            await result.first()  # expect: ORM102:5
            heroes = result.all()
        """
    )


def test_orm102_async_result_sync_methods() -> None:
    check(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession, stmt) -> None:
            result = await session.stream(stmt)
            await result.scalars()  # expect: ORM102:5
            await result.mappings()  # expect: ORM102:5
            await result.unique()  # expect: ORM102:5
            await result.partitions()  # expect: ORM102:5
            await result.scalars().all()
            await result.unique().mappings().all()
            async for part in result.partitions(10):
                pass
            scalars = await session.stream_scalars(stmt)
            await scalars.partitions()  # expect: ORM102:5
            await scalars.unique()  # expect: ORM102:5
        """
    )


def test_orm102_async_engine_begin() -> None:
    check(
        """\
        from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

        engine = create_async_engine("sqlite+aiosqlite://")

        async def f(other: AsyncEngine) -> None:
            conn = await engine.begin()  # expect: ORM102:12
            await other.begin()  # expect: ORM102:5
            async with engine.begin() as ok:
                await ok.commit()
        """
    )


def test_orm102_sync_session() -> None:
    check(
        """\
        from sqlalchemy import create_engine
        from sqlalchemy.orm import Session, sessionmaker

        engine = create_engine("sqlite://")
        factory = sessionmaker(engine)

        async def f(session: Session, stmt) -> None:
            await session.commit()  # expect: ORM102:5
            await session.execute(stmt)  # expect: ORM102:5
            result = session.execute(stmt)
            await result.all()  # expect: ORM102:5
            with factory() as other:
                await other.flush()  # expect: ORM102:9
            with engine.connect() as conn:
                await conn.execute(stmt)  # expect: ORM102:9
        """
    )


def test_orm102_await_factory() -> None:
    check(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

        engine = create_async_engine("sqlite+aiosqlite://")
        factory = async_sessionmaker(engine)

        async def f(made: async_sessionmaker[AsyncSession]) -> None:
            session = await factory()  # expect: ORM102:15
            other = await made()  # expect: ORM102:13
            async with factory() as fine:
                await fine.commit()
        """
    )


@pytest.mark.xfail(
    strict=True,
    reason="known miss: ORM102 evaluates `await x.name(...)` only for names that are not awaitable somewhere in "
    "the API; a factory held in an attribute under another name is not followed (it fails on its first run)",
)
def test_orm102_await_factory_held_in_an_attribute() -> None:
    check(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

        class Repository:
            def __init__(self, make_session: async_sessionmaker[AsyncSession]) -> None:
                self.make_session = make_session

            async def count(self) -> None:
                session = await self.make_session()  # expect: ORM102:19
        """
    )


def test_orm102_awaitables_are_silent() -> None:
    check(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

        engine = create_async_engine("sqlite+aiosqlite://")

        async def f(session: AsyncSession, stmt) -> None:
            transaction = await session.begin()
            await transaction.commit()
            nested = await session.begin_nested()
            await nested.rollback()
            async with session.begin():
                pass
            async with session.begin_nested():
                pass
            conn = await engine.connect()
            result = await conn.stream(stmt)
            await result.all()
            async with conn.stream(stmt) as streamed:
                await streamed.all()
            await conn.begin()
            await conn.close()
            await conn
            await session.run_sync(lambda s: s.add(1))
            c = await session.connection()
            await c.execute(stmt)
        """
    )


def test_orm102_subclass_override_is_silent() -> None:
    check(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

        engine = create_async_engine("sqlite+aiosqlite://")

        class MySession(AsyncSession):
            async def add(self, obj) -> None:
                super().add(obj)
                await self.flush()

        async def f(a: MySession, obj) -> None:
            await a.add(obj)
            await MySession(engine).add(obj)
            async with MySession(engine) as b:
                await b.add(obj)
                await b.expunge(obj)  # expect: ORM102:9
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


# ---------------------------------------------------------------------------
# Negative cases: no evidence, no finding
# ---------------------------------------------------------------------------

NEGATIVES = [
    pytest.param(
        """\
        import aiohttp
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(url: str) -> None:
            async with aiohttp.ClientSession() as session:
                session.get(url)
                await session.close()
                response = session.get(url)
            session = aiohttp.ClientSession()
            session.close()
        """,
        id="aiohttp-ClientSession",
    ),
    pytest.param(
        """\
        import aiohttp
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: aiohttp.ClientSession, url: str) -> None:
            session.get(url)
            session.close()
        """,
        id="aiohttp-ClientSession-annotation",
    ),
    pytest.param(
        """\
        import httpx
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(url: str) -> None:
            session = httpx.AsyncClient()
            session.get(url)
            await session.aclose()
            async with httpx.AsyncClient() as client:
                client.get(url)
        """,
        id="httpx-AsyncClient",
    ),
    pytest.param(
        """\
        import requests
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(url: str) -> None:
            session = requests.Session()
            session.get(url)
            await session.get(url)
            session.close()
        """,
        id="requests-Session",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session, obj) -> None:
            session.commit()
            await session.add(obj)
            result = await session.execute(1)
            await result.all()
        """,
        id="unannotated-session-parameter",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        def default_session() -> AsyncSession: ...

        async def route(session=default_session()) -> None:
            # a default value is not what the caller passes
            session.commit()
        """,
        id="unannotated-parameter-with-default",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(cache: dict, session: dict) -> None:
            cache.get("key")
            if session.get("user"):
                pass
            value = session.get("user")
            await cache.get("key")
        """,
        id="dict-get",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession, make) -> None:
            session = make()
            session.commit()
            await session.add(1)
        """,
        id="parameter-rebound-to-unknown",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

        engine = create_async_engine("sqlite+aiosqlite://")
        session = AsyncSession(engine)
        if engine:
            session = object()

        async def f() -> None:
            session.commit()
        """,
        id="module-name-rebound",
    ),
    pytest.param(
        """\
        import sqlalchemy

        class AsyncSession:
            def commit(self) -> None: ...
            async def add(self, obj) -> None: ...

        async def f(session: AsyncSession, obj) -> None:
            session.commit()
            await session.add(obj)
        """,
        id="local-class-named-AsyncSession",
    ),
    pytest.param(
        """\
        class AsyncSession:
            pass

        async def f(session: "AsyncSession", obj) -> None:
            session.commit()
            await session.add(obj)
        """,
        id="module-without-sqlalchemy",
    ),
    pytest.param(
        """\
        import sqlalchemy
        from mylib import AsyncSession
        from mylib.asyncio import async_sessionmaker, create_async_engine

        engine = create_async_engine("x")
        factory = async_sessionmaker(engine)

        async def f(session: AsyncSession, obj) -> None:
            session.commit()
            await session.add(obj)
            async with factory() as s:
                s.commit()
        """,
        id="AsyncSession-from-another-library",
    ),
    pytest.param(
        """\
        from sqlalchemy import create_engine, select
        from sqlalchemy.orm import Session, sessionmaker

        engine = create_engine("sqlite://")
        factory = sessionmaker(engine)

        def f(session: Session, obj) -> None:
            session.add(obj)
            session.commit()
            session.execute(select(1)).scalars().all()

        async def g(obj) -> None:
            with factory() as session:
                session.add(obj)
                session.commit()
            with engine.begin() as conn:
                conn.execute(select(1))
            with Session(engine) as s:
                s.flush()
        """,
        id="sync-Session-without-await",
    ),
    pytest.param(
        """\
        from sqlmodel import Session, create_engine, select

        engine = create_engine("sqlite://")

        def f(Hero) -> None:
            with Session(engine) as session:
                session.exec(select(Hero)).all()
                session.commit()
        """,
        id="sqlmodel-sync-Session",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

        engine = create_async_engine("sqlite+aiosqlite://")
        session = AsyncSession(engine)

        def reset(other) -> None:
            global session
            session = other

        async def f() -> None:
            global session
            session = object()
            session.commit()
        """,
        id="global-rebinding-in-function",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

        engine = create_async_engine("sqlite+aiosqlite://")
        session = AsyncSession(engine)

        def reset(other) -> None:
            global session
            session = other

        async def f() -> None:
            session.commit()
        """,
        id="global-rebound-elsewhere",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

        engine = create_async_engine("sqlite+aiosqlite://")

        async def outer(other) -> None:
            session = AsyncSession(engine)

            def swap() -> None:
                nonlocal session
                session = other

            swap()
            session.commit()
        """,
        id="nonlocal-rebound-elsewhere",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession, others) -> None:
            done = [session.commit() for session in others]
            flags = {session.in_transaction() for session in others}
            gen = (session.close() for session in others)
            await session.flush()
        """,
        id="comprehension-variable-shadows",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession, sessions) -> None:
            for session in sessions:
                session.commit()
        """,
        id="loop-variable-rebinds-parameter",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(sessions) -> None:
            for session in sessions:
                session.commit()
                await session.add(1)
        """,
        id="loop-over-unknown-sessions",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def outer(session: AsyncSession) -> None:
            def inner(session) -> None:
                session.commit()

            callback = lambda session: session.commit()
        """,
        id="inner-parameter-shadows",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession) -> None:
            try:
                await session.commit()
            except Exception as session:
                session.commit()
        """,
        id="except-name-rebinds",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        class Repository:
            def __init__(self, session: AsyncSession) -> None:
                self.session = session

            def reset(self, other) -> None:
                self.session = other

            async def save(self) -> None:
                self.session.commit()
        """,
        id="self-attribute-rebound-to-unknown",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        class Repository:
            def __init__(self, session) -> None:
                self.session = session

            async def save(self) -> None:
                self.session.commit()
        """,
        id="self-attribute-from-unannotated-parameter",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        def get_session():
            ...

        async def make():
            ...

        async def f() -> None:
            a = get_session()
            a.commit()
            b = await make()
            b.commit()
        """,
        id="unannotated-local-functions",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

        engine = create_async_engine("sqlite+aiosqlite://")
        factory = async_sessionmaker(engine, class_=SomethingElse)

        async def f() -> None:
            async with factory() as s:
                s.commit()
        """,
        id="factory-with-unknown-class_",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession, others) -> None:
            [(session := other) for other in others]
            session.commit()
        """,
        id="walrus-in-comprehension-rebinds",
    ),
    pytest.param(
        """\
        from typing import Union
        from sqlalchemy.ext.asyncio import AsyncSession
        from sqlalchemy.orm import Session

        async def f(a: Union[AsyncSession, Session], b: "AsyncSession | Session") -> None:
            a.commit()
            b.commit()
            await b.commit()
        """,
        id="union-of-async-and-sync-session",
    ),
    pytest.param(
        """\
        import sqlalchemy

        try:
            from sqlalchemy.ext.asyncio import AsyncSession
        except ImportError:
            from mylib.compat import AsyncSession

        async def f(session: AsyncSession) -> None:
            session.commit()
        """,
        id="same-name-imported-from-two-modules",
    ),
    pytest.param(
        """\
        from typing import Any
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(maker, other: AsyncSession) -> None:
            session: Any
            async with maker() as session:
                session.commit()
            other = maker()
            other.commit()
        """,
        id="declared-as-unknown-or-parameter-rebound",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession
        from sqlalchemy.orm import Session

        async def f(session: Session | AsyncSession, make, stmt) -> None:
            if isinstance(session, AsyncSession):
                session = make()
                session.commit()
            if isinstance(session, (AsyncSession, Session)):
                session.commit()
            if isinstance(session, Session):
                pass
            else:
                session.commit()
            if not isinstance(session, AsyncSession):
                print("sync")
            session.commit()
            if isinstance(session, AsyncSession):
                def later() -> None:
                    session.commit()
                later()

        async def g(session, stmt) -> None:
            isinstance = lambda *args: True
            if isinstance(session, AsyncSession):
                session.commit()
            for session in ():
                pass
        """,
        id="isinstance-that-does-not-narrow",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import async_sessionmaker
        from sqlalchemy.orm import sessionmaker

        MAKER = sessionmaker | async_sessionmaker

        async def f(maker: MAKER, other: async_sessionmaker, stmt) -> None:
            session = maker()
            session.commit()
            maker().commit()
            maker.begin()
            with maker() as s1:
                s1.commit()
            async with other() as s2:
                with maker() as s2:
                    s2.commit()
                s2.commit()
            async with maker() as s3:
                s3 = other.sync_session_class()
                s3.commit()
            async with maker() as s4:
                def later() -> None:
                    s4.commit()
            with maker() as s4:
                pass
            later()
        """,
        id="union-of-factories-not-entered-or-rebound",
    ),
    pytest.param(
        """\
        from typing import TypeVar, Union
        from sqlalchemy import Engine
        from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
        from sqlalchemy.orm import Session

        EngineT = TypeVar("EngineT", Engine, AsyncEngine)
        AnySession = TypeVar("AnySession", bound=Union[Session, AsyncSession])
        Unbound = TypeVar("Unbound")

        async def f(engine: EngineT, session: AnySession, other: Unbound, metadata) -> None:
            engine.dispose()
            engine.connect()
            with engine.begin() as conn:
                conn.commit()
            with engine.connect() as conn2:
                conn2.run_sync(metadata.create_all)
            session.commit()
            other.commit()
        """,
        id="type-variables-and-a-union-of-engines-not-entered-async",
    ),
    pytest.param(
        """\
        from collections.abc import Callable
        from contextlib import AbstractAsyncContextManager, AbstractContextManager
        from typing import Any
        from sqlalchemy.ext.asyncio import AsyncSession
        from sqlalchemy.orm import Session

        async def f(
            sync_factory: Callable[..., AbstractContextManager[Session]],
            anything: Callable[..., Any],
            bare: Callable,
            scope: AbstractAsyncContextManager[AsyncSession],
            make: Callable[[], AsyncSession],
        ) -> None:
            with sync_factory() as session:
                session.commit()
            anything().commit()
            bare().commit()
            scope.commit()
            make.commit()
            session = make()
            print(session)
        """,
        id="callables-and-context-managers-without-evidence",
    ),
]


@pytest.mark.parametrize("source", NEGATIVES)
def test_negative(source: str) -> None:
    check(source)


def test_negative_snippets_have_no_markers() -> None:
    """A negative snippet with a marker would test nothing of what it claims."""
    for param in NEGATIVES + ORM101_HANDED_ON:
        assert not markers(textwrap.dedent(param.values[0])), param.id


def test_union_keeps_what_all_members_agree_on():
    """``add()`` is sync in Session and AsyncSession alike; ``commit()`` differs, so it is silent."""
    check(
        """\
        from typing import Union
        from sqlalchemy.ext.asyncio import AsyncSession, async_scoped_session
        from sqlalchemy.orm import Session

        async def f(a: Union[AsyncSession, Session], s: Union[AsyncSession, async_scoped_session[AsyncSession]]):
            a.commit()
            await a.add(1)  # expect: ORM102:5
            s.commit()  # expect: ORM101:5
            s.run_sync(print)
        """
    )
