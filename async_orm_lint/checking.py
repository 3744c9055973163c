"""The command's work on one file: read it, parse it, check it, keep what the user wants, fix it.

Runs in the worker processes of ``-j N`` as in the main one: :func:`check_file`
takes a :class:`Job` and the run's :class:`Settings` (both plain, picklable
values) and returns a :class:`FileResult`; it never raises.
"""

from __future__ import annotations

import ast
import io
import linecache
import re
import tokenize
from functools import lru_cache
from typing import NamedTuple

from .engine import CODES, OFF_BY_DEFAULT_CODES, check_source
from .findings import Finding, Reason
from .fix import Lines, Planned, as_fix, fix_source, fixable, parents_of, plan
from .options import Options
from .report import Problem, Reported, Step

#: flake8's (``flake8.defaults``): ``# noqa``, ``# noqa: ORM101,ORM2``, ``# NOQA:ORM101``...
NOQA_INLINE = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)
#: flake8's ``# flake8: noqa`` on a line of its own: the whole file is skipped
NOQA_FILE = re.compile(r"\s*# flake8[:=]\s*noqa", re.IGNORECASE)
_CODE_SPLIT = re.compile(r"[,\s]")


class Selection(NamedTuple):
    """flake8's decision between ``--select``/``--extend-select`` and ``--ignore`` (code prefixes).

    A rule off by default is selected only where ``--select`` or ``--extend-select`` names its code
    in full, as the flake8 plugin decides: ``ORM`` or ``ORM3`` does not turn ``ORM303`` on.
    """

    select: tuple[str, ...] | None  # None: every code enabled by default
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()

    def wants(self, code: str) -> bool:
        explicit = (self.select or ()) + self.extend_select
        if code in OFF_BY_DEFAULT_CODES and code not in explicit:
            return False
        selected = (self.select is None and code not in OFF_BY_DEFAULT_CODES) or code.startswith(explicit)
        ignored = code.startswith(self.ignore) if self.ignore else False
        if not selected:
            return False
        if not ignored:
            return True
        if not code.startswith(explicit):
            return False  # selected by default only: an ignore wins
        # in both lists: the longest prefix wins, a tie is ignored (as flake8 decides)
        longest_select = max(len(prefix) for prefix in explicit if code.startswith(prefix))
        longest_ignore = max(len(prefix) for prefix in self.ignore if code.startswith(prefix))
        return longest_select > longest_ignore

    def codes(self) -> frozenset[str]:
        return frozenset(code for code in CODES if self.wants(code))


class Settings(NamedTuple):
    options: Options
    selection: Selection
    #: "check", "fix" (edit the files) or "diff" (show the edits)
    mode: str = "check"
    #: compute the fix of each finding (SARIF shows them)
    with_fixes: bool = False
    #: compute the evidence behind each finding (``--show-evidence``; SARIF shows it)
    explain: bool = False


class Job(NamedTuple):
    #: as shown in the report (flake8's form) and, unless ``filename`` is set, as read
    path: str
    #: the name the engine is given (``--stdin-filename``); the path otherwise
    filename: str | None = None
    #: the text, when it does not come from the file (stdin)
    source: str | None = None


class FileResult(NamedTuple):
    path: str
    reported: list[Reported]
    problems: list[Problem]
    #: the text as read and its encoding, and the fixed text (None when nothing was fixed)
    original: str | None = None
    encoding: str = "utf-8"
    fixed_source: str | None = None
    fixed: int = 0
    #: findings a fix could not be made for, and why
    notes: tuple[str, ...] = ()


class SourceError(Exception):
    """The file cannot be read or decoded; the message says why."""


def read_source(path: str) -> tuple[str, str]:
    """The text of a Python file and its encoding (PEP 263, as the interpreter reads it)."""
    try:
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError as error:
        raise SourceError(f"cannot read: {error.strerror or error}") from error
    return decode(data)


def decode(data: bytes) -> tuple[str, str]:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        if "invalid or missing encoding declaration" not in str(error):
            raise SourceError(f"cannot decode: {error.msg}") from error
        encoding = "utf-8"  # not UTF-8 in its first lines, and no declaration: say where
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(f"cannot decode as {encoding}: byte {data[error.start]:#04x} on line {line}") from error
    except LookupError as error:
        raise SourceError(f"cannot decode: unknown encoding {encoding}") from error


def parse(source: str, path: str) -> ast.Module:
    """The tree of ``source``; a :class:`Problem` is raised as :class:`ParseError`."""
    try:
        return ast.parse(source, filename=path)
    except SyntaxError as error:
        raise ParseError(Problem(path, f"cannot parse: {error.msg}", error.lineno, error.offset)) from error
    except (ValueError, RecursionError, MemoryError, OverflowError) as error:
        raise ParseError(Problem(path, f"cannot parse: {type(error).__name__}: {error}")) from error


