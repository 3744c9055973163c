"""What calling a function of the project does to its caller's session: commits it, queries with it.

``await repository.save(item)`` in a loop commits on every iteration when
``save`` ends with ``await self.session.commit()``; ``await
get_orders(session, user.id)`` queries once per item when ``get_orders``
runs ``session.scalars(...)``.  The loop rules (ORM401, ORM402) ask it of the
calls in their loops: the function is read where it is defined
(:mod:`.definitions`), and its commit or query counts when it runs on every
call (not under a condition, but for ``if commit:`` on a parameter that
defaults to true and that the call does not pass) on a session that comes
from the caller: a parameter the call gives a session for, or the object's
own session (``self.session``).  A session the function opens itself is a
unit of work of its own.  Calls are followed a few functions deep.
"""

from __future__ import annotations

import ast
from typing import NamedTuple

from . import api
from .definitions import Definitions, Target, bound, parameter_for
from .scopes import Parameter, Scope
from .syntax import NESTED, parent_map
from .values import Instance, as_used

#: How many functions deep a call is followed.
MAX_DEPTH = 3
#: How many definitions one call may read.
MAX_DEFINITIONS = 16
#: What runs whenever its parent does (an expression, but the conditional ones below).
_RUNS_WITH_ITS_PARENT = (ast.Expr, ast.Await, ast.With, ast.AsyncWith, ast.withitem, ast.Try, ast.Assign,
                         ast.AnnAssign, ast.AugAssign, ast.Return, ast.expr, ast.keyword)
#: Expressions whose parts run any number of times.
_CONDITIONAL_EXPRESSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Lambda)


class Effect(NamedTuple):
    """A commit or a query a call runs: the call that does it, where (the module's name and what answers
    for it, the scope of the function it is in)."""

    node: ast.Call
    module: str
    definitions: Definitions
    scope: Scope


class Effects:
    """Answers "does this call commit (query with) the caller's session?" for the calls of one module."""

    def __init__(self, definitions: Definitions) -> None:
        self.definitions = definitions
        self._read = 0

    def release(self) -> None:
        self.definitions.release()

    def of_call(self, call: ast.Call, scope: Scope, methods: frozenset[str]) -> tuple[Effect, ast.expr] | None:
        """The first call of one of ``methods`` (``commit``, or the query methods) that ``call`` runs every
        time on a session of its caller, with the expression that stands for that session in the caller
        (an argument of the call, or the object the method is called on)."""
        self._read = 0
        return self._of_call(self.definitions, call, scope, methods, 0)

    def _of_call(self, module: Definitions, call: ast.Call, scope: Scope, methods: frozenset[str],
                 depth: int) -> tuple[Effect, ast.expr] | None:
        if depth >= MAX_DEPTH or self._read >= MAX_DEFINITIONS:
            return None
        target = module.target_of(call.func, scope)
        if target is None or target.kind != "function":
            return None
        body = target.module.evaluator.scopes.function_scopes.get(target.node)  # type: ignore[arg-type]
        if body is None:
            return None
        self._read += 1
        function: ast.FunctionDef | ast.AsyncFunctionDef = target.node  # type: ignore[assignment]
        return self._in_body(target, function, body, call, methods, depth)

    def _in_body(self, target: Target, function, body: Scope, call: ast.Call, methods: frozenset[str],
                 depth: int) -> tuple[Effect, ast.expr] | None:
        evaluator = target.module.evaluator
        passed = _passed_arguments(function, call)
        parents = parent_map(function)
        for node in _own_calls(function):
            if not _runs_every_time(node, function, parents, passed):
                continue
            func = node.func
            if type(func) is ast.Attribute and func.attr in methods:
                session = as_used(evaluator.value(func.value, body))
                if isinstance(session, Instance) and session.kind in api.QUERY_RECEIVER_KINDS:
                    outside = _from_the_caller(func.value, body, passed, call)
                    if outside is not None:
                        return Effect(node, _module_name(target), target.module, body), outside
                continue
            deeper = self._of_call(target.module, node, body, methods, depth + 1)
            if deeper is not None:
                effect, inner = deeper
                outside = _from_the_caller(inner, body, passed, call)
                if outside is not None:
                    return effect, outside
        return None


