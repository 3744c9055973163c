"""Where a project's modules are: its root, its search paths, and module name <-> file.

Imports of project modules are followed from the project root, the nearest
directory with a marker (:data:`ROOT_MARKERS`), as Python's import system
would find them with the root (and ``src/``, for src-layout) on ``sys.path``.
This is the file system's part of the project index, kept apart from what the
modules hold (:mod:`async_orm_lint.facts`): a name and a path, nothing read.

Paths are kept as strings: each ``Path`` would be two more objects for the
host's garbage collector to walk (see :class:`~async_orm_lint.facts.ModuleFacts`).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT_MARKERS = ("pyproject.toml", "setup.cfg", "setup.py", "tox.ini", ".git")

#: directory -> project root.
_ROOTS: dict[str, str | None] = {}


def find_root(start: Path) -> Path | None:
    """The nearest directory at or above ``start`` that holds a project marker."""
    root = root_of(str(start))
    return Path(root) if root is not None else None


def root_of(start: str) -> str | None:
    """:func:`find_root` on strings, remembering the answer for every directory on the way."""
    seen = []
    directory = start
    while True:
        if directory in _ROOTS:
            root = _ROOTS[directory]
            break
        seen.append(directory)
        if any(os.path.exists(os.path.join(directory, marker)) for marker in ROOT_MARKERS):
            root = directory
            break
        parent = os.path.dirname(directory)
        if parent == directory:
            root = None
            break
        directory = parent
    for directory in seen:
        _ROOTS[directory] = root
    return root


def forget_roots() -> None:
    """Forget which directory is the root of which (as a new process)."""
    _ROOTS.clear()


def is_package_init(path: str) -> bool:
    """Is the module at ``path`` a package (its ``__init__.py``)?"""
    return os.path.basename(path) == "__init__.py"


class ProjectLayout:
    """The files of one project's modules, found on its search paths (memoised both ways)."""

    __slots__ = ("root", "search_paths", "_locations", "_places", "_namespaces")

    def __init__(self, root: Path, search_paths: list[Path] | None = None) -> None:
        self.root = root
        self.search_paths = search_paths or [root] + [p for p in (root / "src",) if p.is_dir()]
        #: module name -> its file, or None outside the project.
        self._locations: dict[str, str | None] = {}
        #: module name and ``is_package`` of each checked file.
        self._places: dict[str, tuple[str, bool]] = {}
        #: top-level name -> is it a namespace package (a directory without ``__init__.py``)?
        self._namespaces: dict[str, bool] = {}

    def module_path(self, module: str) -> str | None:
        """The file of a project module, or None if it is not in the project."""
        if module in self._locations:
            return self._locations[module]
        found = None
        parts = module.split(".")
        if all(parts):
            for base in self.search_paths:
                candidate = os.path.join(base, *parts)
                for path in (candidate + ".py", os.path.join(candidate, "__init__.py")):
                    if os.path.isfile(path):
                        found = path
                        break
                if found:
                    break
        self._locations[module] = found
        return found

    def is_namespace_package(self, top_level: str) -> bool:
        """Is ``top_level`` a directory on the search paths, imported without an ``__init__.py``
        (``src/ai/backend/...`` imported as ``ai.backend...``)?"""
        found = self._namespaces.get(top_level)
        if found is None:
            found = self._namespaces[top_level] = top_level.isidentifier() and any(
                os.path.isdir(os.path.join(base, top_level)) for base in self.search_paths
            )
        return found

    def place(self, absolute: str) -> tuple[str, bool]:
        """``(dotted name, is_package)`` of a checked file (memoised: a host checks each file once per
        run, an editor the same file again and again)."""
        place = self._places.get(absolute)
        if place is None:
            path = Path(absolute)
            place = self._places[absolute] = self.module_name(path) or (_name_from_packages(path), False)
        return place

    def module_name(self, path: Path) -> tuple[str, bool] | None:
        """``(dotted name, is_package)`` of a file under the search paths.

        The path as written is tried first: resolving links costs a system
        call per directory, and a module's name is the one its path gives
        under the search paths (as for Python's import system).
        """
        return self._name_under_search_paths(str(path)) or self._name_under_search_paths(str(path.resolve()))

    def _name_under_search_paths(self, path: str) -> tuple[str, bool] | None:
        for base in sorted((str(p) for p in self.search_paths), key=len, reverse=True):
            prefix = base if base.endswith(os.sep) else base + os.sep
            if not path.startswith(prefix):
                continue
            parts = os.path.splitext(path[len(prefix):])[0].split(os.sep)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts = parts[:-1]
            if parts and all(part.isidentifier() for part in parts):
                return ".".join(parts), is_package
        return None


def _name_from_packages(path: Path) -> str:
    """A module name from the ``__init__.py`` files above a file outside the search paths."""
    parts = [path.stem]
    directory = path.parent
    while (directory / "__init__.py").is_file() and directory.parent != directory:
        parts.insert(0, directory.name)
        directory = directory.parent
    return ".".join(parts)
