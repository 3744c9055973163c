"""ORM301, ORM302, ORM401 and ORM402 (a session's lifecycle and loops), table-driven.

Every snippet marks the findings it expects with a trailing comment naming the
code and column of each (``# expect: ORM301:15``: see ``markers.py``).  :func:`check`
compares, strictly, the multiset of ``(line, column, code)`` of those markers with what
:func:`async_orm_lint.engine.check_source` reports for the codes under test: a
missing finding, an extra one (ORM000 included) or a duplicate fails the test.
A snippet without any marker expects no finding at all.

Precision first: a finding needs evidence that the receiver is a SQLAlchemy
session or connection, and every exemption the rules document stays silent.
Negative snippets always mention SQLAlchemy (an import) and usually carry the
evidence too, so that their silence is the rule's doing, not the cheap "does
this module mention sqlalchemy" test or a missing annotation.
"""

from __future__ import annotations

import textwrap
import pytest

from markers import check_marked, markers

# ---------------------------------------------------------------------------
# the helper (markers.py), with the codes under test selected
# ---------------------------------------------------------------------------


def check(source: str, select: tuple[str, ...]) -> None:
    """Lint dedented ``source`` with the rules ``select``, compare strictly with its markers."""
    check_marked(textwrap.dedent(source), select)


def test_check_is_strict() -> None:
    """The helper fails on a missing, an extra and a wrongly coded finding, and ignores other rules."""
    bad = """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession, labels: list[str]) -> None:
            for label in labels:
                session.add(label)
                await session.commit(){marker}
    """
    check(bad.format(marker="  # expect: ORM401:15"), ("ORM401",))
    for marker in ("", "  # expect: ORM402:15", "  # expect: ORM401:15, ORM401:15", "  # expect: ORM401:13"):
        with pytest.raises(pytest.fail.Exception):
            check(bad.format(marker=marker), ("ORM401",))
    # a rule that is not selected does not report
    check(bad.format(marker=""), ("ORM402",))


# ---------------------------------------------------------------------------
# ORM301: session or connection not managed
# ---------------------------------------------------------------------------

ORM301 = ("ORM301",)

ORM301_POSITIVES = [
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        engine = create_async_engine("sqlite+aiosqlite://")
        factory = async_sessionmaker(engine, expire_on_commit=False)

        async def create_user(name: str) -> None:
            session = factory()  # expect: ORM301:15
            session.add(User(name=name))
            await session.commit()
        """,
        id="async-sessionmaker-call-never-closed",
    ),
    pytest.param(
        """\
        from sqlalchemy import create_engine
        from sqlalchemy.orm import sessionmaker

        engine = create_engine("sqlite://")
        SessionLocal = sessionmaker(bind=engine, autoflush=False)

        def create_user(name: str) -> None:
            db = SessionLocal()  # expect: ORM301:10
            db.add(User(name=name))
            db.commit()
        """,
        id="sync-sessionmaker-call-never-closed",
    ),
    pytest.param(
        """\
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

        engine = create_async_engine("sqlite+aiosqlite://")

        async def count_users() -> int:
            s = AsyncSession(engine)  # expect: ORM301:9
            return await s.scalar(select(func.count(User.id)))
        """,
        id="async-session-class-called",
    ),
    pytest.param(
        """\
        from sqlalchemy import create_engine, select
        from sqlalchemy.orm import Session

        engine = create_engine("sqlite://")

        def first_user() -> User | None:
            s = Session(engine)  # expect: ORM301:9
            return s.scalars(select(User)).first()
        """,
        id="sync-session-class-called",
    ),
    pytest.param(
        """\
        from sqlalchemy import text
        from sqlalchemy.ext.asyncio import create_async_engine

        engine = create_async_engine("postgresql+asyncpg://app@db/app")

        async def ping() -> None:
            conn = await engine.connect()  # expect: ORM301:12
            await conn.execute(text("select 1"))
        """,
        id="async-engine-connect-awaited",
    ),
    pytest.param(
        """\
        from sqlalchemy import create_engine, text

        engine = create_engine("sqlite://")

        def ping() -> int:
            conn = engine.connect()  # expect: ORM301:12
            return conn.execute(text("select 1")).scalar_one()
        """,
        id="sync-engine-connect",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

        async def create_user(name: str) -> None:
            session = factory()  # expect: ORM301:15
            session.add(User(name=name))
            await session.commit()
            await session.close()
        """,
        id="closed-but-not-in-finally",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

        class UserRepository:
            def __init__(self) -> None:
                self.session = factory()  # expect: ORM301:24

            async def add(self, user: User) -> None:
                self.session.add(user)
                await self.session.commit()
        """,
        id="stored-on-self-class-without-close",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

        async def create_user(factory: async_sessionmaker[AsyncSession], name: str) -> None:
            session: AsyncSession = factory()  # expect: ORM301:29
            session.add(User(name=name))
            await session.commit()
        """,
        id="annotated-assignment-from-annotated-factory-parameter",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
        from sqlalchemy.orm import sessionmaker

        factory = sessionmaker(create_async_engine("sqlite+aiosqlite://"), class_=AsyncSession)

        async def create_user(name: str) -> None:
            async_session = factory()  # expect: ORM301:21
            async with async_session.begin():
                async_session.add(User(name=name))
        """,
        id="sessionmaker-class-async-session-begin-does-not-close",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

        async def create_user(name: str, request_id: str) -> None:
            session = factory()  # expect: ORM301:15
            session.info["request_id"] = request_id
            session.add(User(name=name))
            if session.new:
                await session.commit()
        """,
        id="attribute-read-is-not-handing-on",
    ),
    pytest.param(
        """\
        from sqlalchemy import Engine
        from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
        from sqlalchemy.orm import sessionmaker

        async def save(maker: sessionmaker | async_sessionmaker, engine: Engine | AsyncEngine, obj) -> None:
            session = maker()  # expect: ORM301:15
            session.add(obj)
            conn = engine.connect()  # expect: ORM301:12
            conn.execute("select 1")
        """,
        id="a-factory-or-an-engine-of-either-kind",
    ),
]


