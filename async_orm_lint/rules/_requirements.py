"""What a project says of the SQLAlchemy versions it runs on, read from its requirements (ORM501).

A URL without a driver (``postgresql://``) loads psycopg2 before SQLAlchemy 2.1
and psycopg (3) from it (:data:`~async_orm_lint.api.DEFAULT_DRIVERS`): whether
``create_async_engine`` accepts it depends on the version.  The project says
which versions it takes where it declares its dependencies, at its root:
``pyproject.toml`` (``[project]`` dependencies and optional dependencies, PEP
735 ``[dependency-groups]``, poetry's tables) and ``requirements*.txt``.  What
decides is the lower bound of the constraints on ``sqlalchemy`` taken
together (all of them must hold): from 2.1 on, the default driver is async;
below, or with only an upper bound below 2.1, the project allows a version
where it is not.  A constraint this module cannot read, or no constraint
(``sqlalchemy`` alone), means the project does not say.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from typing import Iterator, NamedTuple

from ._project_files import read_text

#: The requirement files read at the project root, besides ``pyproject.toml``.
_REQUIREMENTS_FILE = re.compile(r"requirements.*\.txt\Z")
_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)", re.DOTALL)
_SPECIFIER = re.compile(r"(~=|===|==|!=|<=|>=|<|>)\s*([0-9][0-9A-Za-z.*+!_-]*)\Z")
_RELEASE = re.compile(r"[0-9]+(?:\.[0-9]+)*")

Version = tuple[int, ...]


class Said(NamedTuple):
    """What the project says: does it allow a version before ``version``, and the constraint that says so."""

    allows_before: bool
    constraint: str  # as written: ``sqlalchemy>=2.0``
    where: str  # the file: ``pyproject.toml``, ``requirements.txt``


class _Bounds(NamedTuple):
    lower: Version | None  # the least version allowed (inclusive or not: only the release counts here)
    upper: Version | None  # versions from here on are not allowed (``<2.1``; ``<=2.0.5`` is ``2.0.5.1``)
    constraint: str
    where: str


def sqlalchemy_said(root: str, version: Version) -> Said | None:
    """Whether the project at ``root`` allows a SQLAlchemy release before ``version``; None when it does not say."""
    return _said(root, version, _stamps(root))


@functools.lru_cache(maxsize=64)
def _said(root: str, version: Version, stamps: tuple) -> Said | None:  # pylint: disable=unused-argument
    # ``stamps`` (the files' sizes and times) is part of the key: an edited file is read again
    lower: _Bounds | None = None
    upper: _Bounds | None = None
    for found in _constraints(root):
        if found is None:
            return None  # a constraint that cannot be read: the project's word is not known
        if found.lower is not None and (lower is None or _cmp(found.lower, lower.lower) > 0):  # type: ignore
            lower = found
        if found.upper is not None and (upper is None or _cmp(found.upper, upper.upper) < 0):  # type: ignore
            upper = found
    if lower is not None:
        allows_before = _cmp(lower.lower, version) < 0  # type: ignore[arg-type]
        return Said(allows_before, lower.constraint, lower.where)
    if upper is not None and _cmp(upper.upper, version) <= 0:  # type: ignore[arg-type]
        return Said(True, upper.constraint, upper.where)  # only versions before it
    return None


def _stamps(root: str) -> tuple:
    try:
        names = sorted(name for name in os.listdir(root) if name == "pyproject.toml" or _REQUIREMENTS_FILE.match(name))
    except OSError:
        return ()
    stamps = []
    for name in names:
        try:
            stat = os.stat(os.path.join(root, name))
        except OSError:
            continue
        stamps.append((name, stat.st_size, stat.st_mtime_ns))
    return tuple(stamps)


def _constraints(root: str) -> Iterator[_Bounds | None]:
    """The bounds of every constraint on ``sqlalchemy`` the project's files declare (None: unreadable)."""
    for name, _, _ in _stamps(root):
        text = read_text(os.path.join(root, name))
        if text is None:
            continue
        if name == "pyproject.toml":
            yield from _pyproject(text)
        else:
            for line in text.splitlines():
                line = line.split(" #", 1)[0].split(" --", 1)[0].rstrip("\\ ").strip()  # comments, options
                if line and not line.startswith(("#", "-")):
                    yield from _requirement(line, name)


def _pyproject(text: str) -> Iterator[_Bounds | None]:
    if "sqlalchemy" not in text.lower():
        return
    data = _toml(text)
    if data is None:
        yield None
        return
    project = _table(data.get("project"))
    requirements = list(_strings(project.get("dependencies")))
    for group in _table(project.get("optional-dependencies")).values():
        requirements += _strings(group)
    for group in _table(data.get("dependency-groups")).values():
        requirements += _strings(group)
    for requirement in requirements:
        yield from _requirement(requirement, "pyproject.toml")
    poetry = _table(_table(data.get("tool")).get("poetry"))
    tables = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
    tables += [_table(group).get("dependencies") for group in _table(poetry.get("group")).values()]
    for table in tables:
        for name, value in _table(table).items():
            if _normalized(name) == "sqlalchemy":
                yield _poetry(name, value)


