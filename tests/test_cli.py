"""The ``async-orm-lint`` command: files, options, configuration, noqa, exit status.

Most tests call :func:`async_orm_lint.cli.main` in-process (fast); the ones
marked ``slow`` start the installed console script, ``python -m`` and flake8.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import NamedTuple

import pytest

from async_orm_lint import __version__, cli, docs
from async_orm_lint.rules import RULES

ROOT = Path(__file__).resolve().parent.parent

BAD = textwrap.dedent(
    """\
    from sqlalchemy.ext.asyncio import AsyncSession


    async def f(session: AsyncSession, obj) -> None:
        session.commit()
        await session.add(obj)
    """
)
GOOD = textwrap.dedent(
    """\
    from sqlalchemy.ext.asyncio import AsyncSession


    async def f(session: AsyncSession, obj) -> None:
        await session.commit()
        session.add(obj)
    """
)
#: unannotated: a finding only with the opt-in session-names = db
UNANNOTATED = textwrap.dedent(
    """\
    import sqlalchemy


    async def g(db) -> None:
        db.commit()
    """
)


class Run(NamedTuple):
    status: int
    out: str
    err: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    def call(*args: str, cwd: Path | None = None, stdin: str | None = None) -> Run:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8"))))
        status = cli.main(list(args))
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err, captured.err
        return Run(status, captured.out, captured.err)

    return call


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "bad.py").write_text(BAD)
    (tmp_path / "app" / "good.py").write_text(GOOD)
    return tmp_path


def test_text_is_flake8s_format_and_exit_status_is_1(run, project: Path) -> None:
    result = run("-j1", "app", cwd=project)
    assert result.status == 1
    assert result.out.splitlines() == [
        "app/bad.py:5:5: ORM101 `AsyncSession.commit()` is a coroutine that is never awaited: add `await`",
        "app/bad.py:6:5: ORM102 `AsyncSession.add()` is not a coroutine and cannot be awaited: remove `await`",
    ]
    assert result.err == ""


def test_default_path_is_the_working_directory(run, project: Path) -> None:
    result = run("-j1", cwd=project)
    assert [line.split(":")[0] for line in result.out.splitlines()] == ["./app/bad.py", "./app/bad.py"]


def test_no_findings_exit_0_and_exit_zero(run, project: Path) -> None:
    assert run("-j1", "app/good.py", cwd=project) == Run(0, "", "")
    result = run("-j1", "--exit-zero", "app", cwd=project)
    assert result.status == 0 and len(result.out.splitlines()) == 2


@pytest.mark.parametrize(
    ("options", "codes"),
    [
        (["--select", "ORM101"], {"ORM101"}),
        (["--select", "orm1"], {"ORM101", "ORM102"}),
        (["--ignore", "ORM101"], {"ORM102"}),
        (["--ignore", "ORM1"], set()),
        (["--select", "ORM1", "--ignore", "ORM102"], {"ORM101"}),
        # both name the code: the longer prefix wins, as flake8 decides
        (["--select", "ORM102", "--ignore", "ORM1"], {"ORM102"}),
        (["--select", "ORM1", "--ignore", "ORM1"], set()),
        (["--select", "ORM101,ORM102"], {"ORM101", "ORM102"}),
    ],
)
def test_select_and_ignore_by_prefix(run, project: Path, options: list[str], codes: set[str]) -> None:
    result = run("-j1", *options, "app/bad.py", cwd=project)
    assert {line.split()[1] for line in result.out.splitlines()} == codes
    assert result.status == (1 if codes else 0)


def test_unknown_code_is_a_usage_error(run, project: Path) -> None:
    result = run("--select", "E501", "app", cwd=project)
    assert result.status == 2 and result.out == ""
    assert len(result.err.splitlines()) == 1
    assert "--select" in result.err and "'E501'" in result.err and "ORM101" in result.err


NOQA = textwrap.dedent(
    '''\
    from sqlalchemy.ext.asyncio import AsyncSession


    async def f(session: AsyncSession, obj) -> None:
        session.commit()
        session.flush()  # noqa
        session.refresh(obj)  # noqa: ORM101
        session.close()  # NOQA:ORM1
        session.rollback()  # noqa: ORM102
        await session.add(obj)  # noqa: E501,ORM102
        session.execute("""
            SELECT 1""")  # noqa: ORM101
        session.scalar(obj)  # pylint: disable=async-orm-missing-await
    '''
)


def test_noqa_as_flake8(run, tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(NOQA)
    result = run("-j1", "m.py", cwd=tmp_path)
    # a bare noqa, a code, a prefix and any case silence; another code does not; the comment after a
    # string spanning lines covers the finding on its first line (flake8's noqa line); pylint's does not
    assert [int(line.split(":")[1]) for line in result.out.splitlines()] == [5, 9, 13]


@pytest.mark.slow
def test_noqa_agrees_with_flake8(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(NOQA)
    flake8 = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select", "ORM", "m.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    command = subprocess.run(
        [sys.executable, "-m", "async_orm_lint", "-j1", "m.py"], cwd=tmp_path, capture_output=True, text=True,
        timeout=120,
    )
    assert flake8.stdout and command.stdout == flake8.stdout
    assert command.returncode == flake8.returncode == 1


def test_flake8_noqa_comment_skips_the_file(run, tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("# flake8: noqa\n" + BAD)
    assert run("-j1", "m.py", cwd=tmp_path) == Run(0, "", "")


def test_default_exclusions_and_exclude_options(run, project: Path) -> None:
    for directory in (".venv", "build", "node_modules", ".tox", "venv", "dist", "__pycache__"):
        (project / directory).mkdir()
        (project / directory / "skipped.py").write_text(BAD)
    (project / "app" / "generated").mkdir()
    (project / "app" / "generated" / "models.py").write_text(BAD)
    paths = lambda result: sorted({line.split(":")[0] for line in result.out.splitlines()})  # noqa: E731
    assert paths(run("-j1", cwd=project)) == ["./app/bad.py", "./app/generated/models.py"]
    assert paths(run("-j1", "--extend-exclude", "generated", cwd=project)) == ["./app/bad.py"]
    assert paths(run("-j1", "--extend-exclude", "app/generated/*.py", cwd=project)) == ["./app/bad.py"]
    # --exclude replaces the defaults
    assert "./build/skipped.py" in paths(run("-j1", "--exclude", "generated", cwd=project))
    # a file named on the command line is checked even under an excluded directory
    assert paths(run("-j1", "build/skipped.py", cwd=project)) == ["build/skipped.py"]


def test_missing_path_is_a_usage_error(run, project: Path) -> None:
    result = run("app", "nowhere.py", cwd=project)
    assert result.status == 2 and result.out == ""
    assert result.err == "async-orm-lint: error: no such file or directory: nowhere.py\n"


def test_broken_files_are_named_and_the_others_still_checked(run, project: Path) -> None:
    (project / "app" / "syntax.py").write_text("async def f(:\n    pass\n")
    (project / "app" / "latin.py").write_bytes(b"x = '\xff'\n")
    (project / "app" / "dangling.py").symlink_to(project / "gone.py")
    result = run("-j1", "app", cwd=project)
    assert result.status == 1
    assert len(result.out.splitlines()) == 2  # bad.py's findings
    errors = result.err.splitlines()
    assert "app/syntax.py:1:13: cannot parse: invalid syntax" in errors
    assert "app/latin.py: cannot decode as utf-8: byte 0xff on line 1" in errors
    assert "app/dangling.py: cannot read: No such file or directory" in errors
    assert errors[-1] == "async-orm-lint: 3 files could not be checked"
    # --exit-zero does not hide them
    assert run("-j1", "--exit-zero", "app", cwd=project).status == 1


def test_directory_that_cannot_be_listed(run, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "app" / "secret").mkdir()
    real = os.scandir

    def scandir(path="."):
        if str(path).endswith("secret"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run("-j1", "app", cwd=project)
    assert result.status == 1 and len(result.out.splitlines()) == 2
    assert "app/secret: cannot list: Permission denied" in result.err.splitlines()


def test_flake8_section_options(run, tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(UNANNOTATED)
    assert run("-j1", "m.py", cwd=tmp_path).out == ""
    (tmp_path / "setup.cfg").write_text("[flake8]\nmax-line-length = 120\norm-session-names = db\n")
    assert "ORM101" in run("-j1", "m.py", cwd=tmp_path).out
    # the command line wins over [flake8]
    assert run("-j1", "--orm-session-names", "session", "m.py", cwd=tmp_path).out == ""


def test_flake8_config_is_found_as_flake8_finds_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "setup.cfg").write_text("[metadata]\nname = x\n")
    (tmp_path / "tox.ini").write_text("[flake8]\norm-session-names = db\n")
    (tmp_path / "sub").mkdir()
    assert cli.flake8_config(tmp_path / "sub") == tmp_path / "tox.ini"
    (tmp_path / "sub" / ".flake8").write_text("[flake8]\n")
    assert cli.flake8_config(tmp_path / "sub") == tmp_path / "sub" / ".flake8"
    monkeypatch.chdir(tmp_path)
    assert cli.flake8_options(tmp_path / "tox.ini").session_names == ("db",)


def test_pyproject_table_and_precedence(run, tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(UNANNOTATED)
    (tmp_path / "pyproject.toml").write_text('[tool.async-orm-lint]\nsession-names = ["db"]\n')
    assert "ORM101" in run("-j1", "m.py", cwd=tmp_path).out
    # [flake8] wins over pyproject.toml
    (tmp_path / "setup.cfg").write_text("[flake8]\norm-session-names = session\n")
    assert run("-j1", "m.py", cwd=tmp_path).out == ""


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"pyproject.toml": '[tool.async-orm-lint]\nsession-names = ["1db"]\n'},
         "pyproject.toml [tool.async-orm-lint] session-names: '1db' is not a Python identifier"),
        ({"pyproject.toml": "[tool.async-orm-lint]\nsession_names = [\n"}, "cannot read [tool.async-orm-lint]"),
        ({"setup.cfg": "[flake8]\norm-async-session-classes = Session\n"},
         "setup.cfg [flake8] orm-async-session-classes: 'Session' is not a dotted name"),
        ({"tox.ini": "[flake8]\norm-session-name = db\n"}, "tox.ini [flake8] orm-session-name: unknown option"),
    ],
)
def test_bad_configuration_is_one_line_and_exit_2(run, tmp_path: Path, files: dict, expected: str) -> None:
    (tmp_path / "m.py").write_text(BAD)
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    result = run("-j1", "m.py", cwd=tmp_path)
    assert result.status == 2 and result.out == ""
    assert len(result.err.splitlines()) == 1 and expected in result.err, result.err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--orm-project-root", "nowhere"], "--orm-project-root: 'nowhere' is not a directory"),
        (["--format", "xml"], "--format: invalid choice: 'xml'"),
        (["-j", "0"], "'0': at least 1"),
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["--explain", "ORM999"], "unknown code 'ORM999' (known: ORM000, ORM101, ORM102"),
        (["--output", "no/such/dir/out.txt"], "--output: cannot write no/such/dir/out.txt"),
        (["--fix", "-", "m.py"], "--fix with - fixes standard input alone"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(run, tmp_path: Path, args: list[str], expected: str) -> None:
    (tmp_path / "m.py").write_text(BAD)
    result = run(*args, cwd=tmp_path, stdin="")
    assert result.status == 2 and result.out == ""
    assert len(result.err.splitlines()) == 1 and expected in result.err, result.err


def test_json_and_output_file(run, project: Path) -> None:
    result = run("-j1", "--format", "json", "--output", "report.json", "app", cwd=project)
    assert result.status == 1 and result.out == ""
    report = json.loads((project / "report.json").read_text())
    assert report[0] == {
        "path": "app/bad.py",
        "line": 5,
        "column": 5,
        "code": "ORM101",
        "message": "`AsyncSession.commit()` is a coroutine that is never awaited: add `await`",
        "symbol": "async-orm-missing-await",
        "end_line": 5,
        "end_column": 21,
    }
    assert [entry["code"] for entry in report] == ["ORM101", "ORM102"]
    assert run("-j1", "--format", "json", "app/good.py", cwd=project).out == "[]\n"


def test_stdin_with_its_filename(run, project: Path) -> None:
    result = run("-j1", "--stdin-filename", "app/edited.py", "-", cwd=project, stdin=BAD)
    assert result.status == 1
    assert [line.split(":")[0] for line in result.out.splitlines()] == ["app/edited.py"] * 2
    assert run("-j1", "-", cwd=project, stdin=BAD).out.startswith("stdin:5:5: ORM101 ")


def test_explain(run) -> None:
    result = run("--explain", "orm101")
    assert result.status == 0
    assert result.out == docs.rule_markdown(RULES[0]) + "\n"
    assert result.out in (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert "## ORM000" in run("--explain", "ORM000").out


def test_version(run) -> None:
    with pytest.raises(SystemExit) as exit_:
        run("--version")
    assert exit_.value.code == 0


def test_parallel_is_identical_to_serial(run, tmp_path: Path) -> None:
    for number in range(12):
        (tmp_path / f"m{number:02}.py").write_text(BAD if number % 3 else GOOD)
    (tmp_path / "broken.py").write_text("def (\n")
    serial = run("-j1", cwd=tmp_path)
    parallel = run("-j3", cwd=tmp_path)
    assert parallel == serial
    assert serial.status == 1 and len(serial.out.splitlines()) == 16
    assert serial.out.splitlines() == sorted(serial.out.splitlines())


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_only_on_a_terminal_after_a_second() -> None:
    now = [0.0]
    stream = _Terminal()
    progress = cli.Progress(10, stream, clock=lambda: now[0])
    progress.update(1)
    assert stream.getvalue() == ""  # under a second
    now[0] = 1.5
    progress.update(4)
    assert stream.getvalue() == "\rasync-orm-lint: checked 4/10 files"
    progress.finish()
    assert stream.getvalue().endswith("\r\x1b[K")
    piped = io.StringIO()
    quiet = cli.Progress(10, piped, clock=lambda: now[0] + 5)
    quiet.update(3)
    quiet.finish()
    assert piped.getvalue() == ""


@pytest.mark.slow
def test_console_script_and_module_agree_with_flake8() -> None:
    script = Path(sys.executable).with_name("async-orm-lint")
    commands = {
        "script": [str(script), "examples/"],
        "module": [sys.executable, "-m", "async_orm_lint", "examples/"],
        "flake8": [sys.executable, "-m", "flake8", "--select", "ORM", "examples/"],
    }
    outputs = {}
    for name, command in commands.items():
        completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert completed.returncode == 1, (name, completed.stderr)
        assert "Traceback" not in completed.stderr
        outputs[name] = sorted(completed.stdout.splitlines())
    assert outputs["script"] == outputs["module"] == outputs["flake8"]
    assert len(outputs["script"]) >= 13
    version = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert version.stdout.startswith(f"async-orm-lint {__version__} ")
