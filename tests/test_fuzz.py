"""Property-based fuzzing of the engine (``tests/fuzzing.py`` makes the programs).

Every program, whatever it holds: ``check_source`` raises nothing, reports no
``ORM000`` and takes less than :data:`fuzzing.BUDGET` seconds.  The runs are
short and deterministic (``derandomize=True``: the same programs on every
run, no example database); ``benchmarks/fuzz.py`` runs the same properties
over tens of thousands of programs.  On a failure, Hypothesis shrinks the
program and the message shows it.
"""

from __future__ import annotations

import tempfile
import warnings
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("hypothesis")
pytest.importorskip("hypothesmith")

# pylint: disable=wrong-import-position  # after the skips
# pylint: disable=no-value-for-parameter  # @given supplies the arguments
from hypothesis import HealthCheck, given, settings  # noqa: E402

import fuzzing  # noqa: E402
import hosts  # noqa: E402
from async_orm_lint.options import CACHE_OFF, Options  # noqa: E402
from async_orm_lint.project import forget_projects  # noqa: E402
# pylint: enable=wrong-import-position

pytestmark = [pytest.mark.sweep, pytest.mark.slow]


def _settings(examples: int):
    """Deterministic: the same programs each run, nothing kept between runs."""
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


def test_orm_programs() -> None:
    """Programs grown from the ORM's calls: each parses, and the rules have something to say about them."""
    codes: Counter[str] = Counter()

    @_settings(150)
    @given(fuzzing.orm_programs())
    def run(source: str) -> None:
        assert fuzzing.parses(source), source  # the grammar writes programs: the analysis runs on each
        codes.update(finding.code for finding in fuzzing.check(source).findings)

    run()
    # control: the programs reach the rules (a grammar that stopped producing sessions would find nothing)
    assert codes["ORM101"] >= 100 and len(codes) >= 8, codes


def test_syntactic_programs() -> None:
    """Random Python (``hypothesmith``): as it is, with the names the rules look at, and in a handler."""
    checked = Counter[str]()

    @_settings(20)
    @given(fuzzing.syntactic_programs())
    def run(source: str) -> None:
        for variant in fuzzing.syntactic_variants(source):
            checked["variants"] += 1
            fuzzing.check(variant)

    with warnings.catch_warnings():  # ast.parse of random code: "'int' object is not callable"...
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        run()
    assert checked["variants"] >= 40, checked


def test_orm_projects() -> None:
    """A few modules of one project (re-exports, star imports, a module importing itself): each
    module checked through the project index, as flake8 checks a project."""
    checked = Counter[str]()

    @_settings(20)
    @given(fuzzing.orm_projects())
    def run(files: dict[str, str]) -> None:
        forget_projects()
        with tempfile.TemporaryDirectory() as directory:
            for path in fuzzing.write_project(Path(directory), files):
                result = fuzzing.check(path.read_text(encoding="utf-8"), str(path), project=True,
                                       options=Options(cache_dir=CACHE_OFF))
                checked["modules"] += 1
                checked["findings"] += len(result.findings)
        forget_projects()

    run()
    assert checked["modules"] >= 80 and checked["findings"] > 0, checked


#: how many programs the three front-ends check (each host runs once over all of them).
PARITY_SAMPLE = 12


def _sample(count: int) -> list[str]:
    programs: list[str] = []

    @_settings(count)
    @given(fuzzing.orm_programs(max_functions=3, models=False))
    def collect(source: str) -> None:
        programs.append(source)

    collect()
    return programs


def test_front_ends_agree(tmp_path: Path) -> None:
    """flake8, pylint and the command report the same findings (line, column, code, message) on a sample
    (without mapped classes, whose bases pylint itself takes seconds to infer)."""
    root = tmp_path / "sample"
    files = {"pyproject.toml": "[project]\nname = 'sample'\n"}
    files.update({f"app/program_{i}.py": source for i, source in enumerate(_sample(PARITY_SAMPLE))})
    paths = [str(path.relative_to(root)) for path in fuzzing.write_project(root, files)]
    (root / "empty-pylintrc").write_text("")
    env = {"PYTHONDONTWRITEBYTECODE": "1", "PYLINTHOME": str(tmp_path / "pylinthome")}
    runs = {
        "flake8": hosts.flake8(*paths, cwd=root, env=env),
        "pylint": hosts.pylint("--rcfile=empty-pylintrc", *paths, cwd=root, env=env),
        "command": hosts.command(*paths, cwd=root, env=env),
    }
    found = {}
    for name, run in runs.items():
        assert "Traceback" not in run.output, f"{name}:\n{run.output}"
        assert all(finding.code != "ORM000" for finding in run.findings), f"{name}:\n{run.stdout}"
        found[name] = {str(path): run.of(path) for path in paths}
    assert sum(len(reported) for reported in found["flake8"].values()) >= PARITY_SAMPLE  # the sample has bugs
    for path in paths:
        assert found["pylint"][path] == found["flake8"][path], path
        assert found["command"][path] == found["flake8"][path], path
