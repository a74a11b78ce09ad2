"""The core of a typed frame: an immutable ``(schema, plan)`` pair.

:class:`CoreFrame` holds construction (validated ingest), the class hooks the
public faces override, schema introspection and column references; the
method families of :mod:`pydantable.frame` build on it.
"""

from __future__ import annotations

import contextvars
import re
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeGuard, cast

from typing_extensions import Self

from pydantable import plan as p
from pydantable import selectors
from pydantable.display import render_glimpse, render_html, render_text
from pydantable.engines import engine_of
from pydantable.errors import ColumnNotFoundError
from pydantable.expressions.expr import ColumnRef, Expr, into_expr, output_name
from pydantable.expressions.infer import type_of
from pydantable.expressions.nodes import Col, Node
from pydantable.policies import with_strictness
from pydantable.schema import Column, FrameSchema, derived_column
from pydantable.validation import CellValidators, IngestOptions, normalize_trusted_mode
from pydantable.validation.ingest import ingest
from pydantable.validation.profiles import get_validation_profile

if TYPE_CHECKING:
    import pydantic

    from pydantable.frame import BaseFrame

__all__ = [
    "CoreFrame",
    "derived_frame",
    "is_frame",
    "register_derived_frames",
    "register_schema_frames",
    "schema_frame",
]

#: Makes the frame class of a Pydantic model (``DataFrame[Schema]``); set by
#: :mod:`pydantable.dataframe`, so the frame never imports its public faces.
_schema_frames: list[Callable[[type[pydantic.BaseModel]], type[BaseFrame]]] = []


def register_schema_frames(
    factory: Callable[[type[pydantic.BaseModel]], type[BaseFrame]],
) -> None:
    """Set how a Pydantic model becomes a frame class (``DataFrame[Model]``)."""
    _schema_frames[:] = [factory]


def schema_frame(model: type[pydantic.BaseModel]) -> type[BaseFrame]:
    """The frame class whose schema is the Pydantic ``model``."""
    if not _schema_frames:
        msg = (
            "import pydantable first: no frame class for Pydantic models is registered"
        )
        raise RuntimeError(msg)
    return _schema_frames[0](model)


#: Makes the ``DataFrameModel`` class of a derived schema; set by
#: :mod:`pydantable.model` (readers such as ``read_sqlmodel`` build one).
_derived_frames: list[Callable[[FrameSchema], type[BaseFrame]]] = []


def register_derived_frames(factory: Callable[[FrameSchema], type[BaseFrame]]) -> None:
    """Set how a derived schema becomes a ``DataFrameModel`` class."""
    _derived_frames[:] = [factory]


def derived_frame(schema: FrameSchema) -> type[BaseFrame]:
    """The ``DataFrameModel`` class of ``schema`` (cached by structure)."""
    if not _derived_frames:
        msg = "import pydantable first: no DataFrameModel factory is registered"
        raise RuntimeError(msg)
    return _derived_frames[0](schema)


def require_concrete(cls: Any, method: str) -> None:
    """``TypeError`` for an I/O classmethod called on a base class with no
    columns (``DataFrameModel.read_parquet(...)``) instead of a subclass."""
    if not len(getattr(cls, "__pydantable_schema__", ())):  # the bare base class
        msg = (
            f"I/O classmethods must be called on a concrete DataFrameModel subclass "
            f"(one that declares columns), not on {cls.__name__}: "
            f"use YourModel.{method}(...)"
        )
        raise TypeError(msg)


def is_frame(value: object) -> TypeGuard[BaseFrame]:
    """Whether ``value`` is a typed frame (a ``DataFrameModel`` or ``DataFrame``).

    Every frame class is built on :class:`CoreFrame`, so readers and writers
    test for frames here without importing the frame package (which loads
    them lazily).
    """
    return isinstance(value, CoreFrame)


#: Set while :meth:`CoreFrame._from_json_values` builds a frame.
_JSON_INPUT: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "pydantable_json_input", default=False
)


