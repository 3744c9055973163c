"""What an expression is known to be, as far as the rules care.

The evaluator (:mod:`async_orm_lint.evaluate`) maps an expression to one of
these values, or to ``None`` when there is no evidence.  ``None`` is the common
answer and always means *stay silent*.
"""

from __future__ import annotations

from typing import Any, Iterable, NamedTuple, Sequence, Union

from . import api


class ClassRef(NamedTuple):
    """A class of the API (or a project subclass of one), not an instance.

    A project subclass lists the methods it defines in ``overrides`` (the
    table no longer knows them) and, in ``members``, what those of its
    attributes that carry evidence are (``begin_session`` of a project's
    engine class yields a session).
    """

    kind: str
    overrides: frozenset[str] = frozenset()
    members: tuple[tuple[str, "Value"], ...] = ()

    def member(self, name: str) -> "Value | None":
        return _member(self.members, name)


class Instance(NamedTuple):
    """An object of a kind of the API (``api.KINDS``).

    ``product`` is the session class a factory or scoped registry hands out;
    ``overrides`` the methods a project subclass redefines, whose behaviour the
    table does not know.
    """

    kind: str
    product: ClassRef | None = None
    overrides: frozenset[str] = frozenset()
    #: for results and lists of rows: the model instance each row is.
    element: "ModelInstance | None" = None
    #: for sessions and their factories: ``expire_on_commit`` (None: unknown).
    expires: bool | None = None
    #: for instances of a project subclass: its members (see :class:`ClassRef`).
    members: tuple[tuple[str, "Value"], ...] = ()
    #: for sessions and their factories: bound to a connection (``bind=conn``), whose owner
    #: releases it, rather than to an engine whose pool the session draws from.
    on_connection: bool = False

    @property
    def info(self) -> api.KindInfo:
        return api.KINDS[self.kind]

    def method(self, name: str) -> api.Method | None:
        if name in self.overrides:
            return None
        return self.info.methods.get(name)

    def member(self, name: str) -> "Value | None":
        return _member(self.members, name)


class Pending(NamedTuple):
    """The result of calling a method or function, before anything uses it.

    ``awaited`` is what ``await`` gives (``None``: unknown or not awaitable),
    ``entered`` what ``async with``/``with`` binds, ``value`` what the call
    gives when it is used as is (a sync call), ``iterated`` what a generator
    of the project yields.
    """

    receiver: str
    name: str
    behaviour: str
    awaited: "Value | None" = None
    entered: "Value | None" = None
    value: "Value | None" = None
    iterated: "Value | None" = None


class Either(NamedTuple):
    """One of several objects of the API, which entering it with ``with`` or ``async with`` tells apart.

    ``maker: sessionmaker | async_sessionmaker`` (a library that takes both):
    calling ``maker`` gives a ``Session`` or an ``AsyncSession``, and only an
    ``AsyncSession`` can be entered with ``async with``, only a ``Session``
    with ``with`` (:func:`entered`).  Nothing else is known of it.
    """

    members: tuple["Value", ...]


class ProjectFunction(NamedTuple):
    """A function of the project, summarised: what calling it gives, what DI injects.

    ``returns`` is the value of a call (a :class:`Pending` for coroutine
    functions and context managers); ``injects`` what a dependency-injection
    framework (FastAPI's ``Depends``...) hands to the parameter: the yielded
    value of a generator, the awaited result of a coroutine function.
    """

    name: str
    returns: "Value | None" = None
    injects: "Value | None" = None
    #: what every call does to a session it is given or its object holds (see :class:`SideEffect`).
    effects: tuple["SideEffect", ...] = ()


class SideEffect(NamedTuple):
    """What a function does on every call to a session of its caller's: ``action`` (``commit``) on the
    session its ``parameter`` gets (at ``position`` among the call's positional arguments, when it can
    be given there; as a string: values hold no numbers), or on its object's ``attribute``; unless a call
    gives ``flag`` (a parameter that defaults to true) a false value.  ``where``: ``module:line``."""

    action: str
    parameter: str = ""
    position: str = ""
    attribute: str = ""
    flag: str = ""
    where: str = ""