@pytest.mark.parametrize("source", ORM301_POSITIVES)
def test_orm301_positive(source: str) -> None:
    check(source, ORM301)


ORM301_NEGATIVES = [
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

        async def create_user(name: str) -> None:
            async with factory() as s:
                s.add(User(name=name))
                await s.commit()
        """,
        id="async-with-factory",
    ),
    pytest.param(
        """\
        from sqlalchemy import create_engine
        from sqlalchemy.orm import sessionmaker

        SessionLocal = sessionmaker(bind=create_engine("sqlite://"))

        def create_user(name: str) -> None:
            with SessionLocal() as s:
                s.add(User(name=name))
                s.commit()
        """,
        id="with-sync-sessionmaker",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

        async def create_user(name: str) -> None:
            s = factory()
            async with s:
                s.add(User(name=name))
                await s.commit()
        """,
        id="assigned-then-async-with-name",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

        async def create_user(name: str) -> None:
            s = factory()
            try:
                s.add(User(name=name))
                await s.commit()
            finally:
                await s.close()
        """,
        id="try-finally-await-close",
    ),
    pytest.param(
        """\
        from sqlalchemy import create_engine
        from sqlalchemy.orm import sessionmaker

        SessionLocal = sessionmaker(bind=create_engine("sqlite://"))

        def create_user(name: str) -> None:
            s = SessionLocal()
            try:
                s.add(User(name=name))
                s.commit()
            except Exception:
                s.rollback()
                raise
            finally:
                s.close()
        """,
        id="try-finally-sync-close",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

        factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

        def open_session() -> AsyncSession:
            s = factory()
            s.add(AuditLog(event="session opened"))
            return s
        """,
        id="returned",
    ),
    pytest.param(
        """\
        from typing import AsyncIterator
        from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

        factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

        async def get_db() -> AsyncIterator[AsyncSession]:
            db = factory()
            try:
                yield db
            finally:
                await db.close()
        """,
        id="fastapi-dependency-yield-try-finally",
    ),
    pytest.param(
        """\
        from typing import AsyncIterator
        from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

        factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

        async def get_db() -> AsyncIterator[AsyncSession]:
            db = factory()
            yield db
        """,
        id="fastapi-dependency-yield-without-finally",
    ),
    pytest.param(
        """\
        from contextlib import AsyncExitStack
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

        async def run(stack: AsyncExitStack) -> None:
            s = factory()
            await stack.enter_async_context(s)
            await s.commit()
        """,
        id="enter-async-context",
    ),
    pytest.param(
        """\
        import contextlib
        from sqlalchemy import create_engine
        from sqlalchemy.orm import sessionmaker

        SessionLocal = sessionmaker(bind=create_engine("sqlite://"))

        def run() -> None:
            s = SessionLocal()
            with contextlib.closing(s) as managed:
                managed.commit()
        """,
        id="contextlib-closing",
    ),
    pytest.param(
        """\
        from contextlib import aclosing
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

        async def run() -> None:
            s = factory()
            async with aclosing(s):
                await s.commit()
        """,
        id="aclosing",
    ),
    pytest.param(
        """\
        from contextlib import AsyncExitStack
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

        async def run() -> None:
            async with AsyncExitStack() as stack:
                s = factory()
                stack.push_async_callback(s.close)
                await s.commit()
        """,
        id="push-async-callback-close",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

        async def run(registry: "SessionRegistry") -> None:
            s = factory()
            registry.track(s)
            await s.commit()
        """,
        id="passed-to-any-other-call",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

        class UnitOfWork:
            def __init__(self) -> None:
                self.session = factory()

            async def aclose(self) -> None:
                await self.session.close()
        """,
        id="stored-on-self-class-with-aclose",
    ),
    pytest.param(
        """\
        from sqlalchemy import create_engine
        from sqlalchemy.orm import sessionmaker

        SessionLocal = sessionmaker(bind=create_engine("sqlite://"))

        class Repository:
            def __init__(self) -> None:
                self.session = SessionLocal()

            def close(self) -> None:
                self.session.close()
        """,
        id="stored-on-self-class-with-close",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

        class UnitOfWork:
            async def __aenter__(self) -> "UnitOfWork":
                self.session = factory()
                return self

            async def __aexit__(self, *exc) -> None:
                await self.session.close()
        """,
        id="stored-on-self-class-with-aexit",
    ),
    pytest.param(
        """\
        from asyncio import current_task
        from sqlalchemy.ext.asyncio import async_scoped_session, async_sessionmaker, create_async_engine

        factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))
        Session = async_scoped_session(factory, scopefunc=current_task)

        async def create_user(name: str) -> None:
            session = Session()
            session.add(User(name=name))
            await session.commit()
        """,
        id="async-scoped-session-registry-call",
    ),
    pytest.param(
        """\
        from sqlalchemy import create_engine
        from sqlalchemy.orm import sessionmaker

        SessionLocal = sessionmaker(bind=create_engine("sqlite://"))

        session = SessionLocal()
        session.add(User(name="admin"))
        session.commit()
        """,
        id="module-level-script",
    ),
    pytest.param(
        """\
        import aiohttp
        import httpx
        from sqlalchemy.ext.asyncio import AsyncSession

        async def fetch(url: str, session: AsyncSession) -> None:
            client = httpx.AsyncClient()
            http = aiohttp.ClientSession()
            response = await client.get(url)
            async with http.get(url) as other:
                print(response, other)
        """,
        id="unknown-library-factories",
    ),
    pytest.param(
        """\
        from sqlalchemy import text
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        def make_factory(url: str) -> async_sessionmaker:
            engine = create_async_engine(url, pool_pre_ping=True)
            return async_sessionmaker(engine)

        async def warm_up(url: str) -> None:
            engine = create_async_engine(url)
            async with engine.connect() as conn:
                await conn.execute(text("select 1"))
        """,
        id="engine-created-is-long-lived",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

        factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

        async def get_session() -> AsyncSession:
            return factory()

        async def create_user(name: str) -> None:
            s = await get_session()
            s.add(User(name=name))
            await s.commit()
        """,
        id="session-from-project-function-ownership-unknown",
    ),
    pytest.param(
        """\
        from sqlalchemy import text
        from sqlalchemy.ext.asyncio import AsyncEngine

        async def ping(engine: AsyncEngine) -> None:
            conn = await engine.connect()
            try:
                await conn.execute(text("select 1"))
            finally:
                await conn.close()
        """,
        id="connection-closed-in-finally",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

        class Base:
            async def aclose(self) -> None:
                await self.session.close()

        class UserRepository(Base):
            def __init__(self) -> None:
                self.session = factory()
        """,
        id="stored-on-self-close-inherited-from-base",
    ),
    pytest.param(
        """\
        from some_framework import Service
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

        class UserRepository(Service):
            def __init__(self) -> None:
                self.session = factory()
        """,
        id="stored-on-self-unreadable-base-class",
    ),
    pytest.param(
        """\
        from contextlib import ExitStack
        from sqlalchemy import create_engine
        from sqlalchemy.orm import sessionmaker

        SessionLocal = sessionmaker(bind=create_engine("sqlite://"))

        def run(user: User) -> None:
            with ExitStack() as stack:
                s = SessionLocal()
                stack.callback(lambda: s.close())
                s.add(user)
                s.commit()
        """,
        id="closed-by-lambda-callback",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
        from sqlalchemy.orm import sessionmaker

        async def save(maker: sessionmaker | async_sessionmaker, other: AsyncSession | sessionmaker, obj):
            session = maker()
            try:
                session.add(obj)
            finally:
                session.close()
            made = other()
            made.add(obj)
            return maker()
        """,
        id="a-factory-of-either-kind-closed-or-handed-on",
    ),
]


