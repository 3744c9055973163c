"""The walk for facts (modules read because another imports them) keeps what facts are made of.

:func:`~async_orm_lint.walk.walk_module` with ``facts_lines`` skips the
expressions a module's facts cannot depend on.  These tests compare it with
the full walk of the same tree: the bindings of every module and function
scope, their ``return``/``yield``/``with`` statements and the class
attributes must be the same objects in the same order.
"""

from __future__ import annotations

import ast
import sysconfig
from pathlib import Path

import pytest

from async_orm_lint.api import KNOWN_METHOD_NAMES
from async_orm_lint.scopes import ModuleScopes
from async_orm_lint.syntax import child_nodes, expression_text, walk
from async_orm_lint.walk import walk_module, fact_lines

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent

TRICKY = '''
import contextlib
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

factory = async_sessionmaker()
if (found := factory) is not None:
    alias = found


class Repo:
    session: AsyncSession
    label = [item for item in range(3) if (last := item)]

    def __init__(self, session: AsyncSession, *, other=(flag := 1)) -> None:
        self.session = session
        session.add(self)
        self.pair, self.rest = session, None
        with factory() as self.opened:
            pass
        for self.cursor in (yield_ for yield_ in ()):
            pass

    async def stream(self):
        async with factory() as session:
            values = [(yield_value := row) for row in ()]
            yield (
                session
            )

    def delegate(self):
        return (yield from self.stream())

    async def save(self, other: AsyncSession, commit: bool = True) -> None:
        if commit:
            await self.session.commit()
        await (
            other
            .commit()
        )
        await other.flush(lambda: other.commit())

    def nested(self):
        def inner():
            nonlocal_name = lambda: (yield)
            return nonlocal_name
        callback = lambda x=(captured := 2): x
        return inner, callback


@contextlib.asynccontextmanager
async def get_session():
    """A docstring that says yield, := and nothing else."""
    async with factory() as session:
        try:
            yield session
        except Exception as error:
            raise
        finally:
            del alias


match factory:
    case {"a": captured_value, **rest}:
        pass
    case [first, *others] if (guard := first):
        pass


def generator():
    total = sum((yield) for _ in range(2)) if False else 0
    global factory
    return total
'''


def _view(scopes: ModuleScopes) -> dict:
    """What facts are made of, by node identity (AST nodes compare by identity)."""
    def scope_view(scope):
        return (
            {name: list(sources) for name, sources in scope.bindings.items()},
            list(scope.returns), list(scope.yields), list(scope.withs),
            scope.self_name, scope.owner.node if scope.owner is not None else None,
        )

    return {
        "module": scope_view(scopes.module),
        "functions": {node: scope_view(scope) for node, scope in scopes.function_scopes.items()},
        "classes": {
            node: {name: [(source, scope.node) for source, scope in pairs] for name, pairs in facts.attributes.items()}
            for node, facts in scopes.classes.items()
        },
        "star_imports": list(scopes.star_imports),
        "commits": [(site.node, site.scope.node) for site in scopes.calls.get("commit", ())],
    }


def _walks_agree(data: bytes, filename: str) -> bool | None:
    try:
        tree = ast.parse(data, filename)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    lines = fact_lines(data)
    if lines is None:
        return None
    return _view(walk_module(tree, calls={"commit"})) == _view(walk_module(tree, lines, calls={"commit"}))


def test_tricky_module():
    data = TRICKY.encode()
    lines = fact_lines(data)
    assert lines is not None and len(lines) > 10
    assert _walks_agree(data, "tricky.py")


def test_the_walk_for_facts_skips_what_rules_look_at():
    """It is a shorter walk: calls and attribute reads are collected only on the lines it enters."""
    data = TRICKY.encode()
    tree = ast.parse(data)
    full = walk_module(tree, calls=KNOWN_METHOD_NAMES)
    facts = walk_module(tree, fact_lines(data), calls=KNOWN_METHOD_NAMES)
    found = [site for sites in facts.calls.values() for site in sites]
    assert 0 < len(found) < sum(len(sites) for sites in full.calls.values())
    assert len(facts.reads) < len(full.reads)
    lines = fact_lines(data)
    assert all(
        any(site.node.lineno <= line <= site.node.end_lineno for line in lines) for site in found + facts.reads
    )


