"""Helpers over the stdlib ``ast`` that know nothing of SQLAlchemy: children, walks, blocks, text.

They are the walks the rules make over one function body at a time; the
one walk over a whole module is :mod:`async_orm_lint.walk`.
"""

from __future__ import annotations

import ast
from collections import deque
from typing import Callable, Iterator

#: Fields that hold no node worth visiting (contexts, operators).
_NOT_CHILDREN = frozenset({"ctx", "op", "ops", "type_comment"})
#: The fields worth visiting, per node type, filled as types are met.
CHILD_FIELDS: dict[type, tuple[str, ...]] = {}

#: Nodes that start a body of their own: a walk of one function's body does not enter them.
NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
FUNCTION_NODES = (ast.FunctionDef, ast.AsyncFunctionDef)
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
LOOPS = (ast.For, ast.AsyncFor)
WITHS = (ast.With, ast.AsyncWith)


def child_fields(node_type: type) -> tuple[str, ...]:
    """The fields of ``node_type`` worth visiting (memoised in :data:`CHILD_FIELDS`)."""
    fields = CHILD_FIELDS[node_type] = tuple(
        f for f in node_type._fields if f not in _NOT_CHILDREN  # type: ignore[attr-defined]
    )
    return fields


def node_types(base: type = ast.AST) -> frozenset[type]:
    found = {base}
    for subclass in base.__subclasses__():
        found |= node_types(subclass)
    return frozenset(found)


#: Every node class: a field's value is visited when its type is one (not ``None``, not a string).
NODE_TYPES = node_types()
EXPRESSION_TYPES = node_types(ast.expr)


def child_nodes(node: ast.AST) -> list[ast.AST]:
    """:func:`ast.iter_child_nodes` without contexts and operators, as a list (the rules' walks).

    Same children in the same order otherwise; about twice as fast, which
    matters in the walks rules make over function bodies.
    """
    node_type = type(node)
    fields = CHILD_FIELDS.get(node_type)
    if fields is None:
        fields = child_fields(node_type)
    children: list[ast.AST] = []
    for name in fields:
        child = getattr(node, name, None)
        if type(child) is list:
            children.extend(item for item in child if type(item) in NODE_TYPES)
        elif type(child) in NODE_TYPES:
            children.append(child)  # type: ignore[arg-type]
    return children


def walk(node: ast.AST) -> Iterator[ast.AST]:
    """:func:`ast.walk` (breadth first, ``node`` first) over :func:`child_nodes`."""
    queue = deque([node])
    pop, extend = queue.popleft, queue.extend
    while queue:
        node = pop()
        extend(child_nodes(node))
        yield node


def own_nodes(root: ast.AST) -> Iterator[ast.AST]:
    """Every node of ``root``'s body, not entering nested functions or classes."""
    stack = list(child_nodes(root))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, NESTED):
            stack.extend(child_nodes(node))


def parent_map(root: ast.AST) -> dict[int, ast.AST]:
    """Parent links (by id) of the nodes of ``root``'s body, nested bodies' headers included."""
    parents: dict[int, ast.AST] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        for child in child_nodes(node):
            parents[id(child)] = node
            if not isinstance(child, NESTED):
                stack.append(child)
    return parents


def swallows(handler: ast.ExceptHandler) -> bool:
    """Does the ``except`` handler let the code after the ``try`` go on (it does not end with ``raise``)?"""
    return not handler.body or type(handler.body[-1]) is not ast.Raise


def node_path(root: ast.AST, target: ast.AST) -> list[ast.AST] | None:
    """The nodes from ``root`` down to ``target``'s parent, found by source positions: a few
    children per level instead of a parent map of the whole of ``root``.  None when the positions
    do not lead to ``target`` (the caller falls back to :func:`parent_map`)."""
    key = (target.lineno, target.col_offset, target.end_lineno, target.end_col_offset)  # type: ignore[attr-defined]
    path = [root]
    current = root
    while True:
        for child in child_nodes(current):
            if child is target:
                return path
            if _covers(child, key):
                path.append(child)
                current = child
                break
        else:
            return None


def _covers(node: ast.AST, key: tuple) -> bool:
    start = getattr(node, "lineno", None)
    if start is None:  # ``arguments``, ``withitem``, ``comprehension``, ``match_case``: by their children
        return any(_covers(child, key) for child in child_nodes(node))
    decorators = getattr(node, "decorator_list", None)
    if decorators:
        start, column = decorators[0].lineno, 0
    else:
        column = node.col_offset  # type: ignore[attr-defined]
    return (start, column) <= key[:2] and key[2:] <= (node.end_lineno, node.end_col_offset)  # type: ignore


def ancestors(node: ast.AST, parents: dict[int, ast.AST]) -> Iterator[tuple[ast.AST, ast.AST]]:
    """``(parent, child)`` pairs from ``node`` up to its function (nested functions stop it)."""
    child = node
    parent = parents.get(id(child))
    while parent is not None:
        yield parent, child
        if isinstance(parent, NESTED):
            return
        child = parent
        parent = parents.get(id(child))


def block_of(statement: ast.stmt, parent: ast.AST) -> list[ast.stmt] | None:
    """The list of ``parent``'s statements (``body``, ``orelse``, ``finalbody``) that holds ``statement``."""
    for field_name in ("body", "orelse", "finalbody"):
        block = getattr(parent, field_name, None)
        if type(block) is list and any(item is statement for item in block):
            return block
    return None


