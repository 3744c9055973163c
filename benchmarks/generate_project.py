"""Generate a synthetic ORM-heavy async web service, to benchmark the linter on.

The standard library is a good corpus for raw speed, but it contains almost no
SQLAlchemy, so the parts of the engine that only wake up on ORM code (type
inference of sessions, results and statements, relationship and loader
tracking) are barely exercised by it.  This module writes a project shaped
like a real FastAPI + SQLAlchemy 2.0 asyncio service instead:

``pyproject.toml``
    marks the project root, as in a real service (tools that follow imports
    between the project's modules look for it);
``app/db.py``
    ``create_async_engine``, ``async_sessionmaker(engine, expire_on_commit=False)``
    and an ``async def get_session()`` dependency using ``async with``;
``app/deps.py``
    ``SessionDep = Annotated[AsyncSession, Depends(get_session)]``;
``app/models/<domain>/``
    declarative models with ``Mapped[...]`` columns, foreign keys and
    ``relationship()`` (some ``lazy="selectin"``), association tables;
``app/schemas/<domain>/``
    pydantic-like payload classes written as plain classes;
``app/repositories/<domain>/``
    classes holding ``self.session: AsyncSession`` whose methods build
    ``select()``/``update()``/``delete()`` statements with
    ``.where()``/``.options(selectinload(...))`` and await ``execute``,
    ``scalars``, ``get``, ``commit``, ``refresh``, ``delete``...;
``app/services/<domain>/``
    business logic with loops, ``try``/``except``, ``async with
    session.begin():`` and background jobs opening their own sessions;
``app/routers/<domain>/``
    FastAPI-style endpoints taking ``session: SessionDep``;
``app/utils/``, ``app/errors.py``, ``app/config.py``
    plain modules without any SQLAlchemy.

Everything is derived from ``random.Random(seed)``: the same arguments always
produce the same bytes, and names, fields, relationships, methods and local
style vary from file to file.  Modules are mostly 100-400 lines (median about
160, a few up to 500); package ``__init__.py`` files are short.
The code is valid Python (each file is checked with :func:`ast.parse` unless
``verify=False``) and correct as far as the ORM is concerned, except for a
small, configurable number of deliberately dropped ``await`` keywords.  It is
not meant to be imported (FastAPI need not be installed).

Usage::

    python benchmarks/generate_project.py OUT_DIR --lines 10000 [--seed 0]
"""

from __future__ import annotations

import argparse
import ast
import random
import shutil
import sys
import textwrap
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

MAX_LINE = 79
#: Rough size of everything generated for one entity (model, schemas,
#: repository, service, router); used to size the last domain.
LINES_PER_ENTITY = 560

NOUNS = """
Customer Invoice Order Product Category Supplier Shipment Warehouse Account
Ticket Comment Project Task Milestone Team Member Invitation Subscription Plan
Payment Refund Coupon Review Article Author Tag Attachment Device Sensor
Reading Alert Report Campaign Lead Contact Company Contract Employee
Department Shift Vehicle Route Booking Room Guest Course Lesson Student
Enrollment Grade Recipe Ingredient Venue Event Playlist Track Album Artist
Loan Policy Claim Patient Visit Prescription Store Basket Voucher Webhook
Credential Workspace Channel Message Conversation Notification Asset License
Job Pipeline Stage Incident Runbook Metric Dashboard Widget Survey Question
Answer Feedback Partner Region Zone Carrier Parcel Quote Estimate Budget
Expense Vendor Catalog Listing Auction Bid Portfolio Holding Trade Ledger
""".split()

SUFFIXES = """
Line Item Entry Version Snapshot Assignment Log Setting Link Rule Schedule
Request Approval Template Note Rate Period Record Membership Change
""".split()

DOMAINS = """
billing catalog accounts shipping inventory support analytics crm hr
scheduling learning content media commerce payments identity messaging
logistics compliance insurance health hospitality marketing procurement
finance operations monitoring reporting partners events community projects
fleet facilities legal security sales surveys trading notifications assets
""".split()

ADJECTIVES = """
active pending recent stale archived open closed primary flagged verified
""".split()

_TZ = "DateTime(timezone=True)"
_DT = (("datetime", "datetime"),)

# name, annotation, column type, sqlalchemy names, python imports,
# extra mapped_column() arguments, kind
FIELD_POOL: list[tuple[str, str, str, tuple[str, ...], tuple[tuple[str, str], ...], str, str]] = [
    ("name", "str", "String(120)", ("String",), (), "", "text"),
    ("title", "str", "String(200)", ("String",), (), "", "text"),
    ("label", "str", "String(80)", ("String",), (), "", "text"),
    ("description", "str | None", "Text", ("Text",), (), "", "text"),
    ("notes", "str | None", "Text", ("Text",), (), "", "text"),
    ("code", "str", "String(32)", ("String",), (), "unique=True, index=True", "key"),
    ("slug", "str", "String(140)", ("String",), (), "unique=True", "key"),
    ("email", "str", "String(255)", ("String",), (), "index=True", "key"),
    ("reference", "str", "String(64)", ("String",), (), "unique=True", "key"),
    ("status", "str", "String(32)", ("String",), (), 'default="active", index=True', "status"),
    ("priority", "int", "Integer", ("Integer",), (), "default=0", "int"),
    ("quantity", "int", "Integer", ("Integer",), (), "default=1", "int"),
    ("position", "int", "Integer", ("Integer",), (), "default=0", "int"),
    ("version", "int", "Integer", ("Integer",), (), "default=1", "int"),
    ("amount", "Decimal", "Numeric(12, 2)", ("Numeric",), (("decimal", "Decimal"),), "", "money"),
    ("price", "Decimal", "Numeric(10, 2)", ("Numeric",), (("decimal", "Decimal"),), "", "money"),
    ("balance", "Decimal", "Numeric(14, 2)", ("Numeric",), (("decimal", "Decimal"),), 'default=Decimal("0")', "money"),
    ("weight", "float", "Float", ("Float",), (), "default=0.0", "float"),
    ("score", "float", "Float", ("Float",), (), "default=0.0", "float"),
    ("rating", "float | None", "Float", ("Float",), (), "", "float"),
    ("is_active", "bool", "Boolean", ("Boolean",), (), "default=True", "bool"),
    ("is_archived", "bool", "Boolean", ("Boolean",), (), "default=False", "bool"),
    ("is_public", "bool", "Boolean", ("Boolean",), (), "default=False", "bool"),
    ("published_at", "datetime | None", _TZ, ("DateTime",), _DT, "", "datetime"),
    ("expires_at", "datetime | None", _TZ, ("DateTime",), _DT, "", "datetime"),
    ("last_seen_at", "datetime | None", _TZ, ("DateTime",), _DT, "", "datetime"),
    ("due_date", "date | None", "Date", ("Date",), (("datetime", "date"),), "", "date"),
    ("starts_on", "date | None", "Date", ("Date",), (("datetime", "date"),), "", "date"),
    ("currency", "str", "String(3)", ("String",), (), 'default="EUR"', "text"),
    ("country_code", "str | None", "String(2)", ("String",), (), "", "text"),
    ("payload", "dict[str, Any] | None", "JSON", ("JSON",), (("typing", "Any"),), "", "json"),
    ("external_id", "str | None", "String(64)", ("String",), (), "index=True", "text"),
]

STDLIB_MODULES = frozenset(sys.stdlib_module_names) | {"__future__"}


# --------------------------------------------------------------------------
# small code-writing helpers


class Imports:
    """Collects ``from X import Y`` lines while a module body is written."""

    def __init__(self, own: str = "") -> None:
        self.own = own
        self.names: dict[str, set[str]] = {}
        self.modules: set[str] = set()

    def add(self, module: str, *names: str) -> None:
        """Record ``from module import names`` (or ``import module``)."""
        if module == self.own:
            return
        if names:
            self.names.setdefault(module, set()).update(names)
        else:
            self.modules.add(module)

    def render(self) -> list[str]:
        """Import block, grouped stdlib / third party / first party."""
        groups: list[list[str]] = [[], [], []]
        future = self.names.pop("__future__", None)
        out: list[str] = []
        if future:
            out += ["from __future__ import annotations", ""]
        for module in sorted(self.modules):
            groups[0 if module.split(".")[0] in STDLIB_MODULES else 1].append(f"import {module}")
        for module in sorted(self.names):
            root = module.split(".")[0]
            group = 2 if root == "app" else 0 if root in STDLIB_MODULES else 1
            names = sorted(self.names[module], key=lambda n: (not n.isupper(), n.lower()))
            line = f"from {module} import {', '.join(names)}"
            if len(line) <= MAX_LINE:
                groups[group].append(line)
            else:
                groups[group].append(
                    "\n".join([f"from {module} import ("] + [f"    {n}," for n in names] + [")"])
                )
        for group in groups:
            if group:
                out += group + [""]
        return out


