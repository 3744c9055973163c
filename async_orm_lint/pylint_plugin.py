"""pylint front-end: ``load-plugins=async_orm_lint.pylint_plugin``.

The checker is a raw checker: it takes the module's source from pylint
(``node.stream()``, which also serves ``--from-stdin``), runs the same engine
on the stdlib ``ast`` and reports the same findings at the same lines as
flake8.  It uses no astroid inference and patches nothing in pylint, so it
behaves the same under ``-j`` and across pylint versions.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pylint.checkers import BaseRawFileChecker

from .docs import INTERNAL_ERROR_TEXT, plain_help
from .engine import CODES, INTERNAL_ERROR, INTERNAL_ERROR_PYLINT_ID, INTERNAL_ERROR_SYMBOL, check_source
from .options import SPECS, OptionError, Options, from_host, from_pyproject
from .layout import find_root

if TYPE_CHECKING:
    from astroid import nodes
    from pylint.lint import PyLinter


def _messages() -> dict[str, tuple]:
    """pylint's table; each description is what ``pylint --help-msg`` prints: the rule's why, its
    fix and where its documentation is (:func:`async_orm_lint.docs.plain_help`).  A rule off by
    default is a message off by default (``enable=`` its symbol turns it on)."""
    messages: dict[str, tuple] = {
        INTERNAL_ERROR_PYLINT_ID: ("%s", INTERNAL_ERROR_SYMBOL, f"{INTERNAL_ERROR}: {INTERNAL_ERROR_TEXT}")
    }
    for rule in CODES.values():
        if rule is not None:
            message = ("%s", rule.symbol, plain_help(rule))
            messages[rule.pylint_id] = message if rule.enabled_by_default else (*message, {"default_enabled": False})
    return messages


def _symbols() -> dict[str, str]:
    symbols = {INTERNAL_ERROR: INTERNAL_ERROR_SYMBOL}
    symbols.update({code: rule.symbol for code, rule in CODES.items() if rule is not None})
    return symbols


class AsyncOrmChecker(BaseRawFileChecker):
    """Reports the async-orm-lint findings of each module."""

    name = "async-orm"
    msgs = _messages()
    options = tuple(
        (
            spec.host_name,
            {
                "default": () if spec.is_list else "",
                "type": "csv" if spec.is_list else "string",
                "metavar": f"<{spec.metavar.lower()}>",
                "help": spec.help,
            },
        )
        for spec in SPECS
    )
    _symbol_of = _symbols()
    _options = Options()

    def open(self) -> None:
        """Validate the options once, before any module is checked."""
        raw = {spec.host_name: getattr(self.linter.config, spec.host_name.replace("-", "_"), None) for spec in SPECS}
        try:
            self._options = from_host(raw)
            # refuse a bad [tool.async-orm-lint] table at start-up, not file by file
            from_pyproject(self._options.project_root or find_root(Path.cwd()))
        except OptionError as error:
            print(f"async-orm-lint: {error}", file=sys.stderr)
            sys.exit(32)  # pylint's exit status for a usage error

    def process_module(self, node: nodes.Module) -> None:
        enabled = {
            code for code, symbol in self._symbol_of.items() if self.linter.is_message_enabled(symbol)
        }
        if not enabled - {INTERNAL_ERROR}:
            return
        with node.stream() as stream:
            data = stream.read()
        try:
            source = data.decode(node.file_encoding or "utf-8")
        except (LookupError, UnicodeDecodeError):
            return
        for finding in check_source(source, node.file or "<stdin>", select=enabled, options=self._options):
            if finding.code in enabled:
                self.add_message(
                    self._symbol_of[finding.code],
                    line=finding.line,
                    col_offset=finding.col,
                    end_lineno=finding.end_line,
                    end_col_offset=finding.end_col,
                    args=(finding.message,),
                )


def register(linter: PyLinter) -> None:
    """pylint's plugin entry point."""
    linter.register_checker(AsyncOrmChecker(linter))
