"""The ``async-orm-lint`` command (also ``python -m async_orm_lint``): a third front-end.

Like the flake8 and pylint plugins, it only hands files to
:func:`async_orm_lint.engine.check_source` and shows what it finds; it
knows no rule.  Its options are the plugins' (``--orm-<name>``), read also
from the ``[flake8]`` section flake8 would read (``setup.cfg``, ``tox.ini``
or ``.flake8``, the first of them that has one, from the working directory
up) and, through the engine, from ``[tool.async-orm-lint]`` in each
project's ``pyproject.toml``: the command line wins over ``[flake8]``,
which wins over ``pyproject.toml``.  ``# noqa`` works as in flake8.

Exit status: 0 without findings, 1 with findings (or when a file could not
be checked), 2 on a usage or configuration error, with a one-line message
that names the problem.
"""

from __future__ import annotations

import argparse
import configparser
import difflib
import fnmatch
import math
import multiprocessing
import os
import sys
import time
from pathlib import Path
from typing import IO, Iterable, Iterator, NamedTuple, NoReturn, Sequence

from . import __version__
from .checking import FileResult, Job, Selection, Settings, SourceError, check_file, decode
from .docs import explain, known_codes
from .options import SPECS, OptionError, Options, OptionSpec, convert, from_mapping, from_pyproject
from .layout import find_root
from .report import FORMATS, Problem, Results

PROG = "async-orm-lint"
#: flake8's default exclusions and the usual virtualenv and build directories
DEFAULT_EXCLUDE = (
    ".svn", "CVS", ".bzr", ".hg", ".git", "__pycache__", ".tox", ".nox", ".eggs", "*.egg",
    ".venv", "venv", "build", "dist", "node_modules",
)
FLAKE8_CONFIGS = ("setup.cfg", "tox.ini", ".flake8")
#: a progress line is shown when stderr is a terminal and the run takes longer than this (seconds)
PROGRESS_AFTER = 1.0


