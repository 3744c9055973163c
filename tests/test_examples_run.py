"""Every example runs: the bad ones show the failure their rule describes, the good ones run clean.

They run against an in-memory SQLite database (aiosqlite) and, where the
PostgreSQL server binaries exist, against a throwaway PostgreSQL (asyncpg).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from examples_support import example_files, observations
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
