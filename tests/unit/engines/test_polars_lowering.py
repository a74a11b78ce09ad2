"""Lowering of dtypes, expressions and plans to Polars (``engines/polars.py``)."""

from __future__ import annotations

import datetime as dt
import enum
import ipaddress
import uuid
import zoneinfo
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pydantable import dtypes as d
from pydantable import plan as p
from pydantable.engines.polars import (
    core,
    literal_value,
    lower_expr,
    lower_plan,
    polars_schema,
    register_lowering,
    to_polars_dtype,
)
from pydantable.expressions import catalog
from pydantable.expressions import nodes as n
from pydantable.expressions.infer import NULL, Typed, register_function
from pydantable.schema import FrameSchema, derived_column


class Size(enum.Enum):
    S = "s"
    M = "m"


class Level(enum.IntEnum):
    LOW = 1


@pytest.mark.parametrize(
    ("dtype", "polars_dtype"),
    [
        (d.Int64(), pl.Int64()),
        (d.Float64(), pl.Float64()),
        (d.Boolean(), pl.Boolean()),
        (d.String(), pl.String()),
        (d.Binary(), pl.Binary()),
        (d.Date(), pl.Date()),
        (d.Time(), pl.Time()),
        (d.Duration(), pl.Duration("us")),
        (d.Datetime(), pl.Datetime("us")),
        (d.Datetime("Europe/Paris"), pl.Datetime("us", "Europe/Paris")),
        (d.Decimal(), pl.Decimal(38, 9)),
        (d.Decimal(10, 2), pl.Decimal(10, 2)),
        (d.UUID(), pl.String()),
        (d.IPv4(), pl.String()),
        (d.IPv6(), pl.String()),
        (d.Enum(Size), pl.String()),
        (d.Enum(Level), pl.Int64()),
        (d.Literal(("a",)), pl.String()),
        (d.Literal((1, 2)), pl.Int64()),
        (d.Literal((True,)), pl.Boolean()),
        (d.List(d.Int64(), inner_nullable=True), pl.List(pl.Int64())),
        (d.List(d.List(d.String())), pl.List(pl.List(pl.String()))),
        (
            d.Struct(
                (d.StructField("a", d.Int64()), d.StructField("b", d.Date(), True))
            ),
            pl.Struct({"a": pl.Int64(), "b": pl.Date()}),
        ),
        (
            d.Map(d.Float64()),
            pl.List(pl.Struct({"key": pl.String(), "value": pl.Float64()})),
        ),
    ],
)
def test_to_polars_dtype(dtype: d.DType, polars_dtype: pl.DataType) -> None:
    assert to_polars_dtype(dtype) == polars_dtype


def test_polars_schema_keeps_order() -> None:
    schema = FrameSchema(
        [derived_column("z", d.Int64(), False), derived_column("a", d.UUID(), True)]
    )
    assert polars_schema(schema) == pl.Schema({"z": pl.Int64(), "a": pl.String()})
    assert list(polars_schema(schema)) == ["z", "a"]


@pytest.mark.parametrize(
    ("value", "dtype", "stored"),
    [
        (None, d.Int64(), None),
        (Size.M, d.Enum(Size), "m"),
        (uuid.UUID(int=1), d.UUID(), "00000000-0000-0000-0000-000000000001"),
        (ipaddress.IPv4Address("1.2.3.4"), d.IPv4(), "1.2.3.4"),
        (3, d.Int64(), 3),
    ],
)
def test_literal_value(value: Any, dtype: d.DType, stored: Any) -> None:
    assert literal_value(value, dtype) == stored


def test_aware_literal_converted_to_column_zone() -> None:
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    utc_value = dt.datetime(2024, 1, 1, 12, tzinfo=dt.timezone.utc)
    stored = literal_value(utc_value, d.Datetime("Europe/Paris"))
    assert stored == utc_value
    assert stored.tzinfo == paris
    out = pl.select(
        lower_expr(n.Lit(utc_value, d.Datetime("Europe/Paris")), {}).alias("x")
    )
    assert out.schema["x"] == pl.Datetime("us", "Europe/Paris")
    assert out["x"][0] == utc_value