class ProjectClass(NamedTuple):
    """A class of the project whose attributes carry evidence (a repository, a context)."""

    name: str
    attributes: tuple[tuple[str, "Value"], ...] = ()

    def attribute(self, name: str) -> "Value | None":
        return _member(self.attributes, name)


class ProjectInstance(NamedTuple):
    """An instance of a :class:`ProjectClass`."""

    cls: ProjectClass


#: What a method returns when it returns an instance of its own class (``-> Self``, ``-> "Repo"``,
#: ``return cls(...)``): the class is being summarised, so it stands for it until the method is read
#: from the class (:func:`of_class`).
OWN_INSTANCE = ProjectInstance(ProjectClass("<own class>"))


def of_class(member: "Value | None", cls: ProjectClass) -> "Value | None":
    """A member read from ``cls`` (or its instance), :data:`OWN_INSTANCE` standing for an instance of it."""
    if not isinstance(member, ProjectFunction):
        return member
    returns = member.returns
    if returns == OWN_INSTANCE:
        return member._replace(returns=ProjectInstance(cls))
    if isinstance(returns, Pending) and returns.awaited == OWN_INSTANCE:
        return member._replace(returns=returns._replace(awaited=ProjectInstance(cls)))
    return member


class Relationship(NamedTuple):
    """A ``relationship()`` of a mapped class."""

    name: str
    target: str  # the related class's name
    lazy: str  # the loader strategy: "select", "selectin", "joined", "raise", "dynamic"...
    collection: bool
    #: where the declaring module finds the target class (dotted), when it can.
    target_path: str | None = None


class ModelClass(NamedTuple):
    """A mapped (declarative) class of the project, or a declarative base or mixin."""

    name: str
    relationships: tuple[Relationship, ...] = ()
    #: a declarative base (``DeclarativeBase`` subclass, ``declarative_base()``): subclasses are mapped.
    is_base: bool = False
    #: a mixin that declares relationships but is not mapped itself.
    is_mixin: bool = False
    #: the mapped attributes (columns and relationships), for reads after expiry.
    attributes: frozenset[str] = frozenset()

    def relationship(self, name: str) -> Relationship | None:
        for relationship in self.relationships:
            if relationship.name == name:
                return relationship
        return None


#: In a ``loaded`` set: every relationship counts as loaded (a wildcard, or options we cannot read).
ALL_LOADED = "*"
#: Starts an item of a ``loaded`` set that stands for the loader options a caller passes for a parameter of
#: the function that loaded the instance (``options=``): ``"\x02<position>\x02<name>\x02<default>"``,
#: ``default`` being ``"none"`` when the parameter defaults to no options.  Until a call says which
#: options (:meth:`~.summaries.Summaries.given_options`), they may load anything.
GIVEN_OPTIONS = "\x02"


class Origin(NamedTuple):
    """Where a model instance came from: which session loaded it."""

    is_async: bool
    #: the session expression, as source (``session``, ``self.session``).
    session: str
    #: what the session's factory says of ``expire_on_commit`` (None: unknown).
    expires: bool | None = None
    #: returned by a function after the ``with`` block of its session closed.
    detached: bool = False


class ModelInstance(NamedTuple):
    """An instance of a mapped class loaded by a session, and what was loaded with it.

    ``loaded`` holds relationship paths (``"orders"``, ``"orders.items"``) or
    :data:`ALL_LOADED`.
    """

    model: ModelClass
    loaded: frozenset[str]
    origin: Origin | None = None
    #: reached through a relationship of another loaded instance: the parent's class (the parent
    #: is in the identity map).
    through: str | None = None

    def is_loaded(self, name: str) -> bool:
        return ALL_LOADED in self.loaded or name in self.loaded or self._given_options()

    def _given_options(self) -> bool:
        return any(path.startswith(GIVEN_OPTIONS) for path in self.loaded)

    def related(self, relationship: Relationship, target: ModelClass) -> "ModelInstance":
        """The instance(s) at the other end of a loaded relationship."""
        prefix = relationship.name + "."
        if ALL_LOADED in self.loaded or self._given_options():
            loaded = frozenset({ALL_LOADED})
        else:
            loaded = frozenset(path[len(prefix):] for path in self.loaded if path.startswith(prefix))
        return ModelInstance(target, loaded, self.origin, through=self.model.name)