@pytest.mark.parametrize("source", ORM301_NEGATIVES)
def test_orm301_negative(source: str) -> None:
    check(source, ORM301)


# ---------------------------------------------------------------------------
# ORM302: one AsyncSession, concurrent tasks
# ---------------------------------------------------------------------------

ORM302 = ("ORM302",)

ORM302_POSITIVES = [
    pytest.param(
        """\
        import asyncio
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession

        async def dashboard(session: AsyncSession) -> tuple:
            users, orders = await asyncio.gather(  # expect: ORM302:27
                session.execute(select(User)),
                session.execute(select(Order)),
            )
            return users.all(), orders.all()
        """,
        id="gather-two-session-calls",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy.ext.asyncio import AsyncSession

        async def load_a(session: AsyncSession) -> list: ...
        async def load_b(session: AsyncSession) -> list: ...

        async def both(session: AsyncSession) -> list:
            return await asyncio.gather(load_a(session), load_b(session))  # expect: ORM302:18
        """,
        id="gather-functions-taking-the-session",
    ),
    pytest.param(
        """\
        from asyncio import gather
        from sqlalchemy.ext.asyncio import AsyncSession

        async def work(session: AsyncSession, x: int) -> None: ...

        async def run_all(session: AsyncSession, xs: list[int]) -> None:
            await gather(*[work(session, x) for x in xs])  # expect: ORM302:11
        """,
        id="gather-starred-list-comprehension",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy.ext.asyncio import AsyncSession

        async def load(session: AsyncSession, ids: list[int]) -> list:
            return await asyncio.gather(*(session.get(User, i) for i in ids))  # expect: ORM302:18
        """,
        id="gather-starred-generator-of-session-calls",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession) -> None: ...
        async def g(session: AsyncSession) -> None: ...

        async def run(session: AsyncSession) -> None:
            done, pending = await asyncio.wait([f(session), g(session)])  # expect: ORM302:27
        """,
        id="wait-on-a-list",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession

        async def work(session: AsyncSession) -> None: ...

        async def run(session: AsyncSession) -> None:
            t = asyncio.create_task(work(session))  # expect: ORM302:9
            await session.execute(select(User))
            await t
        """,
        id="create-task-then-use-before-await",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy.ext.asyncio import AsyncSession

        async def a(session: AsyncSession) -> None: ...
        async def b(session: AsyncSession) -> None: ...

        async def run(session: AsyncSession) -> None:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(a(session))  # expect: ORM302:9
                tg.create_task(b(session))
        """,
        id="task-group-two-tasks",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy.ext.asyncio import AsyncSession

        class Reports:
            def __init__(self, session: AsyncSession) -> None:
                self.session = session

            async def totals(self) -> list:
                return await asyncio.gather(  # expect: ORM302:22
                    self.count_users(self.session),
                    self.count_orders(self.session),
                )

            async def count_users(self, session: AsyncSession) -> int: ...
            async def count_orders(self, session: AsyncSession) -> int: ...
        """,
        id="self-session-shared",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy.ext.asyncio import AsyncSession

        async def audit(session: AsyncSession) -> None: ...

        async def run(session: AsyncSession) -> None:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(audit(session))  # expect: ORM302:9
                await session.commit()
        """,
        id="task-group-task-and-body-share-session",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy.ext.asyncio import AsyncSession

        async def save(*, session: AsyncSession, item) -> None: ...

        async def run(session: AsyncSession, a, b) -> None:
            await asyncio.gather(save(session=session, item=a), save(session=session, item=b))  # expect: ORM302:11
        """,
        id="gather-session-as-keyword",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy.ext.asyncio import AsyncSession

        async def work(session: AsyncSession, x: int) -> None: ...

        async def run(session: AsyncSession, xs: list[int]) -> None:
            tasks = []
            for x in xs:
                tasks.append(asyncio.create_task(work(session, x)))  # expect: ORM302:22
            await asyncio.gather(*tasks)
        """,
        id="create-task-in-a-loop",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy.ext.asyncio import AsyncSession

        async def work(session: AsyncSession, x: int) -> None: ...

        async def run(session: AsyncSession, xs: list[int]) -> None:
            async with asyncio.TaskGroup() as tg:
                for x in xs:
                    tg.create_task(work(session, x))  # expect: ORM302:13
        """,
        id="task-group-create-task-in-a-loop",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy.ext.asyncio import AsyncSession

        async def work(session: AsyncSession, x: int) -> None: ...

        async def run(session: AsyncSession, xs: list[int]) -> None:
            jobs = [work(session, x) for x in xs]
            await asyncio.gather(*jobs)  # expect: ORM302:11
        """,
        id="comprehension-assigned-then-gathered",
    ),
]


@pytest.mark.parametrize("source", ORM302_POSITIVES)
def test_orm302_positive(source: str) -> None:
    check(source, ORM302)


ORM302_NEGATIVES = [
    pytest.param(
        """\
        import asyncio
        from sqlalchemy.ext.asyncio import AsyncSession

        async def f(session: AsyncSession) -> None: ...

        async def run(s1: AsyncSession, s2: AsyncSession) -> None:
            await asyncio.gather(f(s1), f(s2))
        """,
        id="one-session-per-task",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

        async def one(i: int) -> None:
            async with factory() as session:
                await session.get(User, i)

        async def run(ids: list[int]) -> None:
            await asyncio.gather(*(one(i) for i in ids))
        """,
        id="each-task-opens-its-own-session",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession

        async def work(session: AsyncSession) -> None: ...

        async def run(session: AsyncSession) -> None:
            t = asyncio.create_task(work(session))
            await t
            await session.execute(select(User))
        """,
        id="create-task-awaited-before-next-use",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession

        async def fetch_rates(url: str) -> dict: ...

        async def run(session: AsyncSession, url: str) -> None:
            users, rates, _ = await asyncio.gather(
                session.execute(select(User)),
                fetch_rates(url),
                asyncio.sleep(0.1),
            )
        """,
        id="single-session-awaitable-among-unrelated",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy.ext.asyncio import async_scoped_session, async_sessionmaker, create_async_engine

        factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))
        scoped = async_scoped_session(factory, scopefunc=asyncio.current_task)

        async def run(a, b) -> None:
            await asyncio.gather(scoped.execute(a), scoped.execute(b))
        """,
        id="async-scoped-session-per-task",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy.orm import Session

        async def report(session: Session) -> None: ...

        async def run(session: Session) -> None:
            await asyncio.gather(report(session), report(session))
        """,
        id="sync-session-not-async",
    ),
    pytest.param(
        """\
        import asyncio
        import aiohttp
        from sqlalchemy.ext.asyncio import AsyncSession

        async def fetch(session: aiohttp.ClientSession, url: str) -> bytes:
            async with session.get(url) as response:
                return await response.read()

        async def crawl(urls: list[str], db: AsyncSession) -> list:
            async with aiohttp.ClientSession() as session:
                return await asyncio.gather(*(fetch(session, url) for url in urls))
        """,
        id="aiohttp-session-shared-by-tasks",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy.ext.asyncio import AsyncSession

        async def save(session: AsyncSession, order) -> None: ...
        async def notify(email: str) -> None: ...

        async def checkout(session: AsyncSession, order, email: str) -> None:
            await asyncio.gather(save(session, order), notify(email))
        """,
        id="session-alongside-coroutine-not-taking-it",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

        factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

        async def work(factory: async_sessionmaker[AsyncSession], x: int) -> None: ...

        async def run(xs: list[int]) -> None:
            await asyncio.gather(*[work(factory, x) for x in xs])
        """,
        id="factory-shared-not-session",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy.ext.asyncio import AsyncSession

        async def audit(session: AsyncSession) -> None: ...

        async def run(session: AsyncSession) -> None:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(audit(session))
            await session.commit()
        """,
        id="task-group-exited-before-next-use",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession

        async def work(session: AsyncSession) -> None: ...

        async def run(session: AsyncSession) -> None:
            t: asyncio.Task[None] = asyncio.create_task(work(session))
            await t
            await session.execute(select(User))
        """,
        id="annotated-task-awaited-before-next-use",
    ),
]


