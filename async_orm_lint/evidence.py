"""What the parts of the evaluator ask of each other, as protocols.

The evaluator (:mod:`async_orm_lint.evaluate`) answers "what is this
expression?"; it hands the questions of one concern to a part of its own:
what a name's bindings say (:mod:`.bindings`), what an annotation declares
(:mod:`.annotations`), what a function or class of the project hands its
callers (:mod:`.summaries`), what the ORM's mapping layer says
(:mod:`.models`).  Each part sees the evaluator through the narrowest protocol
below, never through the class, so that none of them imports another.
"""

from __future__ import annotations

import ast
from typing import Callable, Iterable, Protocol

from .options import Options
from .scopes import ClassFacts, ModuleScopes, Scope, Source
from .values import Value

#: Deeper expressions than this are not evaluated (and get no finding).
MAX_DEPTH = 40


class Resolver(Protocol):
    """Knows what names imported from other modules of the project are."""

    def resolve(self, dotted: str) -> Value | None: ...

    def absolute(self, dotted: str) -> str | None:
        """``..db.engine`` -> ``app.db.engine`` (None beyond the top-level package)."""


class ModuleEvidence(Protocol):
    """What :mod:`.models` asks: the values of expressions and names of the module being read."""

    def value(self, node: ast.expr | None, scope: Scope, depth: int = 0) -> Value | None: ...

    def dotted_name(self, node: ast.expr, scope: Scope) -> str | None: ...

    def assigned_list(self, name: str, scope: Scope) -> list[ast.expr] | None: ...

    def classes(self) -> Iterable[ClassFacts]: ...

    def where_defined(self, name: str, scope: Scope) -> str | None: ...


class Evidence(ModuleEvidence, Protocol):
    """What the parts of the evaluator ask of it, besides what :class:`ModuleEvidence` offers."""

    scopes: ModuleScopes
    options: Options
    resolver: Resolver

    def lookup(self, name: str, scope: Scope) -> Value | None: ...

    def dotted_value(self, dotted: str) -> Value | None: ...

    def annotation(self, node: ast.expr | None, scope: Scope, depth: int = 0) -> Value | None: ...

    def injected(self, node: ast.expr, scope: Scope) -> Value | None: ...

    def bound_value(self, sources: list[tuple[Source, Scope]]) -> Value | None: ...

    def memoised(self, key: tuple[int, str], compute: Callable[[], Value | None]) -> Value | None: ...


def agree(values: Iterable[Value | None]) -> Value | None:
    """The one value all sources give, or None if any is unknown or differs."""
    result: Value | None = None
    for value in values:
        if value is None or (result is not None and value != result):
            return None
        result = value
    return result


def binding_scope(name: str, scope: Scope) -> Scope | None:
    """The scope whose binding of ``name`` is seen from ``scope`` (LEGB, no builtins)."""
    current: Scope | None = scope
    first = True
    while current is not None:
        if current.kind != "class" or first:
            if name in current.bindings:
                return current
        first = False
        current = current.parent
    return None