class Statement(NamedTuple):
    """``select(Model)`` and its chained methods: what each row will be, what it loads."""

    model: ModelClass
    loaded: frozenset[str] = frozenset()


class LoaderOption(NamedTuple):
    """``selectinload(User.orders).selectinload(Order.items)``: the paths it loads."""

    loads: frozenset[str]
    #: the path the next chained option continues from (``defaultload(User.orders)`` loads nothing).
    path: str = ""
    #: the model the next chained option's attribute belongs to.
    model: str = ""


class RelationshipRef(NamedTuple):
    """``User.orders``, the class attribute, as loader options name it."""

    model: str
    name: str
    target: str


class Text(NamedTuple):
    """A string constant of a module (``DATABASE_URL = "postgresql+asyncpg://..."``), for the rules that read
    one imported from another module: its text, or the literal start of it (an f-string, a concatenation, a
    constant longer than :data:`MAX_TEXT`), ``whole`` saying which."""

    text: str
    whole: bool = True


#: The longest text a :class:`Text` keeps (the start of a longer one).
MAX_TEXT = 200


Value = Union[
    Instance, ClassRef, Pending, Either, ProjectFunction, ProjectClass, ProjectInstance, ModelClass, ModelInstance,
    Statement, LoaderOption, RelationshipRef, Text,
]


def instance_of(kind: str | None, product: ClassRef | None = None) -> Instance | None:
    """An instance of ``kind``, with a factory's default product."""
    if kind is None or kind not in api.KINDS:
        return None
    if product is None and kind in api.DEFAULT_PRODUCT:
        product = ClassRef(api.DEFAULT_PRODUCT[kind])
    return Instance(kind, product)


def instantiate(cls: ClassRef | None) -> Instance | None:
    """An instance of a class, keeping what a project subclass overrides and adds."""
    if cls is None or cls.kind not in api.KINDS:
        return None
    if cls.overrides or cls.members:
        return Instance(cls.kind, overrides=cls.overrides, members=cls.members)
    return instance_of(cls.kind)


def _member(members: tuple[tuple[str, "Value"], ...], name: str) -> "Value | None":
    for member, value in members:
        if member == name:
            return value
    return None


def product_of(factory: Instance) -> Instance | None:
    """A session as ``factory`` (a session factory or a scoped registry) makes it, with its
    ``expire_on_commit``."""
    made = instantiate(factory.product)
    return made._replace(expires=factory.expires, on_connection=factory.on_connection) if made is not None else None


def call_method(receiver: Instance, method: api.Method) -> Pending:
    """The pending result of ``receiver.method(...)``."""

    def resolve(kind: str | None) -> Instance | None:
        return product_of(receiver) if kind == api.PRODUCT else instance_of(kind)

    result = resolve(method.returns)
    is_awaitable = method.behaviour in (api.COROUTINE, api.AWAITABLE)
    return Pending(
        receiver.kind,
        method.name,
        method.behaviour,
        awaited=result if is_awaitable else None,
        entered=resolve(method.enters),
        value=result if method.behaviour == api.SYNC else None,
    )


def as_used(value: Value | None) -> Value | None:
    """What a value is when used directly (the call result of a sync method)."""
    if isinstance(value, Pending):
        return value.value
    return value


def either(members: Iterable[Value | None]) -> Value | None:
    """The :class:`Either` of ``members``: None if one is unknown, the member if they are all one."""
    found: list[Value] = []
    for member in members:
        if member is None:
            return None
        if member not in found:
            found.append(member)
    if not found:
        return None
    return found[0] if len(found) == 1 else Either(tuple(found))


