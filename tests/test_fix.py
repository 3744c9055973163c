"""``--fix`` and ``--diff``: what is edited, what is refused, and that fixed code compiles, lints
clean for the fixed codes and runs like the good examples."""

from __future__ import annotations

import ast
import difflib
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from async_orm_lint import cli
from async_orm_lint.checking import Job, Selection, Settings, check_file
from async_orm_lint.engine import check_source
from async_orm_lint.options import Options
from examples_support import EXAMPLES, example_files, observations, rule_of

HEADER = textwrap.dedent(
    """\
    from sqlalchemy import select
    from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

    engine = create_async_engine("sqlite+aiosqlite://")


    """
)
FIXED_CODES = ("ORM101", "ORM102")


def _module(body: str, signature: str = "async def f(session: AsyncSession, q, obj):") -> str:
    return HEADER + signature + "\n" + textwrap.indent(textwrap.dedent(body), "    ")


def _fix(tmp_path: Path, source: str, mode: str = "fix", name: str = "m.py") -> tuple[str, list[str]]:
    """The fixed text (the text itself when nothing was fixed) and the notes of refused fixes."""
    path = tmp_path / name
    path.write_bytes(source.encode("utf-8"))
    result = check_file(Job(str(path)), Settings(Options(cache_dir="off"), Selection(None), mode))
    assert not result.problems, result.problems
    return (result.fixed_source if result.fixed_source is not None else source), list(result.notes)


def _codes_on_lines(source: str, lines: set[int]) -> list[str]:
    return [f.code for f in check_source(source, "<fixed>") if f.line in lines and f.code in FIXED_CODES]


def _edited_lines(before: str, after: str) -> set[int]:
    lines = set()
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines())
    for tag, _, _, start, end in matcher.get_opcodes():
        if tag != "equal":
            lines.update(range(start + 1, max(end, start + 1) + 1))
    return lines


FIXES = {
    "statement": ("session.commit()\n", "await session.commit()\n"),
    "comment kept": ("session.commit()  # save it\n", "await session.commit()  # save it\n"),
    "assigned": ("user = session.get(obj, 1)\nprint(user)\n", "user = await session.get(obj, 1)\nprint(user)\n"),
    "chained method": (
        "rows = session.execute(q).scalars()\nprint(rows)\n",
        "rows = (await session.execute(q)).scalars()\nprint(rows)\n",
    ),
    "already in parentheses": (
        "rows = (session.execute(q)).scalars()\nprint(rows)\n",
        "rows = (await session.execute(q)).scalars()\nprint(rows)\n",
    ),
    "attribute": ("name = session.get(obj, 1).name\n", "name = (await session.get(obj, 1)).name\n"),
    "comparison": (
        "if session.get(obj, 1) is None:\n    return\n",
        "if (await session.get(obj, 1)) is None:\n    return\n",
    ),
    "condition": ("if session.get(obj, 1):\n    return\n", "if await session.get(obj, 1):\n    return\n"),
    "builtin argument": ("n = len(session.execute(q))\n", "n = len(await session.execute(q))\n"),
    "comprehension": (
        "names = [session.get(obj, i).name for i in range(3)]\n",
        "names = [(await session.get(obj, i)).name for i in range(3)]\n",
    ),
    "multi-line call": (
        "rows = session.execute(\n    q,  # the query\n).scalars()\nprint(rows)\n",
        "rows = (await session.execute(\n    q,  # the query\n)).scalars()\nprint(rows)\n",
    ),
    "text before the call": (
        "label = {'é€': session.get(obj, 1).name}\n",
        "label = {'é€': (await session.get(obj, 1)).name}\n",
    ),
    "await removed": ("await session.add(obj)\n", "session.add(obj)\n"),
    "await removed with its parentheses": (
        "result = await session.execute(q)\nrows = (await result.scalars()).all()\nprint(rows)\n",
        "result = await session.execute(q)\nrows = result.scalars().all()\nprint(rows)\n",
    ),
    "await removed from a returned value": (
        "result = await session.execute(q)\nreturn await result.scalars().all()\n",
        "result = await session.execute(q)\nreturn result.scalars().all()\n",
    ),
    # two passes: awaiting the call leaves `await (await ...).scalars()`, whose outer await ORM102 removes
    "await moved to the call": (
        "cities = await session.execute(q).scalars()\nprint(cities)\n",
        "cities = (await session.execute(q)).scalars()\nprint(cities)\n",
    ),
    "several on one line": (
        "session.add(obj); session.commit(); await session.expunge(obj)\n",
        "session.add(obj); await session.commit(); session.expunge(obj)\n",
    ),
}


@pytest.mark.parametrize("case", FIXES, ids=list(FIXES))
def test_fix(tmp_path: Path, case: str) -> None:
    before, after = (_module(text) for text in FIXES[case])
    assert any(f.code in FIXED_CODES for f in check_source(before, "<before>")), "the snippet has no finding"
    fixed, notes = _fix(tmp_path, before)
    assert fixed == after
    assert notes == []
    compile(fixed, "<fixed>", "exec")
    assert _codes_on_lines(fixed, _edited_lines(before, fixed)) == []
    assert _fix(tmp_path, fixed)[0] == fixed  # idempotent


def test_returned_from_a_function_declared_to_return_a_value(tmp_path: Path) -> None:
    before = _module("return session.scalar(q)\n", "async def count(session: AsyncSession, q) -> int:")
    assert _fix(tmp_path, before)[0] == before.replace("return session", "return await session")


