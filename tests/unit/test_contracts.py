"""``pydantable.contracts``: Polars/Arrow schemas, model source inference, schema diffs."""

from __future__ import annotations

import datetime as dt
import enum
import json
import uuid
from decimal import Decimal
from typing import Annotated, Any, Literal

import annotated_types
import polars as pl
import pyarrow as pa
import pydantic
import pytest
from pydantic import Field

import pydantable
from pydantable import DataFrameModel, SchemaDiff, infer_model


class Geo(pydantic.BaseModel):
    lat: float
    label: str | None


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Wide(DataFrameModel):
    id: int
    ratio: float | None
    ok: bool
    name: str
    raw: bytes | None
    day: dt.date
    at: dt.datetime
    aware: pydantic.AwareDatetime
    paris: Annotated[dt.datetime, annotated_types.Timezone("Europe/Paris")] | None
    clock: dt.time
    span: dt.timedelta
    price: Annotated[Decimal, Field(max_digits=10, decimal_places=2)]
    plain: Decimal
    key: uuid.UUID
    color: Color
    status: Literal["a", "b"]
    geo: Geo | None
    tags: list[str | None]
    nested: list[list[int]]
    attrs: dict[str, int | None]


def _wide() -> Wide:
    return Wide(
        [
            {
                "id": 1,
                "ratio": None,
                "ok": True,
                "name": "x",
                "raw": b"\x01",
                "day": dt.date(2024, 1, 2),
                "at": dt.datetime(2024, 1, 2, 3, 4),
                "aware": dt.datetime(2024, 1, 2, tzinfo=dt.timezone.utc),
                "paris": None,
                "clock": dt.time(1, 2),
                "span": dt.timedelta(seconds=3),
                "price": Decimal("12.50"),
                "plain": Decimal("1.5"),
                "key": uuid.UUID(int=1),
                "color": Color.RED,
                "status": "a",
                "geo": {"lat": 1.0, "label": None},
                "tags": ["t", None],
                "nested": [[1], []],
                "attrs": {"k": None},
            }
        ]
    )


def test_polars_schema_is_the_stored_frame_schema() -> None:
    schema = Wide.to_polars_schema()
    assert isinstance(schema, pl.Schema)
    assert schema == _wide().to_polars().schema
    assert schema["price"] == pl.Decimal(10, 2)
    assert schema["plain"] == pl.Decimal(38, 9)
    assert schema["paris"] == pl.Datetime("us", "Europe/Paris")
    assert schema["status"] == pl.String


def test_arrow_schema_types_and_nullability() -> None:
    schema = Wide.to_arrow_schema()
    assert isinstance(schema, pa.Schema)
    nullable = {f.name for f in schema if f.nullable}
    assert nullable == {"ratio", "raw", "paris", "geo"}
    assert schema.field("price").type == pa.decimal128(10, 2)
    assert schema.field("aware").type == pa.timestamp("us", tz="UTC")
    assert schema.field("paris").type == pa.timestamp("us", tz="Europe/Paris")
    assert schema.field("at").type == pa.timestamp("us")
    assert schema.field("span").type == pa.duration("us")
    assert schema.field("clock").type == pa.time64("ns")
    geo = schema.field("geo").type
    assert pa.types.is_struct(geo)
    assert not geo.field("lat").nullable
    assert geo.field("label").nullable
    tags = schema.field("tags").type
    assert pa.types.is_large_list(tags)
    assert tags.value_field.nullable
    assert not schema.field("nested").type.value_type.value_field.nullable
    attrs = schema.field("attrs").type
    assert pa.types.is_map(attrs)
    assert attrs.key_type == pa.large_string()
    assert attrs.item_field.nullable


def test_arrow_schema_matches_to_arrow_except_nullability_and_maps() -> None:
    ours = Wide.to_arrow_schema()
    produced = _wide().to_arrow().schema
    for field in ours:
        if field.name == "attrs":
            continue  # Polars exports maps as lists of key/value structs
        assert produced.field(field.name).type.equals(
            field.type, check_metadata=False
        ) or (
            # nested fields: same types, Polars marks every child nullable
            str(produced.field(field.name).type).replace(" not null", "")
            == str(field.type).replace(" not null", "")
        ), field.name


