"""The command's output formats: one function per format, over what a run found.

A format reads :class:`Reported` records: the engine's
:class:`~async_orm_lint.findings.Finding` as it is, the file it is in, its
columns counted in characters from 1, and the :class:`Fix` that ``--fix``
would apply, if any.  What the engine adds to a finding later (the evidence
behind it, say) reaches every format as a field of ``reported.finding``: the
format that shows it reads it there, and nothing between the engine and the
formats changes.

Files that could not be checked are :class:`Problem` records: the command
prints them on stderr in every format, and SARIF also carries them as
notifications of its invocation.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Callable, NamedTuple
from urllib.parse import quote

from . import PROJECT_URL, __version__
from .docs import INTERNAL_ERROR_TEXT, docs_url, rule_markdown, sections
from .engine import CODES, INTERNAL_ERROR, INTERNAL_ERROR_PYLINT_ID, INTERNAL_ERROR_SYMBOL
from .findings import Finding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"


class Edit(NamedTuple):
    """Replace the text from (line, column) to (end_line, end_column), exclusive, by ``text``.

    Lines and columns count from 1, columns in characters; an insertion has its end at its start.
    """

    line: int
    column: int
    end_line: int
    end_column: int
    text: str


class Fix(NamedTuple):
    description: str
    edits: tuple[Edit, ...]


class Step(NamedTuple):
    """One step of the evidence behind a finding, as the formats show it (see :mod:`.explain`)."""

    path: str
    line: int
    #: 1-based, in characters
    column: int
    message: str


class Reported(NamedTuple):
    """One finding of one file, as the formats show it."""

    #: the file as the command was given or found it (``./app/x.py`` for ``.``, as flake8 shows it)
    path: str
    finding: Finding
    #: 1-based columns, in characters (the engine's are ``ast``'s: 0-based, in UTF-8 bytes)
    column: int
    end_column: int | None
    fix: Fix | None = None
    #: why the linter believes it (computed when the run asks: ``--show-evidence``, SARIF)
    evidence: tuple[Step, ...] = ()

    @property
    def line(self) -> int:
        return self.finding.line

    @property
    def end_line(self) -> int | None:
        return self.finding.end_line

    @property
    def code(self) -> str:
        return self.finding.code

    @property
    def message(self) -> str:
        return self.finding.message

    @property
    def symbol(self) -> str:
        return symbol(self.code)


class Problem(NamedTuple):
    """A file (or directory) that could not be checked, and why."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        return f"{where}: {self.message}"


class Results(NamedTuple):
    reported: list[Reported]
    problems: list[Problem]


def symbol(code: str) -> str:
    rule = CODES.get(code)
    return rule.symbol if rule is not None else INTERNAL_ERROR_SYMBOL


def level(code: str) -> str:
    """``error`` or ``warning``, as the rule's pylint id says (E or W)."""
    rule = CODES.get(code)
    pylint_id = rule.pylint_id if rule is not None else INTERNAL_ERROR_PYLINT_ID
    return "warning" if pylint_id[0] in "WRC" else "error"


def relative(path: str) -> str:
    """``path`` relative to the working directory when it is under it, with ``/`` separators."""
    absolute = os.path.abspath(path)
    try:
        shown = os.path.relpath(absolute)
    except ValueError:  # another drive (Windows)
        return Path(absolute).as_posix()
    if shown == os.pardir or shown.startswith(os.pardir + os.sep):
        return Path(absolute).as_posix()
    return Path(shown).as_posix()


# ---------------------------------------------------------------------------
# text, json, github, gitlab
# ---------------------------------------------------------------------------


def text(results: Results) -> str:
    """flake8's ``path:line:column: CODE message``; the steps of its evidence, when asked for, indented
    under each finding."""
    lines = []
    for r in results.reported:
        lines.append(f"{r.path}:{r.line}:{r.column}: {r.code} {r.message}\n")
        lines.extend(f"    {relative(step.path)}:{step.line}:{step.column}: {step.message}\n" for step in r.evidence)
    return "".join(lines)


def as_json(results: Results) -> str:
    """A list of findings; each has ``evidence`` (a list of steps) when the run asked for it."""
    return json.dumps(
        [
            _with_evidence(r, {
                "path": relative(r.path),
                "line": r.line,
                "column": r.column,
                "code": r.code,
                "message": r.message,
                "symbol": r.symbol,
                "end_line": r.end_line,
                "end_column": r.end_column,
            })
            for r in results.reported
        ],
        indent=2,
    ) + "\n"


