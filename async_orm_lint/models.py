"""Mapped classes, their relationships, statements and loader options, as evidence.

The evaluator calls into this module when an expression involves the ORM's
mapping layer: a class statement that may be a mapped class, ``select(Model)``
and its chained methods, loader options such as
``selectinload(User.orders).selectinload(Order.items)``, and what a session
query returns (instances carrying what was loaded with them).
"""

from __future__ import annotations

import ast

from . import api
from .evidence import ModuleEvidence
from .scopes import Parameter, Scope
from .syntax import expression_text, walk
from .values import (
    ALL_LOADED,
    GIVEN_OPTIONS,
    Instance,
    LoaderOption,
    ModelClass,
    ModelInstance,
    Origin,
    Relationship,
    RelationshipRef,
    Statement,
    Value,
)

_COLLECTIONS = frozenset({"list", "List", "set", "Set", "tuple", "Sequence", "MutableSequence", "Collection",
                          "typing.List", "typing.Set", "typing.Sequence"})
_WRAPPERS = frozenset({"Mapped", "Optional", "WriteOnlyMapped", "DynamicMapped", "Union"})
_SCALAR_KINDS = frozenset({"ScalarResult", "AsyncScalarResult", "ExecResult"})
_ROW_KINDS = frozenset({"Result", "AsyncResult"})


# -- mapped classes -------------------------------------------------------------

#: The marker for ``DeclarativeBase`` itself: its direct subclasses are the project's bases.
DECLARATIVE_BASE = ModelClass("<DeclarativeBase>", is_base=True)


def model_class(
    evaluator: ModuleEvidence, node: ast.ClassDef, scope: Scope, bases: list[Value | None]
) -> ModelClass | None:
    """A class statement as a mapped class (or base, or mixin with relationships), or None."""
    models = [base for base in bases if isinstance(base, ModelClass)]
    own = _relationships(evaluator, node, scope) + _backrefs(evaluator, node)
    mapped = any(not base.is_mixin for base in models) or _is_registry_mapped(node)
    if any(evaluator.dotted_name(base, scope) in api.SQLMODEL_BASES for base in node.bases):
        mapped = mapped or any(
            k.arg == "table" and isinstance(k.value, ast.Constant) and k.value.value is True for k in node.keywords
        )
    if not mapped:
        return ModelClass(node.name, own, is_mixin=True, attributes=_mapped_names(node)) if own else None
    relationships: dict[str, Relationship] = {}
    attributes: set[str] = set()
    for base in models:
        relationships.update((r.name, r) for r in base.relationships)
        attributes |= base.attributes
    redefined = _mapped_names(node)
    for name in redefined:
        relationships.pop(name, None)
    relationships.update((r.name, r) for r in own)
    is_base = DECLARATIVE_BASE in models
    return ModelClass(
        node.name, tuple(relationships.values()), is_base=is_base, attributes=frozenset(attributes | redefined)
    )


def _backrefs(evaluator: ModuleEvidence, node: ast.ClassDef) -> tuple[Relationship, ...]:
    """``relationship("User", backref="orders")`` on classes of the module: ``User.orders``; the class's
    own, for a self-referential relationship (``parent = relationship("Comment", backref="replies")``)."""
    found = []
    for facts in evaluator.classes():
        other = facts.node
        for statement in other.body:
            value = statement.value if isinstance(statement, (ast.Assign, ast.AnnAssign)) else None
            if not isinstance(value, ast.Call):
                continue
            keywords = {k.arg: k.value for k in value.keywords if k.arg}
            backref = keywords.get("backref")
            if backref is None or evaluator.dotted_name(value.func, facts.outer) not in api.RELATIONSHIP_FUNCTIONS:
                continue
            target = _class_name(value.args[0]) if value.args else None
            annotation = statement.annotation if isinstance(statement, ast.AnnAssign) else None
            if target is None and annotation is not None:
                target = _annotated_target(annotation)
            if target != node.name:
                continue
            name, lazy = _backref_spec(backref)
            if name is None or lazy is None:
                continue
            # a self-referential relationship is one-to-many unless ``remote_side`` makes it many-to-one
            self_one_to_many = other is node and annotation is None and "remote_side" not in keywords
            forward_collection = _is_collection(annotation) or "secondary" in keywords or self_one_to_many
            collection = True if "secondary" in keywords else not forward_collection
            found.append(Relationship(name, other.name, lazy, collection))
    return tuple(found)


