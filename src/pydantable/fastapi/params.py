"""``columnar_dependency``/``rows_dependency``: a JSON request body as a validated frame.

Both dependencies document the body in OpenAPI with the real cell types but
let the frame's vectorized ingest do the validation (once). Data errors come
back in FastAPI's own shapes:

* invalid cells → 422 ``{"detail": [{"type", "loc", "msg", "input"}]}`` with
  ``loc`` ``["body", <column key as sent>, <row>, ...]`` (columnar) or
  ``["body", <row>, <key>, ...]`` (rows, exactly as ``list[RowModel]`` gives);
* ragged columns → 400 ``{"detail": "All columns must have the same length; ..."}``;
* unknown or missing columns → 422 ``extra_forbidden`` / ``missing`` at
  ``["body", <key>]``.

The dependency functions are synchronous, so FastAPI runs the ingest in its
thread pool rather than on the event loop.
"""

# No ``from __future__ import annotations``: FastAPI reads the annotations of
# the generated dependency functions at runtime.

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import pydantic
from fastapi.exceptions import RequestValidationError
from fastapi.param_functions import Body
from pydantic import PlainValidator, TypeAdapter

from pydantable.errors import ColumnLengthMismatchError, SchemaMismatchError
from pydantable.fastapi.body_models import (
    InputKeyMode,
    ParsedRows,
    attach_frame,
    attached_frame,
    body_columns,
    body_sent_keys,
    columnar_body_model_from_dataframe_model,
    frame_row_model,
    require_list,
)
from pydantable.fastapi.errors import finite_inputs, to_http
from pydantable.fastapi.request.body import BodySpec, register_body_spec
from pydantable.fastapi.request.locations import (
    columnar_errors,
    locate_trusted_columns,
    locate_trusted_rows,
    row_keys,
    rows_errors,
    schema_mismatch_error,
)
from pydantable.frame import BaseFrame
from pydantable.validation.profiles import VALIDATION_PROFILES

__all__ = ["columnar_dependency", "rows_dependency"]

FrameT = TypeVar("FrameT", bound=BaseFrame)
FailureCallback = Callable[[list[dict[str, Any]]], Any]


def _options(
    model: type[BaseFrame],
    *,
    trusted_mode: str | None,
    fill_missing_optional: bool,
    ignore_errors: bool,
    on_validation_errors: FailureCallback | None,
    validation_profile: str | None,
    max_errors: int,
) -> dict[str, Any]:
    options: dict[str, Any] = {
        "trusted_mode": trusted_mode,
        "fill_missing_optional": fill_missing_optional,
        "ignore_errors": ignore_errors,
        "on_validation_errors": on_validation_errors,
        "validation_profile": validation_profile,
        "max_errors": max_errors,
    }
    model(None, **options)  # fail at app definition on bad options, not per request
    return options