def test_a_table_of_the_arrow_schema_is_ingested() -> None:
    table = _wide().to_arrow()
    typed = pa.Table.from_pylist(table.to_pylist(), schema=Wide.to_arrow_schema())
    assert Wide(typed).to_dicts() == _wide().to_dicts()


# -- infer_from ---------------------------------------------------------------------


def _exec_model(code: str, name: str) -> Any:
    namespace: dict[str, Any] = {}
    exec(compile(code, "<inferred>", "exec"), namespace)  # the generated code
    return namespace[name]


def test_inferred_code_execs_into_a_model_accepting_the_frame() -> None:
    df = pl.DataFrame(
        {
            "id": pl.Series([1, 2], dtype=pl.UInt16),
            "score": pl.Series([0.5, None], dtype=pl.Float32),
            "name": ["a", "b"],
            "kind": pl.Series(["x", "y"], dtype=pl.Categorical),
            "flag": [True, None],
            "raw": [b"\x00", b"\x01"],
            "day": [dt.date(2024, 1, 1), None],
            "clock": [dt.time(1), dt.time(2)],
            "at": [dt.datetime(2024, 1, 1), dt.datetime(2024, 1, 2)],
            "paris": pl.Series(
                [dt.datetime(2024, 1, 1), None], dtype=pl.Datetime("us", "Europe/Paris")
            ),
            "span": [dt.timedelta(1), dt.timedelta(2)],
            "price": pl.Series([Decimal("1.25"), None], dtype=pl.Decimal(8, 2)),
            "tags": [["a", None], []],
            "grid": [[[1]], [[2, 3]]],
            "geo": [{"lat": 1.0, "label": None}, {"lat": 2.0, "label": "b"}],
            "points": [[{"x": 1}], []],
            "empty": [None, None],
        }
    )
    code = DataFrameModel.infer_from(df, name="Sample")
    model = _exec_model(code, "Sample")
    assert issubclass(model, DataFrameModel)
    assert model.column_names() == df.columns
    schema = model.__pydantable_schema__
    nullable = {name for name in schema if schema[name].nullable}
    assert nullable == {"score", "flag", "day", "paris", "price", "empty"}
    assert repr(schema["price"].dtype) == "Decimal(8, 2)"
    assert schema["paris"].dtype.tz == "Europe/Paris"
    assert schema["tags"].dtype.inner_nullable
    assert not schema["grid"].dtype.inner.inner_nullable
    assert "label: str | None" in code
    assert "empty: str | None  # only nulls" in code
    frame = model(df)
    assert frame.to_polars()["name"].to_list() == ["a", "b"]
    assert frame.to_polars()["geo"].to_list() == df["geo"].to_list()
    assert frame.to_polars().height == 2


def test_literals_are_inferred_only_on_request() -> None:
    df = pl.DataFrame({"status": ["open", "closed", "open"]})
    assert "status: str" in infer_model(df)
    code = infer_model(df, literals=True)
    assert 'status: Literal["closed", "open"]' in code
    model = _exec_model(code, "Inferred")
    model(df)
    with pytest.raises(pydantic.ValidationError):
        model({"status": ["other"]})


def test_infer_rejects_what_it_cannot_write() -> None:
    with pytest.raises(TypeError, match=r"takes a polars\.DataFrame"):
        infer_model({"a": [1]})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="column name 'a b' is not a public Python"):
        infer_model(pl.DataFrame({"a b": [1]}))
    with pytest.raises(ValueError, match="model name 'class'"):
        infer_model(pl.DataFrame({"a": [1]}), name="class")
    with pytest.raises(TypeError, match="no column type for Polars dtype"):
        infer_model(
            pl.DataFrame({"a": pl.Series([[1, 2]], dtype=pl.Array(pl.Int64, 2))})
        )


def test_infer_model_is_exported_at_top_level() -> None:
    assert pydantable.infer_model is infer_model
    df = pl.DataFrame({"x": [1]})
    assert infer_model(df) == DataFrameModel.infer_from(df)


# -- diff -----------------------------------------------------------------------------


