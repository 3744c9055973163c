"""Whole fixture projects (``tests/projects/*``): evidence that crosses modules.

Each directory of ``tests/projects`` is a small project of its own, with a
``pyproject.toml`` at its root; its modules are parsed by the linter, never run
nor imported (FastAPI and Litestar need not be installed).  As in
``examples/``, every line the linter must flag carries ``# expect: ORM101:5``
(code and 1-based column of each finding: the grammar of ``markers.py``).  A
marker whose evidence comes from other modules of the project lists them, as
paths from the project root, after ``needs:``::

    db.commit()  # expect: ORM101:5  needs: app/deps.py, app/core/db.py

flake8 and pylint run through their real command lines with the project root
as working directory, as an editor or CI job would run them.
"""

from __future__ import annotations

import ast
import functools
import shutil
from collections import Counter
from pathlib import Path

import pytest

import hosts
from async_orm_lint.engine import INTERNAL_ERROR, check_source
from markers import Expected, Reported, assert_reported, from_engine, markers_of

PROJECTS_DIR = Path(__file__).resolve().parent / "projects"
PROJECTS = sorted(p.name for p in PROJECTS_DIR.iterdir() if (p / "pyproject.toml").is_file())
#: What a host reports (flake8's 1-based columns), per file path relative to the project root.
Findings = dict[str, list[Reported]]

XFAIL_REASON = "evidence chain not followed yet"
#: Files whose markers the engine does not find yet, with the link it misses:
#: ``("fastapi_service", "app/routers/users.py"): "SessionDep imported from app/deps.py"``.
#: Their exact-match test is xfail (strict: it fails once the engine finds them,
#: so that the entry is removed); so is the test of the broken project while
#: this names a file of it.  Empty: the engine finds every marker.
NOT_YET: dict[tuple[str, str], str] = {
    ("loading_service", "svc/routers/orders.py"): (
        "a commit made inside a repository method (`repository.close()`) is not followed"
    ),
}
#: The module deleted by the test of a broken project, and the project.
DELETED_PROJECT, DELETED_MODULE = "fastapi_service", "app/core/db.py"


def source_files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def markers(root: Path, relative: str) -> list[Expected]:
    """The ``# expect:`` markers of one file, with the modules each one needs."""
    return markers_of(root / relative)


def expected(root: Path, keep=lambda marker: True) -> dict[str, list[Expected]]:
    table = {}
    for relative in source_files(root):
        wanted = [m for m in markers(root, relative) if keep(m)]
        if wanted:
            table[relative] = wanted
    return table


def _by_relative_path(run: hosts.Run, root: Path) -> Findings:
    return {path.relative_to(root.resolve()).as_posix(): found for path, found in run.by_file().items()}


def run_flake8(root: Path) -> Findings:
    run = hosts.flake8(".", cwd=root, timeout=600)
    assert run.returncode in (0, 1), run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    return _by_relative_path(run, root)


def run_pylint(root: Path) -> Findings:
    run = hosts.pylint("-j", "2", *source_files(root), cwd=root, timeout=600)
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode & 1 == 0, f"pylint fatal error:\n{run.output}"
    return _by_relative_path(run, root)


@functools.cache
def flake8_of(project: str) -> Findings:
    return run_flake8(PROJECTS_DIR / project)


@functools.cache
def pylint_of(project: str) -> Findings:
    return run_pylint(PROJECTS_DIR / project)


def _places(found: list[Reported] | list[Expected]) -> Counter:
    """The multiset of ``(line, column, code)`` of findings or of markers."""
    return Counter(item.place for item in found)


def _by_places(findings: Findings | dict[str, list[Expected]]) -> dict[str, Counter]:
    return {path: _places(found) for path, found in findings.items() if found}


def _beyond(found: Findings | dict[str, list[Expected]], allowed: Findings | dict[str, list[Expected]]):
    """Per file, the places of ``found`` that ``allowed`` does not hold (as many times)."""
    allowed_places = _by_places(allowed)
    return {
        path: sorted((places - allowed_places.get(path, Counter())).elements())
        for path, places in _by_places(found).items()
        if places - allowed_places.get(path, Counter())
    }


