"""The evidence behind a finding (``--show-evidence``, SARIF's related locations): each step is a
place of the project and what it says, from the expression the finding is about back to the library."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from async_orm_lint.engine import check_source

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _project(root: Path, files: dict[str, str]) -> None:
    (root / "pyproject.toml").write_text('[project]\nname = "app"\n')
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def _explained(path: Path, code: str) -> list[tuple[str | None, int, str]]:
    """The steps of the only finding of ``code`` in ``path``: (file name or None, line, message)."""
    findings = [f for f in check_source(path.read_text(), str(path), explain=True) if f.code == code]
    assert len(findings) == 1, findings
    return [(Path(r.path).name if r.path else None, r.line, r.message) for r in findings[0].evidence]


def test_an_alias_chain_across_modules(tmp_path: Path) -> None:
    _project(tmp_path, {
        "app/__init__.py": "",
        "app/deps.py": """\
            from typing import Annotated, NewType
            from fastapi import Depends
            from sqlalchemy.ext.asyncio import AsyncSession

            ReadSession = NewType("ReadSession", AsyncSession)
            WriteSession = NewType("WriteSession", ReadSession)
            SessionDep = Annotated[WriteSession, Depends()]
            """,
        "app/routes.py": """\
            from .deps import SessionDep


            async def rename(db: SessionDep) -> None:
                db.commit()
            """,
    })
    assert _explained(tmp_path / "app" / "routes.py", "ORM101") == [
        (None, 4, "`db` is annotated `SessionDep`: an `AsyncSession`"),
        ("deps.py", 7, "`SessionDep` stands for `Annotated[WriteSession, Depends()]`: the class `AsyncSession`"),
        ("deps.py", 6, "`WriteSession` stands for `NewType('WriteSession', ReadSession)`: the class `AsyncSession`"),
        ("deps.py", 5, "`ReadSession` stands for `NewType('ReadSession', AsyncSession)`: the class `AsyncSession`"),
    ]


def test_a_session_held_by_a_base_class_of_another_module(tmp_path: Path) -> None:
    _project(tmp_path, {
        "app/__init__.py": "",
        "app/base.py": """\
            from typing import Generic, TypeVar
            from sqlalchemy.ext.asyncio import AsyncSession

            M = TypeVar("M")


            class Repository(Generic[M]):
                def __init__(self, session: AsyncSession) -> None:
                    self.session = session
            """,
        "app/users.py": """\
            from .base import Repository


            class Users(Repository[int]):
                async def drop(self, user) -> None:
                    self.session.delete(user)
            """,
    })
    assert _explained(tmp_path / "app" / "users.py", "ORM101") == [
        ("base.py", 9, "`self.session` is set from `session`: an `AsyncSession`"),
        ("base.py", 8, "`session` is annotated `AsyncSession`: an `AsyncSession`"),
    ]


def test_a_factory_called_and_entered(tmp_path: Path) -> None:
    _project(tmp_path, {
        "app/__init__.py": "",
        "app/db.py": """\
            from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

            engine = create_async_engine("sqlite+aiosqlite://")
            Session = async_sessionmaker(engine)
            """,
        "app/jobs.py": """\
            from .db import Session


            async def run() -> None:
                async with Session() as session:
                    session.commit()
            """,
    })
    assert _explained(tmp_path / "app" / "jobs.py", "ORM101") == [
        (None, 5, "`session` is bound by `async with Session() as session`: an `AsyncSession`"),
        ("db.py", 4, "`Session` is assigned `async_sessionmaker(engine)`: an `async_sessionmaker`"),
    ]


def test_usage_as_evidence_says_so(tmp_path: Path) -> None:
    _project(tmp_path, {"app.py": """\
        import sqlalchemy


        async def save(db, item) -> None:
            db.add(item)
            await db.flush()
            await db.refresh(item)
            db.commit()
        """})
    ((path, line, message),) = _explained(tmp_path / "app.py", "ORM101")
    assert (path, line) == (None, 4)
    assert message.startswith("`db` is used in `save` as only an `AsyncSession` is")


def test_the_rules_own_steps_come_after(tmp_path: Path) -> None:
    _project(tmp_path, {"app.py": """\
        from sqlalchemy.ext.asyncio import AsyncSession


        async def save_all(session: AsyncSession, items) -> None:
            for item in items:
                session.add(item)
                await session.commit()
        """})
    assert _explained(tmp_path / "app.py", "ORM401") == [
        (None, 4, "`session` is annotated `AsyncSession`: an `AsyncSession`"),
        (None, 5, "the `for` loop the call runs in"),
    ]


def test_the_commit_that_expired_an_instance(tmp_path: Path) -> None:
    _project(tmp_path, {"app.py": """\
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


        class Base(DeclarativeBase):
            pass


        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(primary_key=True)
            name: Mapped[str]


        Session = async_sessionmaker(create_async_engine("sqlite+aiosqlite://"))


        async def rename(user_id: int) -> str:
            async with Session() as session:
                user = await session.get(User, user_id)
                user.name = "x"
                await session.commit()
                return user.name
        """})
    assert _explained(tmp_path / "app.py", "ORM202") == [
        (None, 20, "`user` is assigned `await session.get(User, user_id)`: a `User` loaded by `session`"),
        (None, 19, "`session` is bound by `async with Session() as session`: an `AsyncSession`"),
        (None, 15, "`Session` is assigned `async_sessionmaker(create_async_engine('sqlite+aiosqlite://'))`:"
                   " an `async_sessionmaker`"),
        (None, 22, "`session.commit()` expires what the session loaded"),
    ]


@pytest.mark.parametrize("path", sorted((EXAMPLES / "bad").glob("*.py")), ids=lambda p: p.name)
def test_evidence_changes_no_finding(path: Path) -> None:
    """Asking for the evidence adds steps and nothing else; findings about a session say where it came from."""
    source = path.read_text()
    plain = check_source(source, str(path))
    explained = check_source(source, str(path), explain=True)
    assert [f[:6] for f in explained] == [f[:6] for f in plain]
    for finding in explained:
        assert finding.code != "ORM000"
        if finding.code in ("ORM101", "ORM102", "ORM103", "ORM502") and "session" in finding.message.lower():
            assert finding.evidence, finding


def test_without_the_question_only_the_rules_steps(tmp_path: Path) -> None:
    _project(tmp_path, {"app.py": """\
        from sqlalchemy.ext.asyncio import AsyncSession


        async def f(session: AsyncSession) -> None:
            session.commit()
        """})
    (finding,) = check_source((tmp_path / "app.py").read_text(), str(tmp_path / "app.py"))
    assert finding.evidence == ()
