"""Reading the conventions of ``examples/``.

Each example is a standalone program.  A bad one marks the lines the linter
must flag with ``# expect: ORM101:5 "fragment of the message"`` (the grammar of
``markers.py``); its docstring lists what running it shows, one
``Observed: <text>`` line each, and what a type checker reports on it, one
``Mypy: <text>`` line each (its good twin must then type-check clean).
"""

from __future__ import annotations

import re
from pathlib import Path

from markers import Expected, markers_of

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
_OBSERVED = re.compile(r"^Observed:\s*(.+?)\s*$", re.MULTILINE)
_MYPY = re.compile(r"^Mypy:\s*(.+?)\s*$", re.MULTILINE)
_NAME = re.compile(r"^(orm\d{3})_")


def example_files(kind: str = "*") -> list[Path]:
    return sorted(p for p in EXAMPLES.glob(f"{kind}/*.py") if not p.name.startswith("_"))


def expected_findings(path: Path) -> list[Expected]:
    """The findings the ``# expect:`` markers of an example ask for."""
    return markers_of(path)


def observations(path: Path) -> list[str]:
    """The ``Observed:`` lines of an example's docstring."""
    return _OBSERVED.findall(path.read_text(encoding="utf-8"))


def mypy_claims(path: Path) -> list[str]:
    """The ``Mypy:`` lines of an example's docstring: what mypy reports on it."""
    return _MYPY.findall(path.read_text(encoding="utf-8"))


def codes_for(path: Path) -> frozenset[str]:
    """The codes an example is checked with: those enabled by default, and its own rule's (which may be
    off by default: its example is linted as a project that turned it on)."""
    from async_orm_lint.engine import codes_to_run  # pylint: disable=import-outside-toplevel

    return codes_to_run([rule_of(path)])


def opted_in(path: Path) -> tuple[str, ...]:
    """The codes off by default that an example's checks turn on: its own rule's, if it is one."""
    from async_orm_lint.engine import OFF_BY_DEFAULT_CODES  # pylint: disable=import-outside-toplevel

    return tuple(sorted({rule_of(path)} & OFF_BY_DEFAULT_CODES))


def rule_of(path: Path) -> str:
    """``orm101_missing_await.py`` -> ``ORM101``."""
    match = _NAME.match(path.name)
    assert match, f"{path.name}: example names start with the rule code, e.g. orm101_..."
    return match.group(1).upper()
