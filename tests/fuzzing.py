"""Programs for fuzzing the engine: random Python, and programs grown from a grammar of the ORM.

Two sources, both Hypothesis strategies, shared by ``tests/test_fuzz.py``
(a short deterministic run) and ``benchmarks/fuzz.py`` (a long one):

* :func:`syntactic_programs`: any program Python's grammar allows
  (``hypothesmith``), under an import of the asyncio ORM so that the engine
  does not dismiss it, and once more with its names replaced by those the
  rules look at (``session``, ``commit``, ``execute``, ``gather``...), so
  that random syntax meets the evidence the rules act on;
* :func:`orm_programs`: programs built from what the rules read: sessions
  from ``AsyncSession`` annotations, ``async_sessionmaker`` factories,
  ``Depends``, context managers of the project and constructors; loops,
  ``with`` / ``async with``, ``try``, nested functions; ``await`` in every
  position (or missing, or misplaced); ``commit`` / ``execute`` / ``get`` /
  ``refresh`` / ``add`` and the rest; ``gather`` / ``create_task``;
  relationships with each loader strategy, and loader options;
* :func:`orm_projects`: a few modules of one project (``db.py`` with the
  engine, factories, dependencies and models, and modules importing it,
  through re-exports too), for the project index.

The programs are only parsed and linted, never run.  Every property asks
the same: :func:`check` raises nothing, reports no ``ORM000`` and stays
within a time budget per file.
"""

from __future__ import annotations

import ast
import hashlib
import time
from pathlib import Path
from typing import NamedTuple

from hypothesis import strategies as st

from async_orm_lint.engine import INTERNAL_ERROR, check_source
from async_orm_lint.findings import Finding
from async_orm_lint.options import Options
from async_orm_lint.rules import RULES

#: Every rule, those off by default too: the fuzz is about the engine, not the defaults.
ALL_CODES = tuple(rule.code for rule in RULES)

#: One file must take less than this (seconds, wall): the programs are a few dozen lines.
BUDGET = 5.0


class Checked(NamedTuple):
    findings: list[Finding]
    seconds: float  # wall
    cpu: float  # CPU seconds of the process


class FuzzFailure(AssertionError):
    """A program the engine failed on: the message holds the program."""


def check(source: str, filename: str = "<fuzz>", *, project: bool = False, options: Options | None = None,
          budget: float = BUDGET) -> Checked:
    """Lint ``source`` with every rule: no exception, no ORM000, within ``budget`` seconds."""
    start, cpu_start = time.perf_counter(), time.process_time()
    try:
        findings = check_source(source, filename, select=ALL_CODES, options=options, project=project)
    except Exception as error:  # noqa: BLE001 - check_source must not raise: reported with the program
        raise FuzzFailure(f"check_source raised {type(error).__name__}: {error}\n{_shown(source)}") from error
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    internal = [finding for finding in findings if finding.code == INTERNAL_ERROR]
    if internal:
        raise FuzzFailure(f"{internal[0].message}\n{_shown(source)}")
    if seconds > budget:
        raise FuzzFailure(f"{seconds:.2f} s for one file (budget {budget} s)\n{_shown(source)}")
    return Checked(findings, seconds, cpu)


def _shown(source: str) -> str:
    return "-" * 20 + " program " + "-" * 20 + "\n" + source + ("" if source.endswith("\n") else "\n") + "-" * 49


# == random Python (hypothesmith) ==================================================

ORM_HEADER = (
    "import asyncio\n"
    "from fastapi import Depends\n"
    "from sqlalchemy import select\n"
    "from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine\n"
    "from sqlalchemy.orm import relationship, selectinload\n"
)

#: The names random programs are given instead of their own: what the rules look at.
VOCABULARY = (
    "session", "db", "s", "factory", "engine", "conn", "self", "obj", "user", "rows", "result", "item",
    "AsyncSession", "async_sessionmaker", "create_async_engine", "Depends", "select", "selectinload",
    "relationship", "asyncio", "commit", "execute", "get", "add", "refresh", "flush", "rollback",
    "scalars", "scalar", "begin", "close", "stream", "orders", "gather", "create_task", "run_sync",
)


