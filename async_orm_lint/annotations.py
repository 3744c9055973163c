"""What an annotation declares: the API's classes, unions of them, factories of them, dependencies.

``session: AsyncSession``, ``Optional[AsyncSession]``, ``AsyncSession |
None``, ``Annotated[AsyncSession, Depends(get_db)]``, string annotations,
aliases (``SessionDep = Annotated[...]``, ``X: TypeAlias = ...``), type
variables by their bound or constraints, ``Callable[..., AsyncSession]``,
``AbstractAsyncContextManager[AsyncSession]``, ``async_sessionmaker[AsyncSession]``.
Also whether an annotation promises something that can never be awaited
(``int``, ``list[User]``, a mapped class), which tells a returned coroutine
from a value returned by mistake.
"""

from __future__ import annotations

import ast
import functools

from . import api
from .evidence import MAX_DEPTH, Evidence, agree, binding_scope
from .scopes import Assigned, ClassDefined, Declared, Scope
from .values import (
    ClassRef,
    Either,
    Instance,
    ModelClass,
    Pending,
    ProjectClass,
    ProjectFunction,
    ProjectInstance,
    Value,
    either,
    instantiate,
)

_TYPING = ("typing", "typing_extensions")
_OPTIONAL = {f"{m}.Optional" for m in _TYPING}
_UNION = {f"{m}.Union" for m in _TYPING}
_ANNOTATED = {f"{m}.Annotated" for m in _TYPING}
#: Qualifiers of a declaration that say nothing of the type they wrap.
_QUALIFIERS = {f"{m}.{name}" for m in _TYPING for name in ("ClassVar", "Final")}
_ABCS = _TYPING + ("collections.abc",)
_ASYNC_ITERATORS = {f"{m}.{name}" for m in _ABCS for name in ("AsyncIterator", "AsyncGenerator", "AsyncIterable")}
_SYNC_ITERATORS = {f"{m}.{name}" for m in _ABCS for name in ("Iterator", "Generator", "Iterable")}
#: ``Callable[..., X]``: calling one gives an ``X``.
_CALLABLES = {"typing.Callable", "typing_extensions.Callable", "collections.abc.Callable"}
#: ``AbstractAsyncContextManager[X]``: ``async with`` one gives an ``X`` (``with``, for the sync ones).
_ASYNC_CONTEXT_MANAGER_TYPES = {
    "typing.AsyncContextManager", "typing_extensions.AsyncContextManager", "contextlib.AbstractAsyncContextManager",
}
_SYNC_CONTEXT_MANAGER_TYPES = {
    "typing.ContextManager", "typing_extensions.ContextManager", "contextlib.AbstractContextManager",
}
#: FastAPI's dependency markers: ``param = Depends(get_db)``.
_DEPENDS = {
    "fastapi.Depends", "fastapi.Security", "fastapi.params.Depends", "fastapi.params.Security",
    "fastapi.param_functions.Depends", "fastapi.param_functions.Security",
}

_NONE = ClassRef("<None>")  # the ``None`` in ``Optional`` / ``X | None``
#: Types whose values are never awaitable (see :meth:`Evaluator.never_awaitable`).
_BUILTIN_CONTAINERS = frozenset({"list", "dict", "set", "frozenset", "tuple", "type"})
_BUILTIN_TYPES = _BUILTIN_CONTAINERS | {"int", "float", "complex", "str", "bytes", "bytearray", "bool"}
_CONTAINERS = frozenset(
    f"{module}.{name}" for module in _ABCS for name in (
        "List", "Dict", "Set", "FrozenSet", "Tuple", "Sequence", "MutableSequence", "Mapping", "MutableMapping",
        "Iterable", "Iterator", "Collection", "AbstractSet", "MutableSet", "Type",
    )
) | {"builtins.list", "builtins.dict", "builtins.int", "builtins.str", "builtins.bool"}
#: Kinds whose unions become an :class:`~.values.Either`: what ``with`` or ``async with`` enters tells the member.
_TOLD_APART_BY_WITH = api.FACTORY_KINDS | {"Engine", "AsyncEngine"}
#: ``T = TypeVar("T", bound=...)``.
_TYPE_VARS = {f"{m}.TypeVar" for m in _TYPING}
#: ``UserSession = NewType("UserSession", AsyncSession)``: a ``UserSession`` is an ``AsyncSession``.
NEW_TYPES = frozenset(f"{m}.NewType" for m in _TYPING)


