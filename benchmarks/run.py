"""Measure what async-orm-lint costs, in-process and inside flake8.

Two numbers matter to someone who adds the plugin to an existing flake8 run:

1. **Engine time relative to parsing.**  flake8 parses each file once and
   hands the same :class:`ast.Module` to every tree plugin, so the plugin's own
   cost is :func:`async_orm_lint.engine.check_source` called *with* that tree.
   The script times, over the same in-memory sources, ``ast.parse`` and
   ``check_source(source, filename, tree=tree)`` and reports their ratio.
   Target: **engine <= 0.5 x ast.parse**.  It also times
   ``check_source(source, filename)`` (the engine parses the file itself, as
   direct API users do) and reports that time over ``ast.parse`` as a second
   ratio: about 1 + the first ratio for ORM code, but far below 1 on code that
   the engine's cheap pre-check skips without parsing.

2. **flake8 wall time with and without the plugin**, for the same files and the
   same options (``--isolated --select ORM,E,F,W,C90 --max-complexity 10``), at
   ``-j1`` and ``-j2``.  Target: **with <= 1.10 x without**.  A plugin cannot
   be switched off from flake8's command line, so both runs go through a tiny
   launcher: in the "without" run it wraps ``flake8.plugins.finder.find_plugins``
   and drops every plugin that belongs to the async-orm-lint distribution, so
   its module is never even imported; in the "with" run it changes nothing.
   The launcher is a real file, so worker processes started by
   multiprocessing (fork or spawn) apply the same choice.  Before timing, the
   script checks that ``flake8 --version`` lists async-orm-lint through the
   launcher in the "with" mode and does not in the "without" mode, and that
   no ORM finding appears in any "without" run.  The runs alternate between
   the two modes.  Besides wall time, the user+sys CPU time of flake8 and its
   workers is recorded (``getrusage(RUSAGE_CHILDREN)``); on a busy machine it
   is the steadier of the two, and its ratio is printed next to the verdicts.

Corpora:

* ``stdlib``: every ``.py`` file of the running interpreter's standard library
  (``sysconfig.get_paths()["stdlib"]``, without ``site-packages``), minus the
  files that do not parse (test fixtures with deliberate syntax errors);
  it is large and varied but has almost no SQLAlchemy.
* ``gen-<N>``: an ORM-heavy FastAPI/SQLAlchemy asyncio project of about N lines
  written by ``benchmarks/generate_project.py`` into a temporary directory; it
  exercises the parts of the engine that only ORM code reaches.

Every time is the best (minimum) of ``--repeat`` runs measured with
:func:`time.perf_counter`; in-process times are the sum over files of
per-call times, with the garbage collector left on (as in flake8).  Each
in-process pass runs in a freshly forked child of a process that has only
warmed the engine up on a snippet outside the corpora, so caches the engine
keeps per process (facts about imported project modules) start empty in every
pass, as in one flake8 run, instead of being warm from the previous pass.
For flake8, each repeat runs "with" and "without" back to back (alternating
which goes first); besides the ratio of the minima, the verdicts give the
median of the ratios of those pairs, which a machine whose speed drifts
between runs (a shared VM) disturbs less.

Usage::

    python benchmarks/run.py                      # stdlib + 10k + 100k, 3 repeats
    python benchmarks/run.py --quick --no-flake8-stdlib
    python benchmarks/run.py --sizes 10000,100000,1000000 --json out.json
    python benchmarks/run.py --no-stdlib --sizes 10000 --jobs 1 --quick --instructions
    python benchmarks/run.py --no-stdlib --no-flake8 --breakdown

The plugin keeps an on-disk cache (in ``$XDG_CACHE_HOME``): every run and
pass with it starts from an empty cache, as a first run does, unless it is
said to use the cache an earlier one filled, as every later run does.  Each
flake8 run with the plugin also records the CPU time the plugin takes in it
(its import, its options and its checks, in every process), and the verdicts
give that run's CPU time over its CPU time without that part: the machine's
changes of speed between runs do not move it.

``--breakdown`` also times the engine with the files in sorted order (the
generated project's models and repositories are then checked before the
modules that import them, so almost none is read for another), with the
cache an earlier pass filled, and with each module alone (no project index):
what reading imported modules and cross-module evidence cost.

``--instructions`` also runs flake8 -j1 once without the plugin, once with it
and once more with the cache that run filled, and each other ``--jobs`` value
once with and once without, under valgrind's callgrind and reports the ratio
of the instructions executed (with -j2, in all processes and in the busiest
one): slow, but independent of the machine's load and speed.

Run it with the interpreter of the environment where async-orm-lint and
flake8 are installed (``pip install -e .``), since that is what flake8 loads.
The flake8 runs over the standard library dominate the running time (minutes
per run at ``-j1``); ``--no-flake8-stdlib`` skips them.  The exit status is 1
if the engine failed internally (an ``ORM000`` finding or an exception) on
any file, else 0.
"""

from __future__ import annotations

import argparse
import ast
import compileall
import gc
import hashlib
import importlib.metadata
import json
import multiprocessing
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import textwrap
import time
import tokenize
import warnings
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

try:
    import resource
