"""Why a finding was made: the places its evidence comes from (``--show-evidence``, SARIF).

The evaluator answers "what is this expression?" and keeps no record of how it
knew: recording it for every expression would cost every run.  This module
traces it again, only for the findings of a run that asks, and only for the
expression each finding is about (the receiver of a call, the instance an
attribute is read from, the factory called): from a name to the binding that
gives it its value, from an annotation or a call to the definition in the
project it names, across modules, until the library's own class.  Each step is
a :class:`~.findings.Reason`, kept only where the evaluator says the expression
carries the evidence.  A rule adds what only it knows (the commit that expired
an instance, the loop around a call) when it makes the finding.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING, Iterator

from .annotations import NEW_TYPES
from .definitions import Definitions, Target
from .evidence import binding_scope
from .findings import Finding, Reason
from .scopes import Assigned, ClassDefined, Declared, Defined, Imported, LoopTarget, Parameter, Scope, WithTarget
from .values import (
    ClassRef, Either, Instance, ModelClass, ModelInstance, Pending, ProjectClass, ProjectFunction, ProjectInstance,
)

if TYPE_CHECKING:
    from .analysis import Analysis

#: An expression as the user wrote it (not a placeholder of the summaries).
_SOURCE_TEXT = re.compile(r"[A-Za-z_][\w.]*")
#: Steps shown for one finding, at most (a chain of aliases and factories is rarely longer).
MAX_STEPS = 8
#: Longest source text quoted in a step.
MAX_QUOTE = 80


def explained(findings: list[Finding], analysis: Analysis) -> list[Finding]:
    """``findings`` with the steps of their evidence first in ``evidence`` (before the rule's own)."""
    if not findings:
        return findings
    nodes = _nodes_at({(f.line, f.col, f.end_line, f.end_col) for f in findings}, analysis.tree)
    tracer = _Tracer(analysis)
    result = []
    for finding in findings:
        node = nodes.get((finding.line, finding.col, finding.end_line, finding.end_col))
        steps: list[Reason] = []
        if node is not None:
            subject = _subject(node)
            if subject is not None:
                try:
                    steps = tracer.trace(subject, tracer.scope_at(node))
                except Exception:  # pylint: disable=broad-exception-caught  # the evidence only adds to a finding
                    steps = []
        result.append(finding._replace(evidence=(*steps, *finding.evidence)) if steps else finding)
    return result


def _nodes_at(places: set[tuple], tree: ast.Module) -> dict[tuple, ast.AST]:
    """The outermost node at each of ``places`` (line, column, end line, end column)."""
    found: dict[tuple, ast.AST] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.expr):
            place = (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)
            if place in places and place not in found:
                found[place] = node
    return found


def _subject(node: ast.AST) -> ast.expr | None:
    """The expression a finding at ``node`` is about: the receiver of a method call, the factory
    called, the instance an attribute is read from."""
    if type(node) is ast.Await:
        node = node.value
    if type(node) is ast.Call:
        func = node.func
        if type(func) is ast.Name and func.id == "getattr" and node.args:
            return node.args[0]
        return func.value if type(func) is ast.Attribute else func
    if type(node) is ast.Attribute:
        return node.value
    return None