class UsageError(Exception):
    """A bad command line or configuration: exit status 2, with this message."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _spec_type(spec: OptionSpec):
    def parse(value: str):
        try:
            return convert(spec, value)
        except OptionError as error:
            raise argparse.ArgumentTypeError(error.problem) from error

    parse.__name__ = spec.host_name
    return parse


def _jobs(value: str) -> int:
    if value == "auto":
        return _cpu_count()
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes nor 'auto'") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: at least 1")
    return jobs


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _comma_list(value: str) -> list[str]:
    return [item.strip() for item in value.replace("\n", ",").split(",") if item.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Find the mistakes people make with SQLAlchemy's asyncio ORM and SQLModel.",
        epilog="Exit status: 0 without findings, 1 with findings or a file that could not be checked, "
        "2 on a usage or configuration error.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files and directories to check (default: .); - reads standard input")
    parser.add_argument("--select", type=_comma_list, metavar="CODES",
                        help="report only these codes (prefixes, comma-separated: ORM1,ORM301)")
    parser.add_argument("--extend-select", type=_comma_list, metavar="CODES", default=[],
                        help="report these codes too (prefixes); a rule off by default (ORM303) runs only where "
                        "--select or --extend-select names its code")
    parser.add_argument("--ignore", type=_comma_list, metavar="CODES",
                        help="do not report these codes (prefixes; where --select names a code too, "
                        "the longer prefix wins)")
    parser.add_argument("--format", choices=sorted(FORMATS), default="text",
                        help="text (flake8's path:line:col: CODE message), json, sarif (SARIF 2.1.0), "
                        "github (workflow commands: pull request annotations), gitlab (code quality report)")
    parser.add_argument("--output", metavar="FILE", help="write the report to FILE instead of standard output")
    parser.add_argument("--fix", action="store_true",
                        help="add the `await` ORM101 asks for and remove the one ORM102 says to remove, "
                        "where the result is certain; then report what is left")
    parser.add_argument("--diff", action="store_true",
                        help="print the changes --fix would make, as a unified diff, and change nothing")
    parser.add_argument("--explain", metavar="CODE", help="print the documentation of a code and exit")
    parser.add_argument("--show-evidence", action="store_true",
                        help="under each finding, the places its evidence comes from (where a name got "
                        "its value, the definitions an annotation or a factory leads to); SARIF always has them")
    parser.add_argument("--exit-zero", action="store_true",
                        help="exit 0 even when there are findings (not when a file could not be checked)")
    parser.add_argument("-j", "--jobs", type=_jobs, default=None, metavar="N",
                        help="check files in N processes (default: the number of CPUs; 'auto' too)")
    parser.add_argument("--exclude", type=_comma_list, metavar="PATTERNS",
                        help="glob patterns of files and directories to skip, replacing the default "
                        f"({', '.join(DEFAULT_EXCLUDE)})")
    parser.add_argument("--extend-exclude", type=_comma_list, metavar="PATTERNS", default=[],
                        help="glob patterns to skip as well as the default ones")
    parser.add_argument("--stdin-filename", metavar="PATH",
                        help="the name of the file read from standard input (-): shown in the report, "
                        "and where its project's imports are resolved from")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__} "
                        f"(Python {'.'.join(map(str, sys.version_info[:3]))})")
    engine = parser.add_argument_group(
        "the linter's options",
        "as in flake8 and pylint; also read from the [flake8] section of setup.cfg, tox.ini or .flake8 "
        "and from [tool.async-orm-lint] in pyproject.toml (without the orm- prefix)",
    )
    for spec in SPECS:
        engine.add_argument(f"--{spec.host_name}", type=_spec_type(spec), metavar=spec.metavar,
                            default=None, help=spec.help)
    return parser


# ---------------------------------------------------------------------------
# configuration
# ---------------------------------------------------------------------------


def flake8_config(start: Path) -> Path | None:
    """The file flake8 would read: the first of setup.cfg, tox.ini, .flake8 with a ``[flake8]``
    section, in ``start`` or the nearest directory above it (not above the home directory)."""
    try:
        home = Path.home().resolve()
    except (RuntimeError, KeyError, OSError):
        home = None
    directory = start.resolve()
    while True:
        for name in FLAKE8_CONFIGS:
            candidate = directory / name
            parser = configparser.RawConfigParser()
            try:
                parser.read(candidate, encoding="utf-8")
            except (UnicodeDecodeError, configparser.Error):
                continue  # flake8 skips a file it cannot parse
            if parser.has_section("flake8") or parser.has_section("flake8:local-plugins"):
                return candidate
        parent = directory.parent
        if parent in (directory, home):
            return None
        directory = parent


def flake8_options(path: Path | None) -> Options:
    """The ``orm-*`` options of the ``[flake8]`` section of ``path``."""
    if path is None:
        return Options()
    parser = configparser.RawConfigParser()
    parser.read(path, encoding="utf-8")
    if not parser.has_section("flake8"):
        return Options()
    known = {spec.host_name for spec in SPECS}
    values = {}
    for key, value in parser.items("flake8"):
        name = key.replace("_", "-")
        if not name.startswith("orm-"):
            continue
        if name not in known:
            raise OptionError(f"{path} [flake8] {key}", f"unknown option (known: {', '.join(sorted(known))})")
        values[name[len("orm-"):]] = value
    return from_mapping(values, source=f"{path} [flake8] ", prefix="orm-")


class Config(NamedTuple):
    paths: list[str]
    settings: Settings
    exclude: list[str]
    jobs: int
    format: str
    output: str | None
    stdin_filename: str | None
    exit_zero: bool


def configure(args: argparse.Namespace) -> Config:
    selection = Selection(
        _codes(args.select, "--select"),
        tuple(_codes(args.ignore, "--ignore") or ()),
        tuple(_codes(args.extend_select, "--extend-select") or ()),
    )
    given = {spec.attribute: getattr(args, spec.host_name.replace("-", "_")) for spec in SPECS}
    command_line = Options(**{name: value for name, value in given.items() if value not in (None, ())})
    try:
        options = command_line.merged_over(flake8_options(flake8_config(Path.cwd())))
    except OptionError as error:
        raise UsageError(str(error)) from error
    paths = args.paths or ["."]
    missing = [path for path in paths if path != "-" and not os.path.lexists(path)]
    if missing:
        raise UsageError(f"no such file or directory: {', '.join(missing)}")
    if paths.count("-") > 1:
        raise UsageError("standard input (-) can be read only once")
    _check_pyproject_tables(paths, options, args.stdin_filename)
    mode = "diff" if args.diff else "fix" if args.fix else "check"
    exclude = list(args.exclude if args.exclude is not None else DEFAULT_EXCLUDE) + list(args.extend_exclude)
    return Config(
        paths,
        Settings(
            options, selection, mode, with_fixes=args.format == "sarif",
            explain=args.show_evidence or args.format == "sarif",
        ),
        [_normalized_pattern(pattern) for pattern in exclude],
        args.jobs if args.jobs is not None else _cpu_count(),
        args.format,
        args.output,
        args.stdin_filename,
        args.exit_zero,
    )


def _codes(values: list[str] | None, option: str) -> tuple[str, ...] | None:
    if values is None:
        return None
    known = known_codes()
    codes = []
    for value in values:
        prefix = value.upper()
        if not any(code.startswith(prefix) for code in known):
            raise UsageError(f"{option}: {value!r} is not a code of {PROG} nor a prefix of one "
                             f"(known: {', '.join(known)})")
        codes.append(prefix)
    return tuple(codes)


def _check_pyproject_tables(paths: Sequence[str], options: Options, stdin_filename: str | None) -> None:
    """Refuse a bad ``[tool.async-orm-lint]`` table before any file is checked."""
    roots = set()
    for path in paths:
        where = Path(stdin_filename or "stdin" if path == "-" else path).absolute()
        start = where if where.is_dir() else where.parent
        roots.add(options.project_root or find_root(start))
    for root in sorted(root for root in roots if root is not None):
        try:
            from_pyproject(root)
        except OptionError as error:
            raise UsageError(str(error)) from error


def _normalized_pattern(pattern: str) -> str:
    """flake8's ``normalize_path``: a pattern with a path separator is anchored at the working directory."""
    separators = os.sep + (os.altsep or "")
    if pattern == "." or any(separator in pattern for separator in separators):
        pattern = os.path.abspath(pattern)
    return pattern.rstrip(separators)


