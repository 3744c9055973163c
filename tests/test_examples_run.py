"""Every example runs: the bad ones show the failure their rule describes, the good ones run clean.

They run against an in-memory SQLite database (aiosqlite) and, where the
PostgreSQL server binaries exist, against a throwaway PostgreSQL (asyncpg).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from examples_support import example_files, expected_findings, mypy_claims, observations
from postgres_server import create_database

pytestmark = pytest.mark.slow  # every test starts a program, most need a database

EXAMPLES = example_files()
SQLITE = "sqlite+aiosqlite:///:memory:"


def _run_example(path, url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url, "PYTHONWARNINGS": "default"}
    return subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, env=env, timeout=120
    )


def _check(path, result: subprocess.CompletedProcess[str]) -> None:
    output = result.stdout + result.stderr
    expected = observations(path)
    assert expected, f"{path.name} documents no 'Observed:' line"
    for text in expected:
        assert text in output, f"{path.name}: expected {text!r} in output:\n{output}"
    if path.parent.name == "good":
        assert result.returncode == 0, output
        assert "Warning" not in result.stderr and "Traceback" not in result.stderr, output


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_example_on_sqlite(path):
    _check(path, _run_example(path, SQLITE))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_example_on_postgresql(path, postgres_url):
    name = f"{path.parent.name}_{path.stem}"
    _check(path, _run_example(path, create_database(postgres_url, name)))


TYPED = [path for path in example_files("bad") if mypy_claims(path)]


def _mypy(path, cache) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(cache), "--no-color-output", str(path)],
        capture_output=True, text=True, cwd=cache.parent, timeout=300,
    )


@pytest.mark.parametrize("path", TYPED, ids=lambda p: p.name)
def test_mypy_reports_the_bad_example_where_the_linter_does_and_accepts_the_good_one(path, tmp_path):
    """The type checker's error of a bad example is on a line the linter flags; its good twin type-checks."""
    bad = _mypy(path, tmp_path / "cache")
    flagged = {expected.line for expected in expected_findings(path)}
    for claim in mypy_claims(path):
        lines = [line for line in bad.stdout.splitlines() if claim in line]
        assert lines, f"{path.name}: expected {claim!r} from mypy:\n{bad.stdout}{bad.stderr}"
        assert any(int(line.split(":")[1]) in flagged for line in lines), (flagged, lines)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    good = _mypy(path.parent.parent / "good" / path.name, tmp_path / "cache")
    assert good.returncode == 0, good.stdout + good.stderr
