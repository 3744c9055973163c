"""The same findings whatever the order of the files, the number of processes, the state of the cache
and the front-end.

What a process keeps between files (facts of the modules it read, of the files it checked) and what
the on-disk cache keeps between runs must change no finding.  Elsewhere: each fixture project in
sorted and reversed order, cold and warm (``test_cache.py``), in orders that interleave its files
(``test_projects.py``), flake8 against pylint (``test_projects.py``, ``test_examples_lint.py``), and
two flake8 -j2 and two pylint -j2 runs writing one cache at once (``test_cache.py``).  Here: every
shipped input together (the examples and the fixture projects), shuffled, in one process sharing one
cache; then the three front-ends over them, -j1 and -j2, without a cache, cold and warm, the files
named in different orders.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import hosts
from async_orm_lint import project
from async_orm_lint.engine import INTERNAL_ERROR, check_source
from async_orm_lint.options import CACHE_OFF, Options

ROOT = Path(__file__).resolve().parent.parent
#: The shipped inputs, relative to the repository's root.
INPUTS = ("examples", "tests/projects")
FILES = sorted(path.relative_to(ROOT).as_posix() for inputs in INPUTS for path in (ROOT / inputs).rglob("*.py"))


def _shuffled(seed: int) -> list[str]:
    files = list(FILES)
    random.Random(seed).shuffle(files)
    return files


def _in_one_process(order: list[str], options: Options) -> set[tuple[str, int, int, str, str]]:
    """Every finding of ``order``, checked one file after the other by one new process."""
    project.forget_projects()
    try:
        found = set()
        for relative in order:
            path = ROOT / relative
            findings = check_source(path.read_text(encoding="utf-8"), str(path), options=options)
            found |= {(relative, f.line, f.col, f.code, f.message) for f in findings}
        return found
    finally:
        project.forget_projects()


def test_any_order_with_or_without_the_cache_in_one_process(tmp_path):
    shared = Options(cache_dir=tmp_path / "cache")
    expected = _in_one_process(FILES, Options(cache_dir=CACHE_OFF))
    assert len(expected) >= 50 and not [f for f in expected if f[3] == INTERNAL_ERROR]
    assert _in_one_process(_shuffled(1), shared) == expected  # cold
    assert list((tmp_path / "cache").rglob("*.json"))
    assert _in_one_process(_shuffled(2), shared) == expected  # warm
    assert _in_one_process(_shuffled(3), Options(cache_dir=CACHE_OFF)) == expected


@pytest.mark.slow
def test_every_front_end_in_any_order_jobs_and_cache(tmp_path):
    """Each run names the files in another order (flake8 and pylint check them in that order; the
    command sorts them); every run after the first shares one cache directory, empty at first."""
    shared = f"--orm-cache-dir={tmp_path / 'cache'}"
    ignored = f"--ignored-modules={hosts.imported_modules(*(ROOT / inputs for inputs in INPUTS))}"
    expected = hosts.command("-j1", "--orm-cache-dir=off", *FILES, cwd=ROOT)
    assert len(expected.findings) >= 50
    runs = {
        "command -j2, cold": hosts.command("-j2", shared, *FILES[::-1], cwd=ROOT),
        "command -j1, warm": hosts.command("-j1", shared, *_shuffled(4), cwd=ROOT),
        "flake8 -j1, warm": hosts.flake8("-j1", shared, *FILES[::-1], cwd=ROOT),
        "pylint -j1, warm": hosts.pylint("-j1", ignored, shared, *_shuffled(5), cwd=ROOT),
    }
    for name, run in [("command -j1, without a cache", expected), *runs.items()]:
        assert run.returncode != 0 and "Traceback" not in run.stderr, (name, run.stderr)
        assert not [f for f in run.findings if f.code == INTERNAL_ERROR], name
        assert run.by_file() == expected.by_file(), name