def test_aware_column_compared_with_literal_in_another_zone() -> None:
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    schema = {"at": derived_column("at", d.Datetime("Europe/Paris"), False)}
    frame = pl.DataFrame(
        {
            "at": [
                dt.datetime(2024, 1, 1, 12, tzinfo=paris),
                dt.datetime(2024, 1, 1, 14, tzinfo=paris),
            ]
        },
        schema={"at": pl.Datetime("us", "Europe/Paris")},
    )
    literal = n.Lit(
        dt.datetime(2024, 1, 1, 12, tzinfo=dt.timezone.utc), d.Datetime("Europe/Paris")
    )
    out = frame.select(
        lower_expr(n.Binary("lt", n.Col("at"), literal), schema).alias("o")
    )
    assert out["o"].to_list() == [True, False]  # 12:00 Paris == 11:00 UTC


def test_untyped_null_literal() -> None:
    out = pl.select(lower_expr(n.Lit(None, NULL), {}).alias("x"))
    assert out["x"].to_list() == [None]
    typed = pl.select(lower_expr(n.Lit(None, d.Date()), {}).alias("x"))
    assert typed.schema["x"] == pl.Date


# -- expressions -------------------------------------------------------------------

SCHEMA = {
    "a": derived_column("a", d.Int64(), False),
    "b": derived_column("b", d.Int64(), True),
    "x": derived_column("x", d.Float64(), False),
    "s": derived_column("s", d.String(), True),
}
RAW = pl.DataFrame(
    {"a": [3, -7, 0], "b": [2, None, 5], "x": [0.5, 2.0, -1.0], "s": ["p", None, "q"]},
    schema=polars_schema(SCHEMA),
)


