"""ORM201 and ORM203: reading a relationship that was not loaded, where no lazy load can run."""

from __future__ import annotations

import ast
from typing import Iterator

from .. import api
from ..findings import Finding
from ..analysis import Analysis
from ..syntax import ancestors, called_name, expression_text, own_nodes, root_name, walk
from ..values import ModelInstance, Relationship, as_used
from ._callee_reads import callee_reads
from .base import Rule


class NotEagerLoaded(Rule):
    """
    ## What it does
    Finds reads of a relationship (`user.orders`) on an instance that an
    `AsyncSession` loaded without that relationship: `await session.get(User,
    id)`, `(await session.scalars(select(User))).all()`, `scalar_one()`, a loop
    over those rows, the related instances of a loaded relationship, or a
    project function returning one of them (a repository method that takes
    the options as a parameter, `.options(*options)`, loads what each call
    passes: nothing when the parameter defaults to `()` or `None` and the
    call leaves it out).  A relationship read as `getattr(user, "orders")`
    is read too, and so is one a function of the project reads on the
    instance it is handed (`count_orders(user)` with `def count_orders(user):
    return len(user.orders)`, there or a few calls further, in this module or
    another): that is reported at the call, naming the read.  A relationship
    counts as loaded
    when the query's options load it (`selectinload`, `joinedload`,
    `subqueryload`, `immediateload`, `contains_eager`, `noload`, also chained:
    `selectinload(User.orders).selectinload(Order.items)`, wildcards and options
    the linter cannot read), when its `relationship(lazy=...)` loads it with the
    parent (`selectin`, `joined`, `subquery`, `immediate`), or when the function
    also reads it with `await user.awaitable_attrs.orders` or refreshes it
    (`await session.refresh(user, ["orders"])`).  Reads of `lazy="raise"`
    relationships that were not loaded are reported too: they raise.  A
    many-to-one read back to the parent an instance was reached through
    (`line.order` for a line of a loaded `order.lines`) is not: the parent
    is in the identity map, where a lazy load finds it without SQL, unless
    the relationship is `lazy="raise"`, which raises all the same.

    New objects are not reported (`User(orders=[...])`): they have nothing to
    load.  Sync sessions are not reported: there the same read is a lazy load
    (an N+1 inside a loop), not a crash.

    ## Why is this bad?
    A lazy load is I/O, and the async session cannot do I/O behind an
    attribute access: the read raises `MissingGreenlet` ("greenlet_spawn has
    not been called"), often in only one code path, the one whose query forgot
    the option.

    ## Example
    ```python
    author = await session.get(Author, author_id)
    titles = [book.title for book in author.books]
    ```

    ## Use instead
    ```python
    author = await session.get(Author, author_id, options=[selectinload(Author.books)])
    titles = [book.title for book in author.books]
    ```
    or `books = await author.awaitable_attrs.books`.
    """

    code = "ORM201"
    pylint_id = "E5811"
    symbol = "async-orm-lazy-load"
    summary = "relationship read on an instance loaded by an AsyncSession without it (MissingGreenlet)"

    def check(self, analysis: Analysis) -> Iterator[Finding]:
        for read, instance, relationship, root in analysis.shared("unloaded_reads", unloaded_reads):
            if not instance.origin.is_async or _after_session_block(read, instance, root):
                continue  # sync lazy loads work; after the block ORM203 speaks
            model, name = instance.model.name, relationship.name
            if relationship.lazy.startswith("raise"):
                what = f'`{model}.{name}` is `lazy="{relationship.lazy}"` and was not loaded: this read raises'
            else:
                what = f"`{model}.{name}` was not loaded: this read needs I/O and raises MissingGreenlet"
            variable = expression_text(read.value)
            fix = f"load it with `selectinload({model}.{name})` or read `await {variable}.awaitable_attrs.{name}`"
            yield self.finding(read, f"{what}; {fix}")
        for found in callee_reads(analysis):
            model, name = found.instance.model.name, found.relationship.name
            raises = "raises" if found.relationship.lazy.startswith("raise") else "needs I/O and raises MissingGreenlet"
            yield self.finding(
                found.call,
                f"`{called_name(found.call.func)}()` reads `{found.read}` ({found.where}), which was not loaded "
                f"with `{found.argument.id}`: that read {raises}; load it with `selectinload({model}.{name})`",
            )