def _with_evidence(r: Reported, entry: dict) -> dict:
    if r.evidence:
        entry["evidence"] = [
            {"path": relative(step.path), "line": step.line, "column": step.column, "message": step.message}
            for step in r.evidence
        ]
    return entry


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(results: Results) -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation of the pull request."""
    lines = []
    for r in results.reported:
        properties = {"file": relative(r.path), "line": r.line, "col": r.column}
        if r.end_line is not None and r.end_column is not None:
            properties.update(endLine=r.end_line, endColumn=r.end_column)
        properties["title"] = r.code
        lines.append(_workflow_command(level(r.code), properties, r.message))
    for problem in results.problems:
        properties = {"file": relative(problem.path)}
        if problem.line is not None:
            properties["line"] = problem.line
        properties["title"] = "async-orm-lint"
        lines.append(_workflow_command("error", properties, f"not checked: {problem.message}"))
    return "".join(line + "\n" for line in lines)


def _workflow_command(command: str, properties: dict[str, object], message: str) -> str:
    joined = ",".join(f"{name}={_escape_property(str(value))}" for name, value in properties.items())
    return f"::{command} {joined}::{_escape_data(message)}"


def gitlab(results: Results) -> str:
    """GitLab's code quality report (the Code Climate format)."""
    seen: dict[tuple[str, str, str], int] = {}
    issues = []
    for r in results.reported:
        path = relative(r.path)
        key = (path, r.code, r.message)
        seen[key] = seen.get(key, 0) + 1
        # stable when lines move: the same finding keeps its fingerprint
        fingerprint = hashlib.sha256("\0".join((*key, str(seen[key]))).encode("utf-8")).hexdigest()
        issues.append(
            {
                "description": f"{r.code} {r.message}",
                "check_name": r.code,
                "fingerprint": fingerprint,
                "severity": "major" if level(r.code) == "error" else "minor",
                "location": {"path": path, "lines": {"begin": r.line, "end": r.end_line or r.line}},
            }
        )
    return json.dumps(issues, indent=2) + "\n"


# ---------------------------------------------------------------------------
# SARIF 2.1.0
# ---------------------------------------------------------------------------


def sarif(results: Results) -> str:
    return json.dumps(sarif_log(results), indent=2) + "\n"


def sarif_log(results: Results) -> dict:
    rules = sarif_rules()
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    run = {
        "tool": {
            "driver": {
                "name": "async-orm-lint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": PROJECT_URL,
                "rules": rules,
            }
        },
        "invocations": [
            {
                "executionSuccessful": not results.problems,
                "toolExecutionNotifications": [_notification(problem) for problem in results.problems],
            }
        ],
        "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [_sarif_result(r, index[r.code]) for r in results.reported],
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def sarif_rules() -> list[dict]:
    rules = [
        {
            "id": INTERNAL_ERROR,
            "name": INTERNAL_ERROR_SYMBOL,
            "shortDescription": {"text": "The linter itself failed on a file."},
            "fullDescription": {"text": INTERNAL_ERROR_TEXT},
            "help": {"text": INTERNAL_ERROR_TEXT, "markdown": INTERNAL_ERROR_TEXT},
            "defaultConfiguration": {"level": level(INTERNAL_ERROR)},
            "properties": {"pylintId": INTERNAL_ERROR_PYLINT_ID},
        }
    ]
    for code, rule in CODES.items():
        if rule is None:
            continue
        documentation = rule_markdown(rule)
        rules.append(
            {
                "id": code,
                "name": rule.symbol,
                "shortDescription": {"text": f"{rule.summary[0].upper()}{rule.summary[1:]}."},
                "fullDescription": {"text": sections(rule).get("What it does", rule.summary)},
                "help": {"text": documentation, "markdown": documentation},
                "helpUri": docs_url(code),
                "defaultConfiguration": {
                    "level": level(code), **({} if rule.enabled_by_default else {"enabled": False})
                },
                "properties": {"pylintId": rule.pylint_id, "tags": ["sqlalchemy", "asyncio", "correctness"]},
            }
        )
    return rules


def _location(path: str, region: dict | None = None) -> dict:
    physical: dict = {"artifactLocation": _artifact(path)}
    if region is not None:
        physical["region"] = region
    return {"physicalLocation": physical}


def _artifact(path: str) -> dict:
    shown = relative(path)
    if os.path.isabs(shown) or (len(shown) > 1 and shown[1] == ":"):
        return {"uri": Path(shown).as_uri()}
    return {"uri": quote(shown), "uriBaseId": SRCROOT}


def _region(line: int, column: int | None, end_line: int | None, end_column: int | None) -> dict:
    region: dict = {"startLine": line}
    if column is not None:
        region["startColumn"] = column
    if end_line is not None and end_column is not None:
        region.update(endLine=end_line, endColumn=end_column)
    return region


def _sarif_result(r: Reported, rule_index: int) -> dict:
    result = {
        "ruleId": r.code,
        "ruleIndex": rule_index,
        "level": level(r.code),
        "message": {"text": r.message},
        "locations": [_location(r.path, _region(r.line, r.column, r.end_line, r.end_column))],
    }
    if r.fix is not None:
        result["fixes"] = [_sarif_fix(r.path, r.fix)]
    if r.evidence:  # code scanning shows them with the alert
        result["relatedLocations"] = [
            {**_location(step.path, _region(step.line, step.column, None, None)), "id": number,
             "message": {"text": step.message}}
            for number, step in enumerate(r.evidence, 1)
        ]
    return result


def _sarif_fix(path: str, fix: Fix) -> dict:
    replacements = []
    for edit in fix.edits:
        replacement: dict = {"deletedRegion": _region(edit.line, edit.column, edit.end_line, edit.end_column)}
        if edit.text:
            replacement["insertedContent"] = {"text": edit.text}
        replacements.append(replacement)
    return {
        "description": {"text": fix.description},
        "artifactChanges": [{"artifactLocation": _artifact(path), "replacements": replacements}],
    }


def _notification(problem: Problem) -> dict:
    region = _region(problem.line, problem.column, None, None) if problem.line is not None else None
    return {
        "level": "error",
        "message": {"text": f"{relative(problem.path)} was not checked: {problem.message}"},
        "locations": [_location(problem.path, region)],
    }


FORMATS: dict[str, Callable[[Results], str]] = {
    "text": text,
    "json": as_json,
    "sarif": sarif,
    "github": github,
    "gitlab": gitlab,
}
