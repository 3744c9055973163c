"""What every rule is: its identity, its documentation, and one ``check`` method."""

from __future__ import annotations

import ast
import inspect
from typing import TYPE_CHECKING, ClassVar, Iterator

from ..findings import Finding, Reason

if TYPE_CHECKING:
    from ..analysis import Analysis

DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")


class Rule:
    """Base class of rules.

    A rule's class docstring is its user documentation, in Markdown, with the
    sections of :data:`DOC_SECTIONS`; ``docs/rules.md`` is generated from it.
    """

    #: flake8 code, e.g. ``ORM101``.
    code: ClassVar[str]
    #: pylint message id (``E58xx``/``W58xx``/``R58xx``) and symbol.
    pylint_id: ClassVar[str]
    symbol: ClassVar[str]
    #: one line for tables: what the rule catches.
    summary: ClassVar[str]
    #: the names of the functions and methods whose calls the rule asks about
    #: (:meth:`~async_orm_lint.analysis.Analysis.calls`): the walk collects those.
    calls: ClassVar[frozenset[str]] = frozenset()
    #: False for a rule that runs only where it is turned on by its code (a team's policy rather
    #: than a bug): flake8's and the command's ``select``/``extend-select``, pylint's ``enable``.
    enabled_by_default: ClassVar[bool] = True

    def check(self, analysis: Analysis) -> Iterator[Finding]:
        raise NotImplementedError

    def finding(self, node: ast.AST, message: str, because: tuple[Reason, ...] = ()) -> Finding:
        """A finding at ``node``; ``because``: the places only the rule knows that its message
        refers to (the commit that expired an instance, the loop around a call)."""
        return Finding(
            node.lineno, node.col_offset, self.code, message,  # type: ignore[attr-defined]
            node.end_lineno, node.end_col_offset, because,  # type: ignore[attr-defined]
        )

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")


def reason_at(node: ast.AST, message: str) -> Reason:
    """A step of evidence at ``node`` of the checked module (a loop's ``comprehension`` at its iterable)."""
    if type(node) is ast.comprehension:
        node = node.iter
    return Reason(message, node.lineno, node.col_offset)  # type: ignore[attr-defined]


def loop_reason(loops: tuple) -> tuple[Reason, ...]:
    """The innermost of ``loops`` (as :meth:`~.Analysis.loops_around` gives them), as a step of evidence."""
    if not loops:
        return ()
    loop = loops[-1]
    kind = {ast.For: "`for` loop", ast.AsyncFor: "`async for` loop", ast.While: "`while` loop"}.get(
        type(loop), "comprehension"
    )
    return (reason_at(loop, f"the {kind} the call runs in"),)
