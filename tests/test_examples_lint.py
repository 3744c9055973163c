"""The linter flags exactly the ``# expect:`` lines of every example, in flake8 and pylint."""

from __future__ import annotations

import pytest

import hosts
from async_orm_lint.engine import check_source
from async_orm_lint.rules import RULES
from examples_support import ROOT, codes_for, example_files, expected_findings, opted_in, rule_of
from markers import assert_reported, from_engine

EXAMPLES = example_files()


def _by_opt_in() -> dict[tuple[str, ...], list]:
    """The examples grouped by the rules off by default they turn on (an example of such a rule is
    linted as a project that turned it on; the others as one that did not)."""
    groups: dict[tuple[str, ...], list] = {}
    for path in EXAMPLES:
        groups.setdefault(opted_in(path), []).append(path)
    return groups


class _Runs:
    """One host's runs over the groups of :func:`_by_opt_in`, read as one."""

    def __init__(self, runs: dict[tuple[str, ...], hosts.Run]) -> None:
        self.runs = runs

    def of(self, path):
        return self.runs[opted_in(path)].of(path)


@pytest.fixture(scope="module")
def flake8_run() -> _Runs:
    runs = {}
    for opt_in, paths in _by_opt_in().items():
        run = runs[opt_in] = hosts.flake8(*map(str, paths), cwd=ROOT, opt_in=opt_in)
        assert run.returncode in (0, 1), run.stderr
    return _Runs(runs)


@pytest.fixture(scope="module")
def pylint_run() -> _Runs:
    runs = {}
    for opt_in, paths in _by_opt_in().items():
        run = runs[opt_in] = hosts.pylint(*map(str, paths), cwd=ROOT, opt_in=opt_in)
        assert "Traceback" not in run.stderr, run.stderr
    return _Runs(runs)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_engine_flags_exactly_the_marked_lines(path):
    """The engine in-process, as the hosts below run it, on every example."""
    source = path.read_text(encoding="utf-8")
    found = check_source(source, str(path), select=codes_for(path))
    assert_reported(expected_findings(path), from_engine(found), where=str(path))


@pytest.mark.slow
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_flake8_and_pylint_flag_exactly_the_marked_lines(path, flake8_run, pylint_run):
    expected = expected_findings(path)
    assert_reported(expected, flake8_run.of(path), where=f"{path} (flake8)")
    assert_reported(expected, pylint_run.of(path), where=f"{path} (pylint)")
    # the same findings at the same places (pylint's column + 1 is flake8's), with the same messages
    assert flake8_run.of(path) == pylint_run.of(path)


@pytest.mark.slow
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_flake8_stdin_mode_matches(path):
    display = f"project/{path.name}"
    run = hosts.flake8(f"--stdin-display-name={display}", "-", cwd=ROOT, stdin=path.read_text(encoding="utf-8"),
                       opt_in=opted_in(path))
    assert run.returncode in (0, 1), run.stderr
    assert {finding.path for finding in run.findings} <= {display}
    assert_reported(expected_findings(path), run.of(display), where=f"{display} (flake8, stdin)")


def test_every_rule_has_a_bad_and_a_good_example():
    for rule in RULES:
        bad = [p for p in example_files("bad") if rule_of(p) == rule.code]
        good = [p for p in example_files("good") if rule_of(p) == rule.code]
        assert bad and good, f"{rule.code} needs examples/bad/{rule.code.lower()}_*.py and a good twin"
        assert any(rule.code in {e.code for e in expected_findings(p)} for p in bad)
    for path in example_files("good"):
        assert not expected_findings(path), f"{path}: good examples carry no expect markers"
    for path in example_files("bad"):
        assert (path.parent.parent / "good" / path.name).exists(), f"{path.name} has no good twin"
