"""ORM301 follows a session into the functions of the project it is passed to.

A function that only uses the session it is given leaves it to the caller
to close; one that closes, enters, stores or returns it takes it.  Each shape
has its twin.
"""

from __future__ import annotations

import textwrap

import pytest

from async_orm_lint.engine import check_source
from async_orm_lint.options import CACHE_OFF, Options
from marked_snippets import check_marked

PREAMBLE = """\
from contextlib import asynccontextmanager
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

factory = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))
"""

SHAPES = [
    pytest.param(
        """\
        async def index(session: AsyncSession, ids: list) -> None:
            for id_ in ids:
                await session.get(Document, id_)
            await session.commit()

        async def task(ids: list) -> None:
            session = factory()  # ORM301
            await index(session, ids)
        """,
        id="passed-to-a-function-that-uses-it",
    ),
    pytest.param(
        """\
        class Indexer:
            async def run(self, ids: list) -> None:
                session = factory()  # ORM301
                await self._index(session, ids)

            async def _index(self, session: AsyncSession, ids: list) -> None:
                await session.execute(select(Document).where(Document.id.in_(ids)))
        """,
        id="passed-to-a-method-that-uses-it",
    ),
    pytest.param(
        """\
        async def index(session: AsyncSession) -> None:
            await helper(session=session)

        async def helper(session: AsyncSession) -> None:
            await session.commit()

        async def task() -> None:
            session = factory()  # ORM301
            await index(session)
        """,
        id="used-two-calls-deep",
    ),
    pytest.param(
        """\
        async def index(session: AsyncSession) -> None:
            try:
                await session.commit()
            finally:
                await session.close()

        async def task() -> None:
            session = factory()
            await index(session)
        """,
        id="twin-passed-to-a-function-that-closes-it",
    ),
    pytest.param(
        """\
        async def index(session: AsyncSession) -> None:
            async with session:
                await session.commit()

        async def task() -> None:
            session = factory()
            await index(session)
        """,
        id="twin-passed-to-a-function-that-enters-it",
    ),
    pytest.param(
        """\
        SESSIONS: list = []

        def keep(session: AsyncSession) -> None:
            SESSIONS.append(session)

        async def task() -> None:
            session = factory()
            keep(session)
        """,
        id="twin-passed-to-a-function-that-stores-it",
    ),
    pytest.param(
        """\
        async def index(session: AsyncSession) -> None:
            await other_library.index(session)

        async def task() -> None:
            session = factory()
            await index(session)
        """,
        id="twin-handed-on-to-a-function-the-linter-cannot-read",
    ),
    pytest.param(
        """\
        async def task(scheduler) -> None:
            session = factory()
            scheduler.track(session)
        """,
        id="twin-handed-to-an-object-of-unknown-type",
    ),
    pytest.param(
        """\
        @asynccontextmanager
        async def transaction():
            session = factory()  # ORM301
            yield session
            await session.commit()
        """,
        id="yielded-by-a-context-manager-never-closed",
    ),
    pytest.param(
        """\
        @asynccontextmanager
        async def transaction():
            session = factory()
            try:
                yield session
            finally:
                await session.close()
        """,
        id="twin-yielded-then-closed-in-finally",
    ),
    pytest.param(
        """\
        engine = create_async_engine("sqlite+aiosqlite://")

        @asynccontextmanager
        async def on_one_connection():
            async with engine.connect() as connection:
                maker = async_sessionmaker(bind=connection, expire_on_commit=False)
                session = maker()
                yield session
                other = AsyncSession(connection)
                yield other
        """,
        id="bound-to-a-connection-its-owner-releases",
    ),
    pytest.param(
        """\
        engine = create_async_engine("sqlite+aiosqlite://")

        @asynccontextmanager
        async def on_the_pool():
            maker = async_sessionmaker(bind=engine, expire_on_commit=False)
            session = maker()  # ORM301
            yield session
            other = AsyncSession(engine)  # ORM301
            yield other
        """,
        id="twin-bound-to-the-engine",
    ),
]


@pytest.mark.parametrize("source", SHAPES)
def test_ownership_shapes(source: str) -> None:
    check_marked(PREAMBLE + textwrap.dedent(source), ("ORM301",))


def test_a_function_of_another_module(tmp_path) -> None:
    """The definition is read in the module that defines it; its twin there closes the session."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'app'\n", encoding="utf-8")
    package = tmp_path / "app"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "indexing.py").write_text(textwrap.dedent("""\
        from sqlalchemy.ext.asyncio import AsyncSession

        async def index(session: AsyncSession) -> None:
            await session.commit()

        async def index_and_close(session: AsyncSession) -> None:
            try:
                await session.commit()
            finally:
                await session.close()
        """), encoding="utf-8")
    tasks = package / "tasks.py"
    tasks.write_text(PREAMBLE + textwrap.dedent("""\
        from app.indexing import index, index_and_close

        async def task() -> None:
            session = factory()
            await index(session)

        async def closed_task() -> None:
            session = factory()
            await index_and_close(session)
        """), encoding="utf-8")
    findings = check_source(tasks.read_text(encoding="utf-8"), str(tasks), options=Options(cache_dir=CACHE_OFF))
    assert [(f.line, f.code) for f in findings] == [(8, "ORM301")]
