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
  the options.

Entries are JSON, values in the form of :func:`async_orm_lint.values.pack`,
decoded into the value types only: a cache directory shipped with untrusted
code cannot make the linter run anything.  Any problem with an entry (unreadable, corrupt, from another version)
makes it a miss, never an error; a write that fails is forgotten.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
import zlib
from pathlib import Path
from typing import Any

from . import __version__
from .options import Options

#: Bumped when the layout of an entry changes.
FORMAT = 5
#: Entries of another version of the linter (or other options) are removed after this many days unwritten.
UNUSED_DAYS = 7

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


class FactsCache:
    """Entries of one project (one index): ``<dir>/<engine and options>/<module path>.json``.

    ``in_project``: the directory lies in the project, and gets a ``.gitignore``.
    """

    def __init__(self, directory: Path, options: Options, *, in_project: bool = False) -> None:
        self.root = directory
        self._options = options
        self._in_project = in_project
        self._directory: Path | None = None
        #: the directory exists (it is made, and old entries pruned, before the first write).
        self._ready = False

    @property
    def directory(self) -> Path:
        """``<dir>/<key>``: the key is worked out when an entry is first read or written (it stats
        every source of the linter, and most editor runs check a file that needs no other module)."""
        if self._directory is None:
            options_text = repr(sorted((name, repr(value)) for name, value in self._options._asdict().items()))
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
        """The raw entry for the module at ``path``, or None (absent or unreadable)."""
        try:
            entry_path = self._entry_path(path)
        except OSError:
            return None  # the linter's own sources cannot be read (a zip?): no cache, no harm
        try:
            with open(entry_path, "rb") as stream:
                entry = json.loads(stream.read())
        except (OSError, ValueError, RecursionError):
            return None
        if not isinstance(entry, dict) or entry.get("path") != path:
            return None
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
                    self._prune()
                self._ready = True
            data = json.dumps(entry, separators=(",", ":")).encode("utf-8")
            final = self._entry_path(path)
            # a name of this process's own: no other writer opens it, and a reader never sees half an entry
            temporary = final.with_name(f"{final.name}.{os.getpid()}.tmp")
            try:
                with open(temporary, "wb") as stream:
                    stream.write(data)
                os.replace(temporary, final)
            except BaseException:
                temporary.unlink(missing_ok=True)
                raise
        except (OSError, ValueError, TypeError):
            pass  # no cache this time

    def _prune(self) -> None:
        """Remove the entries of other versions and options not written to for :data:`UNUSED_DAYS`."""
        oldest = time.time() - UNUSED_DAYS * 86400
        for other in self.root.iterdir():
            if other == self.directory or len(other.name) != 16 or not other.is_dir():
                continue
            if other.stat().st_mtime < oldest:
                shutil.rmtree(other, ignore_errors=True)
