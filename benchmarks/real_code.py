"""Lint real open-source code built on SQLAlchemy's asyncio ORM, without running it.

For each package of a list, the script

1. downloads its distribution with ``python -m pip download --no-deps --dest DIR
   PKG`` (a wheel when there is one: it first asks pip for a wheel only, and only
   if there is none does it let pip fall back to an sdist);
2. extracts it into a temporary directory (a wheel is a zip file, an sdist a
   ``.tar.gz``/``.zip``), never installing it and never importing it;
3. runs :func:`async_orm_lint.engine.check_source` over every ``.py`` file (after
   an optional per-package path filter), with the project root (the
   ``project-root`` option) set to the extracted package root: the extraction
   directory of a wheel, the top directory of an sdist, so that imports between
   the package's modules are resolved.

It prints, per package, the version, the number of files and lines linted, the
seconds the engine took (the files parsed with ``ast`` first, as flake8 does)
and their ratio to that ``ast.parse``, the findings by code and the number of ``ORM000``
(the engine's internal errors), then every finding as
``package/path:line:col: CODE message``.  ``--json OUT`` writes the same data as
JSON.  A failed download or extraction is reported and the run goes on.

A caveat about sdists: to read an sdist's metadata pip runs its build backend
(for an old ``setup.py`` sdist, that file) in a subprocess.  The default list
only has packages that ship wheels, so this never happens with it;
``--wheels-only`` forbids the sdist fallback altogether.

Usage::

    python benchmarks/real_code.py                       # the default list
    python benchmarks/real_code.py --packages sqladmin fastcrud==0.23.0
    python benchmarks/real_code.py --filter 'litestar=litestar/plugins/*' --json out.json
    python benchmarks/real_code.py --workdir /tmp/real  # keep the extracted code

Exit status: 0, or 1 when the engine failed on a file (an ``ORM000`` finding or
an exception out of ``check_source``).  Download failures do not change it.

The functions are importable (``tests/test_real_code.py`` uses :func:`run` on a
bounded subset).
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import inspect
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import tokenize
import traceback
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from async_orm_lint.options import Options
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

INTERNAL_ERROR = "ORM000"

#: Packages built on SQLAlchemy's asyncio ORM (or SQLModel), linted by default.
DEFAULT_PACKAGES: tuple[str, ...] = (
    "advanced-alchemy",
    "fastapi-users-db-sqlalchemy",
    "sqladmin",
    "fastcrud",
    "sqlmodel",
    "fastapi-pagination",
    "sqlalchemy-mixins",
    "litestar",
    "starlette-admin",
    "sqlalchemy-crud-plus",
    "fastapi-sqla",
    "sqlalchemy-database",
)

#: Per-package path filters (globs on the path relative to the package root, as
#: :func:`fnmatch.fnmatch` reads them: ``*`` matches ``/`` too).  Litestar is a
#: whole web framework; only its SQLAlchemy integration is of interest.
DEFAULT_FILTERS: dict[str, tuple[str, ...]] = {
    "litestar": (
        "litestar/contrib/sqlalchemy/*",
        "litestar/plugins/sqlalchemy.py",
        "litestar/repository/*",
    ),
}

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_SDIST_SUFFIXES = (".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar", ".zip")


class FileTimeout(BaseException):
    """One file took longer than the per-file limit.

    A BaseException, so that ``check_source``'s ``except Exception`` (which turns
    internal errors into ORM000) lets it through.
    """


# --------------------------------------------------------------------------
# data


@dataclass
class Download:
    requirement: str
    name: str  # normalized project name
    archive: str | None = None
    kind: str | None = None  # "wheel" | "sdist"
    version: str | None = None
    error: str | None = None
    seconds: float = 0.0


@dataclass
class FindingRecord:
    path: str  # relative to the package root, with "/"
    line: int
    col: int
    code: str
    message: str

    def location(self, package: str) -> str:
        return f"{package}/{self.path}:{self.line}:{self.col}"


@dataclass
class PackageResult:
    requirement: str
    name: str
    version: str | None = None
    kind: str | None = None
    archive: str | None = None
    root: str | None = None
    error: str | None = None  # download or extraction failure
    filters: list[str] = field(default_factory=list)
    files: int = 0  # .py files linted
    files_total: int = 0  # .py files in the distribution, before filters and --max-files
    unreadable: int = 0  # files that could not be decoded
    lines: int = 0
    seconds: float = 0.0  # in check_source only
    parse_seconds: float = 0.0  # ast.parse of the same files, for the engine's ratio to it
    download_seconds: float = 0.0
    by_code: dict[str, int] = field(default_factory=dict)
    findings: list[FindingRecord] = field(default_factory=list)
    exceptions: list[dict[str, str]] = field(default_factory=list)  # {"path", "error"}

    @property
    def internal_errors(self) -> int:
        return self.by_code.get(INTERNAL_ERROR, 0)

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class Report:
    python: str
    engine: str
    project_root_passed: bool
    packages: list[PackageResult]

    @property
    def failed_downloads(self) -> list[PackageResult]:
        return [p for p in self.packages if not p.ok]

    @property
    def internal_errors(self) -> int:
        return sum(p.internal_errors for p in self.packages)

    @property
    def exceptions(self) -> int:
        return sum(len(p.exceptions) for p in self.packages)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for package, result in zip(data["packages"], self.packages):
            package["orm000"] = result.internal_errors
        return data


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def normalize(name: str) -> str:
    """PEP 503 normalization of a project name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def project_name(requirement: str) -> str:
    match = _NAME.match(requirement)
    if not match:
        raise ValueError(f"not a requirement: {requirement!r}")
    return normalize(match.group(1))


