"""Every finding of the engine over a set of trees, as sorted text lines: diff two snapshots.

A change meant to keep behaviour (a refactoring, a speed-up) is checked by
taking a snapshot before and after and comparing them::

    python benchmarks/snapshot.py --out before.txt examples tests/projects
    ... change ...
    python benchmarks/snapshot.py --out after.txt examples tests/projects
    diff before.txt after.txt

Each argument is a tree: the files under it are checked in sorted order as
the project they belong to (its root marker), with the on-disk cache off, so
that a snapshot depends on nothing but the code.  ``--stdlib`` adds the
standard library of the running interpreter, each module alone.  A tree may
be given as ``ROOT:SUBPATH,SUBPATH`` to check only those parts of a project
(the real-code corpora, ``--corpora`` reads their ``corpora.tsv``).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import sysconfig
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from async_orm_lint.engine import check_source  # noqa: E402
from async_orm_lint.options import CACHE_OFF, Options  # noqa: E402
from async_orm_lint.project import forget_projects  # noqa: E402


def python_files(root: Path, subpaths: list[str] | None = None) -> list[Path]:
    bases = [root / sub for sub in subpaths] if subpaths else [root]
    found: list[Path] = []
    for base in bases:
        if base.is_file():
            found.append(base)
            continue
        for directory, names, files in os.walk(base):
            names[:] = sorted(n for n in names if n not in ("__pycache__", ".git", ".tox", "node_modules"))
            found.extend(Path(directory) / f for f in sorted(files) if f.endswith(".py"))
    return found


def snapshot(trees: list[tuple[Path, list[str] | None, bool]], label_root: Path | None = None) -> list[str]:
    lines: list[str] = []
    options = Options(cache_dir=CACHE_OFF)
    for root, subpaths, project in trees:
        forget_projects()
        for path in python_files(root, subpaths):
            try:
                source = path.read_text(encoding="utf-8")
            except (OSError, UnicodeError):
                continue
            shown = os.path.relpath(path, label_root or root.parent)
            for finding in check_source(source, str(path), options=options, project=project):
                lines.append(f"{shown}:{finding.line}:{finding.col + 1}: {finding.code} {finding.message}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("trees", nargs="*", help="trees to check, each as its project (ROOT or ROOT:SUB,SUB)")
    parser.add_argument("--corpora", type=Path, help="a folder of real-code corpora (see shared/realcode)")
    parser.add_argument("--corpus-list", type=Path, help="their corpora.tsv")
    parser.add_argument("--stdlib", action="store_true", help="add the standard library, each module alone")
    parser.add_argument("--out", type=Path, help="write here (default: standard output)")
    arguments = parser.parse_args()
    trees: list[tuple[Path, list[str] | None, bool]] = []
    for tree in arguments.trees:
        root, _, subs = tree.partition(":")
        trees.append((Path(root).resolve(), subs.split(",") if subs else None, True))
    if arguments.corpora is not None:
        listing = arguments.corpus_list or Path(__file__).resolve().parents[2] / "shared/realcode/corpora.tsv"
        with open(listing, encoding="utf-8") as stream:
            for row in csv.DictReader(stream, delimiter="\t"):
                trees.append((arguments.corpora.resolve() / row["name"], row["subpaths"].split(","), True))
    if arguments.stdlib:
        trees.append((Path(sysconfig.get_paths()["stdlib"]), None, False))
    started = time.perf_counter()
    lines = sorted(snapshot(trees))
    text = "".join(line + "\n" for line in lines)
    if arguments.out is not None:
        arguments.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    print(f"{len(lines)} findings in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
