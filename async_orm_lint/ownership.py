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
import functools
import os
from typing import NamedTuple

from . import api
from .evaluate import Evaluator
from .scopes import Assigned, ClassDefined, Declared, Defined, Imported, Parameter, Scope
from .syntax import NESTED, called_name, own_nodes, parent_map, walk
from .walk import walk_module

#: What a body does with a name, from the least to the most: it uses it, closes it, or keeps it (returns,
#: stores, enters, hands it to something that takes it): the most it does anywhere is its answer.
USES, CLOSES, KEEPS = 0, 1, 2
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
#: How many names, attributes and modules one resolution may go through.
MAX_RESOLUTION = 8
_CONTAINERS = (ast.List, ast.Tuple, ast.Set, ast.Dict, ast.Starred)


class Target(NamedTuple):
    """What an expression names in the project: a function, a class, an instance of a class, a module."""

    kind: str  # "function" | "class" | "instance" | "module"
    node: ast.AST | None  # the definition (None for a module)
    module: "Ownership"  # who answers for the module of the definition
    name: str = ""  # the module's name, for a module


class Ownership:
    """Answers "does this body keep ``name``?" for one module (others are read when a call leads there)."""

    def __init__(self, evaluator: Evaluator, modules: dict[str, "Ownership"] | None = None) -> None:
        self.evaluator = evaluator
        #: the other modules read while answering, by name (shared by every module of the question).
        self.modules: dict[str, Ownership] = modules if modules is not None else {}
        self._read = [0]  # definitions read: one counter, shared with the other modules
        self._parents: dict[int, dict[int, ast.AST]] = {}

    def release(self) -> None:
        """Free the evaluators of the modules read for the questions (their scopes are this object's)."""
        for other in self.modules.values():
            if other is not None and other is not self:
                other.evaluator.release()
        self.modules.clear()

    # -- uses ----------------------------------------------------------------------------

    def hands_on(self, name: str, body: ast.AST, scope: Scope) -> int:
        """What ``body`` (a function's, in ``scope``, or one statement) does with ``name``: :data:`USES`,
        :data:`CLOSES` or :data:`KEEPS` it (see the module's docstring), the most it does anywhere."""
        self._read[0] = 0  # a new question, with its own budget
        return self._hands_on(name, body, scope, depth=0, seen=frozenset())

    def _hands_on(self, name: str, body: ast.AST, scope: Scope, *, depth: int, seen: frozenset[str]) -> int:
        seen = seen | {name}
        parents = self._parents.get(id(body))
        if parents is None:
            parents = self._parents[id(body)] = parent_map(body)
        place = _Place(parents, body, scope, depth, seen)
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
        if parent_type in _CONTAINERS:
            return self._flows_out(parent, place)  # type: ignore[arg-type]
        if parent_type in (ast.Expr, ast.Await, ast.Yield, ast.YieldFrom):
            return USES  # a generator's yield keeps it the generator's, as for the name itself
        if parent_type is ast.Attribute:  # ``Service(session).run()``: the object built on it is used
            return self._use_attribute(parent, place)  # type: ignore[arg-type]
        if parent_type is ast.Subscript and node is parent.value:  # type: ignore[union-attr]
            # ``holder[key] = x`` changes the container; ``holder[key]`` may be the session itself
            return self._flows_out(parent, place) if type(parent.ctx) is ast.Load else USES  # type: ignore
        targets = parent.targets if parent_type is ast.Assign else ()  # type: ignore[union-attr]
        holder = _local_holder(targets[0], place.scope) if len(targets) == 1 else None
        if holder is None:
            return KEEPS  # returned, yielded inside something, stored on an object or in a global...
        if holder in place.seen:
            return USES
        # an alias, the object built on it, or a local container it is put in: where does that go?
        return self._hands_on(holder, place.body, place.scope, depth=place.depth, seen=place.seen)

    # -- calls ---------------------------------------------------------------------------

    def _call(self, call: ast.Call, argument: ast.expr, place: "_Place") -> int:
        """What ``call`` does with ``argument``, one of its arguments (the name, or a container holding it)."""
        if called_name(call.func) in _TAKING_OR_STORING:
            return KEEPS
        if place.depth >= MAX_DEPTH or self._read[0] >= MAX_DEFINITIONS:
            return KEEPS
        target = self.target_of(call.func, place.scope)
        if target is None:
            if not self._is_a_librarys(call.func, place.scope):
                return KEEPS  # a method of an object the linter cannot place may keep it
            return USES if type(place.parents.get(id(call))) is ast.Await else self._flows_out(call, place)
        if target.kind == "class":
            if _releases(target.node):  # type: ignore[arg-type]
                return KEEPS
            return self._flows_out(call, place)  # an object built around it: where does the object go?
        if target.kind != "function" or type(argument) is not ast.Name:
            return KEEPS
        function = target.node
        parameter = _parameter_for(function, call, argument, bound=_bound(call.func, function))  # type: ignore
        body = target.module.evaluator.scopes.function_scopes.get(function)  # type: ignore[arg-type]
        if parameter is None or body is None:
            return KEEPS
        self._read[0] += 1
        level = target.module._hands_on(  # pylint: disable=protected-access
            parameter, function, body, depth=place.depth + 1, seen=frozenset()  # type: ignore[arg-type]
        )
        # a function that closes what it is given takes it over, unless it is called on one path only, when
        # something failed (``except``): on the others, it is still the caller's to close
        return KEEPS if level == CLOSES and not _in_handler(call, place) else level

    def _is_a_librarys(self, func: ast.expr, scope: Scope) -> bool:
        """Is ``func`` a function of another library (an import, or a name the module binds to a function
        the linter cannot read), not a method of an object?"""
        if type(func) is ast.Name:
            return True
        return self.evaluator.dotted_name(func, scope) is not None

    # -- what an expression names ---------------------------------------------------------

    def target_of(self, node: ast.expr, scope: Scope, depth: int = 0) -> Target | None:
        """The function, class, instance or module ``node`` names, read where it is defined."""
        if depth > MAX_RESOLUTION:
            return None
        if type(node) is ast.Name:
            return self._name_target(node.id, scope, depth)
        if type(node) is ast.Attribute:
            if type(node.value) is ast.Name:
                method = scope.method_of(node.value.id)
                if method is not None and method.owner is not None:
                    return self._member(Target("instance", method.owner.node, self), node.attr, depth)
            base = self.target_of(node.value, scope, depth + 1)
            return self._member(base, node.attr, depth) if base is not None else None
        return None

    def _name_target(self, name: str, scope: Scope, depth: int) -> Target | None:
        owner = self.evaluator.binding_scope(name, scope)
        if owner is None:
            return None
        sources = owner.bindings[name]
        if len(sources) != 1:
            return None
        source = sources[0]
        kind = type(source)
        if kind is Defined:
            return Target("function", source.node, self)  # type: ignore[union-attr]
        if kind is ClassDefined:
            return Target("class", source.node, self)  # type: ignore[union-attr]
        if kind is Imported:
            return self._imported(source.dotted, depth + 1)  # type: ignore[union-attr]
        if kind is Assigned and type(source.value) is ast.Call:  # type: ignore[union-attr]
            made = self.target_of(source.value.func, owner, depth + 1)  # type: ignore[union-attr]
            return Target("instance", made.node, made.module) if made is not None and made.kind == "class" else None
        annotation = source.annotation if kind in (Declared, Parameter) else None  # type: ignore[union-attr]
        if annotation is not None:
            declared = self.target_of(annotation, owner.parent or owner, depth + 1)
            if declared is not None and declared.kind == "class":
                return Target("instance", declared.node, declared.module)
        return None

    def _member(self, base: Target | None, name: str, depth: int) -> Target | None:
        if base is None or depth > MAX_RESOLUTION:
            return None
        if base.kind == "module":
            other = base.module
            return other._name_target(name, other.evaluator.scopes.module, depth + 1)  # pylint: disable=W0212
        if base.kind not in ("class", "instance"):
            return None
        cls: ast.ClassDef = base.node  # type: ignore[assignment]
        module = base.module
        facts = module.evaluator.scopes.classes.get(cls)
        for statement in cls.body:
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and statement.name == name:
                return Target("function", statement, module)
            value = _class_body_value(statement, name)
            if value is not None and facts is not None:
                made = module.target_of(value, facts.outer, depth + 1)
                if made is not None and made.kind == "class":
                    return Target("instance", made.node, made.module)
        if facts is not None:
            for source, scope in facts.attributes.get(name, ()):
                if type(source) is Assigned and type(source.value) is ast.Call:  # ``self.x = Handler()``
                    made = module.target_of(source.value.func, scope, depth + 1)
                    if made is not None and made.kind == "class":
                        return Target("instance", made.node, made.module)
            for base_expr in cls.bases:
                inherited = module.target_of(base_expr, facts.outer, depth + 1)
                if inherited is not None and inherited.kind == "class":
                    inherited_target = Target(base.kind, inherited.node, inherited.module)
                    found = module._member(inherited_target, name, depth + 1)  # pylint: disable=protected-access
                    if found is not None:
                        return found
        return None

    def _imported(self, dotted: str, depth: int) -> Target | None:
        """What an imported dotted name is, read in the module of the project that defines it."""
        resolver = self.evaluator.resolver
        index = getattr(resolver, "index", None)
        absolute = resolver.absolute(dotted) if dotted.startswith(".") else dotted
        if index is None or absolute is None or not index.is_project_package(absolute.split(".", 1)[0]):
            return None
        parts = absolute.split(".")
        for cut in range(len(parts), 0, -1):
            module = self._module(".".join(parts[:cut]), index)
            if module is None:
                continue
            target: Target | None = Target("module", None, module, ".".join(parts[:cut]))
            for attribute in parts[cut:]:
                target = self._member(target, attribute, depth + 1)
            return target
        return None

    def _module(self, name: str, index) -> Ownership | None:
        """Who answers for the module ``name`` of the project (read with ``ast`` once per question)."""
        if name in self.modules:
            return self.modules[name]
        path = index.module_path(name)
        tree = _read_module(*_stamp(path)) if path is not None else None
        if tree is None:
            self.modules[name] = None  # type: ignore[assignment]
            return None
        resolver = index.resolver_for(name, os.path.basename(path) == "__init__.py")
        other = Ownership(Evaluator(walk_module(tree), resolver, self.evaluator.options), self.modules)
        other._read = self._read  # pylint: disable=protected-access  # one budget for the whole question
        self.modules[name] = other
        return other


