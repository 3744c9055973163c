"""Pathological projects: how long the engine takes on them, and how much memory.

Each case writes a project in a temporary directory, checks every module of it
in one process as a host does (files in sorted order, through the project
index, the on-disk cache off) and reports the findings, the wall and CPU time
and the process's peak memory.  The cases:

* ``modules``: N modules (10,000 by default) in packages of 100, each
  importing a helper from another (a tree of imports) and the session factory
  of ``app/db.py``; each holds one missing ``await`` the evidence of
  ``db.py`` reveals, so the findings say every module was read with it;
* ``cycle``: N modules (1,000) in one cycle of imports, star imports and
  re-exports of a name that none of them binds; each holds one missing
  ``await`` on a parameter annotated ``AsyncSession``, and one on the name
  the cycle never binds (no finding);
* ``big-file``: a module of N lines (100,000) that binds the session class
  at its end, checked itself and read by a small module that imports it;
* ``symlinks``: a package linked into itself (``app/loop -> app``), files
  that are links in a loop and dangling links, imported through the loops.

``tests/test_pathological.py`` runs smaller sizes of the same cases, in a
process of their own (``--case NAME --size N --json``), and asserts on the
figures.  A project the user cannot read beyond the checked file is tested
there only (it needs ``chmod`` and a user that is not root, or a simulation).

Usage::

    python benchmarks/pathological.py                      # every case at its full size
    python benchmarks/pathological.py --case modules --size 2000
    python benchmarks/pathological.py --command            # also the command, -j1 and -j2, on 10,000 modules
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# after the path set-up, to run from a checkout
# pylint: disable=wrong-import-position
from async_orm_lint.engine import check_source  # noqa: E402
from async_orm_lint.options import CACHE_OFF, Options  # noqa: E402
from async_orm_lint.project import forget_projects  # noqa: E402
# pylint: enable=wrong-import-position

PYPROJECT = "[project]\nname = 'pathological'\n"
DB = (
    "from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine\n\n"
    "engine = create_async_engine('sqlite+aiosqlite://')\n"
    "factory = async_sessionmaker(engine)\n"
    "Session = AsyncSession\n"
)


class Case(NamedTuple):
    """A generated project: its root, and the findings (line, code) expected in each module."""

    root: Path
    expected: dict[str, list[tuple[int, str]]]


def _write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def many_modules(root: Path, n: int) -> Case:
    """``n`` modules in packages of 100; module ``i`` imports the helper of module ``i // 2``."""

    def module(i: int) -> str:
        return f"app.p{i // 100}.m{i}"

    files = {"pyproject.toml": PYPROJECT, "app/__init__.py": "", "app/db.py": DB}
    expected: dict[str, list[tuple[int, str]]] = {}
    for i in range(n):
        files[f"app/p{i // 100}/__init__.py"] = ""
        parent = f"from {module(i // 2)} import helper_{i // 2} as parent\n" if i else "parent = None\n"
        path = f"app/p{i // 100}/m{i}.py"
        files[path] = (
            f"from app.db import factory\n{parent}\n\n"
            f"async def helper_{i}(session) -> None:\n"
            "    if parent is not None:\n"
            "        await parent(session)\n\n\n"
            f"async def handler_{i}() -> None:\n"
            "    async with factory() as session:\n"
            f"        await helper_{i}(session)\n"
            "        session.commit()\n"
        )
        expected[path] = [(13, "ORM101")]
    _write(root, files)
    return Case(root, expected)


def import_cycle(root: Path, n: int) -> Case:
    """``n`` modules, each importing the next (the last the first): plainly, with ``*`` and by name."""
    files = {"pyproject.toml": PYPROJECT, "app/__init__.py": ""}
    expected: dict[str, list[tuple[int, str]]] = {}
    for i in range(n):
        following = f"app.c{(i + 1) % n}"
        path = f"app/c{i}.py"
        files[path] = (
            f"import {following}\nfrom {following} import *\nfrom {following} import Session\n"
            "from sqlalchemy.ext.asyncio import AsyncSession\n\n"
            f"Other = {following}.Other\n\n\n"
            f"async def f_{i}(known: AsyncSession, session: Session, other: Other) -> None:\n"
            "    known.commit()\n"
            "    session.commit()\n"
            "    other.commit()\n"
        )
        expected[path] = [(10, "ORM101")]
    files["app/main.py"] = (
        "from sqlalchemy.ext.asyncio import AsyncSession\nfrom app.c0 import Session, Other\n\n\n"
        "async def main(session: Session, other: Other, known: AsyncSession) -> None:\n"
        "    session.commit()\n    other.commit()\n    known.commit()\n"
    )
    expected["app/main.py"] = [(8, "ORM101")]
    _write(root, files)
    return Case(root, expected)


