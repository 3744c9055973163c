"""Documentation cannot drift from the rules."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from async_orm_lint import docs
from async_orm_lint.engine import CODES
from async_orm_lint.rules import RULES

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_generated_files_are_up_to_date():
    result = subprocess.run(
        [sys.executable, "-m", "async_orm_lint.docs", "--check", "--root", str(ROOT)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_rule_documents_every_section(rule):
    assert docs.missing_sections(rule.documentation()) == []
    assert "```python" in rule.documentation()


def test_missing_section_is_detected():
    assert docs.missing_sections("## What it does\nx\n## Example\n") == ["Why is this bad?", "Use instead"]


def test_codes_and_ids_are_unique_and_well_formed():
    codes = [rule.code for rule in RULES]
    ids = [rule.pylint_id for rule in RULES]
    symbols = [rule.symbol for rule in RULES]
    assert len(set(codes)) == len(codes) and len(set(ids)) == len(ids) and len(set(symbols)) == len(symbols)
    for rule in RULES:
        assert re.fullmatch(r"ORM[1-9]\d\d", rule.code)
        assert re.fullmatch(r"[EWRC]58\d\d", rule.pylint_id)
        # ORM<g>0<n> is <letter>58<g-1><n>: ORM101 -> E5801, ORM302 -> E5822
        assert rule.pylint_id[-2:] == f"{int(rule.code[3]) - 1}{rule.code[-1]}", rule.code
        assert rule.symbol.startswith("async-orm-")
    assert set(CODES) == {"ORM000", *codes}


def test_readme_quotes_the_ci_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci in readme
