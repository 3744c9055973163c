"""The store of facts: what is known of each module of a project, and how long it is kept.

A module's *facts* are its module-level names that carry evidence, evaluated
to values (:class:`ModuleFacts`).  The project index (:mod:`async_orm_lint.project`)
asks this store for the facts of a file and follows names through them; the
store decides where they come from and what they cost while kept:

- per process, by path, size and modification time, the :data:`MAX_CACHED_MODULES`
  most recently used;
- as objects for the :data:`LIVE_MODULES` most recently used, packed into plain
  tuples for the others, which the host's garbage collector does not walk;
- on disk between runs (:mod:`async_orm_lint.cache` is the file format), each
  entry with what it was derived from (:class:`Dependencies`), checked unchanged
  before it is used;
- else read from the module's text with ``ast`` (never imported); syntax errors
  and unreadable or too large files only mean less evidence.
"""

from __future__ import annotations

import ast
import os
from collections import OrderedDict
from pathlib import Path
from typing import Callable

from . import api
from .cache import FactsCache, default_directory, file_digest
from .evaluate import Evaluator, Resolver, dotted_value
from .layout import ProjectLayout, is_package_init
from .options import CACHE_OFF, Options
from .scopes import Assigned, Declared, imported_as
from .syntax import literal_text
from .walk import walk_module, fact_lines
from .values import MAX_TEXT, Text, Value, from_table, pack, to_table, unpack

#: Modules larger than this are not parsed for facts (generated code, data).
MAX_MODULE_BYTES = 2_000_000
#: Modules whose facts are kept per process (least recently used are dropped).
MAX_CACHED_MODULES = 20_000
#: Closed facts whose values stay objects (the most recently used); the others are packed.
LIVE_MODULES = 256


