"""One walk over a module: its scopes, their bindings, and the sites rules ask about.

The walk is iterative (an explicit stack, never Python recursion), so deeply
nested code cannot exhaust the interpreter's stack.  It knows no rule: it
collects generic sites (calls, awaits, attribute reads, loops, ``with``
blocks, returns, yields) into :class:`~async_orm_lint.scopes.ModuleScopes`;
of the calls, it keeps those of the names it is asked for, which the rules
declare (:attr:`async_orm_lint.rules.base.Rule.calls`).

The loop is written for speed: the two most frequent nodes (attributes and
calls) are handled in it, every other node that needs more than a visit of
its children has a handler in :data:`_HANDLERS`.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_left
from typing import Callable, Collection, Iterator, Sequence

from .scopes import (
    UNKNOWN,
    Assigned,
    ClassDefined,
    ClassFacts,
    Declared,
    Defined,
    Imported,
    LoopTarget,
    ModuleScopes,
    Narrowing,
    Parameter,
    Scope,
    Site,
    Source,
    WithTarget,
)
from .syntax import (
    CHILD_FIELDS,
    COMPREHENSIONS,
    EXPRESSION_TYPES,
    FUNCTION_NODES,
    NODE_TYPES,
    block_of,
    child_fields,
    rooted_at_a_name,
)

_NEW_SCOPE = FUNCTION_NODES + (ast.Lambda, ast.ClassDef) + COMPREHENSIONS
_MATCH_CAPTURES = tuple(getattr(ast, name) for name in ("MatchAs", "MatchStar") if hasattr(ast, name))
_TYPE_ALIAS = getattr(ast, "TypeAlias", None)  # PEP 695, Python 3.12+

#: The fields the walk visits: those of :data:`~.syntax.CHILD_FIELDS` but annotations.  What an
#: annotation says is read from the node when a binding is evaluated; the calls, awaits and reads
#: the walk collects for the rules are never in one (nor are bindings).
_WALKED_FIELDS: dict[type, tuple[str, ...]] = {}
#: Fields whose expressions bind (assignment, loop and ``with`` targets): a walk for facts enters them.
_TARGET_FIELDS = frozenset({"targets", "target", "optional_vars"})
_FACT_WORDS = re.compile(rb"yield|:=|\.commit\(")
#: Header expressions that are never worth a visit (a name there is always read).
_NOTHING_TO_LEARN = frozenset({ast.Name, ast.Constant})
_LEAVES_BLOCK = (ast.Return, ast.Raise, ast.Continue, ast.Break)

Entry = tuple  # (node, parent, scope): what the walk's stack holds


def walk_module(
    tree: ast.Module, facts_lines: Sequence[int] | None = None, calls: Collection[str] = frozenset()
) -> ModuleScopes:
    """Walk ``tree`` once; collect scopes, bindings and sites, and the calls of the names in ``calls``.

    ``facts_lines`` (sorted line numbers) asks for a walk that collects only
    what a module's facts are made of, for a module read because another
    imports it: the bindings of its scopes, their ``return``, ``yield`` and
    ``with`` statements, the calls of ``calls`` (``commit``: what a function
    does to a session it gets), and class attributes.  Expressions are not
    entered (their awaits and reads are for the rules, which run on the
    checked file only), except assignment targets and the expressions that
    span one of ``facts_lines``: the lines that may hold a ``yield``, a ``:=``
    or a call of ``commit``, the only expressions that add to those facts (see
    :func:`fact_lines`).
    """
    walker = _Walker(tree, _expressions_kept(facts_lines) if facts_lines is not None else None)
    walker.run(frozenset(calls))
    return walker.found


class _Walker:
    """The state of one walk: what it found, its stack, and the ``with`` statement of each item."""

    __slots__ = ("found", "stack", "push", "keep", "with_statements")

    def __init__(self, tree: ast.Module, keep: Callable[[ast.AST], bool] | None) -> None:
        module = Scope(tree, None, "module")
        self.found = ModuleScopes(tree, module)
        self.stack: list[Entry] = [(tree, None, module)]
        self.push = self.stack.append
        #: in a walk for facts: which expressions to enter (see :func:`walk_module`).
        self.keep = keep
        #: the statement of each ``with`` item seen, by id: withitem nodes have no back link.
        self.with_statements: dict[int, ast.With | ast.AsyncWith] = {}

    def run(self, wanted: frozenset[str]) -> None:  # pylint: disable=too-many-locals
        found = self.found
        calls, reads, handing = found.calls, found.reads, found.handing
        keep, handlers, walked = self.keep, _HANDLERS, _WALKED_FIELDS
        stack = self.stack
        pop, push = stack.pop, stack.append
        # Names read and constants are never pushed: nothing is learnt from them.
        Name, Load, Constant, Attribute = ast.Name, ast.Load, ast.Constant, ast.Attribute  # pylint: disable=C0103
        Call = ast.Call  # pylint: disable=invalid-name
        while stack:
            node, parent, scope = pop()
            node_type = type(node)

            if node_type is Attribute:  # the most frequent node pushed: handled here, first
                context, value = type(node.ctx), node.value  # type: ignore[attr-defined]
                value_type = type(value)
                if context is Load:
                    if not (type(parent) is Call and parent.func is node):  # type: ignore[attr-defined]
                        # ``self.x`` in a method is an attribute of the class, not of a loaded instance
                        if (value_type is Name and value.id != scope.self_name) or (  # type: ignore[attr-defined]
                            value_type is Attribute and rooted_at_a_name(value)
                        ):
                            reads.append(Site(node, parent, scope))  # type: ignore[arg-type]
                elif context is ast.Store:
                    self.attribute_stored(node, parent, scope)  # type: ignore[arg-type]
                    if type(parent) is ast.AugAssign and value_type is Name:
                        reads.append(Site(node, parent, scope))  # ``x.a += 1`` reads ``x.a`` first
                # the value of an attribute is read (never bound): a name there teaches nothing
                if value_type is not Name and value_type is not Constant and (keep is None or keep(value)):
                    push((value, node, scope))
                continue

            if node_type is Name:  # a name read is never pushed: this one is bound
                if type(node.ctx) is not Load:  # type: ignore[attr-defined]
                    target = scope.walrus_scope() if type(parent) is ast.NamedExpr else scope
                    target.bind(node.id, self.source_of_store(parent))  # type: ignore[attr-defined]
                continue

            if node_type is Call:  # the next most frequent
                func = node.func  # type: ignore[attr-defined]
                func_type = type(func)
                name = func.attr if func_type is Attribute else func.id if func_type is Name else None
                if name in wanted:
                    calls.setdefault(name, []).append(Site(node, parent, scope))  # type: ignore[arg-type]
                if name == "getattr" and func_type is Name and keep is None:
                    _getattr_read(node, scope, reads)  # type: ignore[arg-type]
                if keep is not None:
                    self.push_fact_children(node, scope)
                    continue
                # the children, in the order of the generic loop below, without its lookups
                if func_type is not Name and func_type is not Constant:
                    push((func, node, scope))
                names = False
                for item in reversed(node.args):  # type: ignore[attr-defined]
                    item_type = type(item)
                    if item_type is Name:
                        names = True
                    elif item_type is not Constant:
                        push((item, node, scope))
                for keyword in reversed(node.keywords):  # type: ignore[attr-defined]
                    item_type = type(keyword.value)
                    if item_type is Name:
                        names = True
                    elif item_type is not Constant:
                        push((keyword.value, keyword, scope))
                if names:
                    handing.append(Site(node, parent, scope))  # type: ignore[arg-type]
                continue

            handler = handlers.get(node_type)
            if handler is not None and handler(self, node, parent, scope):
                continue
            if keep is not None:
                self.push_fact_children(node, scope)
                continue
            # any other node: its children worth a visit (not names read, not constants, not annotations)
            fields = walked.get(node_type)
            if fields is None:
                fields = _walked_fields(node_type)
            for field in fields:
                child = getattr(node, field, None)
                child_type = type(child)
                if child_type is list:
                    for item in reversed(child):  # type: ignore[arg-type]
                        item_type = type(item)
                        if item_type is Name and type(item.ctx) is not Load:  # type: ignore[attr-defined]
                            push((item, node, scope))
                        elif item_type is not Name and item_type is not Constant and item_type in NODE_TYPES:
                            push((item, node, scope))
                elif child_type is Name:
                    if type(child.ctx) is not Load:  # type: ignore[union-attr]
                        push((child, node, scope))
                elif child_type is not Constant and child_type in NODE_TYPES:
                    push((child, node, scope))

    def push_fact_children(self, node: ast.AST, scope: Scope) -> None:
        """Push the children of ``node`` a walk for facts visits (see :func:`walk_module`)."""
        push, keep = self.push, self.keep
        context = getattr(node, "ctx", None)
        stored = context is not None and type(context) is not ast.Load  # the parts of ``a, *b = ...`` are targets
        fields = CHILD_FIELDS.get(type(node))
        if fields is None:
            fields = child_fields(type(node))
        for name in fields:
            child = getattr(node, name, None)
            targets = stored or name in _TARGET_FIELDS
            for item in reversed(child) if type(child) is list else (child,):
                item_type = type(item)
                if item_type not in NODE_TYPES or item_type is ast.Constant:
                    continue
                if item_type is ast.Name and type(item.ctx) is ast.Load:  # type: ignore[attr-defined]
                    continue
                if item_type in EXPRESSION_TYPES and not targets and not keep(item):  # type: ignore[misc]
                    continue
                push((item, node, scope))

    def source_of_store(self, parent: ast.AST) -> Source:
        """How a Name or Attribute target whose parent is ``parent`` gets its value."""
        parent_type = type(parent)
        if parent_type is ast.Assign or parent_type is ast.NamedExpr:
            return Assigned((parent.value,))  # type: ignore[attr-defined]
        if parent_type is ast.AnnAssign:
            return Declared((parent.annotation, parent.value))  # type: ignore[attr-defined]
        if parent_type is ast.withitem:
            statement = self.with_statements.get(id(parent))
            is_async = type(statement) is ast.AsyncWith
            return WithTarget((parent.context_expr, is_async, statement))  # type: ignore[attr-defined]
        if parent_type is ast.For or parent_type is ast.AsyncFor:
            return LoopTarget((parent.iter, parent_type is ast.AsyncFor))  # type: ignore[attr-defined]
        if parent_type is ast.comprehension:
            return LoopTarget((parent.iter, bool(parent.is_async)))  # type: ignore[attr-defined]
        return UNKNOWN

    def attribute_stored(self, node: ast.Attribute, parent: ast.AST, scope: Scope) -> None:
        """``self.x = value`` in a method: remember it as an attribute of the class."""
        value = node.value
        method = scope.method_of(value.id) if type(value) is ast.Name else None
        if method is None:
            return
        method.owner.attributes.setdefault(node.attr, []).append((self.source_of_store(parent), scope))  # type: ignore

    # -- scopes -----------------------------------------------------------------------

    def enter_class(self, node: ast.ClassDef, scope: Scope, push) -> None:
        scope.bind(node.name, ClassDefined((node,)))
        for expr in node.decorator_list + node.bases + [k.value for k in node.keywords]:
            push((expr, node, scope))
        facts = ClassFacts(node, scope)
        self.found.classes[node] = facts
        inner = Scope(node, scope, "class", class_facts=facts)
        for statement in reversed(node.body):
            if type(statement) is ast.AnnAssign and type(statement.target) is ast.Name:
                facts.attributes.setdefault(statement.target.id, []).append(
                    (Declared((statement.annotation, statement.value)), inner)
                )
            push((statement, node, inner))

    def enter_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope, push) -> None:
        scope.bind(node.name, Defined((node,)))
        args = node.args
        positional = args.posonlyargs + args.args
        # the header, evaluated where the function is defined, but its annotations (see
        # _WALKED_FIELDS); a name read or a constant teaches nothing (the walk would drop them)
        for expr in node.decorator_list + args.defaults:
            if type(expr) not in _NOTHING_TO_LEARN:
                push((expr, node, scope))
        for expr in args.kw_defaults:
            if expr is not None and type(expr) not in _NOTHING_TO_LEARN:
                push((expr, node, scope))
        inner = Scope(node, scope, "function")
        if scope.kind == "class":
            inner.owner = scope.class_facts
            inner.self_name = _self_name(node, positional)
        self.found.function_scopes[node] = inner
        _bind_parameters(inner, args, positional)
        for statement in reversed(node.body):
            push((statement, node, inner))

    def enter_scope(self, node: ast.AST, scope: Scope) -> None:
        """Push a scope-creating node: its header in ``scope``, its body in a new scope."""
        push = self.push if self.keep is None else _pushing_kept(self.push, self.keep)
        node_type = type(node)
        if node_type is ast.ClassDef:
            self.enter_class(node, scope, push)  # type: ignore[arg-type]
        elif node_type in FUNCTION_NODES:
            self.enter_function(node, scope, push)  # type: ignore[arg-type]
        elif node_type is ast.Lambda:
            for expr in list(node.args.defaults) + [d for d in node.args.kw_defaults if d]:  # type: ignore
                push((expr, node, scope))
            inner = Scope(node, scope, "lambda")
            _bind_parameters(inner, node.args)  # type: ignore[attr-defined]
            push((node.body, node, inner))  # type: ignore[attr-defined]
        else:
            _enter_comprehension(node, scope, push)


def _enter_comprehension(node, scope: Scope, push) -> None:
    """A comprehension: its first iterable runs in the enclosing scope, the rest in its own."""
    owner = scope.loop_owner()
    if owner is not None:
        owner.loops.append(node)
    inner = Scope(node, scope, "comprehension")
    for index, generator in enumerate(node.generators):
        push((generator.iter, generator, scope if index == 0 else inner))
        push((generator.target, generator, inner))
        for condition in generator.ifs:
            push((condition, generator, inner))
    if type(node) is ast.DictComp:
        push((node.key, node, inner))
        push((node.value, node, inner))
    else:
        push((node.elt, node, inner))


# -- handlers: True when the node's children are taken care of -------------------------


def _constant(walker: _Walker, node, parent, scope) -> bool:  # pylint: disable=unused-argument
    return True


def _await(walker: _Walker, node, parent, scope) -> bool:
    walker.found.awaits.append(Site(node, parent, scope))
    return False


def _getattr_read(call: ast.Call, scope: Scope, reads: list[Site]) -> None:
    """``getattr(user, "orders", [])`` reads ``user.orders``: a read placed at the call (its parent)."""
    arguments = call.args
    if not 2 <= len(arguments) <= 3 or call.keywords or type(arguments[0]) is not ast.Name:
        return
    attribute = arguments[1]
    if type(attribute) is not ast.Constant or type(attribute.value) is not str or not attribute.value.isidentifier():
        return
    if arguments[0].id == scope.self_name:
        return
    read = ast.copy_location(ast.Attribute(arguments[0], attribute.value, ast.Load()), call)
    reads.append(Site(read, call, scope))


def _return(walker: _Walker, node, parent, scope) -> bool:  # pylint: disable=unused-argument
    scope.returns.append(node)
    return False


def _yield(walker: _Walker, node, parent, scope) -> bool:  # pylint: disable=unused-argument
    scope.yields.append(node)
    return False


def _loop(walker: _Walker, node, parent, scope) -> bool:  # pylint: disable=unused-argument
    owner = scope.loop_owner()
    if owner is not None:
        owner.loops.append(node)
    return False


def _import(walker: _Walker, node, parent, scope) -> bool:  # pylint: disable=unused-argument
    for name, source in _import_sources(node):
        scope.bind(name, source)
    if scope.kind == "module" and type(node) is ast.ImportFrom and node.names[0].name == "*":
        walker.found.star_imports.append(_import_base(node))
    return True


def _with(walker: _Walker, node, parent, scope) -> bool:  # pylint: disable=unused-argument
    scope.withs.append(node)
    for item in node.items:
        walker.with_statements[id(item)] = node
    return False


def _global(walker: _Walker, node, parent, scope) -> bool:  # pylint: disable=unused-argument
    """``global x`` / ``nonlocal x``: ``x`` is rebound from here, so no scope can trust it.

    Every scope the name may live in gets an unknown binding: the module for
    ``global``, each enclosing function for ``nonlocal``.
    """
    module = walker.found.module
    for name in node.names:
        scope.declared_outer.add(name)
        scope.bind(name, UNKNOWN)
        if type(node) is ast.Global:
            module.bind(name, UNKNOWN)
            continue
        outer = scope.parent
        while outer is not None and outer.kind != "module":
            if outer.kind in ("function", "lambda"):
                outer.bind(name, UNKNOWN)
            outer = outer.parent
    return True


def _unknown_name(field: str):
    """A handler binding the name in ``field`` (``except E as name``, ``case [*rest]``) to nothing known."""

    def bind_unknown(walker: _Walker, node, parent, scope) -> bool:  # pylint: disable=unused-argument
        name = getattr(node, field, None)
        if name:
            scope.bind(name, UNKNOWN)
        return False

    return bind_unknown


def _if(walker: _Walker, node: ast.If, parent, scope) -> bool:
    """``if isinstance(x, C) [and ...]:`` narrows ``x`` in the body; ``if not isinstance(x, C): return`` after it."""
    if type(node.test) is ast.Name:
        return False
    test = node.test
    negated = type(test) is ast.UnaryOp and type(test.op) is ast.Not
    if negated:
        test = test.operand  # type: ignore[attr-defined]
    tests = [test] if negated else test.values if type(test) is ast.BoolOp and type(test.op) is ast.And else [test]
    for candidate in tests:
        if not (
            type(candidate) is ast.Call and type(candidate.func) is ast.Name and candidate.func.id == "isinstance"
            and len(candidate.args) == 2 and not candidate.keywords and type(candidate.args[0]) is ast.Name
        ):
            continue
        name, cls = candidate.args[0].id, candidate.args[1]  # type: ignore[attr-defined]
        if not negated:
            last = node.body[-1].end_lineno or node.body[-1].lineno
            walker.found.narrowings.append(Narrowing(name, cls, node.body[0].lineno, last, scope))
            continue
        if node.orelse or type(node.body[-1]) not in _LEAVES_BLOCK or parent is None:
            break
        block = block_of(node, parent)
        if block is not None and block[-1] is not node:
            walker.found.narrowings.append(Narrowing(
                name, cls, node.end_lineno + 1, block[-1].end_lineno, scope  # type: ignore[operator]
            ))
        break
    return False


def _type_alias(walker: _Walker, node, parent, scope) -> bool:  # pylint: disable=unused-argument
    scope.bind(node.name.id, Assigned((node.value,)))
    return True


def _new_scope(walker: _Walker, node, parent, scope) -> bool:  # pylint: disable=unused-argument
    walker.enter_scope(node, scope)
    return True


_HANDLERS: dict[type, Callable[[_Walker, ast.AST, ast.AST, Scope], bool]] = {
    ast.Constant: _constant,
    ast.Await: _await,
    ast.Return: _return,
    ast.Yield: _yield,
    ast.YieldFrom: _yield,
    ast.For: _loop,
    ast.AsyncFor: _loop,
    ast.Import: _import,
    ast.ImportFrom: _import,
    ast.With: _with,
    ast.AsyncWith: _with,
    ast.Global: _global,
    ast.Nonlocal: _global,
    ast.MatchMapping: _unknown_name("rest"),
    ast.ExceptHandler: _unknown_name("name"),
    ast.If: _if,  # type: ignore[dict-item]
    **{capture: _unknown_name("name") for capture in _MATCH_CAPTURES},
    **({_TYPE_ALIAS: _type_alias} if _TYPE_ALIAS is not None else {}),
    **{node_type: _new_scope for node_type in _NEW_SCOPE},
}


# -- helpers ----------------------------------------------------------------------------


def _walked_fields(node_type: type) -> tuple[str, ...]:
    fields = _WALKED_FIELDS[node_type] = tuple(
        f for f in CHILD_FIELDS.get(node_type) or child_fields(node_type) if f not in ("annotation", "returns")
    )
    return fields


def _self_name(func: ast.FunctionDef | ast.AsyncFunctionDef, positional: list[ast.arg]) -> str | None:
    """The first positional parameter of a plain method (not static/class methods)."""
    for decorator in func.decorator_list:
        if type(decorator) is ast.Name and decorator.id in ("staticmethod", "classmethod"):
            return None
    return positional[0].arg if positional else None


def _bind_parameters(scope: Scope, args: ast.arguments, positional: list[ast.arg] | None = None) -> None:
    """Bind the parameters (``positional``: ``posonlyargs + args``, when the caller has it)."""
    if positional is None:
        positional = args.posonlyargs + args.args
    bind = scope.bind
    defaults = args.defaults
    first_default = len(positional) - len(defaults)
    for index, arg in enumerate(positional):
        default = defaults[index - first_default] if index >= first_default else None
        bind(arg.arg, Parameter((arg.annotation, default, arg.arg)))
    for arg, default in zip(args.kwonlyargs, args.kw_defaults):
        bind(arg.arg, Parameter((arg.annotation, default, arg.arg)))
    for arg in (args.vararg, args.kwarg):
        if arg is not None:
            bind(arg.arg, UNKNOWN)


def _import_base(node: ast.ImportFrom) -> str:
    """The module of ``from <module> import ...``, with the leading dots of a relative import."""
    return "." * node.level + (node.module or "")


def _import_sources(node: ast.Import | ast.ImportFrom) -> Iterator[tuple[str, Source]]:
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                yield alias.asname, Imported((alias.name,))
            else:
                top = alias.name.split(".", 1)[0]
                yield top, Imported((top,))
        return
    # Relative imports keep their leading dots; the project index resolves them.
    base = _import_base(node)
    for alias in node.names:
        if alias.name == "*":
            continue
        dotted = f"{base}.{alias.name}" if base and not base.endswith(".") else base + alias.name
        yield alias.asname or alias.name, Imported((dotted,))


def fact_lines(data: bytes) -> list[int] | None:
    """The lines of a module's text where a ``yield``, a ``:=`` or a call of ``commit`` may be (words
    in a string too): the lines whose expressions a walk for facts enters.

    None when line numbers cannot be counted from the bytes: a text with a
    coding declaration (an encoding that is not ASCII-compatible would hide
    the words) or with lone carriage returns as line ends.
    """
    head = data[:400].split(b"\n", 2)
    if any(b"coding" in line for line in head[:2]):
        return None
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None
    lines: list[int] = []
    line, last = 1, 0
    for match in _FACT_WORDS.finditer(data):
        line += data.count(b"\n", last, match.start())
        last = match.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


def _expressions_kept(lines: Sequence[int]) -> Callable[[ast.AST], bool]:
    """Does an expression span one of ``lines``?"""
    if not lines:
        return lambda node: False
    count = len(lines)

    def spans(node: ast.AST) -> bool:
        index = bisect_left(lines, node.lineno)  # type: ignore[attr-defined]
        return index < count and lines[index] <= node.end_lineno  # type: ignore[attr-defined]

    return spans


def _pushing_kept(push, keep: Callable[[ast.AST], bool]):
    """``push`` for a walk for facts: statements always, expressions when kept (or bare names)."""

    def push_kept(entry: Entry) -> None:
        node = entry[0]
        if type(node) not in EXPRESSION_TYPES or type(node) is ast.Name or keep(node):
            push(entry)

    return push_kept