# ---------------------------------------------------------------------------
# files
# ---------------------------------------------------------------------------


def discover(paths: Sequence[str], exclude: Sequence[str], problems: list[Problem]) -> list[str]:
    """The files to check, as flake8 finds them: directories walked for ``*.py``, excluded
    names and paths skipped (a file named on the command line is checked whatever its name)."""

    def excluded(path: str) -> bool:
        if not exclude:
            return False
        base = os.path.basename(path)
        if base not in (".", "..") and any(fnmatch.fnmatch(base, pattern) for pattern in exclude):
            return True
        absolute = os.path.abspath(path)
        return any(fnmatch.fnmatch(absolute, pattern) for pattern in exclude)

    def walk_error(error: OSError) -> None:
        problems.append(Problem(error.filename or "?", f"cannot list: {error.strerror or error}"))

    found: dict[str, str] = {}  # absolute path -> as shown
    for arg in paths:
        if arg == "-":
            found.setdefault("-", "-")
            continue
        if excluded(arg):
            continue
        if not os.path.isdir(arg):
            found.setdefault(os.path.abspath(arg), arg)
            continue
        for root, directories, files in os.walk(arg, onerror=walk_error):
            directories[:] = sorted(d for d in directories if not excluded(os.path.join(root, d)))
            for name in sorted(files):
                joined = os.path.join(root, name)
                if fnmatch.fnmatch(joined, "*.py") and not excluded(joined):
                    found.setdefault(os.path.abspath(joined), joined)
    return sorted(found.values(), key=lambda shown: (shown != "-", shown))


# ---------------------------------------------------------------------------
# running
# ---------------------------------------------------------------------------


class Progress:
    """``checked N/M files`` on a terminal's stderr, once the run has taken over a second."""

    def __init__(self, total: int, stream: IO[str], clock=time.monotonic) -> None:
        self.total = total
        self.stream = stream
        self.clock = clock
        self.started = clock()
        self.shown_at: float | None = None
        try:
            self.enabled = stream.isatty()
        except (AttributeError, ValueError, OSError):
            self.enabled = False

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if now - self.started < PROGRESS_AFTER or (self.shown_at is not None and now - self.shown_at < 0.1):
            return
        self.shown_at = now
        self.stream.write(f"\r{PROG}: checked {done}/{self.total} files")
        self.stream.flush()

    def finish(self) -> None:
        if self.shown_at is not None:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


_WORKER_SETTINGS: Settings | None = None


def _start_worker(settings: Settings) -> None:
    global _WORKER_SETTINGS  # pylint: disable=global-statement  # one per worker process
    _WORKER_SETTINGS = settings


def _check_in_worker(job: Job) -> FileResult:
    assert _WORKER_SETTINGS is not None
    return check_file(job, _WORKER_SETTINGS)


def run_jobs(jobs: Sequence[Job], settings: Settings, processes: int, progress: Progress) -> Iterator[FileResult]:
    """Each job's result, in the jobs' order: in ``processes`` worker processes when there is more
    than one file (they share the on-disk cache), else here."""
    if processes > 1 and len(jobs) > 1:
        try:
            context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
            pool = context.Pool(min(processes, len(jobs)), initializer=_start_worker, initargs=(settings,))
        except (OSError, ImportError, ValueError):
            pool = None  # no processes to be had (a sandbox, no /dev/shm): check here
        if pool is not None:
            chunk = max(1, math.ceil(len(jobs) / (processes * 2)))
            try:
                for done, result in enumerate(pool.imap(_check_in_worker, jobs, chunksize=chunk), start=1):
                    progress.update(done)
                    yield result
            finally:
                pool.terminate()
                pool.join()
            return
    for done, job in enumerate(jobs, start=1):
        yield check_file(job, settings)
        progress.update(done)


