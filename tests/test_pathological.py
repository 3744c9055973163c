"""Pathological projects: bounded time and memory, no crash.

The projects are written by ``benchmarks/pathological.py``, which runs them at
full size (10,000 modules, an import cycle of 1,000 modules, a 100,000-line
file); here smaller ones run, each in a process of its own so that its peak
memory is its own: many modules, a long import cycle, a 100,000-line module
read for another, links in loops, and a project the user cannot read beyond
the checked file.
"""

from __future__ import annotations

import builtins
import importlib.util
import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from async_orm_lint import cli
from async_orm_lint.engine import check_source
from async_orm_lint.options import CACHE_OFF, Options
from async_orm_lint.project import forget_projects

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "pathological.py"


def _load_script():
    spec = importlib.util.spec_from_file_location("pathological", SCRIPT)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules.setdefault("pathological", module)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


pathological = _load_script()


def _run_case(name: str, size: int) -> dict:
    """One case of the script in a process of its own: its findings, CPU time and peak memory."""
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), "--in-process", "--json", "--case", name, "--size", str(size)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert completed.returncode == 0 and "Traceback" not in completed.stderr, completed.stdout + completed.stderr
    result = json.loads(completed.stdout.splitlines()[0])
    print(f"{name} {size}: {result['modules']} modules, {result['lines']} lines, {result['cpu']:.2f} s CPU, "
          f"peak {result['peak_mb']:.0f} MB (parsing alone {result['parse_peak_mb']:.0f} MB)")
    assert not result["mismatches"] and not result["internal_errors"], result["mismatches"]
    return result


@pytest.mark.slow
def test_many_modules():
    """1,000 modules importing each other's helpers and one factory: each module's finding, linear cost."""
    result = _run_case("modules", 1_000)
    assert result["findings"] == 1_000
    assert result["cpu"] < 20, result  # about 1.5 ms per module
    assert result["peak_mb"] < 200, result  # some 25 MB


@pytest.mark.slow
def test_import_cycle_of_1000_modules():
    """Each module imports the next plainly, with ``*`` and by name, the last the first: no name is
    bound, so every lookup goes round the cycle until MAX_CHAIN."""
    result = _run_case("cycle", 1_000)
    assert result["findings"] == 1_001  # one per module and one in app/main.py, of the annotated sessions
    assert result["cpu"] < 30, result  # about 2 ms per module
    assert result["peak_mb"] < 300, result


@pytest.mark.slow
def test_100k_line_module_checked_and_read_for_another():
    """A 100,000-line module (11,000 functions with a session), checked, and read for the facts of a
    module that imports the name bound on its last line."""
    result = _run_case("big-file", 100_000)
    assert result["lines"] >= 100_000 and result["findings"] == 2
    assert result["cpu"] < 30, result  # about 3 s
    # ast.parse's own peak is most of it (some 350 MB for this module)
    assert result["peak_mb"] < 1.5 * result["parse_peak_mb"] + 100, result


def test_symlink_loops(tmp_path, capsys):
    """A package linked into itself, files linked in a loop, a dangling link, the root inside itself:
    the imports through them resolve or give nothing; the command lists the project without looping."""
    case = pathological.symlink_loops(tmp_path / "project", 1)
    result = pathological.check_project(case)
    assert not result["mismatches"] and not result["internal_errors"], result["mismatches"]
    assert result["unreadable"] == 4  # self_loop.py, a.py, b.py, dangling.py
    # the command: the links to directories under the root are not followed (app/loop, up); the files it
    # cannot read are problems (named on stderr, exit status 1)
    os.chdir(case.root)
    try:
        status = cli.main(["-j1", "."])
    finally:
        os.chdir(ROOT)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert "app/main.py:10:5: ORM101" in out and "app/main.py:12:9: ORM101" in out, out
    assert out.count("ORM101") == 2 and status == 1, out + err
    for name in ("self_loop.py", "a.py", "b.py", "dangling.py"):
        assert f"app/{name}: cannot read" in out + err, out + err


# -- a project the user cannot read beyond the checked file ------------------------