def test_line_endings_and_encoding_are_kept(tmp_path: Path) -> None:
    before = _module("session.commit()\n").replace("\n", "\r\n")
    fixed, _ = _fix(tmp_path, before)
    assert fixed == before.replace("session.commit()", "await session.commit()")
    latin = "# -*- coding: latin-1 -*-\n" + _module("print('é')\nsession.commit()\n")
    path = tmp_path / "latin.py"
    path.write_bytes(latin.encode("latin-1"))
    assert cli.main(["-j1", "--fix", str(path)]) == 0
    assert path.read_bytes() == latin.replace("    session.commit", "    await session.commit").encode("latin-1")


REFUSED = {
    "sync function": (
        "session.commit()\n", "def f(session: AsyncSession):", "not in an `async def`",
    ),
    "lambda": (
        "callback = lambda: session.get(obj, 1).name\n", None, "inside a lambda",
    ),
    "generator expression": (
        "names = list(session.get(obj, i).name for i in range(3))\n", None, "inside a generator expression",
    ),
    "await or async with": (
        "session.begin()\n", None, "an `await` or an `async with` would both be right",
    ),
    "async with": (
        "await engine.begin()\n", None, "the fix is an `async with` or `async for` statement",
    ),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_refused(tmp_path: Path, case: str) -> None:
    body, signature, reason = REFUSED[case]
    before = _module(body, signature) if signature else _module(body)
    assert any(f.code in FIXED_CODES for f in check_source(before, "<before>")), "the snippet has no finding"
    fixed, notes = _fix(tmp_path, before)
    assert fixed == before
    assert len(notes) == 1 and reason in notes[0], notes


def test_noqa_is_not_fixed(tmp_path: Path) -> None:
    before = _module("session.commit()  # noqa: ORM101\nsession.flush()\n")
    fixed, _ = _fix(tmp_path, before)
    assert fixed == before.replace("    session.flush()", "    await session.flush()")


def test_a_finding_whose_position_matches_no_node_is_refused() -> None:
    from async_orm_lint import fix  # pylint: disable=import-outside-toplevel

    source = _module("session.commit()\n")
    tree = ast.parse(source)
    real = next(f for f in check_source(source, "<m>") if f.code == "ORM101")
    moved = real._replace(col=real.col + 1)
    assert fix.plan(moved, tree, fix.parents_of(tree), fix.Lines(source)) == (
        "no expression of the file is at the finding's position"
    )
    assert isinstance(fix.plan(real, tree, fix.parents_of(tree), fix.Lines(source)), fix.Planned)


def test_diff_prints_and_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _module("session.commit()\n")
    path = tmp_path / "m.py"
    path.write_text(before)
    assert cli.main(["-j1", "--diff", str(path)]) == 1
    captured = capsys.readouterr()
    assert path.read_text() == before
    assert f"--- {path}\n+++ {path}\n" in captured.out
    assert "-    session.commit()\n+    await session.commit()\n" in captured.out
    assert "would fix 1 finding in 1 file" in captured.err
    assert cli.main(["-j1", "--fix", str(path)]) == 0
    assert "fixed 1 finding in 1 file" in capsys.readouterr().err
    assert cli.main(["-j1", "--diff", str(path)]) == 0
    assert capsys.readouterr().out == ""


def test_fix_reports_what_is_left(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "m.py"
    path.write_text(_module("session.commit()\nsession.begin()\n"))
    assert cli.main(["-j1", "--fix", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out.count("ORM101") == 1 and ":9:5: ORM101" in captured.out
    assert "ORM101 not fixed: an `await` or an `async with` would both be right" in captured.err


def test_fix_standard_input(tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    import io  # pylint: disable=import-outside-toplevel

    before = _module("session.commit()\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(before.encode())))
    assert cli.main(["-j1", "--fix", "-"]) == 0
    assert capsys.readouterr().out == before.replace("    session.commit", "    await session.commit")


@pytest.fixture(scope="module")
def fixed_examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every bad example, fixed by the command (in a copy)."""
    directory = tmp_path_factory.mktemp("fixed") / "bad"
    shutil.copytree(EXAMPLES / "bad", directory)
    status = cli.main(["-j1", "--fix", "--select", ",".join(sorted(FIXED_CODES)), str(directory)])
    assert status == 0  # every ORM101 and ORM102 of the examples is fixed
    return directory


@pytest.mark.parametrize("original", example_files("bad"), ids=lambda p: p.name)
def test_examples_fixed(fixed_examples: Path, original: Path) -> None:
    before = original.read_text(encoding="utf-8")
    after = (fixed_examples / original.name).read_text(encoding="utf-8")
    if rule_of(original) not in FIXED_CODES:
        assert after == before
        return
    assert after != before
    compile(after, original.name, "exec")
    assert _codes_on_lines(after, _edited_lines(before, after)) == []
    assert [f for f in check_source(after, str(fixed_examples / original.name)) if f.code in FIXED_CODES] == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "original", [p for p in example_files("bad") if rule_of(p) in FIXED_CODES], ids=lambda p: p.name
)
def test_fixed_examples_run_like_the_good_ones(fixed_examples: Path, original: Path) -> None:
    env = {**os.environ, "DATABASE_URL": "sqlite+aiosqlite:///:memory:", "PYTHONWARNINGS": "default"}
    completed = subprocess.run(
        [sys.executable, str(fixed_examples / original.name)], capture_output=True, text=True, env=env, timeout=120
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert "Traceback" not in output and "Warning" not in completed.stderr, output
    for seen in observations(EXAMPLES / "good" / original.name):
        assert seen in output
    for bug in observations(original):
        assert bug not in output
