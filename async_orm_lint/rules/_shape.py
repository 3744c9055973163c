"""Shapes of code that several rules look for: loops around a call, batch loops, blocks.

These work on one function at a time (never crossing into nested functions)
and only for the functions a rule has a candidate in.
"""

from __future__ import annotations

import ast
from typing import Iterator

from ..scopes import Scope, block_of, child_nodes, walk

LOOPS = (ast.For, ast.AsyncFor)
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
#: Helpers that cut an iterable into batches: a loop over batches is the fix, not the bug.
BATCH_FUNCTIONS = frozenset(
    {"batched", "chunked", "ichunked", "chunks", "batches", "partition_all", "grouper", "sliced", "batch", "chunk"}
)


def body_root(scope: Scope) -> ast.AST:
    """The function (or module) whose body ``scope`` belongs to."""
    function = scope.function_scope()
    if function is not None:
        return function.node
    while scope.parent is not None:
        scope = scope.parent
    return scope.node


class Parents:
    """Facts about one function body (parent links, loops around calls), built once on demand."""

    def __init__(self) -> None:
        self._maps: dict[tuple[int, str], dict] = {}

    def of(self, root: ast.AST) -> dict[int, ast.AST]:
        """Parent links of the nodes of ``root``'s body."""
        return self._cached(root, "parents", _parent_map)

    def loops(self, body: Scope) -> dict[int, tuple]:
        """:func:`calls_in_loops` of a function (or module) body."""
        return self._cached(body.node, "loops", lambda _: calls_in_loops(body.loops))

    def _cached(self, root: ast.AST, what: str, build) -> dict:
        key = (id(root), what)
        found = self._maps.get(key)
        if found is None:
            found = self._maps[key] = build(root)
        return found


def _parent_map(root: ast.AST) -> dict[int, ast.AST]:
    parents: dict[int, ast.AST] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        for child in child_nodes(node):
            parents[id(child)] = node
            if not isinstance(child, _NESTED):
                stack.append(child)
    return parents


def ancestors(node: ast.AST, parents: dict[int, ast.AST]) -> Iterator[tuple[ast.AST, ast.AST]]:
    """``(parent, child)`` pairs from ``node`` up to its function (nested functions stop it)."""
    child = node
    parent = parents.get(id(child))
    while parent is not None:
        yield parent, child
        if isinstance(parent, _NESTED):
            return
        child = parent
        parent = parents.get(id(child))


def is_batch_loop(loop: ast.For | ast.AsyncFor | ast.comprehension) -> bool:
    """``for i in range(0, n, size)``, ``for chunk in batched(items, 100)``, ``items[i:i + n]``..."""
    for node in walk(loop.iter):
        if type(node) is ast.Call:
            name = _called_name(node.func)
            if name == "range" and len(node.args) == 3 and _is_batch_step(node.args[2]):
                return True
            if name in BATCH_FUNCTIONS:
                return True
        elif type(node) is ast.Slice and node.step is not None and _is_batch_step(node.step):
            return True
        elif isinstance(node, (ast.ListComp, ast.GeneratorExp)) and any(
            type(n) is ast.Slice for n in walk(node.elt)
        ):
            return True  # [items[i:i + n] for i in ...]: chunks
    return False


def _is_batch_step(step: ast.expr) -> bool:
    """A step that skips items: not ``1``, not negative (``range(n - 1, -1, -1)`` visits every item)."""
    if type(step) is ast.Constant:
        return isinstance(step.value, int) and step.value > 1
    if type(step) is ast.UnaryOp and type(step.op) is ast.USub:
        return False
    return True


def _called_name(func: ast.expr) -> str | None:
    if type(func) is ast.Name:
        return func.id
    if type(func) is ast.Attribute:
        return func.attr
    return None


def bound_names(target: ast.AST) -> set[str]:
    """The names a loop target (or any target) binds."""
    return {node.id for node in walk(target) if type(node) is ast.Name}


def mentions(node: ast.AST, names: set[str]) -> bool:
    return any(type(n) is ast.Name and n.id in names for n in walk(node))


def own_nodes(root: ast.AST) -> Iterator[ast.AST]:
    """Every node of ``root``'s body, not entering nested functions or classes."""
    stack = list(child_nodes(root))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, _NESTED):
            stack.extend(child_nodes(node))


_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def calls_in_loops(loops: list[ast.AST]) -> dict[int, tuple]:
    """For each call run once per item of ``loops``: those loops, innermost last.

    ``loops`` are the loops of one body in source order (:attr:`Scope.loops`),
    so an outer loop comes before the loops nested in it, whose calls its walk
    covers.  ``for``/``async for`` bodies and comprehension elements and
    conditions run per item; a loop's iterable and ``else`` do not.  ``while``
    loops are not loops over items.  Only the code of the loops is walked.
    """
    found: dict[int, tuple] = {}
    covered: set[int] = set()
    for outermost in loops:
        if id(outermost) not in covered:
            _walk_loop(outermost, found, covered)
    return found


def _walk_loop(outermost: ast.AST, found: dict[int, tuple], covered: set[int]) -> None:
    stack: list[tuple[ast.AST, tuple]] = [(outermost, ())]
    while stack:
        node, loops = stack.pop()
        if isinstance(node, _NESTED):
            continue
        if type(node) is ast.Call:
            found[id(node)] = loops
        if isinstance(node, LOOPS):
            covered.add(id(node))
            stack.append((node.iter, loops))
            stack.append((node.target, loops))
            stack.extend((child, loops + (node,)) for child in node.body)
            stack.extend((child, loops) for child in node.orelse)
        elif isinstance(node, _COMPREHENSIONS):
            covered.add(id(node))
            inner = loops
            for index, generator in enumerate(node.generators):
                stack.append((generator.iter, loops if index == 0 else inner))
                inner = inner + (generator,)
                stack.extend((condition, inner) for condition in generator.ifs)
            elements = (node.key, node.value) if type(node) is ast.DictComp else (node.elt,)
            stack.extend((element, inner) for element in elements)
        else:
            stack.extend((child, loops) for child in child_nodes(node))


def enclosing_statements(node: ast.AST, parents: dict[int, ast.AST]) -> list[tuple[ast.stmt, list]]:
    """Each statement around ``node`` with the list of statements it stands in, innermost first."""
    found = []
    child, parent = node, parents.get(id(node))
    while parent is not None:
        if isinstance(child, ast.stmt):
            block = block_of(child, parent)
            if block is not None:
                found.append((child, block))
        if isinstance(parent, _NESTED):
            break
        child, parent = parent, parents.get(id(parent))
    return found
