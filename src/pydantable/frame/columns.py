"""Frame methods: column-level operations (rename family, reordering, as_model, ...).

Example:
    >>> from pydantable import DataFrameModel
    >>> class Raw(DataFrameModel):
    ...     id: int
    ...     name: str
    >>> class Clean(DataFrameModel):
    ...     name: str
    ...     id: int
    >>> df = Raw({"id": [1], "name": ["a"]})
    >>> df.rename_upper().columns
    ['ID', 'NAME']
    >>> type(df.as_model(Clean)) is Clean
    True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

import pydantic

from pydantable import dtypes as dt
from pydantable import plan as p
from pydantable import selectors
from pydantable.errors import SchemaAssertionError, SchemaMismatchError
from pydantable.expressions.nodes import Cast, Col, Node
from pydantable.frame._core import CoreFrame, schema_frame
from pydantable.frame._protocol import FrameMethods
from pydantable.schema import Column, FrameSchema

if TYPE_CHECKING:
    import pydantic

    from pydantable.frame import BaseFrame

__all__ = ["ColumnMethods", "SchemaDiff", "dtype_fits", "schema_diff"]

FrameT = TypeVar("FrameT", bound="BaseFrame")


class ColumnMethods(FrameMethods):
    """Mixed into :class:`~pydantable.frame.BaseFrame`."""

    __slots__ = ()

    # -- rename family ---------------------------------------------------------------
    def _rename_by(
        self,
        fn: Callable[[str], str],
        selector: Any,
        *,
        op: str,
        strict: bool = True,
        subset: Any = None,
        arg: str | None = "selector",
    ) -> BaseFrame:
        """Rename the columns ``selector`` picks (default: every column) with ``fn``.

        ``subset=`` is this package's earlier name of ``selector=``.
        """
        if subset is not None:
            if selector is not None:
                msg = f"{op}() takes selector= or subset= (the same option), not both"
                raise TypeError(msg)
            selector = subset
        names = (
            self.schema.names
            if selector is None
            else selectors.expand_names(
                selector, self.schema, op=op, arg=arg, strict=strict
            )
        )
        mapping = selectors.renamed_names(self.schema, names, fn, op=op)
        return self.rename(mapping)

    def rename_prefix(
        self,
        prefix: str,
        *,
        selector: Any = None,
        strict: bool = True,
        subset: Any = None,
    ) -> BaseFrame:
        """Prepend ``prefix`` to the names ``selector`` picks (default: every column).

        Args:
            selector: names or a selector (``subset=`` is accepted as well).
            strict: ``False``: unknown names are skipped and a selector may
                match nothing (no-op).

        Raises:
            ValueError: the selector matches nothing (``strict``), or the
                result would repeat a name ("... produced duplicate output
                column names.").

        Example:
            >>> from pydantable import DataFrameModel
            >>> from pydantable import selectors as s
            >>> class T(DataFrameModel):
            ...     a: int
            ...     b: str
            >>> T({"a": [1], "b": ["x"]}).rename_prefix("x_", selector=s.string()).columns
            ['a', 'x_b']
        """
        return self._rename_by(
            lambda n: prefix + n,
            selector,
            op="rename_prefix",
            strict=strict,
            subset=subset,
        )

    def rename_suffix(
        self,
        suffix: str,
        *,
        selector: Any = None,
        strict: bool = True,
        subset: Any = None,
    ) -> BaseFrame:
        """Append ``suffix`` to the names ``selector`` picks (see :meth:`rename_prefix`)."""
        return self._rename_by(
            lambda n: n + suffix,
            selector,
            op="rename_suffix",
            strict=strict,
            subset=subset,
        )

    def rename_replace(
        self,
        old: str,
        new: str,
        *,
        selector: Any = None,
        strict: bool = True,
        subset: Any = None,
    ) -> BaseFrame:
        """Replace the substring ``old`` by ``new`` in column names (see :meth:`rename_prefix`)."""
        return self._rename_by(
            lambda n: n.replace(old, new),
            selector,
            op="rename_replace",
            strict=strict,
            subset=subset,
        )

    def rename_upper(
        self, selector: Any = None, *, strict: bool = True, subset: Any = None
    ) -> BaseFrame:
        """Upper-case the names ``selector`` picks (default: every column)."""
        return self._rename_by(
            str.upper, selector, op="rename_upper", strict=strict, subset=subset
        )

    def rename_lower(
        self, selector: Any = None, *, strict: bool = True, subset: Any = None
    ) -> BaseFrame:
        """Lower-case the names ``selector`` picks (default: every column)."""
        return self._rename_by(
            str.lower, selector, op="rename_lower", strict=strict, subset=subset
        )

    def rename_title(
        self, selector: Any = None, *, strict: bool = True, subset: Any = None
    ) -> BaseFrame:
        """Title-case the names ``selector`` picks (``str.title``)."""
        return self._rename_by(
            str.title, selector, op="rename_title", strict=strict, subset=subset
        )

    def rename_strip(
        self,
        selector: Any = None,
        *,
        chars: str | None = None,
        strict: bool = True,
        subset: Any = None,
    ) -> BaseFrame:
        """Strip ``chars`` (default: whitespace) from both ends of the names
        ``selector`` picks (default: every column)."""
        return self._rename_by(
            lambda n: n.strip(chars),
            selector,
            op="rename_strip",
            strict=strict,
            subset=subset,
        )

    def rename_with_selector(
        self, selector: Any, function: Callable[[str], str]
    ) -> BaseFrame:
        """Rename the columns ``selector`` picks with ``function(name)``.

        Raises:
            ValueError: the selector matches nothing, or names would collide.
        """
        return self._rename_by(function, selector, op="rename_with_selector", arg=None)

    # -- reordering and projection -----------------------------------------------------
    def _project(self, names: list[str]) -> BaseFrame:
        plan = p.Select(
            p.select_schema(self.schema[n] for n in names),
            self._plan,
            tuple((n, Col(n)) for n in names),
        )
        return self._derive(plan, height=self._height)

    def reorder_columns(self, order: Any) -> BaseFrame:
        """Put the columns ``order`` lists (names or selectors) first, in that
        order, and the other columns after them in their current order.

        Raises:
            ValueError: a column is listed twice.
            ColumnNotFoundError: a listed column does not exist.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     a: int
            ...     b: int
            ...     c: int
            >>> T({"a": [1], "b": [2], "c": [3]}).reorder_columns(["c"]).columns
            ['c', 'a', 'b']
        """
        listed = selectors.expand(_as_list(order), self.schema, op="reorder_columns")
        names = selectors.expand_names(listed, self.schema)
        if len(names) != len(listed):
            repeated = [n for n in names if listed.count(n) > 1]
            msg = f"reorder_columns lists {repeated} more than once; give each column exactly once"
            raise ValueError(msg)
        return self._project(names + [n for n in self.schema.names if n not in names])

    def select_first(self, *columns: Any) -> BaseFrame:
        """Move ``columns`` (names or selectors) to the front, the rest after."""
        first = selectors.expand_names(list(columns), self.schema, op="select_first")
        return self._project(first + [n for n in self.schema.names if n not in first])

    def select_last(self, *columns: Any) -> BaseFrame:
        """Move ``columns`` (names or selectors) to the end, the rest before."""
        last = selectors.expand_names(list(columns), self.schema, op="select_last")
        return self._project([n for n in self.schema.names if n not in last] + last)

    def move(
        self, columns: Any, *, before: str | None = None, after: str | None = None
    ) -> BaseFrame:
        """Move ``columns`` (names or selectors) just before or after another column.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     a: int
            ...     b: int
            ...     c: int
            >>> T({"a": [1], "b": [2], "c": [3]}).move("c", before="a").columns
            ['c', 'a', 'b']
        """
        if (before is None) == (after is None):
            msg = "move() needs exactly one of before= and after="
            raise TypeError(msg)
        anchor = before if before is not None else after
        assert anchor is not None
        (anchor,) = selectors.expand_names(anchor, self.schema)
        moved = selectors.expand_names(columns, self.schema, op="move")
        if anchor in moved:
            msg = f"move(): cannot move {anchor!r} relative to itself"
            raise ValueError(msg)
        rest = [n for n in self.schema.names if n not in moved]
        at = rest.index(anchor) + (0 if before is not None else 1)
        return self._project(rest[:at] + moved + rest[at:])

    def select_all(self) -> BaseFrame:
        """Every column, in order (a no-op projection)."""
        return self._project(self.schema.names)

    def select_prefix(self, *prefixes: str) -> BaseFrame:
        """The columns whose names start with one of ``prefixes``."""
        picked = selectors.starts_with(*prefixes)
        return self._project(picked.resolve(self.schema, op="select_prefix"))

    def select_suffix(self, *suffixes: str) -> BaseFrame:
        """The columns whose names end with one of ``suffixes``."""
        picked = selectors.ends_with(*suffixes)
        return self._project(picked.resolve(self.schema, op="select_suffix"))

    def select_schema(self, selector: Any) -> BaseFrame:
        """The columns ``selector`` picks, in schema order.

        Raises:
            TypeError: ``selector`` is not a :class:`~pydantable.selectors.Selector`
                (use :meth:`select` for names).
            ValueError: the selector matches no column.
        """
        if not isinstance(selector, selectors.Selector):
            msg = "select_schema(selector) expects a Selector."
            raise TypeError(msg)
        picked = set(selector.resolve(self.schema, op="select_schema"))
        return self._project([n for n in self.schema.names if n in picked])

    # -- schema assertion ------------------------------------------------------------
    def schema_diff(self, model: Any) -> SchemaDiff:
        """How this frame's schema differs from ``model``'s (empty when compatible)."""
        return schema_diff(self.schema, _target_class(model).__pydantable_schema__)

    def as_model(self, model: type[FrameT], *, validate_schema: bool = True) -> FrameT:
        """Re-type this frame as the declared frame class ``model``.

        Columns are matched by name and reordered to ``model``'s order. With
        ``validate_schema`` (default) the schemas are compared statically and
        nothing runs: every target column must exist with the same dtype (a
        ``Literal``/``Enum``/``UUID``/IP source fits its storage dtype, a
        Decimal fits a wider one), and a nullable source cannot fill a
        non-nullable target. Field constraints of ``model`` (``ge``, patterns)
        are not re-checked. With ``validate_schema=False`` the frame is
        materialized and validated by ``model`` instead (eager; use it when the
        data is known to fit, e.g. no nulls left after a filter).

        Raises:
            SchemaMismatchError: missing/extra/mismatched columns (``exc.diff``).
            pydantic.ValidationError: ``validate_schema=False`` and a cell is invalid.
        """
        return self._as_model(  # type: ignore[return-value]
            model, validate_schema=validate_schema, api="as_model"
        )

    def _as_model(self, model: Any, *, validate_schema: bool, api: str) -> BaseFrame:
        target = _target_class(model, api)
        if not validate_schema:
            return target(self.to_polars())
        diff = schema_diff(self.schema, target.__pydantable_schema__)
        if diff:
            if api == "assert_model":
                exc: SchemaMismatchError = SchemaAssertionError(
                    f"assert_model(schema mismatch): {diff.summary()} "
                    f"({target.__name__}: {diff.describe()})"
                )
            else:
                exc = SchemaMismatchError(
                    f"frame does not match {target.__name__}: {diff.describe()}"
                )
            exc.diff = diff
            raise exc
        return self._retyped(target)

    def try_as_model(
        self, model: type[FrameT], *, validate_schema: bool = True
    ) -> FrameT | None:
        """:meth:`as_model`, or ``None`` when the frame does not fit ``model``.

        Raises:
            TypeError: ``model`` is not a frame class (or a Pydantic model).
        """
        _target_class(model, "try_as_model")
        try:
            return self.as_model(model, validate_schema=validate_schema)
        except (SchemaMismatchError, pydantic.ValidationError):
            return None

    def assert_model(
        self, model: type[FrameT], *, validate_schema: bool = True
    ) -> FrameT:
        """:meth:`as_model`; the error lists every missing, extra and mismatched column.

        Raises:
            SchemaAssertionError: the schemas differ: a ``TypeError`` (as in the
                original) that is also a ``SchemaMismatchError``; its message
                reads ``assert_model(schema mismatch): missing=[...] extra=[...]
                mismatched_types={...}`` and ``exc.diff`` holds the diff.
        """
        return self._as_model(  # type: ignore[return-value]
            model, validate_schema=validate_schema, api="assert_model"
        )

    def as_schema(
        self, schema: type[pydantic.BaseModel], *, validate_schema: bool = True
    ) -> Any:
        """Re-type as ``DataFrame[schema]`` (see :meth:`as_model`)."""
        return self.as_model(schema_frame(schema), validate_schema=validate_schema)

    def try_as_schema(
        self, schema: type[pydantic.BaseModel], *, validate_schema: bool = True
    ) -> Any:
        """:meth:`as_schema`, or ``None`` when the frame does not fit."""
        return self.try_as_model(schema_frame(schema), validate_schema=validate_schema)

    def assert_schema(
        self, schema: type[pydantic.BaseModel], *, validate_schema: bool = True
    ) -> Any:
        """:meth:`as_schema`, raising ``SchemaMismatchError`` with the diff."""
        return self.assert_model(schema_frame(schema), validate_schema=validate_schema)

    def _retyped(self, target: type[BaseFrame]) -> BaseFrame:
        schema = target.__pydantable_schema__
        plan: p.PlanNode = self._plan
        if plan.schema != schema:  # (equal schemas have the same column order)
            exprs: list[tuple[str, Node]] = []
            for column in schema.columns():
                source = self.schema[column.name]
                node: Node = Col(column.name)
                if (
                    isinstance(column.dtype, dt.Decimal)
                    and source.dtype != column.dtype
                ):
                    node = Cast(node, column.dtype)  # Decimal widening
                exprs.append((column.name, node))
            plan = p.Select(schema, self._plan, tuple(exprs))
        return target._from_plan(plan, self._height)


def _as_list(items: Any) -> list[Any]:
    return list(items) if isinstance(items, (list, tuple)) else [items]


def _target_class(model: Any, api: str = "as_model") -> type[BaseFrame]:
    if isinstance(model, type) and issubclass(model, CoreFrame):
        if not model.__pydantable_schema__ and model.__name__ in (
            "DataFrameModel",
            "DataFrame",
        ):
            msg = f"{api} needs a declared frame class, not {model.__name__} itself"
            raise TypeError(msg)
        return cast("type[BaseFrame]", model)
    if isinstance(model, type) and issubclass(model, pydantic.BaseModel):
        return schema_frame(model)
    msg = (
        f"{api}(model=...) expects a DataFrameModel subclass. (A DataFrame[Schema] "
        f"or a Pydantic model class also fits; got {model!r}.)"
    )
    raise TypeError(msg)


# -- schema comparison ------------------------------------------------------------------


@dataclass(frozen=True)
class SchemaDiff:
    """How a frame's schema differs from a target schema.

    ``missing``: target columns the frame lacks; ``extra``: frame columns the
    target lacks; ``mismatched``: ``(name, frame column, target column)`` with
    incompatible dtype or nullability. Falsy when the frame fits the target.
    """

    missing: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    mismatched: tuple[tuple[str, str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra or self.mismatched)

    def summary(self) -> str:
        """``missing=[...] extra=[...] mismatched_types={name: (have, want)}``."""
        mismatched = {name: (have, want) for name, have, want in self.mismatched}
        return (
            f"missing={list(self.missing)} extra={list(self.extra)} "
            f"mismatched_types={mismatched}"
        )

    def describe(self) -> str:
        """One line per kind of difference."""
        parts = []
        if self.missing:
            parts.append(f"missing columns {list(self.missing)}")
        if self.extra:
            parts.append(f"extra columns {list(self.extra)}")
        for name, have, want in self.mismatched:
            parts.append(f"column {name!r} is {have}, expected {want}")
        return "; ".join(parts) if parts else "schemas match"


def _spec(column: Column) -> str:
    return f"{column.dtype!r}{' | None' if column.nullable else ''}"


def schema_diff(source: FrameSchema, target: FrameSchema) -> SchemaDiff:
    """Compare ``source`` (a frame's schema) with ``target`` (see :class:`SchemaDiff`)."""
    missing = tuple(n for n in target if n not in source)
    extra = tuple(n for n in source if n not in target)
    mismatched = []
    for name, want in target.items():
        have = source.get(name)
        if have is None:
            continue
        if (have.nullable and not want.nullable) or not dtype_fits(
            have.dtype, want.dtype
        ):
            mismatched.append((name, _spec(have), _spec(want)))
    return SchemaDiff(missing, extra, tuple(mismatched))


def dtype_fits(source: dt.DType, target: dt.DType) -> bool:
    """Whether every value of ``source`` is a valid value of ``target``."""
    if source == target or source.storage() == target:
        return True
    if isinstance(source, dt.Decimal) and isinstance(target, dt.Decimal):
        return (
            target.scale >= source.scale
            and target.precision - target.scale >= source.precision - source.scale
        )
    if isinstance(source, dt.List) and isinstance(target, dt.List):
        return source.inner == target.inner and (
            target.inner_nullable or not source.inner_nullable
        )
    if isinstance(source, dt.Map) and isinstance(target, dt.Map):
        return source.value == target.value and (
            target.value_nullable or not source.value_nullable
        )
    return False