class _Renamer(ast.NodeTransformer):
    """Every name, attribute, argument and definition named from :data:`VOCABULARY` (by a hash of
    the old name, so that one name stays one name)."""

    @staticmethod
    def new(name: str) -> str:
        return VOCABULARY[int(hashlib.sha1(name.encode()).hexdigest(), 16) % len(VOCABULARY)]

    def visit_Name(self, node: ast.Name) -> ast.Name:  # pylint: disable=invalid-name
        node.id = self.new(node.id)
        return node

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:  # pylint: disable=invalid-name
        self.generic_visit(node)
        node.attr = self.new(node.attr)
        return node

    def visit_arg(self, node: ast.arg) -> ast.AST:
        self.generic_visit(node)
        node.arg = self.new(node.arg)
        return node

    def _defined(self, node):
        self.generic_visit(node)
        node.name = self.new(node.name)
        return node

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _defined  # noqa: N815


def with_orm_names(source: str) -> str | None:
    """``source`` with its names taken from :data:`VOCABULARY`, or None when that does not give a program."""
    try:
        tree = _Renamer().visit(ast.parse(source))
        renamed = ast.unparse(tree)
        ast.parse(renamed)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return renamed


def in_async_function(source: str) -> str:
    """``source`` as the body of an ``async def`` given an ``AsyncSession`` (it may not parse there)."""
    body = "".join("    " + line + "\n" if line.strip() else "\n" for line in source.splitlines()) or "    pass\n"
    return "\n\nasync def handler(session: AsyncSession) -> None:\n" + body


def syntactic_variants(source: str) -> list[str]:
    """What is checked of one random program: as it is, with the ORM's names, and in a handler
    (where it is still a program there)."""
    variants = [ORM_HEADER + source]
    renamed = with_orm_names(source)
    if renamed is not None:
        variants.append(ORM_HEADER + renamed)
        handler = ORM_HEADER + in_async_function(renamed)
        if parses(handler):
            variants.append(handler)
    return variants


def parses(source: str) -> bool:
    try:
        ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def syntactic_programs(from_node: bool = False) -> st.SearchStrategy[str]:
    """Random valid Python, from the grammar (or libcst's nodes)."""
    import hypothesmith  # pylint: disable=import-outside-toplevel  # only the fuzz needs it

    return hypothesmith.from_node() if from_node else hypothesmith.from_grammar()


# == programs grown from the ORM ===================================================

MODELS = """

class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    orders: Mapped[list["Order"]] = relationship(back_populates="user"{user_lazy})


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"){index})
    user: Mapped[User] = relationship(back_populates="orders"{order_lazy})
"""

SQLMODEL_MODELS = """

class Team(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    heroes: list["Hero"] = Relationship(back_populates="team"{relationship_kwargs})


class Hero(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    team_id: Optional[int] = Field(default=None, foreign_key="team.id"{index})
    team: Optional[Team] = Relationship(back_populates="heroes")
"""

IMPORTS = """\
import asyncio
import time
from contextlib import asynccontextmanager
from functools import partial
from typing import Annotated, AsyncIterator, Optional

import requests
from fastapi import Depends
from sqlalchemy import ForeignKey, String, delete, func, select, text, update
from sqlalchemy.ext.asyncio import (
    AsyncSession,
    async_scoped_session,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    joinedload,
    lazyload,
    mapped_column,
    raiseload,
    relationship,
    selectinload,
    sessionmaker,
)
from sqlmodel import Field, Relationship, SQLModel
"""

URLS = (
    "sqlite+aiosqlite:///:memory:",
    "postgresql+asyncpg://u:p@localhost/db",
    "postgresql://u:p@localhost/db",
    "sqlite:///x.db",
    "mysql+aiomysql://u:p@localhost/db",
    "mysql+pymysql://u:p@localhost/db",
)

FACTORIES = (
    "factory = async_sessionmaker(engine)",
    "factory = async_sessionmaker(engine, expire_on_commit=False)",
    "factory = async_sessionmaker(bind=engine, class_=AsyncSession, expire_on_commit=True)",
    "factory = sessionmaker(engine, class_=AsyncSession)",
    "factory = sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)",
    "factory = partial(AsyncSession, engine)",
    "factory = async_scoped_session(async_sessionmaker(engine), scopefunc=asyncio.current_task)",
    "factory = sessionmaker()",
)