class ModuleFacts:
    """The module-level names of one module, evaluated on demand and memoised.

    Evaluating a name only when another module asks for it keeps import cycles
    harmless: ``models/user.py`` and ``models/order.py`` import each other (under
    ``TYPE_CHECKING``, as SQLAlchemy 2.0 models do), but ``User`` and ``Order``
    do not need each other's value to be known; only a name that truly depends
    on itself is left without evidence.

    Facts are *open* (they hold the module's tree and an evaluator) while the
    file that needed them is checked, then :meth:`close` keeps only the values.
    A host process that checks a whole project keeps every module's facts, and
    each of its full garbage collections walks every object the collector
    tracks: so the store packs (:meth:`pack`) the values of all but the
    :data:`LIVE_MODULES` most recently used modules into plain tuples
    (:func:`~async_orm_lint.values.pack`), which the collector stops tracking,
    leaving one tracked object per module (this one; two with the on-disk
    cache).  A name nobody asked for before the facts closed is a *miss*: the
    index opens the module again, and then evaluates all its names.
    """

    __slots__ = (
        "_evaluator", "names", "_imports", "_store", "_module", "_is_package", "star_imports", "all_names", "full",
        "_values", "_packed", "digest", "location", "dependencies",
    )

    def __init__(
        self,
        evaluator: Evaluator | None = None,
        *,
        full: bool = False,
        known: ModuleFacts | None = None,
        store: FactsStore | None = None,
        module: str = "",
        is_package: bool = False,
    ) -> None:
        self._evaluator = evaluator
        scopes = evaluator.scopes if evaluator else None
        bindings = scopes.module.bindings if scopes else {}
        resolver = evaluator.resolver if evaluator else None
        #: the module-level names the module binds (a dict, for the reason above).
        self.names: dict[str, None] = dict.fromkeys(bindings)
        #: names bound by imports (of one name) only: followed when asked for, never evaluated ahead.
        self._imports = {
            name: imported for name, imported in ((name, imported_as(sources)) for name, sources in bindings.items())
            if imported is not None
        }
        #: what following those imports needs (a resolver is made when one is followed).
        self._store = store
        self._module = resolver.module if resolver is not None else module
        self._is_package = resolver.is_package if resolver is not None else is_package
        #: modules imported with ``from m import *``, absolute names.
        self.star_imports: tuple[str, ...] = tuple(
            absolute for absolute in map(resolver.absolute, scopes.star_imports) if absolute
        ) if scopes and resolver else ()
        #: the literal ``__all__``, when there is one.
        self.all_names: dict[str, None] | None = _literal_all(scopes.tree) if scopes else None
        #: evaluate every name when closing (the module was opened before).
        self.full = full
        #: values evaluated so far (``known``: the values an earlier reading of the same text found),
        #: packed once the facts are closed.
        self._values: dict[str, object] = dict(known._values) if known is not None else {}
        #: the packed form of values that were unpacked, for :meth:`pack` to keep.
        self._packed: dict[str, tuple] = {}
        #: the SHA-1 of the module's text, when there is an on-disk cache.
        self.digest: str | None = None
        #: the file and its stamp (size, mtime), once the store keeps the facts.
        self.location: tuple[str, tuple[int, int]] | None = None
        #: with the on-disk cache: what the values were derived from (see :class:`Dependencies`).
        self.dependencies: Dependencies | None = getattr(resolver, "dependencies", None)

    @classmethod
    def from_entry(cls, entry: dict, store: FactsStore, module: str, is_package: bool) -> ModuleFacts:
        """Closed, complete facts from an on-disk cache entry (see :mod:`async_orm_lint.cache`)."""
        facts = cls(full=True, store=store, module=module, is_package=is_package)
        facts.names = dict.fromkeys(_strings(entry["names"]))
        facts._imports = dict(zip(_strings(entry["imports"]), _strings(entry["imports"].values())))
        facts.star_imports = tuple(_strings(entry["star_imports"]))
        facts.all_names = dict.fromkeys(_strings(entry["all_names"])) if entry["all_names"] is not None else None
        facts._values = from_table(entry["values"], store.packed)
        _strings(facts._values)
        facts.digest = _strings([entry["digest"]])[0]
        facts.dependencies = Dependencies.from_entry(entry["dependencies"])
        return facts

    def to_entry(self) -> dict:
        return {
            "names": sorted(self.names),
            "imports": self._imports,
            "star_imports": list(self.star_imports),
            "all_names": sorted(self.all_names) if self.all_names is not None else None,
            "values": to_table(self._packed_values()),
            "digest": self.digest,
            "dependencies": self.dependencies.to_entry() if self.dependencies is not None else None,
        }

    def _packed_values(self) -> dict[str, object]:
        """Every value packed, for an entry (TypeError for one that cannot be); the packed forms are
        kept for :meth:`pack`, which would otherwise pack the same values again."""
        packed = self._packed
        for name, value in self._values.items():
            if name not in packed and value is not None and type(value) is not tuple:
                packed[name] = _pack(value, store=self._store)
        return {name: packed.get(name, value) for name, value in self._values.items()}

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
            value = self._values[name]
            if type(value) is tuple:  # packed
                self._packed[name] = value
                value = self._values[name] = unpack(value, self._store.memo if self._store is not None else None)
            if self._evaluator is None and self._store is not None:
                self._store.used(self)
            return value  # type: ignore[return-value]
        if name in self._imports and self._store is not None:
            store = self._store
            resolver = store.make_resolver(self._module, self._is_package, self.dependencies)
            return dotted_value(self._imports[name], store.options, resolver)
        evaluator = self._evaluator
        if evaluator is None or name not in self.names:
            return None
        module = evaluator.scopes.module
        value = evaluator.lookup(name, module)
        if value is None:
            value = evaluator.type_alias(name, module)
        if value is None:
            value = _text_constant(module.bindings[name])
        self._values[name] = value
        return value

    @property
    def complete(self) -> bool:
        """Every name is evaluated (after closing facts that were :attr:`full`)."""
        return self._evaluator is None and self.full and self.names.keys() <= self._values.keys() | self._imports.keys()

    def close(self) -> None:
        """Keep the values, drop the tree (after evaluating every name if :attr:`full`)."""
        if self.full:
            for name in self.names.keys() - self._imports.keys():
                self.value(name)
        if self._evaluator is not None:
            self._evaluator.release()
        self._evaluator = None

    def pack(self) -> None:
        """Keep the values packed (see above); :meth:`value` unpacks one when it is asked for."""
        packed = self._packed
        self._values = {
            name: packed[name] if name in packed else _pack(value, or_keep=True, store=self._store)
            for name, value in self._values.items()
        }
        self._packed = {}


