"""The project index: what the names imported from other modules of the project are.

Real applications create their session factory in ``db.py``, their dependency
in ``deps.py`` and use both in ``routers/users.py``.  The index finds the
project root of the checked file, resolves imports of project modules
(absolute, relative, ``import a.b as c``, re-exports through ``__init__.py``,
``from m import *`` through ``__all__``, src-layout), parses those modules with
the stdlib ``ast`` (never importing them) and keeps, per module, a small table
of *facts*: the module-level names that carry evidence, evaluated to values.

Facts are evaluated name by name when asked for and cached per process, keyed
by path, size and modification time; syntax errors, cycles and missing modules
only mean less evidence.
"""

from __future__ import annotations

import ast
import os
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from .options import Options, effective
from .values import ModelClass, ProjectClass, RelationshipRef, Value

ROOT_MARKERS = ("pyproject.toml", "setup.cfg", "setup.py", "tox.ini", ".git")
#: Modules larger than this are not parsed for facts (generated code, data).
MAX_MODULE_BYTES = 2_000_000
#: Modules whose parsed facts are kept per process (least recently used are dropped).
MAX_CACHED_MODULES = 2_000


class ModuleFacts:
    """The module-level names of one module, evaluated on demand and memoised.

    Evaluating a name only when another module asks for it keeps import cycles
    harmless: ``models/user.py`` and ``models/order.py`` import each other (under
    ``TYPE_CHECKING``, as SQLAlchemy 2.0 models do), but ``User`` and ``Order``
    do not need each other's value to be known; only a name that truly depends
    on itself is left without evidence.
    """

    def __init__(self, evaluator=None, star_imports: tuple[str, ...] = (), all_names=None) -> None:
        self._evaluator = evaluator
        #: modules imported with ``from m import *``, absolute names.
        self.star_imports = star_imports
        #: the literal ``__all__``, when there is one.
        self.all_names: frozenset[str] | None = all_names

    def value(self, name: str) -> Value | None:
        evaluator = self._evaluator
        if evaluator is None or name not in evaluator.scopes.module.bindings:
            return None
        module = evaluator.scopes.module
        value = evaluator.lookup(name, module)
        return value if value is not None else evaluator.type_alias(name, module)


@dataclass
class ProjectIndex:
    """Module lookup and per-module facts for one project root."""

    root: Path
    options: Options
    search_paths: list[Path] = field(default_factory=list)
    #: least recently used first.
    _facts: OrderedDict[Path, tuple[tuple[int, int], ModuleFacts]] = field(default_factory=OrderedDict)
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
                value = _attribute_of(value, attribute)
            return value
        return None

    def lookup(self, module: str, name: str) -> Value | None:
        key = (module, name)
        if key in self._looking_up:
            return None  # a cycle of star imports, re-exports or imports
        self._looking_up.add(key)
        try:
            return self._lookup(module, name)
        finally:
            self._looking_up.discard(key)

    def _lookup(self, module: str, name: str) -> Value | None:
        facts = self.facts(module)
        if facts is None:
            return None
        value = facts.value(name)
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
        if path is None:
            return None
        try:
            stat = path.stat()
        except OSError:
            return None
        stamp = (stat.st_size, stat.st_mtime_ns)
        cached = self._facts.get(path)
        if cached is not None and cached[0] == stamp:
            self._facts.move_to_end(path)
            return cached[1]
        facts = self._read_facts(path, module)
        self._facts[path] = (stamp, facts)
        if len(self._facts) > MAX_CACHED_MODULES:
            self._facts.popitem(last=False)
        return facts

    def _read_facts(self, path: Path, module: str) -> ModuleFacts:
        # imported here: evaluate imports this module's types
        from .evaluate import Evaluator  # pylint: disable=import-outside-toplevel
        from .scopes import walk_module  # pylint: disable=import-outside-toplevel

        tree = _parse_file(path)
        if tree is None:
            return ModuleFacts()
        scopes = walk_module(tree)
        resolver = ModuleResolver(self, module, path.name == "__init__.py")
        stars = tuple(
            absolute for absolute in (resolver.absolute(star) for star in scopes.star_imports) if absolute
        )
        return ModuleFacts(Evaluator(scopes, resolver, self.options), stars, _literal_all(tree))


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


def _attribute_of(value: Value | None, name: str) -> Value | None:
    """``Repo.session`` / ``User.orders`` read through an imported dotted name."""
    if isinstance(value, ProjectClass):
        return value.attribute(name)
    if isinstance(value, ModelClass):
        relationship = value.relationship(name)
        if relationship is not None:
            return RelationshipRef(value.name, relationship.name, relationship.target)
    return None


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