@pytest.mark.parametrize("source", ORM302_NEGATIVES)
def test_orm302_negative(source: str) -> None:
    check(source, ORM302)


# ---------------------------------------------------------------------------
# ORM401: commit() on every iteration
# ---------------------------------------------------------------------------

ORM401 = ("ORM401",)

ORM401_POSITIVES = [
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def import_tags(session: AsyncSession, labels: list[str]) -> None:
            for label in labels:
                session.add(Tag(label=label))
                await session.commit()  # expect: ORM401:15
        """,
        id="awaited-commit-in-for",
    ),
    pytest.param(
        """\
        from sqlalchemy.orm import Session

        def import_tags(session: Session, labels: list[str]) -> None:
            for label in labels:
                session.add(Tag(label=label))
                session.commit()  # expect: ORM401:9
        """,
        id="sync-commit-in-for",
    ),
    pytest.param(
        """\
        import logging
        from sqlalchemy.exc import IntegrityError
        from sqlalchemy.ext.asyncio import AsyncSession

        async def import_tags(session: AsyncSession, labels: list[str]) -> None:
            for label in labels:
                try:
                    session.add(Tag(label=label))
                    await session.commit()  # expect: ORM401:19
                except IntegrityError:
                    logging.warning("duplicate %s", label)
                    await session.rollback()
        """,
        id="commit-in-try-body",
    ),
    pytest.param(
        """\
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession

        async def touch_all(session: AsyncSession) -> None:
            async for user in await session.stream_scalars(select(User)):
                user.seen = True
                await session.commit()  # expect: ORM401:15
            async for row in await session.stream(select(User.id)):
                session.add(Audit(user_id=row.id))
                await session.commit()  # expect: ORM401:15
        """,
        id="async-for-over-streamed-query",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        class Importer:
            def __init__(self, session: AsyncSession) -> None:
                self.session = session

            async def run(self, rows: list[dict]) -> None:
                for row in rows:
                    self.session.add(Item(**row))
                    await self.session.commit()  # expect: ORM401:19
        """,
        id="self-session-commit-in-loop",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

        async def import_rows(rows: list[dict]) -> None:
            async with factory() as s:
                for row in rows:
                    if not row:
                        continue
                    s.add(Item(**row))
                    await s.commit()  # expect: ORM401:19
        """,
        id="session-opened-before-loop-continue-is-no-retry",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def import_rows(session: AsyncSession, rows: list) -> None:
            for row in rows:
                for tag in row.tags:
                    if tag == "skip":
                        break
                session.add(Item(name=row.name))
                await session.commit()  # expect: ORM401:15
        """,
        id="break-of-an-inner-loop-is-no-retry",
    ),
    pytest.param(
        """\
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession

        async def touch_all(session: AsyncSession) -> None:
            result = await session.stream(select(User))
            async for user in result.scalars():
                user.seen = True
                await session.commit()  # expect: ORM401:15
        """,
        id="async-for-over-stream-scalars",
    ),
    pytest.param(
        """\
        import csv
        from sqlalchemy.ext.asyncio import AsyncSession

        async def import_csv(session: AsyncSession, path: str) -> None:
            rows = list(csv.reader(open(path)))
            for row in rows[1:]:
                session.add(Item(name=row[0]))
                await session.commit()  # expect: ORM401:15
        """,
        id="slice-that-is-not-a-batch",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def purge(session: AsyncSession, items: list) -> None:
            for i in range(len(items) - 1, -1, -1):
                await session.delete(items[i])
                await session.commit()  # expect: ORM401:15
        """,
        id="reversed-range-is-not-a-batch",
    ),
]


@pytest.mark.parametrize("source", ORM401_POSITIVES)
def test_orm401_positive(source: str) -> None:
    check(source, ORM401)


ORM401_NEGATIVES = [
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))

        async def import_tags(labels: list[str]) -> None:
            for label in labels:
                async with factory() as s:
                    s.add(Tag(label=label))
                    await s.commit()
        """,
        id="session-created-in-loop-body",
    ),
    pytest.param(
        """\
        from sqlalchemy.exc import OperationalError
        from sqlalchemy.ext.asyncio import AsyncSession

        async def save(session: AsyncSession, tag: Tag) -> None:
            for attempt in range(3):
                try:
                    session.add(tag)
                    await session.commit()
                    break
                except OperationalError:
                    await session.rollback()
        """,
        id="retry-loop-break",
    ),
    pytest.param(
        """\
        from sqlalchemy.exc import OperationalError
        from sqlalchemy.ext.asyncio import AsyncSession

        async def save(session: AsyncSession, tag: Tag) -> Tag:
            for attempt in range(3):
                try:
                    session.add(tag)
                    await session.commit()
                    return tag
                except OperationalError:
                    await session.rollback()
            raise RuntimeError("gave up")
        """,
        id="retry-loop-return",
    ),
    pytest.param(
        """\
        from sqlalchemy import insert
        from sqlalchemy.ext.asyncio import AsyncSession

        async def import_tags(session: AsyncSession, rows: list[dict], size: int = 500) -> None:
            for start in range(0, len(rows), size):
                await session.execute(insert(Tag), rows[start:start + size])
                await session.commit()
        """,
        id="batch-loop-range-step",
    ),
    pytest.param(
        """\
        import itertools
        from sqlalchemy import insert
        from sqlalchemy.ext.asyncio import AsyncSession

        async def import_tags(session: AsyncSession, rows: list[dict]) -> None:
            for batch in itertools.batched(rows, 100):
                await session.execute(insert(Tag), list(batch))
                await session.commit()
        """,
        id="batch-loop-itertools-batched",
    ),
    pytest.param(
        """\
        import more_itertools
        from sqlalchemy.orm import Session

        def import_tags(session: Session, labels: list[str]) -> None:
            for chunk in more_itertools.chunked(labels, 100):
                session.add_all([Tag(label=label) for label in chunk])
                session.commit()
        """,
        id="batch-loop-more-itertools-chunked",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def import_tags(session: AsyncSession, labels: list[str], offsets: list[int]) -> None:
            for chunk in [labels[i:i + 100] for i in offsets]:
                session.add_all([Tag(label=label) for label in chunk])
                await session.commit()
        """,
        id="batch-loop-slicing",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def import_tags(session: AsyncSession, labels: list[str]) -> None:
            for i, label in enumerate(labels):
                session.add(Tag(label=label))
                if i % 100 == 0:
                    await session.commit()
            await session.commit()
        """,
        id="commit-every-n-items",
    ),
    pytest.param(
        """\
        from sqlalchemy.exc import IntegrityError
        from sqlalchemy.ext.asyncio import AsyncSession

        async def import_tags(session: AsyncSession, labels: list[str]) -> None:
            for label in labels:
                try:
                    session.add(Tag(label=label))
                    await session.flush()
                except IntegrityError:
                    await session.commit()
        """,
        id="commit-in-except-handler",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy.ext.asyncio import AsyncSession

        async def consume(session: AsyncSession, queue: asyncio.Queue) -> None:
            while True:
                job = await queue.get()
                session.add(Job(payload=job))
                await session.commit()
        """,
        id="while-true-consumer",
    ),
    pytest.param(
        """\
        from typing import AsyncIterator
        from sqlalchemy.ext.asyncio import AsyncSession

        async def queue_consumer() -> AsyncIterator[dict]:
            yield {}

        async def consume(session: AsyncSession) -> None:
            async for msg in queue_consumer():
                session.add(Event(**msg))
                await session.commit()
        """,
        id="async-for-over-message-stream",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def import_tags(session: AsyncSession, labels: list[str]) -> None:
            for label in labels:
                session.add(Tag(label=label))
                await session.flush()
            await session.commit()
        """,
        id="flush-in-loop-commit-after",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def schedule(session: AsyncSession, labels: list[str], callbacks: list) -> None:
            for label in labels:
                async def save(label: str = label) -> None:
                    session.add(Tag(label=label))
                    await session.commit()
                callbacks.append(save)
        """,
        id="commit-in-nested-function-defined-in-loop",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def import_tags(session: AsyncSession, labels: list[str]) -> None:
            for label in labels:
                if not label:
                    break
                session.add(Tag(label=label))
            else:
                await session.commit()
        """,
        id="commit-in-loop-else",
    ),
    pytest.param(
        """\
        from sqlalchemy import create_engine
        from sqlalchemy.orm import sessionmaker

        SessionLocal = sessionmaker(bind=create_engine("sqlite://"))

        def import_rows(rows: list[dict]) -> None:
            for row in rows:
                with SessionLocal() as s:
                    s.add(Item(**row))
                    s.commit()
        """,
        id="sync-session-created-in-loop-body",
    ),
]


