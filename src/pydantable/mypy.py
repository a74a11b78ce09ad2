"""The mypy plugin: column attributes of a ``DataFrameModel`` are typed expressions.

Enable it in the mypy configuration (next to Pydantic's, if used)::

    [tool.mypy]
    plugins = ["pydantic.mypy", "pydantable.mypy"]

With the plugin, for ``class Users(DataFrameModel): id: int; age: int | None``:

* ``df.age`` on a ``Users`` instance is ``ColumnRef[int | None]`` (an
  ``Expr[int | None]``) instead of the annotation ``int | None``, so
  ``df.age > 18``, ``df.age.is_not_null()`` type-check and ``df.name + 1``
  (a ``str`` column plus an ``int``) is an error;
* a name that is no column of a declared model (``df.agee``) is an error
  (``attr-defined``);
* ``with_columns(name=expr, ...)``, ``select("a", df.b, c=expr)`` and
  ``rename({"a": "b"})`` of a frame whose columns the plugin knows give a
  ``BaseFrame`` whose columns it knows too: ``out.name`` is
  ``ColumnRef[T]`` for an ``Expr[T]`` (``ColumnRef[Any]`` for other values)
  and a name that is no column is an error. When the arguments do not
  determine the columns (positional expressions of ``with_columns``, a
  mapping that is not a literal dict of strings, ``exclude=``, ``*args``,
  an unknown column), and for other schema-changing transforms (joins,
  ``group_by(...).agg`` ...), the result keeps any column name, typed
  ``ColumnRef[Any]``, without errors;
* a column spelt ``age: Col[int | None]`` (``pydantable.typing.Col``, the
  spelling for pyright) types as ``age: int | None`` does;
* ``Users.RowModel`` is a class (a Pydantic model whose fields are the
  columns), usable in annotations: ``rows: list[Users.RowModel]``;
* ``df.rows()`` and ``df.collect()`` (without ``as_lists``/``as_numpy``) of a
  ``Users`` frame are ``list[Users.RowModel]``.

Nothing here runs with pydantable: mypy imports this module when it loads
the plugin. See ``docs/typing.md`` for what pyright sees without a plugin.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from mypy.errorcodes import ATTR_DEFINED
from mypy.nodes import (
    ARG_NAMED,
    ARG_POS,
    MDEF,
    DictExpr,
    Expression,
    MemberExpr,
    StrExpr,
    SymbolTableNode,
    TypeInfo,
    Var,
)
from mypy.plugin import (
    AttributeContext,
    ClassDefContext,
    MethodContext,
    Plugin,
)
from mypy.types import (
    AnyType,
    ExtraAttrs,
    Instance,
    Type,
    TypeOfAny,
    get_proper_type,
)

__all__ = ["PydantablePlugin", "plugin"]

_MODEL = "pydantable.model.DataFrameModel"
_COLUMN_REF = "pydantable.expressions.expr.ColumnRef"
_EXPR = "pydantable.expressions.expr.Expr"
_BASE_FRAME = "pydantable.frame.BaseFrame"
#: Transforms whose result columns the plugin derives from literal arguments.
_SCHEMA_METHODS = frozenset({"with_columns", "select", "rename"})
#: Marks the ``extra_attrs`` of a frame type whose columns the plugin knows.
_KNOWN = "__pydantable_columns__"
_BASE_MODEL = "pydantic.main.BaseModel"
#: ``__getattr__`` of frames: the fallback for names that are not attributes
#: (a declared model's is typed for checkers without a plugin).
_GETATTR_OWNERS = (
    "pydantable.frame._core.CoreFrame.",
    "pydantable.model.DataFrameModel.",
)
#: Materializers returning row models.
_ROW_METHODS = frozenset({"rows", "collect"})
#: Class-body names that are configuration, not columns.
_NOT_COLUMNS = frozenset({"model_config", "RowModel", "Row"})


def plugin(version: str) -> type[PydantablePlugin]:
    """The entry point mypy calls (``plugins = ["pydantable.mypy"]``)."""
    return PydantablePlugin


def _is_declared_model(info: TypeInfo) -> bool:
    """A ``DataFrameModel`` subclass written by a user (not pydantable's own)."""
    return info.has_base(_MODEL) and not info.fullname.startswith("pydantable.")


def _column_names(info: TypeInfo) -> dict[str, Var]:
    """The columns of a declared model: annotated, non-private class-body
    names of it and its declared-model bases, in declaration order."""
    columns: dict[str, Var] = {}
    for klass in reversed(info.mro):
        if not _is_declared_model(klass):
            continue
        for name, symbol in klass.names.items():
            node = symbol.node
            if (
                isinstance(node, Var)
                and not node.is_classvar
                and not node.is_property
                and not node.is_inferred
                and not name.startswith("_")
                and name not in _NOT_COLUMNS
                and not symbol.plugin_generated
            ):
                columns[name] = node
    return columns


class PydantablePlugin(Plugin):
    """Types ``DataFrameModel`` columns, row models and row materializers."""

    def get_base_class_hook(
        self, fullname: str
    ) -> Callable[[ClassDefContext], None] | None:
        info = self._info(fullname)
        if info is not None and info.has_base(_MODEL):
            return _add_row_model
        return None

    def _info(self, fullname: str) -> TypeInfo | None:
        symbol = self.lookup_fully_qualified(fullname)
        if symbol is not None and isinstance(symbol.node, TypeInfo):
            return symbol.node
        return None

    def get_attribute_hook(
        self, fullname: str
    ) -> Callable[[AttributeContext], Type] | None:
        if fullname.startswith(_GETATTR_OWNERS):
            return _column_or_error
        owner, _, name = fullname.rpartition(".")
        info = self._info(owner)
        if (
            info is not None
            and _is_declared_model(info)
            and name in _column_names(info)
        ):
            return self._column_attribute
        return None

    def get_method_hook(self, fullname: str) -> Callable[[MethodContext], Type] | None:
        # called with the receiver's class: ``mymodule.Users.rows``
        owner, _, name = fullname.rpartition(".")
        if name in _SCHEMA_METHODS:
            info = self._info(owner)
            if info is not None and info.has_base(_BASE_FRAME):
                return partial(_schema_change, name, self._column_ref)
            return None
        info = self._info(owner) if name in _ROW_METHODS else None
        if info is not None and _is_declared_model(info):
            return _rows_of_model
        return None

    def _column_ref(self, value: Type) -> Type:
        """``ColumnRef[value]`` (``Any`` if pydantable is not analysed)."""
        found = self.lookup_fully_qualified(_COLUMN_REF)
        if found is None or not isinstance(found.node, TypeInfo):
            return AnyType(TypeOfAny.special_form)
        return Instance(found.node, [value])

    def _column_attribute(self, ctx: AttributeContext) -> Type:
        """``df.age`` of a declared model: ``ColumnRef[<annotation>]``."""
        found = self.lookup_fully_qualified(_COLUMN_REF)
        if ctx.is_lvalue or found is None or not isinstance(found.node, TypeInfo):
            return ctx.default_attr_type
        if _cell_type(ctx.default_attr_type) is not ctx.default_attr_type:
            return ctx.default_attr_type  # declared ``Col[T]``: already ColumnRef[T]
        return Instance(found.node, [ctx.default_attr_type])


def _column_or_error(ctx: AttributeContext) -> Type:
    """A name found by ``__getattr__``: an error on a declared model (its
    columns are attributes), ``ColumnRef[Any]`` on other frames."""
    owner = get_proper_type(ctx.type)
    name = getattr(ctx.context, "name", None)
    if not isinstance(name, str) or not isinstance(owner, Instance):
        return ctx.default_attr_type
    if owner.type.get(name) is not None:  # a real attribute (``columns``, ``schema``)
        return ctx.default_attr_type
    derived = _derived_columns(owner)
    if derived is not None:
        if name in derived:
            return derived[name]
        listed = ", ".join(sorted(derived)) or "none"
        ctx.api.fail(
            f'This frame has no column or attribute "{name}" (columns: {listed})',
            ctx.context,
            code=ATTR_DEFINED,
        )
        return AnyType(TypeOfAny.from_error)
    if _is_declared_model(owner.type):
        known = ", ".join(sorted(_column_names(owner.type))) or "none"
        ctx.api.fail(
            f'"{owner.type.name}" has no column or attribute "{name}" '
            f"(columns: {known})",
            ctx.context,
            code=ATTR_DEFINED,
        )
        return AnyType(TypeOfAny.from_error)
    return ctx.default_attr_type


def _add_row_model(ctx: ClassDefContext) -> None:
    """Add ``RowModel`` to a declared model: a Pydantic model class (based on
    the class's nested ``Row`` if any) with one field per column."""
    info = ctx.cls.info
    columns = _column_names(info)
    pending = any(var.type is None for var in columns.values())
    if pending and not ctx.api.final_iteration:
        ctx.api.defer()
        return
    base: Instance | None = None
    row = info.names.get("Row")
    if (
        row is not None
        and isinstance(row.node, TypeInfo)
        and row.node.has_base(_BASE_MODEL)
    ):
        base = Instance(row.node, [])
    if base is None:
        found = ctx.api.lookup_fully_qualified_or_none(_BASE_MODEL)
        if found is None or not isinstance(found.node, TypeInfo):
            return  # Pydantic is not analysed: leave the declared ClassVar
        base = Instance(found.node, [])
    row_info = ctx.api.basic_new_typeinfo("RowModel", base, ctx.cls.line)
    row_info._fullname = f"{info.fullname}.RowModel"
    row_info.defn.fullname = row_info._fullname
    for name, column in columns.items():
        var = Var(name, _cell_type(column.type or AnyType(TypeOfAny.from_error)))
        var.info = row_info
        var._fullname = f"{row_info.fullname}.{name}"
        row_info.names[name] = SymbolTableNode(MDEF, var, plugin_generated=True)
    info.names["RowModel"] = SymbolTableNode(MDEF, row_info, plugin_generated=True)


def _rows_of_model(ctx: MethodContext) -> Type:
    """``rows()`` / ``collect()`` (no keyword) of a declared model:
    ``list[Model.RowModel]``."""
    if any(ctx.args):  # collect(as_lists=...) and co. return columns
        return ctx.default_return_type
    owner = get_proper_type(ctx.type)
    if not isinstance(owner, Instance) or not _is_declared_model(owner.type):
        return ctx.default_return_type
    symbol = owner.type.get("RowModel")
    if symbol is None or not isinstance(symbol.node, TypeInfo):
        return ctx.default_return_type
    return ctx.api.named_generic_type("builtins.list", [Instance(symbol.node, [])])


def _cell_type(declared: Type) -> Type:
    """The cell type of a column annotation: ``T`` for ``Col[T]`` (which is
    ``ColumnRef[T]`` to checkers), the annotation itself otherwise."""
    proper = get_proper_type(declared)
    if isinstance(proper, Instance) and proper.type.fullname == _COLUMN_REF:
        return proper.args[0] if proper.args else AnyType(TypeOfAny.special_form)
    return declared


def _derived_columns(frame: Instance) -> dict[str, Type] | None:
    """The columns of a frame type made by :func:`_schema_change` (by name:
    their ``ColumnRef[T]``), ``None`` for other types."""
    extra = frame.extra_attrs
    if extra is None or _KNOWN not in extra.immutable:
        return None
    return dict(extra.attrs)


#: Makes ``ColumnRef[T]`` of ``T``.
ColumnRefOf = Callable[[Type], Type]


def _known_columns(frame: Instance, column_ref: ColumnRefOf) -> dict[str, Type] | None:
    """The columns (``ColumnRef[T]`` by name) of a declared model or of a
    frame derived from one by the plugin; ``None`` when not known."""
    derived = _derived_columns(frame)
    if derived is not None:
        return derived
    if not _is_declared_model(frame.type):
        return None
    return {
        name: column_ref(_cell_type(var.type or AnyType(TypeOfAny.from_error)))
        for name, var in _column_names(frame.type).items()
    }


def _as_column(value: Type, column_ref: ColumnRefOf) -> Type:
    """The column a value makes: ``ColumnRef[T]`` for an ``Expr[T]``,
    ``ColumnRef[Any]`` for anything else (literals, arrays ...)."""
    # here, not at the top: importing mypy.maptype before mypy.types is circular
    from mypy.maptype import map_instance_to_supertype

    proper = get_proper_type(value)
    if isinstance(proper, Instance) and proper.type.has_base(_EXPR):
        expr = next(k for k in proper.type.mro if k.fullname == _EXPR)
        args = map_instance_to_supertype(proper, expr).args
        if len(args) == 1:
            return column_ref(args[0])
    return column_ref(AnyType(TypeOfAny.special_form))


def _string(expr: Expression) -> str | None:
    return expr.value if isinstance(expr, StrExpr) else None


def _schema_change(method: str, column_ref: ColumnRefOf, ctx: MethodContext) -> Type:
    """The result of ``with_columns``/``select``/``rename``: a ``BaseFrame``
    whose columns are known when the receiver's are and the arguments are
    literal enough; otherwise mypy's default (any column name)."""
    owner = get_proper_type(ctx.type)
    result = get_proper_type(ctx.default_return_type)
    if not isinstance(owner, Instance) or not isinstance(result, Instance):
        return ctx.default_return_type
    columns = _known_columns(owner, column_ref)
    if columns is None:
        return ctx.default_return_type
    derive = {"with_columns": _with_columns, "select": _select, "rename": _rename}
    derived = derive[method](columns, ctx, column_ref)
    if derived is None:
        return ctx.default_return_type
    return Instance(
        result.type,
        result.args,
        extra_attrs=ExtraAttrs(derived, {_KNOWN, *derived}),
    )


def _arguments(ctx: MethodContext, formal: str) -> list[tuple[int, int]]:
    """(formal index, actual index) of the actual arguments of ``formal``."""
    if formal not in ctx.callee_arg_names:
        return []
    index = ctx.callee_arg_names.index(formal)
    return [(index, j) for j in range(len(ctx.args[index]))]


def _named(
    ctx: MethodContext, formal: str, column_ref: ColumnRefOf
) -> dict[str, Type] | None:
    """``name=value`` arguments of ``**formal`` as columns (``None``: a
    ``**mapping`` argument, names unknown)."""
    out: dict[str, Type] = {}
    for i, j in _arguments(ctx, formal):
        name = ctx.arg_names[i][j]
        if ctx.arg_kinds[i][j] != ARG_NAMED or name is None:
            return None
        out[name] = _as_column(ctx.arg_types[i][j], column_ref)
    return out


def _with_columns(
    columns: dict[str, Type], ctx: MethodContext, column_ref: ColumnRefOf
) -> dict[str, Type] | None:
    if _arguments(ctx, "exprs"):  # names from aliases: not followed
        return None
    named = _named(ctx, "named", column_ref)
    return None if named is None else {**columns, **named}


def _select(
    columns: dict[str, Type], ctx: MethodContext, column_ref: ColumnRefOf
) -> dict[str, Type] | None:
    if _arguments(ctx, "exclude"):
        return None
    out: dict[str, Type] = {}
    for i, j in _arguments(ctx, "exprs"):
        expr = ctx.args[i][j]
        name = _string(expr)
        if name is None and isinstance(expr, MemberExpr):  # ``df.b``
            column = get_proper_type(ctx.arg_types[i][j])
            if isinstance(column, Instance) and column.type.fullname == _COLUMN_REF:
                name = expr.name
        if ctx.arg_kinds[i][j] != ARG_POS or name is None or name not in columns:
            return None
        out[name] = columns[name]
    named = _named(ctx, "named", column_ref)
    return None if named is None else {**out, **named}


def _rename(
    columns: dict[str, Type], ctx: MethodContext, column_ref: ColumnRefOf
) -> dict[str, Type] | None:
    given = _arguments(ctx, "mapping")
    if len(given) != 1:
        return None
    i, j = given[0]
    mapping = ctx.args[i][j]
    if not isinstance(mapping, DictExpr):
        return None
    renames: dict[str, str] = {}
    for key, value in mapping.items:
        old = _string(key) if key is not None else None
        new = _string(value)
        if old is None or new is None or old not in columns:
            return None
        renames[old] = new
    return {renames.get(name, name): ref for name, ref in columns.items()}
