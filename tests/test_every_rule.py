"""Every rule that is registered is documented, shown by examples and tested by cases.

As flake8-async's meta-test: a rule added to ``async_orm_lint.rules.RULES``
without its section of ``docs/rules.md``, its bad and good programs under
``examples/`` or a positive and a negative case under ``tests/cases`` fails
here, named.
"""

from __future__ import annotations

import functools
import re

import pytest

from async_orm_lint.rules import RULES
from examples_support import ROOT, example_files, expected_findings, rule_of
from markers import markers_of
from test_cases import XFAIL, case_files, case_name, selected

RULES_DOC = ROOT / "docs" / "rules.md"


@functools.cache
def _cases() -> tuple[tuple[tuple[str, ...], frozenset[str]], ...]:
    """Per case file (the strict xfails aside): the rules its group runs, the codes its markers name."""
    return tuple(
        (selected(path), frozenset(e.code for e in markers_of(path)))
        for path in case_files()
        if case_name(path) not in XFAIL
    )


@pytest.mark.parametrize("code", [rule.code for rule in RULES])
def test_the_rule_has_its_documentation_examples_and_cases(code: str) -> None:
    docs = RULES_DOC.read_text(encoding="utf-8")
    section = re.search(rf"^## {code}\n(?P<body>.*?)(?=^## |\Z)", docs, re.MULTILINE | re.DOTALL)
    assert section is not None, f"{code} has no `## {code}` section in docs/rules.md"
    assert "### What it does" in section["body"] and "```python" in section["body"], f"{code}: the section is empty"

    bad = [path for path in example_files("bad") if rule_of(path) == code]
    assert any(code in {e.code for e in expected_findings(path)} for path in bad), (
        f"{code} needs examples/bad/{code.lower()}_*.py with a `# expect: {code}:<column>` line"
    )
    assert [path for path in example_files("good") if rule_of(path) == code], (
        f"{code} needs examples/good/{code.lower()}_*.py"
    )

    cases = [marked for runs, marked in _cases() if code in runs]
    positives = [marked for marked in cases if code in marked]
    negatives = [marked for marked in cases if not marked]
    assert positives, f"{code} needs a case under tests/cases that it flags (a `# expect: {code}:<column>` line)"
    assert negatives, f"{code} needs a case under tests/cases, in a group that runs it, where it stays silent"


def test_the_meta_test_sees_a_rule_without_anything() -> None:
    """A code nothing mentions fails the test above."""
    with pytest.raises(AssertionError, match="ORM999 has no `## ORM999` section"):
        test_the_rule_has_its_documentation_examples_and_cases("ORM999")