DEPENDENCIES = (
    """
async def get_session() -> AsyncIterator[AsyncSession]:
    async with factory() as session:
        yield session
""",
    """
async def get_session() -> AsyncSession:
    async with factory() as session:
        yield session
""",
    """
async def get_session():
    session = factory()
    try:
        yield session
    finally:
        await session.close()
""",
    """
def get_session():
    return factory()
""",
    """
get_session = factory
""",
)

SCOPES = (
    """
@asynccontextmanager
async def session_scope() -> AsyncIterator[AsyncSession]:
    async with factory() as session:
        async with session.begin():
            yield session
""",
    """
session_scope = asynccontextmanager(get_session)
""",
    """
async def session_scope():
    return factory()
""",
)

LAZY = ("", "", "", ', lazy="selectin"', ', lazy="joined"', ', lazy="raise"', ', lazy="select"', ', lazy="noload"',
        ', lazy="dynamic"', ', lazy="write_only"', ', lazy="immediate"')

#: Where the session of a function comes from: (parameters, lines opening the body, async only).
SOURCES = (
    ("session: AsyncSession", (), False),
    ("session: AsyncSession = Depends(get_session)", (), False),
    ("session: Annotated[AsyncSession, Depends(get_session)]", (), False),
    ("session: Optional[AsyncSession] = None", (), False),
    ("session: 'AsyncSession'", (), False),
    ("session: AsyncSession | None", (), False),
    ("session", (), False),
    ("session: Session", (), False),
    ("session=Depends(get_session)", (), False),
    ("", ("async with factory() as session:",), True),
    ("", ("async with factory.begin() as session:",), True),
    ("", ("async with factory() as session, session.begin():",), True),
    ("", ("async with session_scope() as session:",), True),
    ("", ("async with AsyncSession(engine) as session:",), True),
    ("", ("session = factory()",), False),
    ("", ("session = AsyncSession(engine)",), False),
    ("", ("session = session_scope()",), False),
    ("", ("session = get_session()",), False),
    ("", ("session = await get_session()",), True),
    ("", ("async for session in get_session():",), True),
    ("", ("with factory() as session:",), False),
    ("", ("session = factory", ), False),
)

STATEMENTS = (
    "select(User)",
    "select(User).where(User.id == user_id)",
    "select(User).options(selectinload(User.orders))",
    "select(User).options(joinedload(User.orders)).where(User.name == 'x')",
    "select(User).options(lazyload(User.orders))",
    "select(User).options(raiseload('*'))",
    "select(User).options(*options)",
    "select(Order).join(Order.user)",
    "select(Hero).options(selectinload(Hero.team))",
    "select(Team)",
    "update(User).values(name='x')",
    "delete(Order).where(Order.id == 1)",
    "text('select 1')",
    "text('update users set name = :n')",
    "select(func.count(User.id))",
    "stmt",
)

MODELS_USED = ("User", "Order", "Hero", "Team")
OBJECTS = ("user", "obj", "order", "item", "hero", "row")
ITERABLES = ("items", "range(3)", "{obj}.orders", "{obj}.heroes", "rows", "users", "ids", "{obj}.user.orders")


_STRATEGIES: dict[tuple, st.SearchStrategy] = {}


def _pick(draw, options: tuple):
    """One of ``options`` (its strategy built once: building one costs more than drawing from it)."""
    strategy = _STRATEGIES.get(("pick", options))
    if strategy is None:
        strategy = _STRATEGIES["pick", options] = st.sampled_from(options)
    return draw(strategy)


def _int(draw, bounds: tuple[int, int]) -> int:
    strategy = _STRATEGIES.get(("int", bounds))
    if strategy is None:
        strategy = _STRATEGIES["int", bounds] = st.integers(*bounds)
    return draw(strategy)


class _Context(NamedTuple):
    session: str  # the expression of the session: session, self.session, other, db
    in_async: bool  # await, async for and async with may be written here
    depth: int
    functions: tuple[str, ...]  # other functions of the module, to call
    in_loop: bool = False  # break and continue may be written here


def _await(draw, context: _Context) -> str:
    """``await `` or nothing (a missing await where one is needed; a misplaced one elsewhere)."""
    return "await " if context.in_async and _int(draw, (0, 3)) else ""


