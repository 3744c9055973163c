"""flake8 front-end: hands flake8's tree and lines to the engine, formats findings.

flake8 gives the plugin the tree it parsed and the file's lines (the editor's
unsaved buffer in ``--stdin-display-name`` mode), so the file is never read
again and never parsed twice.
"""

from __future__ import annotations

import ast
from typing import Iterator, Sequence

from . import __version__
from .engine import check_source


class Flake8Plugin:
    """The ``ORM`` checker registered under ``flake8.extension``."""

    name = "async-orm-lint"
    version = __version__

    def __init__(self, tree: ast.Module, lines: Sequence[str], filename: str = "<stdin>") -> None:
        self._tree = tree
        self._lines = lines
        self._filename = filename

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        source = "".join(self._lines)
        for finding in check_source(source, self._filename, self._tree):
            yield finding.line, finding.col, finding.text, type(self)
