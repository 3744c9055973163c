"""What a function of the project hands its callers, beyond its annotation.

The evaluator summarises each function once (:meth:`~.evaluate.Evaluator._function_value`);
these helpers decide what of the body's values the summary keeps: the factory
behind a session its annotation only names, and, for the model instances it
returns, which session loaded them, as the caller can name it.
"""

from __future__ import annotations

import ast

from .scopes import Scope
from .syntax import expression_text
from .values import Instance, ModelInstance, Pending, Value


def says_more(declared: Value) -> bool:
    """May the body of a function declared to give ``declared`` say more of it (a session's factory
    and ``expire_on_commit``)?"""
    return isinstance(declared, Instance) and declared.info.is_session and declared.expires is None


def more_precise(declared: Value | None, found: Value | None) -> Value | None:
    """What a function's body gives, when it is what its annotation declares, else the annotation:
    ``-> AsyncIterator[AsyncSession]`` over ``async with factory() as s: yield s`` is the factory's session."""
    if declared is None:
        return found
    if isinstance(found, Instance) and isinstance(declared, Instance) and found.kind == declared.kind:
        return found
    return declared


def without_session_name(value: Value, detached: bool = False, parameters: dict[str, int] | None = None) -> Value:
    """A model instance leaving its function: the session's name there means nothing to the caller,
    unless the session is one of ``parameters`` (name: position): then it is the argument given
    for it, which :func:`given_session` reads at each call."""
    if isinstance(value, ModelInstance) and value.origin is not None:
        session = value.origin.session
        position = parameters.get(session) if parameters else None
        given = f"{_PARAMETER}{position}{_PARAMETER}{session}" if position is not None else ""
        return value._replace(origin=value.origin._replace(session=given, detached=detached))
    if isinstance(value, Instance) and value.element is not None and value.element.origin is not None:
        return value._replace(element=without_session_name(value.element, detached, parameters))
    return value


#: Marks a session named by a parameter of the function that loaded an instance (see above).
_PARAMETER = "\x00"


def parameters_of(func: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, int]:
    """The parameters a call can give by position (their position) or by name (-1)."""
    arguments = func.args
    found = {a.arg: i for i, a in enumerate(arguments.posonlyargs + arguments.args)}
    found.update((a.arg, -1) for a in arguments.kwonlyargs)
    return found


def given_session(value: Value | None, call: ast.Call) -> Value | None:
    """What a function returns, its instances' session named as the caller wrote the argument for it."""
    pending = value if isinstance(value, Pending) else None
    result = pending.awaited if pending is not None else value
    element = result.element if isinstance(result, Instance) else result
    if not isinstance(element, ModelInstance) or element.origin is None:
        return value
    session = element.origin.session
    if not session.startswith(_PARAMETER):
        return value
    parts = session.split(_PARAMETER)
    if len(parts) != 3 or not parts[1].lstrip("-").isdigit():
        return value  # not written by without_session_name (a damaged cache entry)
    index, name = int(parts[1]), parts[2]
    argument = next((k.value for k in call.keywords if k.arg == name), None)
    if argument is None and 0 <= index < len(call.args) and not any(
        type(a) is ast.Starred for a in call.args[: index + 1]
    ):
        argument = call.args[index]
    named = element._replace(origin=element.origin._replace(session=expression_text(argument) if argument else ""))
    if isinstance(result, Instance):
        named = result._replace(element=named)  # type: ignore[assignment]
    return pending._replace(awaited=named) if pending is not None else named


def returned_after_close(statement: ast.Return, body: Scope, result: Value) -> bool:
    """Does ``return`` leave the ``with`` block of the session that loaded the instance (closing it)?"""
    instance = result.element if isinstance(result, Instance) else result
    if not isinstance(instance, ModelInstance) or instance.origin is None or not instance.origin.session:
        return False
    session = instance.origin.session
    for block in body.withs:
        if block.lineno <= statement.lineno <= (block.end_lineno or block.lineno) and any(
            item.optional_vars is not None and _spelled(item.optional_vars, session) for item in block.items
        ):
            return True  # the return is in the block's body (its lines)
    return False


def _spelled(node: ast.expr, text: str) -> bool:
    """Is ``node`` written ``text`` (a name, or the unparsed expression)?"""
    return expression_text(node) == text
