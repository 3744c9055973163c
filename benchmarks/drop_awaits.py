"""Drop one ``await`` at a time from a tree of code and see whether ORM101 notices.

A measure of the rules' reach on code they were not written for: every
``await <receiver>.<method>(...)`` whose method is a coroutine method of some
class of the async API (``commit``, ``execute``, ``get``...) is a place where
a real program could have forgotten the ``await``.  For each such place the
script lints the file with that one ``await`` removed (the other files of the
project as they are on disk, so imports resolve through the project index) and
records whether ORM101 is reported on that line.

(An ``await`` the linter reports as misplaced, ORM102, is left alone: dropping
it is the fix.)  A place can be missed for a good reason: the receiver is not the API's (a
repository's own ``get``), the evidence is not in the code (an unannotated
parameter), or the coroutine is handed on (returned from an unannotated
function).  The output lists every miss with its receiver, to be read, not
counted: the linter reports only on evidence, and a miss without evidence is
the price of its precision.

Usage::

    python benchmarks/drop_awaits.py tests/projects/fastapi_service
    python benchmarks/drop_awaits.py --root /tmp/pkg /tmp/pkg/src/pkg --json out.json

The code is parsed and linted, never imported.  ``tests/test_drop_awaits.py``
runs :func:`drop_each_await` over the fixture projects.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterator

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

# after the path set-up, to run from a checkout
# pylint: disable=wrong-import-position
from async_orm_lint import api  # noqa: E402
from async_orm_lint.engine import check_source  # noqa: E402
from async_orm_lint.options import Options  # noqa: E402
from async_orm_lint.project import forget_projects  # noqa: E402
from async_orm_lint.syntax import expression_text  # noqa: E402
# pylint: enable=wrong-import-position

#: Method names that are a coroutine on at least one class of the API.
COROUTINE_METHODS = frozenset(
    name for kind in api.KINDS.values() for name, method in kind.methods.items() if method.behaviour == api.COROUTINE
)


@dataclass(frozen=True)
class Site:
    """One ``await receiver.method(...)``, and whether ORM101 saw it dropped."""

    path: str  # relative to the project root, with forward slashes
    line: int
    receiver: str
    method: str
    caught: bool


def await_sites(tree: ast.Module) -> Iterator[ast.Await]:
    """The ``await x.m(...)`` of ``tree`` whose ``m`` is a coroutine method of the API, in source order."""
    found = [
        node for node in ast.walk(tree)
        if type(node) is ast.Await and type(node.value) is ast.Call
        and type(node.value.func) is ast.Attribute and node.value.func.attr in COROUTINE_METHODS
    ]
    return iter(sorted(found, key=lambda node: (node.lineno, node.col_offset)))


def without_await(source: str, node: ast.Await) -> str | None:
    """``source`` with the ``await`` of ``node`` removed; None if it cannot be cut cleanly."""
    lines = source.splitlines(keepends=True)
    line = lines[node.lineno - 1]
    start = len(line.encode("utf-8")[:node.col_offset].decode("utf-8", errors="replace"))
    if not line[start:].startswith("await "):
        return None
    lines[node.lineno - 1] = line[:start] + line[start + len("await "):]
    mutated = "".join(lines)
    try:
        ast.parse(mutated)
    except SyntaxError:
        return None
    return mutated


def drop_each_await(files: list[Path], root: Path) -> list[Site]:
    """Lint each file once per await site, with that await dropped (see the module docstring)."""
    options = Options(project_root=root.resolve())
    sites: list[Site] = []
    for path in files:
        try:
            source = path.read_text(encoding="utf-8")
            tree = ast.parse(source)
        except (OSError, UnicodeError, SyntaxError, ValueError):
            continue
        forget_projects()
        misplaced = {f.line for f in check_source(source, str(path), options=options) if f.code == "ORM102"}
        for node in await_sites(tree):
            if node.lineno in misplaced:
                continue  # an await that should not be there (ORM102): dropping it is the fix
            mutated = without_await(source, node)
            if mutated is None:
                continue
            forget_projects()  # each run sees the disk as it is, not facts kept from the last one
            findings = check_source(mutated, str(path), options=options)
            call = node.value
            sites.append(Site(
                path=path.resolve().relative_to(root.resolve()).as_posix(),
                line=node.lineno,
                receiver=expression_text(call.func.value),  # type: ignore[attr-defined]
                method=call.func.attr,  # type: ignore[attr-defined]
                caught=any(f.code == "ORM101" and f.line == node.lineno for f in findings),
            ))
    forget_projects()
    return sites


def python_files(target: Path) -> list[Path]:
    return sorted(target.rglob("*.py")) if target.is_dir() else [target]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("target", type=Path, help="a project directory, a package in it, or one file")
    parser.add_argument("--root", type=Path, help="the project root (default: the target directory)")
    parser.add_argument("--json", type=Path, help="also write every site as JSON")
    args = parser.parse_args(argv)
    root = args.root or (args.target if args.target.is_dir() else args.target.parent)
    sites = drop_each_await(python_files(args.target), root)
    caught = sum(site.caught for site in sites)
    print(f"{root}: {len(sites)} awaits dropped one at a time, ORM101 on {caught}, silent on {len(sites) - caught}")
    for site in sites:
        if not site.caught:
            print(f"  silent  {site.path}:{site.line}  {site.receiver}.{site.method}()")
    if args.json:
        args.json.write_text(json.dumps([asdict(site) for site in sites], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