class _Tracer:
    """Follows one expression's evidence back, step by step, through the modules of the project."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.here = analysis.definitions

    def scope_at(self, node: ast.AST) -> Scope:
        """The innermost function scope whose body holds ``node`` (the module's scope otherwise)."""
        best, span = self.analysis.scopes.module, None
        line = node.lineno  # type: ignore[attr-defined]
        for function, scope in self.analysis.scopes.function_scopes.items():
            first, last = function.lineno, function.end_lineno  # type: ignore[attr-defined]
            if first <= line <= last and (span is None or last - first < span):
                best, span = scope, last - first
        return best

    def trace(self, node: ast.expr, scope: Scope) -> list[Reason]:
        steps: list[Reason] = []
        for step in self._steps(node, scope, self.here, 0):
            if step not in steps:
                steps.append(step)
            if len(steps) >= MAX_STEPS:
                break
        return steps

    # -- one expression --------------------------------------------------------------------------

    def _steps(
        self, node: ast.expr, scope: Scope, module: Definitions, depth: int, typed: bool = False
    ) -> Iterator[Reason]:
        """The steps behind ``node``, read in ``scope`` of ``module``; ``typed``: ``node`` is read as a
        type (an annotation, an alias), not as a value."""
        if depth > MAX_STEPS:
            return
        kind = type(node)
        if kind is ast.Name:
            yield from self._name(node.id, node.lineno, scope, module, depth, typed)  # type: ignore[attr-defined]
        elif kind is ast.Attribute:
            yield from self._attribute(node, scope, module, depth)  # type: ignore[arg-type]
        elif kind is ast.Call:
            arguments = node.args  # type: ignore[attr-defined]
            called = module.evaluator.dotted_name(node.func, scope)  # type: ignore[attr-defined]
            if typed and len(arguments) == 2 and called in NEW_TYPES:
                yield from self._steps(arguments[1], scope, module, depth + 1, typed)
            else:
                yield from self._steps(node.func, scope, module, depth + 1)  # type: ignore[attr-defined]
        elif kind is ast.Await:
            yield from self._steps(node.value, scope, module, depth + 1)  # type: ignore[attr-defined]
        elif kind is ast.Subscript:  # ``Annotated[AsyncSession, ...]``, ``async_sessionmaker[AsyncSession]``
            yield from self._steps(_subscripted(node, scope, module), scope, module, depth + 1, typed)  # type: ignore
        elif kind is ast.BinOp and typed:  # ``AsyncSession | None``
            for side in (node.left, node.right):  # type: ignore[attr-defined]
                if not (type(side) is ast.Constant and side.value is None):
                    yield from self._steps(side, scope, module, depth + 1, typed)
                    break
        elif kind is ast.Constant and typed and type(node.value) is str:  # ``"AsyncSession"``
            try:
                parsed = ast.parse(node.value, mode="eval").body  # type: ignore[attr-defined]
            except SyntaxError:
                return
            yield from self._steps(parsed, scope, module, depth + 1, typed)

    def _name(
        self, name: str, line: int, scope: Scope, module: Definitions, depth: int, typed: bool = False
    ) -> Iterator[Reason]:
        evaluator = module.evaluator
        generator = _comprehension_binding(name, line, scope)
        if generator is not None:  # (the walk keeps no scope of comprehensions for later questions)
            iterable = generator.iter
            yield _reason(module, iterable, f"`{name}` iterates over `{_quote(iterable)}`")
            yield from self._steps(iterable, scope, module, depth + 1)
            return
        owner = binding_scope(name, scope)
        if owner is None:
            return
        sources = [source for source in owner.bindings[name] if _line(source) is None or _line(source) <= line]
        sources = sources or owner.bindings[name]
        for source in reversed(sources):  # the nearest binding before the read that carries evidence
            kind = type(source)
            if typed and kind in (Assigned, Declared):
                value = evaluator.type_alias(name, owner)
                if value is not None:
                    shown = source.value if kind is Assigned or source.value is not None else source.annotation
                    yield _reason(module, shown, f"`{name}` stands for `{_quote(shown)}`{_what(value)}")
                    yield from self._steps(shown, owner, module, depth + 1, typed=True)
                    return
            value = evaluator.bindings.source(source, owner)
            if value is None and kind is not Imported:
                continue
            yield from self._binding(name, source, owner, value, module, depth, typed)
            return

    def _binding(
        self, name: str, source, owner: Scope, value, module: Definitions, depth: int, typed: bool = False
    ) -> Iterator[Reason]:
        kind = type(source)
        what = _what(value)
        if kind is Parameter:
            yield from self._parameter(name, source, owner, what, module, depth)
        elif kind is Assigned or kind is Declared:
            shown = source.annotation if kind is Declared else source.value
            verb = "is declared" if kind is Declared else "is assigned"
            yield _reason(module, shown, f"`{name}` {verb} `{_quote(shown)}`{what}")
            yield from self._steps(shown, owner, module, depth + 1, typed=kind is Declared)
        elif kind is WithTarget:
            opener = "async with" if source.is_async else "with"
            bound = f"`{name}` is bound by `{opener} {_quote(source.context)} as {name}`"
            yield _reason(module, source.context, bound + what)
            yield from self._steps(source.context, owner, module, depth + 1)
        elif kind is LoopTarget:
            yield _reason(module, source.iterable, f"`{name}` iterates over `{_quote(source.iterable)}`{what}")
            yield from self._steps(source.iterable, owner, module, depth + 1)
        elif kind is Defined or kind is ClassDefined:
            what_it_is = "function" if kind is Defined else "class"
            if kind is ClassDefined:
                what = ""  # (its name says it)
            yield _reason(module, source.node, f"`{name}` is the {what_it_is} defined here{what}")
            if kind is Defined and source.node.returns is not None and owner is not None:
                yield from self._steps(source.node.returns, owner, module, depth + 1, typed=True)
        elif kind is Imported:
            yield from self._imported(source.dotted, module, depth, typed)

    def _parameter(
        self, name: str, source: Parameter, owner: Scope, what: str, module: Definitions, depth: int
    ) -> Iterator[Reason]:
        outer = owner.parent or owner
        if source.default is not None and module.evaluator.injected(source.default, outer) is not None:
            yield _reason(module, source.default, f"`{name}` is injected by `{_quote(source.default)}`{what}")
            yield from self._steps(source.default, outer, module, depth + 1)
            return
        if source.annotation is not None:
            yield _reason(module, source.annotation, f"`{name}` is annotated `{_quote(source.annotation)}`{what}")
            yield from self._steps(source.annotation, outer, module, depth + 1, typed=True)
            return
        function = owner.node
        if name in module.evaluator.options.session_names:
            yield _reason(module, function, f"`{name}` is named in the `session-names` option{what}")
        else:
            yield _reason(
                module, function,
                f"`{name}` is used in `{getattr(function, 'name', '<lambda>')}` as only an `AsyncSession` is"
                f" (awaited methods and attributes of a session){what}",
            )

    def _attribute(self, node: ast.Attribute, scope: Scope, module: Definitions, depth: int) -> Iterator[Reason]:
        base = node.value
        if type(base) is ast.Name:
            method = scope.method_of(base.id)
            if method is not None and method.owner is not None:
                yield from self._own_attribute(base.id, node.attr, method, module, depth)
                return
        target = module.target_of(node, scope)
        if target is not None and target.node is not None:
            yield _definition(target, f"`{_quote(node)}` is defined here{_what(self._value(target))}")
            return
        yield from self._steps(base, scope, module, depth + 1)

    def _own_attribute(self, self_name: str, name: str, method: Scope, module: Definitions, depth: int):
        """``self.session``: where the class, or a base class of the project, sets it."""
        for facts, where in _class_chain(method.owner.node, module):  # type: ignore[union-attr]
            for source, scope in facts.attributes.get(name, ()):
                value = where.evaluator.bindings.source(source, scope)
                if value is None:
                    continue
                place = source.place if source.place is not None else facts.node
                shown = f"`{self_name}.{name}` is set from `{_quote(place)}`" if source.place is not None else (
                    f"`{self_name}.{name}` is set in class `{facts.node.name}`"
                )
                yield _reason(where, place, shown + _what(value))
                if source.place is not None:
                    yield from self._steps(source.place, scope, where, depth + 1, typed=type(source) is not Assigned)
                return
            for statement in facts.node.body:
                if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and statement.name == name:
                    yield _reason(where, statement, f"`{self_name}.{name}` is the property defined here")
                    return

    def _imported(self, dotted: str, module: Definitions, depth: int, typed: bool) -> Iterator[Reason]:
        """A name imported from a module of the project: its definition there, traced on."""
        resolver = module.evaluator.resolver
        index = getattr(resolver, "index", None)
        absolute = resolver.absolute(dotted) if dotted.startswith(".") else dotted
        if index is None or absolute is None or not index.is_project_package(absolute.split(".", 1)[0]):
            return
        module_name, _, attribute = absolute.rpartition(".")
        other = module._module(module_name, index) if module_name else None  # pylint: disable=protected-access
        if other is None or not attribute:
            return
        top = other.evaluator.scopes.module
        if attribute not in top.bindings:
            return
        line = max((_line(source) or 0) for source in top.bindings[attribute]) or 1 << 30
        yield from self._name(attribute, line, top, other, depth + 1, typed)

    def _value(self, target: Target):
        evaluator = target.module.evaluator
        if target.kind == "function":
            return evaluator.function_value(target.node, evaluator.scopes.module)  # type: ignore[arg-type]
        return None


def _comprehension_binding(name: str, line: int, scope: Scope) -> ast.comprehension | None:
    """The ``for`` clause of a comprehension, on ``line`` of ``scope``'s body, that binds ``name``."""
    if scope.kind == "module":
        return None
    for node in ast.walk(scope.node):
        if type(node) in (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp) and (
            node.lineno <= line <= node.end_lineno  # type: ignore[attr-defined]
        ):
            for generator in node.generators:  # type: ignore[attr-defined]
                target = generator.target
                names = target.elts if type(target) is ast.Tuple else [target]
                if any(type(item) is ast.Name and item.id == name for item in names):
                    return generator
    return None


def _subscripted(node: ast.Subscript, scope: Scope, module: Definitions) -> ast.expr:
    """What a subscripted type stands for: the first argument of ``Annotated[...]``/``Optional[...]``,
    the generic class otherwise (``async_sessionmaker[AsyncSession]``)."""
    name = module.evaluator.dotted_name(node.value, scope) or ""
    if name.rpartition(".")[2] in ("Annotated", "Optional"):
        inner = node.slice
        return inner.elts[0] if type(inner) is ast.Tuple and inner.elts else inner
    return node.value


def _class_chain(cls: ast.ClassDef, module: Definitions) -> Iterator[tuple]:
    """``cls`` and its base classes of the project (``Base[Model]`` too), nearest first, each with the
    facts the walk collected and the module it is in."""
    pending = [(cls, module)]
    seen: set[int] = set()
    while pending and len(seen) < MAX_STEPS:
        node, where = pending.pop(0)
        facts = where.evaluator.scopes.classes.get(node)
        if facts is None or id(node) in seen:
            continue
        seen.add(id(node))
        yield facts, where
        for base in node.bases:
            if type(base) is ast.Subscript:
                base = base.value
            target = where.target_of(base, facts.outer)
            if target is not None and target.kind == "class":
                pending.append((target.node, target.module))


def _line(source) -> int | None:
    place = source.place
    return getattr(place, "lineno", None) if place is not None else None


def _reason(module: Definitions, node: ast.AST, message: str) -> Reason:
    return Reason(message, node.lineno, node.col_offset, module.path)  # type: ignore[attr-defined]


def _definition(target: Target, message: str) -> Reason:
    return _reason(target.module, target.node, message)  # type: ignore[arg-type]


def _quote(node: ast.AST) -> str:
    try:
        text = ast.unparse(node)
    except (ValueError, RecursionError):  # pragma: no cover - ``ast`` nodes of the parsed source unparse
        return "..."
    text = " ".join(text.split())
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 3] + "..."