def columnar_dependency(
    model: type[FrameT],
    *,
    trusted_mode: str | None = None,
    fill_missing_optional: bool = True,
    ignore_errors: bool = False,
    on_validation_errors: FailureCallback | None = None,
    validation_profile: str | None = None,
    input_key_mode: InputKeyMode = "aliases",
    json_schema_extra: dict[str, Any] | None = None,
    example: Any = None,
    max_errors: int = 100,
    generate_examples: bool = False,
) -> Callable[..., FrameT]:
    """A dependency building ``model`` from a columnar JSON body ``{"col": [...]}``.

    The body is documented by :func:`columnar_body_model_from_dataframe_model`
    (optional columns may be omitted or ``null``); cells are validated by
    ``model(columns, trusted_mode=..., ...)``. Cell errors become a 422 at
    ``["body", <key as sent>, <row>, ...]``, also under the trusted modes
    (which check whole columns: the offending cells are located afterwards);
    ragged columns a 400.

    Args:
        model: the ``DataFrameModel`` (or ``DataFrame[Schema]``) class.
        trusted_mode, fill_missing_optional, ignore_errors, on_validation_errors,
        validation_profile, max_errors: passed to the constructor.
        input_key_mode: ``"aliases"`` (validation alias, else field name),
            ``"python"`` (field names) or ``"both"``.
        json_schema_extra, example: added to the body's JSON Schema
            (``example`` under the key ``example``).
        generate_examples: document an example per column (its field's
            ``examples=``, else a valid value generated from its rules) and an
            example body.

    Example:
        >>> from typing import Annotated
        >>> from fastapi import Depends, FastAPI
        >>> from pydantable import DataFrameModel
        >>> class Users(DataFrameModel):
        ...     id: int
        ...     age: int | None
        >>> app = FastAPI()
        >>> @app.post("/users")
        ... def create(df: Annotated[Users, Depends(columnar_dependency(Users))]):
        ...     return {"rows": df.shape[0]}
    """
    body_model = columnar_body_model_from_dataframe_model(
        model,
        input_key_mode=input_key_mode,
        json_schema_extra=json_schema_extra,
        example=example,
        fill_missing_optional=fill_missing_optional,
        generate_examples=generate_examples,
    )
    options = _options(
        model,
        trusted_mode=trusted_mode,
        fill_missing_optional=fill_missing_optional,
        ignore_errors=ignore_errors,
        on_validation_errors=on_validation_errors,
        validation_profile=validation_profile,
        max_errors=max_errors,
    )
    strict = trusted_mode == "strict"

    def columnar_body(columns: Annotated[body_model, Body()]) -> FrameT:  # type: ignore[valid-type]
        prepared = attached_frame(columns)
        if prepared is not None:
            return prepared  # type: ignore[no-any-return]
        data = body_columns(columns)
        sent = body_sent_keys(columns)
        lengths = {sent.get(name, name): len(values) for name, values in data.items()}
        if len(set(lengths.values())) > 1:  # named by the keys the client sent
            raise to_http(ColumnLengthMismatchError(lengths))
        try:
            return model._from_json_values(data, **options)
        except pydantic.ValidationError as exc:
            errors = columnar_errors(exc.errors(include_url=False), sent)
            raise _invalid(errors) from None
        except ColumnLengthMismatchError as exc:
            raise to_http(exc) from None
        except SchemaMismatchError as exc:
            located = locate_trusted_columns(
                model,
                data,
                strict=strict,
                sent_keys=sent,
                max_errors=max_errors,
            )
            raise _invalid(located or [schema_mismatch_error(exc)]) from None

    def prepare(data: Any) -> Any:
        # the frame alone travels on: the parsed lists are freed right away
        return wrap(columnar_body(body_model.model_validate(data)))

    def wrap(frame: FrameT) -> Any:
        return attach_frame(body_model.model_construct(), frame)

    columnar_body.__qualname__ = f"columnar_dependency({model.__name__})"
    spec = BodySpec(
        kind="columns", model=model, options=options, prepare=prepare, wrap=wrap
    )
    register_body_spec(columnar_body, spec)
    return columnar_body


