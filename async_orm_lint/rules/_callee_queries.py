"""Queries in a callee: a function of the project, called once per item of a loop, that runs a query.

``for order in orders: customer = await repo.get_customer(order.customer_id)``
with ``async def get_customer(self, id): return await self.session.get(...)``
is the N+1 shape through a repository: the round trip is in the callee, the
loop in the caller.  The callee is read where it is defined
(:mod:`..definitions`), a few calls deep, only for calls in loops that hand it
the loop's variable: the question costs nothing where there are none.
"""

from __future__ import annotations

import ast
from typing import Callable, Iterator, NamedTuple

from .. import api
from ..analysis import Analysis, is_batch_loop
from ..definitions import Definitions, Target, bound, parameter_for
from ..scopes import Parameter
from ..syntax import bound_names, own_nodes, walk
from ..values import Instance

#: How many calls deep a query is looked for.
MAX_DEPTH = 2
_LOOPS = (ast.For, ast.AsyncFor, ast.comprehension)


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
    definitions: Definitions | None = None
    answers: dict[tuple[int, str], str | None] = {}
    for body in analysis.bodies():
        if type(body.node) is not ast.AsyncFunctionDef:
            continue
        for call, loops in analysis.loop_calls(body):
            loop = loops[-1] if loops else None
            if not isinstance(loop, _LOOPS) or is_batch_loop(loop) or _few_fixed_items(loop.iter):
                continue
            if _runs_once(loop):
                continue
            handed = _handed_item(call, bound_names(loop.target))
            if handed is None or not _a_function_or_own_method(call):
                continue
            definitions = definitions or Definitions(analysis.evaluator)
            target = definitions.target_of(call.func, body)
            if target is None:
                continue
            where = _query(target, call, handed, answers, writes, depth=0)
            if where is not None:
                module = target.module
                shown = where if module is not definitions else f"line {where.rpartition(':')[2]}"
                yield CalleeQuery(call, loop, shown)


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


def _handed_item(call: ast.Call, variables: set[str]) -> ast.expr | None:
    """The argument of ``call`` the loop's variable is in (``item``, ``item.user_id``), if any."""
    for argument in [*call.args, *(k.value for k in call.keywords)]:
        root = argument
        while type(root) is ast.Attribute:
            root = root.value
        if type(root) is ast.Name and root.id in variables:
            return argument
    return None


def _a_function_or_own_method(call: ast.Call) -> bool:
    """``helper(x)``, ``self.helper(x)``, ``self.repo.get(x)``, ``repo.get(x)``: a call that may lead to a
    function of the project (where it leads is :meth:`~..definitions.Definitions.target_of`'s answer)."""
    func = call.func
    return type(func) is ast.Name or (type(func) is ast.Attribute and type(func.value) in (ast.Name, ast.Attribute))


def _query(
    target: Target, call: ast.Call, argument: ast.expr, answers: dict, writes: Writes, depth: int
) -> str | None:
    """Where the function ``target`` (or one it hands the argument to) runs a query on every call: its
    first such line, as ``module:line``; None if it runs none."""
    if target.kind != "function" or type(target.node) is not ast.AsyncFunctionDef:
        return None
    function: ast.AsyncFunctionDef = target.node  # type: ignore[assignment]
    parameter = parameter_for(function, call, argument, through=bound(call.func, function)) if type(
        argument
    ) is ast.Name else _parameter_at(function, call, argument)
    body = target.module.evaluator.scopes.function_scopes.get(function)
    if parameter is None or body is None:
        return None
    key = (id(function), parameter)
    if key in answers:
        return answers[key]
    answers[key] = None  # a recursive call runs nothing more
    if _changes_data(function, body, target.module, writes):
        return None  # a write per item (read, then change), not a read per item
    found = _query_in_body(function, body, parameter, target.module, writes)
    if found is None and depth < MAX_DEPTH:
        found = _query_in_callees(function, body, parameter, target, answers, writes, depth)
    answers[key] = found
    return found


def _parameter_at(function: ast.AsyncFunctionDef, call: ast.Call, argument: ast.expr) -> str | None:
    """The parameter an argument that is not a plain name (``item.user_id``) is given to."""
    for keyword in call.keywords:
        if keyword.value is argument:
            return keyword.arg
    if argument not in call.args or any(type(a) is ast.Starred for a in call.args):
        return None
    names = [a.arg for a in [*function.args.posonlyargs, *function.args.args]]
    if bound(call.func, function) and names:
        names = names[1:]
    position = call.args.index(argument)
    return names[position] if position < len(names) else None


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
) -> str | None:
    """``module:line`` of the first query the function awaits on every call, on a session it is given or
    its object holds, whose rows ``parameter`` picks; None if there is none."""
    evaluator = module.evaluator
    assignments = _assignments(function)

    def assigned(name: str) -> list:
        return assignments.get(name, [])

    for await_ in _awaits_of_every_call(function):
        query = await_.value
        func = query.func  # type: ignore[attr-defined]
        if type(func) is not ast.Attribute or func.attr not in api.QUERY_METHODS:
            continue
        if not _held_by_the_caller(func.value, body):
            continue
        receiver = evaluator.receiver(func.value, body)
        if not isinstance(receiver, Instance) or receiver.kind not in api.QUERY_RECEIVER_KINDS:
            continue
        if writes(query, assigned, lambda expr: evaluator.dotted_name(expr, body)):  # type: ignore[arg-type]
            continue
        if not _uses(query, parameter, assigned):
            continue
        name = getattr(evaluator.resolver, "module", "") or "another module"
        return f"{name}:{query.lineno}"  # type: ignore[attr-defined]
    return None


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


def _returns(statement: ast.AST) -> bool:
    """Does a ``return`` of the function lie in ``statement`` (not in a nested function)?"""
    return any(type(node) is ast.Return for node in own_nodes(statement))


def _held_by_the_caller(session: ast.expr, body) -> bool:
    """Is ``session`` one the function is given (a parameter) or its object holds (``self.session``), not
    one it opens itself?"""
    if type(session) is ast.Name:
        sources = body.bindings.get(session.id, ())
        return len(sources) == 1 and type(sources[0]) is Parameter
    root = session
    while type(root) is ast.Attribute:
        root = root.value
    return type(root) is ast.Name and root.id == body.self_name


def _query_in_callees(
    function: ast.AsyncFunctionDef, body, parameter: str, target: Target, answers: dict, writes: Writes, depth: int
) -> str | None:
    """A query of a function of the project ``function`` hands its ``parameter`` to, on every call."""
    for await_ in _awaits_of_every_call(function):
        inner_call: ast.Call = await_.value  # type: ignore[assignment]
        handed = next((a for a in [*inner_call.args, *(k.value for k in inner_call.keywords)]
                       if type(a) is ast.Name and a.id == parameter), None)
        if handed is None or not _a_function_or_own_method(inner_call):
            continue
        inner = target.module.target_of(inner_call.func, body)
        if inner is None:
            continue
        found = _query(inner, inner_call, handed, answers, writes, depth + 1)
        if found is not None:
            return found
    return None
