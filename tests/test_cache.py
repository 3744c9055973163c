"""The on-disk cache of module facts (option ``cache-dir``): same findings, never stale, never trusted blindly,
bounded (``cache-max-size``), shared by runs at once, and never an error when the file system says no.

Each "run" below is what a new process does: the per-process index is
forgotten, only the cache directory remains.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import hosts
from async_orm_lint import cache, cli, facts, project
from async_orm_lint.engine import INTERNAL_ERROR, check_source
from async_orm_lint.cache import FactsCache, default_directory
from async_orm_lint.options import CACHE_OFF, OptionError, Options, from_mapping

ROOT = Path(__file__).resolve().parent.parent
PROJECTS_DIR = ROOT / "tests" / "projects"
PROJECTS = sorted(p.name for p in PROJECTS_DIR.iterdir() if (p / "pyproject.toml").is_file())
CACHED = Options(cache_dir=Path(".orm-cache"))
UNCACHED = Options(cache_dir=CACHE_OFF)

Findings = set[tuple[str, int, str]]


def _run(root: Path, options: Options, order=sorted, only: str | None = None) -> tuple[Findings, int]:
    """Check every module of ``root`` (or ``only`` that one, as an editor does) as a new process
    would: the findings, and how many modules were parsed for facts."""
    parsed = []
    real_parse = facts._parse  # pylint: disable=protected-access

    def counting_parse(data, path):
        parsed.append(path)
        return real_parse(data, path)

    project.forget_projects()
    facts._parse = counting_parse  # pylint: disable=protected-access
    try:
        found: Findings = set()
        files = [root / only] if only else [p for p in root.rglob("*.py") if ".orm-cache" not in p.parts]
        for path in order(files):
            source = path.read_text(encoding="utf-8")
            relative = path.relative_to(root).as_posix()
            found |= {(relative, f.line, f.code) for f in check_source(source, str(path), options=options)}
        return found, len(parsed)
    finally:
        facts._parse = real_parse  # pylint: disable=protected-access
        project.forget_projects()


def _write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def _touch(path: Path, text: str) -> None:
    """Rewrite a file so that its stamp changes even on a coarse clock."""
    stat = path.stat()
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


@pytest.mark.parametrize("name", PROJECTS)
@pytest.mark.parametrize("order", [sorted, lambda files: sorted(files, reverse=True)], ids=["sorted", "reversed"])
def test_a_warm_run_finds_what_a_cold_run_finds(tmp_path, name, order):
    root = tmp_path / name
    shutil.copytree(PROJECTS_DIR / name, root)
    plain, _ = _run(root, UNCACHED, order)
    cold, cold_parses = _run(root, CACHED, order)
    warm, warm_parses = _run(root, CACHED, order)
    assert plain, "the fixture has findings"
    assert cold == plain
    assert warm == plain
    assert (root / ".orm-cache" / ".gitignore").is_file()
    assert warm_parses < cold_parses  # the cache was used


SERVICE = {
    "pyproject.toml": "[project]\nname = 'shop'\n",
    "shop/__init__.py": "",
    "shop/db.py": """\
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        engine = create_async_engine("sqlite+aiosqlite://")
        factory = async_sessionmaker(engine)
    """,
    "shop/deps.py": """\
        from shop.db import factory


        def make():
            return factory()
    """,
    "shop/service.py": """\
        from shop.deps import make


        async def save(item) -> None:
            session = make()
            session.add(item)
            session.commit()
            await session.close()
    """,
}

SHOP_SERVICE = "shop/service.py"

#: ``shop/service.py``'s findings once its session is a sync ``Session``.
SYNC_FINDINGS = {(SHOP_SERVICE, 7, "ORM502"), (SHOP_SERVICE, 8, "ORM102")}

SYNC_DB = """\
    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker

    engine = create_engine("sqlite://")
    factory = sessionmaker(engine)