except ImportError:  # Windows: no CPU times for child processes
    resource = None  # type: ignore[assignment]

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate_project import generate_with_stats  # noqa: E402

ENGINE_TARGET = 0.5
FLAKE8_TARGET = 1.10
FLAKE8_OPTIONS = ["--isolated", "--select", "ORM,E,F,W,C90", "--max-complexity", "10"]
DISTRIBUTION = "async-orm-lint"
PACKAGE = "async_orm_lint"
ENV_SWITCH = "ASYNC_ORM_LINT_BENCH_PLUGIN"
#: a directory where each process of a "with" run writes the CPU seconds spent in the plugin
SHARE_SWITCH = "ASYNC_ORM_LINT_BENCH_SHARE"
ORM_CODE = re.compile(r":\d+:\d+: ORM\d+ ")
#: The engine reports its own crashes as findings with this code.
INTERNAL_ERROR = "ORM000"

LAUNCHER = textwrap.dedent(
    f'''
    """flake8 launcher for benchmarks/run.py: {ENV_SWITCH}=off hides async-orm-lint."""
    import os
    import sys

    from flake8 import utils
    from flake8.plugins import finder

    _find_plugins = finder.find_plugins


    def _is_ours(plugin):
        return (
            utils.normalize_pypi_name(plugin.package) == "{DISTRIBUTION}"
            or plugin.entry_point.value.split(":")[0].split(".")[0] == "{PACKAGE}"
        )


    def _find_plugins_without_ours(cfg, opts):
        return [p for p in _find_plugins(cfg, opts) if not _is_ours(p)]


    if os.environ.get("{ENV_SWITCH}") == "off":
        finder.find_plugins = _find_plugins_without_ours
    elif os.environ.get("{SHARE_SWITCH}"):
        # the plugin's share of this very run: its import, options and checks, in CPU seconds
        import time

        _cpu = time.process_time
        _start = _cpu()
        from {PACKAGE} import flake8_plugin as _plugin

        # by process: a forked worker starts with its parent's entry, and writes only its own
        _spent = {{os.getpid(): _cpu() - _start}}

        def _add(seconds):
            pid = os.getpid()
            _spent[pid] = _spent.get(pid, 0.0) + seconds
            with open(os.path.join(os.environ["{SHARE_SWITCH}"], str(pid)), "w", encoding="utf-8") as out:
                out.write(repr(_spent[pid]))

        _run, _parse_options = _plugin.Flake8Plugin.run, _plugin.Flake8Plugin.parse_options.__func__

        def _timed_run(self):
            start = _cpu()
            found = list(_run(self))
            _add(_cpu() - start)
            return iter(found)

        def _timed_parse_options(cls, options):
            start = _cpu()
            _parse_options(cls, options)
            _add(_cpu() - start)

        _plugin.Flake8Plugin.run = _timed_run
        _plugin.Flake8Plugin.parse_options = classmethod(_timed_parse_options)
        _add(0.0)

    if __name__ == "__main__":
        from flake8.main.cli import main

        sys.exit(main())
    '''
).lstrip()


@dataclass
class SourceFile:
    path: str  # as given to check_source and ast.parse
    rel: str  # relative to the corpus root, as given to flake8
    text: str


@dataclass
class Corpus:
    name: str
    root: Path
    files: list[SourceFile]
    skipped: int = 0
    flake8_targets: list[str] = field(default_factory=list)

    @property
    def lines(self) -> int:
        return sum(f.text.count("\n") + (not f.text.endswith("\n")) for f in self.files)


@dataclass
class Flake8Timing:
    jobs: int
    without_s: float
    with_s: float
    ratio: float
    orm_findings: int
    violations_without: int
    violations_with: int
    runs_without: list[float]
    runs_with: list[float]
    #: median over repeats of with/without of the two runs made back to back: on a
    #: machine whose speed drifts (a shared VM) it is steadier than the ratio of minima.
    paired_ratio: float
    #: user+sys CPU seconds of flake8 and its workers (None where unavailable)
    cpu_without_s: float | None
    cpu_with_s: float | None
    cpu_ratio: float | None
    cpu_runs_without: list[float]
    cpu_runs_with: list[float]
    #: median over "with" runs of CPU / (CPU - the plugin's CPU in that run): what the plugin adds,
    #: measured inside one run, so that the machine's speed is the same for both parts
    in_run_ratio: float | None = None
    in_run_ratios: list[float] = field(default_factory=list)
    #: runs with the plugin whose cache an earlier run filled (as every run after the first)
    warm_runs_with: list[float] = field(default_factory=list)
    warm_ratio: float | None = None
    warm_in_run_ratio: float | None = None


@dataclass
class Result:
    corpus: str
    files: int
    lines: int
    skipped_unparsable: int
    ast_parse_s: float
    engine_s: float
    engine_ratio: float
    engine_self_parse_s: float
    engine_self_parse_ratio: float
    engine_findings: int
    engine_finding_codes: dict[str, int]
    engine_errors: list[str]
    passes_ast_parse: list[float]
    passes_engine: list[float]
    passes_engine_self_parse: list[float]
    generation: dict[str, Any] | None = None
    flake8: dict[str, Flake8Timing] = field(default_factory=dict)
    #: instructions executed by flake8 -j1 without and with the plugin (``--instructions``)
    instructions: tuple[int, int] | None = None
    #: with the plugin, using the cache the run counted in :attr:`instructions` filled
    instructions_warm: int | None = None
    #: per -j value above 1: instructions of all processes without / with the plugin, then of the
    #: busiest process without / with (a run takes about as long as its busiest worker)
    instructions_parallel: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)
    #: ``--breakdown``: engine/ast.parse in other conditions (see :func:`time_breakdown`)
    breakdown: dict[str, float] = field(default_factory=dict)