@pytest.mark.parametrize("source", ORM401_NEGATIVES)
def test_orm401_negative(source: str) -> None:
    check(source, ORM401)


# ---------------------------------------------------------------------------
# ORM402: a query per iteration (N+1)
# ---------------------------------------------------------------------------

ORM402 = ("ORM402",)

ORM402_POSITIVES = [
    pytest.param(
        """\
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession

        async def orders_by_user(session: AsyncSession) -> dict:
            users = (await session.scalars(select(User))).all()
            found = {}
            for user in users:
                found[user.id] = await session.scalars(select(Order).where(Order.user_id == user.id))  # expect: ORM402:32
            return found
        """,
        id="loop-over-loaded-rows-where-loop-variable",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def load(session: AsyncSession, ids: list[int]) -> list:
            users = []
            for i in ids:
                users.append(await session.get(User, i))  # expect: ORM402:28
            return users
        """,
        id="get-per-id",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def load(session: AsyncSession, ids: list[int]) -> list:
            return [await session.get(User, i) for i in ids]  # expect: ORM402:19
        """,
        id="get-in-comprehension",
    ),
    pytest.param(
        """\
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession

        async def prices(session: AsyncSession, items: list) -> list:
            out = []
            for item in items:
                stmt = select(Price).where(Price.item_id == item.id)
                out.append((await session.execute(stmt)).scalar_one())  # expect: ORM402:27
            return out
        """,
        id="statement-assigned-in-loop",
    ),
    pytest.param(
        """\
        from sqlalchemy import text
        from sqlalchemy.ext.asyncio import AsyncSession

        async def mark(session: AsyncSession, rows: list) -> None:
            for row in rows:
                await session.execute(text("update item set seen = 1 where id = :id"), {"id": row.id})  # expect: ORM402:15
        """,
        id="execute-params-use-loop-variable",
    ),
    pytest.param(
        """\
        from sqlalchemy import func, select
        from sqlalchemy.orm import Session

        def scores(session: Session) -> None:
            for user in session.scalars(select(User)):
                user.score = session.scalar(  # expect: ORM402:22
                    select(func.count(Order.id)).where(Order.user_id == user.id)
                )
        """,
        id="sync-session-loop-over-query",
    ),
    pytest.param(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def profiles(session: AsyncSession) -> list:
            out = []
            for user in await session.scalars(select(User)):
                out.append(await session.get(Profile, user.profile_id))  # expect: ORM402:26
            return out
        """,
        id="loop-over-awaited-scalars",
    ),
    pytest.param(
        """\
        from sqlalchemy import func, select
        from sqlalchemy.ext.asyncio import AsyncSession

        async def report(session: AsyncSession, teams: list, days: list) -> dict:
            totals = {}
            for team in teams:
                for day in days:
                    totals[team.id, day] = await session.scalar(  # expect: ORM402:42
                        select(func.count(Order.id)).where(Order.team_id == team.id)
                    )
            return totals
        """,
        id="nested-loops-outer-variable",
    ),
    pytest.param(
        """\
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession

        class Orders:
            def __init__(self, session: AsyncSession) -> None:
                self.session = session

            async def all_orders(self) -> list:
                users = (await self.session.scalars(select(User))).all()
                out = []
                for user in users:
                    out.append(await self.session.execute(self._orders_of(user)))  # expect: ORM402:30
                return out
        """,
        id="helper-statement-in-loop-over-query-rows",
    ),
    pytest.param(
        """\
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession

        async def orders(session: AsyncSession, users: list) -> list:
            out = []
            for user in users:
                for order in await session.scalars(select(Order).where(Order.user_id == user.id)):  # expect: ORM402:28
                    out.append(order)
            return out
        """,
        id="inner-loop-iterable-is-a-query-per-outer-item",
    ),
    pytest.param(
        """\
        from itertools import batched
        from sqlalchemy.ext.asyncio import AsyncSession

        async def load(session: AsyncSession, ids: list[int]) -> list:
            out = []
            for chunk in batched(ids, 100):
                for i in chunk:
                    out.append(await session.get(User, i))  # expect: ORM402:30
            return out
        """,
        id="per-item-loop-inside-batch-loop",
    ),
    pytest.param(
        """\
        from sqlmodel import select
        from sqlmodel.ext.asyncio.session import AsyncSession

        async def load(session: AsyncSession, names: list[str]) -> list:
            return [(await session.exec(select(User).where(User.name == name))).first() for name in names]  # expect: ORM402:20
        """,
        id="sqlmodel-exec-in-comprehension",
    ),
]


@pytest.mark.parametrize("source", ORM402_POSITIVES)
def test_orm402_positive(source: str) -> None:
    check(source, ORM402)


ORM402_NEGATIVES = [
    pytest.param(
        """\
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession

        async def all_users(session: AsyncSession, page_size: int = 100) -> list:
            out, last_id = [], 0
            while True:
                page = (await session.scalars(
                    select(User).where(User.id > last_id).order_by(User.id).limit(page_size)
                )).all()
                if not page:
                    return out
                out += page
                last_id = page[-1].id
        """,
        id="while-pagination",
    ),
    pytest.param(
        """\
        from itertools import batched
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession

        async def load(session: AsyncSession, ids: list[int]) -> list:
            out = []
            for chunk in batched(ids, 100):
                out += (await session.scalars(select(User).where(User.id.in_(chunk)))).all()
            return out
        """,
        id="batch-loop-in-chunk",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy import func, select
        from sqlalchemy.ext.asyncio import AsyncSession

        async def wait_for_rows(session: AsyncSession) -> int:
            count = 0
            for _ in range(3):
                count = await session.scalar(select(func.count()).select_from(User))
                await asyncio.sleep(1)
            return count
        """,
        id="query-independent-of-loop",
    ),
    pytest.param(
        """\
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession

        class Filters:
            def __init__(self, session: AsyncSession) -> None:
                self.session = session

            def _stmt(self, relation: str, value: object):
                return select(Item).where(getattr(Item, relation) == value)

            async def apply(self, data: dict) -> None:
                for relation, value in data.items():
                    await self.session.execute(self._stmt(relation, value))
        """,
        id="statement-built-by-helper",
    ),
    pytest.param(
        """\
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession

        async def names(session: AsyncSession, ids: list[int]) -> list:
            users = (await session.scalars(select(User).where(User.id.in_(ids)))).all()
            out = [user.name for user in users]
            total = await session.scalar(select(func.count()).select_from(User))
            return out + [str(total)]
        """,
        id="query-before-and-after-loop",
    ),
    pytest.param(
        """\
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession

        async def names(session: AsyncSession, q) -> list:
            out = []
            for row in await session.execute(q):
                out.append(row.name)
            return out
        """,
        id="loop-iterable-is-the-query",
    ),
    pytest.param(
        """\
        import asyncio
        from sqlalchemy.exc import OperationalError
        from sqlalchemy.ext.asyncio import AsyncSession

        async def load(session: AsyncSession, user_id: int):
            for attempt in range(3):
                try:
                    return await session.get(User, user_id)
                except OperationalError:
                    await asyncio.sleep(attempt)
        """,
        id="retry-loop-query-independent-of-attempt",
    ),
    pytest.param(
        """\
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession

        async def search(session: AsyncSession, filters: dict) -> list:
            stmt = select(User)
            for key, value in filters.items():
                stmt = stmt.where(getattr(User, key) == value)
            return (await session.scalars(stmt)).all()
        """,
        id="statement-built-in-loop-executed-after",
    ),
]


