"""Who is left to close a session: does a body keep a name it holds, or only use it?

A session or a connection opened in a function belongs to it until it is
*handed on*: returned, stored (on an object, in a global, in a container
that is itself handed on), closed or entered (``async with``), given to
something that takes it (``AsyncExitStack.enter_async_context``,
``contextlib.closing``, a container's ``append``...), or to a function of the
project that does one of these with the parameter it gets it as (looked up
where it is defined, in this module or another of the project, through
``self``, classes, class attributes and module-level objects, a few calls
deep).  Anything else is a *use*: calling its methods, reading its
attributes, passing it to a function that only uses it, or to a function of
another library (a function reads its arguments; a library function does not
close the session it is given).  Passing it to a method of an object the
linter cannot place (a parameter of unknown type, ``self.registry.track``) is
taken as handing it on: that object may well keep it.  An object built
around it (a repository, a unit of work) keeps it when the object itself is
handed on or entered, or when its class can close what it holds.

Yielding it is not handing it on: a generator is resumed after its
``yield`` (FastAPI resumes a dependency once the response is sent), and it is
the generator's to close then.
"""

from __future__ import annotations

import ast
from typing import NamedTuple

from . import api
from .definitions import Definitions, bound, parameter_for
from .scopes import Parameter, Scope
from .syntax import NESTED, called_name, own_nodes, parent_map, walk

#: What a body does with a name, from the least to the most: it uses it, closes it, gives it back to the
#: caller that handed it over (returns it, or an object built on it), or keeps it (returns it from the
#: function being checked, stores or enters it, hands it to something that takes it): the most it does
#: anywhere is its answer.
USES, CLOSES, RETURNS, KEEPS = 0, 1, 2, 3
#: Calls that take what they are given: it is theirs to close or to keep.
TAKING_CALLS = frozenset({
    "enter_async_context", "enter_context", "closing", "aclosing", "push_async_callback", "callback", "push",
    "partial", "setattr", "finalize", "register",
})
#: Methods of containers and queues: what they are given is kept there.
STORING_METHODS = frozenset({
    "append", "appendleft", "add", "extend", "insert", "put", "put_nowait", "setdefault", "update",
    "add_done_callback", "set",
})
_TAKING_OR_STORING = TAKING_CALLS | STORING_METHODS
#: Methods through which a class can release what it holds.
RELEASING_METHODS = frozenset({"close", "aclose", "__exit__", "__aexit__", "__del__"})
#: How many calls deep a parameter is followed into the functions that get it.
MAX_DEPTH = 10
#: How many definitions one question may read (a bound on the cost of following calls).
MAX_DEFINITIONS = 64
_CONTAINERS = (ast.List, ast.Tuple, ast.Set, ast.Dict, ast.Starred)
#: ``[make(x) for x in items]``: what each element is made of is in what the comprehension makes.
_BUILT_BY_COMPREHENSION = (ast.ListComp, ast.SetComp, ast.GeneratorExp)
#: Builtins that look at what they are given and return something else (a flag, a number, a text).
_INSPECTING = frozenset({
    "isinstance", "issubclass", "len", "bool", "str", "repr", "id", "hash", "type", "callable", "hasattr", "print",
})
#: Where a value is only tested or printed.
_TESTED = (ast.Compare, ast.If, ast.While, ast.Assert, ast.UnaryOp, ast.FormattedValue)


