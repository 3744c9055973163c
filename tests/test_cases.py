"""Every rule case of ``tests/cases`` reports exactly its markers (see ``tests/cases/README.md``).

Each file is linted in this process by
:func:`async_orm_lint.engine.check_source`, with only the rules its group names
(``orm101_orm102/...`` runs ORM101 and ORM102), and the multiset of
``(line, column, code)`` it reports must be the one of its ``# expect:``
markers, each quoted fragment in the message of its finding: a missing, an
extra (ORM000 included), a misplaced or a duplicate finding fails.  A file
without a marker must stay silent.

Negative cases always mention SQLAlchemy, so that the engine really looks at
them and their silence is the rules' doing, not the cheap "does this module
mention sqlalchemy" test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import hosts
from async_orm_lint.engine import INTERNAL_ERROR, OFF_BY_DEFAULT_CODES, check_source
from async_orm_lint.rules import RULES
from examples_support import example_files, opted_in
from markers import assert_reported, check_marked, differences, from_engine, markers, markers_of, with_suppressions

CASES_DIR = Path(__file__).resolve().parent / "cases"

#: Cases the engine gets wrong today (strict: each must fail until the engine is fixed), with the reason.
XFAIL = {
    "orm402/query-in-a-function-of-another-module-called-per-item/app/service": (
        "known miss: ORM402 reads the callees of the checked module only; a repository of another module "
        "would have to be parsed and walked for every call in a loop (its summary says nothing of queries yet)"
    ),
    "orm303/aliased-import": (
        "known miss: the walk collects the calls of the names a rule asks for as they are written; a class "
        "imported under another name (`async_sessionmaker as make_factory`) is not asked for"
    ),
    "orm101_orm102/orm102-await-factory-held-in-an-attribute": (
        "known miss: ORM102 evaluates `await x.name(...)` only for names that are not awaitable somewhere in "
        "the API; a factory held in an attribute under another name is not followed (it fails on its first run)"
    ),
    "orm201_orm202_orm203/replacing-an-unloaded-collection": (
        "not in the documented scope yet: assigning a collection on a persistent instance loads the old "
        "collection first (MissingGreenlet at the assignment, checked with aiosqlite); ORM201 documents reads only"
    ),
    "orm201_orm202_orm203/new-object-flushed-then-unset-relationship": (
        "not in the documented scope yet: once flushed, a new object is persistent and a relationship it was not "
        "given is lazy-loaded on read (MissingGreenlet; `lazy=\"raise\"` raises; checked with aiosqlite), but a "
        "constructor call is taken as loading everything (`ALL_LOADED`) for ever"
    ),
    "orm201_orm202_orm203/implicit-commit-of-begin-then-column-read": (
        "not in the documented scope yet: `async with factory.begin()` commits when the block ends (expiring the "
        "user) and closes the session: `user.name` raises DetachedInstanceError; no rule covers the implicit commit"
    ),
}

LOADING_READS = ("ORM201", "ORM203")

#: Negatives whose silence is owed to one expression: with ``old`` replaced by ``new`` (the loading form
#: taken out, or the evidence put back), the same file has a finding of one of ``codes``.  The control
#: proves that the case carries the evidence (a known session, a mapped model), so that its silence is
#: the loading form's doing.
CONTROLS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "orm201_orm202_orm203/selectinload": ('selectinload(User.orders)', 'selectinload(User.teams)', LOADING_READS),
    "orm201_orm202_orm203/joinedload-unique": ('joinedload(User.orders)', 'joinedload(User.teams)', LOADING_READS),
    "orm201_orm202_orm203/joinedload-execute-unique-scalars": (
        'joinedload(User.orders)',
        'joinedload(User.teams)',
        LOADING_READS,
    ),
    "orm201_orm202_orm203/subqueryload": ('subqueryload(User.orders)', 'subqueryload(User.teams)', LOADING_READS),
    "orm201_orm202_orm203/immediateload": ('immediateload(User.orders)', 'immediateload(User.teams)', LOADING_READS),
    "orm201_orm202_orm203/contains-eager": ('.options(contains_eager(User.orders))', '', LOADING_READS),
    "orm201_orm202_orm203/noload": ('noload(User.orders)', 'noload(User.teams)', LOADING_READS),
    "orm201_orm202_orm203/selectinload-wildcard": ('selectinload("*")', 'selectinload(User.teams)', LOADING_READS),
    "orm201_orm202_orm203/load-object-wildcard": (
        'Load(User).selectinload("*")',
        'selectinload(User.teams)',
        LOADING_READS,
    ),
    "orm201_orm202_orm203/options-we-cannot-read": ('*default_options()', 'selectinload(User.teams)', LOADING_READS),
    "orm201_orm202_orm203/options-from-a-parameter": ('*opts', 'selectinload(User.teams)', LOADING_READS),
    "orm201_orm202_orm203/get-option-from-a-parameter": ('options=[option]', 'options=[]', LOADING_READS),
    "orm201_orm202_orm203/chained-selectinload": ('.selectinload(Order.items)', '', LOADING_READS),
    "orm201_orm202_orm203/chained-joinedload-subqueryload": ('.subqueryload(Order.items)', '', LOADING_READS),
    "orm201_orm202_orm203/chained-get-options-via-local": ('.joinedload(Order.items)', '', LOADING_READS),
    "orm201_orm202_orm203/defaultload-then-selectinload-next-to-selectinload": (
        ', defaultload(User.orders).selectinload(Order.items)',
        '',
        LOADING_READS,
    ),
    "orm201_orm202_orm203/get-with-options": ('options=[selectinload(User.orders)]', 'options=[]', LOADING_READS),
    "orm201_orm202_orm203/get-one-with-options-tuple-and-lazy-raise-loaded": (
        'selectinload(User.badges)',
        'selectinload(User.teams)',
        LOADING_READS,
    ),
    "orm201_orm202_orm203/options-in-a-local-list": (
        'opts = [selectinload(User.orders)]',
        'opts = [selectinload(User.teams)]',
        LOADING_READS,
    ),
    "orm201_orm202_orm203/get-options-in-a-local-list": (
        'opts = [selectinload(User.orders)]',
        'opts = [selectinload(User.teams)]',
        LOADING_READS,
    ),
    "orm201_orm202_orm203/refresh-with-names": ('["orders"]', '["teams"]', LOADING_READS),
    "orm201_orm202_orm203/refresh-with-attribute-names": ('["orders", "badges"]', '["badges"]', LOADING_READS),
    "orm201_orm202_orm203/awaitable-attrs": (
        'user.awaitable_attrs.orders',
        'user.awaitable_attrs.teams',
        LOADING_READS,
    ),
    "orm201_orm202_orm203/run-sync-function": (
        'def count_orders(sync_session: Session, user_id: int) -> int:\n    user = sync_session.get',
        'async def count_orders(sync_session: AsyncSession, user_id: int) -> int:\n    user = await sync_session.get',
        LOADING_READS,
    ),
    "orm201_orm202_orm203/writing-a-many-to-one": ('order.user_id = 1', 'order.user_id = order.user.id', LOADING_READS),
    "orm201_orm202_orm203/writing-a-loaded-collection": (
        'options=[selectinload(User.orders)]',
        'options=[]',
        LOADING_READS,
    ),
    "orm201_orm202_orm203/new-object-with-its-collection": (
        'User(name="new", orders=[Order(), Order()])',
        'await session.get(User, 1)',
        LOADING_READS,
    ),
    "orm201_orm202_orm203/pending-object-before-flush": (
        'User(name="new")',
        'await session.get(User, 1)',
        LOADING_READS,
    ),
    "orm201_orm202_orm203/columns": ('{user.name}', '{user.orders}', LOADING_READS),
    "orm201_orm202_orm203/lazy-selectin-relationship-itself": ('user.teams', 'user.orders', LOADING_READS),
    "orm201_orm202_orm203/chained-read-of-a-chained-load": ('.selectinload(User.orders)', '', LOADING_READS),
    "orm201_orm202_orm203/chained-read-after-awaitable-attrs": (
        'await order.user.awaitable_attrs.orders',
        'pass',
        LOADING_READS,
    ),
    "orm201_orm202_orm203/chained-read-after-refresh-of-the-related-object": ('["orders"]', '["name"]', LOADING_READS),
    "orm201_orm202_orm203/class-not-mapped": (
        'await session.get(Archive, 1)',
        'await session.get(User, 1)',
        LOADING_READS,
    ),
    "orm201_orm202_orm203/model-we-cannot-see": (
        'await session.get(Customer, 1)',
        'await session.get(User, 1)',
        LOADING_READS,
    ),
    "orm201_orm202_orm203/same-attribute-name-on-a-plain-class": (
        'len(cart.orders)',
        'len(user.orders)',
        LOADING_READS,
    ),
    "orm201_orm202_orm203/expire-on-commit-false": ('keep_session()', 'new_session()', ('ORM202',)),
    "orm201_orm202_orm203/read-before-commit": ('body = {', 'await session.commit()\n        body = {', ('ORM202',)),
    "orm201_orm202_orm203/refresh-between-commit-and-read": ('await session.refresh(user)', 'pass', ('ORM202',)),
    "orm201_orm202_orm203/transient-never-added": (
        'user = User(name=name)',
        'user = User(name=name); session.add(user)',
        ('ORM202',),
    ),
    "orm201_orm202_orm203/another-session-committed": (
        'await source.get(User, user_id)',
        'await target.get(User, user_id)',
        ('ORM202',),
    ),
    "orm201_orm202_orm203/no-read-after-commit": ('return name', 'return user.name', ('ORM202',)),
    "orm201_orm202_orm203/loaded-inside-the-block": ('options=[selectinload(User.orders)]', 'options=[]', ('ORM203',)),
    "orm201_orm202_orm203/read-inside-the-block-columns-after": (
        'return ids + [user.id]',
        'return ids + [len(user.badges)]',
        ('ORM203',),
    ),
    "orm201_orm202_orm203/sync-read-inside-the-block": (
        'ids = [order.id for order in user.orders]\n    return ids',
        'pass\n    return [order.id for order in user.orders]',
        ('ORM203',),
    ),
    "orm201_orm202_orm203/lazy-selectin-after-the-block": ('user.teams', 'user.orders', ('ORM203',)),
    "orm501/literal-async-drivers": ('"postgresql+asyncpg://', '"postgresql+psycopg2://', ('ORM501',)),
    "orm501/url-objects-async": ('drivername="postgresql+asyncpg"', 'drivername="postgresql+pg8000"', ('ORM501',)),
    "orm501/constants-that-disagree": ('"postgresql+asyncpg://app@db/app"', '"postgresql+psycopg2://app@db/app"',
                                       ('ORM501',)),
    "orm601/mapped-column-indexed": (', index=True)', ')', ('ORM601',)),
    "orm601/sqlmodel-field-indexed": (', index=True)', ')', ('ORM601',)),
    "orm601/table-args-leading": ('"customer_id", "created"', '"created", "customer_id"', ('ORM601',)),
    "orm601/index-after-the-class-leading": ('Index("ix_orders_customer_id", Order.customer_id)', '', ('ORM601',)),
    "orm601/not-mapped": ('class OwnedMixin:', 'class OwnedMixin(Base):\n    __tablename__ = "owned"', ('ORM601',)),
    "orm701/downgrade-raises": ('raise NotImplementedError("a1b2c3d4e5f6 drops data: restore from a backup")', 'pass',
                                ('ORM701',)),
    "orm701/merge-revision": ('def upgrade() -> None:\n    pass', 'def upgrade() -> None:\n    op.drop_table("x")',
                              ('ORM701',)),
    "orm701/op-not-alembics": ('from myproject.schema import op', 'from alembic import op', ('ORM701',)),
    "orm701/not-a-versions-file": ('revision = "b2c3d4e5f6a1"\n', 'revision = "b2c3d4e5f6a1"\ndown_revision = None\n',
                                   ('ORM701',)),
}


def case_files() -> list[Path]:
    return sorted(CASES_DIR.rglob("*.py"))


def case_name(path: Path) -> str:
    """``orm101_orm102/expression-statement``; a file of a project case keeps its path in the project."""
    return path.relative_to(CASES_DIR).with_suffix("").as_posix()


def selected(path: Path, root: Path = CASES_DIR) -> tuple[str, ...]:
    """The rules a case's group names: ``orm101_orm102`` -> ``("ORM101", "ORM102")``."""
    group = path.relative_to(root).parts[0]
    return tuple(code.upper() for code in group.split("_"))


