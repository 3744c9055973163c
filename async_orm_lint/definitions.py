"""Where a call leads: the definition of a function or class of the project an expression names.

The evaluator (:mod:`.evaluate`) says what an expression *is* (a session, a
model instance), from summaries kept per module; some questions need the
definition itself: what a function does with a parameter it is given
(:mod:`.ownership`).  This module finds it: a function or class of the checked module, or of another
module of the project (read with ``ast``, once per question), through
imports, ``self``, class attributes (``handler = Handler()``), module-level
objects and base classes.  Anything it cannot place is None.
"""

from __future__ import annotations

import ast
import functools
import os
from collections import OrderedDict
from typing import NamedTuple

from .evaluate import Evaluator
from .scopes import Assigned, ClassDefined, Declared, Defined, Imported, Parameter, Scope
from .walk import walk_module

#: How many names, attributes and modules one resolution may go through.
MAX_RESOLUTION = 8
#: Modules read for their definitions, kept per process (the least recently used are dropped).
MAX_MODULES_READ = 16
#: The definitions of the modules read, by file and stamp (and index): a process that checks a
#: project asks about the same few modules (its repositories, its services) from many files.
_READ: OrderedDict[tuple, "Definitions | None"] = OrderedDict()


class Target(NamedTuple):
    """What an expression names in the project: a function, a class, an instance of a class, a module."""

    kind: str  # "function" | "class" | "instance" | "module"
    node: ast.AST | None  # the definition (None for a module)
    module: "Definitions"  # the definitions of the module the definition is in
    name: str = ""  # the module's name, for a module


class Definitions:
    """The definitions one module's names lead to."""

    def __init__(self, evaluator: Evaluator, path: str | None = None) -> None:
        self.evaluator = evaluator
        #: the module's file (None for the checked module itself)
        self.path = path
        #: the answers for the expressions asked about first hand (rules ask again about the same calls),
        #: with the expression: it stays alive, so that no other takes its ``id``
        self._asked: dict[int, tuple[ast.expr, Target | None]] = {}

    def target_of(self, node: ast.expr, scope: Scope, depth: int = 0) -> Target | None:
        """The function, class, instance or module ``node`` names, read where it is defined."""
        if depth == 0:
            asked = self._asked.get(id(node))
            if asked is None:
                asked = self._asked[id(node)] = (node, self._target_of(node, scope, 0))
            return asked[1]
        return self._target_of(node, scope, depth)

    def _target_of(self, node: ast.expr, scope: Scope, depth: int) -> Target | None:
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
        if type(node) is ast.Call:
            func, arguments = node.func, node.args
            if type(func) is ast.Name and func.id == "type" and len(arguments) == 1 and type(arguments[0]) is ast.Name:
                method = scope.method_of(arguments[0].id)  # ``type(self)``: the class of the method
                return Target("class", method.owner.node, self) if method and method.owner else None
            return self._made_by(self.target_of(func, scope, depth + 1), depth)
        return None

    def _made_by(self, called: Target | None, depth: int) -> Target | None:
        """What a call of ``called`` gives: an instance of the class called, or of the class a function
        (``Store.for_workspace(...)``) is annotated to return."""
        if called is None:
            return None
        if called.kind == "class":
            return Target("instance", called.node, called.module)
        function = called.node
        if called.kind != "function" or function.returns is None:  # type: ignore[union-attr]
            return None
        body = called.module.evaluator.scopes.function_scopes.get(function)  # type: ignore[arg-type]
        if body is None or body.parent is None:
            return None
        returns = function.returns  # type: ignore[union-attr]
        if type(returns) is ast.Constant and type(returns.value) is str:
            try:
                returns = ast.parse(returns.value, mode="eval").body
            except SyntaxError:
                return None
        if type(returns) is ast.Name and returns.id == "Self" and body.owner is not None:
            return Target("instance", body.owner.node, called.module)
        made = called.module.target_of(returns, body.parent, depth + 1)
        return Target("instance", made.node, made.module) if made is not None and made.kind == "class" else None

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

    def member(self, base: Target, name: str) -> Target | None:
        """The function (or instance) ``name`` of a class or instance ``base`` (through its bases)."""
        return self._member(base, name, 0)

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

    def _module(self, name: str, index) -> Definitions | None:
        """The definitions of the module ``name`` of the project, read with ``ast`` (see :data:`_READ`)."""
        path = index.module_path(name)
        if path is None:
            return None
        key = (*_stamp(path), str(index.layout.root), index.options)
        if key in _READ:
            _READ.move_to_end(key)
            return _READ[key]
        tree = _read_module(*key[:3])
        other = None
        if tree is not None:
            resolver = index.resolver_for(name, os.path.basename(path) == "__init__.py")
            other = Definitions(Evaluator(walk_module(tree), resolver, self.evaluator.options), path)
        _READ[key] = other
        if len(_READ) > MAX_MODULES_READ:
            evicted = _READ.popitem(last=False)[1]
            if evicted is not None:
                evicted.evaluator.release()
        return other