class Dependencies:
    """What a module's values were derived from, for the on-disk cache to know when they are stale.

    ``files``: the modules whose facts were consulted, directly or through
    others, with their stamp and digest when consulted; ``modules``: where each
    module name looked up resolved to (a file, or None).
    """

    def __init__(self) -> None:
        self.files: dict[str, tuple[int, int, str]] = {}
        self.modules: dict[str, str | None] = {}
        #: a module without a digest was consulted (unreadable, too large): nothing to check it by.
        self.unknown = False

    def consulted(self, facts: ModuleFacts) -> None:
        if facts.digest is None or facts.location is None:
            self.unknown = True
            return
        path, stamp = facts.location
        self.files[path] = (stamp[0], stamp[1], facts.digest)
        if facts.dependencies is not None and facts.dependencies is not self:
            self.files.update(facts.dependencies.files)
            self.modules.update(facts.dependencies.modules)
            self.unknown = self.unknown or facts.dependencies.unknown

    def to_entry(self) -> dict:
        return {"files": self.files, "modules": self.modules}

    @classmethod
    def from_entry(cls, entry: dict) -> Dependencies:
        found = cls()
        found.files = {
            str(path): (int(size), int(mtime), str(digest)) for path, (size, mtime, digest) in entry["files"].items()
        }
        found.modules = {
            str(name): (str(path) if path is not None else None) for name, path in entry["modules"].items()
        }
        return found


