"""Robustness: the linter must never crash its host, never execute the code it
checks, stay silent on code it does not understand, and finish in bounded time.

1. Bad input (syntax errors, null bytes, odd encodings, line endings, deep
   nesting, other libraries' ``session``/``execute``/``commit``) gets no crash
   and no finding beyond the real ones (huge files and projects:
   ``test_pathological.py``).
2. The ``ORM000`` path: an internal error becomes one finding, in the engine
   and through the flake8 plugin; the checked code is never imported.
3. Sweeps (``-m sweep``, also ``slow``): the standard library, the packages
   installed in the test environment (SQLAlchemy and SQLModel whole, a sample of
   the others), and a small deterministic fuzz of ``examples/``
   (``test_fuzz.py`` fuzzes with Hypothesis, ``test_pathological.py`` stresses
   the project index).

The stress inputs mention ``sqlalchemy`` on purpose: files that do not are
skipped by the engine's cheap pre-test, and would prove nothing.
"""

from __future__ import annotations

import ast
import contextlib
import gc
import hashlib
import io
import os
import random
import signal
import sys
import sysconfig
import textwrap
import threading
import time
import tokenize
import warnings
from pathlib import Path

import pytest

import async_orm_lint.engine as engine
import hosts
import async_orm_lint.facts as facts
import async_orm_lint.project as project
from async_orm_lint.engine import INTERNAL_ERROR, check_source, codes_to_run
from async_orm_lint.evaluate import MAX_CHAIN
from async_orm_lint.findings import Finding
from async_orm_lint.options import CACHE_OFF, Options
from async_orm_lint.flake8_plugin import Flake8Plugin
from async_orm_lint.rules import RULES
from async_orm_lint.rules.orm101_missing_await import MissingAwait

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

HEADER = "from sqlalchemy.ext.asyncio import AsyncSession\n"
#: A real ORM101 appended to stress inputs: finding it proves that the engine
#: went through the whole module instead of giving up early.
BUG = "\n\nasync def _real_bug(session: AsyncSession) -> None:\n    session.commit()\n"
COMMIT_NEVER_AWAITED = "`AsyncSession.commit()` is a coroutine that is never awaited: add `await`"


# -- helpers ------------------------------------------------------------------


class _DeadlineExceeded(BaseException):
    """Not an ``Exception``: check_source must not turn it into ORM000."""


@contextlib.contextmanager
def deadline(seconds: float, what: str):
    """Fail (instead of hanging) when the body runs longer than ``seconds``."""

    def expire(signum, frame):
        raise _DeadlineExceeded

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    start = time.perf_counter()
    try:
        yield
    except _DeadlineExceeded:
        pytest.fail(f"{what}: not finished after {seconds} s (aborted)")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    elapsed = time.perf_counter() - start
    assert elapsed < seconds, f"{what}: took {elapsed:.1f} s, budget {seconds} s"


def lint(
    source: str, *, tree: ast.Module | None = None, budget: float = 10.0, what: str = "check_source"
) -> list[Finding]:
    """check_source under a time budget; it must return a list, never raise."""
    with deadline(budget, what):
        findings = check_source(source, "<test>", tree)
    assert isinstance(findings, list)
    return findings


def codes_and_lines(findings: list[Finding]) -> list[tuple[int, str]]:
    return [(finding.line, finding.code) for finding in findings]


def bug_line(source: str) -> int:
    """The line of ``session.commit()`` in :data:`BUG` appended to ``source``."""
    return source.count("\n")  # BUG ends the source: its last line


def parses(source: str) -> bool:
    try:
        ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def parse_deep(source: str) -> ast.Module:
    """Parse what CPython's default recursion limit refuses, as a host with a
    higher limit would, in a thread with a big C stack; the engine then gets a
    tree deeper than its own recursion limit."""
    result: dict[str, object] = {}

    def work() -> None:
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(1_000_000)
        try:
            result["tree"] = ast.parse(source)
        except BaseException as error:  # noqa: BLE001 - reported below
            result["error"] = error
        finally:
            sys.setrecursionlimit(old)

    old_size = threading.stack_size(512 * 1024 * 1024)
    try:
        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
    finally:
        threading.stack_size(old_size)
    if "error" in result:
        raise AssertionError(f"test input does not parse even with a big stack: {result['error']!r}")
    return result["tree"]  # type: ignore[return-value]


def decode_like_flake8(data: bytes) -> str:
    """Bytes decoded with the PEP 263 / BOM rules (``tokenize.detect_encoding``)."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding)


def read_like_flake8(path: Path) -> str | None:
    """A file's text, or None when it does not decode."""
    try:
        return decode_like_flake8(path.read_bytes())
    except (SyntaxError, LookupError, UnicodeDecodeError):
        return None


#: the hosts must not leave bytecode next to the files they check
_NO_BYTECODE = {"PYTHONDONTWRITEBYTECODE": "1"}


def flake8(path: Path) -> hosts.Run:
    # --isolated: no configuration file of the machine or the project applies.
    return hosts.flake8(str(path), cwd=path.parent, select="ORM,E9", env=_NO_BYTECODE, timeout=180)


def pylint(path: Path) -> hosts.Run:
    rcfile = path.parent / "empty_pylintrc"
    rcfile.write_text("")
    return hosts.pylint(f"--rcfile={rcfile}", str(path), cwd=path.parent, env=_NO_BYTECODE, timeout=180)


def assert_host_survived(run: hosts.Run) -> str:
    output = run.output
    assert "Traceback" not in output, output
    assert "failed during execution" not in output, output  # flake8's plugin failure
    assert INTERNAL_ERROR not in output and "async-orm-internal-error" not in output, output
    return output


def reported(run: hosts.Run) -> list[tuple[int, int, str]]:
    """``(line, 1-based column, code)`` of what a host reported, pylint's ids as flake8's codes."""
    return [(finding.line, finding.col, finding.code) for finding in run.findings]


def reported_codes(run: hosts.Run) -> list[tuple[int, str]]:
    return [(finding.line, finding.code) for finding in run.findings]


# == 1. bad input: no crash, no finding ========================================

SYNTAX_ERRORS = {
    "unclosed paren": "x = (1,\ny = 2\n",
    "unexpected indent": "x = 1\n    y = 2\n",
    "unindent mismatch": "if x:\n        a = 1\n    b = 2\n",
    "tab error": "async def f(s: AsyncSession):\n\tif s:\n        s.commit()\n",
    "python 2 print": 'print "hello"\n',
    "unterminated string": 'x = "abc\n',
    "unterminated triple quote": 'x = """abc\n\nasync def f(s: AsyncSession):\n    s.commit()\n',
    "invalid character": "x = 1 $ 2\n",
    "bare await": "async def f(s: AsyncSession):\n    await\n",
    "bad star star": "f(**)\n",
    "walrus statement": "x := 1\n",
    "201 nested parens": "x = " + "(" * 201 + "1" + ")" * 201 + "\n",
    "100 indentation levels": "".join(" " * i + "if x:\n" for i in range(100)) + " " * 100 + "pass\n",
    "lone surrogate": 'x = "\ud800"\nasync def f(s: AsyncSession):\n    s.commit()\n',
    "bom character inside": "x = 1\n\ufeffy = 2\n",
    # a real bug, then a syntax error: the file cannot be parsed, so nothing
    "sqlalchemy bug then error": (
        "from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker\n"
        "import sqlalchemy as sa\n\n\n"
        "async def save(session: AsyncSession) -> None:\n"
        "    session.commit()\n"
        "    await session.add(sa.select(1)\n"
    ),
    "null byte in code": "async def f(s: AsyncSession):\n    s.commit()\x00\n",
    "null byte in string": 'x = "a\x00b"\nasync def f(s: AsyncSession):\n    s.commit()\n',
    "null byte in comment": "# \x00\nasync def f(s: AsyncSession):\n    s.commit()\n",
}