def _class_body_value(statement: ast.stmt, name: str) -> ast.expr | None:
    """The expression that makes the class attribute ``name`` (``name = Handler()``, ``name: Handler``)."""
    if type(statement) is ast.Assign and any(type(t) is ast.Name and t.id == name for t in statement.targets):
        return statement.value.func if type(statement.value) is ast.Call else None
    if type(statement) is ast.AnnAssign and type(statement.target) is ast.Name and statement.target.id == name:
        if type(statement.value) is ast.Call:
            return statement.value.func
        return statement.annotation
    return None


def bound(func: ast.expr, function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Is the call through an instance or a class, so that the first parameter is not an argument?"""
    if type(func) is not ast.Attribute:
        return False
    for decorator in function.decorator_list:
        if type(decorator) is ast.Name and decorator.id == "staticmethod":
            return False
    arguments = function.args.posonlyargs + function.args.args
    return bool(arguments) and arguments[0].arg in ("self", "cls")


def parameter_for(
    function: ast.FunctionDef | ast.AsyncFunctionDef, call: ast.Call, argument: ast.expr, *, through: bool
) -> str | None:
    """The parameter of ``function`` that ``argument`` of ``call`` is bound to (None: not known);
    ``through``: the call is through an instance or a class (see :func:`bound`)."""
    arguments = function.args
    positional = [a.arg for a in arguments.posonlyargs + arguments.args]
    for keyword in call.keywords:
        if keyword.value is argument:
            names = set(positional) | {a.arg for a in arguments.kwonlyargs}
            if keyword.arg in names:
                return keyword.arg
            # ``**overrides`` collects it (the dict it is in); ``**kwargs`` at the call: not known
            return arguments.kwarg.arg if arguments.kwarg is not None and keyword.arg is not None else None
    if any(type(a) is ast.Starred for a in call.args):
        return None
    index = next((i for i, a in enumerate(call.args) if a is argument), None)
    if index is None:
        return None
    index += 1 if through else 0
    if index < len(positional):
        return positional[index]
    return arguments.vararg.arg if arguments.vararg is not None else None  # the tuple ``*args`` it is in


def argument_for(
    function: ast.FunctionDef | ast.AsyncFunctionDef, call: ast.Call, parameter: str, *, through: bool
) -> ast.expr | None:
    """The expression ``call`` hands ``function``'s ``parameter`` (None: not handed, or not known): the
    inverse of :func:`parameter_for`."""
    for keyword in call.keywords:
        if keyword.arg == parameter:
            return keyword.value
    if any(type(a) is ast.Starred for a in call.args):
        return None
    positional = [a.arg for a in function.args.posonlyargs + function.args.args]
    if parameter not in positional:
        return None
    index = positional.index(parameter) - (1 if through else 0)
    return call.args[index] if 0 <= index < len(call.args) else None


def _stamp(path: str) -> tuple[str, int, int]:
    try:
        stat = os.stat(path)
    except OSError:
        return path, -1, -1
    return path, stat.st_size, stat.st_mtime_ns


@functools.lru_cache(maxsize=32)
def forget_read_modules() -> None:
    """Drop the modules read for their definitions (as a new process would)."""
    for other in _READ.values():
        if other is not None:
            other.evaluator.release()
    _READ.clear()


def _read_module(path: str, size: int, mtime: int) -> ast.Module | None:  # pylint: disable=unused-argument
    """The tree of a module of the project, while it is unchanged (its size and mtime are the cache's key)."""
    if size < 0 or size > 2_000_000:
        return None
    try:
        with open(path, "rb") as stream:
            return ast.parse(stream.read(), filename=path)
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return None
