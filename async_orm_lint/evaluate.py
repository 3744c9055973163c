"""Evidence: what an expression is, from annotations, imports and constructors.

:class:`Evaluator` answers "what is this expression?" for the few expressions
the rules ask about, lazily and with memoisation.  It trusts:

* annotations naming an API class (``AsyncSession``, ``Optional[...]``,
  ``X | None``, ``Annotated[X, ...]``, string annotations, aliases);
* calls of known constructors and factories (``create_async_engine``,
  ``async_sessionmaker(...)``, ``sessionmaker(class_=AsyncSession)``...);
* the API table for method calls, ``await`` and ``async with``;
* functions of the project, summarised by their return annotation or by what
  their body returns or yields (``async with factory() as s: yield s``), and
  what FastAPI's ``Depends(...)`` injects from them;
* classes of the project: attributes annotated in the class body or bound as
  ``self.x = ...`` from evidence, through project base classes too;
* names imported from other modules of the project, through a
  :class:`Resolver` (:mod:`async_orm_lint.project`).

A name is trusted only when *every* binding of it in its scope agrees; any
binding the evaluator cannot read (a loop target, an unannotated parameter, an
unknown call) makes the name unknown.  Names are never evidence by themselves,
unless the user lists them in the ``session-names`` option.
"""

from __future__ import annotations

import ast
import functools
from typing import Iterable, Iterator, Protocol

from . import api
from .options import Options
from . import models
from .scopes import (
    Assigned, ClassDefined, ClassFacts, Declared, Defined, Imported, LoopTarget, ModuleScopes, Parameter, Scope,
    Source, WithTarget, imported_as,
)
from .returns import given_session, more_precise, parameters_of, returned_after_close, says_more, without_session_name
from .values import (
    ClassRef,
    Either,
    Instance,
    LoaderOption,
    ModelClass,
    ModelInstance,
    Pending,
    ProjectClass,
    ProjectFunction,
    ProjectInstance,
    RelationshipRef,
    Statement,
    Value,
    as_used,
    awaited,
    call_method,
    either,
    entered,
    instance_of,
    instantiate,
    product_of,
)

#: Deeper expressions than this are not evaluated (and get no finding).
MAX_DEPTH = 40
#: At most this many names, attributes and modules are followed at once (a
#: chain ``s1 = s0; s2 = s1; ...`` or of re-exports): beyond it, no evidence.
MAX_CHAIN = 60


class _Chain:
    """How many evaluations are under way, across modules (one per process)."""

    active = 0


_TYPING = ("typing", "typing_extensions")
_OPTIONAL = {f"{m}.Optional" for m in _TYPING}
_UNION = {f"{m}.Union" for m in _TYPING}
_ANNOTATED = {f"{m}.Annotated" for m in _TYPING}
#: Qualifiers of a declaration that say nothing of the type they wrap.
_QUALIFIERS = {f"{m}.{name}" for m in _TYPING for name in ("ClassVar", "Final")}
_ABCS = _TYPING + ("collections.abc",)
_ASYNC_ITERATORS = {f"{m}.{name}" for m in _ABCS for name in ("AsyncIterator", "AsyncGenerator", "AsyncIterable")}
_SYNC_ITERATORS = {f"{m}.{name}" for m in _ABCS for name in ("Iterator", "Generator", "Iterable")}
_ASYNC_CONTEXT_MANAGERS = {"contextlib.asynccontextmanager"}
_SYNC_CONTEXT_MANAGERS = {"contextlib.contextmanager"}
#: ``Callable[..., X]``: calling one gives an ``X``.
_CALLABLES = {"typing.Callable", "typing_extensions.Callable", "collections.abc.Callable"}
#: ``AbstractAsyncContextManager[X]``: ``async with`` one gives an ``X`` (``with``, for the sync ones).
_ASYNC_CONTEXT_MANAGER_TYPES = {
    "typing.AsyncContextManager", "typing_extensions.AsyncContextManager", "contextlib.AbstractAsyncContextManager",
}
_SYNC_CONTEXT_MANAGER_TYPES = {
    "typing.ContextManager", "typing_extensions.ContextManager", "contextlib.AbstractContextManager",
}
#: Decorators that leave what a call returns as it is.
_TRANSPARENT_DECORATORS = {
    "staticmethod", "classmethod", "abc.abstractmethod", "typing.overload", "functools.wraps",
    "functools.cache", "functools.lru_cache", "typing.final", "typing_extensions.override",
    "typing.override",
}
#: FastAPI's dependency markers: ``param = Depends(get_db)``.
_DEPENDS = {
    "fastapi.Depends", "fastapi.Security", "fastapi.params.Depends", "fastapi.params.Security",
    "fastapi.param_functions.Depends", "fastapi.param_functions.Security",
}