def _what(value) -> str:
    """`` — an `AsyncSession` ``: what the evaluator knows the step gives."""
    described = _described(value)
    return f": {described}" if described else ""


def _described(value) -> str:
    kind = type(value)
    if kind is ClassRef:
        return f"the class `{value.kind}`"
    if kind is Instance:
        if value.element is not None and value.kind == "Rows":
            return f"a list of `{value.element.model.name}`"
        of = f" of `{value.element.model.name}`" if value.element is not None else ""
        return f"{_article(value.kind)} `{value.kind}`{of}"
    if kind is Pending:
        made = value.awaited or value.entered or value.value or value.iterated
        made_text = _described(made) if made is not None else ""
        return f"`{value.receiver}.{value.name}()`" + (f", giving {made_text}" if made_text else "")
    if kind is ProjectFunction:
        made = value.returns or value.injects
        if type(made) is Pending:  # a coroutine function, a context manager: what it gives at last
            made = made.awaited or made.entered or made.iterated or made.value
        made_text = _described(made) if made is not None else ""
        return f"a function of the project giving {made_text}" if made_text else ""
    if kind is ProjectInstance:
        return f"an instance of `{value.cls.name}`" if not value.cls.name.startswith("<") else ""
    if kind is ProjectClass:
        return f"the class `{value.name}`" if not value.name.startswith("<") else ""
    if kind is ModelInstance:
        session = value.origin.session if value.origin is not None else ""
        origin = f" loaded by `{session}`" if _SOURCE_TEXT.fullmatch(session) else ""
        return f"a `{value.model.name}`{origin}"
    if kind is ModelClass:
        return f"the mapped class `{value.name}`"
    if kind is Either:
        return " or ".join(filter(None, (_described(member) for member in value.members)))
    return ""


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"
