"""What a rule asks of a module, in one place.

Rules do not walk trees for themselves where a question is common: the calls
of given methods on objects of given kinds, the awaits, the attribute reads,
the loops that run a call once per item, whether a statement runs after
another, what a body assigns.  :class:`Analysis` answers them, once per module
(memoised per function body), for every rule.
"""

from __future__ import annotations

import ast
import functools
import os
from typing import Callable, Collection, Iterable, Iterator

from .definitions import Definitions
from .evaluate import Evaluator
from .scopes import ModuleScopes, Scope, Site
from .syntax import (
    CHILD_FIELDS, COMPREHENSIONS, LOOPS, NESTED, NODE_TYPES, child_fields, enclosing_statements, own_nodes, parent_map,
    walk,
)
from .values import Instance, ProjectInstance, as_used

#: Folders whose modules are migrations (Alembic's and Django's conventions).
MIGRATION_FOLDERS = frozenset({"migrations", "alembic"})
#: Helpers that cut an iterable into batches: a loop over batches is the fix, not the bug.
BATCH_FUNCTIONS = frozenset(
    {"batched", "chunked", "ichunked", "chunks", "batches", "partition_all", "grouper", "sliced", "batch", "chunk"}
)


class Analysis:
    """One module, walked once, shared by every rule."""

    def __init__(self, scopes: ModuleScopes, evaluator: Evaluator, path: str | None = None) -> None:
        self.tree = scopes.tree
        self.scopes = scopes
        self.evaluator = evaluator
        #: the checked file (None: not a file, or not known)
        self.path = path
        self._by_body: dict[tuple[int, str], object] = {}
        self._shared: dict[str, list] = {}
        self._definitions: Definitions | None = None

    @property
    def definitions(self) -> Definitions:
        """Where the module's names lead (functions and classes of the project), shared by the rules."""
        if self._definitions is None:
            self._definitions = Definitions(self.evaluator)
        return self._definitions

    def shared(self, key: str, compute: Callable[[Analysis], Iterable]) -> list:
        """``compute(self)`` as a list, computed once for the rules that share it."""
        found = self._shared.get(key)
        if found is None:
            found = self._shared[key] = list(compute(self))
        return found

    # -- sites --------------------------------------------------------------------------

    def calls(self, names: Collection[str]) -> list[Site]:
        """Calls of ``names``, as functions (``gather(...)``) or methods (``x.gather(...)``)."""
        return self.scopes.calls_named(names)

    def method_calls(self, names: Collection[str]) -> Iterator[Site]:
        """Calls ``x.name(...)`` of one of ``names``."""
        for site in self.scopes.calls_named(names):
            if type(site.node.func) is ast.Attribute:  # type: ignore[attr-defined]
                yield site

    def calls_on(self, names: Collection[str], kinds: Collection[str]) -> Iterator[tuple[Site, Instance]]:
        """Calls ``x.name(...)`` of one of ``names`` where ``x`` is an object of the API of one of ``kinds``."""
        receiver_of = self.evaluator.receiver
        for site in self.method_calls(names):
            receiver = receiver_of(site.node.func.value, site.scope)  # type: ignore[attr-defined]
            if receiver is not None and receiver.kind in kinds:
                yield site, receiver

    def value(self, node: ast.expr, scope: Scope):
        """What ``node`` is when used as it is (the result of a sync call, not the call pending)."""
        return as_used(self.evaluator.value(node, scope))

    def session_at(
        self, call: ast.Call, scope: Scope, kinds: Collection[str], *, argument: ast.expr | None = None,
        attribute: str = "",
    ) -> ast.expr | None:
        """What, at ``call`` of a function of the project, is the session the function works on, when it
        is an object of one of ``kinds``: ``argument``, what the call hands the function's session
        parameter; or the object the method is called on, whose ``attribute`` the session is."""
        if argument is not None:
            held = self.value(argument, scope)
            return argument if isinstance(held, Instance) and held.kind in kinds else None
        if not attribute or type(call.func) is not ast.Attribute:
            return None
        holder = call.func.value
        if type(holder) is ast.Name and holder.id == scope.self_name and scope.owner is not None:
            held = self.evaluator.class_attribute(scope.owner, attribute)
        else:
            owner = self.value(holder, scope)
            held = owner.cls.attribute(attribute) if isinstance(owner, ProjectInstance) else None
        return holder if isinstance(held, Instance) and held.kind in kinds else None

    @property
    def in_migrations(self) -> bool:
        """Is the module a migration (one-off code run once per database): in a folder named
        ``migrations`` or ``alembic``, or below an Alembic script directory (``env.py`` beside
        ``versions/``)?"""
        return self.path is not None and _in_migrations(os.path.dirname(os.path.abspath(self.path)))

    # -- bodies -------------------------------------------------------------------------

    def bodies(self) -> list[Scope]:
        """The bodies code runs in: the module's and every function's."""
        return [self.scopes.module, *self.scopes.function_scopes.values()]

    @staticmethod
    def body_root(scope: Scope) -> ast.AST:
        """The function (or module) whose body ``scope``'s code runs in."""
        return scope.body().node

    def parents(self, root: ast.AST) -> dict[int, ast.AST]:
        """Parent links of the nodes of ``root``'s body."""
        return self._memo(root, "parents", lambda: parent_map(root))  # type: ignore[return-value]

    def loops_around(self, call: ast.Call, scope: Scope) -> tuple:
        """The loops that run ``call`` once per item, innermost last (see :func:`calls_in_loops`)."""
        body = scope.body()
        if not body.loops:
            return ()
        line = call.lineno
        if not any(loop.lineno <= line <= (loop.end_lineno or line) for loop in body.loops):  # type: ignore
            return ()  # outside every loop's lines: the walk of the loops would not meet it
        return self._loop_calls(body).get(id(call), (call, ()))[1]

    def loop_calls(self, body: Scope) -> list[tuple[ast.Call, tuple]]:
        """Every call that runs once per item of a loop of ``body`` (a function's or the module's), with
        those loops, innermost last."""
        return list(self._loop_calls(body).values()) if body.loops else []

    def _loop_calls(self, body: Scope) -> dict[int, tuple[ast.Call, tuple]]:
        return self._memo(body.node, "loops", lambda: calls_in_loops(body.loops))  # type: ignore[return-value]

    def statements_around(self, node: ast.AST, root: ast.AST) -> list[tuple[ast.stmt, list]]:
        """Each statement around ``node`` in ``root``'s body with the block it stands in, innermost first."""
        return enclosing_statements(node, self.parents(root))

    def runs_after(self, first: ast.AST, later: ast.AST, root: ast.AST) -> bool:
        """Does ``later`` run after ``first`` on every path: in a later statement of ``first``'s block?"""
        around = self.statements_around(first, root)
        if not around:
            return False
        statement, block = around[0]
        following = {id(s) for s in block[block.index(statement) + 1:]}
        return any(id(s) in following for s, _ in self.statements_around(later, root))

    def assignments(self, root: ast.AST) -> dict[str, list[ast.expr]]:
        """``{name: [assigned values]}`` of plain ``name = value`` statements in ``root``'s body."""

        def collect() -> dict[str, list[ast.expr]]:
            found: dict[str, list[ast.expr]] = {}
            for node in own_nodes(root):
                if type(node) is ast.Assign:
                    for target in node.targets:
                        if type(target) is ast.Name:
                            found.setdefault(target.id, []).append(node.value)
            return found

        return self._memo(root, "assignments", collect)  # type: ignore[return-value]

    def _memo(self, root: ast.AST, what: str, build: Callable[[], object]) -> object:
        key = (id(root), what)
        found = self._by_body.get(key)
        if found is None:
            found = self._by_body[key] = build()
        return found


