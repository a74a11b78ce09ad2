"""Constructor behaviours of the original pydantable kept for its users (§2.14):
row input forms, non-mapping rows, wording of the ingest errors, the drift
warning switch and ``ColumnLengthMismatchError`` built from a message."""

from __future__ import annotations

import datetime as dt
import warnings
from typing import Any

import polars as pl
import pydantic
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pydantable import DataFrameModel, DtypeDriftWarning
from pydantable.errors import (
    ColumnLengthMismatchError,
    PydantableUserError,
    SchemaMismatchError,
)
from pydantable.fastapi import columnar_dependency, register_exception_handlers


class User(DataFrameModel):
    id: int
    name: str | None


# -- row input -------------------------------------------------------------------------


def test_rows_mix_row_models_and_dicts() -> None:
    row = User.row_model()(id=1, name="a")
    assert User([row, {"id": 2}]).to_dict() == {"id": [1, 2], "name": ["a", None]}
    assert User([{"id": 2}, row]).to_dict() == {"id": [2, 1], "name": [None, "a"]}


def test_mixed_rows_are_still_validated() -> None:
    row = User.row_model()(id=1, name="a")
    with pytest.raises(ValueError, match=r"int_parsing|valid integer"):
        User([row, {"id": "x"}])


def test_non_mapping_row_is_a_type_error() -> None:
    with pytest.raises(
        TypeError,
        match=r"Row input must be a sequence of mapping objects or Pydantic models\.",
    ):
        User([{"id": 1}, 5])
    with pytest.raises(TypeError, match="Row input must be a sequence of mapping"):
        User([("id", 1)])


def test_non_mapping_rows_are_reported_and_skipped_under_ignore_errors() -> None:
    failures: list[dict[str, Any]] = []
    rows: list[Any] = [{"id": 1}, 5, {"id": "x"}, "text", {"id": 4, "name": "d"}]
    frame = User(rows, ignore_errors=True, on_validation_errors=failures.extend)
    assert frame.to_dict() == {"id": [1, 4], "name": [None, "d"]}
    assert [f["row_index"] for f in failures] == [1, 2, 3]
    assert failures[0]["row"] == {"_raw_row": 5}
    assert failures[2]["row"] == {"_raw_row": "text"}
    assert failures[1]["row"] == {"id": "x"}
    assert failures[0]["errors"][0]["type"] == "model_type"
    assert failures[1]["errors"][0]["type"] == "int_parsing"
    assert rows[1] == 5  # nothing mutated
    assert rows[2] == {"id": "x"}


def test_only_non_mapping_rows_give_an_empty_frame() -> None:
    failures: list[dict[str, Any]] = []
    frame = User([1, 2], ignore_errors=True, on_validation_errors=failures.extend)
    assert frame.to_dict() == {"id": [], "name": []}
    assert [f["row"] for f in failures] == [{"_raw_row": 1}, {"_raw_row": 2}]


def test_non_mapping_rows_skipped_without_callback() -> None:
    assert User([7, {"id": 1}], ignore_errors=True).to_dict() == {
        "id": [1],
        "name": [None],
    }


# -- wording ---------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "kind"), [("id", "str"), (b"id", "bytes")])
def test_text_input_names_the_columnar_form(data: Any, kind: str) -> None:
    with pytest.raises(
        TypeError,
        match=rf"not {kind}\. For columnar data use a mapping `\{{column: list\}}`\.",
    ):
        User(data)


def test_missing_optional_column_configured_as_error() -> None:
    with pytest.raises(
        ValueError,
        match=r"Missing optional columns \(configured as error\): \['name'\]",
    ):
        User({"id": [1]}, fill_missing_optional=False)
    with pytest.raises(ValueError, match=r"Missing required columns: \['id'\]"):
        User({"name": ["a"]}, fill_missing_optional=False)


