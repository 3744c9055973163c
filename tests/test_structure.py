"""The package's modules import each other without a circle.

A circle (``a`` imports ``b``, which imports ``a``, directly or through
others) makes the order of imports matter and hides which module is the
lower layer.  Every import counts: at module level, inside a function, and
under ``if TYPE_CHECKING:``.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "async_orm_lint"
NAME = PACKAGE.name


def _modules() -> dict[str, Path]:
    """Dotted name -> file, for every module of the package (a package is its ``__init__``)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = [NAME, *path.relative_to(PACKAGE).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imported(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules of the package that ``module`` imports."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - (node.level - 1)])
                source = f"{base}.{node.module}" if node.module else base
            else:
                source = node.module or ""
            # ``from . import x`` imports the submodule x; ``from .x import y`` the module x (and y, if a submodule)
            names = [source] + [f"{source}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            # ``import a.b.c`` runs a, a.b and a.b.c: the innermost module of the package it names
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


def import_circles() -> list[list[str]]:
    """Every circle of imports between the package's modules (one per strongly connected group)."""
    modules = _modules()
    graph = {module: _imported(module, path, modules) for module, path in modules.items()}
    circles, order, low, stack, on_stack = [], {}, {}, [], set()

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        order[module] = low[module] = len(order)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph[module]):
            if imported not in order:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], order[imported])
        if low[module] == order[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for module in sorted(graph):
        if module not in order:
            visit(module)
    return circles


#: circles being taken apart elsewhere: ``models`` imports ``evaluate`` for a type annotation.
KNOWN_CIRCLES = [["async_orm_lint.evaluate", "async_orm_lint.models"]]


def test_no_import_circle():
    assert [circle for circle in import_circles() if circle not in KNOWN_CIRCLES] == []


if __name__ == "__main__":
    for circle in import_circles():
        print(" <-> ".join(circle))
