"""ORM202: an attribute read after ``commit()`` expired it, on an async session."""

from __future__ import annotations

import ast
from typing import Iterator

from .. import api
from ..findings import Finding
from ..analysis import Analysis
from ..syntax import expression_text, own_nodes, walk
from ..values import ModelInstance, as_used
from .base import Rule


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

    ## Why is this bad?
    `commit()` expires every instance of the session: the next read of any
    attribute reloads it from the database.  That is I/O behind an attribute
    access, which an `AsyncSession` cannot do: the read raises
    `MissingGreenlet`.  It typically hides in the line that builds the
    response after the commit.

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
    calls = api.COMMIT_METHODS

    def check(self, analysis: Analysis) -> Iterator[Finding]:
        evaluator = analysis.evaluator
        commits = [
            (site.node, expression_text(site.node.func.value), analysis.body_root(site.scope))  # type: ignore
            for site, session in analysis.calls_on(self.calls, api.ASYNC_SESSION_KINDS)
            if type(site.parent) is ast.Await and session.expires
        ]
        if not commits:
            return
        for site in analysis.scopes.reads:
            read = site.node
            if type(read.value) is not ast.Name:  # type: ignore[attr-defined]
                continue  # ``a.b.c``: what a commit expires is read through a name
            root = analysis.body_root(site.scope)
            for commit, session, commit_root in commits:
                if commit_root is not root or read.lineno <= (commit.end_lineno or commit.lineno):
                    continue
                instance = as_used(evaluator.value(read.value, site.scope))
                if not isinstance(instance, ModelInstance) or read.attr not in _mapped(instance):
                    continue
                if not _belongs_to(instance, read.value.id, session, root):  # type: ignore[attr-defined]
                    continue
                name = read.value.id
                if analysis.runs_after(commit, read, root) and not _refreshed(name, session, commit, read, root):
                    yield self.finding(
                        read,
                        f"`{name}.{read.attr}` is read after `{session}.commit()` expired it: this reload raises "
                        f"MissingGreenlet; use `expire_on_commit=False` or `await {session}.refresh({name})` first",
                    )
                    break


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