def _simple(draw, context: _Context) -> list[str]:  # pylint: disable=too-many-return-statements
    s = context.session
    aw = _await(draw, context)
    obj = _pick(draw, OBJECTS)
    model = _pick(draw, MODELS_USED)
    stmt = _pick(draw, STATEMENTS)
    kind = _int(draw, (0, 39))
    if kind == 0:
        return [f"{aw}{s}.{_pick(draw, ('commit', 'flush', 'rollback', 'close', 'invalidate'))}()"]
    if kind == 1:
        method = _pick(draw, ("refresh", "delete", "merge", "add", "expunge", "expire", "add_all"))
        argument = f"[{obj}]" if method == "add_all" else obj
        return [f"{aw}{s}.{method}({argument})"]
    if kind == 2:
        return [f"{obj} = {aw}{s}.{_pick(draw, ('get', 'get_one'))}({model}, {obj}_id)"]
    if kind == 3:
        return [f"result = {aw}{s}.execute({stmt})"]
    if kind == 4:
        return [f"rows = ({aw}{s}.execute({stmt})).scalars().all()"]
    if kind == 5:
        tail = _pick(draw, ("all()", "first()", "one()", "unique().all()", "one_or_none()"))
        return [f"users = ({aw}{s}.scalars({stmt})).{tail}"]
    if kind == 6:
        return [f"{obj} = {aw}{s}.scalar({stmt})"]
    if kind == 7:
        return [f"{obj} = {model}(name='x')", f"{s}.add({obj})"]
    if kind == 8:
        attribute = _pick(draw, ("orders", "user", "name", "id", "heroes", "team", "user.orders"))
        return [f"print({obj}.{attribute})"]
    if kind == 9:
        return [f"names = [o.id for o in {obj}.{_pick(draw, ('orders', 'heroes'))}]"]
    if kind == 10:
        call = _pick(draw, ("{o}.model_dump()", "jsonable_encoder({o})", "Schema.model_validate({o})",
                            "{o}.to_dict()", "getattr({o}, 'orders')", "len({o}.orders)"))
        return [f"data = {call.format(o=obj)}"]
    if kind == 11 and context.in_async:
        helper = _pick(draw, context.functions or ("helper",))
        spread = _pick(draw, (
            "await asyncio.gather({f}({s}), {f}({s}))",
            "await asyncio.gather(*[{f}({s}, i) for i in ids])",
            "await asyncio.gather({s}.execute(stmt), {s}.execute(stmt))",
            "task = asyncio.create_task({f}({s}))",
            "asyncio.create_task({s}.commit())",
            "tasks = [asyncio.ensure_future({f}({s})) for _ in range(3)]",
            "done, _ = await asyncio.wait([{f}({s}), {f}({s})])",
            "results = await asyncio.gather({f}({s}), other_work(), return_exceptions=True)",
        ))
        return [spread.format(f=helper, s=s)]
    if kind == 12:
        helper = _pick(draw, context.functions or ("helper",))
        return [f"{aw}{helper}({s}{_pick(draw, ('', ', obj', ', *args', ', **kwargs'))})"]
    if kind == 13 and context.in_async:
        form = _pick(draw, (
            "x = f(await {s}.get(User, 1))",
            "x = [await {s}.get(User, i) for i in ids]",
            "x = {{i: await {s}.scalar(stmt) for i in ids}}",
            "x = (await (await {s}.execute(stmt)).scalars()).all()",
            "x = await {s}.get(User, 1) if flag else None",
            "x = await {s}.commit() or None",
            "assert await {s}.scalar(stmt)",
            "print(f'{{await {s}.scalar(stmt)}}')",
            "x = await {s}",
            "x = await {s}.begin()",
            "await {s}.run_sync(lambda sync: sync.commit())",
            "{s}.sync_session.commit()",
            "x = lambda: {s}.commit()",
            "x = {s}.commit",
            "await x()",
            "x = await {s}.add(obj)",
            "await {s}.execute(stmt).scalars()",
            "x = {s}.execute(stmt).scalars().all()",
            "x = (await {s}.stream(stmt)).scalars()",
            "x = [r async for r in await {s}.stream_scalars(stmt)]",
            "return await {s}.get(User, 1)",
            "(await {s}.execute(stmt)).scalar_one()",
            "await ({s}.commit())",
            "await asyncio.sleep(0)",
            "x = await asyncio.wait_for({s}.commit(), 1)",
            "yield await {s}.get(User, 1)",
            "async with {s}.begin() as tx:\n    await tx.commit()",
        ))
        return form.format(s=s).split("\n")
    if kind == 14:
        return [_pick(draw, (
            "time.sleep(1)", "requests.get('http://example.invalid')", "open('f').read()",
            "input()", "subprocess.run(['ls'])", "sync_engine.connect()",
        ))]
    if kind == 15:
        loop = ("continue", "break") if context.in_loop else ()
        return [_pick(draw, ("return", f"return {obj}", f"return {s}", "return rows", "pass", *loop,
                             f"del {obj}", "raise ValueError()", "x = 1", f"yield {s}"))]
    if kind == 16:
        return [f"{s}.query({model}).all()"]
    if kind == 17:
        return [f"{obj}.name = 'y'", f"{obj}.orders = []", f"{obj}.orders.append(Order())"][: _int(draw, (1, 3))]
    if kind == 18:
        return [f"options = [selectinload({model}.orders)]", f"stmt = {stmt}"]
    if kind == 19:
        return [f"{obj} = await {s}.merge({obj})" if context.in_async else f"{obj} = {s}.merge({obj})"]
    if kind == 20:
        return [f"{s} = factory()" if _int(draw, (0, 1)) else f"{s} = {s}"]
    if kind == 21:
        return [f"async with factory() as {s}:" if context.in_async else f"with factory() as {s}:", "    pass"]
    if kind == 22:  # load, then read a relationship or a column
        attribute = _pick(draw, ("orders", "orders", "name", "user", "orders[0].user", "heroes"))
        model = _pick(draw, ("User", "User", "Order", "Team"))
        return [f"{obj} = {aw}{s}.get({model}, 1)", f"print({obj}.{attribute})"]
    if kind == 23:  # change, commit, read
        return [f"{s}.add({obj})", f"{aw}{s}.{_pick(draw, ('commit', 'rollback', 'flush'))}()",
                f"print({obj}.{_pick(draw, ('name', 'orders', 'id'))})"]
    if kind == 24:  # rows, then a relationship of each
        return [f"users = ({aw}{s}.scalars({stmt})).all()", "for u in users:",
                f"    print(u.{_pick(draw, ('orders', 'name', 'team', 'heroes'))})"]
    if kind == 25:  # a session closed (or left), then an instance read
        return [f"async with factory() as {s}:" if context.in_async else f"with factory() as {s}:",
                f"    {obj} = {aw}{s}.get({model}, 1)", f"print({obj}.orders)"]
    # the most common statements, again: a session method, awaited or not
    method = _pick(draw, ("commit", "execute(stmt)", "get(User, 1)", "refresh(obj)", "add(obj)",
                          "flush()", "scalars(stmt)", "rollback()", "delete(obj)"))
    method = method if "(" in method else method + "()"
    return [f"{aw}{s}.{method}"]