class CoreFrame:
    """Construction, introspection and column references of typed frames."""

    __pydantable_schema__: ClassVar[FrameSchema]
    __slots__ = ("_height", "_plan")

    _plan: p.PlanNode
    _height: int | None

    def __init__(
        self,
        data: Any = None,
        *,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        validation_profile: str | None = None,
        max_errors: int = 100,
    ) -> None:
        """Validate ``data`` against the schema and build the frame.

        Args:
            data: a mapping of columns (lists, tuples, NumPy/Arrow arrays,
                Polars/pandas Series), a list of row dicts or Pydantic models, a
                Polars DataFrame/LazyFrame, a PyArrow Table/RecordBatch or a
                pandas DataFrame. ``None`` builds an empty frame.
            trusted_mode: ``None``/``"off"`` validates and coerces every cell like
                Pydantic lax mode; ``"shape_only"`` checks columns, lengths and
                nullability; ``"strict"`` also requires matching dtypes.
            fill_missing_optional: absent optional columns/keys become ``None``
                (or the field default).
            ignore_errors: drop invalid rows instead of raising (``"off"`` only).
            on_validation_errors: called once with ``[{row_index, row, errors}]``
                for the dropped rows.
            validation_profile: a preset: ``"service_strict"``, ``"batch_lenient"``
                or ``"trusted_upstream"``; explicit arguments win.
            max_errors: how many cell errors a ``ValidationError`` details.

        Raises:
            pydantic.ValidationError: invalid cells, located by column and row.
            pydantable.errors.ColumnLengthMismatchError: ragged columns.
            pydantable.errors.SchemaMismatchError: unknown/missing columns,
                trusted-mode violations.
        """
        if validation_profile is None:
            validation_profile = type(self)._default_profile()
        column_default = nested_default = "inherit"
        if validation_profile is not None:
            profile = get_validation_profile(validation_profile)
            preset = profile.options()
            trusted_mode = (
                trusted_mode if trusted_mode is not None else preset.get("trusted_mode")
            )
            ignore_errors = ignore_errors or bool(preset.get("ignore_errors", False))
            column_default = profile.column_strictness_default
            nested_default = profile.nested_strictness_default
        options = IngestOptions(
            trusted_mode=normalize_trusted_mode(trusted_mode),
            fill_missing_optional=fill_missing_optional,
            ignore_errors=ignore_errors,
            on_validation_errors=on_validation_errors,
            max_errors=max_errors,
            json_input=_JSON_INPUT.get(),
        )
        schema = type(self).__pydantable_schema__
        checked, validators = type(self)._validation_schema(
            column_default, nested_default
        )
        table = ingest(
            {} if data is None else data,
            checked,
            validators=validators,
            title=type(self).__name__,
            options=options,
        )
        self._plan = p.Source(schema, table, rows=table.height)
        self._height = table.height

    @classmethod
    def _default_profile(cls) -> str | None:
        """The class's default ``validation_profile`` (``DataFrameModel`` reads its
        ``__pydantable__`` policy); none for a plain frame class."""
        return None

    @classmethod
    def _from_json_values(cls, data: Any, **options: Any) -> Self:
        """Build a frame from decoded JSON (``json.loads`` output), validating
        it as Pydantic validates JSON: under the trusted modes a datetime, date,
        time, duration, UUID, Decimal or bytes cell may be its JSON text (an
        ISO string ...), since JSON cannot carry those types otherwise.

        ``options`` are the constructor's keywords.
        """
        token = _JSON_INPUT.set(True)
        try:
            return cls(data, **options)
        finally:
            _JSON_INPUT.reset(token)

    # -- class-level hooks (overridden by DataFrameModel / DataFrame[S]) ------------
    @classmethod
    def _row_model(cls) -> type[pydantic.BaseModel] | None:
        return None

    @classmethod
    def _validation_schema(
        cls, column_default: str, nested_default: str
    ) -> tuple[FrameSchema, CellValidators]:
        """The schema data is validated against, and its cell validators: the
        class's own, or (a profile's ``column_strictness_default`` /
        ``nested_strictness_default`` of ``"strict"``) a variant whose columns
        with an ``"inherit"`` policy are strict."""
        if "strict" not in (column_default, nested_default):
            return cls.__pydantable_schema__, cls._cell_validators()
        key = f"_pydantable_strict_{column_default}_{nested_default}"
        cached = cls.__dict__.get(key)
        if cached is None:
            strict = FrameSchema(
                [
                    with_strictness(
                        c, default=column_default, nested_default=nested_default
                    )
                    for c in cls.__pydantable_schema__.columns()
                ]
            )
            cached = (strict, CellValidators(strict, cls._row_model()))
            setattr(cls, key, cached)
        result: tuple[FrameSchema, CellValidators] = cached
        return result

    @classmethod
    def _cell_validators(cls) -> CellValidators:
        cached = cls.__dict__.get("_pydantable_validators")
        if cached is None:
            cached = CellValidators(cls.__pydantable_schema__, cls._row_model())
            cls._pydantable_validators = cached  # type: ignore[attr-defined]
        return cached

    @classmethod
    def _for_schema(cls, schema: FrameSchema) -> type[BaseFrame]:
        """The frame class for a derived schema (cached, deterministic).

        The public faces (``DataFrameModel``, ``DataFrame[Schema]``) define it.
        """
        msg = f"{cls.__name__} cannot derive frame classes; subclass DataFrameModel"
        raise TypeError(msg)

    @classmethod
    def _from_plan(cls, plan: p.PlanNode, height: int | None = None) -> Self:
        frame = cls.__new__(cls)
        frame._plan = plan
        frame._height = height
        return frame

    def _derive(self, plan: p.PlanNode, *, height: int | None = None) -> BaseFrame:
        target = type(self)
        if plan.schema != target.__pydantable_schema__:
            target = target._for_schema(plan.schema)
        return cast("BaseFrame", target._from_plan(plan, height))

    def _derive_same(self, plan: p.PlanNode, *, height: int | None = None) -> Self:
        """A frame of this frame's own class for ``plan``, whose schema is this
        frame's (row-level transforms: filter, sort, slices, dedup, samples),
        so those transforms are typed as returning ``Self``."""
        if plan.schema != self._plan.schema:  # a bug in the caller, never user input
            msg = "internal error: _derive_same() with a changed schema"
            raise RuntimeError(msg)
        return type(self)._from_plan(plan, height)

    # -- schema introspection ---------------------------------------------------------
    @property
    def schema(self) -> FrameSchema:
        """The frame's schema: column name → :class:`~pydantable.schema.Column`."""
        return self._plan.schema

    @property
    def columns(self) -> list[str]:
        """Column names, in order."""
        return self._plan.schema.names

    @property
    def dtypes(self) -> dict[str, Any]:
        """Column name → Python annotation (``int``, ``float | None`` ...)."""
        return {c.name: c.python_type for c in self._plan.schema.columns()}

    @property
    def shape(self) -> tuple[int, int]:
        """``(rows, columns)`` of the current plan (runs a row count if needed)."""
        return (self.height, len(self._plan.schema))

    @property
    def height(self) -> int:
        """Number of rows of the current plan."""
        if self._height is None:
            counted = engine_of(self._plan).count(self._plan)
            object.__setattr__(self, "_height", counted)
        assert self._height is not None
        return self._height

    @property
    def width(self) -> int:
        """Number of columns."""
        return len(self._plan.schema)

    def __len__(self) -> int:
        return self.height

    def is_empty(self) -> bool:
        """Whether the frame has no rows."""
        return self.height == 0

    def schema_fields(self) -> dict[str, Any]:
        """Column name → Python annotation, as declared or derived (the original's).

        ``int``, ``int | None``, ``list[str]``, ``dict[str, float]``, the nested
        model class itself (kept through ``select``/``rename``/``join``/...);
        derived columns that may be null are ``T | None``. The column specs
        (dtype, nullability, field) are :attr:`schema`.

        Example:
            >>> from pydantic import BaseModel
            >>> from pydantable import DataFrameModel
            >>> class Point(BaseModel):
            ...     x: int
            >>> class Shape(DataFrameModel):
            ...     id: int
            ...     at: Point | None
            >>> df = Shape({"id": [1], "at": [None]})
            >>> fields = df.select("at", next=df.id + 1).schema_fields()
            >>> fields == {"at": Point | None, "next": int}
            True
        """
        return {c.name: c.python_type for c in self._plan.schema.columns()}

    @property
    def schema_type(self) -> type[pydantic.BaseModel]:
        """The Pydantic model of the current schema: ``rows()`` returns its instances.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> df = T({"x": [1]}).with_columns(y=T({"x": [1]}).x * 2)
            >>> list(df.schema_type.model_fields)
            ['x', 'y']
            >>> isinstance(df.rows()[0], df.schema_type)
            True
        """
        model = type(self)._row_model()
        if model is None:
            msg = f"{type(self).__name__} has no schema model"
            raise TypeError(msg)
        return model

    def _cheap_preview(self) -> bool:
        """Whether showing the first rows costs no more than a pass over data
        already in memory (a known height or an element-wise chain over an
        in-memory table); a lazy plan is never run just to be displayed."""
        return engine_of(self._plan).cheap_cells(self._plan) is not None

    def _known_height(self) -> int | None:
        if self._height is None and self._cheap_preview():
            return self.height
        return self._height

    def __repr__(self) -> str:
        frame: Any = self
        cheap = self._cheap_preview()
        height = self._height
        if height is None and cheap:
            try:
                height = self.height
            except Exception:
                height = None
        return render_text(frame, height=height, preview=cheap)

    def _repr_html_(self) -> str:
        """Jupyter's view: the first rows as a bounded, escaped HTML table
        (limits in :mod:`pydantable.display`); a lazy plan that is not cheap
        to run shows its columns only."""
        frame: Any = self
        return render_html(frame, preview=self._cheap_preview())

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None, **kwargs: Any
    ) -> dict[str, str]:
        """IPython's rich display: ``text/plain`` (the ``repr``) and
        ``text/html`` (:meth:`_repr_html_`), both bounded."""
        bundle = {"text/plain": repr(self), "text/html": self._repr_html_()}
        if include:
            bundle = {k: v for k, v in bundle.items() if k in include}
        if exclude:
            bundle = {k: v for k, v in bundle.items() if k not in exclude}
        return bundle

    @typing.overload
    def glimpse(
        self,
        *,
        max_items_per_column: int = ...,
        max_colname_length: int = ...,
        return_as_string: typing.Literal[False] = ...,
    ) -> None: ...

    @typing.overload
    def glimpse(
        self,
        *,
        max_items_per_column: int = ...,
        max_colname_length: int = ...,
        return_as_string: typing.Literal[True],
    ) -> str: ...

    def glimpse(
        self,
        *,
        max_items_per_column: int = 10,
        max_colname_length: int = 50,
        return_as_string: bool = False,
    ) -> str | None:
        """A dense summary, one line per column: name, dtype, first values
        (Polars' ``glimpse``); prints it, or returns it with
        ``return_as_string=True``.

        Runs the plan for the first ``max_items_per_column`` rows only; the row
        count is shown when it is known cheaply (else ``unknown``).

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     id: int
            ...     name: str | None
            >>> T({"id": [1, 2], "name": ["a", None]}).glimpse()
            Rows: 2
            Columns: 2
            $ id   <i64> 1, 2
            $ name <str> 'a', None
        """
        frame: Any = self
        text = render_glimpse(
            frame,
            height=self._known_height(),
            max_items_per_column=max_items_per_column,
            max_colname_length=max_colname_length,
        )
        if return_as_string:
            return text
        print(text)  # noqa: T201 (glimpse prints, like Polars)
        return None

    # -- column references ------------------------------------------------------------
    def col(self, name: str) -> ColumnRef:
        """A typed reference to column ``name``."""
        if name not in self._plan.schema:
            raise ColumnNotFoundError.from_missing(name, self.columns)
        return ColumnRef(Col(name), self._plan.schema)

    def __getattr__(self, name: str) -> ColumnRef:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            plan = object.__getattribute__(self, "_plan")
        except AttributeError:
            raise AttributeError(name) from None
        if name in plan.schema:
            return ColumnRef(Col(name), plan.schema)
        msg = f"{type(self).__name__!r} has no attribute or column {name!r}"
        raise AttributeError(msg)

    def __getitem__(self, name: str) -> ColumnRef:
        return self.col(name)

    def _subset(
        self, subset: Any, *, op: str | None = None, arg: str | None = "subset"
    ) -> list[str]:
        """Column names of a ``subset=`` argument (``None``: every column).

        ``op``/``arg`` name the method and argument in the error of a selector
        that matches nothing (``"unique(subset=lists()) matched no columns..."``).
        """
        if subset is None:
            return self._plan.schema.names
        return selectors.expand_names(subset, self._plan.schema, op=op, arg=arg)

    # -- transforms -------------------------------------------------------------------
    def _bind(self, value: Any) -> Expr:
        expr = into_expr(value, self._plan.schema)
        expr.typed_in(self._plan.schema)  # type-check against this frame
        return expr

    def _named(
        self, items: Iterable[Any], named: Mapping[str, Any]
    ) -> list[tuple[str, Node, Column]]:
        out: list[tuple[str, Node, Column]] = []
        for item in selectors.expand(items, self._plan.schema):
            expr = self._bind(item)
            name = output_name(expr.node)
            out.append((name, expr.node, self._column_for(name, expr.node)))
        for name, value in named.items():
            expr = self._bind(value)
            out.append((name, expr.node, self._column_for(name, expr.node)))
        return out

    def _column_for(self, name: str, node: Node) -> Column:
        schema = self._plan.schema
        if isinstance(node, Col) and node.name in schema:
            source = schema[node.name]
            return source if source.name == name else source.renamed(name)
        typed = type_of(node, schema)
        return derived_column(name, typed.dtype, typed.nullable)

    @property
    def logical_plan(self) -> p.PlanNode:
        """The frame's logical plan (immutable ``pydantable.plan`` nodes), the
        input of the engine API (``engine_of``, ``Engine.collect`` ...).

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> t = T({"x": [1, 2]})
            >>> t.filter(t.x > 1).logical_plan.describe()
            'Filter'
        """
        return self._plan

    def pending_checks(self) -> dict[str, list[str]]:
        """The checks materializing this frame still runs on its file scans'
        data (after what Parquet footers prove): ``"cells"`` (columns validated
        cell by cell), ``"nulls"`` and ``"casts"`` (the trusted modes' null and
        lossless-cast checks). Empty lists for in-memory sources.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> T({"x": [1]}).pending_checks()
            {'cells': [], 'nulls': [], 'casts': []}
        """
        found: dict[str, list[str]] = {"cells": [], "nulls": [], "casts": []}
        todo: list[p.PlanNode] = [self._plan]
        while todo:  # bounded: a plan is a finite tree
            node = todo.pop()
            todo.extend(node.inputs())
            checks = getattr(getattr(node, "data", None), "pending_checks", None)
            if not callable(checks):
                continue
            for kind, names in checks().items():
                bucket = found.setdefault(kind, [])
                bucket.extend(n for n in names if n not in bucket)
        return found

    @typing.overload
    def explain(self, *, format: typing.Literal["text"] = "text") -> str: ...

    @typing.overload
    def explain(self, *, format: typing.Literal["json"]) -> dict[str, Any]: ...

    def explain(self, *, format: str = "text") -> str | dict[str, Any]:
        """The logical plan, one step per line, from the source (nothing runs).

        Steps are named in snake_case after the methods that add them
        (``source``, ``filter``, ``with_columns``, ``select``, ``sort`` ...).
        ``format="json"`` gives the same as a dict: ``{"steps": [{"op",
        "detail", "text"}], "columns": {name: annotation}}``.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> t = T({"x": [1, 2]})
            >>> print(t.filter(t.x > 1).with_columns(y=t.x * 2).explain())
            source(engine=polars, rows=2)
            filter
            with_columns(y)
            >>> t.with_columns(y=t.x).explain(format="json")["steps"][1]
            {'op': 'with_columns', 'detail': 'y', 'text': 'with_columns(y)'}
        """
        if format not in ("text", "json"):
            msg = f"explain(format=...) must be 'text' or 'json'; got {format!r}"
            raise ValueError(msg)
        steps = [_step(node.describe()) for node in p.steps(self._plan)]
        if format == "text":
            return "\n".join(step["text"] for step in steps)
        return {
            "steps": steps,
            "columns": {
                c.name: str(c.python_type)
                if not isinstance(c.python_type, type)
                else c.python_type.__name__
                for c in self._plan.schema.columns()
            },
        }


#: Plan steps named after the method that adds them where the node name differs.
_STEP_NAMES = {"FillNullStrategy": "fill_null", "RowIndex": "with_row_index"}


def _step(described: str) -> dict[str, str]:
    """A plan step ``"WithColumns(x, y)"`` as ``{"op": "with_columns",
    "detail": "x, y", "text": "with_columns(x, y)"}``."""
    head, paren, rest = described.partition("(")
    op = _STEP_NAMES.get(head) or re.sub(r"(?<!^)(?=[A-Z])", "_", head).lower()
    detail = rest[:-1] if paren and rest.endswith(")") else rest
    text = f"{op}({detail})" if paren else op
    return {"op": op, "detail": detail, "text": text}
