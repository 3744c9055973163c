"""pylint: ``--help-msg`` explains a message (why, fix, documentation); ``json2`` carries the end of
the reported node."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from async_orm_lint import docs
from async_orm_lint.rules import RULES

SOURCE = textwrap.dedent(
    """\
    from sqlalchemy.ext.asyncio import AsyncSession


    async def f(session: AsyncSession, obj) -> None:
        session.commit()
        await session.add(obj)
    """
)


def _pylint(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "empty-pylintrc").write_text("")
    return subprocess.run(
        [
            sys.executable, "-m", "pylint", "--rcfile=empty-pylintrc", "--persistent=n",
            "--load-plugins=async_orm_lint.pylint_plugin", *args,
        ],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_message_description_has_the_why_the_fix_and_the_docs(rule) -> None:
    from async_orm_lint.pylint_plugin import AsyncOrmChecker  # pylint: disable=import-outside-toplevel

    description = AsyncOrmChecker.msgs[rule.pylint_id][2]
    assert description == docs.plain_help(rule)
    assert description.startswith(f"{rule.code}: ")
    assert " Why: " in description and " Fix: " in description
    assert f"async-orm-lint --explain {rule.code}" in description
    assert docs.docs_url(rule.code) in description
    assert "```" not in description and "##" not in description


@pytest.mark.slow
def test_help_msg(tmp_path: Path) -> None:
    completed = _pylint(tmp_path, "--help-msg=E5801")
    assert completed.returncode == 0, completed.stderr
    text = " ".join(completed.stdout.split())
    assert text.startswith(":async-orm-missing-await (E5801): ORM101: Coroutine of the async ORM API")
    assert "Why: Calling a coroutine function only creates a coroutine object" in text
    assert "Fix: instead of `session.commit()` write `await session.commit()`." in text
    assert "`async-orm-lint --explain ORM101`" in text and "docs/rules.md#orm101" in text
    assert len(completed.stdout.splitlines()) > 10


@pytest.mark.slow
def test_json2_carries_the_end(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(SOURCE)
    completed = _pylint(tmp_path, "--disable=all", "--enable=async-orm", "--output-format=json2", "m.py")
    messages = json.loads(completed.stdout)["messages"]
    assert [(m["messageId"], m["line"], m["column"], m["endLine"], m["endColumn"]) for m in messages] == [
        ("E5801", 5, 4, 5, 20),
        ("E5802", 6, 4, 6, 26),
    ]
