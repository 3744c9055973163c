"""What a name is, from its bindings: every one must agree, or a declaration says it.

The walk records each binding of a name in its scope (:mod:`.scopes`); this
part of the evaluator reads them: an assignment by the value assigned, a
parameter by its annotation or what ``Depends(...)`` injects, a ``with``
target by what entering gives, a loop target by what the loop visits, an
import through the project index.  In a function's body, only the bindings
that may be in force where the name is read must agree (:mod:`.flow`); in the
body of a ``with`` that binds the name, and in the lines an ``isinstance``
test narrows, the name is what they say when no other binding can be there.
"""

from __future__ import annotations

import ast

from . import api, models
from .evidence import Evidence, agree, binding_scope
from .flow import BodyFlow
from .syntax import own_nodes
from .scopes import (
    Assigned, ClassDefined, Declared, Defined, Imported, LoopTarget, Parameter, Scope, Source, WithTarget,
)
from .values import Instance, Pending, Value, as_used, entered, instance_of


class BindingReader:
    """Reads the bindings of names for an evaluator."""

    def __init__(self, evaluator: Evidence) -> None:
        self.evaluator = evaluator
        #: the flow of each function body a read was asked about (see :mod:`.flow`).
        self._flows: dict[int, BodyFlow] = {}

    def reaching(self, node: ast.Name, scope: Scope, owner: Scope) -> Value | None:
        """The value of ``node`` from the bindings that may be in force where it is read (see :mod:`.flow`),
        when they are fewer than all; None otherwise (and for a read from a nested function, which runs
        whenever it is called)."""
        inner = scope
        while inner is not owner:
            if inner.kind != "comprehension":
                return None
            inner = inner.parent  # type: ignore[assignment]
        flow = self._flows.get(id(owner.node))
        if flow is None:
            flow = self._flows[id(owner.node)] = BodyFlow(owner.node)
        sources = owner.bindings[node.id]
        reaching = flow.reaching(sources, node)
        if reaching is None or len(reaching) == len(sources):
            return None
        key = (id(owner), f"{node.id}@{reaching}")
        if len(reaching) == 1:
            return self.evaluator.memoised(key, lambda: self.source(sources[reaching[0]], owner))
        return self.evaluator.memoised(key, lambda: self.bound_value([(sources[i], owner) for i in reaching]))

    def bound_value(self, sources: list[tuple[Source, Scope]]) -> Value | None:
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
                value = agree(self.evaluator.annotation(source.annotation, scope) for source, scope in declared)
                if value is not None:
                    return value
        return agree(self.source(source, scope) for source, scope in sources)

    def source(self, source: Source, scope: Scope) -> Value | None:
        """What one binding, in ``scope``, gives the name."""
        kind = type(source)
        if kind is Assigned:
            return as_used(self.evaluator.value(source.value, scope))
        if kind is Declared:
            annotated = self.evaluator.annotation(source.annotation, scope)
            if annotated is not None:
                return annotated
            return as_used(self.evaluator.value(source.value, scope)) if source.value is not None else None
        if kind is Parameter:
            return self.parameter(source.annotation, source.default, source.name, scope)
        if kind is WithTarget:
            return entered(self.evaluator.value(source.context, scope), is_async=source.is_async)
        if kind is LoopTarget:
            # a comprehension's first iterable runs in the enclosing scope, the others in its own
            iterated_scope = scope
            if scope.kind == "comprehension" and scope.parent and scope.node.generators[0].iter is source.iterable:
                iterated_scope = scope.parent
            iterable = self.evaluator.value(source.iterable, iterated_scope)
            if isinstance(iterable, Pending) and iterable.iterated is not None:  # a generator of the project
                return iterable.iterated if (iterable.behaviour == api.ASYNC_GEN) == source.is_async else None
            return models.iterated(as_used(iterable), source.is_async)
        if kind is Imported:
            return self.evaluator.dotted_value(source.dotted)
        if kind is ClassDefined:
            return self.evaluator.class_value(source.node, scope)
        if kind is Defined:
            return self.evaluator.function_value(source.node, scope)
        return None

    def parameter(
        self, annotation: ast.expr | None, default: ast.expr | None, name: str, scope: Scope
    ) -> Value | None:
        """A parameter: its annotation, what ``Depends(...)`` injects, or the name heuristic."""
        declared = self.evaluator.annotation(annotation, scope.parent or scope) if annotation is not None else None
        injected = self.evaluator.injected(default, scope.parent or scope) if default is not None else None
        if injected is not None and (declared is None or (
            isinstance(injected, Instance) and isinstance(declared, Instance) and injected.kind == declared.kind
        )):
            return injected  # it says more: which factory, expire_on_commit
        if declared is not None:
            return declared
        if annotation is None and name in self.evaluator.options.session_names:
            return instance_of("AsyncSession")
        if annotation is None and (default is None or type(default) is ast.Constant) and _used_as_async_session(
            name, scope
        ):
            return instance_of("AsyncSession")
        return None

    def entered_here(self, node: ast.Name, scope: Scope) -> Value | None:
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
            return entered(self.evaluator.value(source.context, scope), is_async=source.is_async)
        return None

    def narrowed(self, node: ast.Name, scope: Scope) -> Value | None:
        """What an ``isinstance`` test around ``node`` says it is (see :class:`~.scopes.Narrowing`).

        Only for a name of this scope none of whose bindings may be in the
        narrowed lines (a binding the walk cannot place, an import or an
        unpacking, may be anywhere), and with ``isinstance`` the builtin.
        """
        line = node.lineno
        for narrowing in self.evaluator.scopes.narrowings:
            if narrowing.name != node.id or narrowing.scope is not scope or not (
                narrowing.first <= line <= narrowing.last
            ):
                continue
            if binding_scope(node.id, scope) is not scope or binding_scope("isinstance", scope) is not None:
                return None
            if _bound_within(scope.bindings[node.id], narrowing.first, narrowing.last):
                return None
            value = self.evaluator.annotation(narrowing.cls, scope)
            if value is not None:
                return value
        return None


def _used_as_async_session(name: str, scope: Scope) -> bool:
    """Does the async function whose parameter ``name`` is use it as only an ``AsyncSession`` can be used
    (see :data:`~.api.SESSION_USAGE_AWAITED`): one of those coroutines awaited on it, another signal,
    and nothing read on it that an ``AsyncSession`` does not have?"""
    function = scope.node
    if type(function) is not ast.AsyncFunctionDef or len(scope.bindings.get(name, ())) != 1:
        return False
    session = api.KINDS["AsyncSession"].methods
    signals: set[str] = set()
    awaited = False
    for node in own_nodes(function):
        node_type = type(node)
        if node_type is ast.Await:
            call = node.value  # type: ignore[attr-defined]
            func = call.func if type(call) is ast.Call else None
            awaited = awaited or (
                type(func) is ast.Attribute and type(func.value) is ast.Name and func.value.id == name
                and func.attr in api.SESSION_USAGE_AWAITED
            )
        elif node_type is ast.Attribute and type(node.value) is ast.Name and node.value.id == name:  # type: ignore
            attribute = node.attr  # type: ignore[attr-defined]
            if attribute not in session and attribute not in api.ASYNC_SESSION_ATTRIBUTES:
                return False  # something else has it: another library's object, or the project's
            if attribute in api.SESSION_USAGE_AWAITED or attribute in api.SESSION_USAGE_SYNC:
                signals.add(attribute)
    return awaited and len(signals) >= 2


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
