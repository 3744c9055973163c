"""One walk over a module: its scopes, their bindings, and the nodes rules ask about.

The walk is iterative (an explicit stack, never Python recursion), so deeply
nested code cannot exhaust the interpreter's stack.  It records *where* names
are bound and *from what*; nothing is evaluated here.  Evaluation is lazy and
happens only for the few nodes a rule asks about
(:mod:`async_orm_lint.evaluate`).

Bindings are flow-insensitive: a name's sources are all the places it is bound
in its scope.  The evaluator trusts a name only when every source agrees, which
is what keeps the linter quiet on code it does not understand.
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_left
from collections import deque
from typing import Callable, Iterator, Sequence

from .api import KNOWN_METHOD_NAMES, RUN_TOGETHER_CALLS, SPAWN_CALLS

CONCURRENCY_CALLS = RUN_TOGETHER_CALLS | SPAWN_CALLS

# Binding sources -----------------------------------------------------------
# Each is a tuple whose first item says how the name was bound.
ASSIGN = "assign"  # (ASSIGN, value_expr)
ANNOTATED = "annotated"  # (ANNOTATED, annotation_expr, value_expr | None)
PARAM = "param"  # (PARAM, annotation_expr | None, default_expr | None, name)
FOR = "for"  # (FOR, iterable_expr, is_async): the target of a for loop or comprehension
WITH = "with"  # (WITH, context_expr, is_async, statement)
IMPORT = "import"  # (IMPORT, dotted_name)
DEF = "def"  # (DEF, FunctionDef | AsyncFunctionDef)
CLASS = "class"  # (CLASS, ClassDef)
UNKNOWN = "unknown"  # (UNKNOWN,): anything else (loop targets, unpacking...)

Source = tuple

FUNCTION_NODES = (ast.FunctionDef, ast.AsyncFunctionDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_NEW_SCOPE = FUNCTION_NODES + (ast.Lambda, ast.ClassDef) + _COMPREHENSIONS
_MATCH_CAPTURES = tuple(
    getattr(ast, name) for name in ("MatchAs", "MatchStar") if hasattr(ast, name)
)
_TYPE_ALIAS = getattr(ast, "TypeAlias", None)  # PEP 695, Python 3.12+
#: The node types the walk does more with than visit their children.
_HANDLED = frozenset(
    (ast.Constant, ast.Call, ast.Await, ast.Return, ast.Yield, ast.YieldFrom, ast.For, ast.AsyncFor, ast.Name,
     ast.Attribute, ast.Import, ast.ImportFrom, ast.With, ast.AsyncWith, ast.Global, ast.Nonlocal, ast.MatchMapping,
     ast.ExceptHandler, ast.If)
    + _MATCH_CAPTURES + _NEW_SCOPE + ((_TYPE_ALIAS,) if _TYPE_ALIAS is not None else ())
)


class ClassFacts:
    """Attribute bindings of one class: ``self.x = ...`` and class-body annotations.

    (This and the walk's other records are plain classes with ``__slots__``: a
    dataclass costs a millisecond to create at import, and the plugin is
    imported on every check an editor runs.)
    """

    __slots__ = ("node", "outer", "attributes")

    def __init__(self, node: ast.ClassDef, outer: "Scope") -> None:
        self.node = node
        #: the scope the class statement is in (where its bases are evaluated).
        self.outer = outer
        self.attributes: dict[str, list[tuple[Source, Scope]]] = {}


class Scope:
    """A module, class, function, lambda or comprehension scope."""

    __slots__ = (
        "node", "parent", "kind", "bindings", "owner", "self_name", "class_facts", "yields", "returns", "loops",
        "withs", "declared_outer",
    )

    def __init__(
        self, node: ast.AST, parent: "Scope | None", kind: str, class_facts: ClassFacts | None = None
    ) -> None:
        self.node = node
        self.parent = parent
        self.kind = kind  # "module" | "class" | "function" | "lambda" | "comprehension"
        self.bindings: dict[str, list[Source]] = {}
        #: for methods: the class they belong to and the name of their ``self``.
        self.owner: ClassFacts | None = None
        self.self_name: str | None = None
        #: for class scopes: the facts collected for the class.
        self.class_facts = class_facts
        #: for function (and lambda) scopes: their own ``yield``/``yield from`` and ``return`` nodes.
        self.yields: list[ast.Yield | ast.YieldFrom] = []
        self.returns: list[ast.Return] = []
        #: the ``for``/``async for`` loops and comprehensions that run in this body (function,
        #: lambda or module scopes; not in nested functions or classes), in source order.
        self.loops: list[ast.AST] = []
        #: the ``with``/``async with`` statements of this body.
        self.withs: list[ast.With | ast.AsyncWith] = []
        #: names declared ``global`` or ``nonlocal`` here: bound in another scope.
        self.declared_outer: set[str] = set()

    def __repr__(self) -> str:
        name = getattr(self.node, "name", None)
        return f"<Scope {self.kind} {name}>" if name else f"<Scope {self.kind}>"

    def bind(self, name: str, source: Source) -> None:
        self.bindings.setdefault(name, []).append(source)

    @property
    def is_async_function(self) -> bool:
        return isinstance(self.node, ast.AsyncFunctionDef)

    @property
    def has_loops(self) -> bool:
        return bool(self.loops)

    def loop_owner(self) -> "Scope | None":
        """The body a loop written here belongs to; None in a class body (not a body that runs per call)."""
        scope: Scope | None = self
        while scope is not None and scope.kind == "comprehension":
            scope = scope.parent
        return None if scope is None or scope.kind == "class" else scope

    def function_scope(self) -> "Scope | None":
        """The innermost enclosing function (or lambda) scope, this one included."""
        scope: Scope | None = self
        while scope is not None and scope.kind not in ("function", "lambda"):
            scope = scope.parent
        return scope

    def method_of(self, self_name: str) -> "Scope | None":
        """The method whose ``self`` parameter ``self_name`` is, seen from here.

        Nested functions and comprehensions see the method's ``self`` unless
        they rebind the name.
        """
        scope: Scope | None = self
        while scope is not None and scope.kind != "class":
            if scope.owner is not None and scope.self_name == self_name:
                return scope
            if self_name in scope.bindings:
                return None
            scope = scope.parent
        return None

    def walrus_scope(self) -> "Scope":
        """Where ``(x := ...)`` binds ``x``: comprehensions bind in their enclosing scope."""
        scope = self
        while scope.kind == "comprehension" and scope.parent is not None:
            scope = scope.parent
        return scope


class MethodCall:
    """A call ``<receiver>.<name>(...)`` whose name is a method of the API.

    The walk records the reads ``name.attribute`` (and ``a.b.attribute``) the
    same way, with the Attribute node as ``call``.
    """

    __slots__ = ("call", "parent", "scope")

    def __init__(self, call: ast.Call, parent: ast.AST, scope: Scope) -> None:
        self.call = call
        self.parent = parent
        self.scope = scope


class AwaitSite:
    __slots__ = ("node", "scope")

    def __init__(self, node: ast.Await, scope: Scope) -> None:
        self.node = node
        self.scope = scope


class Narrowing:
    """``if isinstance(name, cls):`` -- in the lines ``first`` to ``last`` of ``scope``, ``name`` is a ``cls``.

    The lines are the body of the ``if``; for ``if not isinstance(name, cls):``
    with a body that leaves (``return``, ``raise``, ``continue``, ``break``)
    and no ``else``, they are the statements after it in the same block.
    """

    __slots__ = ("name", "cls", "first", "last", "scope")

    def __init__(self, name: str, cls: ast.expr, first: int, last: int, scope: Scope) -> None:
        self.name = name
        self.cls = cls
        self.first = first
        self.last = last
        self.scope = scope


class ModuleScopes:
    """Everything the walk collected about one module."""

    __slots__ = (
        "tree", "module", "method_calls", "awaits", "classes", "function_scopes", "star_imports",
        "concurrency_calls", "attribute_reads", "chained_reads", "narrowings",
    )

    def __init__(  # pylint: disable=too-many-arguments
        self,
        tree: ast.Module,
        module: Scope,
        method_calls: list[MethodCall],
        awaits: list[AwaitSite],
        classes: dict[ast.ClassDef, ClassFacts],
        function_scopes: dict[ast.AST, Scope],
        star_imports: list[str],
        concurrency_calls: list[MethodCall],
        attribute_reads: list[MethodCall],
        chained_reads: list[MethodCall],
        narrowings: list[Narrowing],
    ) -> None:
        self.tree = tree
        self.module = module
        self.method_calls = method_calls
        self.awaits = awaits
        self.classes = classes
        #: the scope a function's body runs in, for rules that look inside a body.
        self.function_scopes = function_scopes
        #: modules imported with ``from m import *`` at module level (dotted, maybe relative).
        self.star_imports = star_imports
        #: calls named like :data:`CONCURRENCY_CALLS`, with their scope.
        self.concurrency_calls = concurrency_calls
        #: ``name.attribute`` reads (not method calls, nor ``self.x`` in a method), for the rules about
        #: loaded attributes.
        self.attribute_reads = attribute_reads
        #: ``a.b.attribute`` reads (chains rooted at a name), for relationships of related objects.
        self.chained_reads = chained_reads
        #: where an ``isinstance`` test tells what a name is (see :class:`Narrowing`).
        self.narrowings = narrowings

    def release(self) -> None:
        """Break the cycles between classes and the scopes of their methods (the analysis is over).

        Then the tree and the scopes are freed as soon as the last reference
        goes, instead of waiting for the host's next garbage collection, which
        would walk all of them.
        """
        for facts in self.classes.values():
            facts.attributes.clear()


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
        bind(arg.arg, (PARAM, arg.annotation, defaults[index - first_default] if index >= first_default else None,
                       arg.arg))
    for arg, default in zip(args.kwonlyargs, args.kw_defaults):
        bind(arg.arg, (PARAM, arg.annotation, default, arg.arg))
    for arg in (args.vararg, args.kwarg):
        if arg is not None:
            bind(arg.arg, (UNKNOWN,))


def _store_source(parent: ast.AST, with_statements: dict[int, ast.With | ast.AsyncWith]) -> Source:
    """How a Name or Attribute target whose parent is ``parent`` gets its value (``with_statements``:
    the statement of each ``with`` item seen, by id: withitem nodes have no back link)."""
    parent_type = type(parent)
    if parent_type is ast.Assign or parent_type is ast.NamedExpr:
        return (ASSIGN, parent.value)  # type: ignore[attr-defined]
    if parent_type is ast.AnnAssign:
        return (ANNOTATED, parent.annotation, parent.value)  # type: ignore[attr-defined]
    if parent_type is ast.withitem:
        statement = with_statements.get(id(parent))
        return (WITH, parent.context_expr, type(statement) is ast.AsyncWith, statement)  # type: ignore[attr-defined]
    if parent_type is ast.For or parent_type is ast.AsyncFor:
        return (FOR, parent.iter, parent_type is ast.AsyncFor)  # type: ignore[attr-defined]
    if parent_type is ast.comprehension:
        return (FOR, parent.iter, bool(parent.is_async))  # type: ignore[attr-defined]
    return (UNKNOWN,)


def imported_as(sources: list[Source]) -> str | None:
    """The dotted name a name is bound to when every binding imports that same name.

    ``from sqlalchemy.ext.asyncio import AsyncSession`` written twice (once
    more under ``if TYPE_CHECKING:``) is one import; two different modules
    (``try: from a import X`` / ``except ImportError: from b import X``) are
    not.
    """
    first = sources[0]
    if first[0] != IMPORT:
        return None
    for source in sources[1:]:
        if source[0] != IMPORT or source[1] != first[1]:
            return None
    return first[1]


def _import_base(node: ast.ImportFrom) -> str:
    """The module of ``from <module> import ...``, with the leading dots of a relative import."""
    return "." * node.level + (node.module or "")


def _import_sources(node: ast.Import | ast.ImportFrom) -> Iterator[tuple[str, Source]]:
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                yield alias.asname, (IMPORT, alias.name)
            else:
                top = alias.name.split(".", 1)[0]
                yield top, (IMPORT, top)
        return
    # Relative imports keep their leading dots; the project index resolves them.
    base = _import_base(node)
    for alias in node.names:
        if alias.name == "*":
            continue
        dotted = f"{base}.{alias.name}" if base and not base.endswith(".") else base + alias.name
        yield alias.asname or alias.name, (IMPORT, dotted)


#: Fields that hold no node the walk looks at (contexts, operators), and the fields worth
#: visiting per node type, filled as types are met.
_NOT_CHILDREN = frozenset({"ctx", "op", "ops", "type_comment"})
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


#: The fields :func:`walk_module` visits: those of :data:`_CHILD_FIELDS` but annotations.  What an
#: annotation says is read from the node when a binding is evaluated; the calls, awaits and reads
#: the walk collects for the rules are never in one (nor are bindings).
_WALKED_FIELDS: dict[type, tuple[str, ...]] = {}


def _walked_fields(node_type: type) -> tuple[str, ...]:
    fields = _WALKED_FIELDS[node_type] = tuple(
        f for f in _CHILD_FIELDS.get(node_type) or _child_fields(node_type) if f not in ("annotation", "returns")
    )
    return fields


def _child_fields(node_type: type) -> tuple[str, ...]:
    """The fields of ``node_type`` worth visiting (memoised in :data:`_CHILD_FIELDS`)."""
    fields = _CHILD_FIELDS[node_type] = tuple(
        f for f in node_type._fields if f not in _NOT_CHILDREN  # type: ignore[attr-defined]
    )
    return fields


def _node_types(base: type = ast.AST) -> frozenset[type]:
    found = {base}
    for subclass in base.__subclasses__():
        found |= _node_types(subclass)
    return frozenset(found)


#: Every node class: a field's value is visited when its type is one (not ``None``, not a string).
NODE_TYPES = _node_types()


def child_nodes(node: ast.AST) -> list[ast.AST]:
    """:func:`ast.iter_child_nodes` without contexts and operators, as a list (the rules' walks).

    Same children in the same order otherwise; about twice as fast, which
    matters in the walks rules make over function bodies.
    """
    node_type = type(node)
    fields = _CHILD_FIELDS.get(node_type)
    if fields is None:
        fields = _child_fields(node_type)
    children: list[ast.AST] = []
    for name in fields:
        child = getattr(node, name, None)
        if type(child) is list:
            children.extend(item for item in child if type(item) in NODE_TYPES)
        elif type(child) in NODE_TYPES:
            children.append(child)  # type: ignore[arg-type]
    return children


def walk(node: ast.AST) -> Iterator[ast.AST]:
    """:func:`ast.walk` (breadth first, ``node`` first) over :func:`child_nodes`."""
    queue = deque([node])
    pop, extend = queue.popleft, queue.extend
    while queue:
        node = pop()
        extend(child_nodes(node))
        yield node


def walk_module(tree: ast.Module, facts_lines: Sequence[int] | None = None) -> ModuleScopes:
    """Walk ``tree`` once; collect scopes, bindings and the nodes rules look at.

    ``facts_lines`` (sorted line numbers) asks for a walk that collects only
    what a module's facts are made of, for a module read because another
    imports it: the bindings of its scopes, their ``return``, ``yield`` and
    ``with`` statements, and class attributes.  Expressions are not entered
    (their calls, awaits and reads are for the rules, which run on the
    checked file only), except assignment targets and the expressions that
    span one of ``facts_lines``: the lines that may hold a ``yield`` or a
    ``:=``, the only expressions that add to those facts (see
    :func:`yield_or_walrus_lines`).
    """
    module = Scope(tree, None, "module")
    method_calls: list[MethodCall] = []
    awaits: list[AwaitSite] = []
    classes: dict[ast.ClassDef, ClassFacts] = {}
    function_scopes: dict[ast.AST, Scope] = {}
    star_imports: list[str] = []
    concurrency_calls: list[MethodCall] = []
    attribute_reads: list[MethodCall] = []
    chained_reads: list[MethodCall] = []
    narrowings: list[Narrowing] = []
    # the statement of each ``with`` item, by id (see :func:`_store_source`).
    with_statements: dict[int, ast.With | ast.AsyncWith] = {}

    stack: list[tuple[ast.AST, ast.AST | None, Scope]] = [(tree, None, module)]
    pop = stack.pop
    push = stack.append
    # Names read and constants are never pushed: nothing is learnt from them.
    Name, Load, Constant, Attribute = ast.Name, ast.Load, ast.Constant, ast.Attribute  # pylint: disable=invalid-name
    keep = _expressions_kept(facts_lines) if facts_lines is not None else None
    while stack:
        node, parent, scope = pop()
        node_type = type(node)

        if node_type is Attribute:  # the most frequent node pushed: its own branch, first
            context = type(node.ctx)  # type: ignore[attr-defined]
            value = node.value  # type: ignore[attr-defined]
            value_type = type(value)
            if context is Load:
                if not (type(parent) is ast.Call and parent.func is node):  # type: ignore[attr-defined]
                    # ``self.x`` in a method is an attribute of the class, not of a loaded instance
                    if value_type is Name and value.id != scope.self_name:  # type: ignore[attr-defined]
                        attribute_reads.append(MethodCall(node, parent, scope))  # type: ignore[arg-type]
                    elif value_type is Attribute and _rooted_at_a_name(value):
                        chained_reads.append(MethodCall(node, parent, scope))  # type: ignore[arg-type]
            elif context is ast.Store:
                _record_attribute_store(node, parent, scope, with_statements)  # type: ignore[arg-type]
                if type(parent) is ast.AugAssign and value_type is Name:
                    attribute_reads.append(MethodCall(node, parent, scope))  # ``x.a += 1`` reads ``x.a`` first
            # the value of an attribute is read (never bound): a name there teaches nothing
            if value_type is not Name and value_type is not Constant and (keep is None or keep(value)):
                push((value, node, scope))
            continue

        if node_type is ast.Call:  # the next most frequent
            func = node.func  # type: ignore[attr-defined]
            func_type = type(func)
            if func_type is Attribute:
                if func.attr in KNOWN_METHOD_NAMES:
                    method_calls.append(MethodCall(node, parent, scope))  # type: ignore[arg-type]
                elif func.attr in CONCURRENCY_CALLS:
                    concurrency_calls.append(MethodCall(node, parent, scope))  # type: ignore[arg-type]
            elif func_type is Name and func.id in CONCURRENCY_CALLS:
                concurrency_calls.append(MethodCall(node, parent, scope))  # type: ignore[arg-type]
            if keep is None:  # the children, in the order of the loop below, without its lookups
                if func_type is not Name and func_type is not Constant:
                    push((func, node, scope))
                for item in reversed(node.args):  # type: ignore[attr-defined]
                    item_type = type(item)
                    if item_type is not Name and item_type is not Constant:
                        push((item, node, scope))
                for keyword in reversed(node.keywords):  # type: ignore[attr-defined]
                    item_type = type(keyword.value)
                    if item_type is not Name and item_type is not Constant:
                        push((keyword.value, keyword, scope))
                continue

        if node_type in _HANDLED:
            if node_type is ast.Constant:
                continue
            if node_type is ast.Await:
                awaits.append(AwaitSite(node, scope))  # type: ignore[arg-type]
            elif node_type is ast.Return:
                scope.returns.append(node)  # type: ignore[arg-type]
            elif node_type is ast.Yield or node_type is ast.YieldFrom:
                scope.yields.append(node)  # type: ignore[arg-type]
            elif node_type is ast.For or node_type is ast.AsyncFor:
                owner = scope.loop_owner()
                if owner is not None:
                    owner.loops.append(node)
            elif node_type is ast.Name:
                if type(node.ctx) is not ast.Load:  # type: ignore[attr-defined]
                    source = _store_source(parent, with_statements)  # type: ignore[arg-type]
                    target = scope.walrus_scope() if type(parent) is ast.NamedExpr else scope
                    target.bind(node.id, source)  # type: ignore[attr-defined]
                continue
            elif node_type in (ast.Import, ast.ImportFrom):
                for name, source in _import_sources(node):  # type: ignore[arg-type]
                    scope.bind(name, source)
                if scope is module and node_type is ast.ImportFrom and node.names[0].name == "*":  # type: ignore
                    star_imports.append(_import_base(node))  # type: ignore[arg-type]
                continue
            elif node_type is ast.With or node_type is ast.AsyncWith:
                scope.withs.append(node)  # type: ignore[arg-type]
                for item in node.items:  # type: ignore[attr-defined]
                    with_statements[id(item)] = node  # type: ignore[assignment]
            elif node_type in (ast.Global, ast.Nonlocal):
                _declare_outer(node, scope, module)  # type: ignore[arg-type]
                continue
            elif node_type in _MATCH_CAPTURES and getattr(node, "name", None):
                scope.bind(node.name, (UNKNOWN,))  # type: ignore[attr-defined]
            elif node_type is ast.MatchMapping and getattr(node, "rest", None):  # type: ignore[attr-defined]
                scope.bind(node.rest, (UNKNOWN,))  # type: ignore[attr-defined]
            elif node_type is ast.ExceptHandler and node.name:  # type: ignore[attr-defined]
                scope.bind(node.name, (UNKNOWN,))  # type: ignore[attr-defined]
            elif node_type is ast.If:
                if type(node.test) is not Name:  # type: ignore[attr-defined]
                    _record_narrowing(node, parent, scope, narrowings)  # type: ignore[arg-type]
            elif _TYPE_ALIAS is not None and node_type is _TYPE_ALIAS:
                scope.bind(node.name.id, (ASSIGN, node.value))  # type: ignore[attr-defined]
                continue

            if node_type in _NEW_SCOPE:
                _enter_scope(node, scope, push, classes, function_scopes, keep)
                continue

        if keep is not None:
            _push_fact_children(node, scope, push, keep)
            continue
        fields = _WALKED_FIELDS.get(node_type)
        if fields is None:
            fields = _walked_fields(node_type)
        for name in fields:
            child = getattr(node, name, None)
            child_type = type(child)
            if child_type is list:
                for item in reversed(child):
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

    return ModuleScopes(
        tree, module, method_calls, awaits, classes, function_scopes, star_imports, concurrency_calls,
        attribute_reads, chained_reads, narrowings,
    )


#: Fields whose expressions bind (assignment, loop and ``with`` targets): a walk for facts enters them.
_TARGET_FIELDS = frozenset({"targets", "target", "optional_vars"})
EXPRESSION_TYPES = _node_types(ast.expr)
_YIELD_OR_WALRUS = re.compile(rb"yield|:=")


def yield_or_walrus_lines(data: bytes) -> list[int] | None:
    """The lines of a module's text where a ``yield`` or ``:=`` may be (a word in a string too).

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
    for match in _YIELD_OR_WALRUS.finditer(data):
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


def _push_fact_children(node: ast.AST, scope: Scope, push, keep: Callable[[ast.AST], bool]) -> None:
    """Push the children of ``node`` a walk for facts visits (see :func:`walk_module`)."""
    context = getattr(node, "ctx", None)
    stored = context is not None and type(context) is not ast.Load  # the parts of ``a, *b = ...`` are targets
    fields = _CHILD_FIELDS.get(type(node))
    if fields is None:
        fields = _child_fields(type(node))
    for name in fields:
        child = getattr(node, name, None)
        targets = stored or name in _TARGET_FIELDS
        for item in reversed(child) if type(child) is list else (child,):
            item_type = type(item)
            if item_type not in NODE_TYPES or item_type is ast.Constant:
                continue
            if item_type is ast.Name and type(item.ctx) is ast.Load:  # type: ignore[attr-defined]
                continue
            if item_type in EXPRESSION_TYPES and not targets and not keep(item):
                continue
            push((item, node, scope))


def expression_text(node: ast.AST) -> str:
    """``ast.unparse(node)``, without its cost for the names and ``a.b.c`` chains most receivers are."""
    node_type = type(node)
    if node_type is ast.Name:
        return node.id  # type: ignore[attr-defined]
    if node_type is ast.Attribute:
        parts = []
        link = node
        while type(link) is ast.Attribute:
            parts.append(link.attr)  # type: ignore[attr-defined]
            link = link.value  # type: ignore[attr-defined]
        if type(link) is ast.Name:
            parts.append(link.id)  # type: ignore[attr-defined]
            return ".".join(reversed(parts))
    return ast.unparse(node)


def _rooted_at_a_name(node: ast.Attribute) -> bool:
    """``a.b.c``: attributes all the way down to a name (no call, no subscript)."""
    value = node.value
    while type(value) is ast.Attribute:
        value = value.value  # type: ignore[attr-defined]
    return type(value) is ast.Name


def _declare_outer(node: ast.Global | ast.Nonlocal, scope: Scope, module: Scope) -> None:
    """``global x`` / ``nonlocal x``: ``x`` is rebound from here, so no scope can trust it.

    Every scope the name may live in gets an unknown binding: the module for
    ``global``, each enclosing function for ``nonlocal``.
    """
    for name in node.names:
        scope.declared_outer.add(name)
        scope.bind(name, (UNKNOWN,))
        if type(node) is ast.Global:
            module.bind(name, (UNKNOWN,))
            continue
        outer = scope.parent
        while outer is not None and outer.kind != "module":
            if outer.kind in ("function", "lambda"):
                outer.bind(name, (UNKNOWN,))
            outer = outer.parent


_LEAVES_BLOCK = (ast.Return, ast.Raise, ast.Continue, ast.Break)


def _record_narrowing(node: ast.If, parent: ast.AST | None, scope: Scope, narrowings: list[Narrowing]) -> None:
    """``if isinstance(x, C) [and ...]:`` narrows ``x`` in the body; ``if not isinstance(x, C): return`` after it."""
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
            narrowings.append(Narrowing(name, cls, node.body[0].lineno, last, scope))
            continue
        if node.orelse or type(node.body[-1]) not in _LEAVES_BLOCK or parent is None:
            return
        block = block_of(node, parent)
        if block is not None and block[-1] is not node:
            narrowings.append(Narrowing(
                name, cls, node.end_lineno + 1, block[-1].end_lineno, scope  # type: ignore[operator]
            ))
        return


def block_of(statement: ast.stmt, parent: ast.AST) -> list[ast.stmt] | None:
    """The list of ``parent``'s statements (``body``, ``orelse``, ``finalbody``) that holds ``statement``."""
    for field_name in ("body", "orelse", "finalbody"):
        block = getattr(parent, field_name, None)
        if type(block) is list and any(item is statement for item in block):
            return block
    return None


def _record_attribute_store(
    node: ast.Attribute, parent: ast.AST, scope: Scope, with_statements: dict[int, ast.With | ast.AsyncWith]
) -> None:
    """``self.x = value`` in a method: remember it as an attribute of the class."""
    value = node.value
    method = scope.method_of(value.id) if type(value) is ast.Name else None
    if method is None:
        return
    source = _store_source(parent, with_statements)
    method.owner.attributes.setdefault(node.attr, []).append((source, scope))


#: Header expressions that are never worth a visit (a name there is always read).
_NOTHING_TO_LEARN = frozenset({ast.Name, ast.Constant})


def _enter_scope(node, scope, push, classes, function_scopes, keep=None) -> None:
    """Push a scope-creating node: its header in ``scope``, its body in a new scope.

    ``keep``: in a walk for facts, which expressions of the header to visit.
    """
    node_type = type(node)
    if keep is not None:
        push = _pushing_kept(push, keep)
    if node_type is ast.ClassDef:
        scope.bind(node.name, (CLASS, node))
        for expr in node.decorator_list + node.bases + [k.value for k in node.keywords]:
            push((expr, node, scope))
        facts = ClassFacts(node, scope)
        classes[node] = facts
        inner = Scope(node, scope, "class", class_facts=facts)
        for statement in reversed(node.body):
            if type(statement) is ast.AnnAssign and type(statement.target) is ast.Name:
                facts.attributes.setdefault(statement.target.id, []).append(
                    ((ANNOTATED, statement.annotation, statement.value), inner)
                )
            push((statement, node, inner))
        return

    if node_type in FUNCTION_NODES:
        scope.bind(node.name, (DEF, node))
        args = node.args
        positional = args.posonlyargs + args.args
        # the header, evaluated where the function is defined, but its annotations (see
        # _WALKED_FIELDS); a name read or a constant teaches nothing (the walk would drop them)
        for expr in node.decorator_list:
            if type(expr) not in _NOTHING_TO_LEARN:
                push((expr, node, scope))
        for expr in args.defaults:
            if type(expr) not in _NOTHING_TO_LEARN:
                push((expr, node, scope))
        for expr in args.kw_defaults:
            if expr is not None and type(expr) not in _NOTHING_TO_LEARN:
                push((expr, node, scope))
        inner = Scope(node, scope, "function")
        if scope.kind == "class":
            inner.owner = scope.class_facts
            inner.self_name = _self_name(node, positional)
        function_scopes[node] = inner
        _bind_parameters(inner, args, positional)
        for statement in reversed(node.body):
            push((statement, node, inner))
        return

    if node_type is ast.Lambda:
        for expr in list(node.args.defaults) + [d for d in node.args.kw_defaults if d]:
            push((expr, node, scope))
        inner = Scope(node, scope, "lambda")
        _bind_parameters(inner, node.args)
        push((node.body, node, inner))
        return

    # comprehensions: the first iterable runs in the enclosing scope
    owner = scope.loop_owner()
    if owner is not None:
        owner.loops.append(node)
    inner = Scope(node, scope, "comprehension")
    generators = node.generators
    for index, generator in enumerate(generators):
        push((generator.iter, generator, scope if index == 0 else inner))
        push((generator.target, generator, inner))
        for condition in generator.ifs:
            push((condition, generator, inner))
    if node_type is ast.DictComp:
        push((node.key, node, inner))
        push((node.value, node, inner))
    else:
        push((node.elt, node, inner))


def _pushing_kept(push, keep: Callable[[ast.AST], bool]):
    """``push`` for a walk for facts: statements always, expressions when kept (or bare names)."""

    def push_kept(entry: tuple[ast.AST, ast.AST | None, Scope]) -> None:
        node = entry[0]
        if type(node) not in EXPRESSION_TYPES or type(node) is ast.Name or keep(node):
            push(entry)

    return push_kept