class Ownership:
    """Answers "does this body keep ``name``?" for one module (others are read when a call leads there)."""

    def __init__(self, definitions: Definitions, others: dict[int, "Ownership"] | None = None,
                 budget: list[int] | None = None, answers: dict[tuple[int, str], int] | None = None) -> None:
        self.definitions = definitions
        self.evaluator = definitions.evaluator
        #: the answerers for the other modules a question leads to, by their definitions' identity.
        self._others: dict[int, Ownership] = others if others is not None else {id(definitions): self}
        self._read = budget if budget is not None else [0]  # definitions read: one budget per question
        #: what a function of the project does with a parameter, by (function's identity, parameter): a
        #: helper many calls lead to is read once (and a recursive call reads nothing more).
        self._answers: dict[tuple[int, str], int] = answers if answers is not None else {}
        self._parents: dict[int, dict[int, ast.AST]] = {}

    def release(self) -> None:
        """Forget the answerers of the other modules (what they read stays in :mod:`.definitions`'s cache)."""
        self._others.clear()
        self._answers.clear()

    def _of(self, definitions: Definitions) -> "Ownership":
        """The answerer for the module of ``definitions``."""
        found = self._others.get(id(definitions))
        if found is None:
            found = self._others[id(definitions)] = Ownership(definitions, self._others, self._read, self._answers)
        return found

    # -- uses ----------------------------------------------------------------------------

    def hands_on(self, name: str, body: ast.AST, scope: Scope) -> int:
        """What ``body`` (a function's, in ``scope``, or one statement) does with ``name``: :data:`USES`,
        :data:`CLOSES` or :data:`KEEPS` it (see the module's docstring), the most it does anywhere."""
        self._read[0] = 0  # a new question, with its own budget
        return self._hands_on(name, body, scope, depth=0, seen=frozenset())

    def _hands_on(self, name: str, body: ast.AST, scope: Scope, *, depth: int, seen: frozenset[str],
                  called: bool = False) -> int:
        seen = seen | {name}
        parents = self._parents.get(id(body))
        if parents is None:
            parents = self._parents[id(body)] = parent_map(body)
        place = _Place(parents, body, scope, depth, seen, called)
        level = USES
        for node in own_nodes(body):
            if isinstance(node, NESTED):
                if any(type(n) is ast.Name and n.id == name for n in walk(node)):
                    level = max(level, self._closure(node, name, place))
            elif type(node) is ast.Name and type(node.ctx) is ast.Load and node.id == name:  # type: ignore
                level = max(level, self._use(node, place))
            if level == KEEPS:
                break
        return level

    def _closure(self, node: ast.AST, name: str, place: "_Place") -> int:
        """A nested function that reads ``name`` holds it: what its body does with it, or, when the function
        itself is handed on, keeping (a callback a library calls only uses it)."""
        if type(node) is ast.Lambda:
            return self._flows_out(node, place)  # type: ignore[arg-type]
        inner = self.evaluator.scopes.function_scopes.get(node)
        if type(node) is ast.ClassDef or inner is None:
            return KEEPS
        if name in inner.bindings:
            return USES  # its own name, not the one it closes over
        level = self._hands_on(name, node, inner, depth=place.depth + 1, seen=place.seen)
        holder = node.name  # type: ignore[attr-defined]
        if level < KEEPS and holder not in place.seen:
            level = max(level, self._hands_on(holder, place.body, place.scope, depth=place.depth, seen=place.seen))
        return level

    def _use(self, use: ast.Name, place: "_Place") -> int:
        parent = place.parents.get(id(use))
        parent_type = type(parent)
        if parent_type is ast.Attribute:
            return self._use_attribute(parent, place)  # type: ignore[arg-type]
        if parent_type in (ast.With, ast.AsyncWith, ast.withitem):
            return KEEPS  # entered: closed when the block ends
        if parent_type is ast.Call and parent.func is use:  # type: ignore[union-attr]
            # a function that closes over it, called: its body says what it does, and what it returns
            # (a coroutine, for an ``async def``) holds it where that goes
            return self._flows_out(parent, place)  # type: ignore[arg-type]
        if parent_type in (ast.Yield, ast.YieldFrom, ast.Expr, ast.Await):
            return USES
        if parent_type in (ast.Compare, ast.If, ast.IfExp, ast.BoolOp, ast.UnaryOp, ast.Assert, ast.FormattedValue):
            return USES  # tested or printed
        return self._flows_out(use, place)

    @staticmethod
    def _use_attribute(attribute: ast.Attribute, place: "_Place") -> int:
        """``holder.attr``: a method called or an attribute read uses it; ``holder.close()`` closes it;
        ``callback(holder.close)`` hands the closing on."""
        if attribute.attr not in api.CLOSE_METHODS:
            return USES
        grand = place.parents.get(id(attribute))
        return CLOSES if type(grand) is ast.Call and grand.func is attribute else KEEPS  # type: ignore[union-attr]

    def _flows_out(self, node: ast.expr, place: "_Place") -> int:
        """Where the value of ``node`` (the name, a container holding it, an object built on it) goes."""
        parent = place.parents.get(id(node))
        parent_type = type(parent)
        if parent_type is ast.Call and node is not parent.func:  # type: ignore[union-attr]
            return self._call(parent, node, place)  # type: ignore[arg-type]
        if parent_type is ast.keyword:
            call = place.parents.get(id(parent))
            return self._call(call, node, place) if type(call) is ast.Call else KEEPS  # type: ignore[arg-type]
        if parent_type in _CONTAINERS or (
            parent_type in _BUILT_BY_COMPREHENSION and node is parent.elt  # type: ignore[union-attr]
        ):
            return self._flows_out(parent, place)  # type: ignore[arg-type]
        if parent_type in (ast.Expr, ast.Await, ast.Yield, ast.YieldFrom) or parent_type in _TESTED:
            return USES  # a generator's yield keeps it the generator's, as for the name itself
        if parent_type is ast.Attribute:  # ``Service(session).run()``: the object built on it is used
            return self._use_attribute(parent, place)  # type: ignore[arg-type]
        if parent_type is ast.Subscript and node is parent.value:  # type: ignore[union-attr]
            # ``holder[key] = x`` changes the container; ``holder[key]`` may be the session itself
            return self._flows_out(parent, place) if type(parent.ctx) is ast.Load else USES  # type: ignore
        targets = parent.targets if parent_type is ast.Assign else ()  # type: ignore[union-attr]
        holder = _local_holder(targets[0], place.scope) if len(targets) == 1 else None
        if holder is None:
            if parent_type is ast.Return and place.called:
                return RETURNS  # back to the caller that gave it: the call's value holds it there
            if len(targets) == 1 and type(targets[0]) in (ast.Tuple, ast.List):
                return self._unpacked(targets[0], place)  # type: ignore[arg-type]
            return KEEPS  # returned, yielded inside something, stored on an object or in a global...
        if holder in place.seen:
            return USES
        # an alias, the object built on it, or a local container it is put in: where does that go?
        return self._hands_on(holder, place.body, place.scope, depth=place.depth, seen=place.seen,
                              called=place.called)

    def _unpacked(self, target: ast.Tuple | ast.List, place: "_Place") -> int:
        """``client, error = build(session)``: what becomes of each name it may be in."""
        level = USES
        for element in target.elts:
            if type(element) is ast.Starred:
                element = element.value
            holder = _local_holder(element, place.scope) if type(element) is ast.Name else None
            if holder is None:
                return KEEPS
            if holder not in place.seen:
                level = max(level, self._hands_on(holder, place.body, place.scope, depth=place.depth,
                                                  seen=place.seen, called=place.called))
        return level

    # -- calls ---------------------------------------------------------------------------

    def _call(self, call: ast.Call, argument: ast.expr, place: "_Place") -> int:
        """What ``call`` does with ``argument``, one of its arguments (the name, or a container holding it)."""
        if called_name(call.func) in _TAKING_OR_STORING:
            return KEEPS
        if place.depth >= MAX_DEPTH or self._read[0] >= MAX_DEFINITIONS:
            return KEEPS
        target = self.definitions.target_of(call.func, place.scope)
        if target is None:
            if not self._is_a_librarys(call.func, place.scope):
                return KEEPS  # a method of an object the linter cannot place may keep it
            if type(place.parents.get(id(call))) is ast.Await or called_name(call.func) in _INSPECTING:
                return USES
            return self._flows_out(call, place)  # what a library function returns may hold it
        if target.kind == "class":
            if _releases(target.node):  # type: ignore[arg-type]
                return KEEPS
            return self._flows_out(call, place)  # an object built around it: where does the object go?
        if target.kind != "function" or type(argument) is not ast.Name:
            return KEEPS
        function = target.node
        parameter = parameter_for(function, call, argument, through=bound(call.func, function))  # type: ignore
        body = target.module.evaluator.scopes.function_scopes.get(function)  # type: ignore[arg-type]
        if parameter is None or body is None:
            return KEEPS
        level = self._parameter(target.module, function, parameter, body, place.depth + 1)  # type: ignore
        if level == RETURNS:  # ``client = build(session)``: where the value of the call goes
            return self._flows_out(call, place)
        # a function that closes what it is given takes it over, unless it is called on one path only, when
        # something failed (``except``): on the others, it is still the caller's to close
        return KEEPS if level == CLOSES and not _in_handler(call, place) else level

    def _parameter(self, module: Definitions, function: ast.FunctionDef | ast.AsyncFunctionDef, parameter: str,
                   body: Scope, depth: int) -> int:
        """What ``function`` (of ``module``) does with what it gets as ``parameter``."""
        key = (id(function), parameter)
        level = self._answers.get(key)
        if level is not None:
            return level
        self._answers[key] = USES  # a recursive call: what the function does is what it does
        self._read[0] += 1
        level = self._of(module)._hands_on(  # pylint: disable=protected-access
            parameter, function, body, depth=depth, seen=frozenset(), called=True
        )
        if self._read[0] < MAX_DEFINITIONS:
            self._answers[key] = level
        else:
            del self._answers[key]  # cut short by the budget: not an answer to keep
        return level

    def _is_a_librarys(self, func: ast.expr, scope: Scope) -> bool:
        """Is ``func`` a function of another library (an import, or a name the module binds to a function
        the linter cannot read), not a method of an object?"""
        if type(func) is ast.Name:
            return True
        return self.evaluator.dotted_name(func, scope) is not None


