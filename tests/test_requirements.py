"""What a project says of its SQLAlchemy versions (ORM501's ``postgresql://``): read from its requirements."""

from __future__ import annotations

from pathlib import Path

import pytest

from async_orm_lint.rules._requirements import sqlalchemy_said

V21 = (2, 1)


def _pyproject(dependencies: str = "", extra: str = "") -> str:
    return f'[project]\nname = "app"\nversion = "0"\ndependencies = [{dependencies}]\n{extra}'


@pytest.mark.parametrize("requirement, allows_before", [
    ('"sqlalchemy>=2.0"', True),
    ('"SQLAlchemy[asyncio]>=2.0.30,<3"', True),
    ('"sqlalchemy ~= 2.0.30"', True),
    ('"sqlalchemy==2.0.36"', True),
    ('"sqlalchemy==2.0.*"', True),
    ('"sqlalchemy>2.0"', True),
    ('"sqlalchemy<2.1"', True),
    ('"sqlalchemy<=2.0.40"', True),
    ('"sqlalchemy>=1.4,!=2.0.1"', True),
    ('"sqlalchemy[asyncio]>=2.0; python_version >= \'3.9\'"', True),
    ('"sqlalchemy (>=2.0)"', True),
    ('"sqlalchemy>=2.1"', False),
    ('"sqlalchemy>=2.1.0b1"', False),
    ('"sqlalchemy~=2.1"', False),
    ('"sqlalchemy==2.1.2"', False),
    ('"sqlalchemy>=3"', False),
])
def test_project_dependencies(tmp_path: Path, requirement: str, allows_before: bool) -> None:
    (tmp_path / "pyproject.toml").write_text(_pyproject(requirement), encoding="utf-8")
    said = sqlalchemy_said(str(tmp_path), V21)
    assert said is not None and said.allows_before is allows_before
    assert said.where == "pyproject.toml" and said.constraint.lower().startswith("sqlalchemy")


@pytest.mark.parametrize("requirement", [
    '"sqlalchemy"', '"sqlalchemy[asyncio]"', '"sqlalchemy<3"', '"sqlalchemy>=2.0 || ^2.1"',
    '"sqlalchemy @ https://example.org/sqlalchemy.whl"', '"sqlalchemy-utils>=0.41"', '"sqlmodel>=0.0.22"',
    '"sqlalchemy>=2.0.0.dev0,=>3"',
])
def test_the_project_does_not_say(tmp_path: Path, requirement: str) -> None:
    (tmp_path / "pyproject.toml").write_text(_pyproject(requirement), encoding="utf-8")
    assert sqlalchemy_said(str(tmp_path), V21) is None


def test_no_file_or_no_sqlalchemy(tmp_path: Path) -> None:
    assert sqlalchemy_said(str(tmp_path), V21) is None
    (tmp_path / "pyproject.toml").write_text(_pyproject('"httpx"'), encoding="utf-8")
    assert sqlalchemy_said(str(tmp_path), V21) is None
    (tmp_path / "pyproject.toml").write_text("[project\nnot toml sqlalchemy", encoding="utf-8")
    assert sqlalchemy_said(str(tmp_path), V21) is None


def test_the_constraints_hold_together(tmp_path: Path) -> None:
    """An optional dependency that asks for more raises the lower bound for everybody who installs it... and pip
    takes every constraint: the greatest lower bound decides."""
    extra = '[project.optional-dependencies]\nasync = ["sqlalchemy[asyncio]>=2.1"]\n'
    (tmp_path / "pyproject.toml").write_text(_pyproject('"sqlalchemy>=2.0"', extra), encoding="utf-8")
    said = sqlalchemy_said(str(tmp_path), V21)
    assert said is not None and not said.allows_before and said.constraint == "sqlalchemy[asyncio]>=2.1"


def test_an_unreadable_constraint_makes_it_unknown(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(_pyproject('"sqlalchemy>=2.0", "sqlalchemy>=2.*"'), encoding="utf-8")
    assert sqlalchemy_said(str(tmp_path), V21) is None


@pytest.mark.parametrize("constraint, allows_before", [
    ('"^2.0"', True), ('"~2.0"', True), ('">=2.0,<3"', True), ('">= 2.0, < 3"', True), ('"2.0.36"', True),
    ('{version = "^2.0.30", extras = ["asyncio"]}', True), ('"^2.1"', False), ('"~2.1.0"', False),
    ('{version = ">=2.1", extras = ["asyncio"]}', False),
])
def test_poetry(tmp_path: Path, constraint: str, allows_before: bool) -> None:
    text = f'[tool.poetry]\nname = "app"\n\n[tool.poetry.dependencies]\npython = "^3.11"\nSQLAlchemy = {constraint}\n'
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    said = sqlalchemy_said(str(tmp_path), V21)
    assert said is not None and said.allows_before is allows_before and said.where == "pyproject.toml"


def test_poetry_group_and_unknown_forms(tmp_path: Path) -> None:
    text = '[tool.poetry.group.db.dependencies]\nsqlalchemy = "^2.0"\n'
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    assert sqlalchemy_said(str(tmp_path), V21).allows_before  # type: ignore[union-attr]
    (tmp_path / "pyproject.toml").write_text('[tool.poetry.dependencies]\nsqlalchemy = "*"\n', encoding="utf-8")
    assert sqlalchemy_said(str(tmp_path), V21) is None
    (tmp_path / "pyproject.toml").write_text('[tool.poetry.dependencies]\nsqlalchemy = "^2.0 || ^2.1"\n',
                                             encoding="utf-8")
    assert sqlalchemy_said(str(tmp_path), V21) is None


def test_requirements_files(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text(
        "# pinned\n-r base.txt\n--index-url https://example.org\nasyncpg==0.30.0\n"
        "SQLAlchemy[asyncio]==2.0.36 \\\n    --hash=sha256:0123  # the ORM\n",
        encoding="utf-8",
    )
    said = sqlalchemy_said(str(tmp_path), V21)
    assert said is not None and said.allows_before and said.where == "requirements.txt"
    assert said.constraint == "SQLAlchemy[asyncio]==2.0.36"
    (tmp_path / "requirements-dev.txt").write_text("sqlalchemy>=2.1\n", encoding="utf-8")
    said = sqlalchemy_said(str(tmp_path), V21)
    assert said is not None and not said.allows_before and said.where == "requirements-dev.txt"


def test_dependency_groups(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[dependency-groups]\ndb = ["sqlalchemy~=2.0.40"]\n', encoding="utf-8")
    assert sqlalchemy_said(str(tmp_path), V21).allows_before  # type: ignore[union-attr]
