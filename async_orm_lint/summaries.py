"""What a function or a class of the project hands its callers: summaries.

A function is summarised once, by its return annotation or, where that says
less, by what its body returns or yields (``async with factory() as s:
yield s`` gives the factory's session, with its ``expire_on_commit``), and
by what a DI framework injects from it (FastAPI's ``Depends``).  A class
is summarised by the attributes that carry evidence (``self.session``,
class-body annotations, properties), through its project bases too; a
subclass of an API class behaves as that class; a mapped class is a model
(:mod:`.models`).

For the model instances a function returns, the summary also says which
session loaded them, as the caller can name it: the argument it passed for
the session parameter (:func:`given_session`), or none.
"""

from __future__ import annotations

import ast
from typing import Iterator

from . import api, models
from .evidence import Evidence, agree
from .scopes import ClassFacts, Parameter, Scope
from .syntax import expression_text, node_path, parent_map, swallows
from .values import (
    ALL_LOADED, GIVEN_OPTIONS, OWN_INSTANCE, ClassRef, Instance, ModelInstance, Pending, ProjectClass,
    ProjectFunction, SideEffect, Value, as_used,
)

_ASYNC_CONTEXT_MANAGERS = api.ASYNC_CONTEXT_MANAGER_DECORATORS
_SYNC_CONTEXT_MANAGERS = api.SYNC_CONTEXT_MANAGER_DECORATORS
#: Decorators that leave what a call returns as it is.
_TRANSPARENT_DECORATORS = {
    "staticmethod", "classmethod", "abc.abstractmethod", "typing.overload", "functools.wraps",
    "functools.cache", "functools.lru_cache", "async_lru.alru_cache", "typing.final",
    "typing_extensions.override", "typing.override",
}
#: Calls that make such a decorator: ``@lru_cache(maxsize=32)`` caches what the function returns.
_TRANSPARENT_DECORATOR_FACTORIES = {"functools.lru_cache", "async_lru.alru_cache"}
_PROPERTIES = frozenset({"property", "functools.cached_property"})


