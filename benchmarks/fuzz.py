"""Fuzz the engine at length: tens of thousands of programs, and how fast they go.

The properties and the programs are the test suite's (``tests/fuzzing.py``,
``tests/test_fuzz.py`` runs them briefly): every program is linted with every
rule, and must give no exception, no ``ORM000`` and stay under the time
budget per file.  Three sources, each run as one Hypothesis search:

* ``orm``: programs grown from the ORM's calls (sessions, factories,
  dependencies, loops, ``with`` / ``async with``, awaits in every position,
  ``gather`` / ``create_task``, relationships and loader options);
* ``projects``: a few such modules as one project (re-exports, star
  imports), each module checked through the project index;
* ``syntactic``: random Python from ``hypothesmith`` (its grammar, or
  libcst's nodes with ``--from-node``), as it is, with the ORM's names, and
  as a handler's body.  Generating it is slow (some 10 programs a second):
  it has its own count.

For each source the script prints programs per second (generation and
check), the engine's own time per program and per 1,000 lines, the slowest
file, and the first failure, shrunk by Hypothesis to a small program.  The
exit status is 1 when a property failed.

Usage::

    python benchmarks/fuzz.py                        # 10,000 orm, 1,000 projects, 1,000 syntactic
    python benchmarks/fuzz.py --orm 500 --projects 50 --syntactic 50 --seed 3
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT, ROOT / "tests"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

# after the path set-up, to run from a checkout
# pylint: disable=wrong-import-position
from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import fuzzing  # noqa: E402
from async_orm_lint.options import CACHE_OFF, Options  # noqa: E402
from async_orm_lint.project import forget_projects  # noqa: E402
# pylint: enable=wrong-import-position


@dataclass
class Tally:
    """What one source's run did."""

    programs: int = 0
    files: int = 0
    lines: int = 0
    check_seconds: float = 0.0
    check_cpu: float = 0.0
    slowest: float = 0.0
    codes: Counter = field(default_factory=Counter)
    failure: str | None = None

    def add(self, source: str, checked: fuzzing.Checked) -> None:
        self.files += 1
        self.lines += source.count("\n") + 1
        self.check_seconds += checked.seconds
        self.check_cpu += checked.cpu
        self.slowest = max(self.slowest, checked.seconds)
        self.codes.update(finding.code for finding in checked.findings)


def _orm(tally: Tally) -> Callable[[str], None]:
    def one(source: str) -> None:
        tally.programs += 1
        tally.add(source, fuzzing.check(source))

    return one


def _syntactic(tally: Tally) -> Callable[[str], None]:
    def one(source: str) -> None:
        tally.programs += 1
        for variant in fuzzing.syntactic_variants(source):
            tally.add(variant, fuzzing.check(variant))

    return one


def _projects(tally: Tally) -> Callable[[dict[str, str]], None]:
    def one(files: dict[str, str]) -> None:
        tally.programs += 1
        forget_projects()
        with tempfile.TemporaryDirectory(prefix="aol-fuzz-") as directory:
            for path in fuzzing.write_project(Path(directory), files):
                text = path.read_text(encoding="utf-8")
                tally.add(text, fuzzing.check(text, str(path), project=True, options=Options(cache_dir=CACHE_OFF)))
        forget_projects()

    return one


def run(name: str, strategy: st.SearchStrategy, make: Callable[[Tally], Callable], count: int,
        random_seed: int) -> Tally:
    tally = Tally()
    if count <= 0:
        return tally
    test = given(strategy)(make(tally))
    test = settings(
        max_examples=count,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )(test)
    test = seed(random_seed)(test)
    start, cpu_start = time.perf_counter(), time.process_time()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            warnings.simplefilter("ignore", DeprecationWarning)
            test()
    except fuzzing.FuzzFailure as failure:
        tally.failure = str(failure)
    except Exception as error:  # noqa: BLE001  # pylint: disable=broad-exception-caught  # reported; the others run
        tally.failure = f"{type(error).__name__}: {error}"
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    _report(name, tally, elapsed, cpu)
    return tally


def _report(name: str, tally: Tally, elapsed: float, cpu: float) -> None:
    per_program = tally.check_cpu / max(tally.files, 1) * 1000
    per_kloc = tally.check_cpu / max(tally.lines, 1) * 1_000_000
    print(
        f"{name}: {tally.programs} programs ({tally.files} files, {tally.lines} lines) in {elapsed:.1f} s wall, "
        f"{cpu:.1f} s CPU: {tally.programs / elapsed:.1f} programs/s wall, {tally.programs / cpu:.1f} per CPU second, "
        f"with generation; engine {tally.check_seconds:.1f} s wall, {tally.check_cpu:.1f} s CPU: "
        f"{per_program:.2f} ms CPU per file, {per_kloc:.1f} ms CPU per 1,000 lines; "
        f"slowest file {tally.slowest * 1000:.0f} ms wall"
    )
    if tally.codes:
        print("  findings: " + ", ".join(f"{code} {n}" for code, n in sorted(tally.codes.items())))
    print(f"  FAILED:\n{tally.failure}" if tally.failure else "  no failure")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--orm", type=int, default=10_000, help="ORM programs (default 10000)")
    parser.add_argument("--projects", type=int, default=1_000, help="projects of a few modules (default 1000)")
    parser.add_argument("--syntactic", type=int, default=1_000, help="hypothesmith programs (default 1000)")
    parser.add_argument("--from-node", action="store_true", help="hypothesmith.from_node instead of from_grammar")
    parser.add_argument("--seed", type=int, default=0, help="Hypothesis seed (default 0)")
    args = parser.parse_args(argv)
    print(f"Python {sys.version.split()[0]}; seed {args.seed}; budget {fuzzing.BUDGET} s per file")
    tallies = [
        run("orm", fuzzing.orm_programs(), _orm, args.orm, args.seed),
        run("projects", fuzzing.orm_projects(), _projects, args.projects, args.seed),
        run("syntactic", fuzzing.syntactic_programs(from_node=args.from_node), _syntactic, args.syntactic,
            args.seed),
    ]
    total = sum(tally.programs for tally in tallies)
    failed = [tally for tally in tallies if tally.failure]
    print(f"{total} programs, {'failures: ' + str(len(failed)) if failed else 'no failure'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