class AfterSessionClosed(Rule):
    """
    ## What it does
    Finds reads of a relationship that was not loaded, on an instance whose
    session was opened with `with` / `async with` and has been closed by the
    time of the read (the read comes after the block).  Sync and async
    sessions alike.

    ## Why is this bad?
    When the block ends the session closes and its instances are detached.
    A detached instance cannot load anything: reading the relationship raises
    `DetachedInstanceError` ("Parent instance is not bound to a Session; lazy
    load operation of attribute ... cannot proceed").

    ## Example
    ```python
    async with async_session() as session:
        team = await session.get(Team, team_id)
    names = [member.name for member in team.members]
    ```

    ## Use instead
    ```python
    async with async_session() as session:
        team = await session.get(Team, team_id, options=[selectinload(Team.members)])
    names = [member.name for member in team.members]
    ```
    """

    code = "ORM203"
    pylint_id = "E5813"
    symbol = "async-orm-read-after-session-closed"
    summary = "relationship not loaded, read after the session's `with` block closed (DetachedInstanceError)"

    def check(self, analysis: Analysis) -> Iterator[Finding]:
        for read, instance, relationship, root in analysis.shared("unloaded_reads", unloaded_reads):
            if _after_session_block(read, instance, root):
                yield self.finding(
                    read,
                    f"`{instance.model.name}.{relationship.name}` was not loaded and the session that loaded it is "
                    "closed here: load it inside the block (`selectinload(...)`) or read it there",
                )


def unloaded_reads(analysis: Analysis):
    """``(read, instance, relationship, function)`` for reads of relationships not loaded."""
    evaluator = analysis.evaluator
    exempt_cache: dict[int, dict[tuple[str, str], list[ast.AST]]] = {}
    for site in analysis.scopes.reads:
        read = site.node  # an ast.Attribute: ``x.attr`` or ``x.rel.attr``
        if type(site.parent) is ast.Attribute and site.parent.attr == "awaitable_attrs":
            continue
        if type(read.value) is ast.Name:
            name = read.value.id
            if evaluator.imported(name, site.scope) or site.scope.method_of(name) is not None:
                continue  # ``schemas.UserOut``, ``self.repo``: not loaded through a session here
        elif read.value.attr == "awaitable_attrs" or evaluator.imported(root_name(read), site.scope):
            continue
        instance = as_used(evaluator.value(read.value, site.scope))
        if not isinstance(instance, ModelInstance) or instance.origin is None:
            continue
        relationship = instance.model.relationship(read.attr)
        if (
            relationship is None
            or relationship.lazy not in api.LOADS_ON_READ_OR_RAISES
            or instance.is_loaded(relationship.name)
            or _in_identity_map(instance, relationship)
        ):
            continue
        root = analysis.body_root(site.scope)
        exempt = exempt_cache.get(id(root))
        if exempt is None:
            exempt = exempt_cache[id(root)] = _loaded_elsewhere(root)
        loads = exempt.get((expression_text(read.value), relationship.name))
        if loads and any(_may_run_before(load, read, analysis.parents(root)) for load in loads):
            continue
        yield read, instance, relationship, root


def _in_identity_map(instance: ModelInstance, relationship: Relationship) -> bool:
    """``order.user`` for an order reached from ``user.orders``: the user is in the identity map,
    where a many-to-one lazy load finds it without SQL; ``lazy="raise"`` raises before looking
    (``lazy="raise_on_sql"`` looks).  ``line.created_by`` for a line of ``order.lines`` is not
    the parent: a user nothing loaded."""
    return (
        instance.through is not None and instance.through == relationship.target
        and not relationship.collection and relationship.lazy != "raise"
    )


