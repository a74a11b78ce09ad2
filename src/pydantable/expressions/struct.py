"""The ``expr.struct`` namespace: struct (nested model) functions.

Fields are typed from the struct's dtype: ``field("x")`` of a nullable struct,
or of a nullable field, is nullable.

Example:
    >>> from pydantic import BaseModel
    >>> from pydantable import DataFrameModel
    >>> class Point(BaseModel):
    ...     x: int
    ...     y: int
    >>> class Shape(DataFrameModel):
    ...     p: Point
    >>> df = Shape({"p": [{"x": 1, "y": 2}]})
    >>> df.select(x=df.p.struct.field("x")).to_dict()
    {'x': [1]}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantable import dtypes as dt
from pydantable.errors import StructFieldNotFoundError
from pydantable.expressions import nodes as n
from pydantable.expressions.infer import NULL, Typed, describe, register_function
from pydantable.expressions.kinds import STRUCT, elementwise, expect
from pydantable.expressions.mixin import is_expr, iter_exprs
from pydantable.expressions.namespace import ExprNamespace
from pydantable.expressions.rules import python_words

if TYPE_CHECKING:
    from pydantable.expressions.expr import Expr

__all__ = ["StructNamespace"]


class StructNamespace(ExprNamespace):
    """Struct functions of an expression (``expr.struct.*``), named as in Polars."""

    __slots__ = ()

    def field(self, name: str) -> Expr:
        """The field ``name`` (:class:`~pydantable.errors.StructFieldNotFoundError`,
        a ``TypeError`` and a ``ColumnNotFoundError``, when the struct has none).

        The result is named after the field, as in Polars.
        """
        if not isinstance(name, str):
            msg = f"{self._name('struct.field')}() takes one field name; got {name!r}"
            raise TypeError(msg)
        return self._call("struct.field", name=name).alias(name)

    def rename_fields(self, names: list[str] | tuple[str, ...]) -> Expr:
        """Rename the fields, in order (one new name per field)."""
        function = self._name("struct.rename_fields")
        if isinstance(names, str) or not all(isinstance(x, str) for x in names):
            msg = f"{function}() takes a list of names; got {names!r}"
            raise TypeError(msg)
        if len(set(names)) != len(names):
            msg = f"{function}() names must be distinct; got {list(names)!r}"
            raise ValueError(msg)
        return self._call("struct.rename_fields", names=tuple(names))

    def with_fields(self, *exprs: Any, **named: Any) -> Expr:
        """Add or replace fields from expressions (a null struct stays null).

        Positional expressions are named by their output name (``alias``).
        Example: ``df.p.struct.with_fields(z=df.p.struct.field("x") * 2)``.
        """
        function = self._name("struct.with_fields")
        items: list[tuple[str, Any]] = []
        for e in iter_exprs(exprs):
            if not is_expr(e):
                msg = (
                    f"{function}() positional arguments must be expressions; got {e!r}"
                )
                raise TypeError(msg)
            items.append((e.output_name, e))
        items.extend(named.items())
        if not items:
            msg = f"{function}() requires at least one keyword field=Expr"
            raise TypeError(msg)
        names = tuple(name for name, _ in items)
        if len(set(names)) != len(names):
            msg = f"{function}() got duplicate field names {list(names)!r}"
            raise ValueError(msg)
        values = [v if is_expr(v) else self._expr._literal(v) for _, v in items]
        return self._call("struct.with_fields", *values, names=names)

    def json_encode(self) -> Expr:
        """The struct as JSON text (``{"x":1,"y":2}``)."""
        return self._call("struct.json_encode")


def struct_of(function: str, typed: Typed, node: n.Node) -> dt.Struct:
    """The struct dtype of ``typed`` (build-time ``TypeError`` otherwise)."""
    expect(function, STRUCT, typed, node)
    assert isinstance(typed.dtype, dt.Struct)
    return typed.dtype


def _find(function: str, struct: dt.Struct, name: str, node: n.Node) -> dt.StructField:
    try:
        return struct.field(name)
    except KeyError:
        names = [f.name for f in struct.fields]
        msg = (
            f"Unknown struct field {name!r} in {function}(): {describe(node)} "
            f"({python_words(struct)}) has fields {names}"
        )
        raise StructFieldNotFoundError(msg, name=name) from None


@register_function("struct.field")
def _field_rule(types: list[Typed], call: n.Call) -> Typed:
    struct = struct_of(call.called_as, types[0], call.args[0])
    field = _find(call.called_as, struct, call.option("name"), call.args[0])
    return Typed(field.dtype, types[0].nullable or field.nullable)


@register_function("struct.rename_fields")
def _rename_rule(types: list[Typed], call: n.Call) -> Typed:
    struct = struct_of(call.called_as, types[0], call.args[0])
    names = call.option("names")
    if len(names) != len(struct.fields):
        msg = (
            f"{call.called_as}() expected {len(struct.fields)} names for "
            f"{python_words(struct)} in {describe(call.args[0])}; got "
            f"{len(names)}: {list(names)!r}"
        )
        raise ValueError(msg)
    fields = tuple(
        dt.StructField(name, f.dtype, f.nullable)
        for name, f in zip(names, struct.fields, strict=True)
    )
    return Typed(dt.Struct(fields), types[0].nullable)


@register_function("struct.with_fields")
def _with_fields_rule(types: list[Typed], call: n.Call) -> Typed:
    struct = struct_of(call.called_as, types[0], call.args[0])
    fields = {f.name: f for f in struct.fields}
    for name, typed, node in zip(
        call.option("names"), types[1:], call.args[1:], strict=True
    ):
        if typed.dtype is NULL or typed.dtype.name == "Null":
            msg = (
                f"{call.called_as}() field {name!r} needs a dtype: use lit(None, dtype)"
            )
            raise TypeError(msg)
        fields[name] = dt.StructField(name, typed.dtype, typed.nullable)
        del node
    return Typed(dt.Struct(tuple(fields.values())), types[0].nullable)


elementwise(
    "struct.json_encode",
    STRUCT,
    dt.String(),
    requirement="requires a struct-typed expression",
)