@functools.lru_cache(maxsize=256)
def _in_migrations(directory: str) -> bool:
    for _ in range(12):
        if os.path.basename(directory) in MIGRATION_FOLDERS or (
            os.path.isfile(os.path.join(directory, "env.py")) and os.path.isdir(os.path.join(directory, "versions"))
        ):
            return True
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    return False


def calls_in_loops(loops: list[ast.AST]) -> dict[int, tuple[ast.Call, tuple]]:
    """For each call run once per item of ``loops`` (by identity): the call and those loops, innermost last.

    ``loops`` are the loops of one body in source order (:attr:`Scope.loops`),
    so an outer loop comes before the loops nested in it, whose calls its walk
    covers.  ``for``/``async for`` bodies and comprehension elements and
    conditions run per item; a loop's iterable and ``else`` do not.  ``while``
    loops are not loops over items.  Only the code of the loops is walked.
    """
    found: dict[int, tuple[ast.Call, tuple]] = {}
    covered: set[int] = set()
    for outermost in loops:
        if id(outermost) not in covered:
            _walk_loop(outermost, found, covered)
    return found


_NESTED_TYPES = frozenset(NESTED)
_LOOP_TYPES = frozenset(LOOPS)
_COMPREHENSION_TYPES = frozenset(COMPREHENSIONS)
_LEAVES = frozenset((ast.Name, ast.Constant))  # no call below them: not pushed