def children_cpu() -> float | None:
    """User+sys CPU seconds of every finished and reaped descendant so far."""
    if resource is None:
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# corpora


def read_source(path: Path) -> str | None:
    """The decoded text of a file (PEP 263 cookie honoured), or None."""
    try:
        with tokenize.open(path) as handle:
            return handle.read()
    except (OSError, SyntaxError, UnicodeDecodeError, LookupError):
        return None


def parses(text: str, filename: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text, filename)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def load_stdlib() -> Corpus:
    """Every parseable ``.py`` file of the standard library, sorted by path."""
    root = Path(sysconfig.get_paths()["stdlib"]).resolve()
    files, skipped = [], 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames
                             if d not in ("site-packages", "dist-packages", "__pycache__"))
        for name in sorted(filenames):
            if not name.endswith(".py"):
                continue
            path = Path(dirpath, name)
            text = read_source(path)
            if text is None or not parses(text, str(path)):
                skipped += 1
                continue
            files.append(SourceFile(str(path), str(path.relative_to(root)), text))
    corpus = Corpus("stdlib", root, files, skipped)
    corpus.flake8_targets = [f.rel for f in files]
    return corpus


def load_generated(root: Path, name: str) -> Corpus:
    """Every file of a generated project, in the order flake8 checks them; all must parse.

    The order matters: a file whose project imports were not checked yet makes
    the engine read them first.  flake8 takes files in ``os.walk`` order (the
    file system's, not sorted), and so does this corpus.
    """
    files = []
    walked = (Path(d, n) for d, _, names in os.walk(root) for n in names if n.endswith(".py"))
    for path in walked:
        text = path.read_text(encoding="utf-8")
        if not parses(text, str(path)):
            raise RuntimeError(f"generated file does not parse: {path}")
        files.append(SourceFile(str(path), str(path.relative_to(root)), text))
    corpus = Corpus(name, root, files)
    corpus.flake8_targets = ["."]
    return corpus


def size_label(lines: int) -> str:
    if lines % 1_000_000 == 0:
        return f"gen-{lines // 1_000_000}M"
    if lines % 1000 == 0:
        return f"gen-{lines // 1000}k"
    return f"gen-{lines}"


# --------------------------------------------------------------------------
# in-process timing


def load_engine() -> Callable[..., list[Any]]:
    """Import the real ``check_source`` (from the checkout if not installed)."""
    try:
        from async_orm_lint.engine import check_source
    except ImportError:
        if str(REPO_ROOT) in sys.path:
            raise
        sys.path.insert(0, str(REPO_ROOT))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]
        from async_orm_lint.engine import check_source
    return check_source


WARMUP_SOURCE = textwrap.dedent(
    """
    from sqlalchemy import select
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker


    async def handler(session: AsyncSession, factory: async_sessionmaker) -> list:
        session.add(object())
        session.commit()
        async with factory() as other:
            await other.execute(select(1))
        result = await session.execute(select(1))
        return result.scalars().all()
    """
)


def warm_up(check_source: Callable[..., list[Any]], workdir: Path) -> None:
    """Exercise the engine once on a snippet outside every corpus (lazy imports, tables)."""
    path = workdir / "warmup" / "snippet.py"
    path.parent.mkdir(exist_ok=True)
    path.write_text(WARMUP_SOURCE, encoding="utf-8")
    for _ in range(3):
        check_source(WARMUP_SOURCE, str(path), tree=ast.parse(WARMUP_SOURCE))
        check_source(WARMUP_SOURCE, str(path))


def pass_with_tree(files: list[SourceFile], check_source: Callable[..., list[Any]], project: bool = True
                   ) -> tuple[float, float, Counter[str], list[str]]:
    """One pass: per file, ``ast.parse`` then ``check_source`` on that tree.

    ``project=False`` checks each module alone, without the project index.
    """
    clock = time.perf_counter
    t_parse = t_engine = 0.0
    codes: Counter[str] = Counter()
    errors: list[str] = []
    gc.collect()
    for f in files:
        t0 = clock()
        tree = ast.parse(f.text, f.path)
        t1 = clock()
        try:
            findings = check_source(f.text, f.path, tree=tree, project=project)
        except Exception as exc:  # pylint: disable=broad-exception-caught  # keep measuring, report at the end
            t2 = clock()
            errors.append(f"{f.path}: {type(exc).__name__}: {exc}")
            findings = []
        else:
            t2 = clock()
        t_parse += t1 - t0
        t_engine += t2 - t1
        codes.update(finding.code for finding in findings)
        errors.extend(f"{f.path}:{finding.line}: {finding.message}"
                      for finding in findings if finding.code == INTERNAL_ERROR)
    return t_parse, t_engine, codes, errors