"""


def test_a_changed_module_is_read_again_with_what_depends_on_it(tmp_path):
    """``service.py`` knows its session through ``deps.py`` from ``db.py``: a change to ``db.py`` counts."""
    _write(tmp_path, SERVICE)
    _run(tmp_path, CACHED)  # every module's facts are written
    before, parsed = _run(tmp_path, CACHED, only=SHOP_SERVICE)
    assert before == {(SHOP_SERVICE, 7, "ORM101")}
    assert parsed == 0  # deps.py and db.py came from the cache
    # the session is sync now: `await session.close()` is the bug, and `commit()` blocks the coroutine
    _touch(tmp_path / "shop/db.py", SYNC_DB)
    after, parsed = _run(tmp_path, CACHED, only=SHOP_SERVICE)
    assert after == SYNC_FINDINGS
    assert parsed == 2  # deps.py (derived from db.py) and db.py


def test_an_editor_checking_one_file_fills_the_cache_for_the_next_keystroke(tmp_path):
    _write(tmp_path, SERVICE)
    assert _run(tmp_path, CACHED, only=SHOP_SERVICE) == ({(SHOP_SERVICE, 7, "ORM101")}, 2)
    assert _run(tmp_path, CACHED, only=SHOP_SERVICE) == ({(SHOP_SERVICE, 7, "ORM101")}, 0)


def test_a_change_two_modules_away_counts(tmp_path):
    """``helpers.build`` is derived from ``deps.make``, derived from ``db.factory``: changing ``db.py``
    makes the entry of ``helpers.py`` stale, though ``helpers.py`` never named ``db``."""
    files = dict(SERVICE)
    files["shop/helpers.py"] = """\
        from shop.deps import make


        def build():
            return make()
    """
    files[SHOP_SERVICE] = SERVICE[SHOP_SERVICE].replace("shop.deps import make", "shop.helpers import build")
    files[SHOP_SERVICE] = files[SHOP_SERVICE].replace("make()", "build()")
    _write(tmp_path, files)
    _run(tmp_path, CACHED)
    assert _run(tmp_path, CACHED, only=SHOP_SERVICE) == ({(SHOP_SERVICE, 7, "ORM101")}, 0)
    _touch(tmp_path / "shop/db.py", SYNC_DB)
    assert _run(tmp_path, CACHED, only=SHOP_SERVICE) == (SYNC_FINDINGS, 3)


def test_stamps_first_then_digests(tmp_path):
    """A new mtime with the same text (a ``git checkout``) keeps the entry; a same-size edit does not."""
    _write(tmp_path, SERVICE)
    db = tmp_path / "shop/db.py"
    _run(tmp_path, CACHED)
    text = db.read_text(encoding="utf-8")
    _touch(db, text)
    assert _run(tmp_path, CACHED, only=SHOP_SERVICE) == ({(SHOP_SERVICE, 7, "ORM101")}, 0)
    same_size = text.replace("async_sessionmaker(engine)", "Async_sessionmaker(engine)")
    assert len(same_size) == len(text)
    _touch(db, same_size)
    assert _run(tmp_path, CACHED, only=SHOP_SERVICE) == (set(), 2)


def test_a_module_that_appears_changes_what_a_name_means(tmp_path):
    """``from shop.sessions import factory`` means nothing until ``shop/sessions.py`` exists."""
    files = dict(SERVICE)
    files["shop/deps.py"] = """\
        from shop.sessions import factory


        def make():
            return factory()
    """
    _write(tmp_path, files)
    _run(tmp_path, CACHED)
    assert _run(tmp_path, CACHED, only=SHOP_SERVICE)[0] == set()
    _write(tmp_path, {"shop/sessions.py": SERVICE["shop/db.py"]})
    assert _run(tmp_path, CACHED, only=SHOP_SERVICE)[0] == {(SHOP_SERVICE, 7, "ORM101")}


def _values(entry: bytes, rows: list, names: dict) -> bytes:
    """``entry`` with other values (see ``values.to_table``)."""
    return json.dumps({**json.loads(entry), "values": {"rows": rows, "names": names}}).encode()


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: b"\x80\x04not json at all",
        lambda entry: b"[]",
        lambda entry: _values(entry, [["T", "os.system", "echo"]], {"factory": 0}),
        lambda entry: _values(entry, [["T", "ClassRef"]], {"factory": 0}),
        lambda entry: json.dumps({**json.loads(entry), "names": 3}).encode(),
        lambda entry: json.dumps({**json.loads(entry), "dependencies": {"files": 1}}).encode(),
        lambda entry: _values(entry, [], {"factory": "a string"}),
        lambda entry: _values(entry, [["U", "x"]], {"factory": 0}),
        lambda entry: _values(entry, [["T", "ClassRef", 0, "x", "y"]], {"factory": 0}),
        lambda entry: _values(entry, [["T", "ClassRef", ["U", "a"], "x"]], {"factory": 0}),
        lambda entry: json.dumps({**json.loads(entry), "imports": {"x": ["T", "ClassRef", "Session", None]}}).encode(),
        lambda entry: entry.replace(b'"rows":[', b'"rows":[' + b"[" * 100_000 + b"]" * 100_000 + b",", 1),
        lambda entry: entry[: len(entry) // 2],
        lambda entry: b"",
        lambda entry: json.dumps({**json.loads(entry), "key": "0123456789abcdef"}).encode(),
    ],
    ids=[
        "binary", "not-an-entry", "unknown-type", "wrong-arity", "bad-names", "bad-dependencies", "not-a-value",
        "not-a-value-type", "not-an-earlier-row", "nested-row", "bad-imports", "deep", "truncated", "empty",
        "another-version",
    ],
)
def test_a_damaged_entry_is_a_miss(tmp_path, damage):
    """Whatever the cache directory holds, the findings are those without a cache, and nothing else runs."""
    _write(tmp_path, SERVICE)
    _run(tmp_path, CACHED)
    entries = list((tmp_path / ".orm-cache").rglob("*.json"))
    assert entries
    for entry in entries:
        entry.write_bytes(damage(entry.read_bytes()))
    assert _run(tmp_path, CACHED, only=SHOP_SERVICE) == ({(SHOP_SERVICE, 7, "ORM101")}, 2)


def test_entries_of_other_options_are_not_used(tmp_path):
    """The options are part of the key: a configured factory changes what names mean."""
    files = dict(SERVICE)
    files["shop/db.py"] = """\
        from inhouse import make_session as factory
    """
    _write(tmp_path, files)
    _run(tmp_path, CACHED)
    assert _run(tmp_path, CACHED, only=SHOP_SERVICE)[0] == set()
    configured = Options(cache_dir=Path(".orm-cache"), async_session_factories=("inhouse.make_session",))
    assert _run(tmp_path, configured, only=SHOP_SERVICE)[0] == {(SHOP_SERVICE, 7, "ORM101")}


def test_an_unwritable_cache_directory_is_no_error(tmp_path):
    _write(tmp_path, SERVICE)
    (tmp_path / "blocked").write_text("a file where the directory should be", encoding="utf-8")
    blocked = Options(cache_dir=Path("blocked") / "cache")
    assert _run(tmp_path, blocked)[0] == _run(tmp_path, UNCACHED)[0]


def test_an_entry_half_written_by_a_process_that_died_is_a_miss_and_goes(tmp_path):
    """A writer killed between its write and its rename leaves ``<entry>.<pid>.tmp`` and no entry."""
    _write(tmp_path, SERVICE)
    _run(tmp_path, CACHED)
    entries = list((tmp_path / ".orm-cache").rglob("*.json"))
    for entry in entries:
        data = entry.read_bytes()
        entry.unlink()
        left = entry.with_name(f"{entry.name}.99999.tmp")
        left.write_bytes(data[: len(data) // 2])
        _age(left, days=1)
    assert _run(tmp_path, CACHED, only=SHOP_SERVICE) == ({(SHOP_SERVICE, 7, "ORM101")}, 2)
    FactsCache(tmp_path / ".orm-cache", CACHED).prune()
    assert not list((tmp_path / ".orm-cache").rglob("*.tmp"))


def test_the_option(tmp_path):
    assert from_mapping({"cache-dir": ".orm-cache"}).cache_dir == Path(".orm-cache")
    assert from_mapping({"cache-dir": "off"}).cache_dir == CACHE_OFF
    assert from_mapping({"cache-dir": " OFF "}).cache_dir == CACHE_OFF
    assert Options().cache_dir is None  # the user's cache directory
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(OptionError, match="cache-dir.*not a directory"):
        from_mapping({"cache-dir": str(tmp_path / "file")}, prefix="orm-")


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_flake8_with_a_cache_directory(tmp_path, jobs):
    """flake8 (its workers writing the same entries at once with -j2) reports the same, cold and warm."""
    root = tmp_path / "fastapi_service"
    shutil.copytree(PROJECTS_DIR / "fastapi_service", root)

    def flake8(*options: str) -> list[hosts.Finding]:
        run = hosts.flake8(f"-j{jobs}", *options, ".", cwd=root)
        assert run.returncode in (0, 1), run.stderr
        return sorted(run.findings)

    plain = flake8()
    assert plain
    assert flake8("--orm-cache-dir=.orm-cache") == plain
    assert list((root / ".orm-cache").rglob("*.json"))
    assert flake8("--orm-cache-dir=.orm-cache") == plain


def test_the_cache_is_kept_in_the_users_cache_directory_by_default(tmp_path, monkeypatch):
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    project_root = tmp_path / "service"
    _write(project_root, SERVICE)
    cold, cold_parses = _run(project_root, Options(), only=SHOP_SERVICE)
    warm, warm_parses = _run(project_root, Options(), only=SHOP_SERVICE)
    assert cold == warm == {(SHOP_SERVICE, 7, "ORM101")}
    assert (cold_parses, warm_parses) == (2, 0)  # an editor's next check parses no imported module
    assert list((home / "async-orm-lint").rglob("*.json"))
    assert not (home / "async-orm-lint" / ".gitignore").exists()  # not in a project: nothing to ignore
    assert sorted(p.name for p in project_root.iterdir()) == ["pyproject.toml", "shop"]  # nothing written there


def test_no_cache_when_the_option_says_off(tmp_path, monkeypatch):
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    _write(tmp_path / "service", SERVICE)
    for _ in range(2):
        assert _run(tmp_path / "service", UNCACHED, only=SHOP_SERVICE) == ({(SHOP_SERVICE, 7, "ORM101")}, 2)
    assert not home.exists()


def test_the_users_cache_directory(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_directory() == tmp_path / "async-orm-lint"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")  # not absolute: ignored, as the XDG spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_directory() == tmp_path / "home" / ".cache" / "async-orm-lint"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    assert default_directory() == tmp_path / "local" / "async-orm-lint"


def test_a_default_cache_directory_that_cannot_be_written_is_no_error(tmp_path, monkeypatch):
    (tmp_path / "not-a-directory").write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "not-a-directory"))
    _write(tmp_path / "service", SERVICE)
    assert _run(tmp_path / "service", Options(), only=SHOP_SERVICE) == ({(SHOP_SERVICE, 7, "ORM101")}, 2)


def test_no_cache_when_the_linter_cannot_fingerprint_itself(tmp_path, monkeypatch):
    """Installed in a zip (or unreadable), the linter checks without a cache rather than fail."""
    def unreadable() -> str:
        raise OSError("no sources")

    monkeypatch.setattr(cache, "engine_digest", unreadable)
    _write(tmp_path, SERVICE)
    assert _run(tmp_path, CACHED, only=SHOP_SERVICE) == ({(SHOP_SERVICE, 7, "ORM101")}, 2)
    assert not (tmp_path / ".orm-cache").exists()


def test_packed_values_share_equal_parts():
    """``values.pack`` (the form of entries, and of facts kept in memory): equal parts are one tuple,
    a part shared in the packed form is one object once unpacked, and only values are packed."""
    from async_orm_lint import values  # pylint: disable=import-outside-toplevel

    def model() -> values.ModelClass:  # a new object each time, as each module's evaluation makes
        orders = values.Relationship("orders", "Order", "select", True, "shop.models.Order")
        return values.ModelClass("User", (orders,), attributes=frozenset({"id", "orders"}))

    shared: dict = {}
    first = values.pack(values.Statement(model(), frozenset({"orders"})), shared)
    second = values.pack(values.ModelInstance(model(), frozenset()), shared)
    assert first[2] is second[2]  # one packed model class
    unpacked = values.unpack(("U", first, second))
    assert unpacked == (values.Statement(model(), frozenset({"orders"})), values.ModelInstance(model(), frozenset()))
    assert unpacked[0].model is unpacked[1].model
    assert values.unpack(json.loads(json.dumps(first))) == unpacked[0]  # as an entry stores it
    with pytest.raises(TypeError):
        values.pack(values.Origin(True, "session", 3))  # numbers are not values
    with pytest.raises(ValueError):
        values.unpack(["T", "Origin", True, "session", 3, False])


def test_an_entry_writes_each_shared_part_once():
    """``values.to_table``: a model class that the values of several names hold is one row; read back,
    the values are those written, their shared parts one object."""
    from async_orm_lint import values  # pylint: disable=import-outside-toplevel

    orders = values.Relationship("orders", "Order", "select", True, "shop.models.Order")
    model = values.ModelClass("User", (orders,), attributes=frozenset({"id", "orders"}))
    written = {
        "query": values.pack(values.Statement(model, frozenset({"orders"})), {}),
        "user": values.pack(values.ModelInstance(model, frozenset()), {}),
        "unknown": None,
    }
    table = json.loads(json.dumps(values.to_table(written)))
    assert json.dumps(table).count('"User"') == 1
    read = values.from_table(table, {})
    assert read == written
    assert read["query"][2] is read["user"][2]
    assert values.unpack(read["user"]) == values.ModelInstance(model, frozenset())


# -- the bound on the directory's size ------------------------------------------------------------------------


def _age(path: Path, days: float) -> None:
    """Mark ``path`` last used (or written) ``days`` ago."""
    when = time.time() - days * 86400
    os.utime(path, (when, when))


def _entry(module: str, size: int = 10_000) -> dict:
    return {"path": module, "padding": "x" * size}


def _cached_modules(root: Path) -> set[str]:
    return {json.loads(entry.read_bytes())["path"] for entry in root.rglob("*.json")}


def _size(root: Path) -> int:
    return sum(entry.stat().st_size for entry in root.rglob("*") if entry.is_file() and entry.name != "usage")


def test_past_the_bound_the_least_recently_used_entries_go(tmp_path):
    """Each ``FactsCache`` below is a new process: written, read (which marks entries used), written again."""
    root = tmp_path / "cache"
    bound = Options(cache_max_size=0.1)  # 104,857 bytes; ten entries of 10 kB pass it
    first = FactsCache(root, bound)
    for number in range(8):
        first.store(f"m{number}", _entry(f"m{number}"))
    entries = sorted(first.directory.glob("*.json"), key=lambda path: json.loads(path.read_bytes())["path"])
    for number, entry in enumerate(entries):
        _age(entry, days=10 - number)  # m0 is the least recently used
    reader = FactsCache(root, bound)
    assert reader.load("m0")["path"] == "m0" and reader.load("m1")["path"] == "m1"  # now the most recently used
    # other processes wrote meanwhile: the estimate is at the bound
    (root / "usage").write_text(f"{reader.max_bytes} {time.time():.0f}\n")
    writer = FactsCache(root, bound)
    writer.store("m8", _entry("m8"))
    # 90 kB is over three quarters of the bound: the two least recently used went
    assert _cached_modules(root) == {"m0", "m1", "m4", "m5", "m6", "m7", "m8"}
    assert _size(root) <= writer.max_bytes * cache.PRUNE_TO
    assert int((root / "usage").read_text().split()[0]) == _size(root)


def test_runs_that_only_read_leave_the_directory_as_it_is(tmp_path, monkeypatch):
    """An editor's check of every keystroke: no look through the directory, no estimate written, and
    an entry marked used at most once an hour."""
    root = tmp_path / "cache"
    FactsCache(root, Options()).store("m", _entry("m"))
    entry = next(root.rglob("*.json"))
    usage = (root / "usage").read_text()

    def no_scan(self, now=None, *, trim=False):
        raise AssertionError("looked through the directory")

    monkeypatch.setattr(FactsCache, "prune", no_scan)
    before = entry.stat().st_mtime_ns
    for _ in range(3):
        assert FactsCache(root, Options()).load("m")["path"] == "m"
    assert entry.stat().st_mtime_ns == before and (root / "usage").read_text() == usage
    _age(entry, days=1)
    assert FactsCache(root, Options()).load("m")["path"] == "m"
    assert time.time() - entry.stat().st_mtime < 60  # marked used


def test_a_run_that_writes_looks_through_the_directory_only_when_needed(tmp_path, monkeypatch):
    root = tmp_path / "cache"
    scans = []
    prune = FactsCache.prune

    def counting(self, now=None, *, trim=False):
        scans.append(trim)
        return prune(self, now, trim=trim)

    monkeypatch.setattr(FactsCache, "prune", counting)
    bound = Options(cache_max_size=1)
    first = FactsCache(root, bound)
    for number in range(20):
        first.store(f"a{number}", _entry(f"a{number}"))
    assert scans == [False]  # the first write of a directory never looked through; once a run
    FactsCache(root, bound).store("b", _entry("b"))
    assert scans == [False]  # the estimate is under the bound, the last look recent
    estimate, _ = (root / "usage").read_text().split()
    # what the first process wrote after its last addition to the estimate is not in it
    assert _size(root) - first.max_bytes // 8 - 20_000 < int(estimate) <= _size(root)
    writer = FactsCache(root, bound)
    for number in range(100):  # a megabyte: past the bound
        writer.store(f"c{number}", _entry(f"c{number}"))
    assert scans == [False, True]
    assert _size(root) <= writer.max_bytes
    (root / "usage").write_text(f"0 {time.time() - 2 * 86400:.0f}\n")  # a look two days ago
    FactsCache(root, bound).store("d", _entry("d"))
    assert scans == [False, True, False]


def test_what_is_no_longer_used_goes(tmp_path):
    """Entries of projects no longer linted, directories of other versions, what dead writers left;
    nothing else of the directory."""
    root = tmp_path / "cache"
    cache_ = FactsCache(root, Options())
    for name, days in (("month-old", 31), ("fortnight-old", 14), ("fresh", 0)):
        cache_.store(name, _entry(name, 100))
        _age(cache_._entry_path(name), days)  # pylint: disable=protected-access
    old_version = root / "0123456789abcdef"
    recent_version = root / "fedcba9876543210"
    for directory, days in ((old_version, 8), (recent_version, 2)):
        directory.mkdir()
        (directory / "0000000000000000.json").write_text("{}")
        _age(directory / "0000000000000000.json", days)
        _age(directory, days)
    dead_writer = root / cache_.directory.name / "0000000000000001.json.99999.tmp"
    live_writer = root / cache_.directory.name / "0000000000000002.json.99998.tmp"
    dead_writer.write_text("{")
    live_writer.write_text("{")
    _age(dead_writer, days=1)
    (root / "notes.txt").write_text("mine")
    (root / "not-a-key").mkdir()
    (root / "not-a-key" / "old.json").write_text("{}")
    _age(root / "not-a-key" / "old.json", 100)
    cache_.prune()
    assert _cached_modules(root / cache_.directory.name) == {"fortnight-old", "fresh"}
    assert not old_version.exists() and recent_version.is_dir()
    assert not dead_writer.exists() and live_writer.exists()
    assert (root / "notes.txt").exists() and (root / "not-a-key" / "old.json").exists()


def test_the_bound_changes_no_finding(tmp_path):
    """A bound so small that a run removes entries it wrote: findings as without a cache, in any order."""
    root = tmp_path / "fastapi_service"
    shutil.copytree(PROJECTS_DIR / "fastapi_service", root)
    tiny = Options(cache_dir=Path(".orm-cache"), cache_max_size=0.02)
    plain, _ = _run(root, UNCACHED)
    for order in (sorted, lambda files: sorted(files, reverse=True)):
        assert _run(root, tiny, order)[0] == plain
    assert len(_cached_modules(root / ".orm-cache")) < len(list(root.rglob("*.py")))
    assert _size(root / ".orm-cache") <= 2 * FactsCache(root, tiny).max_bytes


def test_the_bound_and_the_place_are_no_part_of_the_key(tmp_path):
    directories = {
        FactsCache(tmp_path, options).directory.name
        for options in (Options(), Options(cache_max_size=3), Options(cache_dir=Path("x"), cache_max_size=1e4))
    }
    assert len(directories) == 1
    assert FactsCache(tmp_path, Options(session_names=("db",))).directory.name not in directories


# -- when the file system says no ----------------------------------------------------------------------------


class _FullDisk:
    """A file opened for writing on a full disk: its writes fail with ENOSPC."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self._stream.close()

    def write(self, data) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_is_a_miss(tmp_path, monkeypatch):
    def full_disk_open(file, mode="r", **kwargs):
        stream = open(file, mode, **kwargs)  # pylint: disable=consider-using-with,unspecified-encoding
        return _FullDisk(stream) if "w" in mode else stream

    monkeypatch.setattr(cache, "open", full_disk_open, raising=False)
    _write(tmp_path, SERVICE)
    for _ in range(2):
        assert _run(tmp_path, CACHED, only=SHOP_SERVICE) == ({(SHOP_SERVICE, 7, "ORM101")}, 2)
    assert not [path for path in (tmp_path / ".orm-cache").rglob("*") if path.is_file() and path.name != ".gitignore"]