@pytest.mark.parametrize(
    ("node", "reference"),
    [
        (n.Binary("truediv", n.Col("a"), n.Col("b")), pl.col("a") / pl.col("b")),
        (n.Binary("floordiv", n.Col("a"), n.Col("b")), pl.col("a") // pl.col("b")),
        (n.Binary("add", n.Col("a"), n.Col("x")), pl.col("a") + pl.col("x")),
        (n.Binary("pow", n.Col("a"), n.Lit(2, d.Int64())), pl.col("a").pow(2)),
        (
            n.Binary(
                "or",
                n.Binary("gt", n.Col("a"), n.Lit(0, d.Int64())),
                n.Lit(False, d.Boolean()),
            ),
            pl.col("a") > 0,
        ),
        (n.Unary("abs", n.Col("a")), pl.col("a").abs()),
        (n.Unary("neg", n.Col("x")), -pl.col("x")),
        (n.Cast(n.Col("a"), d.String()), pl.col("a").cast(pl.String)),
        (n.Call("is_null", (n.Col("s"),)), pl.col("s").is_null()),
        (
            n.Call("fill_null", (n.Col("b"), n.Col("a"))),
            pl.col("b").fill_null(pl.col("a")),
        ),
        (n.Call("coalesce", (n.Col("b"), n.Col("a"))), pl.coalesce("b", "a")),
        (
            n.Call("is_in", (n.Col("b"), n.Lit(2, d.Int64()), n.Lit(5, d.Int64()))),
            pl.col("b").is_in(pl.Series([2, 5]).implode(), nulls_equal=False),
        ),
        (
            n.Call("is_in", (n.Col("b"), n.Col("a"), n.Lit(5, d.Int64()))),
            (pl.col("b") == pl.col("a")) | (pl.col("b") == 5),
        ),
        (
            n.When(
                ((n.Binary("gt", n.Col("a"), n.Lit(0, d.Int64())), n.Col("x")),),
                n.Col("a"),
            ),
            pl.when(pl.col("a") > 0)
            .then(pl.col("x"))
            .otherwise(pl.col("a").cast(pl.Float64)),
        ),
    ],
)
def test_lower_expr_matches_hand_written_polars(
    node: n.Node, reference: pl.Expr
) -> None:
    got = RAW.select(lower_expr(node, SCHEMA).alias("o"))
    want = RAW.select(reference.alias("o"))
    assert_frame_equal(got, want)


@pytest.fixture
def scratch_registries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Functions and lowerings a test declares are forgotten after it."""
    monkeypatch.setattr(catalog, "_CATALOG", dict(catalog._CATALOG))
    monkeypatch.setattr(core, "_LOWERINGS", dict(core._LOWERINGS))
    monkeypatch.setattr(core, "_TYPED_LOWERINGS", dict(core._TYPED_LOWERINGS))


@pytest.mark.usefixtures("scratch_registries")
def test_unknown_function_has_no_lowering() -> None:
    register_function("test_only_unlowered")(lambda args, call: args[0])
    with pytest.raises(TypeError, match="no lowering for 'test_only_unlowered'"):
        lower_expr(n.Call("test_only_unlowered", (n.Col("a"),)), SCHEMA)


@pytest.mark.usefixtures("scratch_registries")
def test_register_lowering() -> None:
    @register_function("test_only_double")
    def _rule(args: list[Typed], call: n.Call) -> Typed:
        return args[0]

    @register_lowering("test_only_double")
    def _lower(args: list[pl.Expr], call: n.Call) -> pl.Expr:
        return args[0] * 2

    out = RAW.select(
        lower_expr(n.Call("test_only_double", (n.Col("a"),)), SCHEMA).alias("o")
    )
    assert out["o"].to_list() == [6, -14, 0]


# -- plans ---------------------------------------------------------------------------


def _source() -> p.Source:
    schema = FrameSchema(list(SCHEMA.values()))
    return p.Source(schema, RAW, rows=RAW.height)


def test_lower_source_dataframe_and_lazyframe() -> None:
    assert_frame_equal(lower_plan(_source()).collect(), RAW)
    lazy = p.Source(_source().schema, RAW.lazy())
    assert_frame_equal(lower_plan(lazy).collect(), RAW)


def test_lower_source_rejects_other_data() -> None:
    with pytest.raises(TypeError, match="cannot read a source of type dict"):
        lower_plan(p.Source(_source().schema, {"a": [1]}))


def _schema(*names: str) -> FrameSchema:
    return FrameSchema([SCHEMA[name] for name in names])


@pytest.mark.parametrize(
    ("build", "reference"),
    [
        (
            lambda src: p.Select(
                FrameSchema([SCHEMA["s"], derived_column("y", d.Float64(), False)]),
                src,
                (
                    ("s", n.Col("s")),
                    ("y", n.Binary("mul", n.Col("x"), n.Lit(2.0, d.Float64()))),
                ),
            ),
            lambda lf: lf.select("s", y=pl.col("x") * 2.0),
        ),
        (
            lambda src: p.WithColumns(
                FrameSchema([*SCHEMA.values(), derived_column("y", d.Int64(), False)]),
                src,
                (("a", n.Unary("neg", n.Col("a"))), ("y", n.Col("a"))),
            ),
            lambda lf: lf.with_columns(a=-pl.col("a"), y=pl.col("a")),
        ),
        (
            lambda src: p.Filter(
                src.schema, src, n.Binary("gt", n.Col("b"), n.Lit(1, d.Int64()))
            ),
            lambda lf: lf.filter(pl.col("b") > 1),
        ),
        (
            lambda src: p.Sort(
                src.schema, src, (n.Col("b"), n.Col("a")), (True, False), (True, False)
            ),
            lambda lf: lf.sort(
                ["b", "a"], descending=[True, False], nulls_last=[True, False]
            ),
        ),
        (
            lambda src: p.Slice(src.schema, src, 1, 1),
            lambda lf: lf.slice(1, 1),
        ),
        (
            lambda src: p.Slice(src.schema, src, -2, None),
            lambda lf: lf.slice(-2),
        ),
        (
            lambda src: p.Rename(
                FrameSchema(
                    [SCHEMA["a"].renamed("aa"), SCHEMA["b"], SCHEMA["x"], SCHEMA["s"]]
                ),
                src,
                (("a", "aa"),),
            ),
            lambda lf: lf.rename({"a": "aa"}),
        ),
        (
            lambda src: p.Drop(_schema("a", "s"), src, ("b", "x")),
            lambda lf: lf.drop("b", "x"),
        ),
    ],
)
def test_lower_plan_nodes(build: Any, reference: Any) -> None:
    plan = build(_source())
    lowered = lower_plan(plan)
    assert lowered.collect_schema() == polars_schema(plan.schema)
    assert_frame_equal(lowered.collect(), reference(RAW.lazy()).collect())


def test_steps_and_describe() -> None:
    src = _source()
    plan = p.Slice(src.schema, p.Filter(src.schema, src, n.Col("a")), 0, 2)
    assert [type(s).__name__ for s in p.steps(plan)] == ["Source", "Filter", "Slice"]
    assert src.describe() == "Source(engine=polars, rows=3)"
    assert plan.describe() == "Slice(offset=0, length=2)"