class ParseError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class Noqa:
    """flake8's ``# noqa`` comments of one text.

    As flake8 does, the comment is looked for in the physical line of the
    finding, or in all the lines of the token that spans it (a multi-line
    string), and it names codes by prefix.
    """

    def __init__(self, source: str) -> None:
        self._source = source
        self._lines: list[str] | None = None
        self._mapping: dict[int, str] | None = None

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            # as flake8 reads a file: universal newlines
            self._lines = io.StringIO(self._source, newline=None).readlines()
        return self._lines

    def file_skipped(self) -> bool:
        """``# flake8: noqa`` on a line of its own: flake8 checks nothing in the file."""
        return "flake8" in self._source and any(NOQA_FILE.match(line) for line in self.lines)

    def silences(self, finding: Finding) -> bool:
        if "noqa" not in self._source.lower():
            return False
        line = self._line_for(finding.line)
        match = _find_noqa(line)
        if match is None:
            return False
        codes = match.group("codes")
        if codes is None:
            return True
        named = tuple(code for code in _CODE_SPLIT.split(codes) if code)
        return finding.code in named or finding.code.startswith(named)

    def _line_for(self, number: int) -> str:
        if self._mapping is None:
            self._mapping = self._noqa_lines()
        found = self._mapping.get(number)
        if found is not None:
            return found
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def _noqa_lines(self) -> dict[int, str]:
        """flake8's ``FileProcessor._noqa_line_mapping``: each line's range between newlines tokens."""
        mapping: dict[int, str] = {}
        lines = self.lines
        try:
            tokens = list(tokenize.generate_tokens(iter(lines).__next__))
        except (tokenize.TokenError, SyntaxError):
            return mapping
        low, high = len(lines) + 2, -1
        for kind, _, (start, _), (end, _), _ in tokens:
            if kind in (tokenize.ENDMARKER, tokenize.DEDENT):
                continue
            low, high = min(low, start), max(high, end)
            if kind in (tokenize.NL, tokenize.NEWLINE):
                joined = "".join(lines[low - 1:high])
                mapping.update(dict.fromkeys(range(low, high + 1), joined))
                low, high = len(lines) + 2, -1
        return mapping


@lru_cache(maxsize=512)
def _find_noqa(line: str) -> re.Match[str] | None:
    return NOQA_INLINE.search(line)


def check_file(job: Job, settings: Settings) -> FileResult:
    """Everything the command does with one file; never raises."""
    try:
        return _check_file(job, settings)
    except Exception as error:  # pylint: disable=broad-exception-caught  # one file must not stop the run
        return FileResult(job.path, [], [Problem(job.path, f"internal error: {type(error).__name__}: {error}")])


def _check_file(job: Job, settings: Settings) -> FileResult:
    path = job.path
    encoding = "utf-8"
    if job.source is not None:
        source = job.source
    else:
        try:
            source, encoding = read_source(path)
        except SourceError as error:
            return FileResult(path, [], [Problem(path, str(error))])
    try:
        tree = parse(source, path)
    except ParseError as error:
        return FileResult(path, [], [error.problem], source, encoding)
    noqa = Noqa(source)
    if noqa.file_skipped():
        return FileResult(path, [], [], source, encoding)
    filename = job.filename or path
    codes = settings.selection.codes()

    def check(text: str, text_tree: ast.Module) -> list[Finding]:
        found = check_source(
            text, filename, text_tree, select=codes, options=settings.options, explain=settings.explain
        )
        marks = noqa if text is source else Noqa(text)
        return [f for f in found if settings.selection.wants(f.code) and not marks.silences(f)]

    findings = check(source, tree)
    if settings.mode == "check" or not any(fixable(finding) for finding in findings):
        return FileResult(path, _reported(path, source, tree, findings, settings), [], source, encoding)
    # (the project index keeps the facts of a checked file only when its text is the file's on disk:
    # the fixed texts checked here leave the facts of the file as it is, as in a run without --fix)
    outcome = fix_source(source, tree, check, findings)
    notes = tuple(
        f"{path}:{finding.line}:{finding.col + 1}: {finding.code} not fixed: {reason}"
        for finding, reason in outcome.refused
    )
    final_tree = tree if outcome.source == source else ast.parse(outcome.source)
    return FileResult(
        path,
        _reported(path, outcome.source, final_tree, outcome.findings, settings),
        [],
        source,
        encoding,
        outcome.source if outcome.source != source else None,
        len(outcome.fixed),
        notes,
    )


def _reported(
    path: str, source: str, tree: ast.Module, findings: list[Finding], settings: Settings
) -> list[Reported]:
    if not findings:
        return []
    lines = Lines(source)
    parents = None
    reported = []
    for finding in sorted(findings):
        column = lines.column(finding.line, finding.col) if 0 < finding.line <= len(lines.starts) else finding.col + 1
        end_column = None
        if finding.end_line is not None and finding.end_col is not None and 0 < finding.end_line <= len(lines.starts):
            end_column = lines.column(finding.end_line, finding.end_col)
        fix = None
        if settings.with_fixes and fixable(finding):
            if parents is None:
                parents = parents_of(tree)
            planned = plan(finding, tree, parents, lines)
            if isinstance(planned, Planned):
                fix = as_fix(planned, lines)
        evidence = tuple(_step(path, lines, reason) for reason in finding.evidence) if settings.explain else ()
        reported.append(Reported(path, finding, column, end_column, fix, evidence))
    return reported


def _step(path: str, lines: Lines, reason: Reason) -> Step:
    """A step of evidence with its column in characters from 1, in this file or another of the project."""
    if reason.path is None:
        column = lines.column(reason.line, reason.column) if 0 < reason.line <= len(lines.starts) else reason.column + 1
        return Step(path, reason.line, column, reason.message)
    text = linecache.getline(reason.path, reason.line)
    before = text.encode("utf-8")[: reason.column].decode("utf-8", errors="ignore") if text else None
    column = len(before) + 1 if before is not None else reason.column + 1
    return Step(reason.path, reason.line, column, reason.message)
