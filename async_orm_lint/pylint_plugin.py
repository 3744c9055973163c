"""pylint front-end: ``load-plugins=async_orm_lint.pylint_plugin``.

The checker is a raw checker: it takes the module's source from pylint
(``node.stream()``, which also serves ``--from-stdin``), runs the same engine
on the stdlib ``ast`` and reports the same findings at the same lines as
flake8.  It uses no astroid inference and patches nothing in pylint, so it
behaves the same under ``-j`` and across pylint versions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pylint.checkers import BaseRawFileChecker

from .engine import CODES, INTERNAL_ERROR, INTERNAL_ERROR_PYLINT_ID, INTERNAL_ERROR_SYMBOL, check_source

if TYPE_CHECKING:
    from astroid import nodes
    from pylint.lint import PyLinter


def _messages() -> dict[str, tuple[str, str, str]]:
    messages = {
        INTERNAL_ERROR_PYLINT_ID: (
            "%s",
            INTERNAL_ERROR_SYMBOL,
            f"{INTERNAL_ERROR}: async-orm-lint failed on this file; the file was not checked.",
        )
    }
    for rule in CODES.values():
        if rule is not None:
            messages[rule.pylint_id] = ("%s", rule.symbol, f"{rule.code}: {rule.summary}.")
    return messages


def _symbols() -> dict[str, str]:
    symbols = {INTERNAL_ERROR: INTERNAL_ERROR_SYMBOL}
    symbols.update({code: rule.symbol for code, rule in CODES.items() if rule is not None})
    return symbols


class AsyncOrmChecker(BaseRawFileChecker):
    """Reports the async-orm-lint findings of each module."""

    name = "async-orm"
    msgs = _messages()
    _symbol_of = _symbols()

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
        for finding in check_source(source, node.file or "<stdin>", select=enabled):
            if finding.code in enabled:
                self.add_message(
                    self._symbol_of[finding.code],
                    line=finding.line,
                    col_offset=finding.col,
                    args=(finding.message,),
                )


def register(linter: PyLinter) -> None:
    """pylint's plugin entry point."""
    linter.register_checker(AsyncOrmChecker(linter))
