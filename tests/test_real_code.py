"""The engine on real open-source code built on async SQLAlchemy (bounded sweep).

Uses ``benchmarks/real_code.py`` on a few pinned packages (downloaded with
``pip download``, extracted, never installed nor imported), then checks that

* the engine neither failed (no ``ORM000``) nor raised on any file;
* every finding is listed in the triage table of ``docs/real-code-findings.md``
  (so a new finding, true or false, is looked at before it lands);
* no row of that table is still ``untriaged``.

Skips when the downloads fail (no network, no PyPI).  The versions are pinned
so that a new release of a package cannot move the line numbers of the table.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SCRIPT = REPO_ROOT / "benchmarks" / "real_code.py"
TRIAGE = REPO_ROOT / "docs" / "real-code-findings.md"

#: Three packages with much async session code, sync and async side by side
#: (sqladmin), a large repository layer (advanced-alchemy) and plain CRUD
#: helpers (fastcrud): 228 files in these versions.
SUBSET = ("advanced-alchemy==1.12.0", "sqladmin==0.32.0", "fastcrud==0.23.0")
MAX_FILES_PER_PACKAGE = 150
MAX_FILES = 300

TRIAGE_HEADER = ("package", "file:line", "code", "verdict", "note")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")

pytestmark = [pytest.mark.sweep, pytest.mark.slow]


def _load_script():
    name = "async_orm_lint_benchmarks_real_code"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


real_code = _load_script()


def parse_triage_table(text: str) -> list[dict[str, str]]:
    """The rows of the ``| package | file:line | code | verdict | note |`` table."""
    rows: list[dict[str, str]] = []
    in_table = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped.startswith("|"):
            in_table = False
            continue
        cells = [cell.strip().replace("\\|", "|") for cell in _CELL_SPLIT.split(stripped.strip("|"))]
        if tuple(cell.lower() for cell in cells) == TRIAGE_HEADER:
            in_table = True
            continue
        if not in_table or all(re.fullmatch(r":?-+:?", cell) for cell in cells):
            continue
        assert len(cells) == len(TRIAGE_HEADER), f"{TRIAGE.name}:{number}: expected 5 cells: {line!r}"
        row = dict(zip(TRIAGE_HEADER, cells))
        row["code"] = row["code"].strip("`")
        row["file:line"] = row["file:line"].strip("`")
        row["lineno"] = str(number)
        rows.append(row)
    return rows


def triage_rows() -> list[dict[str, str]]:
    assert TRIAGE.is_file(), f"{TRIAGE.relative_to(REPO_ROOT)} is missing"
    text = TRIAGE.read_text(encoding="utf-8")
    assert any(
        tuple(c.strip().lower() for c in line.strip().strip("|").split("|")) == TRIAGE_HEADER
        for line in text.splitlines()
    ), f"{TRIAGE.name} has no `| {' | '.join(TRIAGE_HEADER)} |` table"
    return parse_triage_table(text)


@pytest.fixture(name="report", scope="module")
def fixture_report(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("real-code")
    result = real_code.run(
        SUBSET,
        workdir=workdir,
        max_files=MAX_FILES_PER_PACKAGE,
        wheels_only=True,
        download_timeout=120.0,
    )
    failed = result.failed_downloads
    if failed:
        reasons = "; ".join(f"{p.requirement}: {p.error}" for p in failed)
        pytest.skip(f"could not download the packages to lint (no network or no PyPI?): {reasons}")
    return result


def test_no_internal_error_nor_exception(report):
    assert sum(p.files for p in report.packages) <= MAX_FILES
    for package in report.packages:
        assert package.files > 0, f"{package.requirement}: no .py file linted"
        assert not package.exceptions, "\n".join(
            f"{package.name}/{e['path']}:\n{e['error']}" for e in package.exceptions
        )
        errors = [f for f in package.findings if f.code == real_code.INTERNAL_ERROR]
        assert not errors, "\n".join(f"{f.location(package.name)}: {f.code} {f.message}" for f in errors)


def test_every_finding_is_in_the_triage_table(report):
    listed = {(row["package"], row["file:line"], row["code"]) for row in triage_rows()}
    missing = [
        f"{f.location(p.name)}: {f.code} {f.message}"
        for p in report.packages
        for f in p.findings
        if (p.name, f"{f.path}:{f.line}", f.code) not in listed
    ]
    assert not missing, (
        f"findings not in {TRIAGE.relative_to(REPO_ROOT)} (add a row `| package | file:line | code | verdict | note |`"
        " for each, after reading the code):\n" + "\n".join(missing)
    )


def test_triage_table_parses():
    for row in triage_rows():
        assert row["package"] and row["file:line"] and row["code"], row
        assert re.fullmatch(r".+\.py:\d+", row["file:line"]), row
        assert re.fullmatch(r"ORM\d{3}", row["code"]), row
        assert row["verdict"], f"{TRIAGE.name}:{row['lineno']}: empty verdict"


def test_no_untriaged_finding():
    untriaged = [row for row in triage_rows() if row["verdict"].strip("`").lower() == "untriaged"]
    assert not untriaged, "\n".join(
        f"{TRIAGE.name}:{row['lineno']}: {row['package']} {row['file:line']} {row['code']}" for row in untriaged
    )
