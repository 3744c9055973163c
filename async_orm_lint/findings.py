"""The engine's output: facts about a file, independent of any front-end."""

from __future__ import annotations

from typing import NamedTuple


class Finding(NamedTuple):
    """One problem at one place.  ``line`` is 1-based, ``col`` 0-based (as in ``ast``); the end is
    where the reported node ends (None where there is no node: an internal error)."""

    line: int
    col: int
    code: str
    message: str
    end_line: int | None = None
    end_col: int | None = None

    @property
    def text(self) -> str:
        """flake8's form: the code, then the message."""
        return f"{self.code} {self.message}"
