"""Who is left to close a session: does a body keep a name it holds, or only use it?

A session or a connection opened in a function belongs to it until it is
*handed on*: returned, stored (on an object, in a container, in a global),
closed or entered (``async with``), given to something that takes it
(``AsyncExitStack.enter_async_context``, ``contextlib.closing``...), or to a
function of the project that does one of these with the parameter it gets it
as (looked up in its definition, in this module or another of the project,
a few calls deep).  Anything else is a *use*: calling its methods, reading
its attributes, passing it to a function of the project that only uses it.
Passing it to something the linter cannot read (a function of another
library, a method of an object of unknown type) is taken as handing it on:
silence, where the linter cannot tell.

Yielding it is not handing it on: a generator is resumed after its
``yield`` (FastAPI resumes a dependency once the response is sent), and it is
the generator's to close then.
"""

from __future__ import annotations

import ast
import functools
import os

from . import api
from .evaluate import Evaluator
from .scopes import Defined, Imported, Scope
from .syntax import NESTED, called_name, own_nodes, parent_map, walk
from .walk import walk_module

#: Calls that take what they are given: it is theirs to close or to keep.
TAKING_CALLS = frozenset({
    "enter_async_context", "enter_context", "closing", "aclosing", "push_async_callback", "callback", "push",
    "partial", "setattr", "finalize", "register", "dict",
})
#: Methods of containers and queues: what they are given is kept there.
STORING_METHODS = frozenset({
    "append", "appendleft", "add", "extend", "insert", "put", "put_nowait", "setdefault", "update",
    "add_done_callback", "set",
})
#: How many calls deep a parameter is followed into the functions that get it.
MAX_DEPTH = 3
#: How many definitions one question may read (a bound on the cost of following calls).
MAX_DEFINITIONS = 24