_NONE = ClassRef("<None>")  # the ``None`` in ``Optional`` / ``X | None``
_BUSY = object()  # marks a name under evaluation, to break cycles
_MISSING = object()  # not in the memo


class Resolver(Protocol):
    """Knows what names imported from other modules of the project are."""

    def resolve(self, dotted: str) -> Value | None: ...


def dotted_value(dotted: str, options: Options, resolver: Resolver) -> Value | None:
    """The value of an imported name: the API's, a configured one's, or the project's."""
    kind = api.CLASSES.get(dotted)
    if kind is not None:
        return ClassRef(kind)
    if dotted in api.DECLARATIVE_BASES:
        return models.DECLARATIVE_BASE
    if dotted in options.async_session_classes:
        return ClassRef("AsyncSession")
    if dotted in options.sync_session_classes:
        return ClassRef("Session")
    if dotted in options.async_session_factories:
        session = instance_of("AsyncSession")
        made = Pending("<factory>", dotted, api.AWAITABLE, awaited=session, entered=session, value=session)
        return ProjectFunction(dotted, returns=made, injects=session)
    return resolver.resolve(dotted)


class NullResolver:
    """Knows nothing outside the current module."""

    def resolve(self, dotted: str) -> Value | None:  # pylint: disable=unused-argument
        return None