class _Place(NamedTuple):
    """Where a use is being judged: the body, its parent links and scope, how deep, the names followed."""

    parents: dict[int, ast.AST]
    body: ast.AST
    scope: Scope
    depth: int
    seen: frozenset[str]
    #: Is the body a function the name was handed to (so returning it gives it back)?
    called: bool = False


def _in_handler(node: ast.AST, place: "_Place") -> bool:
    """Is ``node`` in an ``except`` handler of the body?"""
    parent = place.parents.get(id(node))
    while parent is not None and parent is not place.body:
        if type(parent) is ast.ExceptHandler:
            return True
        parent = place.parents.get(id(parent))
    return False


def _local_holder(target: ast.expr, scope: Scope) -> str | None:
    """The local name a value assigned to ``target`` is held by: ``name = ...``, ``name[key] = ...``,
    ``name.attr = ...`` where ``name`` is bound in the function and is none of its parameters."""
    while type(target) in (ast.Subscript, ast.Attribute):
        target = target.value  # type: ignore[attr-defined]
    if type(target) is not ast.Name:
        return None
    sources = scope.bindings.get(target.id, ())  # type: ignore[attr-defined]
    if not sources or any(type(source) is Parameter for source in sources):
        return None
    return target.id  # type: ignore[attr-defined]


def _releases(cls: ast.ClassDef) -> bool:
    return any(
        isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name in RELEASING_METHODS for s in cls.body
    ) or bool(cls.bases)  # a base the linter does not read may close it