def _toml(text: str) -> dict | None:
    if sys.version_info >= (3, 11):
        import tomllib  # pylint: disable=import-outside-toplevel
    else:  # pragma: no cover - Python 3.10
        try:
            import tomli as tomllib  # pylint: disable=import-outside-toplevel
        except ImportError:
            return None
    try:
        return tomllib.loads(text)
    except ValueError:
        return None


def _table(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _strings(value: object) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement(text: str, where: str) -> Iterator[_Bounds | None]:
    """A PEP 508 requirement, if it is one on ``sqlalchemy``: ``SQLAlchemy[asyncio]>=2.0,<3; python_version>'3.9'``."""
    match = _NAME.match(text)
    if match is None or _normalized(match[1]) != "sqlalchemy":
        return
    rest = match[3].split(";", 1)[0].strip()
    if rest.startswith("@"):
        yield None  # a URL: no version said
        return
    rest = rest.strip("()").strip()
    if not rest:
        return  # any version: no bound
    lower: Version | None = None
    upper: Version | None = None
    for specifier in rest.split(","):
        found = _SPECIFIER.match(specifier.strip())
        if found is None:
            yield None
            return
        bounds = _specifier(found[1], found[2])
        if bounds is None:
            yield None
            return
        lower = _max(lower, bounds[0])
        upper = _min(upper, bounds[1])
    yield _Bounds(lower, upper, text.split(";", 1)[0].strip(), where)


def _specifier(operator: str, version: str) -> tuple[Version | None, Version | None] | None:
    """The bounds one PEP 440 specifier sets (None: one this module does not read)."""
    wildcard = version.endswith(".*")
    release = _release(version[:-2] if wildcard else version)
    if release is None or (wildcard and operator not in ("==", "!=")):
        return None
    if operator == "!=":
        return None, None
    if operator in ("==", "==="):
        return release, _next(release) if wildcard else release + (0, 1)
    if operator == "~=":
        return (release, _next(release[:-1])) if len(release) > 1 else None
    if operator in (">=", ">"):
        return release, None
    if operator == "<=":
        return None, release + (0, 1)
    return None, release  # "<"


def _poetry(name: str, value: object) -> _Bounds | None:
    """A poetry constraint: ``"^2.0"``, ``"~2.0.5"``, ``">=2.0,<3"``, ``{version = "^2.0", extras = [...]}``."""
    if isinstance(value, dict):
        value = value.get("version")
    if not isinstance(value, str) or "||" in value or "|" in value:
        return None
    text = value.strip()
    if text in ("", "*"):
        return _Bounds(None, None, f'{name} = "{value}"', "pyproject.toml")
    lower: Version | None = None
    upper: Version | None = None
    for part in re.split(r"\s*,\s*|\s+(?=[<>=!~^])", text):
        release = _release(part.lstrip("^~=<>! "))
        if release is None:
            return None
        if part.startswith("^"):
            significant = next((i for i, n in enumerate(release) if n), len(release) - 1)
            bounds: tuple[Version | None, Version | None] | None = (release, _next(release[:significant + 1]))
        elif part.startswith("~") and not part.startswith("~="):
            bounds = (release, _next(release[:2] if len(release) > 1 else release))
        elif part[0].isdigit():
            bounds = _specifier("==", part)
        else:
            found = _SPECIFIER.match(part)
            bounds = _specifier(found[1], found[2]) if found else None
        if bounds is None:
            return None
        lower, upper = _max(lower, bounds[0]), _min(upper, bounds[1])
    return _Bounds(lower, upper, f'{name} = "{value}"', "pyproject.toml")


def _release(version: str) -> Version | None:
    """``2.0.36`` -> (2, 0, 36); the release of ``2.1.0b1`` is (2, 1, 0)."""
    match = _RELEASE.match(version.strip())
    return tuple(int(part) for part in match[0].split(".")) if match else None


def _next(release: Version) -> Version:
    """The first release after every ``release.*``: ``(2, 0)`` -> ``(2, 1)``."""
    return release[:-1] + (release[-1] + 1,)


def _cmp(first: Version, second: Version) -> int:
    width = max(len(first), len(second))
    a, b = first + (0,) * (width - len(first)), second + (0,) * (width - len(second))
    return (a > b) - (a < b)


def _max(first: Version | None, second: Version | None) -> Version | None:
    if first is None or second is None:
        return first if second is None else second
    return first if _cmp(first, second) >= 0 else second


def _min(first: Version | None, second: Version | None) -> Version | None:
    if first is None or second is None:
        return first if second is None else second
    return first if _cmp(first, second) <= 0 else second
