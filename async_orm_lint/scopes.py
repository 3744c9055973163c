"""What the walk of a module records: its scopes, their bindings, and the sites rules ask about.

The walk (:mod:`async_orm_lint.walk`) records *where* names are bound and
*from what*; nothing is evaluated there.  Evaluation is lazy and happens only
for the few nodes a rule asks about (:mod:`async_orm_lint.evaluate`).

Bindings are flow-insensitive: a name's sources are all the places it is bound
in its scope.  The evaluator trusts a name only when every source agrees, which
is what keeps the linter quiet on code it does not understand.

(The records here are tuples or plain classes with ``__slots__``: a dataclass
costs a millisecond to create at import, and the plugin is imported on every
check an editor runs.)
"""

from __future__ import annotations

import ast
from operator import itemgetter
from typing import Union

# Binding sources ------------------------------------------------------------
# How a name (or ``self.attribute``) got its value: a tuple of the fields, built from one
# (``Assigned((value,))``).  ``place`` is the node whose line places the binding in its scope,
# or None where the walk cannot place it (an import, an unpacking).  (Tuple subclasses rather than
# named tuples: the walk builds one per binding, and a named tuple's ``__new__`` is a Python
# function several times slower; creating its class also costs an import half a millisecond.)


class Assigned(tuple):
    """``name = value``, also ``name := value`` and ``type name = value``."""

    __slots__ = ()
    value = property(itemgetter(0))
    place = value


class Declared(tuple):
    """``name: annotation [= value]``."""

    __slots__ = ()
    annotation = property(itemgetter(0))
    value = property(itemgetter(1))
    place = annotation


class Parameter(tuple):
    """A parameter of a function or lambda; placed at its annotation, bound on entry without one."""

    __slots__ = ()
    annotation = property(itemgetter(0))
    default = property(itemgetter(1))
    name = property(itemgetter(2))
    place = annotation


class LoopTarget(tuple):
    """The target of a ``for`` (``async for``) loop or of a comprehension."""

    __slots__ = ()
    iterable = property(itemgetter(0))
    is_async = property(itemgetter(1))
    place = iterable


class WithTarget(tuple):
    """``with context as name`` (``async with``), and the statement."""

    __slots__ = ()
    context = property(itemgetter(0))
    is_async = property(itemgetter(1))
    statement = property(itemgetter(2))
    place = context


class Imported(tuple):
    """``import a.b as name`` / ``from a import b as name``: the dotted name (relative ones keep their dots)."""

    __slots__ = ()
    dotted = property(itemgetter(0))
    place = None


class Defined(tuple):
    """``def name(...)`` / ``async def``."""

    __slots__ = ()
    node = property(itemgetter(0))
    place = node


class ClassDefined(tuple):
    """``class name(...)``."""

    __slots__ = ()
    node = property(itemgetter(0))
    place = node


class Unknown(tuple):
    """Anything else: unpacking, ``except ... as``, ``match`` captures, ``global``/``nonlocal``."""

    __slots__ = ()
    place = None


UNKNOWN = Unknown(())

Source = Union[Assigned, Declared, Parameter, LoopTarget, WithTarget, Imported, Defined, ClassDefined, Unknown]


def imported_as(sources: list[Source]) -> str | None:
    """The dotted name a name is bound to when every binding imports that same name.

    ``from sqlalchemy.ext.asyncio import AsyncSession`` written twice (once
    more under ``if TYPE_CHECKING:``) is one import; two different modules
    (``try: from a import X`` / ``except ImportError: from b import X``) are
    not.
    """
    first = sources[0]
    if type(first) is not Imported:
        return None
    for source in sources[1:]:
        if type(source) is not Imported or source.dotted != first.dotted:
            return None
    return first.dotted


# Scopes ----------------------------------------------------------------------


class ClassFacts:
    """Attribute bindings of one class: ``self.x = ...`` and class-body annotations."""

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

    def body(self) -> "Scope":
        """The function (or lambda, or module) whose body this scope's code runs in."""
        function = self.function_scope()
        if function is not None:
            return function
        scope = self
        while scope.parent is not None:
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


# Sites -----------------------------------------------------------------------


class Site:
    """A node a rule may ask about (a call, an ``await``, an attribute read), with its parent and scope."""

    __slots__ = ("node", "parent", "scope")

    def __init__(self, node: ast.AST, parent: ast.AST, scope: Scope) -> None:
        self.node = node
        self.parent = parent
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

    __slots__ = ("tree", "module", "calls", "awaits", "reads", "handing", "classes", "function_scopes",
                 "star_imports", "narrowings")

    def __init__(self, tree: ast.Module, module: Scope) -> None:
        self.tree = tree
        self.module = module
        #: calls by the name called (``x.name(...)`` or ``name(...)``), for the names rules asked the walk for.
        self.calls: dict[str, list[Site]] = {}
        self.awaits: list[Site] = []
        #: attribute reads rooted at a name, ``x.a`` and ``x.a.b`` (not method calls, nor ``self.x`` in a
        #: method), for the rules about loaded attributes.
        self.reads: list[Site] = []
        #: calls given a name as an argument (``count_orders(user)``): what a function of the project
        #: does with an object it is handed.
        self.handing: list[Site] = []
        self.classes: dict[ast.ClassDef, ClassFacts] = {}
        #: the scope a function's body runs in, for rules that look inside a body.
        self.function_scopes: dict[ast.AST, Scope] = {}
        #: modules imported with ``from m import *`` at module level (dotted, maybe relative).
        self.star_imports: list[str] = []
        #: where an ``isinstance`` test tells what a name is (see :class:`Narrowing`).
        self.narrowings: list[Narrowing] = []

    def calls_named(self, names) -> list[Site]:
        """The calls of any of ``names`` (each name's calls in the order of the walk)."""
        calls = self.calls
        found: list[Site] = []
        for name in sorted(calls.keys() & names):  # sorted: the same order whatever the hash seed
            found.extend(calls[name])
        return found

    def release(self) -> None:
        """Break the cycles between classes and the scopes of their methods (the analysis is over).

        Then the tree and the scopes are freed as soon as the last reference
        goes, instead of waiting for the host's next garbage collection, which
        would walk all of them.
        """
        for facts in self.classes.values():
            facts.attributes.clear()
