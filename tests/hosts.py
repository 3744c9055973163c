"""flake8, pylint and the ``async-orm-lint`` command through their real command lines: one way for the
tests to run them and read them.

All print ``path:line:column: CODE message``; pylint's column counts from 0
and flake8's (and the command's) from 1, and pylint names our messages by id
and symbol.  Every finding is read into a :class:`Finding` with flake8's
1-based column and flake8's code (``E5801`` / ``async-orm-missing-await`` ->
``ORM101``), so that the hosts compare as they are and with the markers of
``markers.py``.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

from async_orm_lint.engine import INTERNAL_ERROR, INTERNAL_ERROR_PYLINT_ID, OFF_BY_DEFAULT_CODES
from async_orm_lint.rules import RULES
from markers import Reported

#: A host run that takes longer than this is a hang: the test fails instead of waiting.
TIMEOUT = 300

#: flake8's own default format, written out so that a user configuration cannot change it.
FLAKE8_FORMAT = "%(path)s:%(row)d:%(col)d: %(code)s %(text)s"
PYLINT_TEMPLATE = "{path}:{line}:{column}: {msg_id} {symbol} {msg}"
PLUGIN = "async_orm_lint.pylint_plugin"

#: flake8 code of each pylint message id, and the symbol pylint must print with it.
CODE_OF_PYLINT_ID = {INTERNAL_ERROR_PYLINT_ID: INTERNAL_ERROR, **{rule.pylint_id: rule.code for rule in RULES}}
SYMBOL_OF_PYLINT_ID = {rule.pylint_id: rule.symbol for rule in RULES}
SYMBOL_OF_CODE = {rule.code: rule.symbol for rule in RULES}

_LINE = re.compile(r"^(?P<path>[^:\s][^:]*):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+) (?P<message>.*)$")


class Finding(NamedTuple):
    """One finding as a host printed it."""

    path: str  # as printed: relative to the host's working directory when the command named it so
    line: int
    col: int  # 1-based, as flake8 prints it (pylint's column + 1)
    code: str  # flake8's code: ORM101, E999...; pylint's ids of this plugin translated
    message: str

    @property
    def reported(self) -> Reported:
        return Reported(self.line, self.col, self.code, self.message)


class Run(NamedTuple):
    """What one flake8 or pylint process did."""

    cwd: Path
    returncode: int
    stdout: str
    stderr: str
    findings: list[Finding]

    def of(self, path: str | Path) -> list[Reported]:
        """The findings in one file (named as the host printed it, or by any path to the same file)."""
        wanted = (self.cwd / path).resolve()
        return sorted(f.reported for f in self.findings if (self.cwd / f.path).resolve() == wanted)

    def by_file(self) -> dict[Path, list[Reported]]:
        """The findings per file, by resolved path."""
        found: dict[Path, list[Reported]] = {}
        for finding in self.findings:
            found.setdefault((self.cwd / finding.path).resolve(), []).append(finding.reported)
        return {path: sorted(reported) for path, reported in found.items()}

    def lines(self, path: str | Path) -> set[tuple[int, str]]:
        return {(r.line, r.code) for r in self.of(path)}

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def _parse(stdout: str, pylint_output: bool) -> list[Finding]:
    found = []
    for raw in stdout.splitlines():
        match = _LINE.match(raw)
        if match is None:
            continue
        code, message, col = match["code"], match["message"], int(match["col"])
        if pylint_output:
            symbol, _, message = message.partition(" ")
            expected_symbol = SYMBOL_OF_PYLINT_ID.get(code)
            assert expected_symbol in (None, symbol), f"pylint printed {code} as {symbol}: {raw}"
            code, col = CODE_OF_PYLINT_ID.get(code, code), col + 1
        found.append(Finding(match["path"], int(match["line"]), col, code, message))
    return found


def _run(command: list[str], cwd: Path, stdin: str | None, env: dict[str, str] | None, timeout: float,
         pylint_output: bool) -> Run:
    completed = subprocess.run(
        command,
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
    )
    return Run(Path(cwd), completed.returncode, completed.stdout, completed.stderr,
               _parse(completed.stdout, pylint_output))


def flake8(*args: str, cwd: Path, stdin: str | None = None, isolated: bool = True, select: str | None = "ORM",
           env: dict[str, str] | None = None, timeout: float = TIMEOUT, opt_in: tuple[str, ...] = ()) -> Run:
    """``python -m flake8 [--isolated] [--select ...] <args>`` in ``cwd``, in flake8's default format.

    ``isolated=False`` lets flake8 read the configuration files of ``cwd``;
    ``select=None`` leaves the selection to them.  ``opt_in``: codes of rules off by default to turn
    on (``--extend-select``).
    """
    command = [sys.executable, "-m", "flake8"]
    command += ["--isolated"] if isolated else []
    command += ["--select", select] if select else []
    command += [f"--extend-select={','.join(opt_in)}"] if opt_in else []
    command += ["--format", FLAKE8_FORMAT, *args]
    return _run(command, cwd, stdin, env, timeout, pylint_output=False)


def pylint(*args: str, cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None,
           timeout: float = TIMEOUT, opt_in: tuple[str, ...] = ()) -> Run:
    """``python -m pylint`` with this plugin and only its messages enabled by default (and those of
    ``opt_in``, codes of rules off by default), then ``args``, in ``cwd``.

    ``--enable=async-orm`` turns on every message of the checker, the ones off by default too
    (pylint's rule): these are turned off again unless ``opt_in`` names them.  pylint reads the
    configuration files of ``cwd`` unless ``args`` give an ``--rcfile``; options in ``args`` come
    after (and win over) these.
    """
    off = sorted(SYMBOL_OF_CODE[code] for code in OFF_BY_DEFAULT_CODES - set(opt_in))
    command = [
        sys.executable, "-m", "pylint", f"--load-plugins={PLUGIN}", "--disable=all", "--enable=async-orm",
        *([f"--disable={','.join(off)}"] if off else []),
        "--score=n", "--persistent=n", f"--msg-template={PYLINT_TEMPLATE}", *args,
    ]
    return _run(command, cwd, stdin, env, timeout, pylint_output=True)


def command(*args: str, cwd: Path, stdin: str | None = None, env: dict[str, str] | None = None,
            timeout: float = TIMEOUT, opt_in: tuple[str, ...] = ()) -> Run:
    """``python -m async_orm_lint [--extend-select ...] <args>`` in ``cwd``: the command, which prints
    flake8's format (and reads the configuration files of ``cwd``, as the plugins' options do)."""
    command_line = [sys.executable, "-m", "async_orm_lint"]
    command_line += [f"--extend-select={','.join(opt_in)}"] if opt_in else []
    return _run([*command_line, *args], cwd, stdin, env, timeout, pylint_output=False)


def imported_modules(*directories: Path) -> str:
    """Every module (and package above it) the ``.py`` files under ``directories`` import by absolute name,
    comma-separated: pylint's ``--ignored-modules``, so that astroid does not build them.

    The plugin reads the stdlib ``ast`` and never astroid, so its findings do not change; astroid's
    inference of SQLAlchemy's classes, on the other hand, costs pylint some ten seconds per run.
    """
    names = set()
    for directory in directories:
        for path in sorted(directory.rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_bytes())):
                if isinstance(node, ast.Import):
                    names.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names.add(node.module)
                    names.update(f"{node.module}.{alias.name}" for alias in node.names)
    parts = {".".join(name.split(".")[:end]) for name in names for end in range(1, name.count(".") + 2)}
    return ",".join(sorted(parts))