def _refused(*args, **kwargs):
    raise OSError(errno.EROFS, os.strerror(errno.EROFS))


class _ReadOnlyOs:
    """:mod:`os` as the cache sees it on a read-only mount."""

    utime = replace = unlink = rmdir = staticmethod(_refused)

    def __getattr__(self, name: str):
        return getattr(os, name)


def _read_only(monkeypatch) -> None:
    """Every change to the file system the cache asks for fails as on a read-only mount."""

    def read_only_open(file, mode="r", **kwargs):
        if set(mode) & set("wax+"):
            _refused()
        return open(file, mode, **kwargs)  # pylint: disable=unspecified-encoding

    monkeypatch.setattr(cache, "open", read_only_open, raising=False)
    monkeypatch.setattr(cache, "os", _ReadOnlyOs())
    monkeypatch.setattr(cache.shutil, "rmtree", lambda path, ignore_errors=False: None)
    monkeypatch.setattr(Path, "mkdir", _refused)


@pytest.mark.parametrize("how", ["simulated", "chmod"])
def test_a_read_only_cache_is_read_and_never_an_error(tmp_path, monkeypatch, how):
    if how == "chmod" and os.geteuid() == 0:
        pytest.skip("root writes to read-only directories")
    _write(tmp_path, SERVICE)
    _run(tmp_path, CACHED)
    directory = tmp_path / ".orm-cache"
    for path in directory.rglob("*"):
        _age(path, days=1)  # reading them would mark them used
    (directory / "usage").write_text("999999999999 0\n")  # past the bound, never looked through: a writer would
    if how == "simulated":
        _read_only(monkeypatch)
    else:
        for path in [directory, *directory.iterdir()]:
            path.chmod(0o555)
    try:
        assert _run(tmp_path, CACHED, only=SHOP_SERVICE) == ({(SHOP_SERVICE, 7, "ORM101")}, 0)
        _touch(tmp_path / "shop/db.py", SYNC_DB)  # stale entries: new ones cannot be written
        assert _run(tmp_path, CACHED, only=SHOP_SERVICE) == (SYNC_FINDINGS, 2)
        assert _run(tmp_path, CACHED, only=SHOP_SERVICE) == (SYNC_FINDINGS, 2)
    finally:
        for path in [directory, *directory.iterdir()]:
            path.chmod(0o755)