def _backref_spec(backref: ast.expr) -> tuple[str | None, str | None]:
    """``backref="orders"`` or ``backref=backref("orders", lazy="selectin")``: name and strategy."""
    if isinstance(backref, ast.Constant) and isinstance(backref.value, str):
        return backref.value, "select"
    if isinstance(backref, ast.Call) and backref.args and isinstance(backref.args[0], ast.Constant):
        lazy = next((k.value for k in backref.keywords if k.arg == "lazy"), None)
        return str(backref.args[0].value), _lazy(lazy)
    return None, None


def declarative_base() -> ModelClass:
    """What ``declarative_base()`` returns: the project's base, whose subclasses are mapped."""
    return ModelClass("<declarative base>", is_base=True)


def _is_registry_mapped(node: ast.ClassDef) -> bool:
    """``@mapper_registry.mapped`` / ``@reg.mapped_as_dataclass``."""
    return any(
        isinstance(d, ast.Attribute) and d.attr in ("mapped", "mapped_as_dataclass")
        for d in node.decorator_list
    )


def _mapped_names(node: ast.ClassDef) -> set[str]:
    """Attributes the class body declares (annotated or assigned), but for dunders."""
    names = set()
    for statement in node.body:
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            names.add(statement.target.id)
        elif isinstance(statement, ast.Assign):
            names.update(t.id for t in statement.targets if isinstance(t, ast.Name))
    return {name for name in names if not name.startswith("__")}


def _relationships(evaluator: ModuleEvidence, node: ast.ClassDef, scope: Scope) -> tuple[Relationship, ...]:
    """The ``relationship()`` / ``Relationship()`` declarations of a class body."""
    found = []
    for statement in node.body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and _is_declared_attr(statement):
            returned = [s.value for s in statement.body if isinstance(s, ast.Return)]
            if len(returned) == 1:
                relationship = _relationship(evaluator, statement.name, statement.returns, returned[0], scope)
                if relationship is not None:
                    found.append(relationship)
            continue
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            name, annotation, value = statement.target.id, statement.annotation, statement.value
        elif isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(
            statement.targets[0], ast.Name
        ):
            name, annotation, value = statement.targets[0].id, None, statement.value
        else:
            continue
        relationship = _relationship(evaluator, name, annotation, value, scope)
        if relationship is not None:
            found.append(relationship)
    return tuple(found)


def _relationship(evaluator, name, annotation, value, scope) -> Relationship | None:
    if not isinstance(value, ast.Call) or evaluator.dotted_name(value.func, scope) not in api.RELATIONSHIP_FUNCTIONS:
        return None
    kind = _annotation_kind(annotation)
    target = None
    if value.args:
        target = _class_name(value.args[0])
    if target is None and annotation is not None:
        target = _annotated_target(annotation)
    if target is None:
        return None
    keywords = {k.arg: k.value for k in value.keywords if k.arg}
    sa_kwargs = keywords.get("sa_relationship_kwargs")
    if isinstance(sa_kwargs, ast.Dict):
        for key, item in zip(sa_kwargs.keys, sa_kwargs.values):
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                keywords.setdefault(key.value, item)
    lazy = _lazy(keywords.get("lazy"))
    if kind == "WriteOnlyMapped":
        lazy = "write_only"
    elif kind == "DynamicMapped":
        lazy = "dynamic"
    if lazy is None:
        return None
    collection = _is_collection(annotation)
    uselist = keywords.get("uselist")
    if isinstance(uselist, ast.Constant) and isinstance(uselist.value, bool):
        collection = uselist.value
    return Relationship(name, target, lazy, collection, evaluator.where_defined(target, scope))