class Summaries:
    """Summarises the functions and classes of a module for an evaluator."""

    def __init__(self, evaluator: Evidence) -> None:
        self.evaluator = evaluator
        self._commit_sites: dict[int, list[ast.Call]] | None = None

    def class_attribute(self, owner: ClassFacts, name: str) -> Value | None:
        """``self.<name>`` in a method of the class ``owner``."""

        def compute() -> Value | None:
            sources = owner.attributes.get(name)
            if sources:
                return self.evaluator.bound_value(sources)
            method = _method_named(owner.node, name)
            if method is not None:
                return self._method_value(method)
            for base in self.project_bases(owner):
                inherited = base.attribute(name)
                if inherited is not None:
                    return inherited
            return None

        return self.evaluator.memoised((id(owner), "." + name), compute)

    def _method_value(self, method: ast.FunctionDef | ast.AsyncFunctionDef) -> Value | None:
        """A method read as an attribute: a function, or for a property what it returns."""
        body = self.evaluator.scopes.function_scopes.get(method)
        class_scope = body.parent if body is not None else None
        if class_scope is None:
            return None
        decorators = {self.evaluator.dotted_name(d, class_scope) for d in method.decorator_list}
        if decorators & _PROPERTIES:
            if len(method.decorator_list) != 1 or isinstance(method, ast.AsyncFunctionDef):
                return None
            summary = self.function_value(method, class_scope, ignore=method.decorator_list[0])
            return summary.returns if summary is not None else None
        return self.evaluator.memoised((id(method), ""), lambda: self.function_value(method, class_scope))

    def project_bases(self, owner: ClassFacts) -> Iterator[ProjectClass]:
        """The bases of a class that are classes of the project carrying evidence."""
        for base in owner.node.bases:
            if type(base) is ast.Subscript:  # class UserRepository(BaseRepository[User])
                base = base.value
            value = self.evaluator.value(base, owner.outer)
            if isinstance(value, ProjectClass):
                yield value

    def function_value(
        self, func: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope, ignore: ast.expr | None = None
    ) -> ProjectFunction | None:
        """Summarise a function: what a call returns, what a DI framework injects, what it commits."""
        context_manager = None
        for decorator in func.decorator_list:
            if decorator is ignore:
                continue
            if type(decorator) is ast.Call:  # ``@lru_cache(maxsize=32)``: what the factory makes
                name = self.evaluator.dotted_name(decorator.func, scope)
                name = name if name in _TRANSPARENT_DECORATOR_FACTORIES else None
            else:
                name = self.evaluator.dotted_name(decorator, scope)
            if name in _ASYNC_CONTEXT_MANAGERS or name in _SYNC_CONTEXT_MANAGERS:
                context_manager = name
            elif name not in _TRANSPARENT_DECORATORS:
                return None  # an unknown decorator may change what a call returns
        body = self.evaluator.scopes.function_scopes.get(func)
        if body is None:
            return None
        summary = self._summary(func, scope, body, context_manager)
        effects = self.effects(func, body) if context_manager is None and not body.yields else ()
        if effects:
            return (summary or ProjectFunction(func.name))._replace(effects=effects)
        return summary

    def _summary(self, func: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope, body: Scope,
                 context_manager: str | None) -> ProjectFunction | None:
        """What calling ``func`` gives (a coroutine of it, a context manager entering it), what a DI
        framework injects from it."""
        is_async = isinstance(func, ast.AsyncFunctionDef)
        yields, returns = body.yields, body.returns
        if yields:
            declared = self.evaluator.iterated(func.returns, scope, is_async) if func.returns is not None else None
            produced = declared
            if declared is None or says_more(declared):
                produced = more_precise(declared, agree(  # ``yield from``: a delegated, unknown value
                    as_used(self.evaluator.value(y.value, body)) if type(y) is ast.Yield else None for y in yields
                ))
            if produced is None:
                return None
            if context_manager is None:  # a generator (a DI dependency): iterated, not entered
                generator = Pending("<function>", func.name, api.ASYNC_GEN if is_async else api.GENERATOR,
                                    iterated=produced)
                return ProjectFunction(func.name, generator, injects=produced)
            behaviour = api.ASYNC_CM if is_async else api.SYNC
            return ProjectFunction(func.name, returns=Pending("<function>", func.name, behaviour, entered=produced))
        if context_manager is not None:
            return None
        if scope.kind == "class" and _returns_own_instance(func, scope, body):
            own = OWN_INSTANCE
            return ProjectFunction(func.name, Pending("<function>", func.name, api.COROUTINE, awaited=own)
                                   if is_async else own)
        result = self.evaluator.annotation(func.returns, scope) if func.returns is not None else None
        if (result is None or says_more(result)) and returns and all(r.value is not None for r in returns):
            result = more_precise(result, agree(as_used(self.evaluator.value(r.value, body)) for r in returns))
        if result is None:
            return None
        detached = bool(returns) and all(returned_after_close(r, body, result) for r in returns)
        injected = without_session_name(result, detached)
        # a function (not a method) that loads with a session it is given: the caller knows its name
        called = without_session_name(result, detached, parameters_of(func) if scope.kind != "class" else {})
        if is_async:
            return ProjectFunction(func.name, Pending("<function>", func.name, api.COROUTINE, awaited=called), injected)
        return ProjectFunction(func.name, called, injected)

    def effects(self, func: ast.FunctionDef | ast.AsyncFunctionDef, body: Scope) -> tuple[SideEffect, ...]:
        """The commits ``func`` makes on every call on a session its caller has: one it is given as a
        parameter, or its object's (``self.session``); a session it opens itself is its own unit of work."""
        sites = self._commits().get(id(body))
        if not sites:
            return ()
        parents: dict[int, ast.AST] | None = None
        positions = _positions(func, is_method=body.self_name is not None)
        module = getattr(self.evaluator.resolver, "module", "") or ""
        found = []
        for call in sites:
            receiver = call.func.value  # type: ignore[attr-defined]
            parameter = attribute = ""
            if type(receiver) is ast.Name:
                sources = body.bindings.get(receiver.id, ())
                if len(sources) != 1 or type(sources[0]) is not Parameter:
                    continue
                parameter = receiver.id
            elif type(receiver) is ast.Attribute and type(receiver.value) is ast.Name and (
                receiver.value.id == body.self_name
            ):
                attribute = receiver.attr
            else:
                continue
            path = node_path(func, call)
            if path is None:
                parents = parents or parent_map(func)
                path = _path_up(call, func, parents)
            flag = _flag_of_every_call(call, path)
            if flag is not None:
                found.append(SideEffect(
                    call.func.attr, parameter, positions.get(parameter, ""), attribute, flag,  # type: ignore
                    f"{module}:{call.lineno}",
                ))
        return tuple(found)

    def _commits(self) -> dict[int, list[ast.Call]]:
        """The calls of ``commit`` of the module, by the body (a function's scope) they run in."""
        if self._commit_sites is None:
            self._commit_sites = {}
            for site in self.evaluator.scopes.calls.get("commit", ()):
                if type(site.node.func) is ast.Attribute:  # type: ignore[attr-defined]
                    self._commit_sites.setdefault(id(site.scope.body()), []).append(site.node)  # type: ignore
        return self._commit_sites

    def given_options(self, value: Value | None, call: ast.Call, scope: Scope) -> Value | None:
        """What a function returns, the loader options its caller passes (``options=[selectinload(...)]``)
        in place of :data:`~.values.GIVEN_OPTIONS`."""
        pending = value if isinstance(value, Pending) else None
        result = pending.awaited if pending is not None else value
        element = result.element if isinstance(result, Instance) else result
        if not isinstance(element, ModelInstance) or not any(p.startswith(GIVEN_OPTIONS) for p in element.loaded):
            return value
        loaded: set[str] = set()
        for path in element.loaded:
            loaded |= self._options_given(path, call, scope) if path.startswith(GIVEN_OPTIONS) else {path}
        named = element._replace(loaded=frozenset(loaded))
        if isinstance(result, Instance):
            named = result._replace(element=named)  # type: ignore[assignment]
        return pending._replace(awaited=named) if pending is not None else named

    def _options_given(self, marker: str, call: ast.Call, scope: Scope) -> frozenset[str]:
        parts = marker.split(GIVEN_OPTIONS)
        if len(parts) != 4 or not parts[1].lstrip("-").isdigit():
            return frozenset({ALL_LOADED})
        position, name, default = int(parts[1]), parts[2], parts[3]
        argument = next((k.value for k in call.keywords if k.arg == name), None)
        if argument is None and any(k.arg is None for k in call.keywords):
            return frozenset({ALL_LOADED})  # ``**kwargs``: may hold them
        if argument is None and 0 <= position < len(call.args):
            if any(type(a) is ast.Starred for a in call.args[: position + 1]):
                return frozenset({ALL_LOADED})
            argument = call.args[position]
        if argument is None:
            return frozenset() if default == "none" else frozenset({ALL_LOADED})
        if type(argument) is ast.Constant and argument.value is None:
            return frozenset()
        return models.loaded_by([argument], self.evaluator, scope)

    def wrapped(self, wrapper: str, node: ast.Call, scope: Scope, depth: int) -> Value | None:
        """``asynccontextmanager(get_session)``: a function whose call is a context manager entering what
        the generator yields; ``partial(factory, ...)``: the factory, as calling it calls the factory."""
        wrapped = self.evaluator.value(node.args[0], scope, depth + 1)
        if wrapper in api.PARTIAL_FUNCTIONS:
            if isinstance(wrapped, Instance) and wrapped.kind in api.FACTORY_KINDS:
                for keyword in node.keywords:
                    if keyword.arg == "expire_on_commit":
                        given = keyword.value
                        expires = given.value if type(given) is ast.Constant and type(given.value) is bool else None
                        wrapped = wrapped._replace(expires=expires)
                return wrapped
            return wrapped if isinstance(wrapped, ProjectFunction) and len(node.args) == 1 else None
        generator = wrapped.returns if isinstance(wrapped, ProjectFunction) else None
        if not isinstance(generator, Pending) or generator.iterated is None:
            return None
        is_async = wrapper in api.ASYNC_CONTEXT_MANAGER_DECORATORS
        if (generator.behaviour == api.ASYNC_GEN) != is_async:
            return None  # ``asynccontextmanager`` of a plain generator fails when entered
        behaviour = api.ASYNC_CM if is_async else api.SYNC
        return ProjectFunction(wrapped.name, Pending("<function>", wrapped.name, behaviour,  # type: ignore[union-attr]
                                                     entered=generator.iterated))

    def class_value(self, node: ast.ClassDef, scope: Scope) -> Value | None:
        """A subclass of an API class behaves as that class; mapped classes have relationships;
        other classes carry attributes."""
        bases = [self.evaluator.value(base, scope) for base in node.bases]
        model = models.model_class(self.evaluator, node, scope, bases)
        if model is not None:
            return model
        facts = self.evaluator.scopes.classes.get(node)
        defined = frozenset(
            statement.name for statement in node.body if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef))
        )
        for value in bases:
            if isinstance(value, ClassRef) and value.kind in api.KINDS:
                members = self._members(facts, defined, dict(value.members)) if facts is not None else ()
                return ClassRef(value.kind, value.overrides | defined, members)
        if facts is None:
            return None
        inherited: dict[str, Value] = {}
        for base in self.project_bases(facts):
            inherited.update(base.attributes)
        attributes = self._members(facts, defined, inherited)
        return ProjectClass(node.name, attributes) if attributes else None

    def _members(
        self, facts: ClassFacts, methods: frozenset[str], inherited: dict[str, Value]
    ) -> tuple[tuple[str, Value], ...]:
        """The attributes of a class that carry evidence: its own (``self.x = ...``, class-body
        annotations, methods and properties) over those it inherits."""
        members = dict(inherited)
        for name in sorted(set(facts.attributes) | methods):
            value = self.class_attribute(facts, name)
            if value is None:
                members.pop(name, None)
            else:
                members[name] = value
        return tuple(sorted(members.items()))