# -- files that change or vanish during a run -------------------------------------------------------------------


@pytest.mark.parametrize("when", ["before-read", "after-read"])
@pytest.mark.parametrize("options", [CACHED, UNCACHED], ids=["cached", "uncached"])
def test_a_module_that_changes_while_it_is_read(tmp_path, monkeypatch, when, options):
    """``db.py`` changes after its size and mtime were taken: before its text is read, or after.  No
    crash, and the next run sees what is on disk (the cache kept no facts under the old stamp)."""
    _write(tmp_path, SERVICE)
    db = str(tmp_path / "shop/db.py")
    raced = []

    def read_module(path):
        if when == "before-read" and path == db and not raced:
            raced.append(path)
            _touch(Path(path), SYNC_DB)
        return real_read(path)

    def parse(data, path):
        tree = real_parse(data, path)
        if when == "after-read" and path == db and not raced:
            raced.append(path)
            _touch(Path(path), SYNC_DB)
        return tree

    real_read, real_parse = facts._read_module, facts._parse  # pylint: disable=protected-access
    monkeypatch.setattr(facts, "_read_module", read_module)
    monkeypatch.setattr(facts, "_parse", parse)
    racy, _ = _run(tmp_path, options, only=SHOP_SERVICE)
    assert raced == [db]
    assert racy in ({(SHOP_SERVICE, 7, "ORM101")}, SYNC_FINDINGS)
    assert _run(tmp_path, options, only=SHOP_SERVICE)[0] == SYNC_FINDINGS
    assert _run(tmp_path, options)[0] >= SYNC_FINDINGS


