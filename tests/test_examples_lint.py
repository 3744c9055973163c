"""The linter flags exactly the ``# expect:`` lines of every example, in flake8 and pylint."""

from __future__ import annotations

import pytest

import hosts
from async_orm_lint.engine import check_source
from async_orm_lint.rules import RULES
from examples_support import ROOT, example_files, expected_findings, rule_of
from markers import assert_reported, from_engine

EXAMPLES = example_files()


@pytest.fixture(scope="module")
def flake8_run() -> hosts.Run:
    run = hosts.flake8(*map(str, EXAMPLES), cwd=ROOT)
    assert run.returncode in (0, 1), run.stderr
    return run


@pytest.fixture(scope="module")
def pylint_run() -> hosts.Run:
    run = hosts.pylint(*map(str, EXAMPLES), cwd=ROOT)
    assert "Traceback" not in run.stderr, run.stderr
    return run


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_engine_flags_exactly_the_marked_lines(path):
    """The engine in-process, as the hosts below run it, on every example."""
    source = path.read_text(encoding="utf-8")
    assert_reported(expected_findings(path), from_engine(check_source(source, str(path))), where=str(path))


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
    run = hosts.flake8(f"--stdin-display-name={display}", "-", cwd=ROOT, stdin=path.read_text(encoding="utf-8"))
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
