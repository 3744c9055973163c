"""Options: the same in flake8 and pylint, from setup.cfg / tox.ini / pyproject.toml, refused when invalid."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import hosts
from async_orm_lint.engine import check_source
from async_orm_lint.options import OptionError, Options, from_mapping, from_pyproject

CODE = textwrap.dedent(
    """\
    import sqlalchemy

    async def handler(session, conn, db):
        session.commit()
        db.flush()
        conn.execute(1)
    """
)


def flake8(cwd: Path, *args: str) -> hosts.Run:
    """flake8 as a user runs it in ``cwd``: it reads the project's setup.cfg or tox.ini."""
    return hosts.flake8(*args, "app.py", cwd=cwd, isolated=False, timeout=120)


def pylint(cwd: Path, *args: str) -> hosts.Run:
    """pylint as a user runs it in ``cwd``: it reads the project's pyproject.toml."""
    return hosts.pylint(*args, "app.py", cwd=cwd, timeout=120)


def rows(run: hosts.Run) -> set[tuple[int, str]]:
    return run.lines("app.py")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_text(CODE)
    return tmp_path


@pytest.mark.slow
def test_names_are_not_evidence_by_default(project):
    assert rows(flake8(project)) == set()
    assert rows(pylint(project)) == set()


@pytest.mark.slow
@pytest.mark.parametrize(
    "config_file, flake8_text, pylint_text",
    [
        ("setup.cfg", "[flake8]\norm-session-names = session, db\n", None),
        ("tox.ini", "[flake8]\norm-session-names =\n    session\n    db\n", None),
        ("pyproject.toml", None, '[tool.pylint.async-orm]\norm-session-names = ["session", "db"]\n'),
        ("pyproject.toml", '[tool.async-orm-lint]\nsession-names = ["session", "db"]\n', "same"),
    ],
    ids=["flake8-setup.cfg", "flake8-tox.ini", "pylint-pyproject", "both-tool-table"],
)
def test_session_names_from_configuration(project, config_file, flake8_text, pylint_text):
    expected = {(4, "ORM101"), (5, "ORM101")}
    if flake8_text is not None:
        (project / config_file).write_text(flake8_text)
        assert rows(flake8(project)) == expected
    if pylint_text is not None:
        if pylint_text != "same":
            (project / config_file).write_text(pylint_text)
        assert rows(pylint(project)) == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    "flake8_args, pylint_args, needle",
    [
        (["--orm-session-names=not-a-name"], ["--orm-session-names=not-a-name"], "orm-session-names"),
        (["--orm-async-session-classes=Bare"], ["--orm-async-session-classes=Bare"], "orm-async-session-classes"),
        (["--orm-project-root=/no/such/dir"], ["--orm-project-root=/no/such/dir"], "orm-project-root"),
    ],
)
def test_invalid_values_fail_at_start_up_naming_the_option(project, flake8_args, pylint_args, needle):
    flake8_run = flake8(project, *flake8_args)
    assert flake8_run.returncode != 0 and needle in flake8_run.stderr and "Traceback" not in flake8_run.stderr
    pylint_run = pylint(project, *pylint_args)
    assert pylint_run.returncode == 32 and needle in pylint_run.stderr and "Traceback" not in pylint_run.stderr


@pytest.mark.slow
def test_invalid_tool_table_fails_in_both(project):
    (project / "pyproject.toml").write_text('[tool.async-orm-lint]\nsesion-names = ["db"]\n')
    for result in (flake8(project), pylint(project)):
        assert result.returncode != 0 and "sesion-names" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("first_line", ["import sqlalchemy", "import logging"],
                         ids=["mentions-sqlalchemy", "names-only-the-in-house-package"])
def test_extra_classes_and_factories(tmp_path, first_line):
    (tmp_path / "pyproject.toml").write_text(
        "[tool.async-orm-lint]\n"
        'async-session-classes = ["company.db.TenantSession"]\n'
        'sync-session-classes = ["company.db.LegacySession"]\n'
        'async-session-factories = ["company.db.open_session"]\n'
    )
    source = first_line + textwrap.dedent(
        """
        from company.db import LegacySession, TenantSession, open_session

        async def f(tenant: TenantSession, legacy: LegacySession):
            tenant.commit()  # 5
            legacy.commit()  # 6
            await legacy.commit()  # 7
            async with open_session() as session:
                session.flush()  # 9
            other = await open_session()
            other.rollback()  # 11
        """
    )
    path = tmp_path / "app.py"
    path.write_text(source)
    found = [(f.line, f.code) for f in check_source(source, str(path))]
    # the sync session's commits block the coroutine (ORM502), and awaiting one is a TypeError (ORM102)
    assert found == [(5, "ORM101"), (6, "ORM502"), (7, "ORM102"), (7, "ORM502"), (9, "ORM101"), (11, "ORM101")]


def test_session_names_in_a_module_that_does_not_name_sqlalchemy(tmp_path):
    """The heuristic is the only evidence there: the engine's cheap pre-test must not skip the file."""
    source = CODE.replace("import sqlalchemy", "import logging")
    path = tmp_path / "app.py"
    path.write_text(source)
    assert check_source(source, str(path)) == []
    found = [(f.line, f.code) for f in check_source(source, str(path), options=Options(session_names=("db",)))]
    assert found == [(5, "ORM101")]


def test_host_options_win_over_the_tool_table():
    host = Options(session_names=("db",))
    assert host.merged_over(Options(session_names=("session",), sync_session_classes=("a.B",))) == Options(
        session_names=("db",), sync_session_classes=("a.B",)
    )


def test_from_mapping_names_the_bad_option():
    with pytest.raises(OptionError, match="session_names: 'a b' is not a Python identifier"):
        from_mapping({"session_names": ["a b"]})
    assert from_mapping({"session-names": "a, b"}).session_names == ("a", "b")


@pytest.mark.parametrize(
    "text, expected",
    [
        ('[tool.async-orm-lint]\nsession-names = ["db"]\n', Options(session_names=("db",))),
        ('[tool."async-orm-lint"]\nsession-names = ["db"]\n', Options(session_names=("db",))),
        ('[tool]\nasync-orm-lint = { session-names = ["db"] }\n', Options(session_names=("db",))),
        ('[project]\nname = "x"\n[tool.pylint.async-orm]\norm-session-names = ["db"]\n', Options()),
        ("[project\nthis is not TOML", Options()),  # not ours to judge without our table
        ("", Options()),
    ],
    ids=["table", "quoted-key", "inline-table", "other-tools-only", "broken-without-our-table", "empty"],
)
def test_the_tool_table(tmp_path, text, expected):
    (tmp_path / "pyproject.toml").write_text(text)
    assert from_pyproject(tmp_path) == expected


def test_a_broken_pyproject_with_our_table_is_refused(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.async-orm-lint]\nsession-names = ["db"\n')
    with pytest.raises(OptionError, match="cannot read"):
        from_pyproject(tmp_path)
    (tmp_path / "pyproject.toml").write_bytes(b'[tool.async-orm-lint]\nsession-names = ["\xff"]\n')
    with pytest.raises(OptionError, match="cannot read"):
        from_pyproject(tmp_path)


def test_no_pyproject(tmp_path):
    assert from_pyproject(tmp_path) == Options()
    (tmp_path / "pyproject.toml").mkdir()
    assert from_pyproject(tmp_path) == Options()
    assert from_pyproject(None) == Options()
