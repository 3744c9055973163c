"""The package's shape: no import circle, no function or class too large to read.

Modules import each other in one direction (``TYPE_CHECKING`` imports and
imports inside functions count too), so each can be read, and tested, with
only what it imports; the sizes keep every piece readable in one sitting.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "async_orm_lint"
MAX_FUNCTION_LINES = 120
MAX_CLASS_LINES = 350
#: Data written as code: the table of SQLAlchemy's API.
DATA_TABLES = {("api.py", "_kinds")}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """The package's modules ``path`` imports, anywhere in it."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("async_orm_lint"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.startswith("async_orm_lint"):
                target = node.module
            else:
                continue
            for alias in node.names:  # ``from . import api`` imports the module ``api``
                candidate = f"{target}.{alias.name}"
                found.add(candidate if _is_module(candidate) else target)
    return {name for name in found if _is_module(name)} - {module}


def _is_module(name: str) -> bool:
    parts = name.split(".")[1:]
    if not parts:
        return True  # the package itself
    module = PACKAGE.joinpath(*parts[:-1], parts[-1] + ".py")
    return module.is_file() or PACKAGE.joinpath(*parts, "__init__.py").is_file()


def _graph() -> dict[str, set[str]]:
    return {_module_name(path): _imports(path) for path in sorted(PACKAGE.rglob("*.py"))}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle of ``graph``, or None."""
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return None


def test_no_import_circle():
    graph = _graph()
    assert len(graph) > 15 and graph["async_orm_lint.engine"]  # the check reads the package
    cycle = _cycle(graph)
    assert cycle is None, " -> ".join(cycle or ())


def test_the_circle_check_finds_one():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_function_or_class_too_long():
    too_long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                limit = MAX_FUNCTION_LINES
            elif isinstance(node, ast.ClassDef):
                limit = MAX_CLASS_LINES
            else:
                continue
            size = node.end_lineno - node.lineno + 1
            if size > limit and (path.name, node.name) not in DATA_TABLES:
                too_long.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}: {size} lines")
    assert not too_long, "\n".join(too_long)


def test_rules_are_found_and_named_once():
    """Every ``ormNNN_*`` module's rules are registered, each code, pylint id and symbol once."""
    from async_orm_lint.rules import RULES  # pylint: disable=import-outside-toplevel

    modules = {path.stem for path in (PACKAGE / "rules").glob("orm*.py")}
    assert {rule.__module__.rsplit(".", 1)[1] for rule in RULES} == modules
    for attribute in ("code", "pylint_id", "symbol"):
        names = [getattr(rule, attribute) for rule in RULES]
        assert len(set(names)) == len(names), attribute
    assert [rule.code for rule in RULES] == sorted(rule.code for rule in RULES)