def _own_calls(function: ast.AST):
    """The calls of a function's body, not in nested functions, in source order."""
    found = []
    stack = list(ast.iter_child_nodes(function))
    while stack:
        node = stack.pop()
        if isinstance(node, NESTED):
            continue
        if type(node) is ast.Call:
            found.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return sorted(found, key=lambda node: (node.lineno, node.col_offset))


def _passed_arguments(function: ast.FunctionDef | ast.AsyncFunctionDef, call: ast.Call) -> dict[str, ast.expr]:
    """The parameters of ``function`` the call gives an argument for, with that argument."""
    found: dict[str, ast.expr] = {}
    through = bound(call.func, function)
    for argument in list(call.args) + [k.value for k in call.keywords if k.arg]:
        name = parameter_for(function, call, argument, through=through)
        if name is not None:
            found[name] = argument
    return found


def _runs_every_time(node: ast.AST, function: ast.AST, parents: dict[int, ast.AST],
                     passed: dict[str, ast.expr]) -> bool:
    """Does ``node`` run on every call: only unconditional statements and expressions around it, or an
    ``if flag:`` on a parameter that defaults to true and that the call leaves to its default?"""
    child, parent = node, parents.get(id(node))
    while parent is not None and parent is not function:
        parent_type = type(parent)
        if parent_type is ast.If:
            if child is not parent.test and not (  # type: ignore[attr-defined]
                child in parent.body and _default_true(parent.test, function, passed)  # type: ignore[attr-defined]
            ):
                return False
        elif parent_type is ast.Try:
            if not any(child in block for block in (parent.body, parent.orelse, parent.finalbody)):  # type: ignore
                return False  # in an ``except`` handler
        elif parent_type is ast.IfExp:
            if child is not parent.test:  # type: ignore[attr-defined]
                return False
        elif parent_type is ast.BoolOp:
            if child is not parent.values[0]:  # type: ignore[attr-defined]
                return False
        elif parent_type in _CONDITIONAL_EXPRESSIONS or not isinstance(parent, _RUNS_WITH_ITS_PARENT):
            return False  # a loop, a comprehension, a match...
        child, parent = parent, parents.get(id(parent))
    return True


def _default_true(test: ast.expr, function: ast.AST, passed: dict[str, ast.expr]) -> bool:
    """``if auto_commit:`` where ``auto_commit`` is a parameter defaulting to ``True`` the call does not pass."""
    if type(test) is not ast.Name or test.id in passed:
        return False
    arguments = function.args  # type: ignore[attr-defined]
    positional = arguments.posonlyargs + arguments.args
    defaults = dict(zip([a.arg for a in positional[len(positional) - len(arguments.defaults):]], arguments.defaults))
    defaults.update((a.arg, d) for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults) if d is not None)
    default = defaults.get(test.id)
    return type(default) is ast.Constant and default.value is True


def _from_the_caller(expression: ast.expr, body: Scope, passed: dict[str, ast.expr],
                     call: ast.Call) -> ast.expr | None:
    """What stands, in the caller, for the session ``expression`` names in the callee: the argument of
    the parameter it is, or the object the method is called on for ``self.<attribute>``; None for a
    session the callee opens itself."""
    if type(expression) is ast.Name:
        sources = body.bindings.get(expression.id, ())
        if len(sources) == 1 and type(sources[0]) is Parameter:
            return passed.get(expression.id)
        return None
    if type(expression) is ast.Attribute and type(expression.value) is ast.Name and type(call.func) is ast.Attribute:
        if body.self_name == expression.value.id:
            return call.func.value  # the object whose session the method uses
    return None


def _module_name(target: Target) -> str:
    return getattr(target.module.evaluator.resolver, "module", "") or ""