def _file_params():
    for project in PROJECTS:
        for relative in source_files(PROJECTS_DIR / project):
            reason = NOT_YET.get((project, relative))
            marks = [pytest.mark.xfail(reason=f"{XFAIL_REASON}: {reason}", strict=True)] if reason else []
            yield pytest.param(project, relative, id=f"{project}/{relative}", marks=marks)


# -- the fixtures themselves ---------------------------------------------------


@pytest.mark.parametrize("project", PROJECTS)
def test_fixture_project_is_well_formed(project):
    """Valid Python everywhere (a syntax error would only silence the linter); ``needs:`` names real modules."""
    root = PROJECTS_DIR / project
    total = 0
    for relative in source_files(root):
        ast.parse((root / relative).read_text(encoding="utf-8"), filename=relative)
        for marker in markers(root, relative):
            total += 1
            for needed in marker.needs:
                assert needed != relative, f"{relative}:{marker.line}: needs: names the file itself"
                assert (root / needed).is_file(), f"{relative}:{marker.line}: needs: {needed} does not exist"
    assert total, f"{project} has no marker"


def test_deleted_module_matters_to_some_markers_and_not_to_others():
    root = PROJECTS_DIR / DELETED_PROJECT
    assert (root / DELETED_MODULE).is_file()
    every = [m for relative in source_files(root) for m in markers(root, relative)]
    assert any(DELETED_MODULE in m.needs for m in every)
    assert any(m.needs and DELETED_MODULE not in m.needs for m in every)
    assert any(not m.needs for m in every)


# -- the engine in-process, each module with the rest of its project on disk -------


@pytest.mark.parametrize(("project", "relative"), list(_file_params()))
def test_engine_flags_exactly_the_marked_places(project, relative):
    """What flake8 and pylint report below, checked in this process: each module's markers, exactly."""
    path = PROJECTS_DIR / project / relative
    findings = check_source(path.read_text(encoding="utf-8"), str(path))
    assert_reported(markers(PROJECTS_DIR / project, relative), from_engine(findings), where=f"{project}/{relative}")


# -- file mode: flake8 and pylint over the whole project -------------------------


@pytest.mark.slow
@pytest.mark.parametrize("project", PROJECTS)
def test_flake8_and_pylint_agree(project):
    """Same findings at the same places (pylint's column + 1 == flake8's), none internal."""
    flake8, pylint = flake8_of(project), pylint_of(project)
    assert flake8 == pylint
    internal = {path: found for path, found in flake8.items() if any(c == INTERNAL_ERROR for *_, c in found)}
    assert not internal


@pytest.mark.slow
@pytest.mark.parametrize("project", PROJECTS)
def test_no_finding_without_a_marker(project):
    """Precision: whatever the engine resolves or not, it flags no unmarked line."""
    wanted = expected(PROJECTS_DIR / project)
    for tool, found in (("flake8", flake8_of(project)), ("pylint", pylint_of(project))):
        assert not _beyond(found, wanted), f"{tool} flags unmarked places"


@pytest.mark.slow
@pytest.mark.parametrize("project", PROJECTS)
def test_markers_with_local_evidence_are_found(project):
    """Markers that need no other module are found whatever becomes of project resolution."""
    local = expected(PROJECTS_DIR / project, keep=lambda marker: not marker.needs)
    for tool, found in (("flake8", flake8_of(project)), ("pylint", pylint_of(project))):
        assert not _beyond(local, found), f"{tool} misses markers with local evidence"


@pytest.mark.slow
@pytest.mark.parametrize(("project", "relative"), list(_file_params()))
def test_flags_exactly_the_marked_lines(project, relative):
    wanted = expected(PROJECTS_DIR / project).get(relative, [])
    assert_reported(wanted, flake8_of(project).get(relative, []), where=f"{project}/{relative} (flake8)")
    assert_reported(wanted, pylint_of(project).get(relative, []), where=f"{project}/{relative} (pylint)")


