"""Queries in a callee: a function of the project, called once per item of a loop, that runs a query.

``for order in orders: customer = await repo.get_customer(order.customer_id)``
with ``async def get_customer(self, id): return await self.session.get(...)``
is the N+1 shape through a repository: the round trip is in the callee, the
loop in the caller.  Callees of the checked module are read (its functions,
the methods of the class a method belongs to), a couple of calls deep, only
for calls in loops that hand them the loop's variable.
"""

from __future__ import annotations

import ast
from typing import Callable, Iterator, NamedTuple

from .. import api
from ..analysis import Analysis, is_batch_loop
from ..definitions import Definitions, Target, argument_for, bound, parameter_for
from ..evidence import binding_scope
from ..scopes import Defined, Parameter
from ..syntax import ancestors, bound_names, own_nodes, walk

#: How many calls deep a query is looked for.
MAX_DEPTH = 2
_LOOPS = (ast.For, ast.AsyncFor, ast.comprehension)


class Candidate(NamedTuple):
    """A query a function runs on every call, at ``where`` (``module:line``), on the session ``session``
    names in its frame: ``("parameter", name)`` or ``("attribute", name)`` of its ``self``.  Whether that is
    a session is asked where the call is made, of what the caller hands it (the caller's evidence is at
    hand; the callee's module would have to be evaluated)."""

    where: str
    session: tuple[str, str]


class CalleeQuery(NamedTuple):
    """``call``, once per item of ``loop``, leads to a query at ``where`` (``line N`` or ``module:line``)."""

    call: ast.Call
    loop: ast.AST
    where: str


#: ``writes(query, assigned, dotted_name)``: does the query's statement write (which loads nothing)?
#: ``assigned(name)`` gives the values a local name is assigned, ``dotted_name(expr)`` what it names.
Writes = Callable[[ast.Call, Callable[[str], list], Callable[[ast.expr], "str | None"]], bool]


def callee_queries(analysis: Analysis, writes: Writes) -> Iterator[CalleeQuery]:
    """Calls, in async code, of functions of the project that run a query of a session on every call, made
    once per item of a loop with the loop's variable among their arguments."""
    definitions = analysis.definitions
    answers: dict[tuple[int, str], str | None] = {}
    searching: dict[int, bool] = {}  # by loop: does it stop at the first match?
    for body in analysis.bodies():
        if type(body.node) is not ast.AsyncFunctionDef:
            continue
        for call, loops in analysis.loop_calls(body):
            loop = loops[-1] if loops else None
            if not isinstance(loop, _LOOPS) or not _defined_here(call.func, body):
                continue
            handed = _handed_item(call, bound_names(loop.target))
            if handed is None or is_batch_loop(loop) or _few_fixed_items(loop.iter):
                continue
            target = definitions.target_of(call.func, body)
            if target is None or target.kind != "function" or type(target.node) is not ast.AsyncFunctionDef:
                continue
            stops = searching.get(id(loop))
            if stops is None:
                stops = searching[id(loop)] = _runs_once(loop)
            if stops or _on_failure(call, loop, analysis.parents(loop)):
                continue
            for candidate in _query(target, call, handed, answers, writes, depth=0):
                kind, name = candidate.session
                if kind == "parameter":
                    argument = argument_for(target.node, call, name, through=bound(call.func, target.node))
                    session = analysis.session_at(call, body, api.QUERY_RECEIVER_KINDS, argument=argument) if (
                        argument is not None
                    ) else None
                else:
                    session = analysis.session_at(call, body, api.QUERY_RECEIVER_KINDS, attribute=name)
                if session is not None:
                    where = candidate.where
                    shown = where if target.module is not definitions else f"line {where.rpartition(':')[2]}"
                    yield CalleeQuery(call, loop, shown)
                    break


def _few_fixed_items(iterable: ast.expr) -> bool:
    """A loop over a literal (``("a", "b")``) or a module constant (``KINDS``): a few fixed items."""
    if type(iterable) in (ast.Tuple, ast.List, ast.Set):
        return True
    name = iterable.attr if type(iterable) is ast.Attribute else iterable.id if type(iterable) is ast.Name else ""
    return name.isupper()


def _runs_once(loop) -> bool:
    """A search loop: it may stop at a ``break`` or a ``return`` (the first item found)."""
    body = loop.body if isinstance(loop, (ast.For, ast.AsyncFor)) else []
    for statement in body:
        for node in [statement, *own_nodes(statement)]:
            if type(node) in (ast.Break, ast.Return):
                return True
    return False


def _on_failure(call: ast.Call, loop, parents: dict[int, ast.AST]) -> bool:
    """Is ``call`` in an ``except`` block inside the loop: run for the items that fail, not for each?"""
    for parent, _ in ancestors(call, parents):
        if parent is loop:
            return False
        if type(parent) is ast.ExceptHandler:
            return True
    return False


