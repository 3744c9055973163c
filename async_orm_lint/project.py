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

from .evaluate import Evaluator, dotted_value
from .options import Options, effective
from .scopes import IMPORT, walk_module
from .values import ModelClass, ProjectClass, RelationshipRef, Value

ROOT_MARKERS = ("pyproject.toml", "setup.cfg", "setup.py", "tox.ini", ".git")
#: Modules larger than this are not parsed for facts (generated code, data).
MAX_MODULE_BYTES = 2_000_000
#: Modules whose facts are kept per process (least recently used are dropped).
MAX_CACHED_MODULES = 20_000


class ModuleFacts:
    """The module-level names of one module, evaluated on demand and memoised.

    Evaluating a name only when another module asks for it keeps import cycles
    harmless: ``models/user.py`` and ``models/order.py`` import each other (under
    ``TYPE_CHECKING``, as SQLAlchemy 2.0 models do), but ``User`` and ``Order``
    do not need each other's value to be known; only a name that truly depends
    on itself is left without evidence.

    Facts are *open* (they hold the module's tree and an evaluator) while the
    file that needed them is checked, then :meth:`close` keeps only the values
    (plain tuples): a host process that checks a whole project does not keep
    every tree alive, which would make each of its garbage collections walk
    them all.  A name nobody asked for before the facts closed is a *miss*: the
    index opens the module again, and then evaluates all its names.
    """

    def __init__(
        self, evaluator: Evaluator | None = None, *, full: bool = False, known: ModuleFacts | None = None
    ) -> None:
        self._evaluator = evaluator
        scopes = evaluator.scopes if evaluator else None
        bindings = scopes.module.bindings if scopes else {}
        #: the module-level names the module binds.
        self.names: frozenset[str] = frozenset(bindings)
        #: names bound by one import only: followed when asked for, never evaluated ahead.
        self._imports = {
            name: sources[0][1] for name, sources in bindings.items() if len(sources) == 1 and sources[0][0] == IMPORT
        }
        self._importer = (evaluator.options, evaluator.resolver) if evaluator else None
        #: modules imported with ``from m import *``, absolute names.
        self.star_imports: tuple[str, ...] = tuple(
            absolute for absolute in map(evaluator.resolver.absolute, scopes.star_imports) if absolute
        ) if scopes else ()
        #: the literal ``__all__``, when there is one.
        self.all_names: frozenset[str] | None = _literal_all(scopes.tree) if scopes else None
        #: evaluate every name when closing (the module was opened before).
        self.full = full
        #: values evaluated so far (``known``: the values an earlier reading of the same text found).
        self._values: dict[str, Value | None] = dict(known._values) if known is not None else {}

    @property
    def is_open(self) -> bool:
        return self._evaluator is not None

    def misses(self, name: str) -> bool:
        """Is ``name`` bound here but unknown, because the facts closed before it was asked for?"""
        return (
            self._evaluator is None and name in self.names and name not in self._values and name not in self._imports
        )

    def value(self, name: str) -> Value | None:
        if name in self._values:
            return self._values[name]
        if name in self._imports and self._importer is not None:
            return dotted_value(self._imports[name], *self._importer)
        evaluator = self._evaluator
        if evaluator is None or name not in self.names:
            return None
        module = evaluator.scopes.module
        value = evaluator.lookup(name, module)
        if value is None:
            value = evaluator.type_alias(name, module)
        self._values[name] = value
        return value

    def close(self) -> None:
        """Keep the values, drop the tree (after evaluating every name if :attr:`full`)."""
        if self.full:
            for name in self.names - self._imports.keys():
                self.value(name)
        if self._evaluator is not None:
            self._evaluator.scopes.release()
        self._evaluator = None


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
    #: facts opened (parsed) since the last :meth:`close_facts`.
    _opened: list[ModuleFacts] = field(default_factory=list)
    #: paths whose cached facts were found up to date since the last :meth:`close_facts`.
    _checked: set[Path] = field(default_factory=set)
    #: files of this project checked by this process.
    _files_checked: int = 0

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
        if facts.misses(name):
            facts = self.facts(module, reopen=True)
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

    def facts(self, module: str, *, reopen: bool = False) -> ModuleFacts | None:
        path = self.module_path(module)
        if path is None:
            return None
        cached = self._facts.get(path)
        if cached is not None and not reopen:
            if path in self._checked:
                return cached[1]
            stamp = _stamp(path)
            if cached[0] == stamp:
                self._checked.add(path)
                self._facts.move_to_end(path)
                return cached[1]
        else:
            stamp = _stamp(path)
        if stamp is None:
            return None
        facts = self._read_facts(path, module, full=reopen)
        self._store(path, stamp, facts)
        return facts

    def _store(self, path: Path, stamp: tuple[int, int], facts: ModuleFacts) -> None:
        self._checked.add(path)
        self._facts[path] = (stamp, facts)
        self._facts.move_to_end(path)
        if len(self._facts) > MAX_CACHED_MODULES:
            self._facts.popitem(last=False)
        if facts.is_open:
            self._opened.append(facts)

    def done_with(self, path: Path | None, source: str | None, evaluator) -> None:
        """The file at ``path`` was checked with ``evaluator``: keep its facts, close all facts.

        A process that checks several files of a project (flake8 or pylint over
        a tree) keeps the facts of each checked file, so that the modules that
        import it later do not parse it again; a process that checks one file
        (an editor) does not spend the time.  Only a file whose text is what
        is on disk (not an unsaved buffer) is kept.
        """
        self._files_checked += 1
        try:
            if self._files_checked > 1 and path is not None and source is not None:
                self._keep_checked(path, source, evaluator)
        finally:
            self.close_facts()

    def _keep_checked(self, path: Path, source: str, evaluator) -> None:
        stamp = _stamp(path)
        cached = self._facts.get(path)
        known = cached is not None and cached[0] == stamp
        if stamp is None or (known and cached[1].full) or stamp[0] > MAX_MODULE_BYTES:
            return
        try:
            if path.read_bytes() != source.encode("utf-8"):
                return
        except (OSError, UnicodeError):
            return
        # facts read when another module imported this one know only the names it asked for:
        # complete them now, while the file's tree is at hand, rather than parse it again later
        self._store(path, stamp, ModuleFacts(evaluator, full=True, known=cached[1] if known else None))

    def close_facts(self) -> None:
        """The checked file is done: close the facts it opened (see :class:`ModuleFacts`).

        Closing a module that evaluates all its names may open others; they
        are closed in turn.  A module whose closing fails is forgotten.
        """
        while self._opened:
            facts = self._opened.pop()
            try:
                facts.close()
            except Exception:  # pylint: disable=broad-exception-caught  # less evidence, never a crash
                for path, (_, cached) in list(self._facts.items()):
                    if cached is facts:
                        del self._facts[path]
        self._checked.clear()

    def _read_facts(self, path: Path, module: str, *, full: bool) -> ModuleFacts:
        tree = _parse_file(path)
        if tree is None:
            return ModuleFacts()
        resolver = ModuleResolver(self, module, path.name == "__init__.py")
        return ModuleFacts(Evaluator(walk_module(tree), resolver, self.options), full=full)


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


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


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