def _loaded_elsewhere(root: ast.AST) -> dict[tuple[str, str], list[ast.AST]]:
    """Where the function loads ``(variable, relationship)`` pairs explicitly.

    ``await x.awaitable_attrs.rel`` and ``await session.refresh(x, ["rel"])``
    (or ``attribute_names=``); a refresh without names reloads columns only.
    """
    found: dict[tuple[str, str], list[ast.AST]] = {}
    for node in own_nodes(root):
        if type(node) is ast.Attribute and type(node.value) is ast.Attribute and node.value.attr == "awaitable_attrs":
            found.setdefault((expression_text(node.value.value), node.attr), []).append(node)
        elif type(node) is ast.Call and type(node.func) is ast.Attribute and node.func.attr == api.REFRESH_METHOD:
            for pair in _refreshed_names(node):
                found.setdefault(pair, []).append(node)
    return found


_LOOPS = (ast.For, ast.AsyncFor, ast.While)


def _may_run_before(load: ast.AST, read: ast.AST, parents: dict[int, ast.AST]) -> bool:
    """May ``load`` run before ``read``: it is written before it, or both are in one loop (the next
    iteration reads what this one loaded)?"""
    if (load.lineno, load.col_offset) < (read.lineno, read.col_offset):  # type: ignore[attr-defined]
        return True
    loops = {id(parent) for parent, _ in ancestors(read, parents) if isinstance(parent, _LOOPS)}
    return any(id(parent) in loops for parent, _ in ancestors(load, parents))


def _refreshed_names(call: ast.Call) -> set[tuple[str, str]]:
    """``session.refresh(x, ["a", "b"])`` -> ``{("x", "a"), ("x", "b")}``."""
    if not call.args or type(call.args[0]) not in (ast.Name, ast.Attribute):
        return set()
    refreshed = expression_text(call.args[0])
    listed = list(call.args[1:2]) + [k.value for k in call.keywords if k.arg == "attribute_names"]
    return {
        (refreshed, item.value)
        for names in listed
        for item in walk(names)
        if type(item) is ast.Constant and isinstance(item.value, str)
    }


def _after_session_block(read: ast.Attribute, instance: ModelInstance, root: ast.AST) -> bool:
    """Is ``read`` after the end of the ``with`` block that bound the instance's session?

    An instance returned by a function (``user = await get_user(db, 1)``) does
    not know its session's name here: the block counts when the instance was
    assigned inside it from a call that was given the block's session.
    """
    session = instance.origin.session
    if instance.origin.detached:
        return True
    if not session:
        return _given_the_block_session(read, root)
    for node in own_nodes(root):
        if type(node) in (ast.With, ast.AsyncWith):
            for item in node.items:
                target = item.optional_vars
                if target is not None and expression_text(target) == session:
                    end = node.end_lineno or node.lineno
                    return read.lineno > end and not _rebound_after(target, node, read, root)
    return False


def _given_the_block_session(read: ast.Attribute, root: ast.AST) -> bool:
    if type(read.value) is not ast.Name:
        return False  # ``a.b.rel``: the block is looked for from the name ``a`` only
    variable = read.value.id
    for block in own_nodes(root):
        if type(block) not in (ast.With, ast.AsyncWith) or read.lineno <= (block.end_lineno or block.lineno):
            continue
        targets = {i.optional_vars.id for i in block.items if type(i.optional_vars) is ast.Name}
        for node in walk(block):
            if (
                type(node) is ast.Assign
                and any(type(t) is ast.Name and t.id == variable for t in node.targets)
                and any(
                    type(call) is ast.Call and any(type(a) is ast.Name and a.id in targets for a in call.args)
                    for call in walk(node.value)
                )
            ):
                return True
    return False


def _rebound_after(target: ast.expr, block: ast.AST, read: ast.AST, root: ast.AST) -> bool:
    """Is the session's name bound again between the block and the read (another session)?"""
    return any(
        type(node) in (ast.With, ast.AsyncWith)
        and node is not block
        and block.lineno < node.lineno < read.lineno  # type: ignore[attr-defined]
        and any(
            i.optional_vars is not None and expression_text(i.optional_vars) == expression_text(target)
            for i in node.items
        )
        for node in own_nodes(root)
    )


__all__ = ["NotEagerLoaded", "AfterSessionClosed"]