class Code:
    """An indented list of lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.level = 0

    def __call__(self, text: str = "") -> None:
        self.lines.append("    " * self.level + text if text else "")

    def blank(self, n: int = 1) -> None:
        """Append ``n`` empty lines."""
        self.lines.extend([""] * n)

    @contextmanager
    def block(self, header: str) -> Iterator[None]:
        """Write ``header`` and indent what the ``with`` body writes."""
        self(header)
        self.level += 1
        try:
            yield
        finally:
            self.level -= 1

    def fits(self, text: str) -> bool:
        return 4 * self.level + len(text) <= MAX_LINE

    def call(self, head: str, args: list[str], tail: str = "") -> None:
        """``head`` ends with ``(``; wrap the arguments black-style if too long."""
        one = f"{head}{', '.join(args)}){tail}"
        if self.fits(one) or not args:
            self(one)
            return
        self(head)
        self.level += 1
        for arg in args:
            self(arg + ",")
        self.level -= 1
        self(")" + tail)

    def chain(self, target: str, first: str, parts: list[str]) -> None:
        """``target = first.part1.part2``, as a parenthesised chain if too long."""
        one = f"{target} = {first}" + "".join(f".{p}" for p in parts)
        if self.fits(one):
            self(one)
            return
        self(f"{target} = (")
        self.level += 1
        self(first)
        for part in parts:
            self(f".{part}")
        self.level -= 1
        self(")")

    def docstring(self, text: str) -> None:
        self(f'"""{text}"""')


def pluralize(word: str) -> str:
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def snake_case(name: str) -> str:
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i:
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


def human(snake: str) -> str:
    return snake.replace("_", " ")


# --------------------------------------------------------------------------
# the project's plan: domains, entities, fields, relationships


@dataclass
class Field:
    name: str
    annotation: str
    column_type: str
    sa_names: tuple[str, ...]
    py_imports: tuple[tuple[str, str], ...]
    extra: str
    kind: str

    @property
    def nullable(self) -> bool:
        return self.annotation.endswith("| None")


@dataclass
class Entity:
    cls: str
    domain: str
    group: str
    fields: list[Field]
    explicit_timestamps: bool
    parents: list["Link"] = field(default_factory=list)
    children: list["Link"] = field(default_factory=list)
    many_to_many: list["Entity"] = field(default_factory=list)

    @property
    def snake(self) -> str:
        return snake_case(self.cls)

    @property
    def table(self) -> str:
        return pluralize(self.snake)

    @property
    def var(self) -> str:
        return self.snake

    @property
    def id_param(self) -> str:
        return f"{self.snake}_id"

    def module(self, layer: str) -> str:
        return f"app.{layer}.{self.domain}.{self.group}"

    @property
    def repo_cls(self) -> str:
        return f"{self.cls}Repository"

    @property
    def service_cls(self) -> str:
        return f"{self.cls}Service"

    def first(self, *kinds: str) -> Field | None:
        for f in self.fields:
            if f.kind in kinds:
                return f
        return None

    @property
    def display(self) -> Field:
        return self.first("text", "key") or self.fields[0]

    def predicate(self) -> str:
        """A filter expression valid for this entity."""
        f = self.first("bool", "status", "datetime", "int")
        if f is None:
            return f"{self.cls}.id > 0"
        if f.kind == "bool":
            return f"{self.cls}.{f.name}.is_({f.name != 'is_archived'})"
        if f.kind == "status":
            return f'{self.cls}.status == "active"'
        if f.kind == "datetime":
            return f"{self.cls}.{f.name}.is_not(None)"
        return f"{self.cls}.{f.name} >= 0"


@dataclass
class Link:
    parent: Entity
    child: Entity
    fk: str
    parent_attr: str  # on the child: the many-to-one attribute
    child_attr: str | None  # on the parent: the collection (None: one-sided)
    nullable: bool
    lazy_collection: str | None


@dataclass
class Stats:
    """What :func:`generate_with_stats` wrote."""

    files: int = 0
    lines: int = 0
    entities: int = 0
    domains: int = 0
    missing_awaits: int = 0
    seconds: float = 0.0


class Planner:
    """Allocates unique entity and domain names."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()
        self.nouns = NOUNS[:]
        rng.shuffle(self.nouns)
        self.domains = DOMAINS[:]
        rng.shuffle(self.domains)
        self.domain_count = 0
        self.round = 0

    def domain_name(self) -> str:
        base = self.domains[self.domain_count % len(self.domains)]
        lap = self.domain_count // len(self.domains)
        self.domain_count += 1
        return base if lap == 0 else f"{base}_{lap + 1}"

    def root_name(self) -> str:
        while True:
            if self.nouns:
                name = self.nouns.pop()
            else:
                self.round += 1
                name = f"{self.rng.choice(NOUNS)}{self.rng.choice(SUFFIXES)}"
                if name in self.used:
                    name = f"{name}{self.round}"
            if name not in self.used:
                self.used.add(name)
                return name

    def derived_name(self, root: str) -> str | None:
        options = [s for s in SUFFIXES if f"{root}{s}" not in self.used]
        if not options:
            return None
        name = f"{root}{self.rng.choice(options)}"
        self.used.add(name)
        return name

    def fields(self) -> list[Field]:
        rng = self.rng
        display = rng.choice(FIELD_POOL[:3] + FIELD_POOL[5:6])
        rest = [f for f in FIELD_POOL if f is not display]
        chosen = [display] + rng.sample(rest, rng.randint(2, 8))
        return [Field(*f) for f in chosen]

    def domain(self, n_entities: int, previous: list[Entity]) -> tuple[str, list[Entity]]:
        rng = self.rng
        name = self.domain_name()
        entities: list[Entity] = []
        roots: list[Entity] = []
        group: list[Entity] = []
        derived_left = 0
        while len(entities) < n_entities:
            if derived_left > 0:
                derived_left -= 1
                parent = group[0] if len(group) == 1 or rng.random() < 0.7 else group[-1]
                cls = self.derived_name(group[0].cls)
                if cls is None:
                    derived_left = 0
                    continue
                ent = Entity(cls, name, group[0].snake, self.fields(), rng.random() < 0.2)
                self.link(parent, ent)
                group.append(ent)
            else:
                cls = self.root_name()
                ent = Entity(cls, name, snake_case(cls), self.fields(), rng.random() < 0.2)
                if roots and rng.random() < 0.6:
                    self.link(rng.choice(roots), ent)
                roots.append(ent)
                group = [ent]
                derived_left = rng.choice([0, 1, 1, 2, 2, 2])
            if previous and rng.random() < 0.15:
                other = rng.choice(previous)
                if all(lk.parent is not other for lk in ent.parents):
                    self.link(other, ent, one_sided=True)
            if entities and rng.random() < 0.1:
                other = rng.choice(entities)
                if other is not ent and all(lk.parent is not other for lk in ent.parents):
                    ent.many_to_many.append(other)
            entities.append(ent)
        return name, entities

    def link(self, parent: Entity, child: Entity, one_sided: bool = False) -> None:
        rng = self.rng
        taken = {f.name for f in child.fields} | {lk.parent_attr for lk in child.parents}
        parent_attr = parent.snake
        if parent_attr in taken or parent_attr + "_id" in taken:
            parent_attr = f"parent_{parent.snake}"
        child_attr = None
        if not one_sided:
            ptaken = {f.name for f in parent.fields} | {lk.child_attr for lk in parent.children}
            child_attr = child.table
            if child_attr in ptaken:
                child_attr = f"{child.snake}_items"
        lazy = rng.choice(["selectin", "selectin", None, None, "raise"]) if child_attr else None
        link = Link(parent, child, parent_attr + "_id", parent_attr, child_attr,
                    rng.random() < 0.25, lazy)
        child.parents.append(link)
        if child_attr:
            parent.children.append(link)


# --------------------------------------------------------------------------
# file writers


@dataclass
class Style:
    """Per-file habits: how an author names statements and results."""

    stmt: str
    result: str
    session_annotated: bool
    docstrings: bool

    @classmethod
    def pick(cls, rng: random.Random) -> Style:
        return cls(
            rng.choice(["stmt", "stmt", "query", "statement"]),
            rng.choice(["result", "result", "res", "rows_result"]),
            rng.random() < 0.7,
            rng.random() < 0.6,
        )


class Writer:
    """Writes one project; every ``write_*`` method produces one file."""

    def __init__(self, root: Path, rng: random.Random, missing_await_rate: float,
                 verify: bool) -> None:
        self.root = root
        self.rng = rng
        self.missing_await_rate = missing_await_rate
        self.verify = verify
        self.stats = Stats()

    # -- plumbing ----------------------------------------------------------

    def emit(self, module: str, doc: str, imports: Imports, code: Code,
             package: bool = False) -> None:
        parts = module.split(".")
        path = self.root.joinpath(*parts[:-1], parts[-1] + ".py") if not package \
            else self.root.joinpath(*parts, "__init__.py")
        lines = [f'"""{doc}"""']
        header = imports.render()
        while header and not header[-1]:
            header.pop()
        if header:
            lines += [""] + header
        body = code.lines
        start = 0
        while start < len(body) and not body[start]:
            start += 1
        if start < len(body):
            lines += ["", ""] + body[start:]
        text = "\n".join(lines) + "\n"
        if self.verify:
            try:
                ast.parse(text, str(path))
            except SyntaxError as exc:  # pragma: no cover - a generator bug
                raise RuntimeError(f"generated invalid Python in {path}: {exc}") from exc
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stats.files += 1
        self.stats.lines += text.count("\n")

    def awaited(self, c: Code, expr: str) -> None:
        """Write ``await expr`` as a statement; rarely forget the ``await``."""
        if self.missing_await_rate and self.rng.random() < self.missing_await_rate:
            self.stats.missing_awaits += 1
            c(expr)
        else:
            c(f"await {expr}")

    def package(self, module: str, doc: str) -> None:
        self.emit(module, doc, Imports(), Code(), package=True)

    # -- infrastructure ------------------------------------------------------

    def write_config(self) -> None:
        imp, c = Imports(), Code()
        imp.add("os")
        imp.add("dataclasses", "dataclass", "field")
        c.blank(2)
        c("def _env(name: str, default: str) -> str:")
        c("    return os.environ.get(f\"APP_{name}\", default)")
        c.blank(2)
        c("def _env_bool(name: str, default: bool) -> bool:")
        c("    raw = _env(name, \"1\" if default else \"0\").strip().lower()")
        c("    return raw in {\"1\", \"true\", \"yes\", \"on\"}")
        c.blank(2)
        c("def _env_int(name: str, default: int) -> int:")
        c("    try:")
        c("        return int(_env(name, str(default)))")
        c("    except ValueError:")
        c("        return default")
        c.blank(2)
        c("@dataclass(frozen=True)")
        with c.block("class Settings:"):
            c.docstring("Runtime configuration, read once from the environment.")
            c.blank()
            c("database_url: str = field(")
            c("    default_factory=lambda: _env(")
            c("        \"DATABASE_URL\", \"postgresql+asyncpg://app:app@localhost/app\"")
            c("    )")
            c(")")
            c("echo_sql: bool = field(default_factory=lambda: _env_bool(\"ECHO\", False))")
            c("pool_size: int = field(default_factory=lambda: _env_int(\"POOL\", 10))")
            c("page_size: int = field(default_factory=lambda: _env_int(\"PAGE\", 50))")
            c("max_page_size: int = 500")
            c("api_prefix: str = \"/api\"")
        c.blank(2)
        c("settings = Settings()")
        self.emit("app.config", "Application settings.", imp, c)

    def write_errors(self) -> None:
        imp, c = Imports(), Code()
        c.blank(2)
        with c.block("class AppError(Exception):"):
            c.docstring("Base class of the errors the API turns into responses.")
            c.blank()
            c("status_code = 500")
            c.blank()
            with c.block("def __init__(self, detail: str) -> None:"):
                c("super().__init__(detail)")
                c("self.detail = detail")
        for name, code, doc in [
            ("NotFoundError", 404, "The requested object does not exist."),
            ("ConflictError", 409, "The change conflicts with existing data."),
            ("ValidationError", 422, "The payload is not acceptable."),
            ("PermissionDeniedError", 403, "The caller may not do this."),
        ]:
            c.blank(2)
            with c.block(f"class {name}(AppError):"):
                c.docstring(doc)
                c.blank()
                c(f"status_code = {code}")
        self.emit("app.errors", "Domain errors, independent of the web framework.", imp, c)

    def write_db(self) -> None:
        imp, c = Imports(), Code()
        imp.add("collections.abc", "AsyncIterator")
        imp.add("sqlalchemy.ext.asyncio", "AsyncSession", "async_sessionmaker",
                "create_async_engine")
        imp.add("app.config", "settings")
        imp.add("app.models.base", "Base")
        c.blank()
        c.call("engine = create_async_engine(", [
            "settings.database_url", "echo=settings.echo_sql",
            "pool_size=settings.pool_size", "pool_pre_ping=True"])
        c("SessionLocal = async_sessionmaker(engine, expire_on_commit=False)")
        c.blank(2)
        with c.block("async def get_session() -> AsyncIterator[AsyncSession]:"):
            c.docstring("Yield one session per request; FastAPI closes it afterwards.")
            with c.block("async with SessionLocal() as session:"):
                c("yield session")
        c.blank(2)
        with c.block("async def init_models() -> None:"):
            c.docstring("Create the tables (tests and local development only).")
            with c.block("async with engine.begin() as conn:"):
                c("await conn.run_sync(Base.metadata.create_all)")
        c.blank(2)
        with c.block("async def drop_models() -> None:"):
            with c.block("async with engine.begin() as conn:"):
                c("await conn.run_sync(Base.metadata.drop_all)")
        c.blank(2)
        with c.block("async def dispose_engine() -> None:"):
            c("await engine.dispose()")
        self.emit("app.db", "Database engine and session factory.", imp, c)

    def write_deps(self) -> None:
        imp, c = Imports(), Code()
        imp.add("typing", "Annotated")
        imp.add("fastapi", "Depends", "Header", "Query")
        imp.add("sqlalchemy.ext.asyncio", "AsyncSession")
        imp.add("app.config", "settings")
        imp.add("app.db", "get_session")
        imp.add("app.errors", "PermissionDeniedError")
        c.blank()
        c("SessionDep = Annotated[AsyncSession, Depends(get_session)]")
        c.blank(2)
        with c.block("class Page:"):
            c.docstring("Offset pagination parameters.")
            c.blank()
            c.call("def __init__(", [
                "self",
                "offset: int = Query(0, ge=0)",
                "limit: int = Query(settings.page_size, ge=1, le=settings.max_page_size)",
            ], " -> None:")
            c.level += 1
            c("self.offset = offset")
            c("self.limit = limit")
            c.level -= 1
        c.blank(2)
        c("PageDep = Annotated[Page, Depends(Page)]")
        c.blank(2)
        with c.block("async def current_user_id(x_user_id: int = Header(0)) -> int:"):
            with c.block("if x_user_id <= 0:"):
                c('raise PermissionDeniedError("missing X-User-Id header")')
            c("return x_user_id")
        c.blank(2)
        c("UserIdDep = Annotated[int, Depends(current_user_id)]")
        self.emit("app.deps", "FastAPI dependencies shared by the routers.", imp, c)

    def write_model_base(self) -> None:
        imp, c = Imports(), Code()
        imp.add("datetime", "datetime")
        imp.add("sqlalchemy", "DateTime", "MetaData", "func")
        imp.add("sqlalchemy.ext.asyncio", "AsyncAttrs")
        imp.add("sqlalchemy.orm", "DeclarativeBase", "Mapped", "mapped_column")
        c.blank()
        c("NAMING_CONVENTION = {")
        c('    "ix": "ix_%(column_0_label)s",')
        c('    "uq": "uq_%(table_name)s_%(column_0_name)s",')
        c('    "ck": "ck_%(table_name)s_%(constraint_name)s",')
        c('    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",')
        c('    "pk": "pk_%(table_name)s",')
        c("}")
        c.blank(2)
        with c.block("class Base(AsyncAttrs, DeclarativeBase):"):
            c.docstring("Declarative base of every model.")
            c.blank()
            c("metadata = MetaData(naming_convention=NAMING_CONVENTION)")
        c.blank(2)
        with c.block("class TimestampMixin:"):
            c.docstring("Creation and modification times, maintained by the database.")
            c.blank()
            c("created_at: Mapped[datetime] = mapped_column(")
            c("    DateTime(timezone=True), server_default=func.now()")
            c(")")
            c("updated_at: Mapped[datetime] = mapped_column(")
            c("    DateTime(timezone=True), server_default=func.now(), onupdate=func.now()")
            c(")")
        self.emit("app.models.base", "Declarative base and mixins.", imp, c)

    def write_base_repository(self) -> None:
        imp, c = Imports(), Code()
        imp.add("collections.abc", "Sequence")
        imp.add("typing", "Any", "Generic", "TypeVar")
        imp.add("sqlalchemy", "func", "select")
        imp.add("sqlalchemy.ext.asyncio", "AsyncSession")
        imp.add("app.errors", "NotFoundError")
        imp.add("app.models.base", "Base")
        c.blank()
        c('ModelT = TypeVar("ModelT", bound=Base)')
        c.blank(2)
        with c.block("class BaseRepository(Generic[ModelT]):"):
            c.docstring("CRUD shared by the repositories; subclasses set ``model``.")
            c.blank()
            c("model: type[ModelT]")
            c.blank()
            with c.block("def __init__(self, session: AsyncSession) -> None:"):
                c("self.session: AsyncSession = session")
            c.blank()
            with c.block("async def get(self, obj_id: int) -> ModelT | None:"):
                c("return await self.session.get(self.model, obj_id)")
            c.blank()
            with c.block("async def get_required(self, obj_id: int) -> ModelT:"):
                c("obj = await self.session.get(self.model, obj_id)")
                with c.block("if obj is None:"):
                    c('raise NotFoundError(f"{self.model.__name__} {obj_id} not found")')
                c("return obj")
            c.blank()
            c.call("async def list_page(", ["self", "*", "offset: int = 0", "limit: int = 50"],
                   " -> Sequence[ModelT]:")
            c.level += 1
            c("stmt = select(self.model).offset(offset).limit(limit)")
            c("result = await self.session.execute(stmt)")
            c("return result.scalars().all()")
            c.level -= 1
            c.blank()
            with c.block("async def count(self) -> int:"):
                c("stmt = select(func.count()).select_from(self.model)")
                c("return (await self.session.scalar(stmt)) or 0")
            c.blank()
            with c.block("async def create(self, **values: Any) -> ModelT:"):
                c("obj = self.model(**values)")
                c("self.session.add(obj)")
                c("await self.session.commit()")
                c("await self.session.refresh(obj)")
                c("return obj")
            c.blank()
            with c.block("async def update(self, obj: ModelT, changes: dict[str, Any]) -> ModelT:"):
                with c.block("for key, value in changes.items():"):
                    c("setattr(obj, key, value)")
                c("await self.session.commit()")
                c("await self.session.refresh(obj)")
                c("return obj")
            c.blank()
            with c.block("async def delete(self, obj: ModelT) -> None:"):
                c("await self.session.delete(obj)")
                c("await self.session.commit()")
        self.emit("app.repositories.base", "Generic async repository.", imp, c)

    def write_main(self, domains: list[str]) -> None:
        imp, c = Imports(), Code()
        imp.add("collections.abc", "AsyncIterator")
        imp.add("contextlib", "asynccontextmanager")
        imp.add("fastapi", "FastAPI", "Request")
        imp.add("fastapi.responses", "JSONResponse")
        imp.add("app.config", "settings")
        imp.add("app.db", "dispose_engine")
        imp.add("app.errors", "AppError")
        for d in domains:
            imp.add("app.routers", d)
        c.blank(2)
        c("@asynccontextmanager")
        with c.block("async def lifespan(app: FastAPI) -> AsyncIterator[None]:"):
            c("yield")
            c("await dispose_engine()")
        c.blank(2)
        c('app = FastAPI(title="Service", lifespan=lifespan)')
        c.blank(2)
        c("@app.exception_handler(AppError)")
        c.call("async def handle_app_error(", ["request: Request", "exc: AppError"],
               " -> JSONResponse:")
        c.level += 1
        c.call("return JSONResponse(",
               ["status_code=exc.status_code", 'content={"detail": exc.detail}'])
        c.level -= 1
        c.blank(2)
        for d in domains:
            c(f"app.include_router({d}.router, prefix=settings.api_prefix)")
        self.emit("app.main", "Application factory: wires the routers.", imp, c)

    # -- models ------------------------------------------------------------------

    def write_group(self, layer: str, doc: str, group: list[Entity],
                    body: Callable[..., None], prologue: Callable[..., None] | None = None
                    ) -> None:
        """One module of ``layer`` holding the code of every entity of ``group``."""
        module = group[0].module(layer)
        imp, c = Imports(own=module), Code()
        if prologue is not None:
            prologue(self, imp, c, group)
        for ent in group:
            body(self, ent, imp, c)
        self.emit(module, doc, imp, c)

    def models_prologue(self, imp: Imports, c: Code, group: list[Entity]) -> None:
        own = group[0].module("models")
        type_checking: dict[str, set[str]] = {}
        for ent in group:
            related = [lk.parent for lk in ent.parents] + [lk.child for lk in ent.children]
            for other in related + ent.many_to_many:
                if other.module("models") != own:
                    type_checking.setdefault(other.module("models"), set()).add(other.cls)
        if type_checking:
            imp.add("typing", "TYPE_CHECKING")
            c.blank()
            with c.block("if TYPE_CHECKING:"):
                for module in sorted(type_checking):
                    c(f"from {module} import {', '.join(sorted(type_checking[module]))}")

    def write_model(self, ent: Entity, imp: Imports, c: Code) -> None:
        rng = self.rng
        imp.add("__future__", "annotations")
        imp.add("sqlalchemy.orm", "Mapped", "mapped_column")
        imp.add("app.models.base", "Base")
        bases = "Base" if ent.explicit_timestamps else "TimestampMixin, Base"
        if not ent.explicit_timestamps:
            imp.add("app.models.base", "TimestampMixin")
        status = ent.first("status")
        if status is not None:
            c.blank(2)
            choices = rng.sample(["draft", "pending", "archived", "closed", "failed"], 2)
            c(f'{ent.snake.upper()}_STATUSES = ("active", "{choices[0]}", "{choices[1]}")')
        for other in ent.many_to_many:
            imp.add("sqlalchemy", "Column", "ForeignKey", "Table")
            c.blank(2)
            assoc = f"{ent.snake}_{other.table}"
            c(f"{assoc} = Table(")
            c.level += 1
            c(f'"{assoc}",')
            c("Base.metadata,")
            c.call("Column(", [f'"{ent.snake}_id"', f'ForeignKey("{ent.table}.id")',
                               "primary_key=True"], ",")
            c.call("Column(", [f'"{other.snake}_id"', f'ForeignKey("{other.table}.id")',
                               "primary_key=True"], ",")
            c.level -= 1
            c(")")
        c.blank(2)
        with c.block(f"class {ent.cls}({bases}):"):
            c.docstring(f"A {human(ent.snake)}.")
            c.blank()
            c(f'__tablename__ = "{ent.table}"')
            key = ent.first("key")
            if ent.parents and key is not None and rng.random() < 0.5:
                imp.add("sqlalchemy", "UniqueConstraint")
                c("__table_args__ = (")
                c(f'    UniqueConstraint("{ent.parents[0].fk}", "{key.name}"),')
                c(")")
            c.blank()
            c("id: Mapped[int] = mapped_column(primary_key=True)")
            for f in ent.fields:
                imp.add("sqlalchemy", *f.sa_names)
                for module, name in f.py_imports:
                    imp.add(module, name)
                if "Decimal(" in f.extra:
                    imp.add("decimal", "Decimal")
                args = [f.column_type] + (f.extra.split(", ") if f.extra else [])
                c.call(f"{f.name}: Mapped[{f.annotation}] = mapped_column(", args)
            if ent.explicit_timestamps:
                imp.add("sqlalchemy", "DateTime", "func")
                imp.add("datetime", "datetime")
                c.call("created_at: Mapped[datetime] = mapped_column(",
                       ["DateTime(timezone=True)", "server_default=func.now()"])
            for link in ent.parents:
                imp.add("sqlalchemy", "ForeignKey")
                ondelete = "SET NULL" if link.nullable else "CASCADE"
                ann = "int | None" if link.nullable else "int"
                c.call(f"{link.fk}: Mapped[{ann}] = mapped_column(", [
                    f'ForeignKey("{link.parent.table}.id", ondelete="{ondelete}")',
                    "index=True"])
            if ent.parents or ent.children or ent.many_to_many:
                imp.add("sqlalchemy.orm", "relationship")
                c.blank()
            for link in ent.parents:
                ann = f"{link.parent.cls} | None" if link.nullable else link.parent.cls
                args = [f'back_populates="{link.child_attr}"'] if link.child_attr else []
                if rng.random() < 0.3:
                    args.append('lazy="joined"')
                c.call(f"{link.parent_attr}: Mapped[{ann}] = relationship(", args)
            for link in ent.children:
                args = [f'back_populates="{link.parent_attr}"']
                if link.lazy_collection:
                    args.append(f'lazy="{link.lazy_collection}"')
                if not link.nullable:
                    args.append('cascade="all, delete-orphan"')
                c.call(f"{link.child_attr}: Mapped[list[{link.child.cls}]] = relationship(", args)
            for other in ent.many_to_many:
                c.call(f"{other.table}: Mapped[list[{other.cls}]] = relationship(", [
                    f"secondary={ent.snake}_{other.table}", 'lazy="selectin"'])
            c.blank()
            disp = ent.display
            with c.block("def __repr__(self) -> str:"):
                c(f'return f"{ent.cls}(id={{self.id!r}}, {disp.name}={{self.{disp.name}!r}})"')
            if status is not None:
                c.blank()
                c("@property")
                with c.block("def is_open(self) -> bool:"):
                    c('return self.status not in ("archived", "closed")')
            dt = ent.first("datetime")
            if dt is not None and rng.random() < 0.6:
                imp.add("datetime", "datetime", "timezone")
                c.blank()
                with c.block(f"def {dt.name.removesuffix('_at')}_elapsed(self) -> float | None:"):
                    with c.block(f"if self.{dt.name} is None:"):
                        c("return None")
                    c(f"delta = datetime.now(timezone.utc) - self.{dt.name}")
                    c("return delta.total_seconds()")
            if rng.random() < 0.5:
                imp.add("typing", "Any")
                c.blank()
                with c.block("def to_dict(self) -> dict[str, Any]:"):
                    c("return {")
                    c('    "id": self.id,')
                    for f in ent.fields:
                        c(f'    "{f.name}": self.{f.name},')
                    for link in ent.parents:
                        c(f'    "{link.fk}": self.{link.fk},')
                    c("}")

    def write_models_package(self, domain: str, entities: list[Entity]) -> None:
        imp, c = Imports(f"app.models.{domain}"), Code()
        for ent in entities:
            imp.add(ent.module("models"), ent.cls)
        c.blank()
        c("__all__ = [")
        for ent in sorted(entities, key=lambda e: e.cls):
            c(f'    "{ent.cls}",')
        c("]")
        self.emit(f"app.models.{domain}", f"Models of the {domain} domain.", imp, c,
                  package=True)

    # -- schemas -----------------------------------------------------------------

    def schema_fields(self, ent: Entity, imp: Imports) -> list[tuple[str, str]]:
        out = []
        for f in ent.fields:
            for module, name in f.py_imports:
                imp.add(module, name)
            out.append((f.name, f.annotation))
        for link in ent.parents:
            out.append((link.fk, "int | None" if link.nullable else "int"))
        return out

    def write_schemas(self, ent: Entity, imp: Imports, c: Code) -> None:
        names = f"{ent.snake.upper()}_FIELDS"
        imp.add("__future__", "annotations")
        imp.add("typing", "Any")
        imp.add(ent.module("models"), ent.cls)
        fields = self.schema_fields(ent, imp)
        required = [(n, a) for n, a in fields if not a.endswith("| None")]
        optional = [(n, a) for n, a in fields if a.endswith("| None")]
        c.blank(2)
        with c.block(f"class {ent.cls}Create:"):
            c.docstring(f"Payload accepted when creating a {human(ent.snake)}.")
            c.blank()
            params = ["self", "*"] + [f"{n}: {a}" for n, a in required] + \
                [f"{n}: {a} = None" for n, a in optional]
            c.call("def __init__(", params, " -> None:")
            c.level += 1
            for n, _ in fields:
                c(f"self.{n} = {n}")
            c.level -= 1
            c.blank()
            with c.block("def to_dict(self) -> dict[str, Any]:"):
                c("return {")
                for n, _ in fields:
                    c(f'    "{n}": self.{n},')
                c("}")
            c.blank()
            c("@classmethod")
            with c.block(f"def from_json(cls, data: dict[str, Any]) -> {ent.cls}Create:"):
                c(f"return cls(**{{k: v for k, v in data.items() if k in {names}}})")
        c.blank(2)
        with c.block(f"class {ent.cls}Update:"):
            c.docstring("Partial update: only the keys that were sent.")
            c.blank()
            with c.block("def __init__(self, **changes: Any) -> None:"):
                c(f"unknown = set(changes) - {names}")
                with c.block("if unknown:"):
                    c('raise ValueError(f"unknown fields: {sorted(unknown)}")')
                c("self._changes = changes")
            c.blank()
            with c.block("def changes(self) -> dict[str, Any]:"):
                c("return dict(self._changes)")
            c.blank()
            with c.block("def __bool__(self) -> bool:"):
                c("return bool(self._changes)")
        c.blank(2)
        with c.block(f"class {ent.cls}Read:"):
            c.docstring(f"A {human(ent.snake)} as returned by the API.")
            c.blank()
            params = ["self", "*", "id: int"] + [f"{n}: {a}" for n, a in fields]
            c.call("def __init__(", params, " -> None:")
            c.level += 1
            c("self.id = id")
            for n, _ in fields:
                c(f"self.{n} = {n}")
            c.level -= 1
            c.blank()
            c("@classmethod")
            with c.block(f"def from_model(cls, obj: {ent.cls}) -> {ent.cls}Read:"):
                c("return cls(")
                c("    id=obj.id,")
                for n, _ in fields:
                    c(f"    {n}=obj.{n},")
                c(")")
            c.blank()
            with c.block("def to_dict(self) -> dict[str, Any]:"):
                c("values = {name: getattr(self, name) for name in " + names + "}")
                c('return {"id": self.id, **values}')
        c.blank(2)
        c(f"{names} = frozenset({{")
        for n, _ in fields:
            c(f'    "{n}",')
        c("})")

    # -- repositories ------------------------------------------------------------

    def write_repository(self, ent: Entity, imp: Imports, c: Code) -> None:
        rng = self.rng
        st = Style.pick(rng)
        imp.add(ent.module("models"), ent.cls)
        E, v, s = ent.cls, ent.var, st.stmt
        inherit = rng.random() < 0.35
        c.blank(2)
        if inherit:
            imp.add("app.repositories.base", "BaseRepository")
            cm = c.block(f"class {ent.repo_cls}(BaseRepository[{E}]):")
        else:
            cm = c.block(f"class {ent.repo_cls}:")
        with cm:
            c.docstring(f"Data access for :class:`{E}`.")
            c.blank()
            if inherit:
                c(f"model = {E}")
            else:
                imp.add("sqlalchemy.ext.asyncio", "AsyncSession")
                with c.block("def __init__(self, session: AsyncSession) -> None:"):
                    c("self.session: AsyncSession = session" if st.session_annotated
                      else "self.session = session")
                self._repo_core(c, imp, ent, st)
            # always present: used by services and routers
            for link in ent.parents:
                self._repo_list_for_parent(c, imp, ent, st, link)
            if ent.children:
                self._repo_get_with(c, imp, ent, st, ent.children[0])
            self._repo_iter_all(c, imp, ent, st)
            extras = [m for m in REPO_EXTRAS if m[1](ent)]
            rng.shuffle(extras)
            for _, _, fn in extras[: rng.randint(3, 8)]:
                c.blank()
                fn(self, c, imp, ent, st)
        if rng.random() < 0.3:
            imp.add("sqlalchemy", "select")
            imp.add("sqlalchemy.ext.asyncio", "AsyncSession")
            c.blank(2)
            c.call(f"async def find_{v}(", ["session: AsyncSession", f"{ent.id_param}: int"],
                   f" -> {E} | None:")
            c.level += 1
            if st.docstrings:
                c.docstring("Functional shortcut used by background jobs.")
            c(f"{s} = select({E}).where({E}.id == {ent.id_param})")
            c(f"return (await session.execute({s})).scalar_one_or_none()")
            c.level -= 1

    def _repo_core(self, c: Code, imp: Imports, ent: Entity, st: Style) -> None:
        E, v, s, r = ent.cls, ent.var, st.stmt, st.result
        imp.add("collections.abc", "Sequence")
        imp.add("typing", "Any")
        imp.add("sqlalchemy", "select", "func")
        imp.add("app.errors", "NotFoundError")
        c.blank()
        with c.block(f"async def get(self, {ent.id_param}: int) -> {E} | None:"):
            c(f"return await self.session.get({E}, {ent.id_param})")
        c.blank()
        with c.block(f"async def get_required(self, {ent.id_param}: int) -> {E}:"):
            c(f"{v} = await self.session.get({E}, {ent.id_param})")
            with c.block(f"if {v} is None:"):
                c(f'raise NotFoundError(f"{E} {{{ent.id_param}}} not found")')
            c(f"return {v}")
        c.blank()
        c.call("async def list_page(", ["self", "*", "offset: int = 0", "limit: int = 50"],
               f" -> Sequence[{E}]:")
        c.level += 1
        if st.docstrings:
            c.docstring(f"One page of {human(ent.table)}, oldest first.")
        c.chain(s, f"select({E})", [f"order_by({E}.id)", "offset(offset)", "limit(limit)"])
        c(f"{r} = await self.session.execute({s})")
        c(f"return {r}.scalars().all()")
        c.level -= 1
        c.blank()
        with c.block("async def count(self) -> int:"):
            c(f"{s} = select(func.count()).select_from({E})")
            c(f"total = await self.session.scalar({s})")
            c("return total or 0")
        c.blank()
        with c.block(f"async def create(self, **values: Any) -> {E}:"):
            c(f"{v} = {E}(**values)")
            c(f"self.session.add({v})")
            self.awaited(c, "self.session.commit()")
            self.awaited(c, f"self.session.refresh({v})")
            c(f"return {v}")
        c.blank()
        with c.block(f"async def update(self, {v}: {E}, changes: dict[str, Any]) -> {E}:"):
            with c.block("for key, value in changes.items():"):
                c(f"setattr({v}, key, value)")
            self.awaited(c, "self.session.commit()")
            self.awaited(c, f"self.session.refresh({v})")
            c(f"return {v}")
        c.blank()
        with c.block(f"async def delete(self, {v}: {E}) -> None:"):
            self.awaited(c, f"self.session.delete({v})")
            self.awaited(c, "self.session.commit()")

    def _repo_list_for_parent(self, c: Code, imp: Imports, ent: Entity, st: Style,
                              link: Link) -> None:
        E, s, r = ent.cls, st.stmt, st.result
        imp.add("collections.abc", "Sequence")
        imp.add("sqlalchemy", "select")
        c.blank()
        c.call(f"async def list_for_{link.parent_attr}(",
               ["self", f"{link.fk}: int", "*", "limit: int = 100"], f" -> Sequence[{E}]:")
        c.level += 1
        order = f"{E}.created_at.desc()" if self.rng.random() < 0.5 else f"{E}.id"
        c.chain(s, f"select({E})", [f"where({E}.{link.fk} == {link.fk})",
                                    f"order_by({order})", "limit(limit)"])
        if self.rng.random() < 0.5:
            c(f"{r} = await self.session.scalars({s})")
            c(f"return {r}.all()")
        else:
            c(f"{r} = await self.session.execute({s})")
            c(f"return {r}.scalars().all()")
        c.level -= 1

    def _repo_get_with(self, c: Code, imp: Imports, ent: Entity, st: Style, link: Link) -> None:
        E, s, r = ent.cls, st.stmt, st.result
        imp.add("sqlalchemy", "select")
        imp.add("sqlalchemy.orm", "selectinload")
        c.blank()
        c.call(f"async def get_with_{link.child_attr}(", ["self", f"{ent.id_param}: int"],
               f" -> {E} | None:")
        c.level += 1
        if st.docstrings:
            c.docstring(f"Load the {human(ent.snake)} and its {human(link.child_attr or '')}.")
        c.chain(s, f"select({E})", [f"where({E}.id == {ent.id_param})",
                                    f"options(selectinload({E}.{link.child_attr}))"])
        c(f"{r} = await self.session.execute({s})")
        c(f"return {r}.scalar_one_or_none()")
        c.level -= 1

    def _repo_iter_all(self, c: Code, imp: Imports, ent: Entity, st: Style) -> None:
        E, v, s = ent.cls, ent.var, st.stmt
        imp.add("collections.abc", "AsyncIterator")
        imp.add("sqlalchemy", "select")
        c.blank()
        c.call("async def iter_all(", ["self", "batch_size: int = 500"],
               f" -> AsyncIterator[{E}]:")
        c.level += 1
        c.chain(s, f"select({E})", [f"order_by({E}.id)",
                                    "execution_options(yield_per=batch_size)"])
        c(f"stream = await self.session.stream_scalars({s})")
        with c.block(f"async for {v} in stream:"):
            c(f"yield {v}")
        c.level -= 1

    # extras: (name, applicable(entity), writer)

    def extra_search(self, c: Code, imp: Imports, ent: Entity, st: Style) -> None:
        E, s, r = ent.cls, st.stmt, st.result
        f = ent.display
        imp.add("collections.abc", "Sequence")
        imp.add("sqlalchemy", "select")
        c.call("async def search(", ["self", "term: str", "limit: int = 20"], f" -> Sequence[{E}]:")
        c.level += 1
        c('pattern = f"%{term.strip()}%"')
        c.chain(s, f"select({E})", [f"where({E}.{f.name}.ilike(pattern))",
                                    f"order_by({E}.{f.name})", "limit(limit)"])
        c(f"{r} = await self.session.execute({s})")
        c(f"return {r}.scalars().all()")
        c.level -= 1

    def extra_get_by_key(self, c: Code, imp: Imports, ent: Entity, st: Style) -> None:
        E, s, r = ent.cls, st.stmt, st.result
        f = ent.first("key")
        assert f is not None
        imp.add("sqlalchemy", "select")
        with c.block(f"async def get_by_{f.name}(self, {f.name}: str) -> {E} | None:"):
            c(f"{s} = select({E}).where({E}.{f.name} == {f.name})")
            c(f"{r} = await self.session.execute({s})")
            c(f"return {r}.scalars().first()")
        c.blank()
        imp.add("sqlalchemy", "exists")
        with c.block(f"async def {f.name}_taken(self, {f.name}: str) -> bool:"):
            c(f"{s} = select(exists().where({E}.{f.name} == {f.name}))")
            c(f"return bool(await self.session.scalar({s}))")

    def extra_list_filtered(self, c: Code, imp: Imports, ent: Entity, st: Style) -> None:
        E, s = ent.cls, st.stmt
        imp.add("sqlalchemy", "select")
        adj = self.rng.choice(ADJECTIVES)
        c.call(f"async def list_{adj}(", ["self", "limit: int = 100"], f" -> list[{E}]:")
        c.level += 1
        c.chain(s, f"select({E})", [f"where({ent.predicate()})", "limit(limit)"])
        c(f"return list((await self.session.scalars({s})).all())")
        c.level -= 1

    def extra_count_by_parent(self, c: Code, imp: Imports, ent: Entity, st: Style) -> None:
        E, s, r = ent.cls, st.stmt, st.result
        link = ent.parents[0]
        imp.add("sqlalchemy", "select", "func")
        with c.block(f"async def count_by_{link.parent_attr}(self) -> dict[int, int]:"):
            c.chain(s, f"select({E}.{link.fk}, func.count({E}.id))",
                    [f"group_by({E}.{link.fk})"])
            c(f"{r} = await self.session.execute({s})")
            c(f"return {{key: total for key, total in {r}.all() if key is not None}}")

    def extra_delete_by_id(self, c: Code, imp: Imports, ent: Entity, st: Style) -> None:
        E, s, r = ent.cls, st.stmt, st.result
        imp.add("sqlalchemy", "delete")
        with c.block(f"async def delete_by_id(self, {ent.id_param}: int) -> bool:"):
            c(f"{s} = delete({E}).where({E}.id == {ent.id_param})")
            c(f"{r} = await self.session.execute({s})")
            self.awaited(c, "self.session.commit()")
            c(f"return {r}.rowcount > 0")

    def extra_add_many(self, c: Code, imp: Imports, ent: Entity, st: Style) -> None:
        E = ent.cls
        imp.add("collections.abc", "Iterable")
        with c.block(f"async def add_many(self, items: Iterable[{E}]) -> list[{E}]:"):
            c("batch = list(items)")
            c("self.session.add_all(batch)")
            self.awaited(c, "self.session.flush()")
            c("return batch")

    def extra_archive(self, c: Code, imp: Imports, ent: Entity, st: Style) -> None:
        E, s, r = ent.cls, st.stmt, st.result
        imp.add("sqlalchemy", "update")
        imp.add("datetime", "datetime")
        if ent.first("status"):
            values = 'status="archived"'
        elif any(f.name == "is_archived" for f in ent.fields):
            values = "is_archived=True"
        elif any(f.name == "is_active" for f in ent.fields):
            values = "is_active=False"
        else:
            imp.add("sqlalchemy", "func")
            values = "updated_at=func.now()" if not ent.explicit_timestamps \
                else "created_at=func.now()"
        with c.block("async def archive_older_than(self, cutoff: datetime) -> int:"):
            c.chain(s, f"update({E})", [f"where({E}.created_at < cutoff)",
                                        f"values({values})"])
            c(f"{r} = await self.session.execute({s})")
            self.awaited(c, "self.session.commit()")
            c(f"return {r}.rowcount")

    def extra_get_many(self, c: Code, imp: Imports, ent: Entity, st: Style) -> None:
        E, v, s, r = ent.cls, ent.var, st.stmt, st.result
        imp.add("collections.abc", "Sequence")
        imp.add("sqlalchemy", "select")
        with c.block(f"async def get_many(self, ids: Sequence[int]) -> dict[int, {E}]:"):
            with c.block("if not ids:"):
                c("return {}")
            c(f"{s} = select({E}).where({E}.id.in_(ids))")
            c(f"{r} = await self.session.execute({s})")
            c(f"return {{{v}.id: {v} for {v} in {r}.scalars()}}")

    def extra_paginate(self, c: Code, imp: Imports, ent: Entity, st: Style) -> None:
        E, s = ent.cls, st.stmt
        imp.add("sqlalchemy", "select", "func")
        c.call("async def paginate(", ["self", "page: int", "size: int = 50"],
               f" -> tuple[list[{E}], int]:")
        c.level += 1
        c(f"total = await self.session.scalar(select(func.count({E}.id)))")
        c.chain(s, f"select({E})", [f"order_by({E}.id.desc())",
                                    "offset((page - 1) * size)", "limit(size)"])
        c(f"items = (await self.session.scalars({s})).all()")
        c("return list(items), total or 0")
        c.level -= 1

    def extra_save(self, c: Code, imp: Imports, ent: Entity, st: Style) -> None:
        E, v = ent.cls, ent.var
        with c.block(f"async def save(self, {v}: {E}) -> {E}:"):
            c(f"self.session.add({v})")
            self.awaited(c, "self.session.flush()")
            self.awaited(c, f"self.session.refresh({v})")
            c(f"return {v}")

    def extra_join_parent(self, c: Code, imp: Imports, ent: Entity, st: Style) -> None:
        E, s, r = ent.cls, st.stmt, st.result
        link = ent.parents[0]
        P = link.parent
        imp.add("sqlalchemy", "select")
        imp.add("sqlalchemy.orm", "contains_eager")
        imp.add(P.module("models"), P.cls)
        adj = self.rng.choice(ADJECTIVES)
        c.call(f"async def list_with_{adj}_{link.parent_attr}(", ["self", "limit: int = 100"],
               f" -> list[{E}]:")
        c.level += 1
        c.chain(s, f"select({E})", [f"join({E}.{link.parent_attr})",
                                    f"where({P.predicate()})",
                                    f"options(contains_eager({E}.{link.parent_attr}))",
                                    "limit(limit)"])
        c(f"{r} = await self.session.execute({s})")
        c(f"return list({r}.scalars().unique())")
        c.level -= 1

    def extra_merge(self, c: Code, imp: Imports, ent: Entity, st: Style) -> None:
        E, v = ent.cls, ent.var
        with c.block(f"async def upsert(self, {v}: {E}) -> {E}:"):
            c(f"merged = await self.session.merge({v})")
            self.awaited(c, "self.session.commit()")
            c("return merged")

    def extra_totals(self, c: Code, imp: Imports, ent: Entity, st: Style) -> None:
        E, s = ent.cls, st.stmt
        num = ent.first("money", "int", "float")
        assert num is not None
        imp.add("sqlalchemy", "select", "func")
        with c.block(f"async def total_{num.name}(self) -> float:"):
            c(f"{s} = select(func.coalesce(func.sum({E}.{num.name}), 0))")
            c(f"value = await self.session.scalar({s})")
            c("return float(value or 0)")

    def extra_refresh_children(self, c: Code, imp: Imports, ent: Entity, st: Style) -> None:
        E, v = ent.cls, ent.var
        attrs = ", ".join(f'"{lk.child_attr}"' for lk in ent.children[:2])
        with c.block(f"async def reload(self, {v}: {E}) -> {E}:"):
            self.awaited(c, f"self.session.refresh({v}, attribute_names=[{attrs}])")
            c(f"return {v}")

    # -- services ---------------------------------------------------------------

    def services_prologue(self, imp: Imports, c: Code, group: list[Entity]) -> None:
        imp.add("logging")
        c.blank()
        c("logger = logging.getLogger(__name__)")

    def write_service(self, ent: Entity, imp: Imports, c: Code) -> None:
        rng = self.rng
        imp.add("sqlalchemy.ext.asyncio", "AsyncSession")
        imp.add(ent.module("models"), ent.cls)
        imp.add(ent.module("repositories"), ent.repo_cls)
        repo = f"self.{ent.table}"
        c.blank(2)
        with c.block(f"class {ent.service_cls}:"):
            c.docstring(f"Business rules around {human(ent.table)}.")
            c.blank()
            with c.block("def __init__(self, session: AsyncSession) -> None:"):
                c("self.session = session")
                c(f"{repo} = {ent.repo_cls}(session)")
                for link in ent.parents[:1]:
                    P = link.parent
                    imp.add(P.module("repositories"), P.repo_cls)
                    c(f"self.{link.parent_attr}_repo = {P.repo_cls}(session)")
            methods = [m for m in SERVICE_METHODS if m[1](ent)]
            rng.shuffle(methods)
            methods.sort(key=lambda m: m[0] not in ("create", "import_batch"))
            for _, _, fn in methods[: rng.randint(4, 8)]:
                c.blank()
                fn(self, c, imp, ent, repo)
            if rng.random() < 0.5:
                c.blank()
                c("@staticmethod")
                with c.block("def _clean(data: dict[str, Any]) -> dict[str, Any]:"):
                    imp.add("typing", "Any")
                    c("cleaned = {}")
                    with c.block("for key, value in data.items():"):
                        with c.block("if isinstance(value, str):"):
                            c("value = value.strip()")
                            with c.block("if not value:"):
                                c("continue")
                        c("cleaned[key] = value")
                    c("return cleaned")
        for _, _, fn in [j for j in SERVICE_JOBS if j[1](ent) and rng.random() < 0.6]:
            c.blank(2)
            fn(self, c, imp, ent)

    def svc_create(self, c: Code, imp: Imports, ent: Entity, repo: str) -> None:
        E, v = ent.cls, ent.var
        imp.add(ent.module("schemas"), f"{E}Create")
        imp.add("sqlalchemy.exc", "IntegrityError")
        imp.add("app.errors", "ConflictError")
        with c.block(f"async def create(self, data: {E}Create) -> {E}:"):
            for link in ent.parents[:1]:
                imp.add("app.errors", "NotFoundError")
                lookup = f"await self.{link.parent_attr}_repo.get(data.{link.fk})"
                if link.nullable:
                    with c.block(f"if data.{link.fk} is not None:"):
                        c(f"parent = {lookup}")
                        with c.block("if parent is None:"):
                            c('raise NotFoundError("unknown parent")')
                else:
                    c(f"parent = {lookup}")
                    with c.block("if parent is None:"):
                        c(f'raise NotFoundError(f"unknown {link.parent_attr} {{data.{link.fk}}}")')
            c(f"{v} = {E}(**data.to_dict())")
            c(f"self.session.add({v})")
            with c.block("try:"):
                self.awaited(c, "self.session.commit()")
            with c.block("except IntegrityError as exc:"):
                self.awaited(c, "self.session.rollback()")
                c(f'logger.info("rejected {human(ent.snake)}: %s", exc.orig)')
                c(f'raise ConflictError("{human(ent.snake)} already exists") from exc')
            self.awaited(c, f"self.session.refresh({v})")
            c(f'logger.debug("created %r", {v})')
            c(f"return {v}")

    def svc_import_batch(self, c: Code, imp: Imports, ent: Entity, repo: str) -> None:
        E = ent.cls
        imp.add("collections.abc", "Iterable")
        imp.add("typing", "Any")
        disp = ent.display.name
        n = self.rng.choice([100, 250, 500, 1000])
        with c.block("async def import_rows(self, rows: Iterable[dict[str, Any]]) -> int:"):
            c.docstring("Insert the rows in one transaction; skip incomplete ones.")
            c("created = 0")
            with c.block("async with self.session.begin():"):
                with c.block("for row in rows:"):
                    with c.block(f'if not row.get("{disp}"):'):
                        c('logger.warning("skipping incomplete row: %r", row)')
                        c("continue")
                    c(f"self.session.add({E}(**row))")
                    c("created += 1")
                    with c.block(f"if created % {n} == 0:"):
                        self.awaited(c, "self.session.flush()")
            c("return created")

    def svc_summary(self, c: Code, imp: Imports, ent: Entity, repo: str) -> None:
        v = ent.var
        link = ent.parents[0]
        num = ent.first("money", "int", "float")
        flag = ent.first("bool", "status")
        imp.add("typing", "Any")
        c.call(f"async def summary_for_{link.parent_attr}(", ["self", f"{link.fk}: int"],
               " -> dict[str, Any]:")
        c.level += 1
        c(f"items = await {repo}.list_for_{link.parent_attr}({link.fk}, limit=10_000)")
        c("total = 0.0")
        c("flagged = 0")
        with c.block(f"for {v} in items:"):
            if num is not None:
                c(f"total += float({v}.{num.name} or 0)")
            else:
                c("total += 1")
            if flag is not None:
                cond = f'{v}.status == "active"' if flag.kind == "status" else f"{v}.{flag.name}"
                with c.block(f"if {cond}:"):
                    c("flagged += 1")
        c("return {")
        c(f'    "{link.fk}": {link.fk},')
        c('    "count": len(items),')
        c('    "total": round(total, 2),')
        c('    "flagged": flagged,')
        c("}")
        c.level -= 1

    def svc_children_report(self, c: Code, imp: Imports, ent: Entity, repo: str) -> None:
        E, v = ent.cls, ent.var
        link = ent.children[0]
        ch = link.child
        imp.add("app.errors", "NotFoundError")
        c.call(f"async def {link.child_attr}_overview(", ["self", f"{ent.id_param}: int"],
               " -> list[tuple[int, str]]:")
        c.level += 1
        c(f"{v} = await {repo}.get_with_{link.child_attr}({ent.id_param})")
        with c.block(f"if {v} is None:"):
            c(f'raise NotFoundError(f"{E} {{{ent.id_param}}} not found")')
        c("rows = []")
        with c.block(f"for child in {v}.{link.child_attr}:"):
            c(f"label = str(child.{ch.display.name} or \"\")")
            with c.block("if len(label) > 40:"):
                c('label = label[:37] + "..."')
            c("rows.append((child.id, label))")
        c("rows.sort(key=lambda row: row[1].lower())")
        c("return rows")
        c.level -= 1

    def svc_reassign(self, c: Code, imp: Imports, ent: Entity, repo: str) -> None:
        E, v = ent.cls, ent.var
        link = ent.parents[0]
        imp.add("app.errors", "NotFoundError")
        c.call(f"async def move_to_{link.parent_attr}(",
               ["self", f"{ent.id_param}: int", f"{link.fk}: int"], f" -> {E}:")
        c.level += 1
        with c.block("async with self.session.begin():"):
            c.call(f"{v} = await self.session.get(", [E, ent.id_param, "with_for_update=True"])
            with c.block(f"if {v} is None:"):
                c(f'raise NotFoundError(f"{E} {{{ent.id_param}}} not found")')
            c(f"{v}.{link.fk} = {link.fk}")
        self.awaited(c, f"self.session.refresh({v})")
        c(f"return {v}")
        c.level -= 1

    def svc_touch_retry(self, c: Code, imp: Imports, ent: Entity, repo: str) -> None:
        v = ent.var
        imp.add("asyncio")
        imp.add("sqlalchemy.exc", "OperationalError")
        f = ent.first("int")
        c.call("async def touch(", ["self", f"{ent.id_param}: int", "attempts: int = 3"], " -> bool:")
        c.level += 1
        with c.block("for attempt in range(1, attempts + 1):"):
            with c.block("try:"):
                c(f"{v} = await {repo}.get({ent.id_param})")
                with c.block(f"if {v} is None:"):
                    c("return False")
                if f is not None:
                    c(f"{v}.{f.name} = ({v}.{f.name} or 0) + 1")
                else:
                    c(f"self.session.add({v})")
                self.awaited(c, "self.session.commit()")
                c("return True")
            with c.block("except OperationalError:"):
                self.awaited(c, "self.session.rollback()")
                with c.block("if attempt == attempts:"):
                    c("raise")
                c('logger.warning("retrying touch of %s", ' + ent.id_param + ")")
                c("await asyncio.sleep(0.05 * attempt)")
        c("return False")
        c.level -= 1

    def svc_update(self, c: Code, imp: Imports, ent: Entity, repo: str) -> None:
        E, v = ent.cls, ent.var
        imp.add(ent.module("schemas"), f"{E}Update")
        c.call("async def update(", ["self", f"{ent.id_param}: int", f"data: {E}Update"], f" -> {E}:")
        c.level += 1
        c(f"{v} = await {repo}.get_required({ent.id_param})")
        with c.block("if not data:"):
            c(f"return {v}")
        c("changes = data.changes()")
        status = ent.first("status")
        if status is not None:
            imp.add("app.errors", "ValidationError")
            with c.block(f'if changes.get("status") and not {v}.is_open:'):
                c('raise ValidationError("closed rows cannot change status")')
        c(f"return await {repo}.update({v}, changes)")
        c.level -= 1

    def svc_load_many(self, c: Code, imp: Imports, ent: Entity, repo: str) -> None:
        E = ent.cls
        imp.add("asyncio")
        imp.add("collections.abc", "Sequence")
        imp.add("app.db", "SessionLocal")
        c.call("async def load_concurrently(", ["self", "ids: Sequence[int]"],
               f" -> list[{E} | None]:")
        c.level += 1
        c.docstring("Fetch in parallel; each task opens its own session.")
        c.blank()
        with c.block(f"async def load_one(one_id: int) -> {E} | None:"):
            with c.block("async with SessionLocal() as session:"):
                c(f"return await session.get({E}, one_id)")
        c.blank()
        c("return list(await asyncio.gather(*(load_one(i) for i in ids)))")
        c.level -= 1

    def svc_export(self, c: Code, imp: Imports, ent: Entity, repo: str) -> None:
        v = ent.var
        cols = [f.name for f in ent.fields[:4]]
        with c.block("async def export_rows(self) -> list[list[str]]:"):
            c(f'rows = [["id", {", ".join(repr(n).replace(chr(39), chr(34)) for n in cols)}]]')
            with c.block(f"async for {v} in {repo}.iter_all():"):
                c("rows.append([")
                c(f"    str({v}.id),")
                for n in cols:
                    c(f'    "" if {v}.{n} is None else str({v}.{n}),')
                c("])")
            c("return rows")

    def svc_delete(self, c: Code, imp: Imports, ent: Entity, repo: str) -> None:
        v = ent.var
        imp.add("app.errors", "ConflictError")
        with c.block(f"async def remove(self, {ent.id_param}: int) -> None:"):
            c(f"{v} = await {repo}.get_required({ent.id_param})")
            status = ent.first("status")
            if status is not None:
                with c.block(f'if {v}.status == "active":'):
                    c(f'raise ConflictError("archive the {human(ent.snake)} first")')
            with c.block("try:"):
                c(f"await {repo}.delete({v})")
            with c.block("except Exception:"):
                c(f'logger.exception("could not delete %s", {ent.id_param})')
                self.awaited(c, "self.session.rollback()")
                c("raise")

    def job_purge(self, c: Code, imp: Imports, ent: Entity) -> None:
        E = ent.cls
        imp.add("datetime", "datetime", "timedelta", "timezone")
        imp.add("sqlalchemy", "delete")
        imp.add("app.db", "SessionLocal")
        days = self.rng.choice([7, 30, 90, 365])
        c.call(f"async def purge_old_{ent.table}(", [f"max_age_days: int = {days}"], " -> int:")
        c.level += 1
        c.docstring("Background job: delete rows older than the retention period.")
        c("cutoff = datetime.now(timezone.utc) - timedelta(days=max_age_days)")
        with c.block("async with SessionLocal() as session:"):
            with c.block("async with session.begin():"):
                c.call("result = await session.execute(", [
                    f"delete({E}).where({E}.created_at < cutoff)"])
        c(f'logger.info("purged %d {human(ent.table)}", result.rowcount)')
        c("return result.rowcount")
        c.level -= 1

    def job_recount(self, c: Code, imp: Imports, ent: Entity) -> None:
        E, v = ent.cls, ent.var
        imp.add("app.db", "SessionLocal")
        imp.add("sqlalchemy", "select")
        with c.block(f"async def audit_{ent.table}(batch: int = 200) -> int:"):
            c("checked = 0")
            with c.block("async with SessionLocal() as session:"):
                c(f"stream = await session.stream_scalars(select({E}).order_by({E}.id))")
                with c.block(f"async for {v} in stream:"):
                    c("checked += 1")
                    with c.block("if checked % batch == 0:"):
                        c('logger.debug("audited %d rows", checked)')
            c("return checked")


def _has_parent(e: Entity) -> bool:
    return bool(e.parents)


REPO_EXTRAS: list[tuple[str, Callable[[Entity], bool], Callable[..., None]]] = [
    ("search", lambda e: True, Writer.extra_search),
    ("get_by_key", lambda e: e.first("key") is not None, Writer.extra_get_by_key),
    ("list_filtered", lambda e: True, Writer.extra_list_filtered),
    ("count_by_parent", _has_parent, Writer.extra_count_by_parent),
    ("delete_by_id", lambda e: True, Writer.extra_delete_by_id),
    ("add_many", lambda e: True, Writer.extra_add_many),
    ("archive", lambda e: True, Writer.extra_archive),
    ("get_many", lambda e: True, Writer.extra_get_many),
    ("paginate", lambda e: True, Writer.extra_paginate),
    ("save", lambda e: True, Writer.extra_save),
    ("join_parent", _has_parent, Writer.extra_join_parent),
    ("merge", lambda e: True, Writer.extra_merge),
    ("totals", lambda e: e.first("money", "int", "float") is not None, Writer.extra_totals),
    ("refresh_children", lambda e: bool(e.children), Writer.extra_refresh_children),
]

SERVICE_METHODS: list[tuple[str, Callable[[Entity], bool], Callable[..., None]]] = [
    ("create", lambda e: True, Writer.svc_create),
    ("import_batch", lambda e: True, Writer.svc_import_batch),
    ("summary", _has_parent, Writer.svc_summary),
    ("children_report", lambda e: bool(e.children), Writer.svc_children_report),
    ("reassign", _has_parent, Writer.svc_reassign),
    ("touch_retry", lambda e: True, Writer.svc_touch_retry),
    ("update", lambda e: True, Writer.svc_update),
    ("load_many", lambda e: True, Writer.svc_load_many),
    ("export", lambda e: True, Writer.svc_export),
    ("delete", lambda e: True, Writer.svc_delete),
]

SERVICE_JOBS: list[tuple[str, Callable[[Entity], bool], Callable[..., None]]] = [
    ("purge", lambda e: True, Writer.job_purge),
    ("recount", lambda e: True, Writer.job_recount),
]


# --------------------------------------------------------------------------
# routers


def routers_prologue(w: Writer, imp: Imports, c: Code, group: list[Entity]) -> None:
    imp.add("fastapi", "APIRouter")
    c.blank()
    c(f'router = APIRouter(tags=["{group[0].domain}"])')


def write_router(w: Writer, ent: Entity, imp: Imports, c: Code) -> None:
    rng = w.rng
    base = "/" + ent.table.replace("_", "-")
    E, v = ent.cls, ent.var
    s = rng.choice(["stmt", "query"])
    imp.add("fastapi", "HTTPException", "status")
    imp.add("app.deps", "SessionDep")
    imp.add(ent.module("models"), E)
    imp.add(ent.module("schemas"), f"{E}Create", f"{E}Read", f"{E}Update")
    c.blank(2)
    c(f'@router.get("{base}", response_model=list[{E}Read])')
    if rng.random() < 0.5:
        imp.add("app.deps", "PageDep")
        imp.add(ent.module("repositories"), ent.repo_cls)
        c(f"async def list_{ent.table}(session: SessionDep, page: PageDep) -> list[{E}Read]:")
        c.level += 1
        c(f"repo = {ent.repo_cls}(session)")
        c("items = await repo.list_page(offset=page.offset, limit=page.limit)")
    else:
        imp.add("sqlalchemy", "select")
        c.call(f"async def list_{ent.table}(",
               ["session: SessionDep", "offset: int = 0", "limit: int = 50"],
               f" -> list[{E}Read]:")
        c.level += 1
        c.chain(s, f"select({E})", [f"order_by({E}.id)", "offset(offset)", "limit(limit)"])
        c(f"items = (await session.scalars({s})).all()")
    c(f"return [{E}Read.from_model(item) for item in items]")
    c.level -= 1
    c.blank(2)
    path_id = "{" + ent.id_param + "}"
    c(f'@router.get("{base}/{path_id}", response_model={E}Read)')
    c(f"async def get_{v}({ent.id_param}: int, session: SessionDep) -> {E}Read:")
    c.level += 1
    c(f"{v} = await session.get({E}, {ent.id_param})")
    with c.block(f"if {v} is None:"):
        c(f'raise HTTPException(status.HTTP_404_NOT_FOUND, "{human(ent.snake)} not found")')
    c(f"return {E}Read.from_model({v})")
    c.level -= 1
    c.blank(2)
    c(f'@router.post("{base}", response_model={E}Read, status_code=status.HTTP_201_CREATED)')
    c(f"async def create_{v}(payload: {E}Create, session: SessionDep) -> {E}Read:")
    c.level += 1
    if rng.random() < 0.5:
        imp.add(ent.module("services"), ent.service_cls)
        c(f"{v} = await {ent.service_cls}(session).create(payload)")
    else:
        c(f"{v} = {E}(**payload.to_dict())")
        c(f"session.add({v})")
        w.awaited(c, "session.commit()")
        w.awaited(c, f"session.refresh({v})")
    c(f"return {E}Read.from_model({v})")
    c.level -= 1
    c.blank(2)
    c(f'@router.patch("{base}/{path_id}", response_model={E}Read)')
    c.call(f"async def update_{v}(",
           [f"{ent.id_param}: int", f"payload: {E}Update", "session: SessionDep"],
           f" -> {E}Read:")
    c.level += 1
    c(f"{v} = await session.get({E}, {ent.id_param})")
    with c.block(f"if {v} is None:"):
        c(f'raise HTTPException(status.HTTP_404_NOT_FOUND, "{human(ent.snake)} not found")')
    with c.block("for key, value in payload.changes().items():"):
        c(f"setattr({v}, key, value)")
    w.awaited(c, "session.commit()")
    w.awaited(c, f"session.refresh({v})")
    c(f"return {E}Read.from_model({v})")
    c.level -= 1
    c.blank(2)
    c(f'@router.delete("{base}/{path_id}", status_code=status.HTTP_204_NO_CONTENT)')
    c(f"async def delete_{v}({ent.id_param}: int, session: SessionDep) -> None:")
    c.level += 1
    c(f"{v} = await session.get({E}, {ent.id_param})")
    with c.block(f"if {v} is not None:"):
        w.awaited(c, f"session.delete({v})")
        w.awaited(c, "session.commit()")
    c.level -= 1
    for link in ent.parents:
        if rng.random() < 0.6:
            imp.add("sqlalchemy", "select")
            P = link.parent
            imp.add(P.module("models"), P.cls)
            c.blank(2)
            c(f'@router.get("{base}/by-{link.parent_attr.replace("_", "-")}/{{{link.fk}}}")')
            c.call(f"async def list_{ent.table}_for_{link.parent_attr}(",
                   [f"{link.fk}: int", "session: SessionDep"], f" -> list[{E}Read]:")
            c.level += 1
            c(f"parent = await session.get({P.cls}, {link.fk})")
            with c.block("if parent is None:"):
                c(f'raise HTTPException(status.HTTP_404_NOT_FOUND, "{human(P.snake)} not found")')
            c(f"{s} = select({E}).where({E}.{link.fk} == parent.id)")
            c(f"result = await session.execute({s})")
            c(f"return [{E}Read.from_model(row) for row in result.scalars().all()]")
            c.level -= 1
    if ent.children and rng.random() < 0.7:
        link = ent.children[0]
        imp.add("sqlalchemy", "select")
        imp.add("sqlalchemy.orm", "selectinload")
        c.blank(2)
        c(f'@router.get("{base}/{path_id}/{link.child_attr.replace("_", "-")}")')
        c.call(f"async def list_{v}_{link.child_attr}(",
               [f"{ent.id_param}: int", "session: SessionDep"], " -> list[dict[str, object]]:")
        c.level += 1
        c.chain(s, f"select({E})", [f"where({E}.id == {ent.id_param})",
                                    f"options(selectinload({E}.{link.child_attr}))"])
        c(f"{v} = (await session.execute({s})).scalar_one_or_none()")
        with c.block(f"if {v} is None:"):
            c(f'raise HTTPException(status.HTTP_404_NOT_FOUND, "{human(ent.snake)} not found")')
        c(f'return [{{"id": child.id}} for child in {v}.{link.child_attr}]')
        c.level -= 1
    if rng.random() < 0.6:
        imp.add(ent.module("services"), ent.service_cls)
        imp.add("typing", "Any")
        c.blank(2)
        with c.block(f"class {E}ImportResult:"):
            c.docstring("Response of the bulk import endpoint.")
            c.blank()
            with c.block("def __init__(self, created: int, received: int) -> None:"):
                c("self.created = created")
                c("self.received = received")
                c("self.skipped = received - created")
        c.blank(2)
        c(f'@router.post("{base}/import", status_code=status.HTTP_202_ACCEPTED)')
        c.call(f"async def import_{ent.table}(",
               ["rows: list[dict[str, Any]]", "session: SessionDep"],
               f" -> {E}ImportResult:")
        c.level += 1
        c(f"created = await {ent.service_cls}(session).import_rows(rows)")
        c(f"return {E}ImportResult(created=created, received=len(rows))")
        c.level -= 1
    if rng.random() < 0.5:
        imp.add("sqlalchemy", "func", "select")
        c.blank(2)
        c(f'@router.get("{base}/stats/count")')
        with c.block(f"async def count_{ent.table}(session: SessionDep) -> dict[str, int]:"):
            c(f"total = await session.scalar(select(func.count({E}.id)))")
            c('return {"count": total or 0}')
    if rng.random() < 0.4:
        c.blank(2)
        c(f'@router.post("{base}/{path_id}/duplicate", response_model={E}Read)')
        c.call(f"async def duplicate_{v}(", [f"{ent.id_param}: int", "session: SessionDep"],
               f" -> {E}Read:")
        c.level += 1
        with c.block("async with session.begin():"):
            c(f"original = await session.get({E}, {ent.id_param})")
            with c.block("if original is None:"):
                c(f'raise HTTPException(status.HTTP_404_NOT_FOUND, "{human(ent.snake)} not found")')
            c(f"copy = {E}(")
            for f in ent.fields:
                if f.kind == "key":
                    c(f'    {f.name}=f"{{original.{f.name}}}-copy",')
                else:
                    c(f"    {f.name}=original.{f.name},")
            for link in ent.parents:
                c(f"    {link.fk}=original.{link.fk},")
            c(")")
            c("session.add(copy)")
        w.awaited(c, "session.refresh(copy)")
        c(f"return {E}Read.from_model(copy)")
        c.level -= 1


def write_router_package(w: Writer, domain: str, entities: list[Entity]) -> None:
    imp, c = Imports(), Code()
    imp.add("fastapi", "APIRouter")
    groups = sorted({ent.group for ent in entities})
    for group in groups:
        imp.add(f"app.routers.{domain}", group)
    c.blank()
    c(f'router = APIRouter(prefix="/{domain.replace("_", "-")}")')
    for group in groups:
        c(f"router.include_router({group}.router)")
    w.emit(f"app.routers.{domain}", f"Routers of the {domain} domain.", imp, c, package=True)


# --------------------------------------------------------------------------
# plain utility modules (no SQLAlchemy at all)


def _u_slugify(c: Code, imp: Imports, rng: random.Random) -> None:
    imp.add("re")
    imp.add("unicodedata")
    n = rng.choice([60, 80, 120])
    c('_NON_WORD = re.compile(r"[^a-z0-9]+")')
    c.blank(2)
    with c.block(f"def slugify(value: str, max_length: int = {n}) -> str:"):
        c.docstring("ASCII, lower-case, dash-separated form of ``value``.")
        c('normalized = unicodedata.normalize("NFKD", value)')
        c('ascii_only = normalized.encode("ascii", "ignore").decode("ascii")')
        c('slug = _NON_WORD.sub("-", ascii_only.lower()).strip("-")')
        c('return slug[:max_length].rstrip("-")')


def _u_chunks(c: Code, imp: Imports, rng: random.Random) -> None:
    imp.add("collections.abc", "Iterable", "Iterator")
    imp.add("typing", "TypeVar")
    imp.add("itertools", "islice")
    c('T = TypeVar("T")')
    c.blank(2)
    with c.block("def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:"):
        with c.block("if size <= 0:"):
            c('raise ValueError("size must be positive")')
        c("iterator = iter(items)")
        with c.block("while True:"):
            c("batch = list(islice(iterator, size))")
            with c.block("if not batch:"):
                c("return")
            c("yield batch")


def _u_retry(c: Code, imp: Imports, rng: random.Random) -> None:
    imp.add("asyncio")
    imp.add("functools")
    imp.add("random")
    imp.add("collections.abc", "Awaitable", "Callable")
    imp.add("typing", "ParamSpec", "TypeVar")
    c('P = ParamSpec("P")')
    c('R = TypeVar("R")')
    c.blank(2)
    c.call("def retry(", ["attempts: int = 3", f"base_delay: float = {rng.choice([0.1, 0.2, 0.5])}",
                          "exceptions: tuple[type[BaseException], ...] = (Exception,)"],
           " -> Callable[[Callable[P, Awaitable[R]]], Callable[P, Awaitable[R]]]:")
    c.level += 1
    c.docstring("Retry an async function with exponential backoff and jitter.")
    c.blank()
    with c.block("def decorate(func: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:"):
        c("@functools.wraps(func)")
        with c.block("async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:"):
            with c.block("for attempt in range(attempts):"):
                with c.block("try:"):
                    c("return await func(*args, **kwargs)")
                with c.block("except exceptions:"):
                    with c.block("if attempt == attempts - 1:"):
                        c("raise")
                    c("delay = base_delay * 2**attempt")
                    c("await asyncio.sleep(delay + random.uniform(0, delay))")
            c('raise AssertionError("unreachable")')
        c.blank()
        c("return wrapper")
    c.blank()
    c("return decorate")
    c.level -= 1


def _u_money(c: Code, imp: Imports, rng: random.Random) -> None:
    imp.add("decimal", "ROUND_HALF_UP", "Decimal")
    c('CENT = Decimal("0.01")')
    c.blank(2)
    with c.block("def to_money(value: float | str | Decimal) -> Decimal:"):
        c("return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)")
    c.blank(2)
    with c.block('def format_money(value: Decimal, currency: str = "EUR") -> str:'):
        c("sign = \"-\" if value < 0 else \"\"")
        c('whole, _, frac = f"{abs(value):.2f}".partition(".")')
        c("groups = []")
        with c.block("while whole:"):
            c("groups.insert(0, whole[-3:])")
            c("whole = whole[:-3]")
        c('return f"{sign}{\',\'.join(groups)}.{frac} {currency}"')
    c.blank(2)
    with c.block("def split_evenly(total: Decimal, parts: int) -> list[Decimal]:"):
        with c.block("if parts <= 0:"):
            c('raise ValueError("parts must be positive")')
        c("share = (total / parts).quantize(CENT)")
        c("shares = [share] * parts")
        c("shares[-1] += total - share * parts")
        c("return shares")


def _u_dates(c: Code, imp: Imports, rng: random.Random) -> None:
    imp.add("datetime", "date", "datetime", "timedelta", "timezone")
    with c.block("def utcnow() -> datetime:"):
        c("return datetime.now(timezone.utc)")
    c.blank(2)
    with c.block("def start_of_week(day: date) -> date:"):
        c("return day - timedelta(days=day.weekday())")
    c.blank(2)
    with c.block("def month_range(year: int, month: int) -> tuple[date, date]:"):
        c("first = date(year, month, 1)")
        with c.block("if month == 12:"):
            c("last = date(year + 1, 1, 1) - timedelta(days=1)")
        with c.block("else:"):
            c("last = date(year, month + 1, 1) - timedelta(days=1)")
        c("return first, last")
    c.blank(2)
    with c.block("def business_days(start: date, end: date) -> int:"):
        c("count = 0")
        c("day = start")
        with c.block("while day <= end:"):
            with c.block("if day.weekday() < 5:"):
                c("count += 1")
            c("day += timedelta(days=1)")
        c("return count")


def _u_cache(c: Code, imp: Imports, rng: random.Random) -> None:
    imp.add("time")
    imp.add("collections", "OrderedDict")
    imp.add("typing", "Generic", "TypeVar")
    c('K = TypeVar("K")')
    c('V = TypeVar("V")')
    c.blank(2)
    with c.block("class TTLCache(Generic[K, V]):"):
        c.docstring("A small LRU cache whose entries expire.")
        c.blank()
        c.call("def __init__(", ["self", f"maxsize: int = {rng.choice([128, 256, 1024])}",
                                 "ttl: float = 60.0"], " -> None:")
        c.level += 1
        c("self.maxsize = maxsize")
        c("self.ttl = ttl")
        c("self._data: OrderedDict[K, tuple[float, V]] = OrderedDict()")
        c.level -= 1
        c.blank()
        with c.block("def get(self, key: K) -> V | None:"):
            c("entry = self._data.get(key)")
            with c.block("if entry is None:"):
                c("return None")
            c("stamp, value = entry")
            with c.block("if time.monotonic() - stamp > self.ttl:"):
                c("del self._data[key]")
                c("return None")
            c("self._data.move_to_end(key)")
            c("return value")
        c.blank()
        with c.block("def set(self, key: K, value: V) -> None:"):
            c("self._data[key] = (time.monotonic(), value)")
            c("self._data.move_to_end(key)")
            with c.block("while len(self._data) > self.maxsize:"):
                c("self._data.popitem(last=False)")
        c.blank()
        with c.block("def __len__(self) -> int:"):
            c("return len(self._data)")


def _u_validation(c: Code, imp: Imports, rng: random.Random) -> None:
    imp.add("re")
    c(r'EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)')
    c('PHONE_RE = re.compile(r"^\\+?[0-9 ()-]{7,20}$")')
    c.blank(2)
    with c.block("def is_email(value: str) -> bool:"):
        c("return bool(EMAIL_RE.match(value.strip()))")
    c.blank(2)
    with c.block("def is_phone(value: str) -> bool:"):
        c("return bool(PHONE_RE.match(value.strip()))")
    c.blank(2)
    with c.block("def require(condition: bool, message: str) -> None:"):
        with c.block("if not condition:"):
            c("raise ValueError(message)")
    c.blank(2)
    with c.block("def clean_text(value: str | None, max_length: int = 255) -> str | None:"):
        with c.block("if value is None:"):
            c("return None")
        c('value = " ".join(value.split())')
        c("return value[:max_length] or None")


def _u_csv(c: Code, imp: Imports, rng: random.Random) -> None:
    imp.add("csv")
    imp.add("io")
    imp.add("collections.abc", "Iterable", "Sequence")
    with c.block("def to_csv(rows: Iterable[Sequence[object]], delimiter: str = \",\") -> str:"):
        c("buffer = io.StringIO()")
        c("writer = csv.writer(buffer, delimiter=delimiter)")
        with c.block("for row in rows:"):
            c('writer.writerow(["" if cell is None else cell for cell in row])')
        c("return buffer.getvalue()")
    c.blank(2)
    with c.block("def from_csv(text: str) -> list[dict[str, str]]:"):
        c("reader = csv.DictReader(io.StringIO(text))")
        c("return [dict(row) for row in reader]")


def _u_hashing(c: Code, imp: Imports, rng: random.Random) -> None:
    imp.add("hashlib")
    imp.add("hmac")
    imp.add("secrets")
    n = rng.choice([16, 24, 32])
    with c.block(f"def new_token(nbytes: int = {n}) -> str:"):
        c("return secrets.token_urlsafe(nbytes)")
    c.blank(2)
    with c.block("def sign(secret: bytes, message: str) -> str:"):
        c('return hmac.new(secret, message.encode(), hashlib.sha256).hexdigest()')
    c.blank(2)
    with c.block("def verify(secret: bytes, message: str, signature: str) -> bool:"):
        c("return hmac.compare_digest(sign(secret, message), signature)")
    c.blank(2)
    with c.block("def fingerprint(*parts: str) -> str:"):
        c("digest = hashlib.blake2b(digest_size=16)")
        with c.block("for part in parts:"):
            c("digest.update(part.encode())")
            c('digest.update(b"\\x00")')
        c("return digest.hexdigest()")


def _u_pagination(c: Code, imp: Imports, rng: random.Random) -> None:
    imp.add("dataclasses", "dataclass")
    imp.add("math")
    c("@dataclass(frozen=True)")
    with c.block("class PageInfo:"):
        c("page: int")
        c("size: int")
        c("total: int")
        c.blank()
        c("@property")
        with c.block("def pages(self) -> int:"):
            c("return max(1, math.ceil(self.total / self.size))")
        c.blank()
        c("@property")
        with c.block("def has_next(self) -> bool:"):
            c("return self.page < self.pages")
        c.blank()
        with c.block("def links(self, base: str) -> dict[str, str | None]:"):
            c('nxt = f"{base}?page={self.page + 1}" if self.has_next else None')
            c('prev = f"{base}?page={self.page - 1}" if self.page > 1 else None')
            c('return {"next": nxt, "prev": prev}')


def _u_events(c: Code, imp: Imports, rng: random.Random) -> None:
    imp.add("asyncio")
    imp.add("logging")
    imp.add("collections", "defaultdict")
    imp.add("collections.abc", "Awaitable", "Callable")
    imp.add("typing", "Any")
    c("logger = logging.getLogger(__name__)")
    c("Handler = Callable[[dict[str, Any]], Awaitable[None]]")
    c.blank(2)
    with c.block("class EventBus:"):
        c.docstring("In-process publish/subscribe for domain events.")
        c.blank()
        with c.block("def __init__(self) -> None:"):
            c("self._handlers: defaultdict[str, list[Handler]] = defaultdict(list)")
        c.blank()
        with c.block("def subscribe(self, topic: str, handler: Handler) -> None:"):
            c("self._handlers[topic].append(handler)")
        c.blank()
        with c.block("async def publish(self, topic: str, payload: dict[str, Any]) -> int:"):
            c("handlers = list(self._handlers.get(topic, ()))")
            c.call("results = await asyncio.gather(", [
                "*(handler(payload) for handler in handlers)", "return_exceptions=True"])
            c("failures = 0")
            with c.block("for result in results:"):
                with c.block("if isinstance(result, BaseException):"):
                    c("failures += 1")
                    c('logger.error("handler failed for %s: %r", topic, result)')
            c("return len(handlers) - failures")


def _u_text(c: Code, imp: Imports, rng: random.Random) -> None:
    imp.add("string")
    imp.add("textwrap")
    with c.block("def truncate(value: str, limit: int, suffix: str = \"...\") -> str:"):
        with c.block("if len(value) <= limit:"):
            c("return value")
        c("return value[: max(0, limit - len(suffix))] + suffix")
    c.blank(2)
    with c.block("def title_case(value: str) -> str:"):
        c("return string.capwords(value.replace(\"_\", \" \"))")
    c.blank(2)
    with c.block("def indent_block(text: str, spaces: int = 4) -> str:"):
        c('return textwrap.indent(textwrap.dedent(text), " " * spaces)')
    c.blank(2)
    with c.block("def plural(word: str, count: int) -> str:"):
        with c.block("if count == 1:"):
            c("return word")
        with c.block('if word.endswith("y") and word[-2:-1] not in "aeiou":'):
            c('return word[:-1] + "ies"')
        c('return word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")')


UTILS: list[tuple[str, Callable[[Code, Imports, random.Random], None]]] = [
    ("slugs", _u_slugify), ("iterables", _u_chunks), ("retry", _u_retry),
    ("money", _u_money), ("dates", _u_dates), ("cache", _u_cache),
    ("validation", _u_validation), ("csv_io", _u_csv), ("tokens", _u_hashing),
    ("paging", _u_pagination), ("events", _u_events), ("text", _u_text),
]


def write_util(w: Writer, index: int) -> None:
    rng = w.rng
    picks = rng.sample(UTILS, rng.randint(3, 6))
    imp, c = Imports(), Code()
    for i, (_, fn) in enumerate(picks):
        c.blank(1 if i == 0 else 2)
        fn(c, imp, rng)
    name = f"{picks[0][0]}_{index}" if index else picks[0][0]
    w.emit(f"app.utils.{name}", f"Helpers: {', '.join(p[0] for p in picks)}.", imp, c)


def write_pyproject(root: Path, rng: random.Random) -> None:
    root.mkdir(parents=True, exist_ok=True)
    name = f"{rng.choice(DOMAINS).replace('_', '-')}-service"
    (root / "pyproject.toml").write_text(textwrap.dedent(f"""\
        [project]
        name = "{name}"
        version = "0.1.0"
        requires-python = ">=3.11"
        dependencies = [
            "fastapi>=0.110",
            "sqlalchemy[asyncio]>=2.0",
            "asyncpg>=0.29",
        ]

        [tool.setuptools.packages.find]
        include = ["app*"]
        """), encoding="utf-8")


# --------------------------------------------------------------------------
# entry points


def generate_with_stats(root: Path, target_lines: int, seed: int = 0, *,
                        missing_await_rate: float = 0.005, verify: bool = True) -> Stats:
    """Write a project of about ``target_lines`` lines under ``root/app``.

    The project stops growing at the first domain boundary past
    ``target_lines``, so the result is within a few hundred lines of it.
    """
    start = time.perf_counter()
    root = Path(root)
    app_dir = root / "app"
    if app_dir.exists() and any(app_dir.iterdir()):
        raise FileExistsError(f"{app_dir} already exists and is not empty")
    rng = random.Random(seed)
    w = Writer(root, rng, missing_await_rate, verify)
    planner = Planner(rng)
    write_pyproject(root, rng)
    w.package("app", "Synthetic async service.")
    for sub in ("models", "schemas", "repositories", "services", "routers", "utils"):
        w.package(f"app.{sub}", f"{sub.capitalize()} layer.")
    w.write_config()
    w.write_errors()
    w.write_model_base()
    w.write_db()
    w.write_deps()
    w.write_base_repository()
    domains: list[str] = []
    previous: list[Entity] = []
    util_index = 0
    while w.stats.lines < target_lines - 150:
        remaining = target_lines - w.stats.lines
        n = max(1, min(rng.randint(4, 14), round(remaining / LINES_PER_ENTITY)))
        name, entities = planner.domain(n, previous)
        domains.append(name)
        for layer in ("schemas", "repositories", "services"):
            w.package(f"app.{layer}.{name}", f"{layer.capitalize()} of the {name} domain.")
        w.write_models_package(name, entities)
        groups: dict[str, list[Entity]] = {}
        for ent in entities:
            groups.setdefault(ent.group, []).append(ent)
        for group in groups.values():
            what = human(group[0].table)
            w.write_group("models", f"Models of the {what} aggregate.", group,
                          Writer.write_model, Writer.models_prologue)
            w.write_group("schemas", f"Request and response shapes for {what}.", group,
                          Writer.write_schemas)
            w.write_group("repositories", f"Repositories of {what}.", group,
                          Writer.write_repository)
            w.write_group("services", f"Service layer for {what}.", group,
                          Writer.write_service, Writer.services_prologue)
            w.write_group("routers", f"HTTP endpoints for {what}.", group,
                          write_router, routers_prologue)
        write_router_package(w, name, entities)
        if w.stats.lines < target_lines and (len(domains) % 2 == 1 or n >= 8):
            write_util(w, util_index)
            util_index += 1
        previous.extend(entities)
        w.stats.entities += len(entities)
    w.write_main(domains)
    w.stats.domains = len(domains)
    w.stats.seconds = time.perf_counter() - start
    return w.stats


def generate(root: Path, target_lines: int, seed: int = 0, *,
             missing_await_rate: float = 0.005, verify: bool = True) -> int:
    """Write a project of about ``target_lines`` lines; return the lines written."""
    return generate_with_stats(root, target_lines, seed, missing_await_rate=missing_await_rate,
                               verify=verify).lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--lines", type=int, default=10_000, help="target size (default 10000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--missing-await-rate", type=float, default=0.005,
                        help="probability of dropping a statement-level await (default 0.005)")
    parser.add_argument("--no-verify", action="store_true", help="skip ast.parse of each file")
    parser.add_argument("--force", action="store_true", help="delete OUT_DIR/app first")
    args = parser.parse_args(argv)
    if args.force and (args.out_dir / "app").exists():
        shutil.rmtree(args.out_dir / "app")
    stats = generate_with_stats(args.out_dir, args.lines, args.seed,
                                missing_await_rate=args.missing_await_rate,
                                verify=not args.no_verify)
    print(f"{stats.lines} lines in {stats.files} files ({stats.domains} domains, "
          f"{stats.entities} entities, {stats.missing_awaits} dropped awaits) "
          f"written to {args.out_dir / 'app'} in {stats.seconds:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