def _stdin_job(stdin_filename: str | None) -> Job | Problem:
    shown = stdin_filename or "stdin"
    try:
        source, _ = decode(sys.stdin.buffer.read())
    except SourceError as error:
        return Problem(shown, str(error))
    except OSError as error:
        return Problem(shown, f"cannot read standard input: {error.strerror or error}")
    return Job(shown, stdin_filename or "stdin", source)


def _write_fixed(result: FileResult) -> Problem | None:
    assert result.fixed_source is not None
    try:
        with open(result.path, "w", encoding=result.encoding, newline="") as stream:
            stream.write(result.fixed_source)
    except (OSError, UnicodeEncodeError) as error:
        return Problem(result.path, f"cannot write the fixed file: {getattr(error, 'strerror', None) or error}")
    return None


def unified_diff(result: FileResult) -> str:
    assert result.original is not None and result.fixed_source is not None
    lines = difflib.unified_diff(
        result.original.splitlines(keepends=True),
        result.fixed_source.splitlines(keepends=True),
        fromfile=result.path,
        tofile=result.path,
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except UsageError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (| head): nothing more to say, and nothing to flush
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.explain is not None:
        text = explain(args.explain)
        if text is None:
            raise UsageError(f"--explain: unknown code {args.explain!r} (known: {', '.join(known_codes())})")
        print(text)
        return 0
    config = configure(args)
    mode = config.settings.mode
    if mode == "fix" and "-" in config.paths and len(config.paths) > 1:
        raise UsageError("--fix with - fixes standard input alone (its fixed text goes to standard output)")
    output = _open_output(config.output)
    problems: list[Problem] = []
    jobs: list[Job] = []
    for path in discover(config.paths, config.exclude, problems):
        job = _stdin_job(config.stdin_filename) if path == "-" else Job(path)
        if isinstance(job, Problem):
            problems.append(job)
        else:
            jobs.append(job)
    progress = Progress(len(jobs), sys.stderr)
    try:
        results = list(run_jobs(jobs, config.settings, config.jobs, progress))
    finally:
        progress.finish()
    problems.extend(problem for result in results for problem in result.problems)
    reported = [r for result in results for r in result.reported]
    fixed = [result for result in results if result.fixed_source is not None]
    count = sum(result.fixed for result in results)
    for result in results:
        for note in result.notes:
            print(note, file=sys.stderr)
    from_stdin = mode == "fix" and any(job.source is not None for job in jobs)
    if mode == "fix" and not from_stdin:
        for result in fixed:
            problem = _write_fixed(result)
            if problem is not None:
                problems.append(problem)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{PROG}: {_plural(len(problems), 'file')} could not be checked", file=sys.stderr)
    if mode == "diff":
        _emit(output, "".join(unified_diff(result) for result in fixed))
        if count:
            print(f"{PROG}: would fix {_plural(count, 'finding')} in {_plural(len(fixed), 'file')}", file=sys.stderr)
        failed = bool(fixed)
    elif from_stdin:
        # as an editor wants it: the whole text, fixed, on standard output; what is left on stderr
        result = results[0] if results else None
        _emit(output, (result.fixed_source or result.original or "") if result is not None else "")
        print(FORMATS["text"](Results(reported, [])), end="", file=sys.stderr)
        failed = bool(reported)
    else:
        _emit(output, FORMATS[config.format](Results(reported, problems)))
        if mode == "fix":
            print(f"{PROG}: fixed {_plural(count, 'finding')} in {_plural(len(fixed), 'file')}", file=sys.stderr)
        failed = bool(reported)
    if problems:
        return 1
    return 0 if config.exit_zero or not failed else 1


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _open_output(path: str | None) -> IO[str]:
    if path is None:
        return sys.stdout
    try:
        return open(path, "w", encoding="utf-8")  # pylint: disable=consider-using-with  # closed by _emit
    except OSError as error:
        raise UsageError(f"--output: cannot write {path}: {error.strerror or error}") from error


def _emit(output: IO[str], text: str) -> None:
    output.write(text)
    output.flush()
    if output is not sys.stdout:
        output.close()


def console_main() -> NoReturn:
    sys.exit(main())


__all__: Iterable[str] = ["main", "build_parser", "discover", "flake8_config", "flake8_options"]