def _params():
    for path in case_files():
        name = case_name(path)
        marks = [pytest.mark.xfail(strict=True, reason=XFAIL[name])] if name in XFAIL else []
        yield pytest.param(path, id=name, marks=marks)


@pytest.mark.parametrize("path", list(_params()))
def test_case(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    findings = check_source(source, str(path), select=selected(path))
    assert_reported(markers(source), from_engine(findings), where=case_name(path), source=source)


@pytest.mark.parametrize("name", sorted(CONTROLS))
def test_control_is_flagged(name: str) -> None:
    """Without the loading form (or with the evidence put back) the same case has a finding."""
    old, new, codes = CONTROLS[name]
    path = CASES_DIR / f"{name}.py"
    source = path.read_text(encoding="utf-8")
    assert old in source, (name, old)
    assert not markers(source), f"{name}: a control is the twin of a negative"
    findings = check_source(source.replace(old, new), str(path), select=selected(path))
    assert INTERNAL_ERROR not in {f.code for f in findings}, findings
    assert [f.code for f in findings if f.code in codes], f"no {' or '.join(codes)} once the control is applied"


def test_the_cases_are_well_formed() -> None:
    """Every group names known rules, every xfail and control names a case, and no file keeps a marker
    of the old form (``# ORM101``) that the harness would not read."""
    from async_orm_lint.engine import CODES  # pylint: disable=import-outside-toplevel

    files = case_files()
    assert len(files) > 300
    names = {case_name(path) for path in files}
    assert set(XFAIL) <= names and set(CONTROLS) <= names
    for path in files:
        assert set(selected(path)) <= set(CODES) - {INTERNAL_ERROR}, path
        for expected in markers(path.read_text(encoding="utf-8")):
            assert expected.code in selected(path), (case_name(path), expected)
        assert "# ORM" not in path.read_text(encoding="utf-8"), f"{case_name(path)}: a marker of the old form"


def test_check_is_strict() -> None:
    """The helper fails on a missing, an extra and a wrongly coded finding, and ignores other rules."""
    bad = """\
from sqlalchemy.ext.asyncio import AsyncSession

async def f(session: AsyncSession, labels: list[str]) -> None:
    for label in labels:
        session.add(label)
        await session.commit(){marker}
"""
    check_marked(bad.format(marker="  # expect: ORM401:15"), ("ORM401",))
    for marker in ("", "  # expect: ORM402:15", "  # expect: ORM401:15, ORM401:15", "  # expect: ORM401:13"):
        with pytest.raises(pytest.fail.Exception):
            check_marked(bad.format(marker=marker), ("ORM401",))
    # a rule that is not selected does not report
    check_marked(bad.format(marker=""), ("ORM402",))


# -- the same files through flake8 and pylint -------------------------------------------------------------------


def _checked_by_hosts() -> list[Path]:
    """The case files a host must report exactly (the strict xfails are the engine's known misses)."""
    return [path for path in case_files() if case_name(path) not in XFAIL]


def _flake8_ignores(root: Path) -> str:
    """``--per-file-ignores`` that gives each group of ``root`` only the rules its files run in-process."""
    every = {rule.code for rule in RULES}
    groups = sorted(path.name for path in root.iterdir() if path.is_dir())
    return "--per-file-ignores=" + " ".join(
        f"{group}/*:{','.join(sorted(every - set(selected(root / group / 'x.py', root))))}" for group in groups
    )


def _all_differences(files: list[Path], found: dict[Path, list], host: str) -> str:
    problems = []
    for path in files:
        differ = differences(markers_of(path), found.get(path.resolve(), []))
        if differ:
            problems.append(f"{case_name(path)} ({host}):\n    " + "\n    ".join(differ))
    return "\n".join(problems)


#: The rules off by default, turned on for the hosts' runs over the cases (each group's files are given only
#: its rules, by ``--per-file-ignores`` and pylint pragmas).
OPT_IN = tuple(sorted(OFF_BY_DEFAULT_CODES))


@pytest.mark.slow
def test_flake8_reports_exactly_the_markers_of_every_case() -> None:
    """flake8, as a user runs it, finds what the engine finds in-process: the markers."""
    files = _checked_by_hosts()
    run = hosts.flake8(_flake8_ignores(CASES_DIR), *(str(p.relative_to(CASES_DIR)) for p in files), cwd=CASES_DIR,
                       opt_in=OPT_IN)
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.output
    found = run.by_file()
    assert set(found) <= {path.resolve() for path in files}, sorted(set(found))
    problems = _all_differences(files, found, "flake8")
    assert not problems, "flake8 does not report the markers of:\n" + problems


@pytest.mark.slow
def test_marked_lines_are_silenced_by_noqa_and_pylint_disable(tmp_path: Path) -> None:
    """Every case and bad example, each marked line given ``# noqa: CODE`` and ``# pylint: disable=symbol``:
    flake8 and pylint, run once each over all of them, report nothing."""
    root = tmp_path / "cases"
    shutil.copytree(CASES_DIR, root)
    copies = []
    for path in _checked_by_hosts():
        copy = root / path.relative_to(CASES_DIR)
        text = with_suppressions(path.read_text(encoding="utf-8"), _noqa_and_disable)
        # pylint runs every rule: the others are turned off for the whole module, as flake8's per-file-ignores do
        others = sorted(hosts.SYMBOL_OF_CODE[code] for code in hosts.SYMBOL_OF_CODE if code not in selected(path))
        copy.write_text(f"# pylint: disable={','.join(others)}\n{text}" if others else text, encoding="utf-8")
        copies.append(copy)
    (tmp_path / "examples").mkdir()
    example_ignores = []
    for path in example_files("bad"):
        copy = tmp_path / "examples" / path.name
        text = with_suppressions(path.read_text(encoding="utf-8"), _noqa_and_disable)
        # the rules off by default run only on their own examples, as a project that turned them on
        off = sorted(set(OPT_IN) - set(opted_in(path)))
        if off:
            example_ignores.append(f"examples/{path.name}:{','.join(off)}")
            text = f"# pylint: disable={','.join(hosts.SYMBOL_OF_CODE[code] for code in off)}\n{text}"
        copy.write_text(text, encoding="utf-8")
        copies.append(copy)
    assert sum(bool(markers_of(path)) for path in copies) > 150
    names = [str(copy.relative_to(tmp_path)) for copy in copies]
    ignores = _flake8_ignores(root).replace("=", "=cases/", 1).replace(" ", " cases/") + " " + " ".join(example_ignores)
    flake8 = hosts.flake8(ignores, *names, cwd=tmp_path, opt_in=OPT_IN)
    assert (flake8.returncode, flake8.stdout, flake8.stderr) == (0, "", "")
    pylint = hosts.pylint(*names, cwd=tmp_path, opt_in=OPT_IN)
    assert (pylint.returncode, pylint.findings, pylint.stderr) == (0, [], ""), pylint.output


def _noqa_and_disable(codes: list[str]) -> str:
    return f"# noqa: {','.join(codes)}  # pylint: disable={','.join(hosts.SYMBOL_OF_CODE[c] for c in codes)}"