def _handed_item(call: ast.Call, variables: set[str]) -> ast.expr | None:
    """The argument of ``call`` the loop's variable is in (``item``, ``item.user_id``), if any."""
    for argument in [*call.args, *(k.value for k in call.keywords)]:
        root = argument
        while type(root) is ast.Attribute:
            root = root.value
        if type(root) is ast.Name and root.id in variables:
            return argument
    return None


def _defined_here(func: ast.expr, scope) -> bool:
    """Is ``func`` a function of the module it is called in: ``helper(x)`` defined at its top level, or
    ``self.helper(x)`` defined in the method's own class?  (A function of another module would have to be
    read, parsed and walked for each call site's question: a cost the editor pays on every keystroke.)"""
    if type(func) is ast.Name:
        owner = binding_scope(func.id, scope)
        return owner is not None and owner.kind == "module" and all(
            type(source) is Defined for source in owner.bindings[func.id]
        )
    if type(func) is ast.Attribute and type(func.value) is ast.Name:
        method = scope.method_of(func.value.id)
        if method is None or method.owner is None:
            return False
        return any(
            isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and statement.name == func.attr
            for statement in method.owner.node.body
        )
    return False


def _query(
    target: Target, call: ast.Call, argument: ast.expr, answers: dict, writes: Writes, depth: int
) -> list[Candidate]:
    """The queries the function ``target`` (or one it hands the argument to) runs on every call on a
    session of its caller's, whose rows the argument picks."""
    if target.kind != "function" or type(target.node) is not ast.AsyncFunctionDef:
        return []
    function: ast.AsyncFunctionDef = target.node  # type: ignore[assignment]
    parameter = parameter_for(function, call, argument, through=bound(call.func, function))
    body = target.module.evaluator.scopes.function_scopes.get(function)
    if parameter is None or body is None:
        return []
    key = (id(function), parameter)
    if key in answers:
        return answers[key]
    answers[key] = []  # a recursive call runs nothing more
    if _changes_data(function, body, target.module, writes):
        return []  # a write per item (read, then change), not a read per item
    found = _query_in_body(function, body, parameter, target.module, writes)
    if not found and depth < MAX_DEPTH:
        found = _query_in_callees(function, body, parameter, target, answers, writes, depth)
    answers[key] = found
    return found


def _assignments(function: ast.AsyncFunctionDef) -> dict[str, list[ast.expr]]:
    """The values each local name of ``function`` is assigned."""
    assignments: dict[str, list[ast.expr]] = {}
    for node in own_nodes(function):
        if type(node) is ast.Assign:
            for target in node.targets:  # type: ignore[attr-defined]
                if type(target) is ast.Name:
                    assignments.setdefault(target.id, []).append(node.value)  # type: ignore[attr-defined]
    return assignments


def _changes_data(function: ast.AsyncFunctionDef, body, module: Definitions, writes: Writes) -> bool:
    """Does ``function`` change data: a session's ``add``/``delete``/``merge``/``flush``/``commit``, a
    statement that writes, or an attribute of an object set?"""
    assignments = _assignments(function)
    evaluator = module.evaluator
    for node in own_nodes(function):
        node_type = type(node)
        if node_type in (ast.Assign, ast.AugAssign, ast.AnnAssign):
            targets = node.targets if node_type is ast.Assign else [node.target]  # type: ignore[attr-defined]
            if any(type(target) in (ast.Attribute, ast.Subscript) for target in targets):
                return True
        elif node_type is ast.Call and type(node.func) is ast.Attribute:  # type: ignore[attr-defined]
            method = node.func.attr  # type: ignore[attr-defined]
            if method in _CHANGES:
                return True
            if method in api.QUERY_METHODS and writes(
                node, lambda name: _built_first(name, assignments),  # type: ignore[arg-type]
                lambda expr: evaluator.dotted_name(expr, body),
            ):
                return True
    return False


def _built_first(name: str, assignments: dict[str, list[ast.expr]]) -> list[ast.expr]:
    """The values ``name`` is assigned, but those that build on it (``stmt = stmt.on_conflict_do_update(...)``)."""
    values = []
    for value in assignments.get(name, []):
        root = value
        while type(root) in (ast.Call, ast.Attribute):
            root = root.func if type(root) is ast.Call else root.value  # type: ignore[attr-defined]
        if not (type(root) is ast.Name and root.id == name):
            values.append(value)
    return values


#: Calls that change what the session holds or the database.
_CHANGES = frozenset({
    "add", "add_all", "delete", "merge", "flush", "commit", "bulk_save_objects", "bulk_insert_mappings",
    "bulk_update_mappings",
})


