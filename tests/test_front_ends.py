"""The flake8 and pylint front-ends, through their real command lines.

Each subprocess costs about a second, so the commands run once per module
(fixtures) and each test groups the assertions about one behaviour.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import NamedTuple

import pytest

X_SOURCE = textwrap.dedent(
    """\
    from sqlalchemy.ext.asyncio import AsyncSession


    async def f(session: AsyncSession, obj) -> None:
        session.commit()
        session.flush()  # noqa: ORM101
        session.rollback()  # noqa: ORM102
        session.close()  # noqa
        await session.add(obj)
        session.refresh(obj)  # pylint: disable=async-orm-missing-await
        await session.expunge(obj)  # noqa:ORM102
    """
)

Y_SOURCE = textwrap.dedent(
    """\
    import aiohttp
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine("sqlite+aiosqlite://")


    async def g(stmt) -> None:
        async with aiohttp.ClientSession() as session:
            session.get("http://example.invalid")
        await engine.begin()
        async with engine.connect() as conn:
            conn.execute(stmt)
    """
)

#: (line, code) each tool must report when nothing is silenced but by comments.
FLAKE8_X = {(5, "ORM101"), (7, "ORM101"), (9, "ORM102"), (10, "ORM101")}
PYLINT_X = {(5, "ORM101"), (6, "ORM101"), (7, "ORM101"), (8, "ORM101"), (9, "ORM102"), (11, "ORM102")}
BOTH_Y = {(10, "ORM102"), (12, "ORM101")}

SYMBOLS = {"async-orm-missing-await": "ORM101", "async-orm-await-not-awaitable": "ORM102"}

_LINE = re.compile(r"^(?P<path>[^:\s][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<code>\S+) (?P<message>.*)$")


class Reported(NamedTuple):
    path: str
    line: int
    col: int  # as printed: flake8 counts from 1, pylint from 0
    code: str  # ORMxxx, pylint symbols translated
    message: str


class Run(NamedTuple):
    returncode: int
    stdout: str
    stderr: str
    reported: list[Reported]

    def lines(self, path: str) -> set[tuple[int, str]]:
        return {(r.line, r.code) for r in self.reported if r.path == path}


def _parse(stdout: str) -> list[Reported]:
    reported = []
    for raw in stdout.splitlines():
        match = _LINE.match(raw)
        if match is None:
            continue
        code = SYMBOLS.get(match["code"], match["code"])
        reported.append(
            Reported(match["path"], int(match["line"]), int(match["col"]), code, match["message"])
        )
    return reported


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("front_ends")
    (root / "app").mkdir()
    (root / "app" / "x.py").write_text(X_SOURCE)
    (root / "app" / "y.py").write_text(Y_SOURCE)
    (root / "empty-pylintrc").write_text("")
    (root / "pylinthome").mkdir()
    return root


def _run(project: Path, args: list[str], stdin: str | None = None) -> Run:
    env = dict(os.environ, PYLINTHOME=str(project / "pylinthome"))
    completed = subprocess.run(
        [sys.executable, "-m", *args],
        cwd=project,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert "Traceback" not in completed.stderr, completed.stderr
    assert "ORM000" not in completed.stdout and "internal-error" not in completed.stdout, completed.stdout
    return Run(completed.returncode, completed.stdout, completed.stderr, _parse(completed.stdout))


def flake8(project: Path, *args: str, stdin: str | None = None) -> Run:
    return _run(project, ["flake8", "--isolated", "--select", "ORM", *args], stdin)


def pylint(project: Path, *args: str, stdin: str | None = None) -> Run:
    return _run(
        project,
        [
            "pylint",
            "--rcfile=empty-pylintrc",
            "--persistent=n",
            "--score=n",
            "--load-plugins=async_orm_lint.pylint_plugin",
            "--disable=all",
            "--enable=async-orm",
            "--msg-template={path}:{line}:{column}: {symbol} {msg}",
            *args,
        ],
        stdin,
    )


@pytest.fixture(scope="module")
def flake8_files(project: Path) -> Run:
    return flake8(project, "app/x.py", "app/y.py")


@pytest.fixture(scope="module")
def pylint_files(project: Path) -> Run:
    return pylint(project, "-j", "1", "app/x.py", "app/y.py")


# ---------------------------------------------------------------------------
# flake8
# ---------------------------------------------------------------------------


def test_flake8_reports_and_noqa(flake8_files: Run) -> None:
    # line 6: `# noqa: ORM101` silences; line 7: `# noqa: ORM102` does not
    # silence an ORM101; line 8: bare `# noqa` silences; line 10: a pylint
    # comment means nothing to flake8; line 11: `# noqa:ORM102` silences.
    assert flake8_files.lines("app/x.py") == FLAKE8_X
    assert flake8_files.lines("app/y.py") == BOTH_Y
    assert len(flake8_files.reported) == len(FLAKE8_X) + len(BOTH_Y), flake8_files.stdout
    assert flake8_files.returncode == 1
    commit = next(r for r in flake8_files.reported if r.path == "app/x.py" and r.line == 5)
    assert commit.col == 5  # 1-based column of `session.commit()`
    assert "AsyncSession.commit()" in commit.message and "await" in commit.message


def test_flake8_extend_ignore(project: Path) -> None:
    run = flake8(project, "--extend-ignore", "ORM101", "app/x.py", "app/y.py")
    assert run.lines("app/x.py") == {(9, "ORM102")}
    assert run.lines("app/y.py") == {(10, "ORM102")}
    assert len(run.reported) == 2, run.stdout
    assert run.returncode == 1


def test_flake8_stdin_matches_file_mode(project: Path, flake8_files: Run) -> None:
    run = flake8(project, "--stdin-display-name=app/x.py", "-", stdin=X_SOURCE)
    assert run.returncode == 1
    assert run.lines("app/x.py") == FLAKE8_X
    assert {r.path for r in run.reported} == {"app/x.py"}
    file_mode = sorted(r for r in flake8_files.reported if r.path == "app/x.py")
    assert sorted(run.reported) == file_mode


# ---------------------------------------------------------------------------
# pylint
# ---------------------------------------------------------------------------


def test_pylint_reports_and_disable_comment(pylint_files: Run) -> None:
    # `# noqa` is flake8's: pylint reports lines 6, 7, 8 and 11; the
    # `# pylint: disable=async-orm-missing-await` comment silences line 10.
    assert pylint_files.lines("app/x.py") == PYLINT_X
    assert pylint_files.lines("app/y.py") == BOTH_Y
    assert len(pylint_files.reported) == len(PYLINT_X) + len(BOTH_Y), pylint_files.stdout
    assert pylint_files.returncode & 2  # pylint's "error message issued" bit


def test_pylint_and_flake8_agree_on_columns_and_messages(pylint_files: Run, flake8_files: Run) -> None:
    by_place = {(r.path, r.line, r.code): r for r in flake8_files.reported}
    shared = [r for r in pylint_files.reported if (r.path, r.line, r.code) in by_place]
    assert len(shared) == 5  # x.py lines 5, 7, 9 and y.py lines 10, 12
    for reported in shared:
        twin = by_place[(reported.path, reported.line, reported.code)]
        assert reported.col + 1 == twin.col
        assert reported.message == twin.message


def test_pylint_disable_option(project: Path) -> None:
    run = pylint(project, "--disable=async-orm-missing-await", "app/x.py", "app/y.py")
    assert run.lines("app/x.py") == {(9, "ORM102"), (11, "ORM102")}
    assert run.lines("app/y.py") == {(10, "ORM102")}
    assert len(run.reported) == 3, run.stdout


def test_pylint_from_stdin(project: Path, pylint_files: Run) -> None:
    run = pylint(project, "--from-stdin", "app/x.py", stdin=X_SOURCE)
    assert run.lines("app/x.py") == PYLINT_X
    assert {r.path for r in run.reported} == {"app/x.py"}
    file_mode = sorted(r for r in pylint_files.reported if r.path == "app/x.py")
    assert sorted(run.reported) == file_mode


def test_pylint_parallel_jobs_match_serial(project: Path, pylint_files: Run) -> None:
    run = pylint(project, "-j", "2", "app/x.py", "app/y.py")
    assert sorted(run.reported) == sorted(pylint_files.reported)
    assert len(run.reported) == len(PYLINT_X) + len(BOTH_Y)
