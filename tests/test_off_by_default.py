"""Rules off by default (ORM303): off unless their code is named, the same way in the three front-ends.

flake8 leaves them out by default (``extend_default_ignore``) and the plugin
runs them only where ``select``/``extend-select`` names their code in full (a
family such as ``ORM`` selects them for flake8, which would otherwise turn
them on for every project following the README's ``extend-select = ORM``);
pylint has them off by default (``default_enabled: False``), on by their
symbol or id; the command decides as the flake8 plugin does.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import hosts
from async_orm_lint import cli
from async_orm_lint.checking import Selection
from async_orm_lint.engine import DEFAULT_CODES, OFF_BY_DEFAULT_CODES, check_source, codes_to_run
from async_orm_lint.flake8_plugin import Flake8Plugin
from async_orm_lint.pylint_plugin import AsyncOrmChecker
from async_orm_lint.rules import RULES

SOURCE = textwrap.dedent(
    """\
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

    engine = create_async_engine("sqlite+aiosqlite://")
    factory = async_sessionmaker(engine)


    async def f(session: AsyncSession) -> None:
        session.commit()
    """
)
DEFAULT = {(8, "ORM101")}
WITH_ORM303 = {(4, "ORM303"), (8, "ORM101")}


def test_the_rules_off_by_default() -> None:
    assert OFF_BY_DEFAULT_CODES == {rule.code for rule in RULES if not rule.enabled_by_default} == {"ORM303"}
    assert "ORM000" in DEFAULT_CODES and "ORM101" in DEFAULT_CODES and not DEFAULT_CODES & OFF_BY_DEFAULT_CODES
    assert codes_to_run() == codes_to_run(["ORM", "ORM3", "ORM30"]) == DEFAULT_CODES
    assert codes_to_run(["orm303"]) == DEFAULT_CODES | {"ORM303"}


def test_the_engine_runs_them_only_when_asked() -> None:
    assert {(f.line, f.code) for f in check_source(SOURCE, "m.py")} == DEFAULT
    assert {(f.line, f.code) for f in check_source(SOURCE, "m.py", select=codes_to_run(["ORM303"]))} == WITH_ORM303


@pytest.mark.parametrize(
    ("select", "extend_select", "ignore", "wanted"),
    [
        (None, (), (), False),
        (("ORM",), (), (), False),
        (("ORM3",), (), (), False),
        (("ORM303",), (), (), True),
        (None, ("ORM303",), (), True),
        (("ORM1",), ("ORM303",), (), True),
        (None, ("ORM303",), ("ORM3",), True),  # both name it: the longer prefix wins
        (("ORM303",), (), ("ORM303",), False),
    ],
)
def test_the_command_s_selection(select, extend_select, ignore, wanted) -> None:
    selection = Selection(select, ignore, extend_select)
    assert selection.wants("ORM303") is wanted
    assert ("ORM303" in selection.codes()) is wanted


def test_extend_select_adds_to_select_for_the_other_codes() -> None:
    assert Selection(("ORM1",), (), ("ORM401",)).codes() == {"ORM101", "ORM102", "ORM103", "ORM401"}
    assert Selection(None, ("ORM1",)).codes() == DEFAULT_CODES - {"ORM101", "ORM102", "ORM103"}


@pytest.mark.parametrize(
    ("options", "found"),
    [
        ([], DEFAULT),
        (["--select", "ORM"], DEFAULT),
        (["--select", "ORM1,ORM3"], DEFAULT),
        (["--extend-select", "ORM303"], WITH_ORM303),
        (["--select", "ORM101,ORM303"], WITH_ORM303),
        (["--extend-select", "orm303", "--ignore", "ORM1"], {(4, "ORM303")}),
    ],
)
def test_the_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, options, found) -> None:
    (tmp_path / "m.py").write_text(SOURCE)
    monkeypatch.chdir(tmp_path)
    cli.main(["-j1", "--orm-cache-dir=off", *options, "m.py"])
    out = capsys.readouterr().out
    assert {(int(line.split(":")[1]), line.split()[1]) for line in out.splitlines()} == found


def test_extend_select_validates_its_codes(capsys) -> None:
    assert cli.main(["--extend-select", "E501", "."]) == 2
    assert "--extend-select" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("select", "extend_select", "runs"),
    [(None, None, False), (["ORM"], None, False), (["E", "ORM3"], None, False), (["ORM303"], None, True),
     (None, ["ORM303"], True), (["E", "W"], ["ORM", "ORM303"], True)],
)
def test_the_flake8_plugin_runs_them_when_named(monkeypatch, select, extend_select, runs) -> None:
    monkeypatch.setattr(Flake8Plugin, "codes", Flake8Plugin.codes)
    monkeypatch.setattr(Flake8Plugin, "options", Flake8Plugin.options)
    namespace = argparse.Namespace(select=select, extend_select=extend_select)
    Flake8Plugin.parse_options(namespace)
    assert ("ORM303" in Flake8Plugin.codes) is runs and DEFAULT_CODES <= Flake8Plugin.codes


def test_the_pylint_message_is_off_by_default() -> None:
    for rule in RULES:
        message = AsyncOrmChecker.msgs[rule.pylint_id]
        assert (len(message) == 4 and message[3] == {"default_enabled": False}) is (not rule.enabled_by_default)


# -- through the real hosts -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("off_by_default")
    (root / "m.py").write_text(SOURCE)
    (root / "pylinthome").mkdir()
    return root


def _orm(run: hosts.Run) -> set[tuple[int, str]]:
    assert "Traceback" not in run.stderr, run.output
    return {(finding.line, finding.code) for finding in run.findings if finding.code.startswith("ORM")}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("select", "args", "found"),
    [
        (None, [], DEFAULT),
        ("ORM", [], DEFAULT),
        ("ORM3,ORM1", [], DEFAULT),
        # ``ignore =`` replaces flake8's default ignore list, the rules off by default with it: still off
        (None, ["--ignore=E501"], DEFAULT),
        ("ORM303,ORM101", [], WITH_ORM303),
        ("ORM", ["--extend-select=ORM303"], WITH_ORM303),
        (None, ["--extend-select=ORM303"], WITH_ORM303),
    ],
)
def test_flake8(project: Path, select, args, found) -> None:
    run = hosts.flake8(*args, "m.py", cwd=project, select=select, timeout=120)
    assert _orm(run) == found


@pytest.mark.slow
def test_flake8_configuration_file(tmp_path: Path) -> None:
    """The line the README gives turns it on; ``extend-select = ORM`` does not."""
    (tmp_path / "m.py").write_text(SOURCE)
    for line, found in (("extend-select = ORM", DEFAULT), ("extend-select = ORM,ORM303", WITH_ORM303),
                        ("extend-select = ORM303", WITH_ORM303)):
        (tmp_path / "setup.cfg").write_text(f"[flake8]\n{line}\n")
        assert _orm(hosts.flake8("m.py", cwd=tmp_path, isolated=False, select=None, timeout=120)) == found, line


def _pylint(project: Path, *args: str) -> hosts.Run:
    completed = subprocess.run(
        [sys.executable, "-m", "pylint", "--rcfile=pylintrc", f"--msg-template={hosts.PYLINT_TEMPLATE}",
         "--persistent=n", "--score=n", *args, "m.py"],
        cwd=project, capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "PYLINTHOME": str(project / "pylinthome")},
    )
    return hosts.Run(project, completed.returncode, completed.stdout, completed.stderr,
                     hosts._parse(completed.stdout, pylint_output=True))  # pylint: disable=protected-access


@pytest.mark.slow
@pytest.mark.parametrize(
    ("rcfile", "found"),
    [
        ("[MAIN]\nload-plugins=async_orm_lint.pylint_plugin\n", DEFAULT),
        ("[MAIN]\nload-plugins=async_orm_lint.pylint_plugin\n[MESSAGES CONTROL]\nenable=async-orm-expire-on-commit\n",
         WITH_ORM303),
        ("[MAIN]\nload-plugins=async_orm_lint.pylint_plugin\n[MESSAGES CONTROL]\nenable=W5823\n", WITH_ORM303),
    ],
)
def test_pylint(project: Path, rcfile: str, found) -> None:
    (project / "pylintrc").write_text(rcfile)
    assert _orm(_pylint(project)) == found