def forget_projects() -> None:
    """Drop every project index and what was learnt about where files are (as a new process)."""
    _INDEXES.clear()
    _PLACES.clear()
    _ROOTS.clear()


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


#: where each checked file is: ``(absolute file name, host options)`` -> index, module, is_package, path.
_PLACES: dict[tuple[str, Options], tuple[ProjectIndex, str, bool, Path] | None] = {}


def index_for(filename: str, options: Options) -> tuple[ProjectIndex, ModuleResolver, Path] | None:
    """The index of the project ``filename`` belongs to, a resolver for that file, and its path."""
    if filename in ("", "-", "stdin", "<stdin>", "<unknown>"):
        absolute = os.path.join(os.getcwd(), "__stdin__.py")
    else:
        absolute = os.path.abspath(filename)
    key = (absolute, options)
    if key not in _PLACES:
        _PLACES[key] = _place(Path(absolute), options)
    place = _PLACES[key]
    if place is None:
        return None
    index, module, is_package, path = place
    return index, ModuleResolver(index, module, is_package), path


def _place(path: Path, options: Options) -> tuple[ProjectIndex, str, bool, Path] | None:
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
    return index, module, is_package, path


def _name_from_packages(path: Path) -> str:
    """A module name from the ``__init__.py`` files above a file outside the search paths."""
    parts = [path.stem]
    directory = path.parent
    while (directory / "__init__.py").is_file() and directory.parent != directory:
        parts.insert(0, directory.name)
        directory = directory.parent
    return ".".join(parts)