# --------------------------------------------------------------------------
# download and extraction


def download(
    requirement: str,
    dest: Path,
    *,
    wheels_only: bool = False,
    timeout: float = 180.0,
) -> Download:
    """Download one distribution of ``requirement`` into the empty directory ``dest``."""
    result = Download(requirement, project_name(requirement))
    start = time.perf_counter()
    attempts = [["--only-binary", ":all:"]]
    if not wheels_only:
        attempts.append([])  # pip's own choice: an sdist when there is no wheel
    errors = []
    for extra in attempts:
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        command = [sys.executable, "-m", "pip", "download", "--no-deps", *extra,
                   "--dest", str(dest), requirement]
        try:
            completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            errors.append(f"`{' '.join(command[1:])}` timed out after {timeout:g} s")
            continue
        archives = sorted(p for p in dest.iterdir() if p.is_file())
        if completed.returncode == 0 and len(archives) == 1:
            archive = archives[0]
            result.archive = str(archive)
            result.kind = "wheel" if archive.name.endswith(".whl") else "sdist"
            result.version = version_from_filename(archive.name)
            break
        errors.append(_pip_error(command, completed, archives))
    else:
        result.error = "; ".join(errors)
    result.seconds = time.perf_counter() - start
    return result


def _pip_error(command: list[str], completed: subprocess.CompletedProcess, archives: list[Path]) -> str:
    if completed.returncode == 0:
        return f"`{' '.join(command[1:])}` left {len(archives)} files, expected one"
    lines = [line.strip() for line in (completed.stderr or completed.stdout or "").splitlines()]
    lines = [line for line in lines if line and "is ignored: it is neither a file nor a directory" not in line]
    detail = " | ".join(line for line in lines if line.startswith("ERROR")) or " | ".join(lines[-2:])
    return f"`{' '.join(command[1:])}` exited {completed.returncode}: {detail}"


def version_from_filename(filename: str) -> str | None:
    """The version in a wheel's or an sdist's file name."""
    if filename.endswith(".whl"):
        parts = filename[: -len(".whl")].split("-")
        return parts[1] if len(parts) >= 5 else None
    for suffix in _SDIST_SUFFIXES:
        if filename.endswith(suffix):
            stem = filename[: -len(suffix)]
            return stem.rsplit("-", 1)[1] if "-" in stem else None
    return None


def extract(archive: Path, dest: Path) -> Path:
    """Extract ``archive`` under ``dest``; return the package root.

    The root of a wheel is the extraction directory (where its top-level packages
    are); the root of an sdist is its single top directory (where its
    ``pyproject.toml`` or ``setup.py`` is), or the extraction directory if the
    archive has several.
    """
    dest.mkdir(parents=True, exist_ok=True)
    name = archive.name
    if name.endswith(".whl"):
        with zipfile.ZipFile(archive) as zipped:
            _extract_zip(zipped, dest)
        return dest
    if name.endswith(".zip"):
        with zipfile.ZipFile(archive) as zipped:
            _extract_zip(zipped, dest)
    elif any(name.endswith(suffix) for suffix in _SDIST_SUFFIXES):
        with tarfile.open(archive) as tarred:
            _extract_tar(tarred, dest)
    else:
        raise ValueError(f"unknown archive type: {name}")
    entries = [p for p in dest.iterdir() if not p.name.startswith(".")]
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return dest


def _inside(dest: Path, member: str) -> bool:
    target = (dest / member).resolve()
    root = dest.resolve()
    return target == root or root in target.parents