def _returns_own_instance(func: ast.FunctionDef | ast.AsyncFunctionDef, class_scope: Scope, body: Scope) -> bool:
    """``-> Self``, ``-> "Repo"`` in ``class Repo``, or every ``return`` gives ``cls(...)``."""
    name = class_scope.node.name  # type: ignore[attr-defined]
    declared = func.returns
    if type(declared) is ast.Constant and type(declared.value) is str:
        declared = ast.Name(declared.value.strip())
    if declared is not None:
        return type(declared) is ast.Name and declared.id in (name, "Self")
    arguments = func.args.posonlyargs + func.args.args
    first = arguments[0].arg if arguments else None
    return bool(body.returns) and all(
        type(r.value) is ast.Call and type(r.value.func) is ast.Name and r.value.func.id in (first, name)
        for r in body.returns
    ) and first == "cls"


def _positions(func: ast.FunctionDef | ast.AsyncFunctionDef, *, is_method: bool) -> dict[str, str]:
    """Where a call gives each parameter by position (strings), a method's ``self`` left out."""
    positional = [a.arg for a in func.args.posonlyargs + func.args.args]
    if is_method:
        positional = positional[1:]
    return {name: str(index) for index, name in enumerate(positional)}


#: What runs whenever its parent does: statements and expressions but the conditional ones below.
_RUNS_WITH_ITS_PARENT = (ast.Expr, ast.Await, ast.With, ast.AsyncWith, ast.withitem, ast.Try, ast.Assign,
                         ast.AnnAssign, ast.AugAssign, ast.Return, ast.expr, ast.keyword)