class FactsStore:  # pylint: disable=too-many-instance-attributes
    """The facts of one project's modules, by file: kept, bounded, packed, read and cached on disk.

    (A plain class: a dataclass costs a millisecond to create at import, and
    the plugin is imported on every check an editor runs.)
    """

    def __init__(
        self,
        root: Path,
        options: Options,
        layout: ProjectLayout,
        make_resolver: Callable[[str, bool, Dependencies | None], Resolver],
    ) -> None:
        self.options = options
        #: where modules are (to check that a cache entry's module names still resolve as they did).
        self._layout = layout
        #: makes the resolver a module's imports are followed with: ``(module, is_package, dependencies)``.
        self.make_resolver = make_resolver
        #: by file, least recently used first.  Paths are kept as strings here: each ``Path`` would be
        #: two more objects for the garbage collector to walk (see :class:`ModuleFacts`).
        self._facts: OrderedDict[str, ModuleFacts] = OrderedDict()
        #: one copy of each packed value and part of one (see :func:`~async_orm_lint.values.pack`).
        self.packed: dict[tuple, tuple] = {}
        #: values and their packed form, both ways, while a file is checked: a value read from packed
        #: facts is unpacked once per check, and packed again for free if it becomes part of another.
        self.memo: dict[int, object] = {}
        #: closed facts whose values are objects, least recently used first (see :class:`ModuleFacts`).
        self._live: OrderedDict[ModuleFacts, None] = OrderedDict()
        #: facts opened (parsed) since the last :meth:`close_facts`.
        self._opened: list[ModuleFacts] = []
        #: paths whose cached facts were found up to date since the last :meth:`close_facts`.
        self._checked: set[str] = set()
        #: files of this project checked by this process.
        self._files_checked = 0
        #: the on-disk cache of facts, unless the ``cache-dir`` option is ``off``.
        self.cache: FactsCache | None = None
        if options.cache_dir is None:
            directory = default_directory()
            self.cache = FactsCache(directory, options) if directory is not None else None
        elif options.cache_dir != CACHE_OFF:
            directory = root / options.cache_dir
            self.cache = FactsCache(directory, options, in_project=_is_within(directory, root))

    def resolver_for(self, module: str, is_package: bool) -> Resolver:
        """A resolver for ``module``'s imports, tracking what its values derive from when there is a cache."""
        return self.make_resolver(module, is_package, Dependencies() if self.cache is not None else None)

    # -- facts of a file --------------------------------------------------------

    def facts_at(self, path: str, module: str, reopen: bool) -> ModuleFacts | None:
        """The facts of the module ``module`` at ``path``: kept, cached on disk, or read (again, with
        ``reopen``: the kept facts missed a name)."""
        cached = self._facts.get(path)
        if cached is not None and not reopen:
            if path in self._checked:
                return cached
            stamp = _stamp(path)
            if cached.location is not None and cached.location[1] == stamp:
                self._checked.add(path)
                self._facts.move_to_end(path)
                return cached
        else:
            stamp = _stamp(path)
        if stamp is None:
            return None
        facts = self._cached_facts(path, module, stamp) if not reopen else None
        if facts is None:
            # Complete facts are worth having with a cache (they are written for the next run) and in
            # a process that checks many files: the module is likely to be checked later, which
            # completes them anyway, and a name asked for after they closed would parse it again.
            full = reopen or self.cache is not None or self._files_checked > 0
            facts = self._read_facts(path, module, full=full)
        self._store(path, stamp, facts)
        return facts

    def _read_facts(self, path: str, module: str, *, full: bool) -> ModuleFacts:
        data = _read_module(path)
        tree = _parse(data, path) if data is not None else None
        if tree is None:
            return ModuleFacts()
        resolver = self.resolver_for(module, is_package_init(path))
        scopes = walk_module(tree, fact_lines(data), calls=api.COMMIT_METHODS)  # a walk for facts only
        facts = ModuleFacts(Evaluator(scopes, resolver, self.options), full=full, store=self)
        if self.cache is not None:
            facts.digest = file_digest(data)
        return facts

    def _store(self, path: str, stamp: tuple[int, int], facts: ModuleFacts) -> None:
        facts.location = (path, stamp)
        self._checked.add(path)
        self._facts[path] = facts
        self._facts.move_to_end(path)
        if len(self._facts) > MAX_CACHED_MODULES:
            self._facts.popitem(last=False)
        if facts.is_open:
            self._opened.append(facts)

    # -- the on-disk cache ------------------------------------------------------

    def _cached_facts(self, path: str, module: str, stamp: tuple[int, int]) -> ModuleFacts | None:
        """The facts of an on-disk cache entry, if nothing they were derived from changed."""
        if self.cache is None:
            return None
        entry = self.cache.load(path)
        try:
            if entry is None or not self._unchanged(entry, path, stamp):
                return None
            return ModuleFacts.from_entry(entry, self, module, is_package_init(path))
        except (KeyError, TypeError, ValueError, AttributeError, RecursionError):
            return None  # a corrupt entry: read the module

    def _unchanged(self, entry: dict, path: str, stamp: tuple[int, int]) -> bool:
        files = dict(entry["dependencies"]["files"])
        files[path] = (*entry["stamp"], entry["digest"])
        for name, (size, mtime, digest) in files.items():
            now = stamp if name == path else _stamp(name)
            if now is None:
                return False
            if (now[0], now[1]) != (size, mtime) and _file_digest(name) != digest:
                return False
        module_path = self._layout.module_path
        return all(module_path(module) == where for module, where in entry["dependencies"]["modules"].items())

    def _write_cache(self, facts: ModuleFacts) -> None:
        """Keep complete facts on disk, for the next process."""
        if self.cache is None or not facts.complete or facts.digest is None or facts.location is None:
            return
        if facts.dependencies is None or facts.dependencies.unknown:
            return
        path, stamp = facts.location
        try:
            entry = facts.to_entry()
        except TypeError:
            return  # a value the cache cannot hold: the module is read next time
        entry.update(path=path, stamp=list(stamp))
        self.cache.store(path, entry)

    # -- the life cycle of facts ------------------------------------------------

    def done_with(self, path: str | None, source: str | None, evaluator: Evaluator) -> None:
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

    def _keep_checked(self, path: str, source: str, evaluator: Evaluator) -> None:
        stamp = _stamp(path)
        cached = self._facts.get(path)
        known = cached is not None and cached.location is not None and cached.location[1] == stamp
        if stamp is None or (known and cached.full) or stamp[0] > MAX_MODULE_BYTES:
            return
        if not known and self.cache is not None and self.cache.has(path):
            # an entry of the on-disk cache spares evaluating every name: a module that imports
            # this one later reads it (and, should it be stale, this module, as if it had not been kept)
            return
        try:
            data = _read_bytes(path)
            if data is None or data != source.encode("utf-8"):
                return
        except UnicodeError:
            return
        # facts read when another module imported this one know only the names it asked for:
        # complete them now, while the file's tree is at hand, rather than parse it again later
        facts = ModuleFacts(evaluator, full=True, known=cached if known else None, store=self)
        if self.cache is not None:
            facts.digest = file_digest(data)
        self._store(path, stamp, facts)

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
                if facts.location is not None and self._facts.get(facts.location[0]) is facts:
                    del self._facts[facts.location[0]]
            else:
                self._write_cache(facts)
                self.used(facts)
        while len(self._live) > LIVE_MODULES:
            self._live.popitem(last=False)[0].pack()
        self._checked.clear()
        self.memo.clear()

    def used(self, facts: ModuleFacts) -> None:
        """Closed ``facts`` were read: they are the last to be packed."""
        if facts in self._live:
            self._live.move_to_end(facts)
        else:
            self._live[facts] = None