@pytest.mark.parametrize("source", ORM402_NEGATIVES)
def test_orm402_negative(source: str) -> None:
    check(source, ORM402)


# ---------------------------------------------------------------------------
# every negative table carries no marker; every positive one does
# ---------------------------------------------------------------------------

_TABLES = {
    "ORM301": (ORM301_POSITIVES, ORM301_NEGATIVES),
    "ORM302": (ORM302_POSITIVES, ORM302_NEGATIVES),
    "ORM401": (ORM401_POSITIVES, ORM401_NEGATIVES),
    "ORM402": (ORM402_POSITIVES, ORM402_NEGATIVES),
}


@pytest.mark.parametrize("code", sorted(_TABLES))
def test_tables_are_well_formed(code: str) -> None:
    positives, negatives = _TABLES[code]
    for param in positives:
        expected = markers(textwrap.dedent(param.values[0]))
        assert expected and {e.code for e in expected} == {code}, param.id
    for param in negatives:
        assert not markers(textwrap.dedent(param.values[0])), param.id


def test_orm301_unbound_session_holds_no_connection():
    """``Session()`` without an engine only computes cascades: nothing to leak."""
    check(
        """\
        from sqlalchemy.orm import Session

        def pending_objects(instance):
            session = Session()
            session.add(instance)
            found = list(session.new)
            session.expunge_all()
            return found

        def leaked(engine):
            session = Session(engine)  # expect: ORM301:15
            session.execute(1)
        """,
        ("ORM301",),
    )
