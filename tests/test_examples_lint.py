"""The linter flags exactly the ``# expect:`` lines of every example, in flake8 and pylint."""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from async_orm_lint.rules import RULES
from examples_support import ROOT, example_files, expected_findings, rule_of
from markers import Reported, assert_reported

EXAMPLES = example_files()
CODE_OF_PYLINT_ID = {rule.pylint_id: rule.code for rule in RULES}
#: what flake8 and pylint report, per file, with flake8's 1-based columns
Findings = dict[Path, list[Reported]]


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=300, **kwargs)


def _parse(output: str, to_code=lambda code: code, col_base: int = 1) -> Findings:
    found: Findings = defaultdict(list)
    for line in output.splitlines():
        parts = line.split("\t")
        if len(parts) == 5:
            path, row, col, code, message = parts
            found[(ROOT / path).resolve()].append(Reported(int(row), int(col) + 1 - col_base, to_code(code), message))
    return found


@pytest.fixture(scope="module")
def flake8_findings() -> Findings:
    result = _run(
        [sys.executable, "-m", "flake8", "--isolated", "--select", "ORM",
         "--format", "%(path)s\t%(row)d\t%(col)d\t%(code)s\t%(text)s", *map(str, EXAMPLES)]
    )
    assert result.returncode in (0, 1), result.stderr
    return _parse(result.stdout, col_base=1)


@pytest.fixture(scope="module")
def pylint_findings() -> Findings:
    result = _run(
        [sys.executable, "-m", "pylint", "--load-plugins=async_orm_lint.pylint_plugin",
         "--disable=all", "--enable=async-orm", "--score=n",
         "--msg-template={path}\t{line}\t{column}\t{msg_id}\t{msg}", *map(str, EXAMPLES)]
    )
    assert "Traceback" not in result.stderr, result.stderr
    return _parse(result.stdout, to_code=lambda msg_id: CODE_OF_PYLINT_ID.get(msg_id, msg_id), col_base=0)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_flake8_and_pylint_flag_exactly_the_marked_lines(path, flake8_findings, pylint_findings):
    expected = expected_findings(path)
    assert_reported(expected, flake8_findings.get(path, []), where=f"{path} (flake8)")
    assert_reported(expected, pylint_findings.get(path, []), where=f"{path} (pylint)")
    # the same findings at the same places (pylint's column + 1 is flake8's), with the same messages
    assert sorted(flake8_findings.get(path, [])) == sorted(pylint_findings.get(path, []))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_flake8_stdin_mode_matches(path):
    display = f"project/{path.name}"
    result = _run(
        [sys.executable, "-m", "flake8", "--isolated", "--select", "ORM",
         f"--stdin-display-name={display}", "--format", "%(path)s\t%(row)d\t%(col)d\t%(code)s\t%(text)s", "-"],
        input=path.read_text(encoding="utf-8"),
    )
    assert result.returncode in (0, 1), result.stderr
    assert {line.split("\t")[0] for line in result.stdout.splitlines()} <= {display}
    found = _parse(result.stdout.replace(display, str(path)), col_base=1)
    assert_reported(expected_findings(path), found.get(path, []), where=f"{display} (flake8, stdin)")


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