def _is_declared_attr(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """``@declared_attr`` (also ``@declared_attr.directive``, ``@orm.declared_attr``)."""
    for decorator in function.decorator_list:
        if any(
            (type(n) is ast.Attribute and n.attr == "declared_attr")
            or (type(n) is ast.Name and n.id == "declared_attr")
            for n in walk(decorator)
        ):
            return True
    return False


def _lazy(node: ast.expr | None) -> str | None:
    if node is None:
        return "select"
    if isinstance(node, ast.Constant):
        value = node.value
        if value is True:
            return "select"
        if value is False:
            return "joined"
        if value is None:
            return "noload"
        if isinstance(value, str):
            return value
    return None  # computed: unknown strategy


def _annotation_kind(annotation: ast.expr | None) -> str | None:
    if isinstance(annotation, ast.Subscript):
        base = annotation.value
        return base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", None)
    return None


def _unstring(node: ast.expr) -> ast.expr | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            return ast.parse(node.value, mode="eval").body
        except SyntaxError:
            return None
    return node


def _class_name(node: ast.expr) -> str | None:
    node = _unstring(node)
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _annotated_target(annotation: ast.expr) -> str | None:
    """``Mapped[list["Order"]]`` -> ``Order``."""
    node = _unstring(annotation)
    for _ in range(8):
        if isinstance(node, ast.Subscript):
            inner = node.slice
            if isinstance(inner, ast.Tuple):
                names = [e for e in inner.elts if not (isinstance(e, ast.Constant) and e.value is None)]
                inner = names[0] if len(names) == 1 else None
            node = _unstring(inner) if inner is not None else None
        elif isinstance(node, ast.BinOp):  # "Order" | None
            node = node.left if not (isinstance(node.left, ast.Constant) and node.left.value is None) else node.right
            node = _unstring(node)
        else:
            break
    return _class_name(node) if node is not None else None


def _is_collection(annotation: ast.expr | None) -> bool:
    node = _unstring(annotation) if annotation is not None else None
    for _ in range(8):
        if not isinstance(node, ast.Subscript):
            return False
        base = node.value
        name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", None)
        if name in _COLLECTIONS:
            return True
        if name not in _WRAPPERS:
            return False
        node = _unstring(node.slice) if not isinstance(node.slice, ast.Tuple) else None
    return False


# -- statements, options, query results -------------------------------------------

def select_of(evaluator: ModuleEvidence, call: ast.Call, scope: Scope) -> Statement | None:
    if len(call.args) != 1 or call.keywords:
        return None
    model = evaluator.value(call.args[0], scope)
    if isinstance(model, ModelClass) and not model.is_base:
        return Statement(model)
    return None


def statement_method(statement: Statement, call: ast.Call, evaluator: ModuleEvidence, scope: Scope) -> Statement | None:
    name = call.func.attr  # type: ignore[attr-defined]
    if name not in api.STATEMENT_METHODS:
        return None
    if name != "options":
        return statement
    return Statement(statement.model, statement.loaded | loaded_by(call.args, evaluator, scope))


def loaded_by(options: list[ast.expr], evaluator: ModuleEvidence, scope: Scope) -> frozenset[str]:
    """The relationship paths a list of loader options loads (``*`` where unreadable)."""
    loaded: set[str] = set()
    for option in options:
        if isinstance(option, ast.Starred):
            option = option.value
        given = _given_options(option, scope)
        if given is not None:
            loaded.add(given)
            continue
        items = _option_items(option, evaluator, scope)
        if items is None:
            return frozenset({ALL_LOADED})
        for item in items:
            value = evaluator.value(item, scope)
            if not isinstance(value, LoaderOption):
                return frozenset({ALL_LOADED})  # an option we cannot read: assume it loads
            loaded |= value.loads
    return frozenset(loaded)


def _given_options(option: ast.expr, scope: Scope) -> str | None:
    """``.options(*options)`` where ``options`` is a parameter of the function: what its callers pass
    (see :data:`~.values.GIVEN_OPTIONS`)."""
    if type(option) is not ast.Name:
        return None
    sources = scope.bindings.get(option.id, ())
    function = scope.node
    if len(sources) != 1 or type(sources[0]) is not Parameter or not isinstance(
        function, (ast.FunctionDef, ast.AsyncFunctionDef)
    ):
        return None
    arguments = function.args
    positional = [a.arg for a in arguments.posonlyargs + arguments.args]
    if scope.self_name is not None or (scope.parent is not None and scope.parent.kind == "class" and positional
                                       and positional[0] == "cls"):
        positional = positional[1:]  # a method's ``self`` (or ``cls``) is not among the call's arguments
    position = positional.index(option.id) if option.id in positional else -1
    defaults = dict(zip([a.arg for a in (arguments.posonlyargs + arguments.args)[-len(arguments.defaults):]]
                        if arguments.defaults else [], arguments.defaults))
    defaults.update((a.arg, d) for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults) if d is not None)
    default = defaults.get(option.id)
    empty = default is not None and (
        (type(default) is ast.Constant and default.value is None)
        or (type(default) in (ast.Tuple, ast.List) and not default.elts)  # type: ignore[attr-defined]
    )
    return f"{GIVEN_OPTIONS}{position}{GIVEN_OPTIONS}{option.id}{GIVEN_OPTIONS}{'none' if empty else ''}"