def entered(value: Value | None, is_async: bool) -> Value | None:
    """What ``async with value as x`` (or ``with``) binds to ``x``."""
    if isinstance(value, Either):  # the one member that can be entered so
        found = {_entered_as(member, is_async) for member in value.members} - {None}
        return found.pop() if len(found) == 1 else None
    if isinstance(value, Pending):
        if value.behaviour in (api.AWAITABLE, api.ASYNC_CM) and not is_async:
            return None
        if value.behaviour == api.SYNC and value.entered is None:
            value = value.value  # sync call returning a context manager
        else:
            return value.entered
    if isinstance(value, Instance):
        info = value.info
        kind = info.aenter if is_async else info.enter
        if kind == value.kind:
            return value
        return instance_of(kind)
    return None


def _entered_as(value: Value | None, is_async: bool) -> Value | None:
    """:func:`entered`, but None when what a sync call's context manager hands out is not of the
    kind of ``with``: ``async with engine.begin()`` (a sync ``Engine``'s) fails, where
    ``async with maker.begin()`` works for a ``sessionmaker`` of ``AsyncSession``."""
    found = entered(value, is_async)
    if isinstance(value, Pending) and value.behaviour == api.SYNC and isinstance(found, Instance):
        info = found.info
        if (info.aenter if is_async else info.enter) is None:
            return None
    return found


def awaited(value: Value | None) -> Value | None:
    """What ``await value`` gives."""
    if isinstance(value, Pending):
        return value.awaited
    if isinstance(value, Instance) and value.info.awaitable:
        return value
    return None


# -- values as plain data -----------------------------------------------------------

#: The value types, by name, as :func:`pack` names them.
VALUE_TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        ClassRef, Instance, Pending, Either, ProjectFunction, ProjectClass, ProjectInstance, Relationship, ModelClass,
        Origin, ModelInstance, Statement, LoaderOption, RelationshipRef, SideEffect, Text,
    )
}


def pack(value: object, shared: dict | None = None, memo: dict | None = None) -> Any:
    """A value as nested plain tuples of strings, booleans and None: ``("T", type, fields...)``,
    ``("F", items...)`` for a frozenset, ``("U", items...)`` for a tuple.

    The packed form is what the on-disk cache writes (as JSON) and what the
    project index keeps of the modules it is done with: the garbage collector
    stops tracking a tuple that holds only such items, so a process that keeps
    the facts of a whole project does not make each of its full collections
    walk them.  With ``shared`` (kept by the caller), equal parts are one tuple:
    a model class is part of the value of every method that returns its
    instances.  ``memo`` maps the identities of values and packed tuples to
    each other (both ways, as :func:`unpack` does), for as long as the caller
    keeps both alive.  Raises TypeError for anything that is not a value.
    """
    if type(value) in _ATOMS:
        return value
    if memo is None:
        memo = {}
    known = memo.get(id(value))
    if known is not None:
        return known
    cls = type(value)
    # atoms are tested here rather than in a call: most fields are strings, booleans or None
    if VALUE_TYPES.get(cls.__name__) is cls:
        packed = ("T", cls.__name__, *[i if type(i) in _ATOMS else pack(i, shared, memo) for i in value])
    elif cls is frozenset:
        packed = ("F", *sorted((pack(item, shared, memo) for item in value), key=repr))
    elif cls is tuple:
        packed = ("U", *[i if type(i) in _ATOMS else pack(i, shared, memo) for i in value])
    else:
        raise TypeError(f"cannot pack a {cls.__name__}")
    if shared is not None:
        packed = share(packed, shared)
    memo[id(value)] = packed
    memo[id(packed)] = value
    return packed


def share(packed: tuple, shared: dict) -> tuple:
    """The one tuple equal to ``packed`` in ``shared``, ``packed``'s parts being shared already:
    their identities make a key that is quick to hash."""
    # a list comprehension is quicker than the generator pylint prefers
    key = tuple([id(item) if type(item) is tuple else item for item in packed])  # pylint: disable=R1728
    return shared.setdefault(key, packed)


