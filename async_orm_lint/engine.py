"""The analysis, run once per file; the front-ends only translate its findings.

:func:`check_source` never raises: the linter runs inside flake8 and pylint,
and an exception there would abort the user's whole run.  Code that cannot be
parsed gets no finding (flake8 and pylint report syntax errors themselves); an
internal error becomes one ``ORM000`` finding that names the exception and
asks for a report, so that it is seen without stopping anything.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import gc
from typing import Iterable, Iterator, Sequence

from .analysis import Analysis
from .api import ROOT_PACKAGES
from .evaluate import Evaluator, Resolver
from .explain import explained
from .findings import Finding
from .options import Options
from .project import NOT_FILES, index_for
from .rules import RULES, Rule
from .walk import walk_module

INTERNAL_ERROR = "ORM000"
INTERNAL_ERROR_PYLINT_ID = "E5800"
INTERNAL_ERROR_SYMBOL = "async-orm-internal-error"

#: Maps every code (ORM000 included) to its rule class (None for ORM000).
CODES: dict[str, type[Rule] | None] = {INTERNAL_ERROR: None, **{rule.code: rule for rule in RULES}}
#: The codes of the rules that run unless turned off (ORM000 included), and of those that run only
#: where a selection names them by their code.
DEFAULT_CODES = frozenset(code for code, rule in CODES.items() if rule is None or rule.enabled_by_default)
OFF_BY_DEFAULT_CODES = frozenset(CODES) - DEFAULT_CODES


def codes_to_run(named: Iterable[str] = ()) -> frozenset[str]:
    """The codes of the rules enabled by default, and of the rules off by default that ``named`` (the
    codes and prefixes a user selected) names in full: selecting ``ORM`` or ``ORM3`` does not turn
    ``ORM303`` on, ``ORM303`` does."""
    return DEFAULT_CODES | (OFF_BY_DEFAULT_CODES & {code.strip().upper() for code in named})


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the garbage collector, then give it back in the state the host left it."""
    collecting = gc.isenabled()
    if collecting:
        gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def mentions_orm(source: str, options: Options | None = None) -> bool:
    """Does the text name SQLAlchemy or SQLModel?  A cheap test that spares most files.

    With ``options`` it also looks for what they add: the top-level packages of
    in-house session classes and factories (a module imports them by that
    name) and the names of the opt-in session-name heuristic.
    """
    return any(word in source for word in (evidence_words(options) if options is not None else ROOT_PACKAGES))


@functools.lru_cache(maxsize=16)
def evidence_words(options: Options) -> tuple[str, ...]:
    dotted = options.async_session_classes + options.sync_session_classes + options.async_session_factories
    extra = {name.split(".", 1)[0] for name in dotted} | set(options.session_names)
    return ROOT_PACKAGES + tuple(sorted(extra - set(ROOT_PACKAGES)))


def check_source(
    source: str | None,
    filename: str = "<unknown>",
    tree: ast.Module | None = None,
    *,
    select: Iterable[str] | None = None,
    options: Options | None = None,
    project: bool = True,
    explain: bool = False,
) -> list[Finding]:
    """Lint one module; ``tree`` may be given when the host parsed it already.

    ``select`` limits the rules that run (by code); the default runs those enabled by default.
    ``project=False`` looks at the module alone, without resolving imports of
    other project modules.  ``explain`` adds the steps of each finding's evidence
    (:mod:`.explain`).

    The garbage collector is paused while the file is checked: the analysis
    makes many objects that live as long as the check, and each collection
    they would trigger walks everything the host keeps alive (flake8 keeps
    every file's results and tokens).  What the check leaves is collected
    after it, as usual.
    """
    with _collector_paused():
        try:
            return _check(source, filename, tree, select, options, project, explain)
        except Exception as error:  # pylint: disable=broad-exception-caught  # the host must never see it
            return [internal_error(error)]


def _check(
    source: str | None,
    filename: str,
    tree: ast.Module | None,
    select: Iterable[str] | None,
    options: Options | None,
    project: bool,
    explain: bool = False,
) -> list[Finding]:
    """:func:`check_source`'s work, in a frame of its own: when it returns, the analysis is
    freed, before the collector is given back."""
    options = options or Options()
    resolver = path = None
    if project:
        found = index_for(filename, options)
        if found is not None:
            index, resolver, path = found
            options = index.options  # with the project's [tool.async-orm-lint]
    mentions = source is None or mentions_orm(source, options)
    if not mentions and resolver is None:
        return []
    if tree is None:
        tree = _parse(source, filename) if source is not None else None
        if tree is None:
            return []
    if not mentions and not _imports_project(tree, resolver):
        return []
    rules = _rules(select)
    if not rules:
        return []
    evaluator = Evaluator(walk_module(tree, calls=_calls_asked(rules)), resolver, options)
    try:
        return _run(rules, evaluator, None if filename in NOT_FILES else filename, explain)
    finally:
        try:
            if resolver is not None:
                resolver.index.done_with(path, source, evaluator)
        finally:
            evaluator.release()


def _imports_project(tree: ast.Module, resolver) -> bool:
    """Does the module import a module of its project (where evidence may come from)?"""
    index = resolver.index
    for statement in tree.body:
        if isinstance(statement, ast.ImportFrom):
            if statement.level or (statement.module and index.is_project_package(statement.module.split(".")[0])):
                return True
        elif isinstance(statement, ast.Import):
            if any(index.is_project_package(alias.name.split(".")[0]) for alias in statement.names):
                return True
    return False


def check_tree(
    tree: ast.Module,
    *,
    select: Iterable[str] | None = None,
    resolver: Resolver | None = None,
    options: Options | None = None,
) -> list[Finding]:
    """Run the rules over an already parsed module (raises on internal errors)."""
    rules = _rules(select)
    if not rules:
        return []
    return _run(rules, Evaluator(walk_module(tree, calls=_calls_asked(rules)), resolver, options), None)


def _calls_asked(rules: Sequence[Rule]) -> frozenset[str]:
    """The names whose calls the walk collects: those the rules ask about."""
    key = tuple(type(rule) for rule in rules)
    found = _CALLS_ASKED.get(key)
    if found is None:
        found = _CALLS_ASKED[key] = frozenset().union(*(rule.calls for rule in rules))
    return found


_CALLS_ASKED: dict[tuple[type[Rule], ...], frozenset[str]] = {}


def _run(rules: Sequence[Rule], evaluator: Evaluator, path: str | None, explain: bool = False) -> list[Finding]:
    analysis = Analysis(evaluator.scopes, evaluator, path)
    findings: set[Finding] = set()
    for rule in rules:
        findings.update(rule.check(analysis))
    found = sorted(findings)
    return explained(found, analysis) if explain else found


def internal_error(error: BaseException) -> Finding:
    return Finding(
        1,
        0,
        INTERNAL_ERROR,
        f"async-orm-lint failed on this file ({type(error).__name__}: {error}); "
        "the file was not checked, please report this to the async-orm-lint issue tracker",
    )


def _rules(select: Iterable[str] | None) -> Sequence[Rule]:
    wanted = DEFAULT_CODES if select is None else set(select)
    return [rule() for rule in RULES if rule.code in wanted]


def _parse(source: str, filename: str) -> ast.Module | None:
    try:
        return ast.parse(source, filename=filename)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None
