"""flake8 front-end: hands flake8's tree and lines to the engine, formats findings.

flake8 gives the plugin the tree it parsed and the file's lines (the editor's
unsaved buffer in ``--stdin-display-name`` mode), so the file is never read
again and never parsed twice.
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path
from typing import Any, Iterator, Sequence

from . import __version__
from .engine import DEFAULT_CODES, OFF_BY_DEFAULT_CODES, check_source, codes_to_run
from .options import SPECS, OptionError, Options, OptionSpec, convert, from_pyproject
from .layout import find_root


def _argument_type(spec: OptionSpec):
    """Validate a value the way argparse reports errors: naming the option."""

    def parse(value: str) -> Any:
        try:
            return convert(spec, value)
        except OptionError as error:
            raise argparse.ArgumentTypeError(error.problem) from error

    parse.__name__ = spec.host_name
    return parse


class Flake8Plugin:
    """The ``ORM`` checker registered under ``flake8.extension``."""

    name = "async-orm-lint"
    version = __version__
    #: set once per run by :meth:`parse_options`
    options = Options()
    #: the codes whose rules run: those enabled by default, and those off by default that
    #: ``select``/``extend-select`` name by their code (set by :meth:`parse_options`)
    codes = DEFAULT_CODES

    def __init__(self, tree: ast.Module, lines: Sequence[str], filename: str = "<stdin>") -> None:
        self._tree = tree
        self._lines = lines
        self._filename = filename

    @classmethod
    def add_options(cls, manager) -> None:
        # flake8 leaves these out unless selected; a selection that names only their family (``ORM``)
        # selects them for flake8, so :meth:`parse_options` also keeps their rules from running then
        manager.extend_default_ignore(sorted(OFF_BY_DEFAULT_CODES))
        for spec in SPECS:
            manager.add_option(
                f"--{spec.host_name}",
                parse_from_config=True,
                type=_argument_type(spec),
                metavar=spec.metavar,
                default=None,
                help=f"async-orm-lint: {spec.help}",
            )

    @classmethod
    def parse_options(cls, options: argparse.Namespace) -> None:
        given = {spec.attribute: getattr(options, spec.host_name.replace("-", "_"), None) for spec in SPECS}
        host = Options(**{name: value for name, value in given.items() if value not in (None, ())})
        try:
            # refuse a bad [tool.async-orm-lint] table at start-up, not file by file
            from_pyproject(host.project_root or find_root(Path.cwd()))
        except OptionError as error:
            raise SystemExit(f"async-orm-lint: {error}") from error
        cls.options = host
        cls.codes = codes_to_run([*(options.select or ()), *(getattr(options, "extend_select", None) or ())])

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        source = "".join(self._lines)
        for finding in check_source(source, self._filename, self._tree, select=self.codes, options=self.options):
            yield finding.line, finding.col, finding.text, type(self)