@pytest.mark.parametrize("mode", [None, "shape_only", "strict"])
def test_polars_columns_must_match(mode: str | None) -> None:
    with pytest.raises(
        ValueError,
        match=(
            r"Polars DataFrame columns must match schema columns exactly; "
            r"expected=\['id', 'name'\], missing=\[\], extra=\['zip'\]"
        ),
    ):
        User(pl.DataFrame({"id": [1], "name": ["a"], "zip": [1]}), trusted_mode=mode)
    with pytest.raises(
        SchemaMismatchError,
        match=r"must match schema columns exactly; .*missing=\['id'\], extra=\[\]",
    ):
        User(pl.DataFrame({"name": ["a"]}), trusted_mode=mode)
    with pytest.raises(SchemaMismatchError, match=r"missing=\['name'\]"):
        User(pl.DataFrame({"id": [1]}), trusted_mode=mode, fill_missing_optional=False)


def test_polars_missing_optional_column_is_filled() -> None:
    frame = User(pl.DataFrame({"id": [1]}), trusted_mode="shape_only")
    assert frame.to_dict() == {"id": [1], "name": [None]}


@pytest.mark.parametrize("mode", ["shape_only", "strict"])
def test_non_nullable_wording(mode: str) -> None:
    with pytest.raises(
        ValueError,
        match=r"Column 'id' is non-nullable in schema but contains null values\.?",
    ):
        User(pl.DataFrame({"id": [1, None], "name": ["a", "b"]}), trusted_mode=mode)
    with pytest.raises(ValueError, match="is non-nullable in schema"):
        User({"id": [None], "name": ["a"]}, trusted_mode=mode)


def test_strict_wording() -> None:
    with pytest.raises(
        ValueError,
        match=(
            r"Column 'id' is incompatible with schema annotation <class 'int'> "
            r"in strict trusted mode\."
        ),
    ):
        User({"id": ["1"], "name": ["a"]}, trusted_mode="strict")
    with pytest.raises(ValueError, match="in strict trusted mode"):
        User(pl.DataFrame({"id": ["1"], "name": ["a"]}), trusted_mode="strict")


# -- PYDANTABLE_SUPPRESS_SHAPE_ONLY_DRIFT_WARNINGS ---------------------------------------


def _drifting() -> User:
    return User(
        pl.DataFrame({"id": [1.0], "name": ["a"]}),
        trusted_mode="shape_only",
    )


def test_drift_warning_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYDANTABLE_SUPPRESS_SHAPE_ONLY_DRIFT_WARNINGS", raising=False)
    with pytest.warns(DtypeDriftWarning, match="'id'"):
        _drifting()


