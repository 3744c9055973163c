"""Options: the same in flake8 and pylint, from setup.cfg / tox.ini / pyproject.toml, refused when invalid."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import hosts
from async_orm_lint import cli
from async_orm_lint.engine import check_source
from async_orm_lint.options import (
    CACHE_DEFAULT, CACHE_OFF, OptionError, Options, effective, from_host, from_mapping, from_pyproject,
)

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
        (["--orm-cache-max-size=lots"], ["--orm-cache-max-size=lots"], "orm-cache-max-size"),
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


# -- the type of each value -------------------------------------------------------------------

#: (a line of [tool.async-orm-lint], what the one-line message says after the option's name)
WRONG_TYPES = [
    ("session-names = 5", "session-names: expected a list of names, not a number (5)"),
    ("session-names = [1, 2]", "session-names: expected a list of names, but an item is a number (1)"),
    ("session-names = true", "session-names: expected a list of names, not a boolean (true)"),
    ('session-names = [["db"]]', "session-names: expected a list of names, but an item is a list"),
    ("async-session-factories = { a = 1 }", "async-session-factories: expected a list of names, not a table"),
    ("project-root = false", "project-root: expected a directory, not a boolean (false)"),
    ("project-root = 1", "project-root: expected a directory, not a number (1)"),
    ("cache-dir = 5", "cache-dir: expected a directory, 'off', true or false, not a number (5)"),
    ("cache-dir = 0.5", "cache-dir: expected a directory, 'off', true or false, not a number (0.5)"),
    ('cache-dir = "5"', "cache-dir: expected a directory, 'off', true or false, not a number ('5'); "
                        "write ./5 for a directory of that name"),
    ('cache-dir = [".cache"]', "cache-dir: expected a directory, 'off', true or false, not a list"),
    ('cache-max-size = "lots"', "cache-max-size: expected a number of MB, not 'lots'"),
    ("cache-max-size = true", "cache-max-size: expected a number of MB, not a boolean (true)"),
    ("cache-max-size = 0", "cache-max-size: expected a number of MB above 0, not 0"),
    ("cache-max-size = -1.5", "cache-max-size: expected a number of MB above 0, not -1.5"),
    ("cache-max-size = nan", "cache-max-size: expected a number of MB above 0, not nan"),
    ("cache-max-size = [1]", "cache-max-size: expected a number of MB, not a list"),
]


@pytest.mark.parametrize("line, message", WRONG_TYPES, ids=[line for line, _ in WRONG_TYPES])
def test_a_value_of_the_wrong_type_is_refused_naming_the_option(tmp_path, line, message):
    (tmp_path / "pyproject.toml").write_text(f"[tool.async-orm-lint]\n{line}\n")
    with pytest.raises(OptionError) as refused:
        from_pyproject(tmp_path)
    assert str(refused.value) == f"{tmp_path / 'pyproject.toml'} [tool.async-orm-lint] {message}"
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize(
    "raw, expected",
    [
        (False, CACHE_OFF), ("false", CACHE_OFF), ("False", CACHE_OFF), (" OFF ", CACHE_OFF),
        (True, CACHE_DEFAULT), ("true", CACHE_DEFAULT), ("True", CACHE_DEFAULT),
        ("", None), ("./5", Path("5")), (".orm-cache", Path(".orm-cache")),
    ],
)
def test_cache_dir_booleans(raw, expected):
    """``false`` is ``off``; ``true`` the user's cache directory (pylint hands TOML's booleans over as
    ``False``/``True``, flake8's configuration as words): never a directory named ``False``."""
    assert from_mapping({"cache-dir": raw}).cache_dir == expected
    assert from_host({"orm-cache-dir": raw}).cache_dir == expected


def test_cache_dir_true_is_the_users_cache_directory_and_wins_over_the_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.async-orm-lint]\ncache-dir = "off"\n')
    assert effective(Options(), tmp_path).cache_dir == CACHE_OFF
    assert effective(Options(cache_dir=CACHE_DEFAULT), tmp_path).cache_dir is None
    assert effective(Options(cache_dir=CACHE_DEFAULT), None).cache_dir is None


def test_cache_dir_false_writes_no_cache(tmp_path, monkeypatch):
    """``cache-dir = false`` once made a directory named ``False`` in the project."""
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    root = tmp_path / "project"
    root.mkdir()
    (root / "pyproject.toml").write_text("[tool.async-orm-lint]\ncache-dir = false\n")
    (root / "db.py").write_text("from sqlalchemy.ext.asyncio import AsyncSession\n\nSession = AsyncSession\n")
    source = "from db import Session\n\n\nasync def f(session: Session):\n    session.commit()\n"
    (root / "app.py").write_text(source)
    assert [(f.line, f.code) for f in check_source(source, str(root / "app.py"))] == [(5, "ORM101")]
    assert sorted(p.name for p in root.iterdir()) == ["app.py", "db.py", "pyproject.toml"]
    assert not home.exists()


@pytest.mark.parametrize("raw, expected", [(64, 64.0), (0.5, 0.5), ("100", 100.0), (" 1e3 ", 1000.0), ("", None)])
def test_cache_max_size(raw, expected):
    assert from_mapping({"cache-max-size": raw}).cache_max_size == expected
    assert Options().cache_max_size is None  # the default, DEFAULT_CACHE_MAX_SIZE


def test_the_command_refuses_a_value_of_the_wrong_type(tmp_path, monkeypatch, capsys):
    """In-process; the subprocesses of all three front-ends are below."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.py").write_text(CODE)
    (tmp_path / "pyproject.toml").write_text("[tool.async-orm-lint]\nsession-names = [1, 2]\n")
    assert cli.main(["-j1", "app.py"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "session-names: expected a list of names" in err and "Traceback" not in err


@pytest.mark.slow
def test_a_value_of_the_wrong_type_stops_every_front_end_in_one_line(project):
    """(Each type of each option is refused by the code all three share: see the tests above.)"""
    (project / "pyproject.toml").write_text("[tool.async-orm-lint]\nsession-names = [1, 2]\n")
    command = hosts.command("app.py", cwd=project, timeout=120)
    runs = {"flake8": flake8(project), "pylint": pylint(project), "command": command}
    for name, run in runs.items():
        assert run.returncode != 0 and run.stdout == "", (name, run.output)
        assert run.stderr.count("\n") == 1, (name, run.stderr)
        assert "[tool.async-orm-lint] session-names: expected a list of names" in run.stderr, (name, run.stderr)
    assert runs["command"].returncode == 2 and runs["pylint"].returncode == 32