def _extract_zip(zipped: zipfile.ZipFile, dest: Path) -> None:
    for info in zipped.infolist():
        if not _inside(dest, info.filename):
            raise ValueError(f"unsafe path in archive: {info.filename!r}")
    zipped.extractall(dest)


def _extract_tar(tarred: tarfile.TarFile, dest: Path) -> None:
    if hasattr(tarfile, "data_filter"):  # Python 3.10.12+, 3.11.4+, 3.12+
        tarred.extractall(dest, filter="data")
        return
    members = []
    for member in tarred.getmembers():
        if not (member.isfile() or member.isdir()):
            continue  # links and devices are never needed to read .py files
        if not _inside(dest, member.name):
            raise ValueError(f"unsafe path in archive: {member.name!r}")
        members.append(member)
    tarred.extractall(dest, members=members)  # nosec: every member checked above


# --------------------------------------------------------------------------
# linting


def load_engine() -> Callable[..., Any]:
    from async_orm_lint.engine import check_source  # pylint: disable=import-outside-toplevel

    return check_source


def accepts_keyword(function: Callable[..., Any], keyword: str) -> bool:
    """Can ``function`` be called with ``keyword=...``?"""
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False
    parameter = parameters.get(keyword)
    if parameter is not None:
        return parameter.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())


def python_files(root: Path, patterns: Sequence[str] = ()) -> tuple[list[Path], int]:
    """The ``.py`` files under ``root`` that match one of ``patterns`` (all if none), sorted.

    Also returns how many ``.py`` files there are before filtering.
    """
    every = sorted(
        (p for p in root.rglob("*.py") if p.is_file() and not p.is_symlink()),
        key=lambda p: p.relative_to(root).as_posix(),
    )
    if not patterns:
        return every, len(every)
    chosen = [p for p in every if any(fnmatch.fnmatch(p.relative_to(root).as_posix(), pat) for pat in patterns)]
    return chosen, len(every)


def read_source(path: Path) -> str | None:
    """The decoded text of a file (PEP 263 cookie honoured, as flake8 does), or None."""
    try:
        with tokenize.open(path) as handle:
            return handle.read()
    except (OSError, SyntaxError, UnicodeDecodeError, LookupError):
        return None


def count_lines(text: str) -> int:
    return text.count("\n") + (bool(text) and not text.endswith("\n"))


class _TimeLimit:
    """Raise :class:`FileTimeout` in the main thread after ``seconds`` (Unix only)."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.active = bool(
            seconds
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
        )
        self._previous: Any = None

    def _expired(self, signum: int, frame: Any) -> None:  # pylint: disable=unused-argument
        raise FileTimeout(f"no result after {self.seconds:g} s")

    def __enter__(self) -> _TimeLimit:
        if self.active:
            self._previous = signal.signal(signal.SIGALRM, self._expired)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.active:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)


def lint_package(
    result: PackageResult,
    root: Path,
    check_source: Callable[..., Any],
    *,
    patterns: Sequence[str] = (),
    max_files: int | None = None,
    file_timeout: float | None = 60.0,
) -> PackageResult:
    """Run ``check_source`` over the package's ``.py`` files; fill ``result`` in."""
    pass_root = accepts_keyword(check_source, "options")
    pass_tree = accepts_keyword(check_source, "tree")
    files, result.files_total = python_files(root, patterns)
    if max_files is not None:
        files = files[:max_files]
    by_code: Counter[str] = Counter()
    for path in files:
        rel = path.relative_to(root).as_posix()
        source = read_source(path)
        if source is None:
            result.unreadable += 1
            continue
        result.files += 1
        result.lines += count_lines(source)
        kwargs: dict[str, Any] = {"options": Options(project_root=root.resolve())} if pass_root else {}
        if pass_tree:  # parsed here, as flake8 does, so that the engine's time is its own
            start = time.perf_counter()
            try:
                kwargs["tree"] = ast.parse(source, str(path))
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                pass
            result.parse_seconds += time.perf_counter() - start
        start = time.perf_counter()
        try:
            with _TimeLimit(file_timeout):
                findings = check_source(source, str(path), **kwargs)
        except (Exception, FileTimeout) as error:  # pylint: disable=broad-exception-caught  # reported, run goes on
            result.seconds += time.perf_counter() - start
            text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
            result.exceptions.append({"path": rel, "error": text})
            continue
        result.seconds += time.perf_counter() - start
        for finding in findings:
            by_code[finding.code] += 1
            result.findings.append(FindingRecord(rel, finding.line, finding.col, finding.code, finding.message))
    result.by_code = dict(sorted(by_code.items()))
    return result


# --------------------------------------------------------------------------
# the run


