"""The project index: what the names imported from other modules of the project are.

Real applications create their session factory in ``db.py``, their dependency
in ``deps.py`` and use both in ``routers/users.py``.  :func:`index_for` finds
the project of the checked file and a resolver for its imports; the index
answers "what is this dotted name" (``app.db.engine``, ``app.models.User.orders``):
it resolves relative imports, re-exports through ``__init__.py`` and
``from m import *`` through ``__all__``, and reads the value of each name from
the facts of the module that binds it.  Syntax errors, cycles and missing
modules only mean less evidence.

Where the modules are is :mod:`async_orm_lint.layout`'s part (project root,
search paths, src-layout); what is known of each module, and how long it is
kept, in memory and on disk, is :mod:`async_orm_lint.facts`'s.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

from .facts import Dependencies, FactsStore, ModuleFacts
from .definitions import forget_read_modules
from .evaluate import MAX_CHAIN, _Chain
from .layout import ProjectLayout, find_root, forget_roots, root_of
from .options import Options, effective
from .values import ModelClass, ProjectClass, RelationshipRef, Value

#: What hosts pass as the name of a text that is not a file (a buffer on standard input).
NOT_FILES = frozenset({"", "-", "stdin", "<stdin>", "<unknown>"})

__all__ = ["NOT_FILES", "ModuleResolver", "ProjectIndex", "find_root", "forget_projects", "index_for"]


class ProjectIndex:
    """What the dotted names of one project root are.

    (The index and the resolvers are plain classes: a dataclass costs a
    millisecond to create at import, and the plugin is imported on every
    check an editor runs.)
    """

    def __init__(self, root: Path, options: Options, search_paths: list[Path] | None = None) -> None:
        self.root = root
        self.options = options
        #: where the project's modules are.
        self.layout = ProjectLayout(root, search_paths)
        #: what is known of them.
        self.store = FactsStore(root, options, self.layout, partial(ModuleResolver, self))
        self._looking_up: set[tuple[str, str]] = set()
        #: the lookups that found nothing since the outermost lookup under way began.
        self._not_found: set[tuple[str, str]] = set()
        #: the dependencies of the modules whose evaluation is under way (innermost last).
        self._tracking: list[Dependencies] = []

    def module_path(self, module: str) -> str | None:
        """The file of a project module, or None if it is not in the project."""
        found = self.layout.module_path(module)
        if self._tracking:
            for dependencies in self._tracking:
                dependencies.modules[module] = found
        return found

    def is_project_package(self, top_level: str) -> bool:
        """Is ``top_level`` a module or package of the project (a namespace package too)?"""
        return self.module_path(top_level) is not None or self.layout.is_namespace_package(top_level)

    def resolver_for(self, module: str, is_package: bool) -> ModuleResolver:
        """A resolver for ``module``'s imports, tracking what its values derive from when there is a cache."""
        return self.store.resolver_for(module, is_package)  # type: ignore[return-value]

    def done_with(self, path: str | None, source: str | None, evaluator) -> None:
        """The file at ``path`` was checked with ``evaluator``: keep its facts, close all facts
        (:meth:`~async_orm_lint.facts.FactsStore.done_with`)."""
        self.store.done_with(path, source, evaluator)

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
        """The value of ``name`` in ``module``.

        A name re-exported from module to module is one link of the evaluator's chain per module
        (:data:`~async_orm_lint.evaluate.MAX_CHAIN` at most, with the names and attributes under
        evaluation): beyond it, no evidence.  A lookup that found nothing is not made again until
        the outermost lookup is over: modules that both import a name from the next one and
        star-import it, in a cycle, would otherwise ask each other twice per module (2 ** n lookups).
        """
        key = (module, name)
        if key in self._looking_up or key in self._not_found:
            return None  # a cycle of star imports, re-exports or imports; or asked already
        if _Chain.active >= MAX_CHAIN:
            return None  # too long a chain of re-exports to follow
        outermost = not self._looking_up
        self._looking_up.add(key)
        _Chain.active += 1
        try:
            value = self._lookup(module, name)
            if value is None:
                self._not_found.add(key)
            return value
        finally:
            _Chain.active -= 1
            self._looking_up.discard(key)
            if outermost:
                self._not_found.clear()

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
        facts = self.store.facts_at(path, module, reopen)
        if facts is not None and self._tracking:
            for dependencies in self._tracking:
                dependencies.consulted(facts)
        return facts


class ModuleResolver:
    """Resolves the imports of one module through the project index."""

    __slots__ = ("index", "module", "is_package", "dependencies")

    def __init__(
        self, index: ProjectIndex, module: str, is_package: bool, dependencies: Dependencies | None = None
    ) -> None:
        self.index = index
        self.module = module
        self.is_package = is_package
        #: with the on-disk cache: what this module's values were derived from.
        self.dependencies = dependencies

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
        tracking = self.index._tracking  # pylint: disable=protected-access
        if self.dependencies is not None:
            tracking.append(self.dependencies)
        try:
            absolute = self.absolute(dotted)
            if absolute is None or not self.index.is_project_package(absolute.split(".", 1)[0]):
                return None
            return self.index.resolve(absolute)
        finally:
            if self.dependencies is not None:
                tracking.pop()


def _attribute_of(value: Value | None, name: str) -> Value | None:
    """``Repo.session`` / ``User.orders`` read through an imported dotted name."""
    if isinstance(value, ProjectClass):
        return value.attribute(name)
    if isinstance(value, ModelClass):
        relationship = value.relationship(name)
        if relationship is not None:
            return RelationshipRef(value.name, relationship.name, relationship.target)
    return None


# -- finding the project of a file ------------------------------------------------

#: (root, host options) -> the index of that project.
_INDEXES: dict[tuple[str, Options], ProjectIndex] = {}


def forget_projects() -> None:
    """Drop every project index and what was learnt about where files are (as a new process)."""
    _INDEXES.clear()
    forget_roots()
    forget_read_modules()


def index_for(filename: str, options: Options) -> tuple[ProjectIndex, ModuleResolver, str] | None:
    """The index of the project ``filename`` belongs to, a resolver for that file, and its absolute path."""
    if filename in NOT_FILES:
        absolute = os.path.join(os.getcwd(), "__stdin__.py")
    else:
        absolute = os.path.abspath(filename)
    root = str(options.project_root) if options.project_root is not None else root_of(os.path.dirname(absolute))
    if root is None:
        return None
    index = _INDEXES.get((root, options))
    if index is None:
        index = _INDEXES[(root, options)] = _shared_index(Path(root), options)
    module, is_package = index.layout.place(absolute)
    return index, index.resolver_for(module, is_package), absolute


def _shared_index(root: Path, options: Options) -> ProjectIndex:
    """One index per project root and effective options (host options over the project's table)."""
    options = effective(options, root)
    for index in _INDEXES.values():
        if index.root == root and index.options == options:
            return index
    return ProjectIndex(root, options)