def unpack(data: Any, memo: dict | None = None) -> Any:
    """The inverse of :func:`pack` (lists are read as tuples: JSON has no tuples); anything else
    raises ValueError, so that data from a file can only ever become values.  A part shared
    in ``data`` is one object in the value; ``memo`` as for :func:`pack`."""
    kind = type(data)
    if kind in _ATOMS:
        return data
    if (kind is not tuple and kind is not list) or not data:
        raise ValueError("not a packed value")
    if memo is None:
        memo = {}
    known = memo.get(id(data))
    if known is not None:
        return known
    tag = data[0]
    if tag == "T":
        value: Any = _value_type(data)(*[i if type(i) in _ATOMS else unpack(i, memo) for i in data[2:]])
    elif tag == "U":
        value = tuple([i if type(i) in _ATOMS else unpack(i, memo) for i in data[1:]])  # pylint: disable=R1728
    elif tag == "F":
        value = frozenset([unpack(item, memo) for item in data[1:]])
    else:
        raise ValueError("not a packed value")
    memo[id(data)] = value
    memo[id(value)] = data
    return value


def _value_type(packed: Sequence[Any]) -> type:
    """The value type a packed ``("T", name, fields...)`` names, if it has as many fields; else
    ValueError."""
    cls = VALUE_TYPES.get(packed[1]) if len(packed) >= 2 and type(packed[1]) is str else None
    if cls is None or len(packed) - 2 != len(cls._fields):
        raise ValueError("not a packed value")
    return cls


def to_table(packed: dict[str, Any]) -> dict[str, Any]:
    """Packed values (by name) as the on-disk cache writes them: ``{"rows": [...], "names": {...}}``.

    Each distinct part is one row, a list whose own parts are the numbers of
    earlier rows (a packed value holds no numbers, so a number is always a
    row); a name maps to the number of its value's row, or to None.  A model
    class is part of the value of every method that returns its instances:
    written out in full each time, it made entries ten times as large.
    """
    rows: list[list[Any]] = []
    # equal parts are one row, even when they are not one tuple; by identity first (the parts are
    # alive until this returns)
    numbers: tuple[dict[tuple, int], dict[int, int]] = ({}, {})
    names = {
        name: _row_number(value, rows, numbers) if type(value) is tuple else value for name, value in packed.items()
    }
    return {"rows": rows, "names": names}


def _row_number(part: tuple, rows: list[list[Any]], numbers: tuple[dict[tuple, int], dict[int, int]]) -> int:
    """The row of ``part`` in ``rows``, added with its parts' rows first if it is new (a function of
    the module: a nested one that calls itself is a reference cycle, freed only by the collector)."""
    by_row, by_identity = numbers
    known = by_identity.get(id(part))
    if known is None:
        row = [_row_number(item, rows, numbers) if type(item) is tuple else item for item in part]
        known = by_row.setdefault(tuple(row), len(rows))
        if known == len(rows):
            rows.append(row)
        by_identity[id(part)] = known
    return known


def from_table(data: Any, shared: dict) -> dict[str, Any]:
    """The inverse of :func:`to_table`: packed values by name, equal parts shared through ``shared``;
    ValueError unless every row is a packed part whose type is one of the value types (each row's
    parts are checked once; no recursion, however deep the values)."""
    if type(data) is not dict or type(data.get("rows")) is not list or type(data.get("names")) is not dict:
        raise ValueError("not packed values")
    built: list[tuple] = []
    for row in data["rows"]:
        if type(row) is not list or not row:
            raise ValueError("not a packed part")
        parts = tuple([_row_part(item, built) for item in row])  # pylint: disable=R1728
        tag = parts[0]
        if tag == "T":
            _value_type(parts)
        elif tag not in ("U", "F"):
            raise ValueError("not a packed part")
        built.append(share(parts, shared))
    values: dict[str, Any] = {}
    for name, number in data["names"].items():
        if number is None:
            values[name] = None
        elif type(number) is int and 0 <= number < len(built) and built[number][0] == "T":
            values[name] = built[number]
        else:
            raise ValueError("not a packed value")
    return values


def _row_part(item: Any, built: list[tuple]) -> Any:
    if type(item) is int:
        if not 0 <= item < len(built):
            raise ValueError("not an earlier row")
        return built[item]
    if type(item) not in _ATOMS:
        raise ValueError("not a packed part")
    return item


#: The types of what a value holds besides values, frozensets and tuples (no numbers: in a shared
#: key, a number could be taken for the identity of a part).
_ATOMS = frozenset({str, bool, type(None)})