def _strings(items) -> list[str]:
    """``items`` (of an on-disk cache entry) if they are all strings, else ValueError."""
    found = list(items)
    if not all(type(item) is str for item in found):
        raise ValueError("not a cache entry")
    return found


def _pack(value: object, *, or_keep: bool = False, store: FactsStore | None = None) -> object:
    """A value as :func:`~async_orm_lint.values.pack` gives it (kept as is, if it cannot be, with ``or_keep``)."""
    if value is None or type(value) is tuple:
        return value  # nothing to pack, or packed already
    try:
        return pack(value, store.packed, store.memo) if store is not None else pack(value)
    except TypeError:
        if or_keep:
            return value
        raise


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _is_within(path: Path, root: Path) -> bool:
    try:
        return os.path.commonpath([os.path.abspath(path), os.path.abspath(root)]) == os.path.abspath(root)
    except ValueError:  # another drive
        return False


def _read_bytes(path: str) -> bytes | None:
    try:
        with open(path, "rb") as stream:
            return stream.read()
    except OSError:
        return None


def _read_module(path: str) -> bytes | None:
    """The text of a module to read facts from, unless it is too large (or unreadable)."""
    try:
        if os.stat(path).st_size > MAX_MODULE_BYTES:
            return None
    except OSError:
        return None
    return _read_bytes(path)


def _parse(data: bytes, path: str) -> ast.Module | None:
    try:
        return ast.parse(data, filename=path)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None


def _file_digest(path: str) -> str | None:
    data = _read_bytes(path)
    return file_digest(data) if data is not None else None


def _literal_all(tree: ast.Module) -> dict[str, None] | None:
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in statement.targets
        ):
            if isinstance(statement.value, (ast.List, ast.Tuple)):
                names = [e.value for e in statement.value.elts if isinstance(e, ast.Constant)]
                if all(isinstance(n, str) for n in names):
                    return dict.fromkeys(names)
            return None
    return None


def _text_constant(sources: list) -> Text | None:
    """A module's string constant (``DATABASE_URL = "postgresql+asyncpg://..."``), or the literal start of one
    (``f"postgresql+asyncpg://{USER}@..."``), when every binding of the name says the same."""
    found = {
        literal_text(source.value) if type(source) in (Assigned, Declared) and source.value is not None else None
        for source in sources
    }
    text = found.pop() if len(found) == 1 else None
    if text is None:
        return None
    return Text(text[0][:MAX_TEXT], text[1] and len(text[0]) <= MAX_TEXT)
