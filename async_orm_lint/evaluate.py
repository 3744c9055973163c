"""Evidence: what an expression is, from annotations, imports and constructors.

:class:`Evaluator` answers "what is this expression?" for the few expressions
the rules ask about, lazily and with memoisation.  It trusts:

* annotations naming an API class (``AsyncSession``, ``Optional[...]``,
  ``X | None``, ``Annotated[X, ...]``, string annotations, local aliases);
* calls of known constructors and factories (``create_async_engine``,
  ``async_sessionmaker(...)``, ``sessionmaker(class_=AsyncSession)``...);
* the API table for method calls, ``await`` and ``async with``;
* return annotations of functions defined in the module;
* attributes of ``self`` bound in the class.

A name is trusted only when *every* binding of it in its scope agrees; any
binding the evaluator cannot read (a loop target, an unannotated parameter, an
unknown call) makes the name unknown.  Names are never evidence by themselves.

Imports of names outside SQLAlchemy and SQLModel go to a :class:`Resolver`;
the default one knows nothing, a project index can know more.
"""

from __future__ import annotations

import ast
import functools
from typing import Protocol

from . import api
from .scopes import ANNOTATED, ASSIGN, CLASS, DEF, IMPORT, WITH, ModuleScopes, Scope
from .values import ClassRef, Instance, Pending, Value, as_used, awaited, call_method, entered, instance_of, instantiate

#: Deeper expressions than this are not evaluated (and get no finding).
MAX_DEPTH = 40

_TYPING = ("typing", "typing_extensions")
_OPTIONAL = {f"{m}.Optional" for m in _TYPING}
_UNION = {f"{m}.Union" for m in _TYPING}
_ANNOTATED = {f"{m}.Annotated" for m in _TYPING}
_ASYNC_ITERATORS = {
    f"{m}.{name}"
    for m in _TYPING + ("collections.abc",)
    for name in ("AsyncIterator", "AsyncGenerator", "AsyncIterable")
}
_SYNC_ITERATORS = {
    f"{m}.{name}" for m in _TYPING + ("collections.abc",) for name in ("Iterator", "Generator", "Iterable")
}
_ASYNC_CONTEXT_MANAGERS = {"contextlib.asynccontextmanager"}
_SYNC_CONTEXT_MANAGERS = {"contextlib.contextmanager"}

_NONE = ClassRef("<None>")  # the ``None`` in ``Optional`` / ``X | None``
_BUSY = object()  # marks a name under evaluation, to break cycles


class Resolver(Protocol):
    """Knows what names imported from other modules of the project are."""

    def resolve(self, dotted: str) -> Value | None: ...


class NullResolver:
    """Knows nothing outside the current module."""

    def resolve(self, dotted: str) -> Value | None:  # pylint: disable=unused-argument
        return None