# -- stdin mode: an editor's unsaved buffer ---------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("project", "relative"),
    [("fastapi_service", "app/routers/users.py"), ("litestar_app", "src/shop/handlers/orders.py")],
)
def test_flake8_stdin_mode_matches_file_mode(project, relative):
    """``flake8 --stdin-display-name=<path> -`` from the project root resolves imports as file mode does."""
    root = PROJECTS_DIR / project
    run = hosts.flake8(f"--stdin-display-name={relative}", "-", cwd=root,
                       stdin=(root / relative).read_text(encoding="utf-8"))
    assert run.returncode in (0, 1), run.stderr
    stdin = _by_relative_path(run, root)
    assert set(stdin) <= {relative}
    assert stdin.get(relative, []) == flake8_of(project).get(relative, [])
    assert stdin.get(relative), "the module has findings with local evidence at least"


# -- a project with a module gone ----------------------------------------------------------


@pytest.fixture(scope="module")
def broken_root(tmp_path_factory) -> Path:
    """The FastAPI project without its ``app/core/db.py`` (engines and factories)."""
    root = tmp_path_factory.mktemp("broken") / DELETED_PROJECT
    shutil.copytree(PROJECTS_DIR / DELETED_PROJECT, root, ignore=shutil.ignore_patterns("__pycache__"))
    (root / DELETED_MODULE).unlink()
    return root


@pytest.fixture(scope="module")
def broken_project(broken_root) -> tuple[Path, Findings, Findings]:
    return broken_root, run_flake8(broken_root), run_pylint(broken_root)


DELETED_XFAIL = pytest.mark.xfail(
    any(project == DELETED_PROJECT for project, _ in NOT_YET),
    reason=f"{XFAIL_REASON}: the survivors include the markers of NOT_YET",
    strict=True,
)


@DELETED_XFAIL
def test_deleted_module_in_process_drops_exactly_the_findings_that_need_it(broken_root):
    """The engine in-process: the markers that need the module are gone, the others stay, nothing is added."""
    found = {
        relative: from_engine(check_source((broken_root / relative).read_text(encoding="utf-8"),
                                           str(broken_root / relative)))
        for relative in source_files(broken_root)
    }
    survivors = expected(broken_root, keep=lambda marker: DELETED_MODULE not in marker.needs)
    assert _by_places(found) == _by_places(survivors)


@pytest.mark.slow
def test_deleted_module_crashes_nothing_and_adds_no_finding(broken_project):
    root, flake8, pylint = broken_project
    assert flake8 == pylint
    survivors = expected(root, keep=lambda marker: DELETED_MODULE not in marker.needs)
    assert not _beyond(flake8, survivors), "findings without evidence, or ORM000, once the module is gone"
    local = expected(root, keep=lambda marker: not marker.needs)
    assert not _beyond(local, flake8), "markers with local evidence lost once the module is gone"


@pytest.mark.slow
@DELETED_XFAIL
def test_deleted_module_drops_exactly_the_findings_that_need_it(broken_project):
    root, flake8, _ = broken_project
    survivors = expected(root, keep=lambda marker: DELETED_MODULE not in marker.needs)
    assert _by_places(flake8) == _by_places(survivors)


def _in_process(root: Path, order: list[str], fresh_each: bool) -> dict[str, set[tuple[int, int, str]]]:
    """Findings of ``check_source`` over ``order`` in this process, as a host checking many files would."""
    from async_orm_lint import project  # pylint: disable=import-outside-toplevel

    project.forget_projects()
    found: dict[str, set[tuple[int, int, str]]] = {}
    for relative in order:
        if fresh_each:
            project.forget_projects()
        path = root / relative
        source = path.read_text(encoding="utf-8")
        found[relative] = {(f.line, f.col, f.code) for f in check_source(source, str(path))}
    project.forget_projects()
    return found


@pytest.mark.parametrize("project", PROJECTS)
def test_findings_do_not_depend_on_what_was_checked_before(project):
    """The facts a process keeps between files (closed, partial, re-opened) change no finding."""
    root = PROJECTS_DIR / project
    files = source_files(root)
    alone = _in_process(root, files, fresh_each=True)
    assert _in_process(root, files, fresh_each=False) == alone
    assert _in_process(root, files[::-1], fresh_each=False) == alone
    assert _in_process(root, files[1::2] + files[::2], fresh_each=False) == alone