def _walk_loop(outermost: ast.AST, found: dict[int, tuple[ast.Call, tuple]], covered: set[int]) -> None:
    """The walk of :func:`calls_in_loops` (every loop of a project, so it inlines :func:`child_nodes`)."""
    stack: list[tuple[ast.AST, tuple]] = [(outermost, ())]
    pop, push = stack.pop, stack.append
    while stack:
        node, loops = pop()
        node_type = type(node)
        if node_type is ast.Call:
            found[id(node)] = (node, loops)  # type: ignore[assignment]
        elif node_type in _NESTED_TYPES:
            continue
        elif node_type in _LOOP_TYPES:
            covered.add(id(node))
            push((node.iter, loops))  # type: ignore[attr-defined]
            push((node.target, loops))  # type: ignore[attr-defined]
            inner = loops + (node,)
            for child in node.body:  # type: ignore[attr-defined]
                push((child, inner))
            for child in node.orelse:  # type: ignore[attr-defined]
                push((child, loops))
            continue
        elif node_type in _COMPREHENSION_TYPES:
            covered.add(id(node))
            inner = loops
            for index, generator in enumerate(node.generators):  # type: ignore[attr-defined]
                push((generator.iter, loops if index == 0 else inner))
                inner = inner + (generator,)
                for condition in generator.ifs:
                    push((condition, inner))
            if node_type is ast.DictComp:
                push((node.key, inner))  # type: ignore[attr-defined]
                push((node.value, inner))  # type: ignore[attr-defined]
            else:
                push((node.elt, inner))  # type: ignore[attr-defined]
            continue
        fields = CHILD_FIELDS.get(node_type) or child_fields(node_type)
        for name in fields:
            child = getattr(node, name, None)
            if type(child) is list:
                for item in child:
                    if type(item) in NODE_TYPES and type(item) not in _LEAVES:
                        push((item, loops))
            elif type(child) in NODE_TYPES and type(child) not in _LEAVES:
                push((child, loops))


def is_batch_loop(loop: ast.For | ast.AsyncFor | ast.comprehension) -> bool:
    """``for i in range(0, n, size)``, ``for chunk in batched(items, 100)``, ``items[i:i + n]``..."""
    for node in walk(loop.iter):
        if type(node) is ast.Call:
            func = node.func
            name = func.id if type(func) is ast.Name else func.attr if type(func) is ast.Attribute else None
            if name == "range" and len(node.args) == 3 and _is_batch_step(node.args[2]):
                return True
            if name in BATCH_FUNCTIONS:
                return True
        elif type(node) is ast.Slice and node.step is not None and _is_batch_step(node.step):
            return True
        elif isinstance(node, (ast.ListComp, ast.GeneratorExp)) and any(
            type(n) is ast.Slice for n in walk(node.elt)
        ):
            return True  # [items[i:i + n] for i in ...]: chunks
    return False


def _is_batch_step(step: ast.expr) -> bool:
    """A step that skips items: not ``1``, not negative (``range(n - 1, -1, -1)`` visits every item)."""
    if type(step) is ast.Constant:
        return isinstance(step.value, int) and step.value > 1
    if type(step) is ast.UnaryOp and type(step.op) is ast.USub:
        return False
    return True
