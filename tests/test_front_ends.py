"""The flake8 and pylint front-ends, through their real command lines.

Each subprocess costs about a second, so the commands run once per module
(fixtures) and each test groups the assertions about one behaviour.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import hosts
from hosts import Run

pytestmark = pytest.mark.slow  # every test runs flake8 or pylint

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


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("front_ends")
    (root / "app").mkdir()
    (root / "app" / "x.py").write_text(X_SOURCE)
    (root / "app" / "y.py").write_text(Y_SOURCE)
    (root / "empty-pylintrc").write_text("")
    (root / "pylinthome").mkdir()
    return root


def _checked(run: Run) -> Run:
    assert "Traceback" not in run.stderr, run.stderr
    assert "ORM000" not in run.stdout and "internal-error" not in run.stdout, run.stdout
    return run


def flake8(project: Path, *args: str, stdin: str | None = None) -> Run:
    return _checked(hosts.flake8(*args, cwd=project, stdin=stdin, env={"PYLINTHOME": str(project / "pylinthome")},
                                 timeout=120))


def pylint(project: Path, *args: str, stdin: str | None = None) -> Run:
    return _checked(hosts.pylint("--rcfile=empty-pylintrc", *args, cwd=project, stdin=stdin,
                                 env={"PYLINTHOME": str(project / "pylinthome")}, timeout=120))


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
    assert len(flake8_files.findings) == len(FLAKE8_X) + len(BOTH_Y), flake8_files.stdout
    assert flake8_files.returncode == 1
    commit = next(r for r in flake8_files.findings if r.path == "app/x.py" and r.line == 5)
    assert commit.col == 5  # 1-based column of `session.commit()`
    assert "AsyncSession.commit()" in commit.message and "await" in commit.message


def test_flake8_extend_ignore(project: Path) -> None:
    run = flake8(project, "--extend-ignore", "ORM101", "app/x.py", "app/y.py")
    assert run.lines("app/x.py") == {(9, "ORM102")}
    assert run.lines("app/y.py") == {(10, "ORM102")}
    assert len(run.findings) == 2, run.stdout
    assert run.returncode == 1


def test_flake8_stdin_matches_file_mode(project: Path, flake8_files: Run) -> None:
    run = flake8(project, "--stdin-display-name=app/x.py", "-", stdin=X_SOURCE)
    assert run.returncode == 1
    assert run.lines("app/x.py") == FLAKE8_X
    assert {r.path for r in run.findings} == {"app/x.py"}
    file_mode = sorted(r for r in flake8_files.findings if r.path == "app/x.py")
    assert sorted(run.findings) == file_mode


# ---------------------------------------------------------------------------
# pylint
# ---------------------------------------------------------------------------


def test_pylint_reports_and_disable_comment(pylint_files: Run) -> None:
    # `# noqa` is flake8's: pylint reports lines 6, 7, 8 and 11; the
    # `# pylint: disable=async-orm-missing-await` comment silences line 10.
    assert pylint_files.lines("app/x.py") == PYLINT_X
    assert pylint_files.lines("app/y.py") == BOTH_Y
    assert len(pylint_files.findings) == len(PYLINT_X) + len(BOTH_Y), pylint_files.stdout
    assert pylint_files.returncode & 2  # pylint's "error message issued" bit


def test_pylint_and_flake8_agree_on_columns_and_messages(pylint_files: Run, flake8_files: Run) -> None:
    by_place = {(r.path, r.line, r.code): r for r in flake8_files.findings}
    shared = [r for r in pylint_files.findings if (r.path, r.line, r.code) in by_place]
    assert len(shared) == 5  # x.py lines 5, 7, 9 and y.py lines 10, 12
    for reported in shared:
        twin = by_place[(reported.path, reported.line, reported.code)]
        assert reported.col == twin.col  # pylint's printed column + 1 (see hosts.py) is flake8's
        assert reported.message == twin.message


def test_pylint_disable_option(project: Path) -> None:
    run = pylint(project, "--disable=async-orm-missing-await", "app/x.py", "app/y.py")
    assert run.lines("app/x.py") == {(9, "ORM102"), (11, "ORM102")}
    assert run.lines("app/y.py") == {(10, "ORM102")}
    assert len(run.findings) == 3, run.stdout


def test_pylint_from_stdin(project: Path, pylint_files: Run) -> None:
    run = pylint(project, "--from-stdin", "app/x.py", stdin=X_SOURCE)
    assert run.lines("app/x.py") == PYLINT_X
    assert {r.path for r in run.findings} == {"app/x.py"}
    file_mode = sorted(r for r in pylint_files.findings if r.path == "app/x.py")
    assert sorted(run.findings) == file_mode


def test_pylint_parallel_jobs_match_serial(project: Path, pylint_files: Run) -> None:
    run = pylint(project, "-j", "2", "app/x.py", "app/y.py")
    assert sorted(run.findings) == sorted(pylint_files.findings)
    assert len(run.findings) == len(PYLINT_X) + len(BOTH_Y)