def _option_items(option: ast.expr, evaluator: ModuleEvidence, scope: Scope) -> list[ast.expr] | None:
    """A list of options written inline or kept in a local list (``opts = [...]``)."""
    if isinstance(option, (ast.List, ast.Tuple)):
        return list(option.elts)
    if isinstance(option, ast.Name):
        assigned = evaluator.assigned_list(option.id, scope)
        return assigned if assigned is not None else [option]
    return [option]


def loader_option(name: str, call: ast.Call, evaluator: ModuleEvidence, scope: Scope,
                  parent: LoaderOption | None = None) -> LoaderOption | None:
    """``selectinload(User.orders)``, and the same chained on a parent option."""
    strategy = name.rsplit(".", 1)[-1]
    loads = api.LOADER_OPTIONS.get(strategy, "unknown")
    if loads == "unknown":
        return None
    base = parent.loads if parent is not None else frozenset()
    if loads is None:  # column options (load_only, defer...): no relationship loaded
        return LoaderOption(base, parent.path if parent else "", parent.model if parent else "")
    if not call.args:
        return None
    first = call.args[0]
    if isinstance(first, ast.Constant) and first.value == "*":
        return LoaderOption(base | {ALL_LOADED}) if loads else LoaderOption(base)
    path = parent.path if parent is not None else ""
    target = None
    # selectinload(User.orders, Order.items): the last one is loaded, the others are paths to it
    for argument in call.args:
        target = evaluator.value(argument, scope)
        if not isinstance(target, RelationshipRef):
            return None
        path = f"{path}.{target.name}" if path else target.name
    return LoaderOption(base | ({path} if loads else set()), path, target.target)


def query_result(method: str, pending_value: Value | None, call: ast.Call, receiver: Instance,
                 evaluator: ModuleEvidence, scope: Scope, session: ast.expr) -> ModelInstance | Instance | None:
    """What an awaited (or sync) session query gives, with the rows' model attached.

    Without a model to attach, the query's result is ``pending_value`` as it is.
    """
    origin = Origin(receiver.info.is_async, expression_text(session), receiver.expires)
    if not call.args:
        return pending_value
    if method in api.GET_METHODS:
        model = evaluator.value(call.args[0], scope)
        if not isinstance(model, ModelClass) or model.is_base or model.is_mixin:
            return pending_value
        options = [k.value for k in call.keywords if k.arg == "options"]
        loaded = loaded_by(options, evaluator, scope) if options else frozenset()
        return ModelInstance(model, loaded, origin)
    statement = evaluator.value(call.args[0], scope)
    if not isinstance(statement, Statement):
        return pending_value
    element = ModelInstance(statement.model, statement.loaded, origin)
    if method == "scalar":
        return element
    if isinstance(pending_value, Instance):
        return pending_value._replace(element=element)
    return pending_value


def result_method(receiver: Instance, name: str, result: Value | None) -> Value | None:
    """Carry the rows' model through ``scalars()``, ``all()``, ``first()``..."""
    element = receiver.element
    if element is None:
        return result
    kind = receiver.kind
    if name in ("unique", "yield_per", "columns") and isinstance(result, Instance):
        return result._replace(element=element)
    if kind in _ROW_KINDS:
        if name == "scalars" and isinstance(result, Instance):
            return result._replace(element=element)
        if name in ("scalar", "scalar_one", "scalar_one_or_none"):
            return element
        return result
    if kind in _SCALAR_KINDS or kind == "Rows":
        if name in ("first", "one", "one_or_none"):
            return element
        if name in ("all", "fetchall", "fetchmany") and isinstance(result, Instance):
            return result._replace(element=element)
    return result


def iterated(value: Value | None, is_async: bool) -> ModelInstance | None:
    """The model instance a ``for`` over ``value`` binds."""
    if not isinstance(value, Instance) or value.element is None:
        return None
    if value.kind in ("Rows", "ScalarResult", "ExecResult") and not is_async:
        return value.element
    if value.kind == "AsyncScalarResult" and is_async:
        return value.element
    return None
