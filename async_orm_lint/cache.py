"""The on-disk cache of module facts (option ``cache-dir``).

A process that starts cold reads, with ``ast``, every project module a checked
file imports before the host gets to check it: in flake8's order (the file
system's) about half of a project, and in an editor, which starts flake8 for
each check, every module the file imports, every time.  So the facts of each
module (its module-level names, evaluated to values) are written when they are
complete, and a later run uses them instead of parsing the module again.  They
go where pylint and black keep theirs, the user's cache directory (see
:func:`default_directory`), unless the option names another directory or
``off``.

An entry is used only when nothing it was derived from has changed:

- the module's own text (size and mtime, else its SHA-1);
- the text of every module consulted while any of its values was evaluated,
  directly or through further modules (values carry evidence across imports);
- where each module name consulted resolved to (a new ``pkg/__init__.py`` or
  submodule changes what ``from pkg import x`` means);
- the linter itself (the size and mtime of each of its sources), the interpreter's version and
  the options (but ``cache-dir`` and ``cache-max-size``, which change no entry).

Entries are JSON, values in the form of :func:`async_orm_lint.values.pack`,
decoded into the value types only: a cache directory shipped with untrusted
code cannot make the linter run anything.  Any problem with an entry (unreadable, corrupt, from another version)
makes it a miss, never an error; a write that fails is forgotten.

The directory is bounded (option ``cache-max-size``) without a cost to the
runs that only read it, an editor's on every keystroke:

- reading an entry marks it used (its mtime, set at most once per
  :data:`TOUCH_AFTER`);
- a process that writes adds what it wrote to an estimate of the directory's
  size, kept in the file ``usage`` with the time of the last look through the
  directory (at its first write, then every :data:`ACCOUNT_EVERY` bytes);
- when the estimate passes the bound, or the last look is older than
  :data:`SCAN_EVERY`, that process looks through the directory once: it
  removes the entries unused for :data:`ENTRY_UNUSED_DAYS` (of projects no
  longer linted), the directories of other versions and options unused for
  :data:`UNUSED_DAYS`, and, past the bound, the least recently used entries,
  until the directory is :data:`PRUNE_TO` of it; and it writes down the size
  it found.

The estimate is rough on purpose (concurrent writers may lose each other's
additions, and an entry written again counts twice): a look through the
directory sets it right, at the latest a day later.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import time
import zlib
from pathlib import Path
from typing import Any

from . import __version__
from .options import DEFAULT_CACHE_MAX_SIZE, Options

#: Bumped when the layout of an entry changes.
FORMAT = 6
#: The directory of entries of another version of the linter (or other options) is removed when none of them was
#: used for this many days.
UNUSED_DAYS = 7
#: An entry not used for this many days is removed, whatever its version: the modules of projects no longer linted.
ENTRY_UNUSED_DAYS = 30
#: A process that writes looks through the whole directory when the last look is older than this (seconds).
SCAN_EVERY = 86400
#: Past the bound, the least recently used entries are removed until the directory is this share of it.
PRUNE_TO = 0.75
#: Reading an entry marks it used unless it was marked (or written) this recently (seconds).
TOUCH_AFTER = 3600
#: A process adds what it writes to the estimate of the directory's size at its first write, then after each
#: this many bytes (or an eighth of the bound, if that is less).
ACCOUNT_EVERY = 1 << 20
#: One MB of ``cache-max-size``.
MEGABYTE = 1 << 20
#: The file, in the cache directory, of the estimate of its size and the time of the last look through it.
USAGE = "usage"

_KEY = re.compile(r"[0-9a-f]{16}")

_ENGINE_DIGEST: list[str] = []


def _sha1(data: bytes):
    """SHA-1 of ``data``; ``hashlib`` is imported by the runs that read a module only (it costs 4 ms)."""
    import hashlib  # pylint: disable=import-outside-toplevel

    return hashlib.sha1(data)


def _name_for(text: str) -> str:
    """A file name for ``text`` (not a digest of anything that could be forged: what it names is
    checked when read)."""
    data = text.encode("utf-8", "surrogatepass")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def engine_digest() -> str:
    """What the linter's own code is: its version, the interpreter's, and the size and mtime of each
    of its sources, so that an entry written by other code is never read.  Stamps rather than the
    sources' text: reading and hashing them cost more than an editor's whole check of a small file."""
    if not _ENGINE_DIGEST:
        stamps = [f"{FORMAT} {__version__} {sys.version_info[:2]}"]
        for directory, subdirectories, names in os.walk(Path(__file__).parent):
            subdirectories[:] = sorted(d for d in subdirectories if d != "__pycache__")
            for name in sorted(n for n in names if n.endswith(".py")):
                stat = os.stat(os.path.join(directory, name))
                stamps.append(f"{directory} {name} {stat.st_size} {stat.st_mtime_ns}")
        _ENGINE_DIGEST.append(_name_for("\n".join(stamps)))
    return _ENGINE_DIGEST[0]


def file_digest(data: bytes) -> str:
    return _sha1(data).hexdigest()


def default_directory() -> Path | None:
    """The user's cache directory for the linter (None when there is no home to put it in)."""
    try:
        if sys.platform == "win32":
            local = os.environ.get("LOCALAPPDATA")
            base = Path(local) if local else Path.home() / "AppData" / "Local"
        elif sys.platform == "darwin":
            base = Path.home() / "Library" / "Caches"
        else:
            configured = os.environ.get("XDG_CACHE_HOME", "")
            base = Path(configured) if os.path.isabs(configured) else Path.home() / ".cache"
    except (RuntimeError, KeyError):  # no home directory known
        return None
    return base / "async-orm-lint"