def _query_in_body(
    function: ast.AsyncFunctionDef, body, parameter: str, module: Definitions, writes: Writes
) -> list[Candidate]:
    """The queries the function awaits on every call, on a session it is given or its object holds,
    whose rows ``parameter`` picks."""
    evaluator = module.evaluator
    assignments = _assignments(function)

    def assigned(name: str) -> list:
        return assignments.get(name, [])

    found: list[Candidate] = []
    for await_ in _awaits_of_every_call(function):
        query = await_.value
        func = query.func  # type: ignore[attr-defined]
        if type(func) is not ast.Attribute or func.attr not in api.QUERY_METHODS:
            continue
        session = _held_by_the_caller(func.value, body)
        if session is None or any(session == other.session for other in found):
            continue
        if not _uses(query, parameter, assigned):  # type: ignore[arg-type]
            continue
        if writes(query, assigned, lambda expr: evaluator.dotted_name(expr, body)):  # type: ignore[arg-type]
            continue
        name = getattr(evaluator.resolver, "module", "") or "another module"
        found.append(Candidate(f"{name}:{query.lineno}", session))  # type: ignore[attr-defined]
    return found


def _awaits_of_every_call(function: ast.AsyncFunctionDef) -> Iterator[ast.Await]:
    """The awaits of calls in the statements that run on every call of ``function``: not under a test,
    a loop or an ``except`` of its own (the body of ``with`` and ``try`` blocks is), and none after a
    block that may return early (``if key in cache: return cache[key]``)."""
    pending = list(function.body)
    while pending:
        statement = pending.pop(0)
        if isinstance(statement, (ast.With, ast.AsyncWith)):
            pending[:0] = statement.body
            nodes = [node for item in statement.items for node in walk(item.context_expr)]
        elif isinstance(statement, ast.Try):
            if any(_returns(handler) for handler in statement.handlers):
                return
            pending[:0] = [*statement.body, *statement.finalbody]
            continue
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        elif isinstance(statement, (ast.If, ast.For, ast.AsyncFor, ast.While, ast.Match)):
            if _returns(statement):
                return
            continue
        else:
            nodes = list(own_nodes(statement))
        for node in nodes:
            if type(node) is ast.Await and type(node.value) is ast.Call:  # type: ignore[attr-defined]
                yield node  # type: ignore[misc]


def _uses(query: ast.Call, parameter: str, assigned: Callable[[str], list]) -> bool:
    """Does ``parameter`` appear in the query's arguments, or in what a name among them is assigned
    (``stmt = select(X).where(X.id == parameter)``), one step back?"""
    for argument in [*query.args, *(k.value for k in query.keywords)]:
        expressions = [argument, *(assigned(argument.id) if type(argument) is ast.Name else ())]
        for expression in expressions:
            if any(type(node) is ast.Name and node.id == parameter for node in walk(expression)):
                return True
    return False


def _seen_from(
    session: tuple[str, str], function: ast.AsyncFunctionDef, call: ast.Call, body
) -> tuple[str, str] | None:
    """A callee's session (see :class:`Candidate`) as the function that makes ``call`` names it in its own
    frame: what it hands the parameter, or the same attribute of its own ``self``."""
    kind, name = session
    if kind == "parameter":
        argument = argument_for(function, call, name, through=bound(call.func, function))
        return _held_by_the_caller(argument, body) if argument is not None else None
    func = call.func
    holder = func.value if type(func) is ast.Attribute else None
    return session if type(holder) is ast.Name and holder.id == body.self_name else None


def _returns(statement: ast.AST) -> bool:
    """Does a ``return`` of the function lie in ``statement`` (not in a nested function)?"""
    return any(type(node) is ast.Return for node in own_nodes(statement))


def _held_by_the_caller(session: ast.expr, body) -> tuple[str, str] | None:
    """``session`` as the function's caller can see it: a parameter (``("parameter", name)``) or an
    attribute of its object (``("attribute", name)`` for ``self.name``); None for one it opens itself."""
    if type(session) is ast.Name:
        sources = body.bindings.get(session.id, ())
        return ("parameter", session.id) if len(sources) == 1 and type(sources[0]) is Parameter else None
    if type(session) is ast.Attribute and type(session.value) is ast.Name and session.value.id == body.self_name:
        return ("attribute", session.attr)
    return None


def _query_in_callees(
    function: ast.AsyncFunctionDef, body, parameter: str, target: Target, answers: dict, writes: Writes, depth: int
) -> str | None:
    """The queries of the functions of the project ``function`` hands its ``parameter`` to, on every
    call, with their sessions seen from ``function``'s frame."""
    for await_ in _awaits_of_every_call(function):
        inner_call: ast.Call = await_.value  # type: ignore[assignment]
        handed = next((a for a in [*inner_call.args, *(k.value for k in inner_call.keywords)]
                       if type(a) is ast.Name and a.id == parameter), None)
        if handed is None or not _defined_here(inner_call.func, body):
            continue
        inner = target.module.target_of(inner_call.func, body)
        if inner is None:
            continue
        found = []
        for candidate in _query(inner, inner_call, handed, answers, writes, depth + 1):
            seen = _seen_from(candidate.session, inner.node, inner_call, body)  # type: ignore[arg-type]
            if seen is not None:
                found.append(candidate._replace(session=seen))
        if found:
            return found
    return []
