"""The project index: what the names imported from other modules of the project are.

Real applications create their session factory in ``db.py``, their dependency
in ``deps.py`` and use both in ``routers/users.py``.  The index finds the
project root of the checked file, resolves imports of project modules
(absolute, relative, ``import a.b as c``, re-exports through ``__init__.py``,
``from m import *`` through ``__all__``, src-layout), parses those modules with
the stdlib ``ast`` (never importing them) and keeps, per module, a small table
of *facts*: the module-level names that carry evidence, evaluated to values.

Facts are cached per process, keyed by path, size and modification time;
syntax errors, cycles and missing modules only mean less evidence.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field
from pathlib import Path

from .options import Options, effective
from .values import ProjectClass, Value

ROOT_MARKERS = ("pyproject.toml", "setup.cfg", "setup.py", "tox.ini", ".git")
#: Modules larger than this are not parsed for facts (generated code, data).
MAX_MODULE_BYTES = 2_000_000
#: Modules whose facts are being computed at once (each waits for the next).
MAX_OPEN_MODULES = 20


@dataclass
class ModuleFacts:
    """The evidence-bearing module-level names of one module."""

    values: dict[str, Value]
    #: modules imported with ``from m import *``, absolute names.
    star_imports: tuple[str, ...] = ()
    #: the literal ``__all__``, when there is one.
    all_names: frozenset[str] | None = None


@dataclass
class ProjectIndex:
    """Module lookup and per-module facts for one project root."""

    root: Path
    options: Options
    search_paths: list[Path] = field(default_factory=list)
    _facts: dict[Path, tuple[tuple[int, int], ModuleFacts]] = field(default_factory=dict)
    _busy: set[Path] = field(default_factory=set)
    _locations: dict[str, Path | None] = field(default_factory=dict)
    _looking_up: set[tuple[str, str]] = field(default_factory=set)

    def __post_init__(self) -> None:
        if not self.search_paths:
            self.search_paths = [self.root] + [p for p in (self.root / "src",) if p.is_dir()]

    # -- where modules are ------------------------------------------------------

    def module_path(self, module: str) -> Path | None:
        """The file of a project module, or None if it is not in the project."""
        if module in self._locations:
            return self._locations[module]
        found = None
        parts = module.split(".")
        if all(parts):
            for base in self.search_paths:
                candidate = base.joinpath(*parts)
                for path in (candidate.with_name(candidate.name + ".py"), candidate / "__init__.py"):
                    if path.is_file():
                        found = path
                        break
                if found:
                    break
        self._locations[module] = found
        return found

    def module_name(self, path: Path) -> tuple[str, bool] | None:
        """``(dotted name, is_package)`` of a file under the search paths."""
        path = path.resolve()
        for base in sorted(self.search_paths, key=lambda p: len(p.parts), reverse=True):
            try:
                relative = path.relative_to(base)
            except ValueError:
                continue
            parts = list(relative.with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts = parts[:-1]
            if parts and all(part.isidentifier() for part in parts):
                return ".".join(parts), is_package
        return None

    def is_project_package(self, top_level: str) -> bool:
        return self.module_path(top_level) is not None

    # -- what names are ---------------------------------------------------------

    def resolve(self, dotted: str) -> Value | None:
        """The value of an absolute dotted name ``package.module.name[.attr...]``."""
        parts = dotted.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            module = ".".join(parts[:cut])
            if self.module_path(module) is None:
                continue
            value = self.lookup(module, parts[cut])
            for attribute in parts[cut + 1:]:
                value = value.attribute(attribute) if isinstance(value, ProjectClass) else None
            return value
        return None

    def lookup(self, module: str, name: str) -> Value | None:
        key = (module, name)
        if key in self._looking_up:
            return None  # a cycle of star imports or re-exports
        self._looking_up.add(key)
        try:
            return self._lookup(module, name)
        finally:
            self._looking_up.discard(key)

    def _lookup(self, module: str, name: str) -> Value | None:
        facts = self.facts(module)
        if facts is None:
            return None
        value = facts.values.get(name)
        if value is not None:
            return value
        if self.module_path(f"{module}.{name}") is not None:
            return None  # a submodule: resolve() walks into it by name
        for star in facts.star_imports:
            star_facts = self.facts(star)
            if star_facts is not None and (star_facts.all_names is None or name in star_facts.all_names):
                value = self.lookup(star, name)
                if value is not None:
                    return value
        return None

    def facts(self, module: str) -> ModuleFacts | None:
        path = self.module_path(module)
        if path is None or path in self._busy:
            return None
        try:
            stat = path.stat()
        except OSError:
            return None
        stamp = (stat.st_size, stat.st_mtime_ns)
        cached = self._facts.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        if len(self._busy) >= MAX_OPEN_MODULES:
            return None  # a chain of re-exports too long to follow
        self._busy.add(path)
        try:
            facts = self._compute_facts(path, module)
        finally:
            self._busy.discard(path)
        self._facts[path] = (stamp, facts)
        return facts

    def _compute_facts(self, path: Path, module: str) -> ModuleFacts:
        # imported here: evaluate imports this module's types
        from .evaluate import Evaluator  # pylint: disable=import-outside-toplevel
        from .scopes import walk_module  # pylint: disable=import-outside-toplevel

        tree = _parse_file(path)
        if tree is None:
            return ModuleFacts({})
        scopes = walk_module(tree)
        resolver = ModuleResolver(self, module, path.name == "__init__.py")
        evaluator = Evaluator(scopes, resolver, self.options)
        values = {}
        for name in scopes.module.bindings:
            value = evaluator.lookup(name, scopes.module)
            if value is None:
                value = evaluator.type_alias(name, scopes.module)
            if value is not None:
                values[name] = value
        stars = tuple(
            absolute for absolute in (resolver.absolute(star) for star in scopes.star_imports) if absolute
        )
        return ModuleFacts(values, stars, _literal_all(tree))


@dataclass
class ModuleResolver:
    """Resolves the imports of one module through the project index."""

    index: ProjectIndex
    module: str
    is_package: bool

    def absolute(self, dotted: str) -> str | None:
        """``..db.engine`` imported in ``app.routers.users`` -> ``app.db.engine``."""
        if not dotted.startswith("."):
            return dotted
        level = len(dotted) - len(dotted.lstrip("."))
        package = self.module.split(".") if self.is_package else self.module.split(".")[:-1]
        if level - 1 > len(package):
            return None
        base = package[: len(package) - (level - 1)]
        rest = dotted[level:]
        return ".".join(base + ([rest] if rest else [])) or None

    def resolve(self, dotted: str) -> Value | None:
        absolute = self.absolute(dotted)
        if absolute is None or not self.index.is_project_package(absolute.split(".", 1)[0]):
            return None
        return self.index.resolve(absolute)


def _parse_file(path: Path) -> ast.Module | None:
    try:
        if path.stat().st_size > MAX_MODULE_BYTES:
            return None
        return ast.parse(path.read_bytes(), filename=str(path))
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None


def _literal_all(tree: ast.Module) -> frozenset[str] | None:
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in statement.targets
        ):
            if isinstance(statement.value, (ast.List, ast.Tuple)):
                names = [e.value for e in statement.value.elts if isinstance(e, ast.Constant)]
                if all(isinstance(n, str) for n in names):
                    return frozenset(names)
            return None
    return None


# -- finding the project of a file ------------------------------------------------

_ROOTS: dict[Path, Path | None] = {}
_INDEXES: dict[tuple[Path, Options], ProjectIndex] = {}


def find_root(start: Path) -> Path | None:
    """The nearest directory at or above ``start`` that holds a project marker."""
    seen = []
    directory = start
    while True:
        if directory in _ROOTS:
            root = _ROOTS[directory]
            break
        seen.append(directory)
        if any((directory / marker).exists() for marker in ROOT_MARKERS):
            root = directory
            break
        if directory.parent == directory:
            root = None
            break
        directory = directory.parent
    for directory in seen:
        _ROOTS[directory] = root
    return root


def index_for(filename: str, options: Options) -> tuple[ProjectIndex, ModuleResolver] | None:
    """The index of the project ``filename`` belongs to, and a resolver for that file."""
    if filename in ("", "-", "stdin", "<stdin>", "<unknown>"):
        path = Path(os.getcwd()) / "__stdin__.py"
    else:
        path = Path(os.path.abspath(filename))
    root = options.project_root or find_root(path.parent)
    if root is None:
        return None
    options = effective(options, root)
    key = (root, options)
    index = _INDEXES.get(key)
    if index is None:
        index = _INDEXES[key] = ProjectIndex(root, options)
    named = index.module_name(path)
    if named is None:
        named = (_name_from_packages(path), False)
    module, is_package = named
    return index, ModuleResolver(index, module, is_package)


def _name_from_packages(path: Path) -> str:
    """A module name from the ``__init__.py`` files above a file outside the search paths."""
    parts = [path.stem]
    directory = path.parent
    while (directory / "__init__.py").is_file() and directory.parent != directory:
        parts.insert(0, directory.name)
        directory = directory.parent
    return ".".join(parts)