def _block(draw, context: _Context, size: int | None = None) -> list[str]:
    """Statements, each indented to the block (compound ones while ``depth`` allows)."""
    lines: list[str] = []
    for _ in range(size if size is not None else _int(draw, (1, 5))):
        if context.depth < 3 and _int(draw, (0, 4)) == 0:
            lines += _compound(draw, context._replace(depth=context.depth + 1))
        else:
            lines += _simple(draw, context)
    return lines


def _indented(lines: list[str]) -> list[str]:
    return ["    " + line for line in lines]


def _compound(draw, context: _Context) -> list[str]:
    s = context.session
    kind = _int(draw, (0, 11))
    obj = _pick(draw, OBJECTS)
    body_context = context._replace(in_loop=kind in (0, 1, 2))
    if kind == 0:
        iterable = _pick(draw, ITERABLES).format(obj=obj)
        head = [f"for {obj} in {iterable}:"]
    elif kind == 1 and context.in_async:
        head = [_pick(draw, (
            f"async for {obj} in await {s}.stream(stmt):",
            f"async for {obj} in {s}.stream(stmt):",
            f"async for {obj} in await {s}.stream_scalars(stmt):",
            f"async for {obj} in (await {s}.stream(stmt)).scalars():",
        ))]
    elif kind == 2:
        head = ["while flag:"]
    elif kind == 3:
        head = ["if flag:"]
        body = _block(draw, context)
        other = _block(draw, context)
        return head + _indented(body) + ["else:"] + _indented(other)
    elif kind == 4:
        body = _block(draw, context)
        handler = _block(draw, context, size=1)
        final = _block(draw, context, size=1)
        return (["try:"] + _indented(body) + ["except Exception:"] + _indented(handler + ["raise"])
                + ["finally:"] + _indented(final))
    elif kind == 5 and context.in_async:
        head = [_pick(draw, (
            f"async with {s}.begin():",
            f"async with {s}.begin_nested():",
            f"async with {s}:",
            f"async with {s}.begin() as transaction:",
            "async with asyncio.TaskGroup() as group:",
            f"async with {s}.begin(), factory() as other:",
        ))]
    elif kind == 6:
        other = _pick(draw, ("other", "db", "nested"))
        opener = (f"async with factory() as {other}:" if context.in_async and _int(draw, (0, 1))
                  else f"with factory() as {other}:")
        head = [opener]
        body_context = context._replace(session=other)
    elif kind == 7:
        head = [f"with {s}.no_autoflush:" if _int(draw, (0, 1)) else "with open('f') as handle:"]
    elif kind == 8:
        # a closure: async or not, using the session of its function
        is_async = _int(draw, (0, 1))
        name = f"inner_{_int(draw, (0, 9))}"
        inner = context._replace(in_async=is_async, in_loop=False)
        call = f"await {name}()" if is_async and context.in_async else f"{name}()"
        return [f"{'async ' if is_async else ''}def {name}():"] + _indented(_block(draw, inner)) + [call]
    elif kind == 9:
        head = [f"for i, {obj} in enumerate(users):"]
        context = context._replace(in_loop=True)
        body = _block(draw, context) + [_pick(draw, ("if i % 100 == 0:", "if len(batch) > 50:", "if i:"))]
        return head + _indented(body + _indented(_block(draw, context, size=1)))
    elif kind == 10:
        head = [f"match {obj}:", "    case User():"]
        return head + ["    " + line for line in _indented(_block(draw, context))] + ["    case _:", "        pass"]
    else:
        head = [f"if {obj} is not None and {obj}.orders:"]
    return head + _indented(_block(draw, body_context))


