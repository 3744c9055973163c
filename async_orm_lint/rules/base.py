"""What every rule is: its identity, its documentation, and one ``check`` method."""

from __future__ import annotations

import ast
import inspect
from typing import Callable, ClassVar, Iterable, Iterator

from ..evaluate import Evaluator
from ..findings import Finding
from ..scopes import ModuleScopes, Scope
from ._shape import Parents, own_nodes

DOC_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")


class Analysis:
    """One module, walked once, shared by every rule."""

    def __init__(self, tree: ast.Module, scopes: ModuleScopes, evaluator: Evaluator) -> None:
        self.tree = tree
        self.scopes = scopes
        self.evaluator = evaluator
        self.parents = Parents()
        self._assignments: dict[int, dict[str, list[ast.expr]]] = {}
        self._shared: dict[str, list] = {}

    def shared(self, key: str, compute: Callable[[Analysis], Iterable]) -> list:
        """``compute(self)`` as a list, computed once for the rules that share it."""
        found = self._shared.get(key)
        if found is None:
            found = self._shared[key] = list(compute(self))
        return found

    def loops_around(self, call: ast.Call, scope: Scope) -> tuple:
        """The loops that run ``call`` once per item, innermost last (see :func:`calls_in_loops`)."""
        owner = scope.function_scope() or self.scopes.module
        if not owner.has_loops:
            return ()
        line = call.lineno
        if not any(loop.lineno <= line <= (loop.end_lineno or line) for loop in owner.loops):
            return ()  # outside every loop's lines: the walk of the loops would not meet it
        return self.parents.loops(owner).get(id(call), ())

    def assignments(self, root: ast.AST) -> dict[str, list[ast.expr]]:
        """``{name: [assigned values]}`` of plain ``name = value`` statements in ``root``'s body."""
        found = self._assignments.get(id(root))
        if found is None:
            found = self._assignments[id(root)] = {}
            for node in own_nodes(root):
                if type(node) is ast.Assign:
                    for target in node.targets:
                        if type(target) is ast.Name:
                            found.setdefault(target.id, []).append(node.value)
        return found


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

    def check(self, analysis: Analysis) -> Iterator[Finding]:
        raise NotImplementedError

    def finding(self, node: ast.AST, message: str) -> Finding:
        return Finding(
            node.lineno, node.col_offset, self.code, message,  # type: ignore[attr-defined]
            node.end_lineno, node.end_col_offset,  # type: ignore[attr-defined]
        )

    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")