def filters_for(
    name: str,
    extra: dict[str, list[str]] | None = None,
    *,
    use_defaults: bool = True,
) -> list[str]:
    """The path globs for package ``name``: ``extra``'s if it names the package, else the default."""
    if extra and name in extra:
        return list(extra[name])
    if use_defaults:
        return list(DEFAULT_FILTERS.get(name, ()))
    return []


def run(
    requirements: Iterable[str] = DEFAULT_PACKAGES,
    *,
    workdir: Path | None = None,
    filters: dict[str, list[str]] | None = None,
    default_filters: bool = True,
    max_files: int | None = None,
    wheels_only: bool = False,
    download_timeout: float = 180.0,
    file_timeout: float | None = 60.0,
    download_jobs: int = 4,
    check_source: Callable[..., Any] | None = None,
) -> Report:
    """Download, extract and lint each package; never raises for one package's failure.

    Without ``workdir`` everything goes to a temporary directory removed at the
    end; with it, ``workdir/<name>/download`` holds the archive and
    ``workdir/<name>/src`` the extracted code, which stay for inspection.
    """
    requirements = list(requirements)
    check_source = check_source or load_engine()
    if workdir is None:
        with tempfile.TemporaryDirectory(prefix="orm-real-code-") as tmp:
            return run(
                requirements, workdir=Path(tmp), filters=filters, default_filters=default_filters,
                max_files=max_files, wheels_only=wheels_only, download_timeout=download_timeout,
                file_timeout=file_timeout, download_jobs=download_jobs, check_source=check_source,
            )
    workdir = Path(workdir)
    filters = {normalize(k): v for k, v in (filters or {}).items()}

    def fetch(requirement: str) -> Download:
        try:
            name = project_name(requirement)
        except ValueError as error:
            return Download(requirement, requirement, error=str(error))
        log(f"{name}: downloading...")
        return download(requirement, workdir / name / "download", wheels_only=wheels_only, timeout=download_timeout)

    with ThreadPoolExecutor(max_workers=max(1, download_jobs)) as pool:
        downloads = list(pool.map(fetch, requirements))

    results = []
    for fetched in downloads:
        result = PackageResult(
            fetched.requirement, fetched.name, fetched.version, fetched.kind, fetched.archive,
            error=fetched.error, download_seconds=fetched.seconds,
        )
        results.append(result)
        if fetched.error or not fetched.archive:
            log(f"{fetched.name}: download failed: {fetched.error}")
            continue
        source_dir = workdir / fetched.name / "src"
        if source_dir.exists():
            shutil.rmtree(source_dir)
        try:
            root = extract(Path(fetched.archive), source_dir)
        except (OSError, ValueError, zipfile.BadZipFile, tarfile.TarError) as error:
            result.error = f"extraction failed: {type(error).__name__}: {error}"
            log(f"{fetched.name}: {result.error}")
            continue
        result.root = str(root)
        result.filters = filters_for(fetched.name, filters, use_defaults=default_filters)
        lint_package(result, root, check_source, patterns=result.filters, max_files=max_files,
                     file_timeout=file_timeout)
        log(f"{fetched.name} {fetched.version}: {result.files} files, {result.lines:,} lines, "
            f"{result.seconds:.2f} s, {len(result.findings)} findings")
    return Report(
        python=sys.version.split()[0],
        engine=_engine_version(check_source),
        project_root_passed=accepts_keyword(check_source, "options"),
        packages=results,
    )


def _engine_version(check_source: Callable[..., Any]) -> str:
    module = sys.modules.get(getattr(check_source, "__module__", "") or "")
    package = sys.modules.get((getattr(module, "__package__", None) or "").split(".")[0])
    return str(getattr(package, "__version__", "unknown"))


# --------------------------------------------------------------------------
# output


def _ratio(seconds: float, parse_seconds: float) -> str:
    """The engine's time over ``ast.parse``'s, for the table ("-" when nothing was parsed)."""
    return f"{seconds / parse_seconds:.2f}" if parse_seconds else "-"


