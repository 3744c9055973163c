"""Reads in a callee: a function of the project that reads a relationship of the instance it is handed.

``total = count_orders(user)`` with ``def count_orders(user): return
len(user.orders)``: the lazy load happens in ``count_orders``, but the bug is
where ``user`` was loaded without ``orders``.  The callee is read where it is
defined (:mod:`..definitions`), a few calls deep, once per (function,
parameter).
"""

from __future__ import annotations

import ast
from typing import Iterator, NamedTuple

from .. import api
from ..analysis import Analysis
from ..definitions import Definitions, Target, bound, parameter_for
from ..scopes import Assigned, Declared, LoopTarget, Parameter, WithTarget
from ..syntax import own_nodes
from ..values import ALL_LOADED, ModelInstance, Relationship, as_used

#: How many calls deep a handed instance is followed.
MAX_DEPTH = 3
#: The bindings that can hold an instance a query of this function loaded.
_LOADING_BINDINGS = (Assigned, Declared, LoopTarget, WithTarget)


class CalleeRead(NamedTuple):
    """``call`` hands ``argument`` (``instance``) to a function that reads ``relationship`` at ``where``."""

    call: ast.Call
    argument: ast.Name
    instance: ModelInstance
    relationship: Relationship
    read: str  # ``parameter.relationship`` as the callee writes it
    where: str  # ``module:line`` (or ``line N`` in the checked module)


def callee_reads(analysis: Analysis) -> Iterator[CalleeRead]:
    """Calls that hand an instance loaded by an async session to a function of the project that reads
    one of its relationships the load did not load."""
    evaluator = analysis.evaluator
    definitions = analysis.definitions
    answers: dict[tuple[int, str], dict[str, int]] = {}
    for site in analysis.scopes.handing:
        call = site.node
        if type(site.scope.body().node) is not ast.AsyncFunctionDef or not _a_function_or_own_method(call, site.scope):
            continue  # a lazy load in sync code is no crash; the instances of async sessions are in async code
        target = None
        for argument in [*call.args, *(k.value for k in call.keywords)]:  # type: ignore[attr-defined]
            if type(argument) is not ast.Name or not _may_hold_a_loaded_instance(argument.id, site.scope):
                continue
            if target is None:  # where the call leads, first: evaluating the argument costs more
                target = definitions.target_of(call.func, site.scope)  # type: ignore[attr-defined]
                if target is None:
                    break
            found = _reads(target, call, argument, answers, depth=0)
            unloaded = _unloaded(as_used(evaluator.value(argument, site.scope))) if found else None
            if not unloaded:
                continue
            instance = as_used(evaluator.value(argument, site.scope))
            for name, line in sorted(found.items(), key=lambda item: item[1]):
                relationship = unloaded.get(name)
                if relationship is not None:
                    module = target.module  # type: ignore[union-attr]
                    where = f"line {line}" if module is definitions else f"{_module_name(module)}:{line}"
                    parameter = parameter_for(target.node, call, argument,  # type: ignore[union-attr,arg-type]
                                              through=bound(call.func, target.node))  # type: ignore
                    read = f"{parameter}.{name}"
                    yield CalleeRead(call, argument, instance, relationship, read, where)  # type: ignore[arg-type]
                    break


def _a_function_or_own_method(call: ast.Call, scope) -> bool:
    """``helper(user)`` or ``self.helper(user)``: a call that may lead to a function of the project (not
    ``rows.append(user)``, ``Out.model_validate(user)``: methods of objects, which other rules read)."""
    func = call.func
    if type(func) is ast.Name:
        return True
    return type(func) is ast.Attribute and type(func.value) is ast.Name and scope.method_of(func.value.id) is not None


def _may_hold_a_loaded_instance(name: str, scope) -> bool:
    """Is ``name`` bound here by an assignment or a loop (where a query's result is), not a parameter (an
    instance a caller loaded, whose loads are not known here) nor an import or a definition?"""
    while scope.kind == "comprehension" and name not in scope.bindings and scope.parent is not None:
        scope = scope.parent
    sources = scope.bindings.get(name, ())
    return bool(sources) and all(type(source) in _LOADING_BINDINGS for source in sources)


def _unloaded(instance) -> dict[str, Relationship]:
    """The relationships of an instance an async session loaded that a read would load (or raise on)."""
    if not isinstance(instance, ModelInstance) or instance.origin is None or not instance.origin.is_async:
        return {}
    if ALL_LOADED in instance.loaded:
        return {}
    return {
        r.name: r for r in instance.model.relationships
        if r.lazy in api.LOADS_ON_READ_OR_RAISES and not instance.is_loaded(r.name)
    }


def _reads(target: Target, call: ast.Call, argument: ast.expr, answers: dict, depth: int) -> dict[str, int]:
    """The attributes the function ``target`` reads (first line of each) on the parameter ``argument``
    of ``call`` is bound to, there or in the functions it hands it to."""
    if target.kind != "function":
        return {}
    function = target.node
    parameter = parameter_for(function, call, argument, through=bound(call.func, function))  # type: ignore
    body = target.module.evaluator.scopes.function_scopes.get(function)  # type: ignore[arg-type]
    if parameter is None or body is None:
        return {}
    key = (id(function), parameter)
    found = answers.get(key)
    if found is not None:
        return found
    answers[key] = {}  # a recursive call reads nothing more
    found = _read_in_body(parameter, function, body)  # type: ignore[arg-type]
    if depth < MAX_DEPTH:
        for node in own_nodes(function):  # type: ignore[arg-type]
            if type(node) is not ast.Call or not any(
                type(a) is ast.Name and a.id == parameter for a in [*node.args, *(k.value for k in node.keywords)]
            ):
                continue
            inner = target.module.target_of(node.func, body)
            if inner is None:
                continue
            handed = next(a for a in [*node.args, *(k.value for k in node.keywords)]
                          if type(a) is ast.Name and a.id == parameter)
            for name, line in _reads(inner, node, handed, answers, depth + 1).items():
                found.setdefault(name, node.lineno if inner.module is not target.module else line)
    answers[key] = found
    return found


def _read_in_body(parameter: str, function: ast.FunctionDef | ast.AsyncFunctionDef, body) -> dict[str, int]:
    """``parameter.name`` read in the body (not awaited through ``awaitable_attrs``, not after the
    parameter is rebound), the first line of each name; nothing for a parameter loaded here."""
    sources = body.bindings.get(parameter, ())
    if len(sources) != 1 or type(sources[0]) is not Parameter:
        return {}
    found: dict[str, int] = {}
    for node in own_nodes(function):
        if type(node) is not ast.Attribute or type(node.value) is not ast.Name or node.value.id != parameter:
            continue
        if node.attr == "awaitable_attrs":
            return {}  # it loads what it reads itself
        if type(node.ctx) is ast.Load:
            found[node.attr] = min(found.get(node.attr, node.lineno), node.lineno)
    return {} if _refreshes(parameter, function) else found


def _refreshes(parameter: str, function: ast.AST) -> bool:
    """``await session.refresh(parameter, ...)``: the function loads the instance itself."""
    for node in own_nodes(function):
        if type(node) is ast.Call and type(node.func) is ast.Attribute and node.func.attr == api.REFRESH_METHOD:
            first = node.args[0] if node.args else None
            if type(first) is ast.Name and first.id == parameter:
                return True
    return False


def _module_name(definitions: Definitions) -> str:
    return getattr(definitions.evaluator.resolver, "module", "") or "another module"