class AnnotationReader:
    """Reads annotations (and the aliases and type variables they name) for an evaluator."""

    def __init__(self, evaluator: Evidence) -> None:
        self.evaluator = evaluator

    def injected(self, node: ast.expr, scope: Scope) -> Value | None:
        """What ``Depends(get_db)`` hands to a parameter."""
        if type(node) is not ast.Call or self.evaluator.dotted_name(node.func, scope) not in _DEPENDS:
            return None
        dependency = node.args[0] if node.args else next(
            (k.value for k in node.keywords if k.arg == "dependency"), None
        )
        provider = self.evaluator.value(dependency, scope) if dependency is not None else None
        if isinstance(provider, ProjectFunction):
            return provider.injects
        if isinstance(provider, ClassRef):
            return instantiate(provider)
        if isinstance(provider, ProjectClass):
            return ProjectInstance(provider)
        return None

    def iterated(self, annotation: ast.expr, scope: Scope, is_async: bool) -> Value | None:
        """``AsyncIterator[AsyncSession]`` -> AsyncSession."""
        annotation = _unstring(annotation)
        if type(annotation) is not ast.Subscript:
            return None
        wanted = _ASYNC_ITERATORS if is_async else _SYNC_ITERATORS
        if self.evaluator.dotted_name(annotation.value, scope) not in wanted:
            return None
        arguments = annotation.slice
        first = arguments.elts[0] if type(arguments) is ast.Tuple and arguments.elts else arguments
        return self.annotation(first, scope)

    def annotation(self, node: ast.expr | None, scope: Scope, depth: int = 0) -> Value | None:
        """The instance an annotation promises, or None."""
        value = self.type_of(node, scope, depth)
        if isinstance(value, ClassRef):
            return instantiate(value)
        if isinstance(value, ProjectClass):
            return ProjectInstance(value)
        if isinstance(value, (Instance, ProjectInstance, Either, ProjectFunction, Pending)):
            return value  # a callable or a context manager of annotated results too
        return None

    def type_of(self, node: ast.expr | None, scope: Scope, depth: int) -> Value | None:
        """A type expression: a class (or an instance, for parametrised factories and ``Depends``)."""
        if node is None or depth > MAX_DEPTH:
            return None
        node = _unstring(node)
        node_type = type(node)
        if node_type is ast.Constant and node.value is None:
            return _NONE
        if node_type is ast.BinOp and type(node.op) is ast.BitOr:
            return self._union([node.left, node.right], scope, depth)
        if node_type is ast.Subscript:
            return self._subscript(node, scope, depth)
        if node_type in (ast.Name, ast.Attribute):
            dotted = self.evaluator.dotted_name(node, scope)
            if dotted is not None:
                return self.evaluator.dotted_value(dotted)
            if node_type is ast.Name:
                return self._alias(node.id, scope, depth)
            value = self.evaluator.value(node, scope, depth + 1)
            return value if isinstance(value, (ClassRef, ProjectClass)) else None
        return None

    def is_new_type(self, name: str, scope: Scope) -> bool:
        """Is ``name`` made by ``NewType(...)`` (so that calling it returns its argument)?"""
        owner = binding_scope(name, scope)
        sources = owner.bindings[name] if owner is not None else ()
        return len(sources) == 1 and type(sources[0]) is Assigned and type(sources[0].value) is ast.Call and (
            self.evaluator.dotted_name(sources[0].value.func, owner) in NEW_TYPES  # type: ignore[union-attr,arg-type]
        )

    def type_alias(self, name: str, scope: Scope) -> Value | None:
        """``name`` read as a type (``SessionDep = Annotated[AsyncSession, ...]``)."""
        return self._alias(name, scope, 0)

    def _alias(self, name: str, scope: Scope, depth: int) -> Value | None:
        """``SessionDep = Annotated[AsyncSession, ...]``; ``class S(AsyncSession)``."""
        owner = binding_scope(name, scope)
        if owner is None:
            value = self.evaluator.lookup(name, scope)  # star imports
            return value if isinstance(value, (ClassRef, ProjectClass)) else None
        sources = owner.bindings[name]
        if len(sources) != 1:
            return None
        source = sources[0]
        if type(source) is Assigned:
            value = source.value
            if type(value) is ast.Call:
                called = self.evaluator.dotted_name(value.func, owner)
                if called in _TYPE_VARS:
                    return self._type_variable(value, owner, depth)
                if called in NEW_TYPES and len(value.args) == 2:
                    return self.type_of(value.args[1], owner, depth + 1)
            return self.type_of(value, owner, depth + 1)
        if type(source) is Declared and source.value is not None:
            return self.type_of(source.value, owner, depth + 1)  # X: TypeAlias = ...
        if type(source) is ClassDefined:
            return self.evaluator.lookup(name, owner)
        return None

    def _type_variable(self, node: ast.Call, scope: Scope, depth: int) -> Value | None:
        """``TypeVar("T", bound=X)``: a ``T`` is an ``X``; ``TypeVar("T", A, B)``: an ``A`` or a ``B``."""
        for keyword in node.keywords:
            if keyword.arg == "bound":
                return self.type_of(keyword.value, scope, depth + 1)
        if len(node.args) > 2:
            return self._union(node.args[1:], scope, depth)
        return None

    def _subscript(self, node: ast.Subscript, scope: Scope, depth: int) -> Value | None:
        base = self.evaluator.dotted_name(node.value, scope)
        arguments = node.slice
        items = list(arguments.elts) if type(arguments) is ast.Tuple else [arguments]
        if base in _OPTIONAL:
            return self._union(items + [ast.Constant(None)], scope, depth)
        if base in _UNION:
            return self._union(items, scope, depth)
        if base in _QUALIFIERS:
            return self.type_of(items[0], scope, depth + 1) if len(items) == 1 else None
        if base in _CALLABLES:
            returned = self.annotation(items[1], scope, depth + 1) if len(items) == 2 else None
            return ProjectFunction("<callable>", returns=returned) if returned is not None else None
        if base in _ASYNC_CONTEXT_MANAGER_TYPES or base in _SYNC_CONTEXT_MANAGER_TYPES:
            inner = self.annotation(items[0], scope, depth + 1) if items else None
            if inner is None:
                return None
            behaviour = api.ASYNC_CM if base in _ASYNC_CONTEXT_MANAGER_TYPES else api.SYNC
            return Pending("<context manager>", base.rsplit(".", 1)[1], behaviour, entered=inner)
        if base in _ANNOTATED:
            if not items:
                return None
            declared = self.type_of(items[0], scope, depth + 1)
            for metadata in items[1:]:
                injected = self.injected(metadata, scope)
                # the dependency says more (which factory, expire_on_commit) when it agrees
                if injected is not None and (
                    declared is None or (isinstance(injected, Instance) and isinstance(declared, ClassRef)
                                         and injected.kind == declared.kind)
                ):
                    return injected
            return declared
        outer = self.type_of(node.value, scope, depth + 1)
        if isinstance(outer, ClassRef) and outer.kind in api.FACTORY_KINDS:
            product = self.type_of(items[0], scope, depth + 1) if items else None
            if isinstance(product, ClassRef) and product.kind in api.KINDS and api.KINDS[product.kind].is_session:
                return Instance(outer.kind, product)
            return None
        return outer if isinstance(outer, (ClassRef, ProjectClass)) else None

    def never_awaitable(self, node: ast.expr, scope: Scope, depth: int = 0) -> bool:
        """Does the annotation ``node`` promise a value that cannot be awaited?

        Builtin types and containers (``int``, ``list[User]``, ``Sequence[...]``),
        ``None``, mapped classes and the API's classes that are not awaitable
        (``Result``, ``Session``...), and unions and ``Optional``s of those.
        Anything else (``Any``, a type variable, a class of the project, which
        may define ``__await__``) may be awaitable: False.
        """
        node = _unstring(node)  # type: ignore[assignment]
        node_type = type(node)
        if depth > MAX_DEPTH:
            return False
        if node_type is ast.Constant:
            return node.value is None  # type: ignore[attr-defined]
        if node_type is ast.BinOp and type(node.op) is ast.BitOr:  # type: ignore[attr-defined]
            return self.never_awaitable(node.left, scope, depth + 1) and self.never_awaitable(  # type: ignore
                node.right, scope, depth + 1  # type: ignore[attr-defined]
            )
        if node_type is ast.Subscript:
            base = self.evaluator.dotted_name(node.value, scope)  # type: ignore[attr-defined]
            arguments = node.slice  # type: ignore[attr-defined]
            items = list(arguments.elts) if type(arguments) is ast.Tuple else [arguments]
            if base in _OPTIONAL or base in _UNION:
                return all(self.never_awaitable(item, scope, depth + 1) for item in items)
            if base in _ANNOTATED:
                return bool(items) and self.never_awaitable(items[0], scope, depth + 1)
            if base in _CONTAINERS or (
                type(node.value) is ast.Name and node.value.id in _BUILTIN_CONTAINERS  # type: ignore
                and binding_scope(node.value.id, scope) is None  # type: ignore[attr-defined]
            ):
                return True
            return self.never_awaitable(node.value, scope, depth + 1)  # type: ignore[attr-defined]  # Result[Any]
        if node_type is ast.Name and node.id in _BUILTIN_TYPES:  # type: ignore[attr-defined]
            return binding_scope(node.id, scope) is None  # type: ignore[attr-defined]
        if node_type in (ast.Name, ast.Attribute):
            if self.evaluator.dotted_name(node, scope) in _CONTAINERS:  # type: ignore[arg-type]
                return True
            value = self.type_of(node, scope, depth + 1)  # type: ignore[arg-type]
            if isinstance(value, ModelClass):
                return not value.is_base and not value.is_mixin
            return isinstance(value, ClassRef) and value.kind in api.KINDS and not api.KINDS[value.kind].awaitable
        return False

    def _union(self, members: list[ast.expr], scope: Scope, depth: int) -> Value | None:
        found = [self.type_of(member, scope, depth + 1) for member in members]
        found = [value for value in found if value != _NONE]
        agreed = agree(found)
        if agreed is not None or len(found) < 2:
            return agreed
        if all(isinstance(value, (ClassRef, Instance)) and value.kind in _TOLD_APART_BY_WITH for value in found):
            # ``sessionmaker | async_sessionmaker``, ``Engine | AsyncEngine``: ``with`` or ``async with`` will tell
            return either(instantiate(value) if isinstance(value, ClassRef) else value for value in found)
        return _api_union(found)


def _api_union(members: list[Value | None]) -> ClassRef | None:
    """``Union[AsyncSession, async_scoped_session]``: one class, knowing only what all members agree on.

    The union behaves as its first member, except for the methods whose
    behaviour differs between members (or that some member lacks): those are
    treated as overridden, so they never give a finding.  ``Session |
    AsyncSession`` keeps ``add`` (sync in both) and silences ``commit``.
    """
    kinds: list[tuple[str, frozenset[str]]] = []
    for member in members:
        if isinstance(member, (ClassRef, Instance)) and member.kind in api.KINDS:
            kinds.append((member.kind, member.overrides))
        else:
            return None
    first = api.KINDS[kinds[0][0]]
    unsure = set().union(*(overrides for _, overrides in kinds))
    for kind, _ in kinds[1:]:
        other = api.KINDS[kind]
        if other.awaitable != first.awaitable:
            return None
        for name, method in first.methods.items():
            twin = other.methods.get(name)
            if twin is None or twin.behaviour != method.behaviour or twin.returns != method.returns:
                unsure.add(name)
    return ClassRef(first.name, frozenset(unsure))


def _unstring(node: ast.expr) -> ast.expr:
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