def _diff(old: Any, new: Any, **kwargs: Any) -> SchemaDiff:
    class Old(DataFrameModel):
        __annotations__ = {"id": int, **old}

    class New(DataFrameModel):
        __annotations__ = {"id": int, **new}

    return Old.diff(New, **kwargs)


def _labels(d: SchemaDiff) -> list[tuple[str, str, str, str]]:
    return [(c.column, c.kind, c.request, c.response) for c in d.changes]


#: One case per rule of the SchemaDiff table: (old columns, new columns, request, response).
RULES: list[tuple[str, dict[str, Any], dict[str, Any], str, str]] = [
    ("optional column added", {}, {"x": int | None}, "additive", "additive"),
    ("required column added", {}, {"x": int}, "breaking", "additive"),
    ("column removed", {"x": int}, {}, "breaking", "breaking"),
    ("int widened to float", {"x": int}, {"x": float}, "additive", "breaking"),
    ("float narrowed to int", {"x": float}, {"x": int}, "breaking", "additive"),
    ("made nullable", {"x": int}, {"x": int | None}, "additive", "breaking"),
    ("made non-nullable", {"x": int | None}, {"x": int}, "breaking", "additive"),
    (
        "Literal set grown",
        {"x": Literal["a"]},
        {"x": Literal["a", "b"]},
        "additive",
        "breaking",
    ),
    (
        "Literal set shrunk",
        {"x": Literal["a", "b"]},
        {"x": Literal["a"]},
        "breaking",
        "additive",
    ),
    ("str to Literal", {"x": str}, {"x": Literal["a"]}, "breaking", "additive"),
    ("Literal to str", {"x": Literal["a"]}, {"x": str}, "additive", "breaking"),
    (
        "Enum to Literal of its values",
        {"x": Color},
        {"x": Literal["red", "blue"]},
        "",
        "",
    ),
    ("int to str", {"x": int}, {"x": str}, "breaking", "breaking"),
    (
        "bound tightened",
        {"x": Annotated[int, Field(ge=0)]},
        {"x": Annotated[int, Field(gt=0)]},
        "breaking",
        "additive",
    ),
    (
        "bound relaxed",
        {"x": Annotated[int, Field(le=10)]},
        {"x": Annotated[int, Field(le=20)]},
        "additive",
        "breaking",
    ),
    (
        "bound added",
        {"x": int},
        {"x": Annotated[int, Field(lt=5)]},
        "breaking",
        "additive",
    ),
    (
        "bound dropped",
        {"x": Annotated[int, Field(lt=5)]},
        {"x": int},
        "additive",
        "breaking",
    ),
    (
        "one bound tightened, the other relaxed",
        {"x": Annotated[int, Field(ge=0, le=10)]},
        {"x": Annotated[int, Field(ge=1, le=20)]},
        "breaking",
        "breaking",
    ),
    (
        "max_length tightened",
        {"x": Annotated[str, Field(max_length=10)]},
        {"x": Annotated[str, Field(max_length=5)]},
        "breaking",
        "additive",
    ),
    (
        "min_length relaxed",
        {"x": Annotated[str, Field(min_length=3)]},
        {"x": Annotated[str, Field(min_length=1)]},
        "additive",
        "breaking",
    ),
    (
        "pattern added",
        {"x": str},
        {"x": Annotated[str, Field(pattern="^a")]},
        "breaking",
        "additive",
    ),
    (
        "pattern changed",
        {"x": Annotated[str, Field(pattern="^a")]},
        {"x": Annotated[str, Field(pattern="^b")]},
        "breaking",
        "breaking",
    ),
    (
        "Decimal widened",
        {"x": Annotated[Decimal, Field(max_digits=5, decimal_places=2)]},
        {"x": Annotated[Decimal, Field(max_digits=10, decimal_places=2)]},
        "additive",
        "breaking",
    ),
    (
        "list items made nullable",
        {"x": list[int]},
        {"x": list[int | None]},
        "additive",
        "breaking",
    ),
    ("struct changed", {"x": Geo}, {"x": dict[str, int]}, "breaking", "breaking"),
]