_CONDITIONAL_EXPRESSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Lambda)


def _path_up(node: ast.AST, func: ast.AST, parents: dict[int, ast.AST]) -> list[ast.AST]:
    path = []
    parent = parents.get(id(node))
    while parent is not None and parent is not func:
        path.append(parent)
        parent = parents.get(id(parent))
    return [func, *reversed(path)]


def _flag_of_every_call(node: ast.AST, path: list[ast.AST]) -> str | None:
    """Does ``node`` run on every call of the function ``path`` starts from (down to ``node``'s
    parent)?  ``""`` if so, the name of the parameter if it runs only under ``if flag:`` on a
    parameter that defaults to true, None otherwise (a branch, a loop, an ``except`` handler...)."""
    func = path[0]
    flag = ""
    child = node
    for parent in reversed(path[1:]):
        parent_type = type(parent)
        if parent_type is ast.If:
            if child is not parent.test:  # type: ignore[attr-defined]
                name = _default_true(parent.test, func)  # type: ignore[attr-defined,arg-type]
                if flag or child not in parent.body or name is None:  # type: ignore[attr-defined]
                    return None
                flag = name
        elif parent_type is ast.Try:
            if not any(child in block for block in (parent.body, parent.orelse, parent.finalbody)):  # type: ignore
                return None  # in an ``except`` handler
            if child in parent.body and any(swallows(h) for h in parent.handlers):  # type: ignore[attr-defined]
                return None  # a failure is caught and the caller goes on: each call is a unit of work
        elif parent_type is ast.IfExp or parent_type is ast.BoolOp:
            if child is not (parent.test if parent_type is ast.IfExp else parent.values[0]):  # type: ignore
                return None
        elif parent_type in _CONDITIONAL_EXPRESSIONS or not isinstance(parent, _RUNS_WITH_ITS_PARENT):
            return None  # a loop, a comprehension, a match...
        child = parent
    return flag


def _default_true(test: ast.expr, func: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """``if auto_commit:`` on a parameter that defaults to ``True``: its name."""
    if type(test) is not ast.Name:
        return None
    arguments = func.args
    positional = arguments.posonlyargs + arguments.args
    defaults = dict(zip([a.arg for a in positional[len(positional) - len(arguments.defaults):]], arguments.defaults))
    defaults.update((a.arg, d) for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults) if d is not None)
    default = defaults.get(test.id)
    return test.id if type(default) is ast.Constant and default.value is True else None


def _method_named(cls: ast.ClassDef, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The one method ``name`` defined in the class body (None if absent or defined twice)."""
    found = [s for s in cls.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)) and s.name == name]
    return found[0] if len(found) == 1 else None


# -- what leaves a function: its factory's session, the session its instances belong to ----------


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
