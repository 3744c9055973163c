"""A parameter annotated as a synchronous session whose I/O the coroutine awaits.

``async def load(session: Session): await session.execute(q)`` contradicts
itself: with a ``Session`` every ``await`` raises TypeError, with the
``AsyncSession`` the caller most likely passes only the annotation is wrong.
Which one is the bug the code does not say, so ORM102 never advises removing
those ``await``s (it says the annotation contradicts them, once, at the
annotation) and ORM502 does not call them blocking.
"""

from __future__ import annotations

import ast
from typing import NamedTuple

from .. import api
from ..evidence import binding_scope
from ..scopes import Declared, Parameter, Scope
from ..syntax import own_nodes


class Contradiction(NamedTuple):
    name: str
    annotation: ast.expr
    kind: str
    function: str
    #: the first of the awaited calls
    first: ast.Call


def contradicted(receiver: ast.expr, scope: Scope, kind: str) -> Contradiction | None:
    """The annotation of the name ``receiver``, a parameter (or declared variable) of a coroutine
    annotated as the synchronous ``kind``, when the coroutine awaits its I/O as ``kind``'s async
    counterpart's and never calls that I/O without ``await``."""
    if type(receiver) is not ast.Name or kind not in api.BLOCKING_IO_METHODS:
        return None
    name = receiver.id
    owner = binding_scope(name, scope)
    if owner is None or type(owner.node) is not ast.AsyncFunctionDef:
        return None
    sources = owner.bindings[name]
    source = sources[0] if len(sources) == 1 else None
    if type(source) not in (Parameter, Declared) or source.annotation is None:  # type: ignore[union-attr]
        return None
    counterpart = api.KINDS.get(api.ASYNC_COUNTERPART.get(kind, ""))
    if counterpart is None:
        return None
    awaited_ids: set[int] = set()
    calls: list[ast.Call] = []
    for node in own_nodes(owner.node):
        if type(node) is ast.Await:
            awaited_ids.add(id(node.value))  # type: ignore[attr-defined]
        elif type(node) is ast.Call:
            func = node.func  # type: ignore[attr-defined]
            if type(func) is ast.Attribute and type(func.value) is ast.Name and func.value.id == name:
                calls.append(node)  # type: ignore[arg-type]
    io = api.BLOCKING_IO_METHODS[kind]
    first = None
    for call in sorted(calls, key=lambda c: (c.lineno, c.col_offset)):
        method = call.func.attr  # type: ignore[attr-defined]
        if id(call) in awaited_ids:
            found = counterpart.methods.get(method)
            if found is not None and found.behaviour == api.COROUTINE and first is None:
                first = call
        elif method in io:
            return None  # used as the synchronous session too: the annotation may be right
    if first is None:
        return None
    return Contradiction(name, source.annotation, kind, owner.node.name, first)  # type: ignore[union-attr]


def message(found: Contradiction) -> str:
    counterpart = api.ASYNC_COUNTERPART[found.kind]
    method = found.first.func.attr  # type: ignore[attr-defined]
    return (
        f"`{found.name}` is annotated `{ast.unparse(found.annotation)}`, but `async def {found.function}` awaits its"
        f" I/O (`await {found.name}.{method}()`, line {found.first.lineno}) as an `{counterpart}`'s: annotate it"
        f" `{counterpart}`; a `{api.display_name(found.kind)}` there would make each `await` raise TypeError"
    )