@pytest.mark.parametrize("source", list(SYNTAX_ERRORS.values()), ids=list(SYNTAX_ERRORS))
def test_unparsable_source_gets_no_finding(source):
    full = HEADER + source
    assert not parses(full), "the test input was meant not to parse"
    assert lint(full) == []


@pytest.mark.parametrize(
    "source",
    ["", "\n", "   \n\t\n", "# sqlalchemy\n", "\ufeff", "'''sqlalchemy'''", "import sqlalchemy"],
    ids=["empty", "newline", "whitespace", "comment", "bom only", "docstring", "no newline"],
)
def test_trivial_sources(source):
    assert lint(source) == []


def test_none_source_without_tree():
    assert check_source(None) == []


# -- line endings, tabs, encodings ---------------------------------------------

LINE_ENDING_CASES = {
    "crlf": ("\r\n", 7),
    "lone cr": ("\r", 7),
    "lf": ("\n", 7),
}


@pytest.mark.parametrize("newline,line", list(LINE_ENDING_CASES.values()), ids=list(LINE_ENDING_CASES))
def test_line_endings(newline, line):
    lines = [
        "from sqlalchemy.ext.asyncio import AsyncSession",
        "",
        "",
        "async def f(session: AsyncSession) -> None:",
        '    """Doc string\\',
        '    continued."""',
        "    session.commit()",
        "",
    ]
    source = newline.join(lines)
    findings = lint(source)
    assert findings == [Finding(line, 4, "ORM101", COMMIT_NEVER_AWAITED, line, 20)]
    # through the flake8 front-end, as flake8 splits lines
    tree = ast.parse(source)
    produced = list(Flake8Plugin(tree, source.splitlines(keepends=True), "x.py").run())
    assert [(row, col) for row, col, _, _ in produced] == [(line, 4)]


def test_tabs_and_form_feeds():
    source = HEADER + (
        "\x0c\n"
        "async def f(session: AsyncSession) -> None:\n"
        "\tif session:\n"
        "\t\tsession.commit()\n"
        "\tawait session.flush()\n"
    )
    assert codes_and_lines(lint(source)) == [(5, "ORM101")]


ENCODED_FILES = {
    # name: (bytes, line of the real ORM101)
    "latin-1 cookie": (
        b"# -*- coding: latin-1 -*-\n"
        b'"""Caf\xe9 cr\xe8me br\xfbl\xe9e."""\n'
        b"from sqlalchemy.ext.asyncio import AsyncSession\n\n\n"
        b"async def f(session: AsyncSession) -> None:\n"
        b'    """\xc7a marche \xb1 \xbd."""\n'
        b"    session.commit()\n",
        8,
    ),
    "utf-8 bom": (
        b"\xef\xbb\xbf"
        + (
            "from sqlalchemy.ext.asyncio import AsyncSession\n\n\n"
            "async def f(session: AsyncSession) -> None:\n"
            '    """Ça marche — 日本語."""\n'
            "    session.commit()\n"
        ).encode("utf-8"),
        6,
    ),
    "crlf": (
        b"from sqlalchemy.ext.asyncio import AsyncSession\r\n\r\n\r\n"
        b"async def f(session: AsyncSession) -> None:\r\n"
        b"    session.commit()\r\n",
        5,
    ),
}


@pytest.mark.parametrize("data,line", list(ENCODED_FILES.values()), ids=list(ENCODED_FILES))
def test_encoded_file_check_source(data, line):
    source = decode_like_flake8(data)
    assert codes_and_lines(lint(source)) == [(line, "ORM101")]


def test_bom_kept_in_str_does_not_crash():
    """A str that still carries the BOM (decoded as plain utf-8) cannot be parsed
    by ``ast.parse``; the engine must stay quiet, not crash (the front-ends
    strip the BOM, see test_encoded_file_flake8_cli/pylint_cli)."""
    data, _ = ENCODED_FILES["utf-8 bom"]
    source = data.decode("utf-8")
    assert source.startswith("\ufeff")
    assert not parses(source)
    assert lint(source) == []


@pytest.mark.slow
@pytest.mark.parametrize("data,line", list(ENCODED_FILES.values()), ids=list(ENCODED_FILES))
def test_encoded_file_flake8_cli(tmp_path, data, line):
    path = tmp_path / "encoded.py"
    path.write_bytes(data)
    process = flake8(path)
    output = assert_host_survived(process)
    assert reported_codes(process) == [(line, "ORM101")], output
    assert process.returncode == 1, output


@pytest.mark.slow
@pytest.mark.parametrize("data,line", list(ENCODED_FILES.values()), ids=list(ENCODED_FILES))
def test_encoded_file_pylint_cli(tmp_path, data, line):
    path = tmp_path / "encoded.py"
    path.write_bytes(data)
    process = pylint(path)
    output = assert_host_survived(process)
    assert reported(process) == [(line, 5, "ORM101")], output  # pylint prints E5801 at column 4
    assert process.returncode == 2, output  # 2: an error message was issued


#: flake8's own codes for a file it cannot read or parse (which one is flake8's business)
UNREADABLE = {"E902", "E999"}

