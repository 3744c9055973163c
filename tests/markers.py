"""The one form of expected findings in the test suite: ``# expect:`` comments.

A line the linter must flag ends with a comment naming each finding by its
code and its 1-based column, as flake8 prints them (``path:30:5: ORM101 ...``)::

    session.commit()  # expect: ORM101:5
    await session.add(obj), session.flush()  # expect: ORM102:5, ORM101:29

Where the message matters, a fragment of it follows the code in double quotes
and must occur in the finding's message::

    rows = session.execute(stmt).all()  # expect: ORM101:12 "taken from the coroutine of"

The fixture projects (``tests/projects``) say which other modules of the
project hold the evidence a line's findings need, as paths from the project
root, after ``needs:``::

    db.commit()  # expect: ORM101:5  needs: app/deps.py, app/core/db.py

Another comment may follow a marker (``# expect: ORM101:5  # noqa: ORM101``).
Comments are found with :mod:`tokenize`, so a ``#`` inside a string is not one.
Only a comment that starts with ``expect:`` is a marker (``# noqa: ORM101`` or
prose naming a code is not), and one that does not follow the grammar is an
error, never silently ignored.  Findings are compared as a multiset of
``(line, column, code)``: a missing, an extra or a duplicate finding fails.
"""

from __future__ import annotations

import io
import itertools
import re
import tokenize
from collections import Counter
from pathlib import Path
from typing import Iterable, NamedTuple

import pytest

_ITEM = r'ORM\d{3}:\d+(?:\s+"[^"\n]*")?'
_PATH = r"[^\s,#]+"
_MARKER = re.compile(
    rf"#\s*expect:\s*(?P<items>{_ITEM}(?:\s*,\s*{_ITEM})*)"
    rf"(?:\s+needs:\s*(?P<needs>{_PATH}(?:\s*,\s*{_PATH})*))?(?:\s+#.*)?\s*"
)
_ONE_ITEM = re.compile(r'(?P<code>ORM\d{3}):(?P<col>\d+)(?:\s+"(?P<fragment>[^"\n]*)")?')
_STARTS_LIKE_A_MARKER = re.compile(r"#\s*expect\b")


class MarkerError(ValueError):
    """A comment that starts like a marker but does not follow the grammar."""


class Expected(NamedTuple):
    """One finding a marker asks for."""

    line: int
    col: int  # 1-based, as flake8 prints it
    code: str
    fragment: str | None = None  # must occur in the message
    needs: frozenset[str] = frozenset()  # fixture projects: modules the evidence comes from

    @property
    def place(self) -> tuple[int, int, str]:
        return (self.line, self.col, self.code)


class Reported(NamedTuple):
    """One finding as a host prints it: 1-based column, flake8 code."""

    line: int
    col: int
    code: str
    message: str = ""

    @property
    def place(self) -> tuple[int, int, str]:
        return (self.line, self.col, self.code)


def parse_comment(comment: str, line: int = 0) -> list[Expected] | None:
    """The findings one comment asks for; None if it is no marker; :class:`MarkerError` if it is a bad one."""
    match = _MARKER.fullmatch(comment)
    if match is None:
        if _STARTS_LIKE_A_MARKER.match(comment):
            raise MarkerError(f"line {line}: not a marker of the grammar `# expect: ORM101:5`: {comment!r}")
        return None
    needs = frozenset(p.strip() for p in match["needs"].split(",")) if match["needs"] else frozenset()
    return [
        Expected(line, int(item["col"]), item["code"], item["fragment"], needs)
        for item in _ONE_ITEM.finditer(match["items"])
    ]


def markers(source: str) -> list[Expected]:
    """Every finding the ``# expect:`` comments of ``source`` ask for, in the order of the text."""
    found: list[Expected] = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            parsed = parse_comment(token.string, token.start[0])
            if parsed:
                found.extend(parsed)
    return found


def markers_of(path: Path) -> list[Expected]:
    return markers(path.read_text(encoding="utf-8"))


def from_engine(findings: Iterable) -> list[Reported]:
    """The engine's findings (0-based ``col``) as a host prints them."""
    return [Reported(f.line, f.col + 1, f.code, f.message) for f in findings]


def differences(expected: Iterable[Expected], reported: Iterable[Reported]) -> list[str]:
    """What differs between the markers and the findings; empty when they agree.

    The places are compared as multisets; then, at each place, every fragment
    must occur in the message of a finding of its own.
    """
    expected, reported = list(expected), list(reported)
    wanted = Counter(e.place for e in expected)
    got = Counter(r.place for r in reported)
    problems = []
    if wanted - got:
        problems.append(f"missing: {sorted((wanted - got).elements())}")
    if got - wanted:
        problems.append(f"extra:   {sorted((got - wanted).elements())}")
    for place in sorted(wanted & got):
        fragments = [e.fragment for e in expected if e.place == place and e.fragment is not None]
        messages = [r.message for r in reported if r.place == place]
        if fragments and not any(
            all(fragment in message for fragment, message in zip(fragments, chosen))
            for chosen in itertools.permutations(messages, len(fragments))
        ):
            problems.append(f"message at {place}: expected {fragments!r} in {messages!r}")
    return problems


def assert_reported(expected: Iterable[Expected], reported: Iterable[Reported], *, where: str,
                    source: str | None = None) -> None:
    """Fail the test, with a readable report, unless the findings are exactly the markers."""
    reported = list(reported)
    problems = differences(expected, reported)
    if problems:
        report = "\n".join(f"  {r.line}:{r.col}: {r.code} {r.message}" for r in sorted(reported)) or "  (none)"
        numbered = ""
        if source is not None:
            numbered = "\nsource:\n" + "\n".join(f"{n:4d}  {text}" for n, text in enumerate(source.splitlines(), 1))
        pytest.fail(
            f"findings differ from the markers of {where}\n  " + "\n  ".join(problems)
            + f"\nreported:\n{report}{numbered}",
            pytrace=False,
        )


def check_marked(source: str, select: Iterable[str], filename: str = "snippet.py") -> None:
    """Lint ``source`` with the rules ``select`` only and fail unless it reports exactly its markers.

    An internal error (ORM000) still shows, and is never marked.
    """
    from async_orm_lint.engine import check_source  # pylint: disable=import-outside-toplevel

    findings = check_source(source, filename, select=tuple(select))
    assert_reported(markers(source), from_engine(findings), where=filename, source=source)


def with_suppressions(source: str, comment_for) -> str:
    """``source`` with ``comment_for(codes)`` appended to every marked line (``codes``: the codes, in order)."""
    codes_at: dict[int, list[str]] = {}
    for expected in markers(source):
        codes = codes_at.setdefault(expected.line, [])
        if expected.code not in codes:
            codes.append(expected.code)
    lines = source.splitlines(keepends=True)
    for line, codes in codes_at.items():
        text = lines[line - 1]
        body = text.rstrip("\r\n")
        lines[line - 1] = f"{body}  {comment_for(codes)}{text[len(body):]}"
    return "".join(lines)