def pass_self_parse(files: list[SourceFile], check_source: Callable[..., list[Any]]) -> float:
    """One pass of ``check_source(source, filename)``: the engine parses when it needs to."""
    clock = time.perf_counter
    total = 0.0
    gc.collect()
    for f in files:
        t0 = clock()
        try:
            check_source(f.text, f.path)
        except Exception:  # pylint: disable=broad-exception-caught  # reported by pass_with_tree
            pass
        total += clock() - t0
    return total


def _child(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...], cache_home: str) -> None:
    os.environ["XDG_CACHE_HOME"] = cache_home  # read when the pass makes its project index
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            conn.send(("ok", fn(*args)))
    except BaseException as exc:  # pylint: disable=broad-exception-caught  # handed to the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def in_fresh_process(fn: Callable[..., Any], *args: Any, cache_home: Path | None = None) -> Any:
    """``fn(*args)`` in a forked child, so every pass starts with the engine's caches as a
    fresh flake8 process has them (per-process project facts included), and with the on-disk
    cache in ``cache_home`` (by default an empty one: a first run).  Without ``fork``
    (Windows) the pass runs here, with whatever the earlier passes cached."""
    if "fork" not in multiprocessing.get_all_start_methods():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(*args)
    if cache_home is None:
        with tempfile.TemporaryDirectory(prefix="orm-bench-cache-") as empty:
            return in_fresh_process(fn, *args, cache_home=Path(empty))
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(sender, fn, args, str(cache_home)))
    proc.start()
    sender.close()
    try:
        status, value = receiver.recv()
    except EOFError:
        status, value = "error", "the child process died"
    proc.join()
    if status != "ok":
        raise RuntimeError(f"timing pass failed: {value}")
    return value


def time_in_process(corpus: Corpus, check_source: Callable[..., list[Any]],
                    repeat: int) -> Result:
    """Best-of-``repeat`` totals of ast.parse, engine(tree) and engine(None)."""
    files = corpus.files
    errors: list[str] = []
    codes: Counter[str] = Counter()
    passes: tuple[list[float], list[float], list[float]] = ([], [], [])
    for run in range(repeat):
        t_parse, t_engine, run_codes, run_errors = in_fresh_process(
            pass_with_tree, files, check_source)
        t_self = in_fresh_process(pass_self_parse, files, check_source)
        if run == 0:
            codes, errors = run_codes, run_errors
        passes[0].append(t_parse)
        passes[1].append(t_engine)
        passes[2].append(t_self)
    parse_s, engine_s, self_s = (min(p) for p in passes)
    return Result(
        corpus=corpus.name,
        files=len(files),
        lines=corpus.lines,
        skipped_unparsable=corpus.skipped,
        ast_parse_s=parse_s,
        engine_s=engine_s,
        engine_ratio=engine_s / parse_s,
        engine_self_parse_s=self_s,
        engine_self_parse_ratio=self_s / parse_s,
        engine_findings=sum(codes.values()),
        engine_finding_codes=dict(sorted(codes.items())),
        engine_errors=errors,
        passes_ast_parse=passes[0],
        passes_engine=passes[1],
        passes_engine_self_parse=passes[2],
    )


def time_breakdown(corpus: Corpus, check_source: Callable[..., list[Any]], repeat: int) -> dict[str, float]:
    """Engine / ``ast.parse`` (best of ``repeat``) in two other conditions, to show what the cost is made of.

    ``sorted``: the files in sorted order, which in the generated project puts
    the modules others import (models, repositories) before their importers,
    so the engine almost never reads a module for another (the facts of a
    checked module are kept).  ``cached``: flake8's order, with the on-disk
    cache an earlier pass filled (every run after the first).  ``alone``:
    each module without the project index (``project=False``), the analysis
    of one file with the evidence that file holds.  Against the ratio in
    flake8's order, the first differences are what reading imported modules
    costs, the last what cross-module evidence costs once they are read.
    """
    conditions = {
        "sorted": (sorted(corpus.files, key=lambda f: f.path), True),
        "cached": (corpus.files, True),
        "alone": (corpus.files, False),
    }
    ratios = {}
    with tempfile.TemporaryDirectory(prefix="orm-bench-cache-") as filled:
        in_fresh_process(pass_with_tree, corpus.files, check_source, True, cache_home=Path(filled))
        for name, (files, project) in conditions.items():
            best = []
            for _ in range(repeat):
                t_parse, t_engine, _, _ = in_fresh_process(
                    pass_with_tree, files, check_source, project,
                    cache_home=Path(filled) if name == "cached" else None,
                )
                best.append((t_engine / t_parse, t_engine))
            ratios[name] = min(best, key=lambda pair: pair[1])[0]
    return ratios


# --------------------------------------------------------------------------
# flake8


