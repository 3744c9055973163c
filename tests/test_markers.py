"""The marker grammar (``markers.py``) that the cases, the examples and the fixture projects share."""

from __future__ import annotations

import textwrap

import pytest

from markers import Expected, MarkerError, Reported, differences, markers, with_suppressions


def test_the_grammar() -> None:
    source = textwrap.dedent(
        """\
        x = 1  # expect: ORM101:5
        y = "# expect: ORM102:1"
        z = 2  # noqa: ORM101
        w = 3  # expect: ORM101:1, ORM102:11
        v = 4  # expect: ORM101:1,ORM101:9
        # expect: ORM102:3
        u = 5  # see ORM101
        t = 6  # ORM101
        s = 7  # expect: ORM201:12 "was not loaded", ORM202:3 "a, b: `c`"
        r = 8  # expect: ORM101:5  needs: app/deps.py, app/core/db.py
        q = 9  #expect:ORM301:2
        p = 0  # expect: ORM101:5, ORM102:7 "x"  needs: a.py  # noqa: ORM101  # pylint: disable=all
        """
    )
    assert markers(source) == [
        Expected(1, 5, "ORM101"),
        Expected(4, 1, "ORM101"),
        Expected(4, 11, "ORM102"),
        Expected(5, 1, "ORM101"),
        Expected(5, 9, "ORM101"),
        Expected(6, 3, "ORM102"),
        Expected(9, 12, "ORM201", "was not loaded"),
        Expected(9, 3, "ORM202", "a, b: `c`"),
        Expected(10, 5, "ORM101", None, frozenset({"app/deps.py", "app/core/db.py"})),
        Expected(11, 2, "ORM301"),
        Expected(12, 5, "ORM101", None, frozenset({"a.py"})),
        Expected(12, 7, "ORM102", "x", frozenset({"a.py"})),
    ]


@pytest.mark.parametrize(
    "comment",
    [
        "# expect: ORM101",  # no column
        "# expect: ORM101:",
        "# expect: ORM101:5 ORM102:7",  # not separated by a comma
        "# expect: ORM101:5,",
        '# expect: ORM101:5 "unterminated',
        "# expect: ORM101:5 never awaited",  # a fragment without quotes
        "# expect: orm101:5",
        "# expect:",
        "# expect: ORM101:5 needs:",
        "# expect ORM101:5",
    ],
)
def test_a_comment_that_starts_like_a_marker_must_be_one(comment: str) -> None:
    with pytest.raises(MarkerError, match="line 1"):
        markers(f"x = 1  {comment}\n")


def test_differences_are_strict() -> None:
    expected = [Expected(3, 5, "ORM101", "commit()"), Expected(4, 5, "ORM102")]
    reported = [Reported(3, 5, "ORM101", "`AsyncSession.commit()` is a coroutine"), Reported(4, 5, "ORM102", "x")]
    assert differences(expected, reported) == []
    assert differences(expected, reported[:1]) == ["missing: [(4, 5, 'ORM102')]"]
    assert differences(expected, [*reported, reported[1]]) == ["extra:   [(4, 5, 'ORM102')]"]
    assert differences(expected, [reported[0], Reported(4, 6, "ORM102", "x")]) == [
        "missing: [(4, 5, 'ORM102')]",
        "extra:   [(4, 6, 'ORM102')]",
    ]
    assert differences(expected, [Reported(3, 5, "ORM101", "flush()"), reported[1]]) == [
        "message at (3, 5, 'ORM101'): expected ['commit()'] in ['flush()']"
    ]


def test_each_fragment_needs_a_finding_of_its_own() -> None:
    expected = [Expected(1, 1, "ORM101", "a"), Expected(1, 1, "ORM101", "b")]
    assert differences(expected, [Reported(1, 1, "ORM101", "b"), Reported(1, 1, "ORM101", "a")]) == []
    assert differences(expected, [Reported(1, 1, "ORM101", "ab"), Reported(1, 1, "ORM101", "c")])


def test_with_suppressions_appends_to_every_marked_line() -> None:
    source = "a()  # expect: ORM101:1, ORM102:3, ORM101:5\r\nb()\nc()  # expect: ORM301:1"
    assert with_suppressions(source, lambda codes: "# noqa: " + ",".join(codes)) == (
        "a()  # expect: ORM101:1, ORM102:3, ORM101:5  # noqa: ORM101,ORM102\r\nb()\n"
        "c()  # expect: ORM301:1  # noqa: ORM301"
    )