INVALID_BYTES = {
    # name: (bytes, the findings of the linter: none where the text does not parse)
    "invalid utf-8 in code": (
        b"from sqlalchemy.ext.asyncio import AsyncSession\n\xe2\x82 = 1\n",
        [],
    ),
    "invalid utf-8 with a utf-8 cookie": (
        b"# -*- coding: utf-8 -*-\nfrom sqlalchemy.ext.asyncio import AsyncSession\n\xe2\x82 = 1\n",
        [],
    ),
    "null bytes": (
        b"from sqlalchemy.ext.asyncio import AsyncSession\n\n\nasync def f(s: AsyncSession):\n    s.commit()\x00\n",
        [],
    ),
    "unknown codec": (
        b"# -*- coding: klingon -*-\nfrom sqlalchemy.ext.asyncio import AsyncSession\nx = 1\n",
        [],
    ),
    # flake8 falls back to latin-1 and checks the text: the real bug is found in it
    "invalid utf-8 in a string, real bug": (
        b"from sqlalchemy.ext.asyncio import AsyncSession\n"
        b'NAME = "caf\xe9 \xff"\n\n\n'
        b"async def f(session: AsyncSession) -> None:\n"
        b"    session.commit()\n",
        [(6, "ORM101")],
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("data,expected", list(INVALID_BYTES.values()), ids=list(INVALID_BYTES))
def test_invalid_bytes_flake8_cli(tmp_path, data, expected):
    path = tmp_path / "broken.py"
    path.write_bytes(data)
    process = flake8(path)
    output = assert_host_survived(process)
    ours = [(line, code) for line, code in reported_codes(process) if code.startswith("ORM")]
    assert ours == expected, output
    assert {code for _, code in reported_codes(process) if not code.startswith("ORM")} <= UNREADABLE, output
    assert process.returncode == (1 if process.findings else 0), output


@pytest.mark.parametrize("data,expected", list(INVALID_BYTES.values()), ids=list(INVALID_BYTES))
def test_invalid_bytes_decoded_as_latin_1(data, expected):
    """The engine itself, on what a host that falls back to latin-1 hands it."""
    assert codes_and_lines(lint(data.decode("latin-1"))) == expected


# -- deep nesting, huge inputs ---------------------------------------------------


def _deep_cases() -> dict[str, tuple[str, list[tuple[int, str]] | None]]:
    """name: (source, expected findings besides BUG) -- None: just BUG."""
    cases: dict[str, tuple[str, list[tuple[int, str]] | None]] = {}

    source = HEADER + "\n\nasync def f(session: AsyncSession):\n    session" + ".a" * 5000 + ".commit()\n"
    cases["attribute chain 5000"] = (source, None)

    source = HEADER + "\n\nasync def f(session: AsyncSession):\n    x = session" + ".execute(q)" * 3000 + "\n"
    # the first execute() is a coroutine: the second is taken from it
    cases["call chain 3000"] = (source, [(5, "ORM101")])

    source = HEADER + "x = " + "(" * 200 + "1" + ")" * 200 + "\n"
    cases["200 nested parens"] = (source, None)

    in_function = HEADER + "\n\nasync def f(session: AsyncSession):\n    x = "
    source = in_function + "(" * 199 + "session.commit()" + ")" * 199 + "\n"
    cases["199 parens around a coroutine"] = (source, [(5, "ORM101")])

    source = HEADER + "x = " + "[" * 200 + "1" + "]" * 200 + "\n"
    cases["200 nested lists"] = (source, None)

    source = HEADER + "x = " + "+".join(["1"] * 100_000) + "\n"
    cases["binary chain 100k"] = (source, None)

    source = in_function + " + ".join(["session.get(A, 1)"] * 20_000) + "\n"
    cases["binary chain of coroutines 20k"] = (source, None)

    source = HEADER + "x = " + "not " * 5000 + "1\n"
    cases["unary chain 5000"] = (source, None)

    source = HEADER + "x = " + "a if b else " * 3000 + "1\n"
    cases["conditional chain 3000"] = (source, None)

    source = HEADER + "x = " + "lambda: " * 2000 + "1\n"
    cases["2000 nested lambdas"] = (source, None)

    body = "".join(" " * i + f"async def f{i}(session: AsyncSession):\n" for i in range(90))
    source = HEADER + body + " " * 90 + "session.commit()\n"
    cases["90 nested async functions"] = (source, [(92, "ORM101")])

    body = "async def f(session: AsyncSession):\n" + "".join(" " * (i + 1) + "if session:\n" for i in range(90))
    source = HEADER + body + " " * 91 + "session.commit()\n"
    cases["90 nested ifs"] = (source, [(93, "ORM101")])

    body = "".join(" " * i + f"class C{i}(AsyncSession):\n" for i in range(90))
    source = HEADER + body + " " * 90 + "async def m(self):\n" + " " * 91 + "self.commit()\n"
    cases["90 nested classes"] = (source, None)

    annotation = "Optional[" * 60 + "AsyncSession" + "]" * 60
    source = HEADER + "from typing import Optional\n\n\nasync def f(s: " + repr(annotation) + "):\n    s.commit()\n"
    cases["deep string annotation"] = (source, None)

    return cases


DEEP_CASES = _deep_cases()


@pytest.mark.parametrize("name", list(DEEP_CASES))
def test_deep_nesting(name):
    source, expected = DEEP_CASES[name]
    source += BUG
    expected = sorted((expected or []) + [(bug_line(source), "ORM101")])
    # the engine parses: what the default recursion limit refuses gets nothing
    findings = lint(source, budget=30, what=name)
    assert codes_and_lines(findings) == (expected if parses(source) else [])
    # a host handed it a tree deeper than the recursion limit: no RecursionError
    tree = parse_deep(source)
    findings = lint(source, tree=tree, budget=30, what=f"{name} (tree given)")
    assert codes_and_lines(findings) == expected


# -- long chains of bindings: a bounded search, never a crash ----------------------
#
# The evaluator follows at most MAX_CHAIN names, attributes and modules at once
# (async_orm_lint/evaluate.py): beyond it there is no evidence, so no finding,
# and a chain of any length must not recurse into ORM000.

ALIAS_CHAIN = 300


def _alias_chain(n: int) -> str:
    return (
        HEADER
        + "\n\nasync def f(s0: AsyncSession) -> None:\n"
        + "".join(f"    s{i + 1} = s{i}\n" for i in range(n))
        + f"    s{n}.commit()\n"
    )


def _attribute_chain(n: int) -> str:
    return (
        HEADER
        + "\n\nclass Repo:\n    def __init__(self, s: AsyncSession) -> None:\n        self.a0 = s\n"
        + "".join(f"        self.a{i + 1} = self.a{i}\n" for i in range(n))
        + f"\n    async def save(self) -> None:\n        self.a{n}.commit()\n"
    )


def _class_chain(n: int) -> str:
    return (
        HEADER
        + "\n\nclass S0(AsyncSession):\n    pass\n"
        + "".join(f"\n\nclass S{i + 1}(S{i}):\n    pass\n" for i in range(n))
        + f"\n\nasync def f(s: S{n}) -> None:\n    s.commit()\n"
    )


CHAINS = {"name aliases": _alias_chain, "self attributes": _attribute_chain, "subclasses": _class_chain}


@pytest.mark.parametrize("build", list(CHAINS.values()), ids=list(CHAINS))
def test_short_binding_chains_are_followed(build):
    """Control for the long chains below: the same code, 20 links long, is understood."""
    source = build(20)
    assert codes_and_lines(lint(source)) == [(source.count("\n"), "ORM101")]


@pytest.mark.parametrize("build", list(CHAINS.values()), ids=list(CHAINS))
def test_long_binding_chains_do_not_recurse(build):
    assert ALIAS_CHAIN > MAX_CHAIN
    source = build(ALIAS_CHAIN)
    findings = lint(source)
    assert INTERNAL_ERROR not in {finding.code for finding in findings}, findings[0].message
    # evidence past MAX_CHAIN is dropped: silence, never a crash
    assert findings == []


def test_deferred_awaits_in_a_big_scope_are_linear():
    n = 3000
    source = (
        HEADER
        + "\n\nasync def f(session: AsyncSession) -> None:\n"
        + "".join(f"    r{i} = session.execute(q{i})\n" for i in range(n))
        + "".join(f"    await r{i}\n" for i in range(n))
    )
    # ~6000 lines: linear work is well under a second
    assert lint(source, budget=3, what=f"{n} deferred awaits") == []


# -- other libraries' session / execute / commit / get ---------------------------

OTHER_LIBRARIES = {
    "aiohttp": """
        import aiohttp

        async def fetch(url: str) -> str:
            async with aiohttp.ClientSession() as session:
                async with session.get(url) as response:
                    response.raise_for_status()
                    return await response.text()

        async def post_all(session: aiohttp.ClientSession, urls: list[str]) -> None:
            requests = [session.post(url, json={}) for url in urls]
            for request in requests:
                async with request as response:
                    await response.release()
            session.close()  # an aiohttp bug, not ours to report
            closing = session.close()
            await session.get("x")
    """,
    "httpx": """
        import httpx

        async def get_user(client: httpx.AsyncClient, user_id: int) -> dict:
            response = await client.get(f"/users/{user_id}")
            response.raise_for_status()
            return response.json()

        def sync_get(session: httpx.Client) -> None:
            session.get("/").raise_for_status()
            session.close()

        async def main() -> None:
            async with httpx.AsyncClient() as session:
                pending = session.get("/")
                session.get("/").json()
                await session.aclose()
    """,
    "requests": """
        import requests

        def download(url):
            session = requests.Session()
            session.headers.update({"x": "y"})
            response = session.get(url, timeout=5)
            session.execute = session.get
            session.close()
            if session.get(url).ok:
                return response.content
    """,
    "redis asyncio": """
        import redis.asyncio as redis
        from redis.asyncio import Redis

        async def cache(r: redis.Redis, session: Redis) -> None:
            await r.set("k", "v")
            value = await r.get("k")
            async with r.pipeline(transaction=True) as pipe:
                pipe.set("a", 1).incr("b")
                await pipe.execute()
            pipe = r.pipeline()
            pipe.get("x")
            results = await pipe.execute()
            session.get("never awaited")
            await session.aclose()
    """,
    "databases": """
        import sqlalchemy
        from databases import Database

        metadata = sqlalchemy.MetaData()
        notes = sqlalchemy.Table("notes", metadata, sqlalchemy.Column("id", sqlalchemy.Integer))
        database = Database("postgresql+asyncpg://localhost/db")

        async def run(values: dict) -> None:
            await database.connect()
            async with database.transaction():
                await database.execute(query=notes.insert(), values=values)
                rows = await database.fetch_all(notes.select())
            transaction = await database.transaction()
            try:
                await database.execute(notes.delete())
            except Exception:
                await transaction.rollback()
            else:
                await transaction.commit()
            async with database.connection() as connection:
                await connection.execute(notes.select())
            database.execute(notes.select())
    """,
    "motor": """
        from motor.motor_asyncio import AsyncIOMotorClient

        client = AsyncIOMotorClient("mongodb://localhost")
        db = client.app

        async def users() -> None:
            await db.users.insert_one({"name": "x"})
            doc = await db.users.find_one({"name": "x"})
            cursor = db.users.find({})
            async for d in cursor:
                print(d)
            async with await client.start_session() as session:
                async with session.start_transaction():
                    await db.users.delete_one({}, session=session)
                    await session.commit_transaction()
                session.commit_transaction()
    """,
    "django orm": """
        from django.db import connection, transaction
        from myapp.models import User

        def rename(pk, name):
            user = User.objects.get(pk=pk)
            user.name = name
            user.save()
            with transaction.atomic():
                User.objects.filter(pk=pk).update(name=name)
            transaction.commit()
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()

        async def arename(pk, name):
            user = await User.objects.aget(pk=pk)
            await user.asave()
            users = [u async for u in User.objects.filter(active=True)]
            User.objects.get(pk=pk)
            await transaction.commit()
    """,
    "asyncpg and aiosqlite": """
        import aiosqlite
        import asyncpg

        async def pg() -> None:
            conn = await asyncpg.connect()
            await conn.execute("SELECT 1")
            async with conn.transaction():
                await conn.execute("SELECT 1")
            tr = conn.transaction()
            await tr.start()
            await tr.commit()
            conn.close()

        async def lite() -> None:
            async with aiosqlite.connect(":memory:") as db:
                await db.execute("create table t (x)")
                await db.commit()
                db.commit()
                async with db.execute("select 1") as cursor:
                    await cursor.fetchall()
    """,
    "lookalike AsyncSession classes": """
        from curl_cffi.requests import AsyncSession
        from myproject.http import AsyncSession as HttpSession

        async def crawl(s: AsyncSession, h: HttpSession) -> None:
            s.get("https://example.com")
            h.commit()
            await s.close()
            await h.add(1)
            session = AsyncSession()
            session.execute("x")

        class AsyncEngine:
            async def dispose(self) -> None: ...

        async def stop(engine: AsyncEngine) -> None:
            engine.dispose()
    """,
    "sqlalchemy sync api used correctly": """
        from sqlalchemy import create_engine, select
        from sqlalchemy.orm import Session, sessionmaker

        engine = create_engine("sqlite://")
        SessionLocal = sessionmaker(engine)

        def work() -> None:
            with SessionLocal() as session:
                session.add(object())
                session.execute(select(1)).scalars().all()
                session.commit()
            with Session(engine) as session, session.begin():
                session.get(object, 1)
            with engine.begin() as connection:
                connection.execute(select(1))
    """,
    "sqlalchemy async api used correctly": """
        import asyncio
        from sqlalchemy import select
        from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

        engine = create_async_engine("sqlite+aiosqlite://")
        factory = async_sessionmaker(engine)

        async def work(session: AsyncSession) -> list:
            session.add(object())
            result = await session.execute(select(1))
            rows = result.scalars().all()
            pending = session.commit()
            await pending
            await session.flush()
            await asyncio.gather(session.refresh(object()), other_work())
            task = asyncio.create_task(session.commit())
            async with factory() as other, other.begin():
                await other.get(object, 1)
            async with engine.begin() as connection:
                await connection.run_sync(lambda c: None)
            return rows
    """,
}


@pytest.mark.parametrize("code", list(OTHER_LIBRARIES.values()), ids=list(OTHER_LIBRARIES))
def test_other_libraries_get_no_finding(code, monkeypatch):
    source = textwrap.dedent(code)
    assert parses(source)
    # a file of the same project that also imports sqlalchemy
    mixed = "import sqlalchemy as sa\n" + source
    assert lint(mixed) == []
    # and without the cheap pre-test, so the analysis really runs on them
    monkeypatch.setattr(engine, "mentions_orm", lambda text, options=None: True)
    assert lint(source) == []


# == 2. the ORM000 path; the code is never executed ============================

SOURCE_WITH_BUG = HEADER + "\n\nasync def f(session: AsyncSession) -> None:\n    session.commit()\n"


def _boom(self, analysis):
    raise ValueError("boom from a test")


@pytest.mark.parametrize("rule", RULES, ids=[rule.code for rule in RULES])
def test_internal_error_becomes_one_orm000(monkeypatch, rule):
    monkeypatch.setattr(rule, "check", _boom)
    findings = check_source(SOURCE_WITH_BUG, "x.py", select=codes_to_run([rule.code]))  # off by default too
    assert len(findings) == 1, findings
    [finding] = findings
    assert (finding.line, finding.col, finding.code) == (1, 0, INTERNAL_ERROR)
    assert "ValueError" in finding.message and "boom from a test" in finding.message


def test_internal_error_in_the_walk_becomes_orm000(monkeypatch):
    def broken_walk(tree, *args, **kwargs):
        del args, kwargs
        raise RecursionError("maximum recursion depth exceeded (test)")

    monkeypatch.setattr(engine, "walk_module", broken_walk)
    assert codes_and_lines(check_source(SOURCE_WITH_BUG)) == [(1, INTERNAL_ERROR)]
    assert "RecursionError" in check_source(SOURCE_WITH_BUG)[0].message


def test_internal_error_is_reported_only_once(monkeypatch):
    """Every rule failing still gives one ORM000, not one per rule."""
    for rule in RULES:
        monkeypatch.setattr(rule, "check", _boom)
    assert codes_and_lines(check_source(SOURCE_WITH_BUG)) == [(1, INTERNAL_ERROR)]


def test_internal_error_through_flake8_plugin(monkeypatch):
    monkeypatch.setattr(MissingAwait, "check", _boom)
    tree = ast.parse(SOURCE_WITH_BUG)
    plugin = Flake8Plugin(tree, SOURCE_WITH_BUG.splitlines(keepends=True), "x.py")
    produced = list(plugin.run())
    assert len(produced) == 1, produced
    line, col, text, kind = produced[0]
    assert (line, col, kind) == (1, 0, Flake8Plugin)
    assert text.startswith("ORM000 ") and "ValueError" in text


def test_flake8_plugin_without_internal_error():
    """Control for the test above: the same file gives its real finding."""
    tree = ast.parse(SOURCE_WITH_BUG)
    produced = list(Flake8Plugin(tree, SOURCE_WITH_BUG.splitlines(keepends=True), "x.py").run())
    assert [(line, col, text.split()[0]) for line, col, text, _ in produced] == [(5, 4, "ORM101")]


def test_keyboard_interrupt_is_not_swallowed(monkeypatch):
    """Ctrl-C must still stop the host; only ``Exception`` becomes ORM000."""

    def interrupt(self, analysis):
        raise KeyboardInterrupt

    monkeypatch.setattr(MissingAwait, "check", interrupt)
    with pytest.raises(KeyboardInterrupt):
        check_source(SOURCE_WITH_BUG)


@pytest.mark.parametrize("enabled", [True, False])
@pytest.mark.parametrize("failure", [None, _boom], ids=["clean", "internal-error"])
def test_garbage_collector_left_as_it_was(monkeypatch, enabled, failure):
    """The collector is paused during a check and given back in the state the host left it."""
    seen = []

    def spy(self, analysis):
        seen.append(gc.isenabled())
        if failure is not None:
            failure(self, analysis)
        return iter(())

    monkeypatch.setattr(MissingAwait, "check", spy)
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        check_source(SOURCE_WITH_BUG, "x.py")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
    assert seen == [False]


def _booby_trapped(marker: Path) -> str:
    return textwrap.dedent(
        f"""\
        import pathlib
        import sys

        pathlib.Path({str(marker)!r}).write_text("the checked file was executed")
        sys.stdout.write("EXECUTED\\n")
        raise SystemExit(42)

        from sqlalchemy.ext.asyncio import AsyncSession


        async def f(session: AsyncSession) -> None:
            session.commit()
        """
    )


def test_checked_code_is_not_executed_check_source(tmp_path):
    marker = tmp_path / "marker"
    source = _booby_trapped(marker)
    findings = check_source(source, str(tmp_path / "trap.py"))
    assert codes_and_lines(findings) == [(12, "ORM101")]  # it was analysed...
    assert not marker.exists()  # ...and not run


@pytest.mark.slow
def test_checked_code_is_not_executed_pylint_cli(tmp_path):
    marker = tmp_path / "marker"
    path = tmp_path / "trap.py"
    path.write_text(_booby_trapped(marker))
    process = pylint(path)
    output = assert_host_survived(process)
    assert not marker.exists(), output
    assert "EXECUTED" not in output
    assert reported(process) == [(12, 5, "ORM101")], output  # pylint prints E5801 at column 4


@pytest.mark.slow
def test_checked_code_is_not_executed_flake8_cli(tmp_path):
    marker = tmp_path / "marker"
    path = tmp_path / "trap.py"
    path.write_text(_booby_trapped(marker))
    process = flake8(path)
    output = assert_host_survived(process)
    assert not marker.exists(), output
    assert reported_codes(process) == [(12, "ORM101")], output


# -- the project index: imported project modules are read, never run ---------------


def _make_project(root: Path, modules: dict[str, str | bytes]) -> None:
    """A project (a root with pyproject.toml) holding ``modules`` (relative path: text)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text("[project]\nname = 'robustness-fixture'\n")
    for relative, content in modules.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)


def _lint_at(path: Path) -> list[Finding]:
    with deadline(30, str(path)):
        findings = check_source(path.read_text(), str(path))
    assert isinstance(findings, list)
    return findings


def _trap(marker: Path) -> str:
    return (
        f"import pathlib\npathlib.Path({str(marker)!r}).write_text('imported')\nraise SystemExit(42)\n"
    )


def test_imported_project_modules_are_not_executed(tmp_path):
    marker = tmp_path / "marker"
    root = tmp_path / "project"
    _make_project(
        root,
        {
            "app/__init__.py": _trap(marker) + "from .db import *\n",
            "app/db.py": _trap(marker)
            + "from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine\n"
            "engine = create_async_engine('sqlite+aiosqlite://')\n"
            "Factory = async_sessionmaker(engine)\n"
            "Session = AsyncSession\n",
            "app/routers/__init__.py": _trap(marker),
            "app/routers/users.py": _trap(marker)
            + "from app.db import Factory, Session\n"
            "from ..db import engine\n"
            "from app import *\n\n\n"
            "async def handler(session: Session) -> None:\n"
            "    session.commit()\n"
            "    async with Factory() as other:\n"
            "        other.flush()\n",
        },
    )
    checked = root / "app" / "routers" / "users.py"
    findings = _lint_at(checked)
    assert not marker.exists()
    # the modules were read: the evidence of app/db.py reaches both receivers
    lines = checked.read_text().splitlines()
    assert codes_and_lines(findings) == [
        (lines.index("    session.commit()") + 1, "ORM101"),
        (lines.index("        other.flush()") + 1, "ORM101"),
    ]


LINKED_PROJECT = {
    "app/__init__.py": "",
    "app/db.py": "from sqlalchemy.ext.asyncio import async_sessionmaker\nFactory = async_sessionmaker()\n",
    "app/routers/__init__.py": "",
    "app/routers/users.py": "from ..db import Factory\n\n\n"
    "async def handler() -> None:\n"
    "    async with Factory() as session:\n"
    "        session.commit()\n",
}


def test_a_project_reached_through_a_symbolic_link(tmp_path):
    """The checked file's module name comes from its path as written, or else with links resolved."""
    root = tmp_path / "project"
    _make_project(root, LINKED_PROJECT)
    (tmp_path / "link").symlink_to(root)
    assert codes_and_lines(_lint_at(tmp_path / "link" / "app" / "routers" / "users.py")) == [(6, "ORM101")]

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "pyproject.toml").write_text("")
    (elsewhere / "users.py").symlink_to(root / "app" / "routers" / "users.py")
    with deadline(30, "linked file"):  # under another root as written: its own root resolves the import
        findings = check_source((elsewhere / "users.py").read_text(), str(elsewhere / "users.py"),
                                options=Options(project_root=root))
    assert codes_and_lines(findings) == [(6, "ORM101")]


BROKEN_SIBLINGS: dict[str, str | bytes] = {
    "lib/__init__.py": "",
    "lib/syntax.py": "def f(:\n",
    "lib/nulls.py": b"x = 1\x00\n",
    "lib/latin.py": b"NAME = '\xe9\xff'\n",
    "lib/bad_cookie.py": b"# -*- coding: klingon -*-\nx = 1\n",
    "lib/bom_conflict.py": b"\xef\xbb\xbf# -*- coding: latin-1 -*-\nx = 1\n",
    "lib/deep.py": "x = " + "+".join(["1"] * 100_000) + "\n",
    "lib/huge.py": "from sqlalchemy.ext.asyncio import AsyncSession\n" + "x = 1\n" * 400_000,
    "lib/dir.py/__init__.py": "",  # a directory named like a module
    "lib/not-an-identifier.py": "x = 1\n",
    "lib/empty.py": b"",
}


def test_broken_project_modules_mean_less_evidence_not_a_crash(tmp_path):
    root = tmp_path / "project"
    names = [Path(name).stem for name in BROKEN_SIBLINGS if name.count("/") == 1 and name.endswith(".py")]
    imports = "".join(f"from lib.{name} import *\nfrom lib.{name} import thing_{i}\nimport lib.{name}\n"
                      for i, name in enumerate(names) if name.isidentifier() and name != "__init__")
    _make_project(
        root,
        {
            **BROKEN_SIBLINGS,
            "main.py": "from sqlalchemy.ext.asyncio import AsyncSession\n" + imports
            + "from lib.dir import thing\nfrom lib.fifo import *\nfrom lib.loop import *\n"
            "from . import syntax\nfrom .lib import nulls\nfrom ...outside import x\n\n\n"
            "async def f(session: AsyncSession) -> None:\n"
            "    session.commit()\n"
            "    lib.nulls.x.commit()\n",
        },
    )
    os.mkfifo(root / "lib" / "fifo.py")  # reading it would block forever
    (root / "lib" / "loop.py").symlink_to(root / "lib" / "loop.py")  # ELOOP
    main = root / "main.py"
    findings = _lint_at(main)
    line = main.read_text().splitlines().index("    session.commit()") + 1
    assert codes_and_lines(findings) == [(line, "ORM101")]


def _named_and_star_cycle(n: int) -> dict[str, str | bytes]:
    """``n`` modules, each importing ``Session`` from the next by name and with ``*`` (the last from ``a``)."""
    names = ["a"] + [f"a{i}" for i in range(1, n)]
    return {
        f"{name}.py": f"from {following} import *\nfrom {following} import Session\n"
        for name, following in zip(names, names[1:] + names[:1])
    }


STAR_CYCLES = {
    "two modules": {"a.py": "from b import *\n", "b.py": "from a import *\n"},
    # each module asks the next twice (by name, then through *): without memory of what was not
    # found, 2 ** 40 lookups
    "40 modules importing by name and with a star": _named_and_star_cycle(40),
    "module star-imports itself": {"a.py": "from a import *\n"},
    "package and submodule": {
        "a/__init__.py": "from .b import *\n",
        "a/b.py": "from a import *\n",
    },
}


@pytest.mark.parametrize("modules", list(STAR_CYCLES.values()), ids=list(STAR_CYCLES))
def test_star_import_cycles(tmp_path, modules):
    root = tmp_path / "project"
    _make_project(
        root,
        {
            **modules,
            "app.py": "import sqlalchemy\nfrom a import Session\n\n\n"
            "async def f(session: Session) -> None:\n    session.commit()\n",
        },
    )
    assert _lint_at(root / "app.py") == []


def test_import_cycles_without_star(tmp_path):
    """Control for the star-import cycles above: plain import cycles are fine."""
    root = tmp_path / "project"
    _make_project(
        root,
        {
            "a.py": "from b import Session\nimport b\nOther = b.Other\n",
            "b.py": "from a import Session\nimport a\nOther = a.Other\n",
            "app.py": "import sqlalchemy\nfrom a import Session, Other\n\n\n"
            "async def f(session: Session, other: Other) -> None:\n    session.commit()\n    other.commit()\n",
        },
    )
    assert _lint_at(root / "app.py") == []


#: How each module of a chain re-exports the previous one's ``Session``.
REEXPORTS = {
    "from import": "from pkg.m{previous} import Session\n",
    "star import": "from pkg.m{previous} import *\n",
    "attribute of an imported module": "import pkg.m{previous}\nSession = pkg.m{previous}.Session\n",
    "relative import, then a name": "from .m{previous} import Session as S\nSession = S\n",
}


def _reexport_chain(root: Path, n: int, reexport: str = REEXPORTS["from import"]) -> Path:
    """``app.py`` annotates with ``Session``, re-exported by ``n`` modules from ``AsyncSession``."""
    modules: dict[str, str | bytes] = {
        "pkg/__init__.py": "",
        "pkg/m0.py": "from sqlalchemy.ext.asyncio import AsyncSession as Session\n",
    }
    for i in range(1, n):
        modules[f"pkg/m{i}.py"] = reexport.format(previous=i - 1)
    modules["app.py"] = (
        f"from pkg.m{n - 1} import Session\n\n\nasync def f(session: Session) -> None:\n    session.commit()\n"
    )
    _make_project(root, modules)
    return root / "app.py"


@pytest.mark.parametrize("reexport", list(REEXPORTS.values()), ids=list(REEXPORTS))
def test_short_reexport_chain_is_followed(tmp_path, reexport):
    """Control for the long chains below: 20 re-exporting modules are followed to AsyncSession."""
    assert codes_and_lines(_lint_at(_reexport_chain(tmp_path / "project", 20, reexport))) == [(5, "ORM101")]


@pytest.mark.parametrize("n", [150, 300, 1000])
@pytest.mark.parametrize("reexport", list(REEXPORTS.values()), ids=list(REEXPORTS))
def test_long_reexport_chain_does_not_recurse(tmp_path, reexport, n):
    """Each re-exporting module is a link of the evaluator's chain: past MAX_CHAIN, no evidence
    (silence, never a RecursionError turned into ORM000)."""
    assert n > MAX_CHAIN
    findings = _lint_at(_reexport_chain(tmp_path / "project", n, reexport))
    assert INTERNAL_ERROR not in {finding.code for finding in findings}, findings[0].message
    assert findings == []


# == 3. sweeps =====================================================================


def _stdlib_files() -> list[Path]:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    excluded = {Path(sysconfig.get_paths()[key]).resolve() for key in ("purelib", "platlib")}
    files = []
    for path in sorted(stdlib.rglob("*.py")):
        if {"site-packages", "dist-packages"} & set(path.parts):
            continue
        if any(path.resolve().is_relative_to(root) for root in excluded):
            continue
        files.append(path)
    return files


@pytest.mark.sweep
@pytest.mark.slow
def test_stdlib_sweep(monkeypatch):
    """Every module of the standard library: no exception, no finding of any kind.

    The stdlib does not mention sqlalchemy, so the engine's cheap pre-test is
    switched off: every file goes through the full analysis.
    """
    monkeypatch.setattr(engine, "mentions_orm", lambda text, options=None: True)
    files = _stdlib_files()
    assert len(files) > 500, f"only {len(files)} files under {sysconfig.get_paths()['stdlib']}"
    raised: list[str] = []
    reported: list[str] = []
    checked = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    with deadline(120, "standard library sweep"), warnings.catch_warnings():
        # ast.parse warns about invalid escape sequences in some stdlib tests
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", SyntaxWarning)
        for path in files:
            source = read_like_flake8(path)
            if source is None:
                continue
            checked += 1
            try:
                findings = check_source(source, str(path))
            except Exception as error:  # noqa: BLE001 - collected, asserted below
                raised.append(f"{path}: {type(error).__name__}: {error}")
                continue
            reported.extend(f"{path}:{f.line}:{f.col}: {f.code} {f.message}" for f in findings)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(f"standard library sweep: {checked} files, {elapsed:.1f} s wall, {cpu:.1f} s CPU")
    assert checked > 500
    assert not raised, "check_source raised on:\n" + "\n".join(raised)
    assert not reported, f"{len(reported)} findings in the standard library:\n" + "\n".join(reported[:200])
    # CPU time, so that other jobs on the machine do not make it flaky
    assert cpu < 60, f"standard library sweep took {cpu:.1f} s CPU ({elapsed:.1f} s wall) for {checked} files"


#: Installed packages swept whole: the ORM's own, which name ``sqlalchemy`` everywhere.
WHOLE_PACKAGES = frozenset({"sqlalchemy", "sqlmodel"})
#: Lines of every other installed package, in all: each package's share is its files in a fixed order
#: (by a hash of their path) until its share, the same share for all (a small package is swept whole).
SAMPLE_LINES = 150_000


def _site_packages() -> list[Path]:
    """The test environment's site-packages directories."""
    paths = sysconfig.get_paths()
    return sorted({Path(paths[key]).resolve() for key in ("purelib", "platlib") if Path(paths[key]).is_dir()})


def _installed_packages(root: Path) -> dict[str, list[tuple[Path, int]]]:
    """Each top-level package (or module) of ``root``: its files with their line counts."""
    packages: dict[str, list[tuple[Path, int]]] = {}
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if "__pycache__" in relative.parts or relative.parts[0].endswith((".dist-info", ".egg-info")):
            continue
        try:
            lines = path.read_bytes().count(b"\n") + 1
        except OSError:
            continue
        packages.setdefault(relative.parts[0], []).append((path, lines))
    return packages


def _share(sizes: list[int], budget: int) -> int:
    """The largest share such that the packages' lines, each cut to it, add up to at most ``budget``."""
    remaining, left = budget, len(sizes)
    for size in sorted(sizes):
        if size * left > remaining:
            return remaining // left
        remaining -= size
        left -= 1
    return max(sizes, default=0)


def _site_packages_sample(root: Path) -> tuple[list[Path], int, int]:
    """The files swept under ``root``, the number of packages and the share of each other package."""
    packages = _installed_packages(root)
    others = {name: files for name, files in packages.items() if name not in WHOLE_PACKAGES}
    share = _share([sum(lines for _, lines in files) for files in others.values()], SAMPLE_LINES)
    chosen = [path for name in sorted(packages.keys() & WHOLE_PACKAGES) for path, _ in packages[name]]

    def order(file: tuple[Path, int]) -> bytes:
        return hashlib.sha1(file[0].relative_to(root).as_posix().encode()).digest()

    for _, files in sorted(others.items()):
        taken = 0
        for path, lines in sorted(files, key=order):
            if taken and taken >= share:  # one file at least
                break
            chosen.append(path)
            taken += lines
    return chosen, len(packages), share


@pytest.mark.sweep
@pytest.mark.slow
def test_site_packages_sweep(monkeypatch):
    """Every package installed in the test environment (SQLAlchemy, SQLModel, pydantic, FastAPI,
    starlette, pylint, astroid, pytest...): no exception, no ORM000; other findings are reported.

    Each site-packages directory is one project (its root given): the packages' imports of each
    other and of themselves go through the project index, re-exports and star imports too.
    SQLAlchemy and SQLModel are swept whole, the others in a deterministic sample of
    :data:`SAMPLE_LINES` lines in all.  The cheap pre-test is switched off, as for the standard library.
    """
    pytest.importorskip("sqlalchemy")
    pytest.importorskip("sqlmodel")
    monkeypatch.setattr(engine, "mentions_orm", lambda text, options=None: True)
    raised: list[str] = []
    internal: list[str] = []
    other: list[str] = []
    checked = lines = packages = share = 0
    project.forget_projects()
    start, cpu_start = time.perf_counter(), time.process_time()
    try:
        with deadline(120, "site-packages sweep"), warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            warnings.simplefilter("ignore", SyntaxWarning)
            for root in _site_packages():
                files, found, share = _site_packages_sample(root)
                packages += found
                options = Options(cache_dir=CACHE_OFF, project_root=root)
                for path in files:
                    source = read_like_flake8(path)
                    if source is None:
                        continue
                    checked += 1
                    lines += source.count("\n") + 1
                    name = path.relative_to(root)
                    try:
                        findings = check_source(source, str(path), options=options)
                    except Exception as error:  # noqa: BLE001
                        raised.append(f"{name}: {type(error).__name__}: {error}")
                        continue
                    for f in findings:
                        line = f"{name}:{f.line}:{f.col}: {f.code} {f.message}"
                        (internal if f.code == INTERNAL_ERROR else other).append(line)
    finally:
        project.forget_projects()  # the index of a few hundred thousand lines is not kept for the session
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(f"site-packages sweep: {packages} packages, {checked} files, {lines} lines (each other package "
          f"up to {share} lines), {elapsed:.1f} s wall, {cpu:.1f} s CPU, "
          f"{cpu / lines * 1e6:.1f} ms CPU per 1,000 lines")
    assert packages >= 20 and lines >= 150_000, (packages, lines)
    assert not raised, "\n".join(raised)
    assert not internal, "\n".join(internal)
    assert cpu < 60, f"site-packages sweep took {cpu:.1f} s CPU ({elapsed:.1f} s wall) for {lines} lines"
    if other:
        print("\n".join(other))
        warnings.warn(f"{len(other)} findings in the installed packages' source:\n" + "\n".join(other))


# -- fuzz ------------------------------------------------------------------------


def _mutate(lines: list[str], rng: random.Random) -> list[str]:
    lines = list(lines)
    kind = rng.randrange(8)
    if not lines:
        return lines
    i = rng.randrange(len(lines))
    j = rng.randrange(len(lines))
    if kind == 0:  # delete lines
        del lines[i : i + rng.randint(1, 5)]
    elif kind == 1:  # duplicate a line elsewhere
        lines.insert(j, lines[i])
    elif kind == 2:  # shuffle a window
        window = lines[i : i + rng.randint(2, 8)]
        rng.shuffle(window)
        lines[i : i + len(window)] = window
    elif kind == 3:  # truncate, possibly mid-line
        lines = lines[:i] + [lines[i][: rng.randrange(len(lines[i]) + 1)]]
    elif kind == 4:  # toggle an await
        line = lines[i]
        if "await " in line:
            lines[i] = line.replace("await ", "", 1)
        else:
            stripped = line.lstrip()
            lines[i] = line[: len(line) - len(stripped)] + "await " + stripped
    elif kind == 5:  # re-indent
        lines[i] = " " * rng.choice((0, 4, 8, 12)) + lines[i].lstrip()
    elif kind == 6:  # swap two lines
        lines[i], lines[j] = lines[j], lines[i]
    else:  # delete a random character
        line = lines[i]
        if line:
            k = rng.randrange(len(line))
            lines[i] = line[:k] + line[k + 1 :]
    return lines


FUZZ_RUNS = 4000


@pytest.mark.sweep
@pytest.mark.slow
def test_fuzz_examples():
    """Deterministic mutations of examples/: never raises, never ORM000."""
    examples = sorted(EXAMPLES.glob("*/*.py"))
    assert examples, f"no examples under {EXAMPLES}"
    rng = random.Random(20240611)
    failures: list[str] = []
    parsed = runs = 0
    with deadline(30, "fuzz"):
        for _ in range(FUZZ_RUNS):
            path = rng.choice(examples)
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
            for _ in range(rng.randint(1, 4)):
                lines = _mutate(lines, rng)
            source = "".join(lines)
            runs += 1
            parsed += parses(source)
            try:
                findings = check_source(source, str(path))
            except Exception as error:  # noqa: BLE001
                failures.append(f"{path.name} run {runs}: raised {type(error).__name__}: {error}\n{source}")
                continue
            if any(f.code == INTERNAL_ERROR for f in findings):
                failures.append(f"{path.name} run {runs}: {findings}\n{source}")
    assert not failures, f"{len(failures)} of {runs} mutants failed; first:\n" + failures[0]
    assert parsed >= FUZZ_RUNS // 10, (runs, parsed)  # enough mutants parse: the analysis ran


def _fixture_files() -> list[str]:
    """The fixture projects' files, in flake8's order (the file system's)."""
    projects = Path(__file__).parent / "projects"
    return [
        os.path.join(directory, name)
        for directory, _, names in os.walk(projects)
        for name in sorted(names)
        if name.endswith(".py")
    ]


def _check_in_one_process(files: list[str]) -> list[tuple[str, int, str]]:
    """Check ``files`` as one flake8 process does, with no on-disk cache (what it keeps in memory
    is what these tests are about)."""
    project.forget_projects()
    options = Options(cache_dir=CACHE_OFF)
    found = []
    for path in files:
        source = Path(path).read_text(encoding="utf-8")
        found += [(path, f.line, f.code) for f in check_source(source, path, ast.parse(source), options=options)]
    return found


def test_packed_facts_give_the_same_findings(monkeypatch):
    """Facts packed as soon as they close (see ``facts.LIVE_MODULES``) give what live ones give."""
    files = _fixture_files()
    live = _check_in_one_process(files)
    monkeypatch.setattr(facts, "LIVE_MODULES", 0)
    packed = _check_in_one_process(files)
    assert len(live) >= 20 and packed == live


def test_a_module_read_in_a_run_of_many_files_is_read_once(monkeypatch):
    """Once a process has checked a file, the modules it reads for their facts are completed at once:
    a later question about another of their names finds the value, without parsing them again."""
    reads: list[tuple[str, bool]] = []
    read_facts = facts.FactsStore._read_facts

    def counting(store, path, module, *, full):
        reads.append((path, store._files_checked > 0))  # pylint: disable=protected-access
        return read_facts(store, path, module, full=full)

    monkeypatch.setattr(facts.FactsStore, "_read_facts", counting)
    _check_in_one_process(_fixture_files())
    read_again = [
        path for position, (path, many) in enumerate(reads) if many and path in {p for p, _ in reads[position + 1:]}
    ]
    assert sum(many for _, many in reads) >= 10 and not read_again


def test_what_a_run_keeps_is_not_walked_by_the_collector(monkeypatch):
    """Facts kept for a whole run are (nearly) invisible to the garbage collector.

    flake8 and pylint keep the project index for the whole run, and every full
    collection of the host walks every object the collector tracks: at a
    million lines, facts kept as objects made those collections a third of the
    plugin's cost, and the run slower than linear.  Closed facts keep one
    tracked object per module; the values of all but the most recently used
    modules (none, here) are plain tuples and dicts of strings, which the
    collector stops tracking (nested tuples one level per collection: a long
    run has hundreds).
    """
    monkeypatch.setattr(facts, "LIVE_MODULES", 0)
    files = _fixture_files()

    def check_all() -> tuple[int, int]:
        """Check every file in flake8's order: (modules whose facts are kept, project indexes)."""
        _check_in_one_process(files)
        indexes = {id(index): index for index in project._INDEXES.values()}.values()
        return sum(len(index.store._facts) for index in indexes), len(indexes)

    def tracked() -> int:
        for _ in range(12):
            gc.collect()
        return len(gc.get_objects())

    check_all()  # first-time imports and caches
    project.forget_projects()
    before = tracked()
    modules, indexes = check_all()
    kept = tracked() - before
    assert modules >= 40 and indexes == 3
    # one object per module, and a few per project (the index, its tables, its root)
    assert kept <= modules + 20 * indexes, (kept, modules)


def _project_with_classes(root: Path) -> list[Path]:
    (root / "pyproject.toml").write_text("[project]\nname = 'shop'\n")
    package = root / "shop"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "repo.py").write_text(textwrap.dedent(
        """\
        from sqlalchemy.ext.asyncio import AsyncSession


        class Repo:
            def __init__(self, session: AsyncSession) -> None:
                self.session = session

            async def save(self, item) -> None:
                self.session.add(item)
                await self.session.commit()
        """
    ))
    (package / "service.py").write_text(textwrap.dedent(
        """\
        from shop.repo import Repo


        class Service:
            def __init__(self, repo: Repo) -> None:
                self.repo = repo

            async def run(self, item) -> None:
                self.repo.session.commit()
        """
    ))
    return [package / "service.py", package / "repo.py"]


def test_a_check_leaves_no_cyclic_garbage(tmp_path):
    """The host frees a checked file's tree and scopes by reference counting, not in its next collection.

    (Objects left in reference cycles are only freed by the garbage collector,
    whose every pass in a host like flake8 also walks what the host keeps.)
    The dependency ``repo.py`` is read for ``service.py``, then checked itself.
    """

    def check_all(root: Path) -> list[str]:
        return [f.code for path in _project_with_classes(root) for f in check_source(path.read_text(), str(path))]

    (tmp_path / "warm").mkdir()
    (tmp_path / "measured").mkdir()
    check_all(tmp_path / "warm")  # first-time imports and caches
    was = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        codes = check_all(tmp_path / "measured")
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()
    assert codes == ["ORM101"]  # the analysis did run
