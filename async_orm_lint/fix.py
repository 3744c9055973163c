"""``--fix``: add the ``await`` ORM101 asks for, remove the one ORM102 says to remove.

A fix is made only where its result is certain:

- the finding's node is found in the file's tree at exactly the position the
  finding gives (the call for ORM101, the ``await`` for ORM102);
- it is in the body of an ``async def``, not in a lambda, a generator
  expression (an ``await`` there makes an async generator), a class body, a
  signature, a decorator or an f-string;
- ORM101 says to add ``await`` (not "never awaited nor entered": there an
  ``await`` and an ``async with`` would both be right) and ORM102 says to
  remove it (not to use ``async with`` or ``async for``);
- the edited text parses to the tree expected: the original with the call
  wrapped in an ``await``, or the ``await`` replaced by what it awaited, and
  nothing else changed.

Edits are made on the text, by character offsets: formatting and comments
are kept.  ``await`` binds tighter than every operator, so the awaited call
is parenthesised wherever it is not a statement, an assigned, returned or
yielded value, an argument, a condition, an iterable or an element:
``(await session.execute(q)).scalars()``, ``if (await s.get(User, 1)) is None``.
A fix can make another finding (awaiting a chained call's receiver leaves an
``await`` on what it returns: ORM102), so fixing goes on, pass after pass,
until no finding can be fixed.
"""

from __future__ import annotations

import ast
import re
from typing import Callable, Iterable, NamedTuple

from .findings import Finding
from .report import Edit, Fix

FIXABLE = ("ORM101", "ORM102")
#: passes over one file before giving up (each pass fixes every finding it can)
MAX_PASSES = 10
_NEWLINE = re.compile(r"\r\n|\r|\n")


class Lines:
    """Character offsets of a text's lines, and ``ast`` positions (UTF-8 byte columns) to offsets."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.starts = [0] + [match.end() for match in _NEWLINE.finditer(source)]

    def offset(self, line: int, byte_column: int) -> int:
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.source)
        text = self.source[start:end]
        if text.isascii():
            return start + byte_column
        return start + len(text.encode("utf-8")[:byte_column].decode("utf-8", errors="ignore"))

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of an offset, both from 1, the column in characters."""
        low, high = 0, len(self.starts) - 1
        while low < high:  # the last line start <= offset
            middle = (low + high + 1) // 2
            if self.starts[middle] <= offset:
                low = middle
            else:
                high = middle - 1
        return low + 1, offset - self.starts[low] + 1

    def column(self, line: int, byte_column: int) -> int:
        """The 1-based character column of an ``ast`` position."""
        return self.offset(line, byte_column) - self.starts[line - 1] + 1


class Piece(NamedTuple):
    """Replace ``source[start:end]`` by ``text``."""

    start: int
    end: int
    text: str


class Planned(NamedTuple):
    """The fix of one finding: its text edits, and the tree change they must make."""

    finding: Finding
    pieces: tuple[Piece, ...]
    node: ast.AST
    parent: ast.AST
    replacement: ast.AST
    description: str


class Outcome(NamedTuple):
    source: str
    #: the findings fixed, in the order they were fixed (positions in the text of their pass)
    fixed: list[Finding]
    #: what is still found in the final text
    findings: list[Finding]
    #: findings of the final text that could have a fix but do not, and why
    refused: list[tuple[Finding, str]]


def fixable(finding: Finding) -> bool:
    return finding.code in FIXABLE


def refusal(finding: Finding) -> str | None:
    """Why the finding's message rules a fix out, or None."""
    if finding.code == "ORM101":
        if "nor entered" in finding.message:
            return "an `await` or an `async with` would both be right: choose one"
        if "add `await`" not in finding.message and "(await ...)" not in finding.message:
            return "the message does not ask for an `await`"
        return None
    if finding.code == "ORM102":
        if "remove `await`" not in finding.message:
            return "the fix is an `async with` or `async for` statement, not an edit of the expression"
        return None
    return "no fix for this code"


