"""Snippets whose expected findings are written in them: ``x = 1  # ORM101``.

The rule tests lint a snippet and compare, strictly, the ``(line, code)``
pairs reported with the ones its comments mark.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections import Counter
from typing import Iterable

import pytest

from async_orm_lint.engine import check_source

_MARKER = re.compile(r"#\s*(ORM\d{3}(?:[\s,]+ORM\d{3})*)\s*")
_CODE = re.compile(r"ORM\d{3}")


def expected_markers(source: str) -> Counter:
    """The ``(line, code)`` pairs marked in ``source``'s trailing comments.

    Only a comment made of codes and nothing else is a marker, so that
    ``# noqa: ORM101`` or prose mentioning a code is not one.  Comments are
    found with :mod:`tokenize`, so a ``#`` inside a string is not one either.
    """
    found: Counter = Counter()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT and _MARKER.fullmatch(token.string):
            for code in _CODE.findall(token.string):
                found[(token.start[0], code)] += 1
    return found


def check_marked(source: str, select: Iterable[str], filename: str = "snippet.py") -> None:
    """Lint ``source`` with the rules ``select`` and fail unless it reports exactly its markers.

    Only the rules under test run; an internal error (ORM000) still shows.
    """
    expected = expected_markers(source)
    findings = check_source(source, filename, select=tuple(select))
    actual = Counter((finding.line, finding.code) for finding in findings)
    if actual != expected:
        numbered = "\n".join(f"{n:3d}  {line}" for n, line in enumerate(source.splitlines(), 1))
        report = "\n".join(f"  {f.line}:{f.col} {f.code} {f.message}" for f in findings) or "  (none)"
        missing = sorted((expected - actual).elements())
        extra = sorted((actual - expected).elements())
        pytest.fail(
            f"findings differ from the markers in {filename}\n  missing: {missing}\n  extra:   {extra}\n"
            f"reported:\n{report}\nsource:\n{numbered}",
            pytrace=False,
        )
