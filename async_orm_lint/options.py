"""The linter's options, declared once for flake8, pylint and ``pyproject.toml``.

flake8 reads them from ``setup.cfg``/``tox.ini``/``.flake8`` (as
``orm-<name>``), pylint from its own configuration (``orm-<name>``), and both
from the ``[tool.async-orm-lint]`` table of the project's ``pyproject.toml``
(as ``<name>``, underscores or dashes).  A value given to flake8 or pylint
wins over ``pyproject.toml``.  Invalid values are refused at start-up with a
message that names the option.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import NamedTuple

#: The value of ``cache-dir`` that turns the on-disk cache off (``off`` or ``false``).
CACHE_OFF = "off"
#: The value of ``cache-dir`` that asks for the user's cache directory (``true``): unlike an
#: option left unset, it wins over a ``cache-dir`` of ``pyproject.toml``.  :func:`effective`
#: turns it into ``None``, what the rest of the linter knows as the user's cache directory.
CACHE_DEFAULT = "default"
#: ``cache-max-size`` when none is given, in MB.
DEFAULT_CACHE_MAX_SIZE = 256
_DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")


class OptionError(ValueError):
    """An option has a value the linter cannot use; the message names the option."""

    def __init__(self, option: str, problem: str) -> None:
        super().__init__(f"{option}: {problem}")
        self.option = option
        self.problem = problem


class OptionSpec(NamedTuple):
    """One option, in the three places it can be written.

    (This module's records are named tuples: a dataclass costs a millisecond
    to create at import, and the plugin is imported on every check an editor
    runs.)
    """

    name: str  # as in pyproject.toml: "async-session-classes"
    help: str
    kind: str  # "dotted-list" | "name-list" | "path" | "cache-path" (need not exist yet) | "megabytes"
    metavar: str

    @property
    def attribute(self) -> str:
        return self.name.replace("-", "_")

    @property
    def is_path(self) -> bool:
        """One directory, not a list."""
        return self.kind in ("path", "cache-path")

    @property
    def is_list(self) -> bool:
        """A list of names (a comma-separated string in flake8's and pylint's configuration)."""
        return self.kind in ("dotted-list", "name-list")

    @property
    def host_name(self) -> str:
        """The name in flake8's and pylint's configuration."""
        return f"orm-{self.name}"


SPECS = (
    OptionSpec(
        "async-session-classes",
        "dotted names of in-house classes that behave as sqlalchemy's AsyncSession",
        "dotted-list", "CLASSES",
    ),
    OptionSpec(
        "sync-session-classes",
        "dotted names of in-house classes that behave as sqlalchemy's sync Session",
        "dotted-list", "CLASSES",
    ),
    OptionSpec(
        "async-session-factories",
        "dotted names of in-house functions whose call gives an AsyncSession "
        "(directly, awaited, or with `async with`)",
        "dotted-list", "FUNCTIONS",
    ),
    OptionSpec(
        "session-names",
        "opt-in heuristic for code without annotations: unannotated parameters with "
        "these names are taken to be AsyncSessions (off by default)",
        "name-list", "NAMES",
    ),
    OptionSpec(
        "cache-dir",
        "directory (relative to the project root, or absolute) where the facts learnt about "
        "each module are kept between runs, so that a later run does not parse the modules "
        "that did not change; 'off' keeps none (default: async-orm-lint in the user's cache "
        "directory, e.g. ~/.cache/async-orm-lint; true says the same, false is off)",
        "cache-path", "DIR",
    ),
    OptionSpec(
        "cache-max-size",
        "the size, in MB, past which the least recently used entries of the cache directory are "
        f"removed (default: {DEFAULT_CACHE_MAX_SIZE})",
        "megabytes", "MB",
    ),
    OptionSpec(
        "project-root",
        "root of the project whose modules are resolved (default: the nearest directory "
        "with pyproject.toml, setup.cfg, setup.py, tox.ini or .git)",
        "path", "DIR",
    ),
)


class Options(NamedTuple):
    """The values of every option (hashable: indexes are kept per project root and options)."""

    async_session_classes: tuple[str, ...] = ()
    sync_session_classes: tuple[str, ...] = ()
    async_session_factories: tuple[str, ...] = ()
    session_names: tuple[str, ...] = ()
    project_root: Path | None = None
    #: None: the user's cache directory (see :func:`async_orm_lint.cache.default_directory`);
    #: :data:`CACHE_OFF`: no on-disk cache.
    cache_dir: Path | str | None = None
    #: the bound on the cache directory's size, in MB (None: :data:`DEFAULT_CACHE_MAX_SIZE`).
    cache_max_size: float | None = None

    def merged_over(self, base: "Options") -> "Options":
        """These options, falling back to ``base`` for what is not set here."""
        return base._replace(**{name: value for name, value in zip(Options._fields, self) if value})


def _described(value: object) -> str:
    """What a value read from TOML (or handed to the API) is, the way its author wrote it."""
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


def _items(spec: OptionSpec, value: object) -> list[str]:
    """The names of a list option: a comma- (or newline-) separated string, or a list of strings."""
    if value is None:
        return []
    if isinstance(value, str):
        value = value.replace("\n", ",").split(",")
    elif not isinstance(value, (list, tuple)):
        raise OptionError(spec.host_name, f"expected a list of names, not {_described(value)}")
    items = []
    for item in value:
        if not isinstance(item, str):
            raise OptionError(spec.host_name, f"expected a list of names, but an item is {_described(item)}")
        if item.strip():
            items.append(item.strip())
    return items


#: Strings that mean a boolean in ``cache-dir`` (pylint hands a TOML ``false`` over as ``"False"``).
_CACHE_WORDS = {CACHE_OFF: CACHE_OFF, "false": CACHE_OFF, "true": CACHE_DEFAULT}
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _cache_path(spec: OptionSpec, value: object) -> Path | str | None:
    """``cache-dir``: a directory (created on first use, relative to the project root), ``off`` or
    ``false`` (no cache), ``true`` (the user's cache directory); a number is refused, not taken for
    a directory of that name."""
    if isinstance(value, bool):
        return CACHE_DEFAULT if value else CACHE_OFF
    if not isinstance(value, str):
        raise OptionError(spec.host_name, f"expected a directory, 'off', true or false, not {_described(value)}")
    word = value.strip()
    if not word:
        return None
    if word.lower() in _CACHE_WORDS:
        return _CACHE_WORDS[word.lower()]
    if _NUMBER.fullmatch(word):
        raise OptionError(spec.host_name, f"expected a directory, 'off', true or false, not a number ({value!r}); "
                          f"write ./{word} for a directory of that name")
    path = Path(value).expanduser()
    if path.exists() and not path.is_dir():
        raise OptionError(spec.host_name, f"{value!r} is not a directory")
    return path


def _megabytes(spec: OptionSpec, value: object) -> float | None:
    """``cache-max-size``: a positive number of MB (a TOML number, or its text)."""
    if isinstance(value, str):
        if not value.strip():
            return None
        if not _NUMBER.fullmatch(value.strip()):
            raise OptionError(spec.host_name, f"expected a number of MB, not {value!r}")
        number = float(value)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        raise OptionError(spec.host_name, f"expected a number of MB, not {_described(value)}")
    if not 0 < number < float("inf"):
        raise OptionError(spec.host_name, f"expected a number of MB above 0, not {value!r}")
    return number


def convert(spec: OptionSpec, value: object) -> object:
    """Validate and convert one raw value: a string (flake8's and pylint's configuration, the
    command line), a list of strings (pylint's ``csv`` options), or what TOML gives
    (``[tool.async-orm-lint]``: strings, lists, numbers, booleans...).  A value of the wrong type is
    an :class:`OptionError`, like a string the option cannot use."""
    if value is None:
        return None
    if spec.kind == "cache-path":
        return _cache_path(spec, value)
    if spec.kind == "megabytes":
        return _megabytes(spec, value)
    if spec.kind == "path":
        if not isinstance(value, str):
            raise OptionError(spec.host_name, f"expected a directory, not {_described(value)}")
        if not value.strip():
            return None
        path = Path(value).expanduser()
        if not path.is_dir():
            raise OptionError(spec.host_name, f"{value!r} is not a directory")
        return path.resolve()
    items = _items(spec, value)
    pattern = _DOTTED if spec.kind == "dotted-list" else _IDENTIFIER
    what = "a dotted name such as package.module.Name" if spec.kind == "dotted-list" else "a Python identifier"
    for item in items:
        if not pattern.fullmatch(item):
            raise OptionError(spec.host_name, f"{item!r} is not {what}")
    return tuple(items)


def from_mapping(values: dict[str, object], source: str = "", prefix: str = "") -> Options:
    """Options from ``{name: raw value}``; unknown names and bad values are refused.

    Errors name the option as ``<source><prefix><name>``, the way the user wrote it.
    """
    known = {spec.name: spec for spec in SPECS}
    converted = {}
    for key, raw in values.items():
        spec = known.get(key.replace("_", "-"))
        if spec is None:
            raise OptionError(f"{source}{key}", f"unknown option (known: {', '.join(sorted(known))})")
        try:
            converted[spec.attribute] = convert(spec, raw)
        except OptionError as error:
            raise OptionError(f"{source}{prefix}{key}", error.problem) from error
    return Options(**converted)


def from_pyproject(root: Path | None) -> Options:
    """The ``[tool.async-orm-lint]`` table of ``root/pyproject.toml``, if any.

    A file that does not name the table is not parsed: importing ``tomllib``
    compiles its regular expressions, a few milliseconds on every run of the
    host, and a ``pyproject.toml`` the linter has no table in is not its
    business (nor are its syntax errors).
    """
    if root is None:
        return Options()
    path = root / "pyproject.toml"
    try:
        with path.open("rb") as stream:
            data = stream.read()
    except OSError:
        return Options()  # none (or a directory, or unreadable): no table
    if b"async-orm-lint" not in data:
        return Options()
    if sys.version_info >= (3, 11):
        import tomllib  # pylint: disable=import-outside-toplevel
    else:  # pragma: no cover - Python 3.10
        try:
            import tomli as tomllib  # pylint: disable=import-outside-toplevel
        except ImportError:
            return Options()
    try:
        table = tomllib.loads(data.decode("utf-8")).get("tool", {}).get("async-orm-lint", {})
    except ValueError as error:
        raise OptionError(f"{path}", f"cannot read [tool.async-orm-lint] ({error})") from error
    if not isinstance(table, dict):
        raise OptionError(f"{path} [tool.async-orm-lint]", "must be a table")
    return from_mapping(table, source=f"{path} [tool.async-orm-lint] ")


def from_host(values: dict[str, object]) -> Options:
    """Options from a front-end's parsed configuration, keyed by ``orm-<name>``."""
    stripped = {key[len("orm-"):]: value for key, value in values.items() if value not in (None, "", ())}
    return from_mapping(stripped, prefix="orm-")


_PYPROJECT: dict[Path, Options] = {}


def effective(host: Options, root: Path | None) -> Options:
    """The front-end's options over the ``[tool.async-orm-lint]`` table of the project at ``root``
    (``cache-dir = true`` is then the user's cache directory, ``None``, as when it is not set)."""
    if root is not None:
        if root not in _PYPROJECT:
            _PYPROJECT[root] = from_pyproject(root)
        host = host.merged_over(_PYPROJECT[root])
    return host._replace(cache_dir=None) if host.cache_dir == CACHE_DEFAULT else host