def rows_dependency(
    model: type[FrameT],
    *,
    trusted_mode: str | None = None,
    fill_missing_optional: bool = True,
    ignore_errors: bool = False,
    on_validation_errors: FailureCallback | None = None,
    validation_profile: str | None = None,
    max_errors: int = 100,
) -> Callable[..., FrameT]:
    """A dependency building ``model`` from a JSON array of row objects.

    OpenAPI documents the body as ``list[model.RowModel]``; the rows are
    validated once, by the frame's ingest. A 422 has the same ``type``,
    ``loc`` (``["body", <row>, <key>, ...]``), ``msg`` and ``input`` as FastAPI
    gives for a ``list[model.RowModel]`` body.

    Example:
        >>> from typing import Annotated
        >>> from fastapi import Depends, FastAPI
        >>> from pydantable import DataFrameModel
        >>> class Users(DataFrameModel):
        ...     id: int
        ...     age: int | None
        >>> app = FastAPI()
        >>> @app.post("/users")
        ... def create(df: Annotated[Users, Depends(rows_dependency(Users))]):
        ...     return {"rows": df.shape[0]}
    """
    row_model = frame_row_model(model)
    aliases = row_keys(row_model)
    row_adapter: TypeAdapter[Any] = TypeAdapter(row_model)
    options = _options(
        model,
        trusted_mode=trusted_mode,
        fill_missing_optional=fill_missing_optional,
        ignore_errors=ignore_errors,
        on_validation_errors=on_validation_errors,
        validation_profile=validation_profile,
        max_errors=max_errors,
    )
    lenient = ignore_errors or bool(
        VALIDATION_PROFILES.get(validation_profile or "", {}).get("ignore_errors")
    )
    strict = trusted_mode == "strict"
    rows_type = Annotated[
        list[Any],
        PlainValidator(require_list, json_schema_input_type=list[row_model]),  # type: ignore[valid-type]
    ]

    def not_objects(rows: list[Any]) -> list[tuple[int, list[dict[str, Any]]]]:
        found: list[tuple[int, list[dict[str, Any]]]] = []
        for i, row in enumerate(rows):
            if type(row) is not dict:
                try:
                    row_adapter.validate_python(row, from_attributes=True)
                except pydantic.ValidationError as exc:
                    found.append((i, [dict(e) for e in exc.errors(include_url=False)]))
        return found

    def rows_body(rows: Annotated[rows_type, Body()]) -> FrameT:
        if isinstance(rows, ParsedRows):
            return rows.frame  # type: ignore[return-value]
        bad = [] if all(type(r) is dict for r in rows) else not_objects(rows)
        index: list[int] | None = None
        data = rows
        if bad:
            skip = {i for i, _ in bad}
            index = [i for i in range(len(rows)) if i not in skip]
            data = [rows[i] for i in index]
        shape_errors = [
            {**e, "loc": ("body", i, *e["loc"])} for i, errors in bad for e in errors
        ]
        kwargs = options
        if bad and lenient:
            kwargs = {
                **options,
                "on_validation_errors": _merged_callback(
                    on_validation_errors, bad, rows, index
                ),
            }
            shape_errors = []
        try:
            frame = model._from_json_values(data, **kwargs)
        except pydantic.ValidationError as exc:
            errors = rows_errors(exc.errors(include_url=False), data, aliases, index)
            raise _invalid(_by_row(shape_errors + errors)) from None
        except SchemaMismatchError as exc:
            located = locate_trusted_rows(
                row_model,
                data,
                strict=strict,
                index=index or range(len(data)),
                max_errors=max_errors,
            )
            errors = located or [schema_mismatch_error(exc)]
            raise _invalid(_by_row(shape_errors + errors)) from None
        if shape_errors:
            raise _invalid(shape_errors)
        if bad and lenient and kwargs["on_validation_errors"] is not None:
            kwargs["on_validation_errors"].flush()
        return frame

    def prepare(data: Any) -> Any:
        if not isinstance(data, list):
            error = {"type": "list_type", "loc": ("body",), "input": data}
            raise RequestValidationError(
                [{**error, "msg": "Input should be a valid list"}]
            )
        return ParsedRows(rows_body(data))

    rows_body.__qualname__ = f"rows_dependency({model.__name__})"
    spec = BodySpec(
        kind="rows", model=model, options=options, prepare=prepare, wrap=ParsedRows
    )
    register_body_spec(rows_body, spec)
    return rows_body


def _invalid(errors: list[dict[str, Any]]) -> RequestValidationError:
    """FastAPI's 422 for ``errors`` (a ``NaN`` input as its token: writable)."""
    return RequestValidationError(finite_inputs(errors))


def _by_row(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Errors in body order (by row, stable), as Pydantic reports a list."""

    def row(error: dict[str, Any]) -> int:
        loc = error.get("loc", ())
        return loc[1] if len(loc) > 1 and isinstance(loc[1], int) else -1

    return sorted(errors, key=row)


class _MergedFailures:
    """Collects ingest failures of the object rows and reports them, together with
    the non-object rows, in one ``on_validation_errors`` call (body positions)."""

    def __init__(
        self,
        callback: FailureCallback,
        bad: list[tuple[int, list[dict[str, Any]]]],
        rows: list[Any],
        index: list[int],
    ) -> None:
        self.callback = callback
        self.index = index
        self.failures: list[dict[str, Any]] = [
            {"row_index": i, "row": rows[i], "errors": errors} for i, errors in bad
        ]

    def __call__(self, failures: list[dict[str, Any]]) -> None:
        for failure in failures:
            self.failures.append(
                {**failure, "row_index": self.index[failure["row_index"]]}
            )

    def flush(self) -> None:
        self.callback(sorted(self.failures, key=lambda f: int(f["row_index"])))


def _merged_callback(
    callback: FailureCallback | None,
    bad: list[tuple[int, list[dict[str, Any]]]],
    rows: list[Any],
    index: list[int] | None,
) -> _MergedFailures | None:
    if callback is None:
        return None
    return _MergedFailures(callback, bad, rows, index or [])
