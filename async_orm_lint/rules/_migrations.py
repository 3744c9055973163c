"""Alembic's migrations: where they are and what a module of one is made of (ORM701).

A module is a migration when it is in the versions directory of an Alembic
environment: below a ``versions/`` folder next to an ``env.py`` that uses
Alembic, or in a script location's ``versions/`` or a ``version_locations``
directory of an ``alembic.ini`` (or a ``pyproject.toml`` with a
``[tool.alembic]`` table) above it; and, wherever it is, when it has the whole
shape of one: module-level ``revision`` and ``down_revision``, ``upgrade()``
and ``downgrade()``, and ``op`` imported from Alembic.
"""

from __future__ import annotations

import ast
import configparser
import functools
import os
import re
import sys
from typing import Iterator, NamedTuple

from .. import api
from ._project_files import read_text

#: How far up from a module its Alembic environment is looked for.
_MAX_LEVELS = 12
_SEPARATORS = re.compile(r"[\s,;" + re.escape(os.pathsep) + r"]+")


class Migration(NamedTuple):
    """The module-level parts of a migration (None: absent)."""

    revision: ast.stmt | None
    down_revision: ast.stmt | None
    upgrade: ast.FunctionDef | ast.AsyncFunctionDef | None
    downgrade: ast.FunctionDef | ast.AsyncFunctionDef | None


def parts(tree: ast.Module) -> Migration:
    """The revision identifiers and the functions a module defines at its top level."""
    found: dict[str, object] = {}
    for statement in tree.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if statement.name in ("upgrade", "downgrade"):
                found[statement.name] = statement
            continue
        targets = statement.targets if isinstance(statement, ast.Assign) else (
            [statement.target] if isinstance(statement, ast.AnnAssign) and statement.value is not None else []
        )
        for target in targets:
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                found.setdefault(target.id, statement)
    return Migration(found.get("revision"), found.get("down_revision"), found.get("upgrade"),  # type: ignore[arg-type]
                     found.get("downgrade"))  # type: ignore[arg-type]


def op_calls(evaluator, function: ast.AST, scope) -> Iterator[tuple[ast.Call, str]]:
    """The calls of Alembic's ``op`` in ``function`` (``op.create_table(...)``), with the operation's name."""
    for node in ast.walk(function):
        if type(node) is ast.Call:
            dotted = evaluator.dotted_name(node.func, scope)
            if dotted is not None and dotted.startswith(api.ALEMBIC_OP + "."):
                yield node, dotted[len(api.ALEMBIC_OP) + 1:]


def imports_op(evaluator, tree: ast.Module, scope) -> bool:
    """Does the module import Alembic's ``op`` (``from alembic import op``, ``import alembic.op as op``)?"""
    for statement in tree.body:
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            for alias in statement.names:
                name = (alias.asname or alias.name).split(".")[0]
                if evaluator.dotted_name(ast.Name(id=name, ctx=ast.Load()), scope) in (api.ALEMBIC_OP, "alembic"):
                    return True
    return False


def in_versions(path: str | None) -> bool:
    """Is the module at ``path`` in the versions directory of an Alembic environment?"""
    if path is None:
        return False
    return _in_versions(os.path.dirname(os.path.abspath(path)))


@functools.lru_cache(maxsize=256)
def _in_versions(directory: str) -> bool:
    current = directory
    for _ in range(_MAX_LEVELS):
        env = os.path.join(os.path.dirname(current), "env.py")
        if os.path.basename(current) == "versions" and _is_alembic_env(env):
            return True
        for locations in (_ini_locations(current), _pyproject_locations(current)):
            if any(directory == location or directory.startswith(location + os.sep) for location in locations):
                return True
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    return False


def _is_alembic_env(path: str) -> bool:
    text = read_text(path) if os.path.isfile(path) else None
    return text is not None and "alembic" in text


@functools.lru_cache(maxsize=256)
def _ini_locations(directory: str) -> tuple[str, ...]:
    """The versions directories an ``alembic.ini`` in ``directory`` names."""
    path = os.path.join(directory, "alembic.ini")
    text = read_text(path) if os.path.isfile(path) else None
    if text is None:
        return ()
    parser = configparser.RawConfigParser(strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:
        return ()
    if not parser.has_section("alembic"):
        return ()
    section = dict(parser.items("alembic"))
    return _locations(directory, section.get("script_location"), section.get("version_locations"))


@functools.lru_cache(maxsize=256)
def _pyproject_locations(directory: str) -> tuple[str, ...]:
    """The versions directories the ``[tool.alembic]`` table of a ``pyproject.toml`` in ``directory`` names."""
    path = os.path.join(directory, "pyproject.toml")
    text = read_text(path) if os.path.isfile(path) else None
    if text is None or "tool.alembic" not in text:
        return ()
    if sys.version_info >= (3, 11):
        import tomllib  # pylint: disable=import-outside-toplevel
    else:  # pragma: no cover - Python 3.10
        try:
            import tomli as tomllib  # pylint: disable=import-outside-toplevel
        except ImportError:
            return ()
    try:
        table = tomllib.loads(text).get("tool", {}).get("alembic", {})
    except ValueError:
        return ()
    if not isinstance(table, dict):
        return ()
    script, versions = table.get("script_location"), table.get("version_locations")
    if isinstance(versions, list):
        versions = " ".join(item for item in versions if isinstance(item, str))
    return _locations(directory, script if isinstance(script, str) else None,
                      versions if isinstance(versions, str) else None)


def _locations(here: str, script_location: str | None, version_locations: str | None) -> tuple[str, ...]:
    found = []
    if script_location and ":" not in script_location.replace("%(here)s", ""):  # ``package:path`` is a package's
        found.append(os.path.join(_path(here, script_location), "versions"))
    for location in _SEPARATORS.split((version_locations or "").replace("%(here)s", here)):
        if location:
            found.append(_path(here, location))
    return tuple(found)


def _path(here: str, location: str) -> str:
    return os.path.normpath(os.path.join(here, location.replace("%(here)s", here)))