class Evaluator:
    """Lazily evaluates expressions of one module."""

    def __init__(self, scopes: ModuleScopes, resolver: Resolver | None = None, options: Options | None = None) -> None:
        self.scopes = scopes
        self.resolver = resolver or NullResolver()
        self.options = options or Options()
        self._memo: dict[tuple[int, str], object] = {}
        self._narrowings = scopes.narrowings

    # -- names --------------------------------------------------------------

    @staticmethod
    def binding_scope(name: str, scope: Scope) -> Scope | None:
        """The scope whose binding of ``name`` is seen from ``scope`` (LEGB, no builtins)."""
        current: Scope | None = scope
        first = True
        while current is not None:
            if current.kind != "class" or first:
                if name in current.bindings:
                    return current
            first = False
            current = current.parent
        return None

    def lookup(self, name: str, scope: Scope) -> Value | None:
        """The value of ``name`` read in ``scope``."""
        owner = self.binding_scope(name, scope)
        if owner is not None:
            key = (id(owner), name)
            cached = self._memo.get(key, _MISSING)
            if cached is not _MISSING:  # the usual case, without making a closure
                return None if cached is _BUSY else cached  # type: ignore[return-value]
            sources = owner.bindings[name]
            if len(sources) == 1:
                return self._memoised(key, lambda: self._source(sources[0], owner))
            return self._memoised(key, lambda: self._bound_value([(source, owner) for source in sources]))
        for star in self.scopes.star_imports:
            value = self.resolver.resolve(f"{star}.{name}" if not star.endswith(".") else star + name)
            if value is not None:
                return value
        return None

    def imported(self, name: str, scope: Scope) -> bool:
        """Is ``name``, read in ``scope``, bound only by imports (a module, a class, a constant)?"""
        owner = self.binding_scope(name, scope)
        return owner is not None and all(type(source) is Imported for source in owner.bindings[name])

    def _memoised(self, key: tuple[int, str], compute) -> Value | None:
        if key in self._memo:
            cached = self._memo[key]
            return None if cached is _BUSY else cached  # type: ignore[return-value]
        if _Chain.active >= MAX_CHAIN:
            return None  # too long a chain to follow: no evidence (not memoised)
        self._memo[key] = _BUSY
        _Chain.active += 1
        try:
            value = compute()
        finally:
            _Chain.active -= 1
        self._memo[key] = value
        return value

    def _bound_value(self, sources: list[tuple[tuple, Scope]]) -> Value | None:
        """The value of a name (or attribute) from all its bindings, each with the scope it is in.

        A variable declaration is the evidence for every binding of the name:
        with ``session: AsyncSession`` and another binding the evaluator cannot
        read (``async with maker() as session``), the declaration says what the
        name is, as it does for a type checker.  Otherwise every binding must
        agree (a parameter rebound in the body to something unknown is unknown).
        """
        if len(sources) > 1:
            declared = [(source, scope) for source, scope in sources if type(source) is Declared]
            if declared and len(declared) < len(sources):
                value = self._agree(self.annotation(source.annotation, scope) for source, scope in declared)
                if value is not None:
                    return value
        return self._agree(self._source(source, scope) for source, scope in sources)

    @staticmethod
    def _agree(values: Iterable[Value | None]) -> Value | None:
        """The one value all sources give, or None if any is unknown or differs."""
        result: Value | None = None
        for value in values:
            if value is None or (result is not None and value != result):
                return None
            result = value
        return result

    def _source(self, source: Source, scope: Scope) -> Value | None:
        kind = type(source)
        if kind is Assigned:
            return as_used(self.value(source.value, scope))
        if kind is Declared:
            annotated = self.annotation(source.annotation, scope)
            if annotated is not None:
                return annotated
            return as_used(self.value(source.value, scope)) if source.value is not None else None
        if kind is Parameter:
            return self._parameter(source.annotation, source.default, source.name, scope)
        if kind is WithTarget:
            return entered(self.value(source.context, scope), is_async=source.is_async)
        if kind is LoopTarget:
            # a comprehension's first iterable runs in the enclosing scope, the others in its own
            iterated_scope = scope
            if scope.kind == "comprehension" and scope.parent and scope.node.generators[0].iter is source.iterable:
                iterated_scope = scope.parent
            return models.iterated(as_used(self.value(source.iterable, iterated_scope)), source.is_async)
        if kind is Imported:
            return self.dotted_value(source.dotted)
        if kind is ClassDefined:
            return self._class_value(source.node, scope)
        if kind is Defined:
            return self._function_value(source.node, scope)
        return None

    def _parameter(self, annotation, default, name: str, scope: Scope) -> Value | None:
        """A parameter: its annotation, what ``Depends(...)`` injects, or the name heuristic."""
        declared = self.annotation(annotation, scope.parent or scope) if annotation is not None else None
        injected = self._injected(default, scope.parent or scope) if default is not None else None
        if injected is not None and (declared is None or (
            isinstance(injected, Instance) and isinstance(declared, Instance) and injected.kind == declared.kind
        )):
            return injected  # it says more: which factory, expire_on_commit
        if declared is not None:
            return declared
        if annotation is None and name in self.options.session_names:
            return instance_of("AsyncSession")
        return None

    def _injected(self, node: ast.expr, scope: Scope) -> Value | None:
        """What ``Depends(get_db)`` hands to a parameter."""
        if type(node) is not ast.Call or self.dotted_name(node.func, scope) not in _DEPENDS:
            return None
        dependency = node.args[0] if node.args else next(
            (k.value for k in node.keywords if k.arg == "dependency"), None
        )
        provider = self.value(dependency, scope) if dependency is not None else None
        if isinstance(provider, ProjectFunction):
            return provider.injects
        if isinstance(provider, ClassRef):
            return instantiate(provider)
        if isinstance(provider, ProjectClass):
            return ProjectInstance(provider)
        return None

    def dotted_value(self, dotted: str) -> Value | None:
        return dotted_value(dotted, self.options, self.resolver)

    # -- canonical names ------------------------------------------------------

    def dotted_name(self, node: ast.expr, scope: Scope) -> str | None:
        """``sa.ext.asyncio.AsyncSession`` -> its import-resolved dotted name."""
        attributes: list[str] = []
        while type(node) is ast.Attribute:
            attributes.append(node.attr)
            node = node.value
            if len(attributes) > MAX_DEPTH:
                return None
        if type(node) is not ast.Name:
            return None
        owner = self.binding_scope(node.id, scope)
        if owner is None:
            if not attributes and node.id in _BUILTIN_DECORATORS:
                return node.id
            return None
        sources = owner.bindings[node.id]
        if len(sources) == 1:  # the usual case, without a call
            if type(sources[0]) is not Imported:
                return None
            imported = sources[0].dotted
        else:
            imported = imported_as(sources)
            if imported is None:
                return None
        return ".".join([imported] + attributes[::-1])

    # -- expressions ----------------------------------------------------------

    def value(self, node: ast.expr | None, scope: Scope, depth: int = 0) -> Value | None:
        """What ``node`` evaluates to, or None without evidence."""
        if node is None or depth > MAX_DEPTH:
            return None
        node_type = type(node)
        if node_type is ast.Name:
            if self._narrowings:
                narrowed = self._narrowed(node, scope)  # type: ignore[arg-type]
                if narrowed is not None:
                    return narrowed
            found = self.lookup(node.id, scope)
            if found is None and node.id in scope.bindings and len(scope.bindings[node.id]) > 1:
                return self._entered_here(node, scope)  # type: ignore[arg-type]
            return found
        if node_type is ast.Call or node_type is ast.Attribute:
            # memoised per node: a chain a.b().c().d() would otherwise be
            # evaluated again from every link
            key = (id(node), "")
            cached = self._memo.get(key, _MISSING)
            if cached is not _MISSING:
                return None if cached is _BUSY else cached  # type: ignore[return-value]
            if node_type is ast.Call:
                return self._memoised(key, lambda: self.call(node, scope, depth))
            return self._memoised(key, lambda: self.attribute(node, scope, depth))
        if node_type is ast.Await:
            return awaited(self.value(node.value, scope, depth + 1))
        if node_type is ast.NamedExpr:
            return self.value(node.value, scope, depth + 1)
        return None

    def _entered_here(self, node: ast.Name, scope: Scope) -> Value | None:
        """What the ``with`` whose body reads ``node`` bound it to, when nothing else can have.

        ``if is_async: async with maker() as s: ... else: with maker() as s:
        ...``: the bindings of ``s`` disagree, but in the body of each
        ``with``, ``s`` is what that ``with`` bound, unless another binding of
        ``s`` (placed, or that cannot be placed) is in the statement too.
        """
        line = node.lineno
        sources = scope.bindings[node.id]
        for source in sources:
            statement = source.statement if type(source) is WithTarget else None
            if statement is None or not statement.body[0].lineno <= line <= statement.end_lineno:
                continue
            if _bound_within(sources, statement.lineno, statement.end_lineno, besides=source):
                return None
            return entered(self.value(source.context, scope), is_async=source.is_async)
        return None

    def _narrowed(self, node: ast.Name, scope: Scope) -> Value | None:
        """What an ``isinstance`` test around ``node`` says it is (see :class:`~.scopes.Narrowing`).

        Only for a name of this scope none of whose bindings may be in the
        narrowed lines (a binding the walk cannot place, an import or an
        unpacking, may be anywhere), and with ``isinstance`` the builtin.
        """
        line = node.lineno
        for narrowing in self._narrowings:
            if narrowing.name != node.id or narrowing.scope is not scope or not (
                narrowing.first <= line <= narrowing.last
            ):
                continue
            if self.binding_scope(node.id, scope) is not scope or self.binding_scope("isinstance", scope) is not None:
                return None
            if _bound_within(scope.bindings[node.id], narrowing.first, narrowing.last):
                return None
            value = self.annotation(narrowing.cls, scope)
            if value is not None:
                return value
        return None

    def receiver(self, node: ast.expr, scope: Scope, depth: int = 0) -> Instance | None:
        """The API instance ``node`` is, when a method is called on it."""
        value = as_used(self.value(node, scope, depth))
        return value if isinstance(value, Instance) else None

    def attribute(self, node: ast.Attribute, scope: Scope, depth: int) -> Value | None:
        base = node.value
        if type(base) is ast.Name:
            method = scope.method_of(base.id)
            if method is not None:
                return self.class_attribute(method.owner, node.attr)
        dotted = self.dotted_name(node, scope)
        if dotted is not None:
            found = self.dotted_value(dotted)
            if found is not None:
                return found
        owner = as_used(self.value(base, scope, depth + 1))
        if isinstance(owner, ProjectInstance):
            return owner.cls.attribute(node.attr)
        if isinstance(owner, ModelClass):
            relationship = owner.relationship(node.attr)
            if relationship is not None:
                return RelationshipRef(owner.name, relationship.name, relationship.target)
            return None
        if isinstance(owner, ModelInstance):
            return self._related(owner, node.attr)
        return None

    def _related(self, instance: ModelInstance, name: str) -> Value | None:
        """``user.orders`` when it can be read: the related instance, or a list of them."""
        relationship = instance.model.relationship(name)
        if relationship is None or not (
            instance.is_loaded(name) or relationship.lazy in api.READ_WITHOUT_IO
        ) or relationship.lazy in ("dynamic", "write_only"):
            return None
        target = self.lookup(relationship.target, self.scopes.module)
        if not isinstance(target, ModelClass) and relationship.target_path is not None:
            target = self.dotted_value(relationship.target_path)
        if not isinstance(target, ModelClass):
            return None
        related = instance.related(relationship, target)
        return Instance("Rows", element=related) if relationship.collection else related

    @property
    def module_name(self) -> str | None:
        """The dotted name of the module being evaluated, when the project index knows it."""
        return getattr(self.resolver, "module", None)

    def assigned_list(self, name: str, scope: Scope) -> list[ast.expr] | None:
        """The elements of ``name = [...]`` when that is the name's only binding."""
        owner = self.binding_scope(name, scope)
        if owner is None:
            return None
        sources = owner.bindings[name]
        if len(sources) == 1 and type(sources[0]) is Assigned and type(sources[0].value) in (ast.List, ast.Tuple):
            return list(sources[0].value.elts)
        return None

    def class_attribute(self, owner: ClassFacts, name: str) -> Value | None:
        """``self.<name>`` in a method of the class ``owner``."""

        def compute() -> Value | None:
            sources = owner.attributes.get(name)
            if sources:
                return self._bound_value(sources)
            method = _method_named(owner.node, name)
            if method is not None:
                return self._method_value(method)
            for base in self._project_bases(owner):
                inherited = base.attribute(name)
                if inherited is not None:
                    return inherited
            return None

        return self._memoised((id(owner), "." + name), compute)

    def _method_value(self, method: ast.FunctionDef | ast.AsyncFunctionDef) -> Value | None:
        """A method read as an attribute: a function, or for a property what it returns."""
        body = self.scopes.function_scopes.get(method)
        class_scope = body.parent if body is not None else None
        if class_scope is None:
            return None
        decorators = {self.dotted_name(d, class_scope) for d in method.decorator_list}
        if decorators & _PROPERTIES:
            if len(method.decorator_list) != 1 or isinstance(method, ast.AsyncFunctionDef):
                return None
            summary = self._function_value(method, class_scope, ignore=method.decorator_list[0])
            return summary.returns if summary is not None else None
        return self._memoised((id(method), ""), lambda: self._function_value(method, class_scope))

    def _project_bases(self, owner: ClassFacts) -> Iterator[ProjectClass]:
        for base in owner.node.bases:
            if type(base) is ast.Subscript:  # class UserRepository(BaseRepository[User])
                base = base.value
            value = self.value(base, owner.outer)
            if isinstance(value, ProjectClass):
                yield value

    def call(self, node: ast.Call, scope: Scope, depth: int) -> Value | None:
        func = node.func
        if type(func) is ast.Attribute:
            base = as_used(self.value(func.value, scope, depth + 1))
            if isinstance(base, Instance) and func.attr in api.KNOWN_METHOD_NAMES:
                method = base.method(func.attr)
                return self._method_call(base, method, node, scope) if method is not None else None
            if isinstance(base, Either) and func.attr in api.KNOWN_METHOD_NAMES:
                return either(
                    self._method_call(member, method, node, scope)
                    if isinstance(member, Instance) and (method := member.method(func.attr)) is not None else None
                    for member in base.members
                )
            if isinstance(base, Statement):
                return models.statement_method(base, node, self, scope)
            if isinstance(base, LoaderOption):
                return models.loader_option(func.attr, node, self, scope, parent=base)
        dotted = self.dotted_name(func, scope)
        if dotted is not None:
            kind = api.CONSTRUCTORS.get(dotted)
            if kind is not None:
                return instance_of(kind)
            if dotted in CASTS and node.args:
                return self.annotation(node.args[0], scope, depth + 1)
            if dotted in api.SELECT_FUNCTIONS:
                return models.select_of(self, node, scope)
            if dotted in api.LOADER_OPTION_NAMES:
                return models.loader_option(dotted, node, self, scope)
            if dotted in api.DECLARATIVE_BASE_FACTORIES:
                return models.declarative_base()
        callee = self.value(func, scope, depth + 1)
        if isinstance(callee, ClassRef):
            return self._construct(callee, node, scope, depth)
        if isinstance(callee, ProjectFunction):
            return given_session(callee.returns, node)
        if isinstance(callee, ProjectClass):
            return ProjectInstance(callee)
        if isinstance(callee, ModelClass) and not callee.is_base and not callee.is_mixin:
            return ModelInstance(callee, frozenset({models.ALL_LOADED}))  # a new, transient object
        if isinstance(callee, Instance):
            return _made_by(callee)
        if isinstance(callee, Either):
            return either(_made_by(member) if isinstance(member, Instance) else None for member in callee.members)
        return None

    def _method_call(self, receiver: Instance, method: api.Method, node: ast.Call, scope: Scope) -> Value | None:
        """``receiver.method(...)``; queries and results carry the model of their rows."""
        pending = call_method(receiver, method)
        if receiver.info.is_session and method.name in api.QUERY_METHODS:
            session = node.func.value  # type: ignore[attr-defined]
            if pending.behaviour == api.SYNC:
                return pending._replace(
                    value=models.query_result(method.name, pending.value, node, receiver, self, scope, session)
                )
            return pending._replace(
                awaited=models.query_result(method.name, pending.awaited, node, receiver, self, scope, session)
            )
        if receiver.element is not None:
            if pending.behaviour == api.SYNC:
                return pending._replace(value=models.result_method(receiver, method.name, pending.value))
            return pending._replace(awaited=models.result_method(receiver, method.name, pending.awaited))
        return pending

    def _construct(self, cls: ClassRef, node: ast.Call, scope: Scope, depth: int) -> Value | None:
        """``AsyncSession(engine)``, ``async_sessionmaker(engine, class_=X)``..."""
        expires = True
        for keyword in node.keywords:
            if keyword.arg == "expire_on_commit":
                constant = keyword.value
                expires = constant.value if type(constant) is ast.Constant and type(constant.value) is bool else None
        if cls.kind not in api.FACTORY_KINDS:
            made = instantiate(cls)
            if made is not None and made.info.is_session:
                made = made._replace(expires=expires)
            return made
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
                expires = factory.expires
            else:
                expires = None
        return Instance(cls.kind, product, expires=expires)

    # -- functions and classes of the project -----------------------------------

    def _function_value(
        self, func: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope, ignore: ast.expr | None = None
    ) -> ProjectFunction | None:
        """Summarise a function: what a call returns, what a DI framework injects."""
        context_manager = None
        for decorator in func.decorator_list:
            if decorator is ignore:
                continue
            name = self.dotted_name(decorator, scope)
            if name in _ASYNC_CONTEXT_MANAGERS or name in _SYNC_CONTEXT_MANAGERS:
                context_manager = name
            elif name not in _TRANSPARENT_DECORATORS:
                return None  # an unknown decorator may change what a call returns
        body = self.scopes.function_scopes.get(func)
        if body is None:
            return None
        is_async = isinstance(func, ast.AsyncFunctionDef)
        yields, returns = body.yields, body.returns
        if yields:
            declared = self._iterated(func.returns, scope, is_async) if func.returns is not None else None
            produced = declared
            if declared is None or says_more(declared):
                produced = more_precise(declared, self._agree(  # ``yield from``: a delegated, unknown value
                    as_used(self.value(y.value, body)) if type(y) is ast.Yield else None for y in yields
                ))
            if produced is None:
                return None
            if context_manager is None:
                return ProjectFunction(func.name, injects=produced)
            behaviour = api.ASYNC_CM if is_async else api.SYNC
            return ProjectFunction(func.name, returns=Pending("<function>", func.name, behaviour, entered=produced))
        if context_manager is not None:
            return None
        result = self.annotation(func.returns, scope) if func.returns is not None else None
        if (result is None or says_more(result)) and returns and all(r.value is not None for r in returns):
            result = more_precise(result, self._agree(as_used(self.value(r.value, body)) for r in returns))
        if result is None:
            return None
        detached = bool(returns) and all(returned_after_close(r, body, result) for r in returns)
        injected = without_session_name(result, detached)
        # a function (not a method) that loads with a session it is given: the caller knows its name
        called = without_session_name(result, detached, parameters_of(func) if scope.kind != "class" else {})
        if is_async:
            return ProjectFunction(func.name, Pending("<function>", func.name, api.COROUTINE, awaited=called), injected)
        return ProjectFunction(func.name, called, injected)

    def _class_value(self, node: ast.ClassDef, scope: Scope) -> Value | None:
        """A subclass of an API class behaves as that class; mapped classes have relationships;
        other classes carry attributes."""
        bases = [self.value(base, scope) for base in node.bases]
        model = models.model_class(self, node, scope, bases)
        if model is not None:
            return model
        for value in bases:
            if isinstance(value, ClassRef) and value.kind in api.KINDS:
                defined = frozenset(
                    statement.name
                    for statement in node.body
                    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef))
                )
                return ClassRef(value.kind, value.overrides | defined)
        facts = self.scopes.classes.get(node)
        if facts is None:
            return None
        attributes: dict[str, Value] = {}
        for base in self._project_bases(facts):
            attributes.update(base.attributes)
        names = set(facts.attributes) | {
            s.name for s in node.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))
        }
        for name in sorted(names):
            value = self.class_attribute(facts, name)
            if value is None:
                attributes.pop(name, None)
            else:
                attributes[name] = value
        if not attributes:
            return None
        return ProjectClass(node.name, tuple(sorted(attributes.items())))

    def _iterated(self, annotation: ast.expr, scope: Scope, is_async: bool) -> Value | None:
        """``AsyncIterator[AsyncSession]`` -> AsyncSession."""
        annotation = _unstring(annotation)
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
        if isinstance(value, ProjectClass):
            return ProjectInstance(value)
        if isinstance(value, (Instance, ProjectInstance, Either, ProjectFunction, Pending)):
            return value  # a callable or a context manager of annotated results too
        return None

    def _type(self, node: ast.expr | None, scope: Scope, depth: int) -> Value | None:
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
            dotted = self.dotted_name(node, scope)
            if dotted is not None:
                return self.dotted_value(dotted)
            if node_type is ast.Name:
                return self._alias(node.id, scope, depth)
            value = self.value(node, scope, depth + 1)
            return value if isinstance(value, (ClassRef, ProjectClass)) else None
        return None

    def type_alias(self, name: str, scope: Scope) -> Value | None:
        """``name`` read as a type (``SessionDep = Annotated[AsyncSession, ...]``)."""
        return self._alias(name, scope, 0)

    def _alias(self, name: str, scope: Scope, depth: int) -> Value | None:
        """``SessionDep = Annotated[AsyncSession, ...]``; ``class S(AsyncSession)``."""
        owner = self.binding_scope(name, scope)
        if owner is None:
            value = self.lookup(name, scope)  # star imports
            return value if isinstance(value, (ClassRef, ProjectClass)) else None
        sources = owner.bindings[name]
        if len(sources) != 1:
            return None
        source = sources[0]
        if type(source) is Assigned:
            value = source.value
            if type(value) is ast.Call and self.dotted_name(value.func, owner) in _TYPE_VARS:
                return self._type_variable(value, owner, depth)
            return self._type(value, owner, depth + 1)
        if type(source) is Declared and source.value is not None:
            return self._type(source.value, owner, depth + 1)  # X: TypeAlias = ...
        if type(source) is ClassDefined:
            return self.lookup(name, owner)
        return None

    def _type_variable(self, node: ast.Call, scope: Scope, depth: int) -> Value | None:
        """``TypeVar("T", bound=X)``: a ``T`` is an ``X``; ``TypeVar("T", A, B)``: an ``A`` or a ``B``."""
        for keyword in node.keywords:
            if keyword.arg == "bound":
                return self._type(keyword.value, scope, depth + 1)
        if len(node.args) > 2:
            return self._union(node.args[1:], scope, depth)
        return None

    def _subscript(self, node: ast.Subscript, scope: Scope, depth: int) -> Value | None:
        base = self.dotted_name(node.value, scope)
        arguments = node.slice
        items = list(arguments.elts) if type(arguments) is ast.Tuple else [arguments]
        if base in _OPTIONAL:
            return self._union(items + [ast.Constant(None)], scope, depth)
        if base in _UNION:
            return self._union(items, scope, depth)
        if base in _QUALIFIERS:
            return self._type(items[0], scope, depth + 1) if len(items) == 1 else None
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
            declared = self._type(items[0], scope, depth + 1)
            for metadata in items[1:]:
                injected = self._injected(metadata, scope)
                # the dependency says more (which factory, expire_on_commit) when it agrees
                if injected is not None and (
                    declared is None or (isinstance(injected, Instance) and isinstance(declared, ClassRef)
                                         and injected.kind == declared.kind)
                ):
                    return injected
            return declared
        outer = self._type(node.value, scope, depth + 1)
        if isinstance(outer, ClassRef) and outer.kind in api.FACTORY_KINDS:
            product = self._type(items[0], scope, depth + 1) if items else None
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
            base = self.dotted_name(node.value, scope)  # type: ignore[attr-defined]
            arguments = node.slice  # type: ignore[attr-defined]
            items = list(arguments.elts) if type(arguments) is ast.Tuple else [arguments]
            if base in _OPTIONAL or base in _UNION:
                return all(self.never_awaitable(item, scope, depth + 1) for item in items)
            if base in _ANNOTATED:
                return bool(items) and self.never_awaitable(items[0], scope, depth + 1)
            if base in _CONTAINERS or (
                type(node.value) is ast.Name and node.value.id in _BUILTIN_CONTAINERS  # type: ignore
                and self.binding_scope(node.value.id, scope) is None  # type: ignore[attr-defined]
            ):
                return True
            return self.never_awaitable(node.value, scope, depth + 1)  # type: ignore[attr-defined]  # Result[Any]
        if node_type is ast.Name and node.id in _BUILTIN_TYPES:  # type: ignore[attr-defined]
            return self.binding_scope(node.id, scope) is None  # type: ignore[attr-defined]
        if node_type in (ast.Name, ast.Attribute):
            if self.dotted_name(node, scope) in _CONTAINERS:  # type: ignore[arg-type]
                return True
            value = self._type(node, scope, depth + 1)  # type: ignore[arg-type]
            if isinstance(value, ModelClass):
                return not value.is_base and not value.is_mixin
            return isinstance(value, ClassRef) and value.kind in api.KINDS and not api.KINDS[value.kind].awaitable
        return False

    def _union(self, members: list[ast.expr], scope: Scope, depth: int) -> Value | None:
        found = [self._type(member, scope, depth + 1) for member in members]
        found = [value for value in found if value != _NONE]
        agreed = self._agree(found)
        if agreed is not None or len(found) < 2:
            return agreed
        if all(isinstance(value, (ClassRef, Instance)) and value.kind in _TOLD_APART_BY_WITH for value in found):
            # ``sessionmaker | async_sessionmaker``, ``Engine | AsyncEngine``: ``with`` or ``async with`` will tell
            return either(instantiate(value) if isinstance(value, ClassRef) else value for value in found)
        return _api_union(found)


_BUILTIN_DECORATORS = frozenset({"staticmethod", "classmethod", "property"})
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
_PROPERTIES = frozenset({"property", "functools.cached_property"})
#: ``typing.cast(T, value)``: returns ``value`` as it is.
CASTS = frozenset({"typing.cast", "typing_extensions.cast"})


def _bound_within(sources: list[Source], first: int, last: int, besides: Source | None = None) -> bool:
    """May a binding among ``sources`` (but ``besides``) be in the lines ``first`` to ``last``?
    A binding the walk cannot place (an import, an unpacking) may be anywhere; a parameter is
    placed at its annotation, or bound on entry without one."""
    for source in sources:
        if source is besides:
            continue
        where = source.place
        if where is None and type(source) is Parameter:
            continue
        if where is None or first <= where.lineno <= last:  # type: ignore[attr-defined]
            return True
    return False


def _made_by(factory: Instance) -> Instance | None:
    """What calling a session factory (or a scoped registry) makes."""
    return product_of(factory) if factory.info.call_returns == api.PRODUCT else None


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


def _method_named(cls: ast.ClassDef, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The one method ``name`` defined in the class body (None if absent or defined twice)."""
    found = [s for s in cls.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == name]
    return found[0] if len(found) == 1 else None


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