class Flake8Runner:
    """Runs flake8 through the launcher, with the plugin on or off."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.launcher = workdir / "flake8_launcher.py"
        self.launcher.write_text(LAUNCHER, encoding="utf-8")
        self.share_dir = workdir / "plugin-share"
        self.share_dir.mkdir()

    def command(self, args: list[str]) -> list[str]:
        return [sys.executable, str(self.launcher), *args]

    def env(self, plugin: bool, cache_home: Path | None = None) -> dict[str, str]:
        """The environment of a run; ``cache_home`` is where the plugin's cache goes (by default
        in the user's cache directory, ``$XDG_CACHE_HOME``), an empty one when not given."""
        env = dict(os.environ)
        env[ENV_SWITCH] = "on" if plugin else "off"
        env.pop("PYTHONWARNINGS", None)
        env["XDG_CACHE_HOME"] = str(cache_home or self.empty_cache_home())
        return env

    def empty_cache_home(self, name: str = "cache-home") -> Path:
        """An empty directory for a run's cache; runs that are to share a filled cache name their
        own, which a run given none (and so emptying the default one) leaves alone."""
        home = self.workdir / name
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir()
        return home

    def version(self, plugin: bool) -> str:
        proc = subprocess.run(self.command(["--version"]), env=self.env(plugin),
                              capture_output=True, text=True, check=True)
        return " ".join(proc.stdout.split())

    def verify(self) -> str:
        """Check that the switch really loads / hides the plugin; return versions."""
        with_plugin = self.version(True)
        without_plugin = self.version(False)
        if DISTRIBUTION not in with_plugin:
            raise SystemExit(
                f"flake8 does not load {DISTRIBUTION} (flake8 --version: {with_plugin!r}).\n"
                f"Install it into this interpreter first: {sys.executable} -m pip install -e "
                f"{REPO_ROOT}   (or pass --no-flake8)"
            )
        if DISTRIBUTION in without_plugin:
            raise SystemExit(f"the launcher failed to hide the plugin: {without_plugin!r}")
        return with_plugin

    def instructions(self, corpus: Corpus, plugin: bool, workdir: Path, cache_home: Path | None = None) -> int:
        """Instructions executed by one flake8 -j1 run, counted by valgrind's callgrind.

        Unlike time, the count does not change with the machine's load or
        speed, so a small difference between two runs is real.
        """
        return self.instructions_per_process(corpus, plugin, workdir, cache_home)[0]

    def instructions_per_process(
        self, corpus: Corpus, plugin: bool, workdir: Path, cache_home: Path | None = None, jobs: int = 1
    ) -> list[int]:
        """Instructions of each process of one flake8 -j``jobs`` run (the main one and its workers)."""
        out = workdir / f"callgrind.{'with' if plugin else 'without'}.%p.out"
        args = [*FLAKE8_OPTIONS, f"-j{jobs}", *corpus.flake8_targets]
        env = self.env(plugin, cache_home)
        env["PYTHONHASHSEED"] = "0"  # the order of sets changes what is evaluated first: a few %
        proc = subprocess.run(
            ["valgrind", "--tool=callgrind", "--trace-children=yes", f"--callgrind-out-file={out}",
             *self.command(args)],
            cwd=corpus.root, env=env, capture_output=True, text=True,
        )
        counts = [int(n) for n in re.findall(r"Collected\s*:\s*(\d+)", proc.stderr)]
        if not counts:
            raise RuntimeError(f"callgrind gave no count (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
        for written in workdir.glob("callgrind.*.out"):
            written.unlink(missing_ok=True)
        return counts

    def run(self, corpus: Corpus, jobs: int, plugin: bool, cache_home: Path | None = None
            ) -> tuple[float, float | None, float | None, str]:
        """One flake8 run: wall seconds, CPU seconds, the plugin's CPU seconds in it (with the
        plugin, where CPU times are available), output."""
        args = [*FLAKE8_OPTIONS, f"-j{jobs}", *corpus.flake8_targets]
        env = self.env(plugin, cache_home)
        if plugin:
            for written in self.share_dir.iterdir():
                written.unlink()
            env[SHARE_SWITCH] = str(self.share_dir)
        cpu_before = children_cpu()
        start = time.perf_counter()
        proc = subprocess.run(self.command(args), cwd=corpus.root, env=env, check=False,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              errors="replace")
        elapsed = time.perf_counter() - start
        cpu_after = children_cpu()
        cpu = None if cpu_before is None or cpu_after is None else cpu_after - cpu_before
        if proc.returncode not in (0, 1) or "Traceback (most recent call last)" in proc.stderr:
            raise RuntimeError(
                f"flake8 failed on {corpus.name} (-j{jobs}, plugin={'on' if plugin else 'off'}), "
                f"exit {proc.returncode}:\n{proc.stderr[-3000:]}"
            )
        spent = None
        if plugin and cpu is not None:
            spent = sum(float(written.read_text(encoding="utf-8")) for written in self.share_dir.iterdir())
        return elapsed, cpu, spent, proc.stdout

    def time(self, corpus: Corpus, jobs: int, repeat: int) -> Flake8Timing:
        """``repeat`` pairs of runs without and with the plugin, each "with" run from an empty
        cache (a first run); then ``repeat`` more "with" runs from the cache one run filled."""
        runs: dict[bool, list[float]] = {False: [], True: []}
        cpu_runs: dict[bool, list[float]] = {False: [], True: []}
        outputs: dict[bool, str] = {}
        in_run: list[float] = []
        for run in range(repeat):
            order = (False, True) if run % 2 == 0 else (True, False)
            for plugin in order:
                elapsed, cpu, spent, out = self.run(corpus, jobs, plugin)
                log(f"  run {run + 1}/{repeat} -j{jobs} {'with' if plugin else 'without'}: "
                    f"{elapsed:.2f}s" + (f" (CPU {cpu:.2f}s)" if cpu is not None else "")
                    + (f", {spent:.2f}s of it in the plugin" if spent is not None else ""))
                runs[plugin].append(elapsed)
                if cpu is not None:
                    cpu_runs[plugin].append(cpu)
                if cpu is not None and spent is not None:
                    in_run.append(in_run_ratio(cpu, spent))
                outputs[plugin] = out
        warm_home = self.empty_cache_home("filled-cache-home")
        self.run(corpus, jobs, True, warm_home)  # fills the cache
        warm_runs: list[float] = []
        warm_in_run: list[float] = []
        for run in range(repeat):
            elapsed, cpu, spent, out = self.run(corpus, jobs, True, warm_home)
            log(f"  run {run + 1}/{repeat} -j{jobs} with, cache filled: {elapsed:.2f}s"
                + (f" (CPU {cpu:.2f}s), {spent:.2f}s of it in the plugin" if cpu is not None and spent is not None
                   else ""))
            warm_runs.append(elapsed)
            if cpu is not None and spent is not None:
                warm_in_run.append(in_run_ratio(cpu, spent))
            if out != outputs[True]:
                raise RuntimeError(f"flake8 -j{jobs} reports otherwise from a filled cache")
        without_s, with_s = min(runs[False]), min(runs[True])
        cpu_without = min(cpu_runs[False]) if cpu_runs[False] else None
        cpu_with = min(cpu_runs[True]) if cpu_runs[True] else None
        orm_without = len(ORM_CODE.findall(outputs[False]))
        if orm_without:
            raise RuntimeError(f"{orm_without} ORM findings with the plugin hidden")
        return Flake8Timing(
            jobs=jobs,
            without_s=without_s,
            with_s=with_s,
            ratio=with_s / without_s,
            orm_findings=len(ORM_CODE.findall(outputs[True])),
            violations_without=outputs[False].count("\n"),
            violations_with=outputs[True].count("\n"),
            runs_without=runs[False],
            runs_with=runs[True],
            paired_ratio=statistics.median(w / wo for w, wo in zip(runs[True], runs[False])),
            cpu_without_s=cpu_without,
            cpu_with_s=cpu_with,
            cpu_ratio=cpu_with / cpu_without if cpu_with and cpu_without else None,
            cpu_runs_without=cpu_runs[False],
            cpu_runs_with=cpu_runs[True],
            in_run_ratio=statistics.median(in_run) if in_run else None,
            in_run_ratios=in_run,
            warm_runs_with=warm_runs,
            warm_ratio=min(warm_runs) / without_s,
            warm_in_run_ratio=statistics.median(warm_in_run) if warm_in_run else None,
        )


def in_run_ratio(cpu: float, spent: float) -> float:
    """A run's CPU seconds over its CPU seconds without the ``spent`` ones in the plugin."""
    return cpu / (cpu - spent)


def check_arg_length(corpus: Corpus) -> None:
    size = sum(len(t) + 1 for t in corpus.flake8_targets)
    try:
        limit = os.sysconf("SC_ARG_MAX")
    except (AttributeError, ValueError, OSError):
        limit = 32_000
    if size > limit // 2:
        raise SystemExit(f"{corpus.name}: {size} bytes of file names exceed the command line limit")


# --------------------------------------------------------------------------
# report


def environment(flake8_versions: str | None, check_source: Callable[..., Any]) -> dict[str, Any]:
    try:
        plugin_version = importlib.metadata.version(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        plugin_version = "not installed"
    module = sys.modules.get(check_source.__module__)
    return {
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "python_executable": sys.executable,
        "flake8": flake8_versions or importlib.metadata.version("flake8"),
        "async_orm_lint": plugin_version,
        "engine_module": getattr(module, "__file__", None),
        "engine_sources_sha256": engine_fingerprint(check_source),
        "checkout": checkout_state(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
    }


def engine_fingerprint(check_source: Callable[..., Any]) -> str:
    """A hash of the engine package's sources: flake8 runs import whatever is on disk."""
    module = sys.modules.get(check_source.__module__)
    package_dir = Path(getattr(module, "__file__", "") or ".").resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package_dir.rglob("*.py")):
        digest.update(str(path.relative_to(package_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def checkout_state() -> str | None:
    """``<commit> [+N modified]`` of the checkout, read-only; None outside git."""
    try:
        head = subprocess.run(["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        status = subprocess.run(["git", "-C", str(REPO_ROOT), "status", "--porcelain",
                                 "--untracked-files=no", "--", PACKAGE],
                                capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    modified = len(status.splitlines())
    return head + (f" +{modified} modified file(s) in {PACKAGE}/" if modified else "")


def fmt(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def table(results: list[Result], jobs: list[int]) -> str:
    head = ["corpus", "files", "lines", "ast.parse s", "engine s", "ratio",
            "engine(parse itself) ratio"]
    for j in jobs:
        head += [f"flake8 -j{j} without s", f"-j{j} with s", f"-j{j} ratio"]
    rows = [head, [":---"] + ["---:"] * (len(head) - 1)]
    for r in results:
        row = [r.corpus, str(r.files), f"{r.lines:,}", fmt(r.ast_parse_s), fmt(r.engine_s),
               fmt(r.engine_ratio, 2), fmt(r.engine_self_parse_ratio, 2)]
        for j in jobs:
            t = r.flake8.get(str(j))
            row += [fmt(t.without_s, 2), fmt(t.with_s, 2), fmt(t.ratio, 3)] if t else ["-"] * 3
        rows.append(row)
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def verdicts(results: list[Result]) -> list[str]:
    out = []
    for r in results:
        ok = r.engine_ratio <= ENGINE_TARGET
        found = ", ".join(f"{code} x{n}" for code, n in r.engine_finding_codes.items())
        out.append(f"- {r.corpus}: engine/ast.parse = {r.engine_ratio:.2f} "
                   f"(target <= {ENGINE_TARGET}) {'PASS' if ok else 'FAIL'}; "
                   f"findings: {found or 'none'}")
        if r.breakdown:
            out.append(f"- {r.corpus}: engine/ast.parse with the files in sorted order (almost no module read "
                       f"for another) = {r.breakdown['sorted']:.2f}; with the cache an earlier run filled = "
                       f"{r.breakdown['cached']:.2f}; each module alone (no project index) = "
                       f"{r.breakdown['alone']:.2f}")
        if r.generation is not None:
            out.append(f"- {r.corpus}: the generator dropped "
                       f"{r.generation['missing_awaits']} statement-level awaits on purpose")
        if r.instructions is not None:
            without, with_ = r.instructions
            out.append(f"- {r.corpus}: flake8 -j1 instructions with/without = {with_ / without:.3f} "
                       f"(target <= {FLAKE8_TARGET}) {'PASS' if with_ / without <= FLAKE8_TARGET else 'FAIL'}; "
                       f"{without:,} / {with_:,}")
        if r.instructions is not None and r.instructions_warm is not None:
            without, warm = r.instructions[0], r.instructions_warm
            out.append(f"- {r.corpus}: flake8 -j1 instructions with the cache the first run filled / without = "
                       f"{warm / without:.3f} {'PASS' if warm / without <= FLAKE8_TARGET else 'FAIL'}; {warm:,}")
        for j, (without, with_, busiest_without, busiest_with) in r.instructions_parallel.items():
            worst = max(with_ / without, busiest_with / busiest_without)
            out.append(f"- {r.corpus}: flake8 -j{j} instructions with/without = {with_ / without:.3f} "
                       f"in all processes, {busiest_with / busiest_without:.3f} in the busiest "
                       f"(target <= {FLAKE8_TARGET}) {'PASS' if worst <= FLAKE8_TARGET else 'FAIL'}; "
                       f"{without:,} / {with_:,}")
        for j, t in r.flake8.items():
            ok = t.ratio <= FLAKE8_TARGET
            cpu = f", CPU time ratio {t.cpu_ratio:.3f}" if t.cpu_ratio is not None else ""
            out.append(f"- {r.corpus}: flake8 -j{j} with/without = {t.ratio:.3f} "
                       f"(target <= {FLAKE8_TARGET}) {'PASS' if ok else 'FAIL'}{cpu}, "
                       f"median of back-to-back pairs {t.paired_ratio:.3f}; "
                       f"{t.orm_findings} ORM findings reported")
            if t.in_run_ratio is not None:
                verdict = "PASS" if t.in_run_ratio <= FLAKE8_TARGET else "FAIL"
                out.append(f"- {r.corpus}: flake8 -j{j} CPU / (CPU - the plugin's CPU) in the same run = "
                           f"{t.in_run_ratio:.3f} (median of {len(t.in_run_ratios)}) {verdict}")
            if t.warm_ratio is not None:
                in_run = f", in the same run {t.warm_in_run_ratio:.3f}" if t.warm_in_run_ratio is not None else ""
                judged = t.warm_in_run_ratio if t.warm_in_run_ratio is not None else t.warm_ratio
                verdict = "PASS" if judged <= FLAKE8_TARGET else "FAIL"
                out.append(f"- {r.corpus}: flake8 -j{j} with the cache an earlier run filled: with/without = "
                           f"{t.warm_ratio:.3f}{in_run} {verdict}")
    return out


# --------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark async-orm-lint against ast.parse and inside flake8.")
    parser.add_argument("--sizes", default="10000,100000",
                        help="generated project sizes in lines, comma separated "
                             "(default 10000,100000; '' for none)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N (default 3)")
    parser.add_argument("--quick", action="store_true", help="one repeat")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--jobs", default="1,2", help="flake8 -j values (default 1,2)")
    parser.add_argument("--no-stdlib", action="store_true", help="skip the stdlib corpus")
    parser.add_argument("--no-flake8", action="store_true", help="skip all flake8 runs")
    parser.add_argument("--no-flake8-stdlib", action="store_true",
                        help="skip the (slow) flake8 runs on the stdlib")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write raw numbers here")
    parser.add_argument("--instructions", action="store_true",
                        help="also count the instructions of flake8 -j1 without / with the plugin "
                             "with valgrind's callgrind (slow: about 50 x the run)")
    parser.add_argument("--breakdown", action="store_true",
                        help="also time the engine with the files in sorted order and with each "
                             "module alone (no project index), to show what its cost is made of")
    args = parser.parse_args(argv)
    if args.quick:
        args.repeat = 1
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    args.size_list = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    args.job_list = [int(j) for j in args.jobs.split(",") if j.strip()]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    check_source = load_engine()
    with tempfile.TemporaryDirectory(prefix="orm-bench-") as tmp:
        workdir = Path(tmp)
        runner = None if args.no_flake8 else Flake8Runner(workdir)
        if runner:
            # as pip does when it installs a wheel: flake8 then imports the plugin from bytecode
            compileall.compile_dir(str(REPO_ROOT / PACKAGE), quiet=1)
        flake8_versions = runner.verify() if runner else None
        warm_up(check_source, workdir)
        env = environment(flake8_versions, check_source)
        print(f"Python:   {env['python']} ({env['python_executable']})")
        print(f"flake8:   {env['flake8']}")
        print(f"Platform: {env['platform']}, {env['cpu_count']} CPUs")
        print(f"Engine:   async-orm-lint {env['async_orm_lint']} ({env['engine_module']}; "
              f"sources {env['engine_sources_sha256']}; checkout {env['checkout']})")
        print(f"Repeats:  best of {args.repeat}; flake8 options: {' '.join(FLAKE8_OPTIONS)}")
        print()

        plans: list[tuple[str, Callable[[], Corpus], dict[str, Any] | None]] = []
        if not args.no_stdlib:
            plans.append(("stdlib", load_stdlib, None))
        for size in args.size_list:
            root = workdir / f"gen{size}"
            log(f"generating a {size}-line project (seed {args.seed})...")
            stats = generate_with_stats(root, size, args.seed, verify=False)
            gen = asdict(stats)
            name = size_label(size)
            plans.append((name, lambda root=root, name=name: load_generated(root, name), gen))

        results: list[Result] = []
        for name, load, gen in plans:
            log(f"{name}: loading...")
            corpus = load()
            log(f"{name}: {len(corpus.files)} files, {corpus.lines:,} lines; "
                f"timing ast.parse and the engine (best of {args.repeat})...")
            result = time_in_process(corpus, check_source, args.repeat)
            result.generation = gen
            if args.breakdown:
                log(f"{name}: timing the engine in sorted order and module by module...")
                result.breakdown = time_breakdown(corpus, check_source, args.repeat)
            if runner and not (name == "stdlib" and args.no_flake8_stdlib):
                check_arg_length(corpus)
                for jobs in args.job_list:
                    log(f"{name}: flake8 -j{jobs} without / with the plugin "
                        f"(best of {args.repeat})...")
                    result.flake8[str(jobs)] = runner.time(corpus, jobs, args.repeat)
                if args.instructions:
                    log(f"{name}: flake8 -j1 without / with the plugin under callgrind, "
                        f"then with the cache the first run filled...")
                    cache_home = runner.empty_cache_home("filled-cache-home")
                    result.instructions = (
                        runner.instructions(corpus, False, workdir),
                        runner.instructions(corpus, True, workdir, cache_home),
                    )
                    result.instructions_warm = runner.instructions(corpus, True, workdir, cache_home)
                    for jobs in (j for j in args.job_list if j > 1):
                        log(f"{name}: flake8 -j{jobs} without / with the plugin under callgrind...")
                        without, with_ = (
                            runner.instructions_per_process(corpus, plugin, workdir, jobs=jobs)
                            for plugin in (False, True)
                        )
                        result.instructions_parallel[str(jobs)] = (sum(without), sum(with_), max(without), max(with_))
            results.append(result)
            del corpus
            gc.collect()

    final_fingerprint = engine_fingerprint(check_source)
    env["engine_sources_sha256_at_end"] = final_fingerprint
    print(table(results, args.job_list if runner else []))
    print()
    print("Targets:")
    print("\n".join(verdicts(results)))
    if final_fingerprint != env["engine_sources_sha256"]:
        print()
        print(f"WARNING: the engine's sources changed during the run "
              f"({env['engine_sources_sha256']} -> {final_fingerprint}); flake8 runs "
              f"load the sources on disk, so numbers may mix versions.")
    failed = [e for r in results for e in r.engine_errors]
    if failed:
        print()
        print(f"The engine failed internally ({INTERNAL_ERROR} or exception) {len(failed)} times:")
        print("\n".join(f"  {e}" for e in failed[:10]))
    if args.json:
        payload = {
            "environment": env,
            "settings": {"repeat": args.repeat, "seed": args.seed, "sizes": args.size_list,
                         "jobs": args.job_list, "flake8_options": FLAKE8_OPTIONS,
                         "targets": {"engine_over_ast_parse": ENGINE_TARGET,
                                     "flake8_with_over_without": FLAKE8_TARGET}},
            "results": [asdict(r) for r in results],
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        log(f"raw numbers written to {args.json}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