def big_file(root: Path, n: int) -> Case:
    """``app/big.py`` of ``n`` lines, functions with a session of 9 lines each, binding ``Session`` at its
    end; ``app/main.py`` imports it from there.  (At 100,000 lines the module is some 1.8 MB: under the
    size past which a module is not read for another, ``facts.MAX_MODULE_BYTES``.)"""
    blocks = ["from sqlalchemy.ext.asyncio import AsyncSession\n"]
    for i in range(max(0, (n - 5) // 9)):  # 9 lines each
        blocks.append(
            f"\n\nasync def h_{i}(s: AsyncSession, x) -> int:\n"
            "    s.add(x)\n"
            "    r = await s.execute(q)\n"
            "    rows = r.all()\n"
            "    await s.commit()\n"
            "    return len(rows)\n"
            f"t_{i} = {i}\n"
        )
    blocks.append("\n\nasync def last(s: AsyncSession) -> None:\n    s.commit()\nSession = AsyncSession\n")
    text = "".join(blocks)
    files = {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/big.py": text,
        "app/main.py": "from app.big import Session\n\n\nasync def f(session: Session) -> None:\n"
                       "    session.commit()\n",
    }
    _write(root, files)
    return Case(root, {"app/big.py": [(text.count("\n") - 1, "ORM101")], "app/main.py": [(5, "ORM101")]})


def symlink_loops(root: Path, n: int) -> Case:  # pylint: disable=unused-argument  # one size
    """A package linked into itself, files linked in a loop and dangling, imported through the loops."""
    files = {
        "pyproject.toml": PYPROJECT,
        "app/__init__.py": "",
        "app/db.py": DB,
        "app/main.py": (
            "from app.loop.loop.loop.db import factory\n"
            "from app.loop.db import Session\n"
            "from app.self_loop import thing\n"
            "from app.a import other\n"
            "from app.dangling import gone\n"
            "from app.loop.a import *\n\n\n"
            "async def f(session: Session) -> None:\n"
            "    session.commit()\n"
            "    async with factory() as other_session:\n"
            "        other_session.flush()\n"
        ),
    }
    _write(root, files)
    app = root / "app"
    (app / "loop").symlink_to(app, target_is_directory=True)
    (app / "self_loop.py").symlink_to(app / "self_loop.py")
    (app / "a.py").symlink_to(app / "b.py")
    (app / "b.py").symlink_to(app / "a.py")
    (app / "dangling.py").symlink_to(root / "nowhere" / "dangling.py")
    (root / "up").symlink_to(root, target_is_directory=True)  # the root inside itself
    return Case(root, {"app/main.py": [(10, "ORM101"), (12, "ORM101")], "app/db.py": []})


CASES: dict[str, tuple[Callable[[Path, int], Case], int]] = {
    "modules": (many_modules, 10_000),
    "cycle": (import_cycle, 1_000),
    "big-file": (big_file, 100_000),
    "symlinks": (symlink_loops, 1),
}


def python_files(root: Path) -> list[Path]:
    """The modules of a project, as a host lists them: sorted, links to directories not followed."""
    found = []
    for directory, subdirectories, names in os.walk(root):
        subdirectories.sort()
        found += [Path(directory) / name for name in sorted(names) if name.endswith(".py")]
    return found


def peak_mb() -> float:
    """This process's peak resident memory, in MB.

    Linux's ``VmHWM``: ``getrusage``'s ``ru_maxrss`` keeps, across ``exec``, the peak of the process
    that started this one, so a small process started by a large one would show the large one's peak.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def check_project(case: Case) -> dict:
    """Check every module of the case in this process; the findings, times and peak memory."""
    forget_projects()
    options = Options(cache_dir=CACHE_OFF)
    found: dict[str, list[tuple[int, str]]] = {}
    unreadable = 0
    baseline = peak_mb()
    start, cpu_start = time.perf_counter(), time.process_time()
    for path in python_files(case.root):
        try:
            source = path.read_text(encoding="utf-8")
        except OSError:
            unreadable += 1  # a link in a loop, a dangling link: the host reports it, not the plugin
            continue
        findings = check_source(source, str(path), options=options)
        found[path.relative_to(case.root).as_posix()] = [(f.line, f.code) for f in findings]
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    forget_projects()
    lines = sum(path.read_bytes().count(b"\n") for path in python_files(case.root) if path.is_file())
    return {
        "modules": len(found),
        "lines": lines,
        "unreadable": unreadable,
        "wall": wall,
        "cpu": cpu,
        "baseline_mb": baseline,
        "peak_mb": peak_mb(),
        "parse_peak_mb": _parse_only_peak(case.root),
        "mismatches": {
            path: {"expected": case.expected.get(path, []), "found": found.get(path)}
            for path in sorted(set(found) | set(case.expected))
            if sorted(found.get(path) or []) != sorted(case.expected.get(path, []))
        },
        "internal_errors": sum(code == "ORM000" for findings in found.values() for _, code in findings),
        "findings": sum(len(findings) for findings in found.values()),
    }


#: Parses every module of a project, after importing the engine, and prints the process's peak memory:
#: what the engine's own peak compares with.
_PARSE_ONLY = """
import ast, os, sys
import async_orm_lint.engine
from pathological import peak_mb
for directory, subdirectories, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith(".py"):
            try:
                with open(os.path.join(directory, name), "rb") as stream:
                    ast.parse(stream.read())
            except (OSError, SyntaxError, ValueError):
                pass
print(peak_mb())
"""


def _parse_only_peak(root: Path) -> float:
    completed = subprocess.run([sys.executable, "-c", _PARSE_ONLY, str(root)], capture_output=True, text=True,
                               check=True,
                               env={**os.environ, "PYTHONPATH": os.pathsep.join((str(ROOT), str(ROOT / "benchmarks")))})
    return float(completed.stdout)


def run_case(name: str, size: int) -> dict:
    make, _ = CASES[name]
    with tempfile.TemporaryDirectory(prefix=f"aol-{name}-") as directory:
        start = time.perf_counter()
        case = make(Path(directory) / "project", size)
        generated = time.perf_counter() - start
        result = check_project(case)
    return {"case": name, "size": size, "generated_in": generated, **result}


def run_command(size: int, jobs: int) -> dict:
    """``async-orm-lint -jN`` over the ``modules`` case, as a subprocess: its wall time and peak memory."""
    with tempfile.TemporaryDirectory(prefix="aol-command-") as directory:
        case = many_modules(Path(directory) / "project", size)
        env = {**os.environ, "XDG_CACHE_HOME": str(Path(directory) / "cache")}
        report = Path(directory) / "report.txt"
        start = time.perf_counter()
        # through a small process of its own: a child's peak memory counts the parent's pages it was forked with
        completed = subprocess.run(
            [sys.executable, "-c", _MEASURED, str(report), sys.executable, "-m", "async_orm_lint", f"-j{jobs}", "app"],
            cwd=case.root, env=env, capture_output=True, text=True, check=False,
        )
        wall = time.perf_counter() - start
        measured = json.loads(completed.stdout)
        output = report.read_text(encoding="utf-8")
    findings = sum(1 for line in output.splitlines() if ": ORM" in line)
    return {"case": f"command -j{jobs}", "size": size, "wall": wall, "peak_mb": measured["peak_mb"],
            "findings": findings, "returncode": measured["returncode"], "stderr": completed.stderr[-2000:]}


#: Runs a command with its standard output to a file; prints its exit status and the peak memory
#: of the largest process it started (``ru_maxrss``: at least the peak of this small process and of
#: the one that started it, some 25 MB; exact above).
_MEASURED = """
import json, resource, subprocess, sys
with open(sys.argv[1], "w") as out:
    code = subprocess.run(sys.argv[2:], stdout=out, check=False).returncode
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"returncode": code, "peak_mb": peak}))
"""


def _in_own_process(name: str, size: int) -> dict:
    completed = subprocess.run(
        [sys.executable, __file__, "--in-process", "--json", "--case", name, "--size", str(size)],
        capture_output=True, text=True, check=False,
    )
    if completed.returncode not in (0, 1) or not completed.stdout.strip():
        return {"case": name, "size": size, "mismatches": {"crash": completed.stderr[-4000:]}, "internal_errors": 0,
                "modules": 0, "lines": 0, "wall": 0.0, "cpu": 0.0, "peak_mb": 0.0, "parse_peak_mb": 0.0}
    return json.loads(completed.stdout.splitlines()[0])


def _show(result: dict) -> str:
    if result["case"].startswith("command"):
        return (f"{result['case']:<12} {result['size']:>7}  {result['findings']:>6} findings  "
                f"{result['wall']:7.2f} s wall                 peak {result['peak_mb']:6.0f} MB (the largest process)")
    status = "ok" if not result["mismatches"] and not result["internal_errors"] else "MISMATCH"
    return (f"{result['case']:<12} {result['size']:>7}  {result['modules']:>6} modules {result['lines']:>8} lines  "
            f"{result['wall']:7.2f} s wall {result['cpu']:7.2f} s CPU  peak {result['peak_mb']:6.0f} MB "
            f"(parsing alone {result['parse_peak_mb']:.0f} MB)  {status}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--case", choices=sorted(CASES), action="append", help="a case (default: every case)")
    parser.add_argument("--size", type=int, help="the size of the case (default: its full size)")
    parser.add_argument("--json", action="store_true", help="print each result as a line of JSON")
    parser.add_argument("--command", action="store_true", help="also run the command on the modules case")
    parser.add_argument("--in-process", action="store_true",
                        help="run the cases in this process (by default each in a process of its own, for its memory)")
    args = parser.parse_args(argv)
    names = args.case or list(CASES)
    if args.in_process:
        results = [run_case(name, args.size or CASES[name][1]) for name in names]
    else:
        results = [_in_own_process(name, args.size or CASES[name][1]) for name in names]
    if args.command:
        results += [run_command(args.size or CASES["modules"][1], jobs) for jobs in (1, 2)]
    failed = False
    for result in results:
        print(json.dumps(result) if args.json else _show(result))
        if result.get("mismatches") or result.get("internal_errors") or result.get("returncode", 1) not in (0, 1):
            failed = True
            if not args.json:
                print(json.dumps(result.get("mismatches") or result.get("stderr"), indent=1)[:4000])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
