"""The engine's output: facts about a file, independent of any front-end."""

from __future__ import annotations

from typing import NamedTuple


class Reason(NamedTuple):
    """One step of the evidence behind a finding: a place, and what it says.  ``column`` is 0-based
    (as in ``ast``); ``path`` is None for the checked file."""

    message: str
    line: int
    column: int
    path: str | None = None


class Finding(NamedTuple):
    """One problem at one place.  ``line`` is 1-based, ``col`` 0-based (as in ``ast``); the end is
    where the reported node ends (None where there is no node: an internal error)."""

    line: int
    col: int
    code: str
    message: str
    end_line: int | None = None
    end_col: int | None = None
    #: why the linter believes it (see :mod:`.explain`): the rule's own steps, and the steps of the
    #: evidence when a run asks for them.
    evidence: tuple[Reason, ...] = ()

    @property
    def text(self) -> str:
        """flake8's form: the code, then the message."""
        return f"{self.code} {self.message}"