def _function(draw, name: str, functions: tuple[str, ...], method: bool = False) -> list[str]:
    is_async = _int(draw, (0, 4)) > 0
    parameters, opening, needs_async = _pick(draw, SOURCES)
    if needs_async and not is_async:
        parameters, opening = "session: AsyncSession", ()
    if opening == ("session = await get_session()",) and not is_async:
        opening = ("session = get_session()",)
    if method:
        parameters, opening = "", ()
    session = "self.session" if method else "session"
    extra = _pick(draw, ("", "user_id: int", "items: list", "obj", "*args, **kwargs", "ids=()"))
    if "=" in parameters and extra and "=" not in extra and not extra.startswith("*"):
        extra += " = None"
    signature = ", ".join(p for p in (("self",) if method else ()) + (parameters, extra) if p)
    returns = _pick(draw, ("", " -> None", " -> User", " -> list[User]", " -> AsyncSession"))
    decorator = _pick(draw, ("", "", "", "@router.get('/x')", "@asynccontextmanager", "@staticmethod"))
    if decorator == "@staticmethod" and not method:
        decorator = ""
    if decorator == "@staticmethod":
        signature = signature.replace("self, ", "").replace("self", "")
        session = "session"
    context = _Context(session, is_async, 0, functions)
    body = _block(draw, context, _int(draw, (1, 6)))
    for line in reversed(opening):
        body = [line] + (_indented(body) if line.endswith(":") else body)
    return ([decorator] if decorator else []) + [f"{'async ' if is_async else ''}def {name}({signature}){returns}:"] \
        + _indented(body)


def _class(draw, functions: tuple[str, ...]) -> list[str]:
    annotation = _pick(draw, ("AsyncSession", "'AsyncSession'", "Session", "", "async_sessionmaker"))
    parameter = f"session: {annotation}" if annotation else "session"
    lines = ["class Repository:"]
    if _int(draw, (0, 1)):
        lines += ["    session: AsyncSession"]
    lines += [f"    def __init__(self, {parameter}) -> None:", "        self.session = session", ""]
    for i in range(_int(draw, (1, 3))):
        lines += _indented(_function(draw, f"method_{i}", functions, method=True)) + [""]
    if _int(draw, (0, 1)):
        lines += ["", "def make_repository(session: AsyncSession = Depends(get_session)) -> Repository:",
                  "    return Repository(session)"]
    return lines


