"""Evidence: what an expression is, from annotations, imports and constructors.

:class:`Evaluator` answers "what is this expression?" for the few expressions
the rules ask about, lazily and with memoisation.  It trusts:

* annotations naming an API class (``AsyncSession``, ``Optional[...]``,
  ``X | None``, ``Annotated[X, ...]``, string annotations, aliases):
  :mod:`.annotations`;
* calls of known constructors and factories (``create_async_engine``,
  ``async_sessionmaker(...)``, ``sessionmaker(class_=AsyncSession)``...);
* the API table for method calls, ``await`` and ``async with``;
* functions of the project, summarised by their return annotation or by what
  their body returns or yields (``async with factory() as s: yield s``), and
  what FastAPI's ``Depends(...)`` injects from them; classes of the project:
  attributes annotated in the class body or bound as ``self.x = ...`` from
  evidence, through project base classes too: :mod:`.summaries`;
* mapped classes, statements and loader options: :mod:`.models`;
* names imported from other modules of the project, through a
  :class:`~.evidence.Resolver` (:mod:`async_orm_lint.project`).

A name is trusted only when *every* binding of it in its scope agrees
(:mod:`.bindings`); any binding the evaluator cannot read (a loop target, an
unannotated parameter, an unknown call) makes the name unknown.  Names are
never evidence by themselves, unless the user lists them in the
``session-names`` option.
"""

from __future__ import annotations

import ast
from typing import Callable, Iterable

from . import api, models
from .annotations import AnnotationReader
from .bindings import BindingReader
from .evidence import MAX_DEPTH, Resolver, agree, binding_scope
from .options import Options
from .scopes import Assigned, ClassFacts, Imported, ModuleScopes, Scope, Source, imported_as
from .summaries import Summaries, given_session
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
    instance_of,
    instantiate,
    of_class,
    product_of,
)

#: At most this many names, attributes and modules are followed at once (a
#: chain ``s1 = s0; s2 = s1; ...`` or of re-exports): beyond it, no evidence.
MAX_CHAIN = 60


class _Chain:
    """How many evaluations are under way, across modules (one per process)."""

    active = 0


_BUSY = object()  # marks a name under evaluation, to break cycles
_MISSING = object()  # not in the memo
_BUILTIN_DECORATORS = frozenset({"staticmethod", "classmethod", "property"})
#: Builtins that copy what they iterate into a list (of the same rows).
_COPYING_BUILTINS = frozenset({"list", "tuple", "sorted", "reversed"})
#: ``typing.cast(T, value)``: returns ``value`` as it is.
CASTS = frozenset({"typing.cast", "typing_extensions.cast"})


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

    def absolute(self, dotted: str) -> str | None:
        return dotted


