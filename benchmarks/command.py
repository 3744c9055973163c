"""Time the ``async-orm-lint`` command against ``flake8 --select ORM`` on the same files.

Both run over the project ``generate_project.py`` writes (100k lines by
default), as subprocesses, at each ``-j`` asked for, in two conditions:

* *first run*: an empty cache (a fresh ``$XDG_CACHE_HOME``), as a first run
  in CI without a kept cache;
* *later run*: the cache a first run of the same tool and ``-j`` filled, as
  every run after the first.

flake8 runs ``--isolated --select ORM``: only this plugin's checks, but
flake8's own work on every file (reading, tokenising, parsing, noqa) stays.
The command parses each file with ``ast`` and checks it, nothing else.
Each figure is the best (minimum) wall time of ``--repeat`` runs: this
machine is shared and its speed drifts, so one run says little.  The script
also checks that both tools report the same findings.

Usage::

    python benchmarks/command.py                    # 100k lines, -j1 and -j2, best of 3
    python benchmarks/command.py --lines 10000 --jobs 1 --repeat 1
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_project import generate_with_stats  # noqa: E402  # pylint: disable=wrong-import-position


def _command(tool: str, jobs: int, target: Path, output: str = "text") -> list[str]:
    if tool == "flake8":
        return [sys.executable, "-m", "flake8", "--isolated", "--select", "ORM", f"-j{jobs}", str(target)]
    return [sys.executable, "-m", "async_orm_lint", f"-j{jobs}", "--format", output, str(target)]


def _timed(command: list[str], cache_home: Path, cwd: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if completed.returncode not in (0, 1) or "Traceback" in completed.stderr:
        raise SystemExit(f"{' '.join(command)} failed ({completed.returncode}):\n{completed.stderr}")
    return elapsed, completed


def _findings(stdout: str) -> list[tuple[str, str, str]]:
    """(path, line, code) of each text line, path without a leading ./"""
    found = []
    for line in stdout.splitlines():
        path, number, _column, rest = line.split(":", 3)
        found.append((path.removeprefix("./"), number, rest.split()[0]))
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    parser.add_argument("--lines", type=int, default=100_000, help="size of the generated project (default 100000)")
    parser.add_argument("--jobs", default="1,2", help="-j values (default 1,2)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs (default 3)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the raw times here")
    args = parser.parse_args(argv)
    jobs_values = [int(value) for value in args.jobs.split(",")]
    work = Path(tempfile.mkdtemp(prefix="aol-command-bench-"))
    try:
        stats = generate_with_stats(work, args.lines, args.seed)
        print(f"generated {stats.lines} lines in {stats.files} files; best of {args.repeat} wall times (s)")
        target = Path("app")
        times: dict[str, list[float]] = {}
        outputs: dict[str, str] = {}
        for jobs in jobs_values:
            for _ in range(args.repeat):
                for tool in ("async-orm-lint", "flake8"):  # alternate, so a drift hits both
                    cache = Path(tempfile.mkdtemp(prefix="cache-", dir=work))
                    first, completed = _timed(_command(tool, jobs, target), cache, work)
                    later, _ = _timed(_command(tool, jobs, target), cache, work)
                    times.setdefault(f"{tool} -j{jobs} first", []).append(first)
                    times.setdefault(f"{tool} -j{jobs} later", []).append(later)
                    outputs[tool] = completed.stdout
                    shutil.rmtree(cache, ignore_errors=True)
        if _findings(outputs["async-orm-lint"]) != _findings(outputs["flake8"]):
            raise SystemExit("the command and flake8 do not report the same findings")
        print(f"both report the same {len(_findings(outputs['flake8']))} findings")
        print(f"{'run':<32} {'best':>7} {'all':>24}")
        for name, values in times.items():
            print(f"{name:<32} {min(values):7.2f} {' '.join(f'{value:.2f}' for value in values):>24}")
        for jobs in jobs_values:
            for run in ("first", "later"):
                command = min(times[f"async-orm-lint -j{jobs} {run}"])
                flake8 = min(times[f"flake8 -j{jobs} {run}"])
                print(f"-j{jobs} {run} run: command / flake8 = {command / flake8:.2f}")
        if args.json:
            args.json.write_text(json.dumps({"lines": stats.lines, "files": stats.files, "times": times}, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