@pytest.mark.parametrize("value", ["1", "true", "yes", "TRUE", "Yes"])
def test_drift_warning_suppressed(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("PYDANTABLE_SUPPRESS_SHAPE_ONLY_DRIFT_WARNINGS", value)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _drifting().to_dict() == {"id": [1], "name": ["a"]}


@pytest.mark.parametrize("value", ["0", "no", ""])
def test_drift_warning_not_suppressed(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("PYDANTABLE_SUPPRESS_SHAPE_ONLY_DRIFT_WARNINGS", value)
    with pytest.warns(DtypeDriftWarning):
        _drifting()


# -- ColumnLengthMismatchError -----------------------------------------------------------


def test_column_length_mismatch_from_message() -> None:
    err = ColumnLengthMismatchError("columns are ragged")
    assert str(err) == "columns are ragged"
    assert err.lengths == {}
    assert isinstance(err, PydantableUserError)
    assert isinstance(err, ValueError)
    with pytest.raises(ColumnLengthMismatchError, match="ragged"):
        raise err


def test_column_length_mismatch_from_lengths() -> None:
    err = ColumnLengthMismatchError({"a": 2, "b": 3})
    assert err.lengths == {"a": 2, "b": 3}
    assert str(err).startswith("All columns must have the same length; got [2, 3]")
    with pytest.raises(ColumnLengthMismatchError, match=r"got \[1, 2\]"):
        User({"id": [1, 2], "name": ["a"]})


def test_column_length_mismatch_message_maps_to_400() -> None:
    app = FastAPI()
    register_exception_handlers(app)

    @app.get("/ragged")
    def ragged() -> None:
        raise ColumnLengthMismatchError("columns differ in length")

    @app.post("/users")
    def users(df: User = columnar_dependency(User)) -> dict[str, Any]:  # noqa: B008
        return df.to_dict()

    client = TestClient(app)
    answer = client.get("/ragged")
    assert answer.status_code == 400
    assert answer.json() == {"detail": "columns differ in length"}
    assert client.post("/users", json={"id": [1, 2], "name": ["a"]}).status_code == 400


# -- timezone-aware values for a plain datetime column (decision in §3) -------------------

_PLUS2 = dt.timezone(dt.timedelta(hours=2))


class Stamp(DataFrameModel):
    at: dt.datetime


class NaiveStamp(DataFrameModel):
    at: pydantic.NaiveDatetime


@pytest.mark.parametrize("mode", ["off", "shape_only", "strict"])
@pytest.mark.parametrize("n", [1, 30_000])
def test_aware_values_of_a_plain_datetime_are_stored_as_utc(mode: str, n: int) -> None:
    aware = dt.datetime(2024, 1, 1, 12, tzinfo=_PLUS2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a valid value: no drift warning
        frame = Stamp({"at": [aware] * n}, trusted_mode=mode)
    assert frame.head(1).to_dict() == {"at": [dt.datetime(2024, 1, 1, 10)]}
    polars_input = pl.DataFrame({"at": [aware]})
    assert Stamp(polars_input, trusted_mode=mode).to_dict() == {
        "at": [dt.datetime(2024, 1, 1, 10)]
    }


def test_aware_values_mixed_with_naive_and_as_text() -> None:
    frame = Stamp(
        {
            "at": [
                dt.datetime(2024, 1, 1, 12, tzinfo=_PLUS2),
                dt.datetime(2024, 1, 1, 12),
                "2024-01-01T12:00:00Z",
            ]
        }
    )
    assert frame.to_dict() == {
        "at": [
            dt.datetime(2024, 1, 1, 10),
            dt.datetime(2024, 1, 1, 12),
            dt.datetime(2024, 1, 1, 12),
        ]
    }
    row = Stamp.RowModel(at="2024-01-01T12:00:00+02:00")
    assert row.at == dt.datetime(2024, 1, 1, 10)  # type: ignore[attr-defined]
    assert Stamp([{"at": "2024-01-01T12:00:00+02:00"}]).to_dict() == {
        "at": [dt.datetime(2024, 1, 1, 10)]
    }


def test_naive_datetime_annotation_keeps_refusing_aware_values() -> None:
    aware = dt.datetime(2024, 1, 1, 12, tzinfo=_PLUS2)
    with pytest.raises(pydantic.ValidationError) as info:
        NaiveStamp({"at": [aware]})
    assert info.value.errors()[0]["type"] == "timezone_naive"
    with pytest.raises(ValueError, match="in strict trusted mode"):
        NaiveStamp({"at": [aware]}, trusted_mode="strict")


def test_an_aware_value_in_a_plain_column_is_reported_as_given() -> None:
    import datetime as _dtm

    import polars as _pl
    import pydantic as _pd

    from pydantable import DataFrameModel as _Model

    class Window(_Model):
        at: _dtm.datetime = _pd.Field(le=_dtm.datetime(2030, 1, 1, 12))

    late = _dtm.datetime(2030, 1, 2, tzinfo=_dtm.timezone.utc)
    source = _pl.DataFrame({"at": [late]})
    with pytest.raises(_pd.ValidationError) as info:
        Window(source)
    error = info.value.errors()[0]
    assert error["type"] == "less_than_equal"
    assert error["input"].tzinfo is not None  # the caller's value, not its UTC time
    assert error["input"] == late


def test_utc_aliases_are_not_drift() -> None:
    import datetime as _dtm
    import warnings as _warnings

    import polars as _pl
    import pydantic as _pd

    from pydantable import DataFrameModel as _Model
    from pydantable.errors import DtypeDriftWarning

    class Stamp(_Model):
        at: _pd.AwareDatetime

    naive = _pl.Series([_dtm.datetime(2024, 1, 1)])
    etc = _pl.DataFrame({"at": naive.dt.replace_time_zone("Etc/UTC")})
    with _warnings.catch_warnings():
        _warnings.simplefilter("error")
        assert Stamp(etc, trusted_mode="shape_only").height == 1  # PostgreSQL's name
    paris = _pl.DataFrame({"at": naive.dt.replace_time_zone("Europe/Paris")})
    with pytest.warns(DtypeDriftWarning, match="Europe/Paris"):
        Stamp(paris, trusted_mode="shape_only")