class FactsCache:  # pylint: disable=too-many-instance-attributes
    """Entries of one project (one index): ``<dir>/<engine and options>/<module path>.json``.

    ``in_project``: the directory lies in the project, and gets a ``.gitignore``.
    """

    def __init__(self, directory: Path, options: Options, *, in_project: bool = False) -> None:
        self.root = directory
        self._options = options
        self._in_project = in_project
        self._directory: Path | None = None
        #: the directory exists (it is made before the first write).
        self._ready = False
        #: the bound on the size of :attr:`root`, in bytes (option ``cache-max-size``).
        self.max_bytes = max(1, int((options.cache_max_size or DEFAULT_CACHE_MAX_SIZE) * MEGABYTE))
        #: bytes this process wrote and has not added to the estimate yet; None before its first write.
        self._unaccounted: int | None = None
        #: bytes this process wrote since it last looked through the directory (None: it never did).
        self._since_scan: int | None = None

    @property
    def directory(self) -> Path:
        """``<dir>/<key>``: the key is worked out when an entry is first read or written (it stats
        every source of the linter, and most editor runs check a file that needs no other module).
        Where the cache is and how large it may grow are no part of it: they change no entry."""
        if self._directory is None:
            options = self._options._replace(cache_dir=None, cache_max_size=None)
            options_text = repr(sorted((name, repr(value)) for name, value in options._asdict().items()))
            self._directory = self.root / _name_for(f"{engine_digest()} {options_text}")
        return self._directory

    def _entry_path(self, path: str) -> Path:
        return self.directory / (_name_for(path) + ".json")

    def has(self, path: str) -> bool:
        """Is there an entry for the module at ``path`` (whether it is still valid or not)?"""
        try:
            return self._entry_path(path).is_file()
        except OSError:
            return False

    def load(self, path: str) -> dict[str, Any] | None:
        """The raw entry for the module at ``path``, or None (absent, unreadable, or another's)."""
        try:
            entry_path = self._entry_path(path)
        except OSError:
            return None  # the linter's own sources cannot be read (a zip?): no cache, no harm
        try:
            with open(entry_path, "rb") as stream:
                used = os.fstat(stream.fileno()).st_mtime
                entry = json.loads(stream.read())
        except (OSError, ValueError, RecursionError):
            return None
        if not isinstance(entry, dict) or entry.get("path") != path or entry.get("key") != entry_path.parent.name:
            return None
        if time.time() - used > TOUCH_AFTER:
            try:  # used now: the last to be removed when the directory grows past its bound
                os.utime(entry_path)
            except OSError:
                pass  # a read-only cache: still read
        return entry

    def store(self, path: str, entry: dict[str, Any]) -> None:
        """Write an entry atomically (concurrent workers may write the same one)."""
        try:
            if not self._ready:
                if not self.directory.is_dir():
                    self.directory.mkdir(parents=True, exist_ok=True)
                    ignore = self.root / ".gitignore"
                    if self._in_project and not ignore.exists():
                        ignore.write_text("# written by async-orm-lint\n*\n", encoding="utf-8")
                self._ready = True
            final = self._entry_path(path)
            data = json.dumps({**entry, "key": final.parent.name}, separators=(",", ":")).encode("utf-8")
            # a name of this process's own: no other writer opens it, and a reader never sees half an entry
            temporary = final.with_name(f"{final.name}.{os.getpid()}.tmp")
            try:
                with open(temporary, "wb") as stream:
                    stream.write(data)
                os.replace(temporary, final)
            except BaseException as error:
                _unlink(temporary)
                if isinstance(error, FileNotFoundError):
                    self._ready = False  # the directory was removed meanwhile: made again at the next write
                raise
            self._wrote(len(data))
        except (OSError, ValueError, TypeError):
            pass  # no cache this time

    # -- the bound ----------------------------------------------------------------

    def _wrote(self, size: int) -> None:
        """Count ``size`` bytes written; add them to the estimate at the first write, then now and then."""
        first = self._unaccounted is None
        self._unaccounted = (self._unaccounted or 0) + size
        if first or self._unaccounted >= min(ACCOUNT_EVERY, self.max_bytes // 8):
            self._account()

    def _account(self) -> None:
        """Add what this process wrote to the estimate of the directory's size, and look through the
        directory if the estimate passes the bound or the last look is old (the estimate is then the
        size found).  A process looks again only once it has written enough to pass the bound alone."""
        written, self._unaccounted = self._unaccounted or 0, 0
        estimate, scanned = self._read_usage()
        estimate += written
        if self._since_scan is not None:
            self._since_scan += written
        now = time.time()
        over = estimate > self.max_bytes
        may_scan = self._since_scan is None or self._since_scan >= self.max_bytes - int(self.max_bytes * PRUNE_TO)
        if may_scan and (over or abs(now - scanned) >= SCAN_EVERY):  # (a clock set back a day counts too)
            estimate, scanned = self.prune(now, trim=over), now
            self._since_scan = 0
        self._write_usage(estimate, scanned)

    def _read_usage(self) -> tuple[int, float]:
        """The estimate of the directory's size, and when it was last looked through (0 if never)."""
        try:
            with open(self.root / USAGE, "rb") as stream:
                size, scanned = stream.read(100).split()
            return max(0, int(size)), float(scanned)
        except (OSError, ValueError):
            return 0, 0.0

    def _write_usage(self, size: int, scanned: float) -> None:
        final = self.root / USAGE
        temporary = final.with_name(f"{USAGE}.{os.getpid()}.tmp")
        try:
            with open(temporary, "w", encoding="ascii") as stream:
                stream.write(f"{size} {int(scanned)}\n")
            os.replace(temporary, final)
        except OSError:
            _unlink(temporary)

    def prune(self, now: float | None = None, *, trim: bool = False) -> int:
        """Look through the cache directory: remove the entries unused for :data:`ENTRY_UNUSED_DAYS`, the
        directories of other versions and options unused for :data:`UNUSED_DAYS` and what writers that died
        left; past the bound (or past :data:`PRUNE_TO` of it, with ``trim``), the least recently used entries
        until it is :data:`PRUNE_TO` of it.  The size left, in bytes.  Concurrent runs may prune at once:
        whatever vanishes meanwhile is skipped."""
        now = time.time() if now is None else now
        try:
            own = self.directory.name
        except OSError:
            own = None
        entries: list[tuple[float, int, str]] = []  # (last use, size, path)
        total = 0
        for directory in _listing(self.root):
            if directory.name.startswith(f"{USAGE}.") and directory.name.endswith(".tmp") and _stale(directory, now):
                _unlink(directory.path)  # left by a process that died while writing it
            if not _KEY.fullmatch(directory.name) or not directory.is_dir(follow_symlinks=False):
                continue
            found = []
            newest = _mtime(directory)
            for item in _listing(directory.path):
                if item.name.endswith(".tmp"):
                    if _stale(item, now):
                        _unlink(item.path)  # an entry half written by a process that died
                    continue
                if not item.name.endswith(".json"):
                    continue
                try:
                    stat = item.stat(follow_symlinks=False)
                except OSError:
                    continue  # removed meanwhile
                found.append((stat.st_mtime, stat.st_size, item.path))
                newest = max(newest, stat.st_mtime)
            if directory.name != own and newest < now - UNUSED_DAYS * 86400:
                shutil.rmtree(directory.path, ignore_errors=True)
                continue
            for used, size, path in found:
                if used < now - ENTRY_UNUSED_DAYS * 86400:
                    _unlink(path)
                else:
                    entries.append((used, size, path))
                    total += size
        target = int(self.max_bytes * PRUNE_TO)
        if total > (target if trim else self.max_bytes):
            entries.sort()
            for _, size, path in entries:
                if total <= target:
                    break
                _unlink(path)
                total -= size
        return total


def _listing(directory: str | Path) -> list[os.DirEntry]:
    try:
        with os.scandir(directory) as listing:
            return list(listing)
    except OSError:
        return []


def _mtime(item: os.DirEntry) -> float:
    try:
        return item.stat(follow_symlinks=False).st_mtime
    except OSError:
        return 0.0


def _stale(item: os.DirEntry, now: float) -> bool:
    """A temporary file older than any write takes."""
    return _mtime(item) < now - TOUCH_AFTER


def _unlink(path: str | Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
