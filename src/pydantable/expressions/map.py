"""The ``expr.map`` namespace: functions of ``dict[str, T]`` (Map) columns.

A map cell is a set of string keys with values; the engine stores it as a list
of ``{key, value}`` structs (see :data:`pydantable.engines.polars.MAP_KEY`).
Polars has no map namespace; the names follow the original pydantable's
``map_*`` methods (which are flat aliases of these).

Example:
    >>> from pydantable import DataFrameModel
    >>> class Prefs(DataFrameModel):
    ...     tags: dict[str, int]
    >>> df = Prefs({"tags": [{"a": 1, "b": 2}, {}]})
    >>> df.select(a=df.tags.map.get("a"), n=df.tags.map.len()).to_dict()
    {'a': [1, None], 'n': [2, 0]}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pydantable import dtypes as dt
from pydantable.expressions import nodes as n
from pydantable.expressions.infer import Typed, describe, register_function
from pydantable.expressions.kinds import MAP, expect
from pydantable.expressions.mixin import is_expr
from pydantable.expressions.namespace import ExprNamespace
from pydantable.expressions.rules import python_words

if TYPE_CHECKING:
    from pydantable.expressions.expr import Expr

__all__ = ["MapNamespace", "entries_dtype"]


def _key(function: str, key: Any) -> str:
    if is_expr(key):
        msg = f"{function}() expects literal values, not Expr; got {key!r}"
        raise TypeError(msg)
    if not isinstance(key, str):
        msg = f"{function}() needs a str key (map keys are strings); got {key!r}"
        raise TypeError(msg)
    return key


def _keys(function: str, keys: Iterable[Any]) -> tuple[str, ...]:
    out = tuple(_key(function, k) for k in keys)
    if not out:
        msg = f"{function}() expects at least one value (a key)"
        raise TypeError(msg)
    return out


class MapNamespace(ExprNamespace):
    """Functions of a Map expression (``expr.map.*``)."""

    __slots__ = ()

    def len(self) -> Expr:
        """Number of keys: ``df.tags.map.len()``."""
        return self._call("map.len")

    def is_empty(self) -> Expr:
        """Whether the map has no keys."""
        return self._call("map.is_empty")

    def get(self, key: str) -> Expr:
        """The value of ``key`` (null when the key is absent)."""
        return self._call("map.get", key=_key(self._name("map.get"), key))

    def contains_key(self, key: str) -> Expr:
        """Whether ``key`` is present."""
        return self._call(
            "map.contains_key", key=_key(self._name("map.contains_key"), key)
        )

    def has_any_key(self, *keys: Any) -> Expr:
        """Whether any of ``keys`` (str literals: varargs or one collection) is present.

        Raises:
            TypeError: no key, an expression, or a key that is not a str.
        """
        if len(keys) == 1 and isinstance(keys[0], (list, tuple, set, frozenset)):
            keys = tuple(keys[0])
        name = self._name("map.has_any_key")
        return self._call("map.has_any_key", keys=_keys(name, keys))

    def keys(self) -> Expr:
        """The keys, as a list of strings (in stored order)."""
        return self._call("map.keys")

    def values(self) -> Expr:
        """The values, as a list (in key order)."""
        return self._call("map.values")

    def entries(self) -> Expr:
        """The entries, as a list of ``{key, value}`` structs."""
        return self._call("map.entries")


def entries_dtype(value: dt.DType, value_nullable: bool) -> dt.List:
    """The ``List(Struct{key, value})`` dtype of a map's entries."""
    return dt.List(
        dt.Struct(
            (
                dt.StructField("key", dt.String(), False),
                dt.StructField("value", value, value_nullable),
            )
        )
    )


def from_entries(expr: Expr, *, label: str = "") -> Expr:
    """A Map from a list of ``{key, value}`` structs (later duplicate keys win).

    ``label`` is the name the user called (build-time errors name it).
    """
    return expr._new(n.Call("map.from_entries", (expr._node,), (), label))


# -- typing rules -----------------------------------------------------------------------


def _map(function: str, typed: Typed, node: n.Node) -> dt.Map:
    expect(function, MAP, typed, node)
    assert isinstance(typed.dtype, dt.Map)
    return typed.dtype


def _register(function: str, result: Any) -> None:
    def rule(types: list[Typed], call: n.Call) -> Typed:
        m = _map(call.called_as, types[0], call.args[0])
        dtype, extra = result(m)
        return Typed(dtype, types[0].nullable or extra)

    register_function(function)(rule)


_register("map.len", lambda m: (dt.Int64(), False))
_register("map.is_empty", lambda m: (dt.Boolean(), False))
_register("map.get", lambda m: (m.value, True))
_register("map.contains_key", lambda m: (dt.Boolean(), False))
_register("map.has_any_key", lambda m: (dt.Boolean(), False))
_register("map.keys", lambda m: (dt.List(dt.String()), False))
_register("map.values", lambda m: (dt.List(m.value, m.value_nullable), False))
_register("map.entries", lambda m: (entries_dtype(m.value, m.value_nullable), False))


@register_function("map.from_entries")
def _from_entries_rule(types: list[Typed], call: n.Call) -> Typed:
    lst = types[0].dtype
    inner = lst.inner if isinstance(lst, dt.List) else None
    ok = (
        isinstance(lst, dt.List)
        and isinstance(inner, dt.Struct)
        and [f.name for f in inner.fields] == ["key", "value"]
        and isinstance(inner.fields[0].dtype.storage(), dt.String)
        and not inner.fields[0].nullable
        and not lst.inner_nullable
    )
    if not ok:
        msg = (
            f"{call.label or 'map_from_entries'}() requires a list of entry structs "
            "(non-null {key: str, value} structs with a non-null key); got "
            f"{python_words(lst, types[0].nullable)} in {describe(call.args[0])}"
        )
        raise TypeError(msg)
    assert isinstance(inner, dt.Struct)
    value = inner.fields[1]
    return Typed(dt.Map(value.dtype, value.nullable), types[0].nullable)