@pytest.mark.parametrize("options", [CACHED, UNCACHED], ids=["cached", "uncached"])
def test_a_module_that_vanishes_during_a_run(tmp_path, monkeypatch, options):
    """``deps.py`` is in the project's index when the run starts, and gone when it is read; then back."""
    _write(tmp_path, SERVICE)
    deps = tmp_path / "shop/deps.py"
    text = deps.read_text(encoding="utf-8")
    real = facts._read_module  # pylint: disable=protected-access

    def vanishing(path):
        if path == str(deps) and deps.exists():
            deps.unlink()
        return real(path)

    monkeypatch.setattr(facts, "_read_module", vanishing)
    found, _ = _run(tmp_path, options, only=SHOP_SERVICE)
    assert not deps.exists()
    assert found == set()  # without deps.py, nothing says what make() gives; and no ORM000
    monkeypatch.setattr(facts, "_read_module", real)
    deps.write_text(text, encoding="utf-8")
    assert _run(tmp_path, options, only=SHOP_SERVICE)[0] == {(SHOP_SERVICE, 7, "ORM101")}


def test_the_command_names_a_file_that_vanishes_after_it_was_found(tmp_path, monkeypatch, capsys):
    _write(tmp_path, SERVICE)
    monkeypatch.chdir(tmp_path)
    discover = cli.discover

    def then_vanish(*args):
        found = discover(*args)
        (tmp_path / "shop/db.py").unlink()
        return found

    monkeypatch.setattr(cli, "discover", then_vanish)
    assert cli.main(["-j1", "--orm-cache-dir=.orm-cache", "shop"]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "shop/db.py: cannot read" in err
    assert out.splitlines() == []  # service.py's session comes from db.py, gone


# -- several runs at once -------------------------------------------------------------------------------------

#: The shipped inputs, relative to the repository's root: the examples and the fixture projects.
INPUTS = ("examples", "tests/projects")


def _at_once(runs: dict) -> dict[str, hosts.Run]:
    """Start every run at the same time; their results by name, each checked for a crash."""
    with ThreadPoolExecutor(len(runs)) as pool:
        futures = {name: pool.submit(run) for name, run in runs.items()}
        done = {name: future.result() for name, future in futures.items()}
    for name, run in done.items():
        assert run.returncode != 0 and run.findings and "Traceback" not in run.stderr, (name, run.stderr)
        assert not [f for f in run.findings if f.code == INTERNAL_ERROR], name
    return done


@pytest.mark.slow
def test_flake8_and_pylint_at_once_on_one_fresh_cache(tmp_path):
    """Two flake8 -j2 and two pylint -j2 runs at the same time, each worker writing the same entries of
    one fresh cache directory, report exactly what a run without a cache reports; so does a run that
    reads what they wrote."""
    shared = f"--orm-cache-dir={tmp_path / 'cache'}"
    ignored = f"--ignored-modules={hosts.imported_modules(*(ROOT / inputs for inputs in INPUTS))}"

    def flake8(*args: str):
        return lambda: hosts.flake8("-j2", *args, *INPUTS, cwd=ROOT)

    def pylint(*args: str):
        return lambda: hosts.pylint("-j2", ignored, *args, *INPUTS, cwd=ROOT)

    cold = _at_once({
        "without a cache": lambda: hosts.command("-j1", "--orm-cache-dir=off", *INPUTS, cwd=ROOT),
        "flake8 1": flake8(shared), "flake8 2": flake8(shared), "pylint 1": pylint(shared), "pylint 2": pylint(shared),
    })
    expected = cold.pop("without a cache").by_file()
    assert len(expected) >= 30
    for name, run in cold.items():
        assert run.by_file() == expected, name
    assert len(list((tmp_path / "cache").rglob("*.json"))) >= 30
    warm = hosts.flake8("-j2", shared, *INPUTS, cwd=ROOT)  # (pylint reads it in test_determinism.py)
    assert warm.by_file() == expected