@st.composite
def orm_programs(draw, max_functions: int = 4, definitions: bool = True, models: bool = True) -> str:
    """One module: imports, an engine, a factory, a dependency, models (unless ``definitions`` is false:
    then they are imported), functions and a repository.  ``models=False``: no mapped class (pylint infers
    their bases, which costs it seconds of reading SQLAlchemy)."""
    parts = [IMPORTS]
    if definitions:
        parts.append(f"engine = create_async_engine({_pick(draw, URLS)!r})")
        parts.append("sync_engine = create_engine('sqlite://')" if _int(draw, (0, 1)) else "")
        parts.append(_pick(draw, FACTORIES))
        parts.append(_pick(draw, DEPENDENCIES))
        parts.append(_pick(draw, SCOPES))
    if definitions and models and _int(draw, (0, 3)):
        index = _pick(draw, ("", ", index=True"))
        parts.append(MODELS.format(user_lazy=_pick(draw, LAZY), order_lazy=_pick(draw, LAZY),
                                   index=index))
    if definitions and models and _int(draw, (0, 1)):
        kwargs = _pick(draw, ("", ', sa_relationship_kwargs={"lazy": "selectin"}'))
        parts.append(SQLMODEL_MODELS.format(relationship_kwargs=kwargs, index=_pick(draw, ("", ", index=True"))))
    count = _int(draw, (1, max_functions))
    names = tuple(f"handler_{i}" for i in range(count))
    for name in names:
        parts.append("\n\n" + "\n".join(_function(draw, name, names)))
    if _int(draw, (0, 1)):
        parts.append("\n\n" + "\n".join(_class(draw, names)))
    if _int(draw, (0, 1)):
        parts.append("\n\nif __name__ == '__main__':\n    asyncio.run(handler_0())")
    return "\n".join(part for part in parts if part) + "\n"


# == projects ===================================================================

#: How a module of the project gets the names of ``db.py`` (``{names}``).
REEXPORTS = (
    "from app.db import {names}",
    "from .db import {names}",
    "from app.deps import {names}",
    "from app import {names}",
    "from app.deps import *",
    "import app.db as db_module\n{aliases}",
)


@st.composite
def orm_projects(draw) -> dict[str, str]:
    """A package ``app``: ``db.py`` (engine, factory, dependency, models), ``deps.py`` re-exporting it,
    ``__init__.py`` re-exporting it too, and modules whose functions use its names."""
    db = draw(orm_programs(max_functions=1))
    names = "engine, factory, get_session, session_scope, User, Order, Base"
    files = {
        "pyproject.toml": "[project]\nname = 'fuzzed'\n",
        "app/__init__.py": _pick(draw, ("", f"from .db import {names}\n", "from .deps import *\n")),
        "app/db.py": db,
        "app/deps.py": _pick(draw, (
            f"from .db import {names}\n",
            f"from app.db import {names}\n__all__ = ['factory', 'get_session']\n",
            "from app.db import *\n",
            "from . import db\nfactory = db.factory\nget_session = db.get_session\nsession_scope = db.session_scope\n",
            "from app.deps import *\n",  # a module that star-imports itself
        )),
    }
    count = _int(draw, (1, 3))
    for i in range(count):
        module = draw(orm_programs(max_functions=3, definitions=False))
        imports = _pick(draw, REEXPORTS).format(
            names=names, aliases="\n".join(f"{n} = db_module.{n}" for n in names.split(", ")))
        if _int(draw, (0, 2)) == 0:  # the next module's names too (the last imports the first): a cycle
            following = f"app.routes_{(i + 1) % count}"
            imports += f"\nfrom {following} import *\nfrom {following} import handler_0 as next_handler"
        files[f"app/routes_{i}.py"] = imports + "\n" + module
    return files


def write_project(root: Path, files: dict[str, str]) -> list[Path]:
    """The project's files under ``root``; the Python modules, in order."""
    written = []
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if path.suffix == ".py":
            written.append(path)
    return written