UNREADABLE_PROJECT = {
    "pyproject.toml": "[tool.async-orm-lint]\nsession-names = ['db']\n",
    "setup.cfg": "[flake8]\norm-session-names = db\n",
    "requirements.txt": "sqlalchemy>=2.1\n",
    "app/__init__.py": "from .db import *\n",
    "app/db.py": "from sqlalchemy.ext.asyncio import async_sessionmaker\nfactory = async_sessionmaker()\n",
    "app/routes/__init__.py": "",
    "app/routes/users.py": textwrap.dedent(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession

        from app.db import factory
        from app import Session


        async def handler(session: AsyncSession, db, other: Session) -> None:
            session.commit()
            db.commit()
            other.commit()
            async with factory() as made:
                made.commit()
        """
    ),
}
#: what the checked file alone tells: its own annotation (the factory, the table's session-names
#: and the re-exported Session are in files it cannot read)
ALONE = [(8, "ORM101")]
CHECKED = "app/routes/users.py"


def _write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _check_unreadable(root: Path, capsys) -> None:
    checked = root / CHECKED
    forget_projects()
    try:
        findings = check_source(checked.read_text(encoding="utf-8"), str(checked), options=Options(cache_dir=CACHE_OFF))
        assert [(f.line, f.code) for f in findings] == ALONE
        status = cli.main(["-j1", "--orm-cache-dir=off", str(checked)])
        out, err = capsys.readouterr()
        assert "Traceback" not in err and status == 1, out + err
        assert out.count("ORM101") == 1 and f"{CHECKED}:8:5: ORM101" in out, out
    finally:
        forget_projects()


def test_readable_project_control(tmp_path, capsys):
    """Control for the unreadable project below: readable, the same file gets the evidence of the others."""
    root = tmp_path / "project"
    _write(root, UNREADABLE_PROJECT)
    checked = root / CHECKED
    forget_projects()
    try:
        findings = check_source(checked.read_text(encoding="utf-8"), str(checked), options=Options(cache_dir=CACHE_OFF))
    finally:
        forget_projects()
    assert [(f.line, f.code) for f in findings] == [(8, "ORM101"), (9, "ORM101"), (12, "ORM101")]
    capsys.readouterr()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root reads every file whatever its mode: see the simulated test")
def test_unreadable_project_root(tmp_path, capsys):
    """Every file but the checked one unreadable, and the directories not listable (only traversable)."""
    root = tmp_path / "project"
    _write(root, UNREADABLE_PROJECT)
    checked = root / CHECKED
    changed = []
    for path in sorted(root.rglob("*"), reverse=True):
        if path != checked:
            changed.append((path, path.stat().st_mode))
            path.chmod(0o111 if path.is_dir() else 0)
    changed.append((root, root.stat().st_mode))
    root.chmod(0o111)
    try:
        _check_unreadable(root, capsys)
    finally:
        for path, mode in reversed(changed):
            path.chmod(mode)


def test_unreadable_project_root_simulated(tmp_path, capsys, monkeypatch):
    """The same, as the system would answer a user who is not root: PermissionError for opening any
    file of the project but the checked one, and for listing any of its directories."""
    root = tmp_path / "project"
    _write(root, UNREADABLE_PROJECT)
    checked = str(root / CHECKED)
    inside = str(root) + os.sep
    denied: list[str] = []

    def refused(path) -> bool:
        if isinstance(path, int):
            return False
        text = os.path.abspath(os.fsdecode(path))
        if (text + os.sep).startswith(inside) and text != checked:
            denied.append(text)
            return True
        return False

    def guard(function):
        def guarded(path, *args, **kwargs):
            if refused(path):
                raise PermissionError(13, "Permission denied", os.fsdecode(path))
            return function(path, *args, **kwargs)

        return guarded

    for owner, name in ((builtins, "open"), (io, "open"), (os, "open"), (os, "listdir"), (os, "scandir")):
        monkeypatch.setattr(owner, name, guard(getattr(owner, name)))
    _check_unreadable(root, capsys)
    assert {os.path.relpath(path, root) for path in denied} >= {"pyproject.toml", "app/db.py"}, denied