class Ownership:
    """Answers "does this body keep ``name``?" for one checked module."""

    def __init__(self, evaluator: Evaluator) -> None:
        self.evaluator = evaluator
        self._read = 0

    def hands_on(self, name: str, body: ast.AST, scope: Scope, *, closing_counts: bool, depth: int = 0) -> bool:
        """Does ``body`` (a function, in ``scope``) hand ``name`` on (see the module's docstring)?

        ``closing_counts``: does closing it count (for a parameter: the function
        then owns it); for the opener itself, only a ``with`` or a close in
        ``finally`` does, which :mod:`..rules.orm301_no_context_manager` checks.
        """
        parents = parent_map(body)
        for node in own_nodes(body):
            if isinstance(node, NESTED) and any(type(n) is ast.Name and n.id == name for n in walk(node)):
                return True  # a closure or a nested definition may close or keep it
            if type(node) is not ast.Name or type(node.ctx) is not ast.Load or node.id != name:  # type: ignore
                continue
            if self._handed_on(node, parents, scope, closing_counts, depth):
                return True
        return False

    def _handed_on(self, use: ast.Name, parents, scope: Scope, closing_counts: bool, depth: int) -> bool:
        parent = parents.get(id(use))
        parent_type = type(parent)
        if parent_type is ast.Attribute:
            called = type(parents.get(id(parent))) is ast.Call and parents[id(parent)].func is parent
            if parent.attr in api.CLOSE_METHODS:
                return closing_counts or not called  # closed here, or ``callback(name.close)``
            return False  # a method called, an attribute read: a use
        if parent_type in (ast.With, ast.AsyncWith, ast.withitem):
            return True  # entered: closed when the block ends
        if parent_type in (ast.Yield, ast.YieldFrom, ast.Expr, ast.Await):
            return False
        if parent_type is ast.Call and use is not parent.func:
            return self.call_keeps(parent, use, scope, depth)
        if parent_type is ast.keyword:
            call = parents.get(id(parent))
            return self.call_keeps(call, use, scope, depth) if type(call) is ast.Call else True
        if parent_type in (ast.Compare, ast.If, ast.IfExp, ast.BoolOp, ast.UnaryOp, ast.Assert, ast.FormattedValue):
            return False  # tested or printed
        return True  # returned, stored, aliased, put in a container...

    def call_keeps(self, call: ast.Call, argument: ast.expr, scope: Scope, depth: int) -> bool:
        """Does ``call`` keep ``argument``, one of its arguments?  True when it cannot tell."""
        name = called_name(call.func)
        if name in TAKING_CALLS or name in STORING_METHODS:
            return True
        if depth >= MAX_DEPTH or self._read >= MAX_DEFINITIONS:
            return True
        found = self._definition(call.func, scope)
        if found is None:
            return True
        function, function_scope, ownership = found
        parameter = _parameter_for(function, call, argument)
        if parameter is None or function_scope is None:
            return True
        self._read += 1
        try:
            return ownership.hands_on(parameter, function, function_scope, closing_counts=True, depth=depth + 1)
        finally:
            if ownership is not self:
                self._read = ownership._read  # pylint: disable=protected-access  # one budget for the question
                ownership.evaluator.release()

    def _definition(self, func: ast.expr, scope: Scope):
        """The function ``func`` calls, the scope of its body and who answers for its module (None when it
        is not a function of the project)."""
        evaluator = self.evaluator
        if type(func) is ast.Name:
            owner = evaluator.binding_scope(func.id, scope)
            if owner is None:
                return None
            sources = owner.bindings[func.id]
            if len(sources) == 1 and type(sources[0]) is Defined:
                node = sources[0].node
                return node, evaluator.scopes.function_scopes.get(node), self
            if not all(type(source) is Imported for source in sources):
                return None
        elif type(func) is ast.Attribute and type(func.value) is ast.Name:
            method = scope.method_of(func.value.id)
            if method is not None:
                found = _method(method.owner.node, func.attr)  # type: ignore[union-attr]
                return (found, evaluator.scopes.function_scopes.get(found), self) if found is not None else None
        dotted = evaluator.dotted_name(func, scope)
        return self._imported_definition(dotted) if dotted is not None else None

    def _imported_definition(self, dotted: str):
        """A function defined at the top of another module of the project (read with ``ast`` here)."""
        resolver = self.evaluator.resolver
        index = getattr(resolver, "index", None)
        absolute = resolver.absolute(dotted) if dotted.startswith(".") else dotted
        if index is None or absolute is None or "." not in absolute:
            return None
        module, _, name = absolute.rpartition(".")
        path = index.module_path(module)
        if path is None or not index.is_project_package(module.split(".", 1)[0]):
            return None
        tree = _read_module(*_stamp(path))
        node = next(
            (s for s in tree.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == name), None
        ) if tree is not None else None
        if node is None:
            return None
        scopes = walk_module(tree)  # walked again for each question: the analysis releases what it walked
        resolver_for = index.resolver_for(module, os.path.basename(path) == "__init__.py")
        other = Ownership(Evaluator(scopes, resolver_for, self.evaluator.options))
        other._read = self._read  # pylint: disable=protected-access  # one budget for the whole question
        return node, scopes.function_scopes.get(node), other


def _method(cls: ast.ClassDef, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    found = [s for s in cls.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == name]
    return found[0] if len(found) == 1 else None


def _parameter_for(function: ast.FunctionDef | ast.AsyncFunctionDef, call: ast.Call, argument: ast.expr) -> str | None:
    """The parameter of ``function`` that ``argument`` of ``call`` is bound to (None: not known)."""
    arguments = function.args
    positional = [a.arg for a in arguments.posonlyargs + arguments.args]
    for keyword in call.keywords:
        if keyword.value is argument:
            return keyword.arg if keyword.arg in positional or keyword.arg in {
                a.arg for a in arguments.kwonlyargs} else None
    if any(type(a) is ast.Starred for a in call.args):
        return None
    index = next((i for i, a in enumerate(call.args) if a is argument), None)
    if index is None:
        return None
    if positional and positional[0] in ("self", "cls") and type(call.func) is ast.Attribute:
        index += 1  # a method: its first parameter is the object
    return positional[index] if index < len(positional) else None


def _stamp(path: str) -> tuple[str, int, int]:
    try:
        stat = os.stat(path)
    except OSError:
        return path, -1, -1
    return path, stat.st_size, stat.st_mtime_ns


@functools.lru_cache(maxsize=32)
def _read_module(path: str, size: int, mtime: int) -> ast.Module | None:  # pylint: disable=unused-argument
    """The tree of a module of the project, while it is unchanged (its size and mtime are the cache's key)."""
    if size < 0 or size > 2_000_000:
        return None
    try:
        with open(path, "rb") as stream:
            return ast.parse(stream.read(), filename=path)
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return None