class Evaluator:  # pylint: disable=too-many-public-methods  # the one object its parts and the rules ask
    """Lazily evaluates expressions of one module."""

    def __init__(self, scopes: ModuleScopes, resolver: Resolver | None = None, options: Options | None = None) -> None:
        self.scopes = scopes
        self.resolver = resolver or NullResolver()
        self.options = options or Options()
        self._memo: dict[tuple[int, str], object] = {}
        self._narrowings = scopes.narrowings
        self.bindings = BindingReader(self)
        self.types = AnnotationReader(self)
        self.summaries = Summaries(self)

    def release(self) -> None:
        """The analysis is over: break the cycles between the evaluator, its parts and the module's scopes,
        so that all of it is freed as soon as the last reference goes (not by the host's next collection)."""
        self.scopes.release()
        self.bindings.evaluator = self.types.evaluator = self.summaries.evaluator = None  # type: ignore[assignment]

    def lookup(self, name: str, scope: Scope) -> Value | None:
        """The value of ``name`` read in ``scope``."""
        owner = binding_scope(name, scope)
        if owner is not None:
            key = (id(owner), name)
            cached = self._memo.get(key, _MISSING)
            if cached is not _MISSING:  # the usual case, without making a closure
                return None if cached is _BUSY else cached  # type: ignore[return-value]
            sources = owner.bindings[name]
            if len(sources) == 1:
                return self.memoised(key, lambda: self.bindings.source(sources[0], owner))
            return self.memoised(key, lambda: self.bindings.bound_value([(source, owner) for source in sources]))
        for star in self.scopes.star_imports:
            value = self.resolver.resolve(f"{star}.{name}" if not star.endswith(".") else star + name)
            if value is not None:
                return value
        return None

    def imported(self, name: str, scope: Scope) -> bool:
        """Is ``name``, read in ``scope``, bound only by imports (a module, a class, a constant)?"""
        owner = binding_scope(name, scope)
        return owner is not None and all(type(source) is Imported for source in owner.bindings[name])

    def memoised(self, key: tuple[int, str], compute: Callable[[], Value | None]) -> Value | None:
        """``compute()``, once per key; None while it is under way (a cycle) or when the chain of
        evaluations under way is too long to follow."""
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

    def dotted_value(self, dotted: str) -> Value | None:
        """The value of an imported (absolute or relative) dotted name."""
        return dotted_value(dotted, self.options, self.resolver)

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
        owner = binding_scope(node.id, scope)
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

    def value(self, node: ast.expr | None, scope: Scope, depth: int = 0) -> Value | None:
        """What ``node`` evaluates to, or None without evidence."""
        if node is None or depth > MAX_DEPTH:
            return None
        node_type = type(node)
        if node_type is ast.Name:
            if self._narrowings:
                narrowed = self.bindings.narrowed(node, scope)  # type: ignore[arg-type]
                if narrowed is not None:
                    return narrowed
            owner = binding_scope(node.id, scope)  # type: ignore[attr-defined]
            if owner is not None and owner.kind == "function" and len(owner.bindings[node.id]) > 1:  # type: ignore
                reaching = self.bindings.reaching(node, scope, owner)  # type: ignore[arg-type]
                if reaching is not None:
                    return reaching
            found = self.lookup(node.id, scope)
            if found is None and node.id in scope.bindings and len(scope.bindings[node.id]) > 1:
                return self.bindings.entered_here(node, scope)  # type: ignore[arg-type]
            return found
        if node_type is ast.Call or node_type is ast.Attribute:
            # memoised per node: a chain a.b().c().d() would otherwise be
            # evaluated again from every link
            key = (id(node), "")
            cached = self._memo.get(key, _MISSING)
            if cached is not _MISSING:
                return None if cached is _BUSY else cached  # type: ignore[return-value]
            if node_type is ast.Call:
                return self.memoised(key, lambda: self.call(node, scope, depth))
            return self.memoised(key, lambda: self.attribute(node, scope, depth))
        if node_type is ast.Await:
            return awaited(self.value(node.value, scope, depth + 1))
        if node_type is ast.NamedExpr:
            return self.value(node.value, scope, depth + 1)
        if (node_type is ast.BoolOp and type(node.op) is ast.Or) or node_type is ast.IfExp:
            # ``engine or make_engine()``, ``a if c else b``: what every operand that may be the value agrees on
            operands = node.values if node_type is ast.BoolOp else (node.body, node.orelse)  # type: ignore
            operands = [o for o in operands if not (type(o) is ast.Constant and o.value is None)]
            return agree(self.value(o, scope, depth + 1) for o in operands) if operands else None
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
                return self.summaries.class_attribute(method.owner, node.attr)
        dotted = self.dotted_name(node, scope)
        if dotted is not None:
            found = self.dotted_value(dotted)
            if found is not None:
                return found
        owner = as_used(self.value(base, scope, depth + 1))
        if isinstance(owner, ProjectInstance):
            return of_class(owner.cls.attribute(node.attr), owner.cls)
        if isinstance(owner, ProjectClass):  # ``Repo.from_session(...)``: a classmethod, a class attribute
            return of_class(owner.attribute(node.attr), owner)
        if isinstance(owner, (Instance, ClassRef)) and owner.members:
            return owner.member(node.attr)  # a project subclass's own method, property or attribute
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
        owner = binding_scope(name, scope)
        if owner is None:
            return None
        sources = owner.bindings[name]
        if len(sources) == 1 and type(sources[0]) is Assigned and type(sources[0].value) in (ast.List, ast.Tuple):
            return list(sources[0].value.elts)
        return None

    def call(self, node: ast.Call, scope: Scope, depth: int) -> Value | None:
        func = node.func
        if type(func) is ast.Attribute:
            base = as_used(self.value(func.value, scope, depth + 1))
            if isinstance(base, Instance) and func.attr in api.KNOWN_METHOD_NAMES:
                method = base.method(func.attr)
                if method is not None:
                    return self._method_call(base, method, node, scope)
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
        if type(func) is ast.Name and func.id in _COPYING_BUILTINS and len(node.args) == 1 and not node.keywords:
            if binding_scope(func.id, scope) is None:  # ``list(result.scalars())``: the same rows
                element = models.iterated(as_used(self.value(node.args[0], scope, depth + 1)), is_async=False)
                return Instance("Rows", element=element) if element is not None else None
        dotted = self.dotted_name(func, scope)
        if dotted is not None:
            kind = api.CONSTRUCTORS.get(dotted)
            if kind is not None:
                return instance_of(kind)
            if dotted in CASTS and node.args:
                return self.types.annotation(node.args[0], scope, depth + 1)
            if dotted in api.SELECT_FUNCTIONS:
                return models.select_of(self, node, scope)
            if dotted in api.LOADER_OPTION_NAMES:
                return models.loader_option(dotted, node, self, scope)
            if dotted in api.DECLARATIVE_BASE_FACTORIES:
                return models.declarative_base()
            if node.args and dotted in api.WRAPPING_FUNCTIONS:
                return self.summaries.wrapped(dotted, node, scope, depth)
        callee = self.value(func, scope, depth + 1)
        if isinstance(callee, ClassRef):
            return self._construct(callee, node, scope, depth)
        if isinstance(callee, ProjectFunction):
            return self.summaries.given_options(given_session(callee.returns, node), node, scope)
        if isinstance(callee, ProjectClass):
            return ProjectInstance(callee)
        if isinstance(callee, ProjectInstance):  # ``db()``: an object of the project with ``__call__``
            method = callee.cls.attribute("__call__")
            return given_session(method.returns, node) if isinstance(method, ProjectFunction) else None
        if isinstance(callee, ModelClass) and not callee.is_base and not callee.is_mixin:
            return ModelInstance(callee, frozenset({models.ALL_LOADED}))  # a new, transient object
        if isinstance(callee, Instance):
            return _made_by(callee)
        if isinstance(callee, Either):
            return either(_made_by(member) if isinstance(member, Instance) else None for member in callee.members)
        if callee is None and type(func) is ast.Name and len(node.args) == 1 and self.types.is_new_type(func.id, scope):
            return self.value(node.args[0], scope, depth + 1)  # ``UserSession(session)`` returns the session
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
        bind = node.args[0] if node.args else None
        for keyword in node.keywords:
            if keyword.arg == "expire_on_commit":
                constant = keyword.value
                expires = constant.value if type(constant) is ast.Constant and type(constant.value) is bool else None
            elif keyword.arg == "bind":
                bind = keyword.value
        bound = as_used(self.value(bind, scope, depth + 1)) if bind is not None else None
        on_connection = isinstance(bound, Instance) and bound.kind in api.CONNECTION_KINDS
        if cls.kind not in api.FACTORY_KINDS:
            made = instantiate(cls)
            if made is not None and made.info.is_session:
                made = made._replace(expires=expires, on_connection=on_connection)
            return made
        product = ClassRef(api.DEFAULT_PRODUCT[cls.kind])
        for keyword in node.keywords:
            if keyword.arg == "class_":
                made = self.value(keyword.value, scope, depth + 1)
                if not (isinstance(made, ClassRef) and api.KINDS[made.kind].is_session):
                    return None  # a class we cannot see: no evidence
                product = made
        if cls.kind.endswith("scoped_session") and node.args:  # a registry of the sessions a factory makes
            factory = bound
            if not (isinstance(factory, Instance) and factory.product):
                return Instance(cls.kind, product, expires=None)
            return Instance(cls.kind, factory.product, expires=factory.expires, on_connection=factory.on_connection)
        return Instance(cls.kind, product, expires=expires, on_connection=on_connection)

    # -- what the parts of the evaluator answer (see :mod:`.evidence`) -----------------------

    binding_scope = staticmethod(binding_scope)

    def bound_value(self, sources: list[tuple[Source, Scope]]) -> Value | None:
        return self.bindings.bound_value(sources)

    def annotation(self, node: ast.expr | None, scope: Scope, depth: int = 0) -> Value | None:
        return self.types.annotation(node, scope, depth)

    def type_of(self, node: ast.expr | None, scope: Scope, depth: int = 0) -> Value | None:
        return self.types.type_of(node, scope, depth)

    def type_alias(self, name: str, scope: Scope) -> Value | None:
        return self.types.type_alias(name, scope)

    def never_awaitable(self, node: ast.expr, scope: Scope) -> bool:
        return self.types.never_awaitable(node, scope)

    def injected(self, node: ast.expr, scope: Scope) -> Value | None:
        return self.types.injected(node, scope)

    def iterated(self, annotation: ast.expr, scope: Scope, is_async: bool) -> Value | None:
        return self.types.iterated(annotation, scope, is_async)

    def class_value(self, node: ast.ClassDef, scope: Scope) -> Value | None:
        return self.summaries.class_value(node, scope)

    def function_value(self, func: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope) -> Value | None:
        return self.summaries.function_value(func, scope)

    def class_attribute(self, owner: ClassFacts, name: str) -> Value | None:
        return self.summaries.class_attribute(owner, name)

    def classes(self) -> Iterable[ClassFacts]:
        return self.scopes.classes.values()

    def where_defined(self, name: str, scope: Scope) -> str | None:
        """Where the module finds the class ``name``: the dotted name it imports, or its own."""
        imported = self.dotted_name(ast.Name(id=name, ctx=ast.Load()), scope)
        if imported is not None:
            return self.resolver.absolute(imported) if imported.startswith(".") else imported
        module = self.module_name
        if module is not None and name in self.scopes.module.bindings:
            return f"{module}.{name}"
        return None


def _made_by(factory: Instance) -> Instance | None:
    """What calling a session factory (or a scoped registry) makes."""
    return product_of(factory) if factory.info.call_returns == api.PRODUCT else None