def enclosing_statements(node: ast.AST, parents: dict[int, ast.AST]) -> list[tuple[ast.stmt, list]]:
    """Each statement around ``node`` with the list of statements it stands in, innermost first."""
    found = []
    child, parent = node, parents.get(id(node))
    while parent is not None:
        if isinstance(child, ast.stmt):
            block = block_of(child, parent)
            if block is not None:
                found.append((child, block))
        if isinstance(parent, NESTED):
            break
        child, parent = parent, parents.get(id(parent))
    return found


def expression_text(node: ast.AST) -> str:
    """``ast.unparse(node)``, without its cost for the names and ``a.b.c`` chains most receivers are."""
    node_type = type(node)
    if node_type is ast.Name:
        return node.id  # type: ignore[attr-defined]
    if node_type is ast.Attribute:
        parts = []
        link = node
        while type(link) is ast.Attribute:
            parts.append(link.attr)  # type: ignore[attr-defined]
            link = link.value  # type: ignore[attr-defined]
        if type(link) is ast.Name:
            parts.append(link.id)  # type: ignore[attr-defined]
            return ".".join(reversed(parts))
    return ast.unparse(node)


def rooted_at_a_name(node: ast.Attribute) -> bool:
    """``a.b.c``: attributes all the way down to a name (no call, no subscript)."""
    value = node.value
    while type(value) is ast.Attribute:
        value = value.value  # type: ignore[attr-defined]
    return type(value) is ast.Name


def root_name(node: ast.Attribute) -> str | None:
    """``a`` of ``a.b.c`` (None when the chain does not start at a name)."""
    value: ast.expr = node
    while type(value) is ast.Attribute:
        value = value.value  # type: ignore[attr-defined]
    return value.id if type(value) is ast.Name else None  # type: ignore[attr-defined]


def called_name(func: ast.expr) -> str | None:
    """``f`` of ``f(...)`` and of ``x.f(...)``."""
    if type(func) is ast.Attribute:
        return func.attr  # type: ignore[attr-defined]
    if type(func) is ast.Name:
        return func.id  # type: ignore[attr-defined]
    return None


def bound_names(target: ast.AST) -> set[str]:
    """The names a target (of an assignment, a loop) binds."""
    return {node.id for node in walk(target) if type(node) is ast.Name}  # type: ignore[attr-defined]


def mentions(node: ast.AST, names: set[str]) -> bool:
    """Is one of ``names`` read or bound anywhere in ``node``?"""
    return any(type(n) is ast.Name and n.id in names for n in walk(node))  # type: ignore[attr-defined]


#: What :func:`literal_text` finds: the text, and whether it is the whole string.
LiteralText = tuple[str, bool]


def literal_text(node: ast.expr, resolve: Callable[[ast.expr], LiteralText | None] | None = None,
                 depth: int = 0) -> LiteralText | None:
    """The text a string expression starts with, as far as it is written out, and whether that is all of it.

    ``"a"`` is ``("a", True)``; ``f"a{x}"``, ``"a" + x``, ``"a%s" % x`` and
    ``"a{}".format(x)`` are ``("a", False)``.  ``resolve`` reads the parts that
    are not literals (a name of a constant); without it, or when it returns
    None, the text stops there.  None when the expression does not start with
    literal text.
    """
    if depth > 20:
        return None
    node_type = type(node)
    if node_type is ast.Constant:
        value = node.value  # type: ignore[attr-defined]
        return (value, True) if type(value) is str else None
    if node_type is ast.JoinedStr:
        return _joined_text(node, resolve, depth)  # type: ignore[arg-type]
    if node_type is ast.BinOp and type(node.op) is ast.Add:  # type: ignore[attr-defined]
        left = literal_text(node.left, resolve, depth + 1)  # type: ignore[attr-defined]
        if left is None or not left[1]:
            return left
        right = literal_text(node.right, resolve, depth + 1)  # type: ignore[attr-defined]
        return (left[0] + right[0], right[1]) if right is not None else (left[0], False)
    if node_type is ast.BinOp and type(node.op) is ast.Mod:  # type: ignore[attr-defined]
        return _until(literal_text(node.left, resolve, depth + 1), "%")  # type: ignore[attr-defined]
    if node_type is ast.Call and type(node.func) is ast.Attribute and node.func.attr == "format":  # type: ignore
        return _until(literal_text(node.func.value, resolve, depth + 1), "{")  # type: ignore[attr-defined]
    return resolve(node) if resolve is not None else None


def _joined_text(node: ast.JoinedStr, resolve, depth: int) -> LiteralText | None:
    parts: list[str] = []
    for value in node.values:
        found = literal_text(value, resolve, depth + 1) if type(value) is ast.Constant else None
        if found is None and type(value) is ast.FormattedValue and value.conversion == -1 and value.format_spec is None:
            found = literal_text(value.value, resolve, depth + 1)
        if found is None:
            return ("".join(parts), False) if parts else None
        parts.append(found[0])
        if not found[1]:
            return ("".join(parts), False)
    return ("".join(parts), True)


def _until(found: LiteralText | None, marker: str) -> LiteralText | None:
    """The text before the first ``marker`` (a placeholder that formatting replaces)."""
    if found is None:
        return None
    text = found[0].split(marker, 1)[0]
    return (text, False) if text else None