def parents_of(tree: ast.AST) -> dict[int, ast.AST]:
    parents: dict[int, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
    return parents


def plan(finding: Finding, tree: ast.Module, parents: dict[int, ast.AST], lines: Lines) -> Planned | str:
    """The fix of ``finding`` in ``lines.source`` (whose tree is ``tree``), or why there is none."""
    reason = refusal(finding)
    if reason is not None:
        return reason
    wanted = ast.Call if finding.code == "ORM101" else ast.Await
    node = _node_at(tree, wanted, finding)
    if node is None:
        return "no expression of the file is at the finding's position"
    reason = _context_refusal(node, parents)
    if reason is not None:
        return reason
    parent = parents[id(node)]
    if finding.code == "ORM101":
        candidates = _add_await(node, parent, lines)  # type: ignore[arg-type]
        replacement: ast.AST = ast.Await(value=node)
        description = "add `await`"
    else:
        candidates = _remove_await(node, lines)  # type: ignore[arg-type]
        replacement = node.value  # type: ignore[attr-defined]
        description = "remove `await`"
    for pieces in candidates:
        planned = Planned(finding, pieces, node, parent, replacement, description)
        if _verified(lines.source, tree, [planned]) is not None:
            return planned
    return "the edited text would not parse to the expected code"


def as_fix(planned: Planned, lines: Lines) -> Fix:
    """The fix in the form the formats show (lines and columns from 1, in characters)."""
    edits = []
    for piece in planned.pieces:
        line, column = lines.position(piece.start)
        end_line, end_column = lines.position(piece.end)
        edits.append(Edit(line, column, end_line, end_column, piece.text))
    return Fix(planned.description, tuple(edits))


def fix_source(
    source: str,
    tree: ast.Module,
    check: Callable[[str, ast.Module], list[Finding]],
    findings: list[Finding] | None = None,
) -> Outcome:
    """Fix what can be fixed, pass after pass; ``check`` lists the findings of a text and its tree
    (only those the user wants: selected, not silenced by ``noqa``)."""
    if findings is None:
        findings = check(source, tree)
    fixed: list[Finding] = []
    seen = {source}
    for _ in range(MAX_PASSES):
        lines = Lines(source)
        plans = [p for p in _plans(findings, tree, lines) if isinstance(p, Planned)]
        if not plans:
            break
        result = _apply_together(source, tree, plans)
        if result is None:
            break
        new_source, new_tree, applied = result
        if new_source in seen:  # a fix that undoes another: stop where the text was
            break
        seen.add(new_source)
        fixed.extend(planned.finding for planned in applied)
        source, tree = new_source, new_tree
        findings = check(source, tree)
    lines = Lines(source)
    refused = [
        (finding, reason) for finding, reason in zip(findings, _plans(findings, tree, lines))
        if isinstance(reason, str) and fixable(finding)
    ]
    return Outcome(source, fixed, findings, refused)


def _plans(findings: Iterable[Finding], tree: ast.Module, lines: Lines) -> list[Planned | str]:
    parents: dict[int, ast.AST] | None = None
    plans: list[Planned | str] = []
    for finding in findings:
        if not fixable(finding):
            plans.append("no fix for this code")
            continue
        if parents is None:
            parents = parents_of(tree)
        plans.append(plan(finding, tree, parents, lines))
    return plans


def _apply_together(
    source: str, tree: ast.Module, plans: list[Planned]
) -> tuple[str, ast.Module, list[Planned]] | None:
    """Apply every fix whose edits do not meet another's; if together they do not give the
    expected tree, only the first."""
    chosen: list[Planned] = []
    taken: list[tuple[int, int]] = []
    for planned in plans:
        spans = [(piece.start, piece.end) for piece in planned.pieces]
        if any(_meet(span, other) for span in spans for other in taken):
            continue
        chosen.append(planned)
        taken.extend(spans)
    result = _verified(source, tree, chosen)
    if result is None and len(chosen) > 1:
        chosen = chosen[:1]
        result = _verified(source, tree, chosen)
    if result is None:
        return None
    return result[0], result[1], chosen


def _meet(one: tuple[int, int], other: tuple[int, int]) -> bool:
    """Do two edited spans overlap or touch (two insertions at one place, say)?"""
    return one[0] <= other[1] and other[0] <= one[1]


def _edited(source: str, plans: Iterable[Planned]) -> str:
    pieces = sorted((piece for planned in plans for piece in planned.pieces), key=lambda piece: piece.start)
    parts = []
    at = 0
    for piece in pieces:
        parts.append(source[at:piece.start])
        parts.append(piece.text)
        at = piece.end
    parts.append(source[at:])
    return "".join(parts)


def _verified(source: str, tree: ast.Module, plans: list[Planned]) -> tuple[str, ast.Module] | None:
    """The edited text and its tree, if it parses to ``tree`` with each planned node replaced."""
    new_source = _edited(source, plans)
    try:
        new_tree = ast.parse(new_source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    undo = []
    try:
        for planned in plans:
            undo.append(_swap(planned.parent, planned.node, planned.replacement))
        expected = ast.dump(tree)
    finally:
        for restore in reversed(undo):
            restore()
    return (new_source, new_tree) if ast.dump(new_tree) == expected else None


def _swap(parent: ast.AST, old: ast.AST, new: ast.AST) -> Callable[[], None]:
    """Put ``new`` where ``old`` is among ``parent``'s children; return what puts ``old`` back."""
    for name, value in ast.iter_fields(parent):
        if value is old:
            setattr(parent, name, new)
            return lambda: setattr(parent, name, old)
        if isinstance(value, list):
            for position, item in enumerate(value):
                if item is old:
                    value[position] = new
                    return lambda: value.__setitem__(position, old)
    raise LookupError("the node is not a child of its parent")


def _node_at(tree: ast.Module, wanted: type, finding: Finding) -> ast.AST | None:
    if finding.end_line is None or finding.end_col is None:
        return None
    for node in ast.walk(tree):
        if (
            type(node) is wanted
            and node.lineno == finding.line  # type: ignore[attr-defined]
            and node.col_offset == finding.col  # type: ignore[attr-defined]
            and node.end_lineno == finding.end_line  # type: ignore[attr-defined]
            and node.end_col_offset == finding.end_col  # type: ignore[attr-defined]
        ):
            return node
    return None


def _context_refusal(node: ast.AST, parents: dict[int, ast.AST]) -> str | None:
    """Why an ``await`` cannot certainly be added or removed where ``node`` is, or None."""
    child = node
    parent = parents.get(id(node))
    while parent is not None:
        if isinstance(parent, ast.Lambda):
            return "inside a lambda, which cannot await"
        if isinstance(parent, ast.GeneratorExp):
            return "inside a generator expression, which an `await` makes an async generator"
        if isinstance(parent, ast.JoinedStr):
            return "inside an f-string"
        if isinstance(parent, ast.ClassDef):
            return "in a class body, not in an `async def`"
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if not any(child is statement for statement in parent.body):
                return "in a function's signature or decorators"
            if isinstance(parent, ast.FunctionDef):
                return "not in an `async def`"
            return None
        child, parent = parent, parents.get(id(parent))
    return "not in an `async def`"


def _span(node: ast.AST, lines: Lines) -> tuple[int, int]:
    return (
        lines.offset(node.lineno, node.col_offset),  # type: ignore[attr-defined]
        lines.offset(node.end_lineno, node.end_col_offset),  # type: ignore[attr-defined]
    )


def _stands_alone(node: ast.AST, parent: ast.AST) -> bool:
    """Is ``node`` where ``await node`` reads well without parentheses?"""
    if isinstance(parent, (ast.Expr, ast.Return, ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
        return True
    if isinstance(parent, ast.Call):
        return any(node is argument for argument in parent.args)
    if isinstance(parent, (ast.keyword, ast.Yield, ast.withitem)):
        return True
    if isinstance(parent, (ast.If, ast.While, ast.Assert)):
        return node is parent.test
    if isinstance(parent, (ast.For, ast.AsyncFor, ast.comprehension)):
        return node is parent.iter
    if isinstance(parent, (ast.List, ast.Tuple, ast.Set)):
        return True
    if isinstance(parent, ast.Dict):
        return any(node is value for value in parent.values)
    return False


def _grouped(start: int, end: int, source: str) -> tuple[int, int] | None:
    """The parentheses right around ``source[start:end]`` (spaces aside, on the same lines), if any."""
    before = start
    while before > 0 and source[before - 1] in " \t":
        before -= 1
    after = end
    while after < len(source) and source[after] in " \t":
        after += 1
    if before > 0 and source[before - 1] == "(" and after < len(source) and source[after] == ")":
        return before - 1, after + 1
    return None


def _add_await(node: ast.Call, parent: ast.AST, lines: Lines) -> list[tuple[Piece, ...]]:
    start, end = _span(node, lines)
    insert = (Piece(start, start, "await "),)
    if _stands_alone(node, parent):
        return [insert]
    candidates = []
    if _grouped(start, end, lines.source) is not None:
        candidates.append(insert)  # (session.execute(q)).scalars() -> (await session.execute(q)).scalars()
    candidates.append((Piece(start, start, "(await "), Piece(end, end, ")")))
    return candidates


def _remove_await(node: ast.Await, lines: Lines) -> list[tuple[Piece, ...]]:
    start, end = _span(node, lines)
    value_start, _ = _span(node.value, lines)
    remove = Piece(start, value_start, "")
    candidates = []
    group = _grouped(start, end, lines.source)
    if group is not None and type(node.value) in (ast.Call, ast.Attribute, ast.Subscript, ast.Name):
        # (await result.scalars()).all() -> result.scalars().all(): the parentheses only held the await
        candidates.append((Piece(group[0], start, ""), Piece(start, value_start, ""), Piece(end, group[1], "")))
    candidates.append((remove,))
    return candidates