class Evaluator:
    """Lazily evaluates expressions of one module."""

    def __init__(self, scopes: ModuleScopes, resolver: Resolver | None = None) -> None:
        self.scopes = scopes
        self.resolver = resolver or NullResolver()
        self._names: dict[tuple[int, str], object] = {}
        self._attributes: dict[tuple[int, str], object] = {}

    # -- names --------------------------------------------------------------

    def lookup(self, name: str, scope: Scope) -> Value | None:
        """The value of ``name`` read in ``scope`` (Python's LEGB, minus builtins)."""
        current: Scope | None = scope
        first = True
        while current is not None:
            if current.kind == "class" and not first:
                current = current.parent
                continue
            if name in current.bindings:
                return self._binding(name, current)
            first = False
            current = current.parent
        return None

    def _binding(self, name: str, scope: Scope) -> Value | None:
        key = (id(scope), name)
        if key in self._names:
            cached = self._names[key]
            return None if cached is _BUSY else cached  # type: ignore[return-value]
        self._names[key] = _BUSY
        value = self._agree(self._source(source, scope) for source in scope.bindings[name])
        self._names[key] = value
        return value

    @staticmethod
    def _agree(values) -> Value | None:
        """The one value all sources give, or None if any is unknown or differs."""
        result: Value | None = None
        for value in values:
            if value is None or (result is not None and value != result):
                return None
            result = value
        return result

    def _source(self, source: tuple, scope: Scope) -> Value | None:
        tag = source[0]
        if tag == ASSIGN:
            return as_used(self.value(source[1], scope))
        if tag == ANNOTATED:
            annotated = self.annotation(source[1], scope)
            if annotated is not None:
                return annotated
            return as_used(self.value(source[2], scope)) if source[2] is not None else None
        if tag == WITH:
            if source[2] is None:
                return None
            return entered(self.value(source[1], scope), is_async=source[2])
        if tag == IMPORT:
            return self.dotted_value(source[1])
        if tag == CLASS:
            return self._class_value(source[1], scope)
        if tag == DEF:
            return None  # a function is not an API object; see call()
        return None

    def dotted_value(self, dotted: str) -> Value | None:
        kind = api.CLASSES.get(dotted)
        if kind is not None:
            return ClassRef(kind)
        return self.resolver.resolve(dotted)

    def _class_value(self, node: ast.ClassDef, scope: Scope) -> Value | None:
        """A project subclass of an API class behaves as that class."""
        for base in node.bases:
            value = self.value(base, scope)
            if isinstance(value, ClassRef) and value.kind in api.KINDS:
                defined = frozenset(
                    statement.name
                    for statement in node.body
                    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef))
                )
                return ClassRef(value.kind, value.overrides | defined)
        return None

    # -- canonical names ------------------------------------------------------

    def dotted_name(self, node: ast.expr, scope: Scope) -> str | None:
        """``sa.ext.asyncio.AsyncSession`` -> its import-resolved dotted name."""
        attributes: list[str] = []
        depth = 0
        while type(node) is ast.Attribute:
            attributes.append(node.attr)
            node = node.value
            depth += 1
            if depth > MAX_DEPTH:
                return None
        if type(node) is not ast.Name:
            return None
        base = self._imported(node.id, scope)
        if base is None:
            return None
        return ".".join([base] + attributes[::-1])

    def _imported(self, name: str, scope: Scope) -> str | None:
        current: Scope | None = scope
        first = True
        while current is not None:
            if current.kind == "class" and not first:
                current = current.parent
                continue
            sources = current.bindings.get(name)
            if sources is not None:
                if len(sources) == 1 and sources[0][0] == IMPORT:
                    return sources[0][1]
                return None
            first = False
            current = current.parent
        return None

    # -- expressions ----------------------------------------------------------

    def value(self, node: ast.expr | None, scope: Scope, depth: int = 0) -> Value | None:
        """What ``node`` evaluates to, or None without evidence."""
        if node is None or depth > MAX_DEPTH:
            return None
        node_type = type(node)
        if node_type is ast.Name:
            return self.lookup(node.id, scope)
        if node_type is ast.Await:
            return awaited(self.value(node.value, scope, depth + 1))
        if node_type is ast.Call:
            return self.call(node, scope, depth)
        if node_type is ast.Attribute:
            return self.attribute(node, scope)
        if node_type is ast.NamedExpr:
            return self.value(node.value, scope, depth + 1)
        return None

    def receiver(self, node: ast.expr, scope: Scope, depth: int = 0) -> Instance | None:
        """The API instance ``node`` is, when a method is called on it."""
        value = as_used(self.value(node, scope, depth))
        return value if isinstance(value, Instance) else None

    def attribute(self, node: ast.Attribute, scope: Scope) -> Value | None:
        base = node.value
        if type(base) is ast.Name:
            method = scope.method_of(base.id)
            if method is not None:
                return self.class_attribute(method.owner, node.attr)
        dotted = self.dotted_name(node, scope)
        if dotted is not None:
            return self.dotted_value(dotted)
        return None

    def class_attribute(self, owner, name: str) -> Value | None:
        key = (id(owner), name)
        if key in self._attributes:
            cached = self._attributes[key]
            return None if cached is _BUSY else cached  # type: ignore[return-value]
        self._attributes[key] = _BUSY
        sources = owner.attributes.get(name, ())
        value = self._agree(self._source(source, scope) for source, scope in sources) if sources else None
        self._attributes[key] = value
        return value

    def call(self, node: ast.Call, scope: Scope, depth: int) -> Value | None:
        func = node.func
        if type(func) is ast.Attribute and func.attr in api.KNOWN_METHOD_NAMES:
            receiver = self.receiver(func.value, scope, depth + 1)
            if receiver is not None:
                method = receiver.method(func.attr)
                return call_method(receiver, method) if method is not None else None
        dotted = self.dotted_name(func, scope)
        if dotted is not None:
            kind = api.CONSTRUCTORS.get(dotted)
            if kind is not None:
                return instance_of(kind)
        if type(func) is ast.Name:
            local = self._local_function(func.id, scope)
            if local is not None:
                return self._function_call(local, scope)
        callee = self.value(func, scope, depth + 1)
        if isinstance(callee, ClassRef):
            return self._construct(callee, node, scope, depth)
        if isinstance(callee, Instance) and callee.info.call_returns == api.PRODUCT:
            return instantiate(callee.product)
        return None

    def _construct(self, cls: ClassRef, node: ast.Call, scope: Scope, depth: int) -> Value | None:
        """``AsyncSession(engine)``, ``async_sessionmaker(engine, class_=X)``..."""
        if cls.kind not in api.FACTORY_KINDS:
            return instantiate(cls)
        product = ClassRef(api.DEFAULT_PRODUCT[cls.kind])
        for keyword in node.keywords:
            if keyword.arg == "class_":
                made = self.value(keyword.value, scope, depth + 1)
                if not (isinstance(made, ClassRef) and api.KINDS[made.kind].is_session):
                    return None  # a class we cannot see: no evidence
                product = made
        if cls.kind.endswith("scoped_session") and node.args:
            factory = as_used(self.value(node.args[0], scope, depth + 1))
            if isinstance(factory, Instance) and factory.product:
                product = factory.product
        return Instance(cls.kind, product)

    # -- functions of this module ---------------------------------------------

    def _local_function(self, name: str, scope: Scope) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        current: Scope | None = scope
        first = True
        while current is not None:
            if current.kind == "class" and not first:
                current = current.parent
                continue
            sources = current.bindings.get(name)
            if sources is not None:
                if len(sources) == 1 and sources[0][0] == DEF:
                    return sources[0][1]
                return None
            first = False
            current = current.parent
        return None

    def _function_call(self, func: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope) -> Value | None:
        """Calling a function of this module: what its return annotation promises."""
        if func.returns is None:
            return None
        decorators = {self.dotted_name(d, scope) for d in func.decorator_list}
        returns = func.returns
        if decorators & _ASYNC_CONTEXT_MANAGERS or decorators & _SYNC_CONTEXT_MANAGERS:
            is_async = bool(decorators & _ASYNC_CONTEXT_MANAGERS)
            target = self._iterated(returns, scope, is_async)
            if target is None:
                return None
            behaviour = api.ASYNC_CM if is_async else api.SYNC
            return Pending("<function>", func.name, behaviour, entered=target)
        if func.decorator_list:
            return None  # other decorators may change what the call returns
        result = self.annotation(returns, scope)
        if result is None:
            return None
        if isinstance(func, ast.AsyncFunctionDef):
            if _is_generator(func):
                return None
            return Pending("<function>", func.name, api.COROUTINE, awaited=result)
        return result

    def _iterated(self, annotation: ast.expr, scope: Scope, is_async: bool) -> Value | None:
        """``AsyncIterator[AsyncSession]`` -> AsyncSession."""
        annotation = self._unstring(annotation)
        if type(annotation) is not ast.Subscript:
            return None
        wanted = _ASYNC_ITERATORS if is_async else _SYNC_ITERATORS
        if self.dotted_name(annotation.value, scope) not in wanted:
            return None
        arguments = annotation.slice
        first = arguments.elts[0] if type(arguments) is ast.Tuple and arguments.elts else arguments
        return self.annotation(first, scope)

    # -- annotations ----------------------------------------------------------

    def annotation(self, node: ast.expr | None, scope: Scope, depth: int = 0) -> Value | None:
        """The instance an annotation promises, or None."""
        value = self._type(node, scope, depth)
        if isinstance(value, ClassRef):
            return instantiate(value)
        if isinstance(value, Instance):
            return value
        return None

    def _type(self, node: ast.expr | None, scope: Scope, depth: int) -> Value | None:
        """A type expression: a ClassRef (or a parametrised factory Instance)."""
        if node is None or depth > MAX_DEPTH:
            return None
        node = self._unstring(node)
        node_type = type(node)
        if node_type is ast.Constant and node.value is None:
            return _NONE
        if node_type is ast.BinOp and type(node.op) is ast.BitOr:
            return self._union([node.left, node.right], scope, depth)
        if node_type is ast.Subscript:
            return self._subscript(node, scope, depth)
        if node_type in (ast.Name, ast.Attribute):
            dotted = self.dotted_name(node, scope)
            if dotted is not None:
                return self.dotted_value(dotted)
            if node_type is ast.Name:
                return self._alias(node.id, scope, depth)
        return None

    def _alias(self, name: str, scope: Scope, depth: int) -> Value | None:
        """``SessionDep = Annotated[AsyncSession, ...]``; ``class S(AsyncSession)``."""
        current: Scope | None = scope
        first = True
        while current is not None:
            if current.kind == "class" and not first:
                current = current.parent
                continue
            sources = current.bindings.get(name)
            if sources is not None:
                if len(sources) != 1:
                    return None
                source = sources[0]
                if source[0] == ASSIGN:
                    return self._type(source[1], current, depth + 1)
                if source[0] == ANNOTATED and source[2] is not None:
                    return self._type(source[2], current, depth + 1)  # X: TypeAlias = ...
                if source[0] == CLASS:
                    return self._binding(name, current)
                return None
            first = False
            current = current.parent
        return None

    def _subscript(self, node: ast.Subscript, scope: Scope, depth: int) -> Value | None:
        base = self.dotted_name(node.value, scope)
        arguments = node.slice
        items = list(arguments.elts) if type(arguments) is ast.Tuple else [arguments]
        if base in _OPTIONAL:
            return self._union(items + [ast.Constant(None)], scope, depth)
        if base in _UNION:
            return self._union(items, scope, depth)
        if base in _ANNOTATED:
            return self._type(items[0], scope, depth + 1) if items else None
        if base is None:
            return None
        outer = self._type(node.value, scope, depth + 1)
        if isinstance(outer, ClassRef) and outer.kind in api.FACTORY_KINDS:
            product = self._type(items[0], scope, depth + 1) if items else None
            if isinstance(product, ClassRef) and product.kind in api.KINDS and api.KINDS[product.kind].is_session:
                return Instance(outer.kind, product)
            return None
        return outer if isinstance(outer, ClassRef) else None

    def _union(self, members: list[ast.expr], scope: Scope, depth: int) -> Value | None:
        found = [self._type(member, scope, depth + 1) for member in members]
        return self._agree(value for value in found if value != _NONE)

    def _unstring(self, node: ast.expr) -> ast.expr:
        """A string annotation, parsed (once per distinct string)."""
        if type(node) is ast.Constant and type(node.value) is str:
            parsed = _parse_string_annotation(node.value)
            return parsed if parsed is not None else node
        return node


@functools.lru_cache(maxsize=1024)
def _parse_string_annotation(text: str) -> ast.expr | None:
    if len(text) > 500:
        return None
    try:
        return ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _is_generator(func: ast.AST) -> bool:
    """Does ``func``'s own body contain ``yield`` (not a nested function's)?"""
    stack = list(getattr(func, "body", []))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Yield, ast.YieldFrom)):
            return True
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        stack.extend(ast.iter_child_nodes(node))
    return False