def format_report(report: Report) -> str:
    lines = [
        f"Python {report.python}; async-orm-lint {report.engine}; "
        f"project root set per package: {'yes' if report.project_root_passed else 'no (engine without options)'}",
        "",
    ]
    header = ("package", "version", "files", "lines", "seconds", "/ parse", "findings by code", "ORM000")
    rows = []
    for p in report.packages:
        if not p.ok:
            rows.append((p.name, p.version or "-", "-", "-", "-", "-", "not linted (see below)", "-"))
            continue
        codes = ", ".join(f"{code}: {n}" for code, n in p.by_code.items()) or "none"
        files = f"{p.files}" if p.files == p.files_total else f"{p.files}/{p.files_total}"
        if p.unreadable:
            files += f" ({p.unreadable} unreadable)"
        if p.exceptions:
            codes += f"; EXCEPTIONS: {len(p.exceptions)}"
        rows.append((p.name, p.version or "-", files, f"{p.lines:,}", f"{p.seconds:.2f}",
                     _ratio(p.seconds, p.parse_seconds), codes, str(p.internal_errors)))
    ok = [p for p in report.packages if p.ok]
    total_codes: Counter[str] = Counter()
    for p in ok:
        total_codes.update(p.by_code)
    rows.append((
        "TOTAL", "", str(sum(p.files for p in ok)), f"{sum(p.lines for p in ok):,}",
        f"{sum(p.seconds for p in ok):.2f}",
        _ratio(sum(p.seconds for p in ok), sum(p.parse_seconds for p in ok)),
        ", ".join(f"{code}: {n}" for code, n in sorted(total_codes.items())) or "none",
        str(report.internal_errors),
    ))
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, tuple("-" * w for w in widths), *rows):
        lines.append("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip())
    filtered = [p for p in ok if p.filters]
    if filtered:
        lines.append("")
        for p in filtered:
            lines.append(f"{p.name}: only {', '.join(p.filters)}")
    lines.append("")
    findings = [(p, f) for p in ok for f in p.findings]
    lines.append(f"Findings ({len(findings)}):")
    for p, f in findings:
        lines.append(f"{f.location(p.name)}: {f.code} {f.message}")
    exceptions = [(p, e) for p in ok for e in p.exceptions]
    if exceptions:
        lines.append("")
        lines.append(f"Exceptions out of check_source ({len(exceptions)}):")
        for p, e in exceptions:
            lines.append(f"{p.name}/{e['path']}:")
            lines.extend("    " + line for line in e["error"].rstrip().splitlines())
    failed = report.failed_downloads
    if failed:
        lines.append("")
        lines.append(f"Not linted ({len(failed)}):")
        for p in failed:
            lines.append(f"{p.requirement}: {p.error}")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Download open-source packages built on async SQLAlchemy and lint them (never installed, "
        "never imported).",
    )
    parser.add_argument("--packages", nargs="+", metavar="REQ", default=list(DEFAULT_PACKAGES),
                        help="requirements to lint, e.g. sqladmin or 'fastcrud==0.23.0' "
                        f"(default: {' '.join(DEFAULT_PACKAGES)})")
    parser.add_argument("--filter", action="append", default=[], metavar="PKG=GLOB",
                        help="lint only the files of PKG whose path (relative to the package root) matches "
                        "GLOB; repeatable; replaces that package's default filter")
    parser.add_argument("--no-default-filters", action="store_true",
                        help="lint every file of the packages that have a default filter (litestar)")
    parser.add_argument("--max-files", type=int, default=None, metavar="N",
                        help="lint at most the first N files (sorted by path) of each package")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="download and extract there and keep the files (default: a temporary directory)")
    parser.add_argument("--json", type=Path, default=None, metavar="OUT", help="also write the results as JSON")
    parser.add_argument("--wheels-only", action="store_true",
                        help="never fall back to an sdist (pip runs an sdist's build backend to read its metadata)")
    parser.add_argument("--download-timeout", type=float, default=180.0, metavar="S",
                        help="seconds one `pip download` may take (default: 180)")
    parser.add_argument("--file-timeout", type=float, default=60.0, metavar="S",
                        help="seconds check_source may take on one file, 0 for no limit (default: 60)")
    parser.add_argument("--jobs", type=int, default=4, help="parallel downloads (default: 4)")
    args = parser.parse_args(argv)
    filters: dict[str, list[str]] = {}
    for item in args.filter:
        name, sep, pattern = item.partition("=")
        if not sep or not name or not pattern:
            parser.error(f"--filter wants PKG=GLOB, not {item!r}")
        filters.setdefault(normalize(name), []).append(pattern)
    args.filters = filters
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    report = run(
        args.packages,
        workdir=args.workdir,
        filters=args.filters,
        default_filters=not args.no_default_filters,
        max_files=args.max_files,
        wheels_only=args.wheels_only,
        download_timeout=args.download_timeout,
        file_timeout=args.file_timeout or None,
        download_jobs=args.jobs,
    )
    print(format_report(report))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report.to_json(), indent=2) + "\n", encoding="utf-8")
        log(f"wrote {args.json}")
    return 1 if report.internal_errors or report.exceptions else 0


if __name__ == "__main__":
    os.environ.setdefault("PIP_DISABLE_PIP_VERSION_CHECK", "1")
    sys.exit(main())