class _Place(NamedTuple):
    """Where a use is being judged: the body, its parent links and scope, how deep, the names followed."""

    parents: dict[int, ast.AST]
    body: ast.AST
    scope: Scope
    depth: int
    seen: frozenset[str]


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


def _class_body_value(statement: ast.stmt, name: str) -> ast.expr | None:
    """The expression that makes the class attribute ``name`` (``name = Handler()``, ``name: Handler``)."""
    if type(statement) is ast.Assign and any(type(t) is ast.Name and t.id == name for t in statement.targets):
        return statement.value.func if type(statement.value) is ast.Call else None
    if type(statement) is ast.AnnAssign and type(statement.target) is ast.Name and statement.target.id == name:
        if type(statement.value) is ast.Call:
            return statement.value.func
        return statement.annotation
    return None


def _releases(cls: ast.ClassDef) -> bool:
    return any(
        isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name in RELEASING_METHODS for s in cls.body
    ) or bool(cls.bases)  # a base the linter does not read may close it


def _bound(func: ast.expr, function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Is the call through an instance or a class, so that the first parameter is not an argument?"""
    if type(func) is not ast.Attribute:
        return False
    for decorator in function.decorator_list:
        if type(decorator) is ast.Name and decorator.id == "staticmethod":
            return False
    arguments = function.args.posonlyargs + function.args.args
    return bool(arguments) and arguments[0].arg in ("self", "cls")


def _parameter_for(
    function: ast.FunctionDef | ast.AsyncFunctionDef, call: ast.Call, argument: ast.expr, *, bound: bool
) -> str | None:
    """The parameter of ``function`` that ``argument`` of ``call`` is bound to (None: not known)."""
    arguments = function.args
    positional = [a.arg for a in arguments.posonlyargs + arguments.args]
    for keyword in call.keywords:
        if keyword.value is argument:
            names = set(positional) | {a.arg for a in arguments.kwonlyargs}
            return keyword.arg if keyword.arg in names else None
    if any(type(a) is ast.Starred for a in call.args):
        return None
    index = next((i for i, a in enumerate(call.args) if a is argument), None)
    if index is None:
        return None
    index += 1 if bound else 0
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