@pytest.mark.parametrize(
    ("old", "new", "request_", "response"),
    [pytest.param(o, n, q, r, id=i) for i, o, n, q, r in RULES],
)
def test_each_rule_of_the_table(
    old: dict[str, Any], new: dict[str, Any], request_: str, response: str
) -> None:
    d = _diff(old, new)
    if not request_:  # the same value set: no change
        assert _labels(d) == []
        assert not d.is_breaking
        return
    ((column, _, got_request, got_response),) = _labels(d)
    assert (column, got_request, got_response) == ("x", request_, response)
    both = "breaking" if "breaking" in (request_, response) else "additive"
    assert d.changes[0].label == both
    assert d.is_breaking == (both == "breaking")
    assert _diff(old, new, direction="request").is_breaking == (request_ == "breaking")
    assert _diff(old, new, direction="response").is_breaking == (response == "breaking")


def test_defaults_count_for_writers() -> None:
    class Old(DataFrameModel):
        id: int

    class WithDefault(DataFrameModel):
        id: int
        region: str = "eu"

    added = Old.diff(WithDefault)
    assert _labels(added) == [("region", "added", "additive", "additive")]

    class NoDefault(DataFrameModel):
        id: int
        region: str

    d = WithDefault.diff(NoDefault)
    assert _labels(d) == [("region", "changed", "breaking", "additive")]
    assert d.changes[0].detail == "default removed"
    back = NoDefault.diff(WithDefault)
    assert _labels(back) == [("region", "changed", "additive", "additive")]
    assert not back.is_breaking


def test_structs_compare_by_fields_not_by_model_class() -> None:
    class GeoCopy(pydantic.BaseModel):  # an old release's copy of Geo
        lat: float
        label: str | None

    class GeoStrict(pydantic.BaseModel):
        lat: float
        label: str

    class GeoRenamed(pydantic.BaseModel):
        lat: float
        name: str | None

    assert _labels(_diff({"x": Geo}, {"x": GeoCopy})) == []
    assert _labels(_diff({"x": Geo}, {"x": GeoStrict})) == [
        ("x", "changed", "breaking", "additive")
    ]
    assert _labels(_diff({"x": GeoStrict}, {"x": Geo})) == [
        ("x", "changed", "additive", "breaking")
    ]
    assert _labels(_diff({"x": Geo}, {"x": GeoRenamed})) == [
        ("x", "changed", "breaking", "breaking")
    ]
    assert _labels(_diff({"x": list[Geo]}, {"x": list[GeoCopy]})) == []


def test_identical_models_have_no_changes() -> None:
    d = Wide.diff(Wide)
    assert not d
    assert d.changes == ()
    assert not d.is_breaking
    assert str(d) == "Wide -> Wide (direction: both): no changes"


def test_str_and_to_dict() -> None:
    class V1(DataFrameModel):
        id: int
        name: str
        age: int | None

    class V2(DataFrameModel):
        id: float
        age: int | None
        email: str | None

    d = V1.diff(V2)
    assert [c.column for c in d.removed] == ["name"]
    assert [c.column for c in d.added] == ["email"]
    assert [c.column for c in d.changed] == ["id"]
    text = str(d).splitlines()
    assert text[0] == "V1 -> V2 (direction: both)"
    assert text[1].split() == [
        "column",
        "change",
        "label",
        "request",
        "response",
        "detail",
    ]
    assert text[2].split()[:5] == [
        "name",
        "removed",
        "breaking",
        "breaking",
        "breaking",
    ]
    assert text[-1] == "3 change(s): BREAKING"
    data = d.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["is_breaking"] is True
    assert data["changes"][1] == {
        "column": "id",
        "kind": "changed",
        "old": "Int64",
        "new": "Float64",
        "detail": "type Int64 -> Float64",
        "request": "additive",
        "response": "breaking",
        "label": "breaking",
    }


def test_diff_errors() -> None:
    with pytest.raises(TypeError, match="takes a DataFrameModel subclass"):
        Wide.diff(int)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="direction must be one of"):
        Wide.diff(Wide, direction="sideways")


def test_diff_takes_a_dataframe_schema_class() -> None:
    from pydantable import DataFrame, Schema

    class Row(Schema):
        id: int
        extra: str | None

    class Old(DataFrameModel):
        id: int

    d = Old.diff(DataFrame[Row])
    assert _labels(d) == [("extra", "added", "additive", "additive")]