def test_a_missed_line_is_seen():
    """The test above can fail: without the line of a ``yield`` the walk for facts misses it."""
    data = TRICKY.encode()
    tree = ast.parse(data)
    lines = fact_lines(data)
    assert _view(walk_module(tree)) != _view(walk_module(tree, lines[1:]))


@pytest.mark.parametrize("data", [
    b"# -*- coding: latin-1 -*-\nx = 1\n",
    b"x = 1\r\ny = 2\rz = 3\n",
])
def test_lines_are_not_counted_when_they_cannot_be(data):
    assert fact_lines(data) is None


def test_crlf_line_ends_are_counted():
    assert fact_lines(b"x = 1\r\n\r\ndef f():\r\n    yield x\r\n") == [4]


def _python_files(*roots: Path) -> list[Path]:
    return sorted(path for root in roots for path in root.rglob("*.py"))


def test_projects_examples_and_the_package():
    files = _python_files(TESTS / "projects", REPO / "examples", REPO / "async_orm_lint", REPO / "benchmarks")
    assert len(files) > 40
    disagree = [str(path) for path in files if _walks_agree(path.read_bytes(), str(path)) is False]
    assert not disagree


@pytest.mark.sweep
@pytest.mark.slow
def test_standard_library():
    """A bounded sweep: every fourth module of the standard library."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    files = [p for p in sorted(stdlib.rglob("*.py")) if "site-packages" not in p.parts][::4]
    assert len(files) > 300
    compared = disagree = 0
    for path in files:
        agree = _walks_agree(path.read_bytes(), str(path))
        compared += agree is not None
        if agree is False:
            disagree += 1
    assert compared > 250 and disagree == 0


def test_expression_text_is_what_unparse_writes():
    """The rules compare receivers by their text: the shortcut must write what ``ast.unparse`` does."""
    files = _python_files(TESTS / "projects", REPO / "examples", REPO / "async_orm_lint")
    compared = 0
    for path in files:
        for node in ast.walk(ast.parse(path.read_bytes())):
            if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript, ast.Call)):
                assert expression_text(node) == ast.unparse(node), (path, node.lineno)
                compared += 1
    assert compared > 5000


_CONTEXTS_AND_OPERATORS = (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop)


def test_the_rules_walk_is_ast_walk_without_contexts_and_operators():
    """``child_nodes`` and ``walk`` stand in for ``ast.iter_child_nodes`` and ``ast.walk`` in the rules."""
    files = _python_files(TESTS / "projects", REPO / "examples", REPO / "async_orm_lint")
    compared = 0
    for path in files:
        tree = ast.parse(path.read_bytes())
        expected = [node for node in ast.walk(tree) if not isinstance(node, _CONTEXTS_AND_OPERATORS)]
        assert list(walk(tree)) == expected, path
        for node in expected:
            children = [c for c in ast.iter_child_nodes(node) if not isinstance(c, _CONTEXTS_AND_OPERATORS)]
            assert child_nodes(node) == children, (path, getattr(node, "lineno", None))
            compared += 1
    assert compared > 20000


def test_reads_the_rules_look_at():
    """Reads of ``self.x`` in a method are attributes of the class, not of a loaded instance: not collected;
    annotations are not walked (a call there runs once, at definition)."""
    tree = ast.parse(
        "class Repo:\n"
        "    def get(self, user: Annotated[User, Depends(db.get)]) -> Mapped[db.scalars().all()]:\n"
        "        other = self.session\n"
        "        return [self.x for _ in user.orders] + [this.y for this in (self,)]\n"
        "    @staticmethod\n"
        "    def build(self):\n"
        "        return self.z\n"
        "x: Annotated[int, session.execute().attr] = 1\n"
    )
    scopes = walk_module(tree, calls={"get", "scalars", "execute", "all"})
    reads = sorted(expression_text(site.node) for site in scopes.reads)
    assert reads == ["self.x", "self.z", "this.y", "user.orders"]  # ``self.x`` in a comprehension: the rule decides
    assert not scopes.calls
