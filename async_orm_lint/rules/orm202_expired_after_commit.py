"""ORM202: an attribute read after ``commit()`` expired it, on an async session."""

from __future__ import annotations

import ast
from typing import Iterator

from .. import api
from ..findings import Finding
from ..analysis import Analysis
from ..scopes import Scope
from ..syntax import expression_text, own_nodes, walk
from ..values import ModelInstance, as_used
from .base import Rule, reason_at


class ExpiredAfterCommit(Rule):
    """
    ## What it does
    Finds reads of a mapped attribute (a column or a relationship) of an
    instance after `await session.commit()`, in straight-line code, when the
    instance was loaded by that session or added to it (`session.add(obj)`)
    and the session's factory leaves `expire_on_commit=True` (the default of
    `async_sessionmaker(...)` and `AsyncSession(...)`).  Where the factory is
    not known (a session that only has an annotation) nothing is reported.  A
    `await session.refresh(obj)` between the commit and the read reloads it.

    Also after `await session.rollback()`, whatever `expire_on_commit` says,
    for an instance the session loaded (one added in the transaction is
    expunged by the rollback, not expired), and for calls that read every
    attribute of the instance they are given: `Out.model_validate(obj)`,
    `Out.from_orm(obj)`, `jsonable_encoder(obj)`, `obj.model_dump()`,
    `obj.dict()`, `obj.to_dict()`.

    ## Why is this bad?
    `commit()` expires every instance of the session: the next read of any
    attribute reloads it from the database.  That is I/O behind an attribute
    access, which an `AsyncSession` cannot do: the read raises
    `MissingGreenlet`.  It typically hides in the line that builds the
    response after the commit, or in the error message an `except` handler
    writes after its `rollback()`, which expires every instance too.

    ## Example
    ```python
    new_session = async_sessionmaker(engine)

    async with new_session() as session:
        customer = Customer(name=name)
        session.add(customer)
        await session.commit()
        return {"id": customer.id, "name": customer.name}
    ```

    ## Use instead
    ```python
    new_session = async_sessionmaker(engine, expire_on_commit=False)
    ```
    or `await session.refresh(customer)` after the commit.
    """

    code = "ORM202"
    pylint_id = "E5812"
    symbol = "async-orm-expired-after-commit"
    summary = "attribute read after `commit()` expired it (`expire_on_commit=True`): MissingGreenlet"
    calls = api.COMMIT_METHODS | api.ROLLBACK_METHODS | api.WHOLE_READ_CALLS

    def check(self, analysis: Analysis) -> Iterator[Finding]:
        evaluator = analysis.evaluator
        expiries = [
            (site.node, expression_text(site.node.func.value), analysis.body_root(site.scope))  # type: ignore
            for site, session in analysis.calls_on(self.calls - api.WHOLE_READ_CALLS, api.ASYNC_SESSION_KINDS)
            if type(site.parent) is ast.Await and (session.expires or site.node.func.attr in api.ROLLBACK_METHODS)
        ]
        if not expiries:
            return
        for node, held, attribute, scope in _reads(analysis):
            name = held.id
            root = analysis.body_root(scope)
            for expiry, session, expiry_root in expiries:
                if expiry_root is not root or node.lineno <= (expiry.end_lineno or expiry.lineno):
                    continue
                instance = as_used(evaluator.value(held, scope))
                if not isinstance(instance, ModelInstance) or (attribute and attribute not in _mapped(instance)):
                    continue
                how = expiry.func.attr  # type: ignore[attr-defined]
                if how in api.ROLLBACK_METHODS and instance.origin is None:
                    continue  # what was added in the transaction is expunged by the rollback, not expired
                if not _belongs_to(instance, name, session, root):
                    continue
                if analysis.runs_after(expiry, node, root) and not _refreshed(name, session, expiry, node, root):
                    yield self.finding(
                        node, _message(node, name, attribute, session, how),
                        (reason_at(expiry, f"`{session}.{how}()` expires what the session loaded"),),
                    )
                    break


def _reads(analysis: Analysis) -> Iterator[tuple[ast.AST, ast.Name, str | None, Scope]]:
    """Where an instance held by a name is read: ``name.attribute``, or whole (``Out.model_validate(name)``,
    ``jsonable_encoder(name)``, ``name.model_dump()``), with ``attribute`` None."""
    for site in analysis.scopes.reads:
        read = site.node
        if type(read.value) is ast.Name:  # type: ignore[attr-defined]
            yield read, read.value, read.attr, site.scope  # type: ignore[attr-defined]
    for site in analysis.calls(api.WHOLE_READ_CALLS):
        call = site.node
        func = call.func  # type: ignore[attr-defined]
        name = func.attr if type(func) is ast.Attribute else func.id if type(func) is ast.Name else None
        if name in api.WHOLE_READ_METHODS and type(func) is ast.Attribute and type(func.value) is ast.Name:
            yield call, func.value, None, site.scope
        elif name in api.WHOLE_READ_FUNCTIONS and call.args and type(call.args[0]) is ast.Name:  # type: ignore
            yield call, call.args[0], None, site.scope  # type: ignore[attr-defined]


def _message(node: ast.AST, name: str, attribute: str | None, session: str, how: str) -> str:
    read = f"`{name}.{attribute}` is read" if attribute else f"`{expression_text(node)}` reads `{name}`'s attributes"
    if how in api.ROLLBACK_METHODS:
        return (f"{read} after `{session}.{how}()` expired it (a rollback expires every instance, whatever "
                f"`expire_on_commit` says): this reload raises MissingGreenlet; read what you need before the "
                f"rollback, or `await {session}.refresh({name})` after it")
    return (f"{read} after `{session}.{how}()` expired it: this reload raises MissingGreenlet; use "
            f"`expire_on_commit=False` or `await {session}.refresh({name})` first")


def _mapped(instance: ModelInstance) -> set[str]:
    return set(instance.model.attributes) | {r.name for r in instance.model.relationships}


def _belongs_to(instance: ModelInstance, name: str, session: str, root: ast.AST) -> bool:
    """Was the instance loaded by ``session``, or added to it in this function?"""
    if instance.origin is not None:
        return instance.origin.session == session
    for node in own_nodes(root):
        if (
            type(node) is ast.Call
            and type(node.func) is ast.Attribute
            and node.func.attr in api.ADD_METHODS
            and expression_text(node.func.value) == session
            and any(type(n) is ast.Name and n.id == name for arg in node.args for n in walk(arg))
        ):
            return True
    return False


def _refreshed(name: str, session: str, commit: ast.Call, read: ast.AST, root: ast.AST) -> bool:
    """Is there a ``await session.refresh(name)`` between the commit and the read?"""
    for node in own_nodes(root):
        if type(node) is not ast.Call or type(node.func) is not ast.Attribute or node.func.attr != api.REFRESH_METHOD:
            continue
        refreshed = node.args[0] if node.args else None
        if (
            type(refreshed) is ast.Name
            and refreshed.id == name
            and expression_text(node.func.value) == session
            and commit.lineno <= node.lineno <= read.lineno  # type: ignore[attr-defined]
        ):
            return True
    return False
