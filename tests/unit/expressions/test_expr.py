"""Typed expressions: every operator and core function, checked against Polars.

Each case builds an expression on a small frame with nulls, then checks that

* the inferred dtype/nullability is what the hand-written Polars expression
  computes on the same data (dtype of the Polars result, and whether it holds
  nulls),
* the lowered plan's Polars schema equals ``polars_schema(frame.schema)``,
* the values equal the hand-written Polars expression's values.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import ipaddress
import math
import operator
import typing
import uuid
import zoneinfo
from collections.abc import Callable
from typing import Any

import polars as pl
import pytest
from pydantic import AwareDatetime, Field

from pydantable import DataFrameModel, col, lit
from pydantable import dtypes as d
from pydantable.engines.polars import lower_plan, polars_schema, to_polars_dtype
from pydantable.expressions import ColumnRef, Expr, Literal, coalesce, when


class Size(enum.Enum):
    S = "s"
    M = "m"


class Nums(DataFrameModel):
    i: int
    j: int
    e: int
    k: int | None
    f: float
    g: float | None
    s: str
    t: str | None
    b: bool
    c: bool | None
    lit_col: typing.Literal["a", "b"]
    size: Size


DATA: dict[str, list[Any]] = {
    "i": [-7, 7, 3, 0, 2],
    "j": [2, 0, 2, 5, -1],
    "e": [0, 1, 2, 3, 4],
    "k": [1, None, -2, 4, None],
    "f": [1.5, -2.25, 0.0, 10.0, 3.0],
    "g": [None, 2.0, -1.5, 4.0, None],
    "s": ["a", "b", "c", "d", "e"],
    "t": ["x", None, "z", "x", None],
    "b": [True, True, False, False, True],
    "c": [True, None, None, False, False],
    "lit_col": ["a", "b", "a", "b", "a"],
    "size": [Size.S, Size.M, Size.S, Size.S, Size.M],
}


def _frame() -> Nums:
    return Nums(DATA)


def _raw() -> pl.DataFrame:
    """The same data as a plain Polars frame (semantic columns in storage form)."""
    raw = {k: v for k, v in DATA.items() if k != "size"}
    raw["size"] = [m.value for m in DATA["size"]]
    return pl.DataFrame(raw, schema=polars_schema(Nums.__pydantable_schema__))


def _same(a: list[Any], b: list[Any]) -> bool:
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if (
            isinstance(x, float)
            and isinstance(y, float)
            and math.isnan(x)
            and math.isnan(y)
        ):
            continue
        if x != y or type(x) is not type(y):
            return False
    return True


def check(
    build: Callable[[Nums], Expr],
    reference: pl.Expr,
    dtype: d.DType,
    nullable: bool,
) -> list[Any]:
    """Run ``build`` through pydantable and ``reference`` through Polars; compare."""
    df = _frame()
    expr = build(df)
    assert (expr.dtype, expr.nullable) == (dtype, nullable)
    out = df.with_columns(out=expr)
    assert (out.schema["out"].dtype, out.schema["out"].nullable) == (dtype, nullable)
    assert lower_plan(out._plan).collect_schema() == polars_schema(out.schema)
    want = _raw().select(reference.alias("out"))
    assert want.schema["out"] == to_polars_dtype(dtype)  # what Polars computes itself
    got = out.to_polars()["out"].to_list()
    assert _same(got, want["out"].to_list()), (got, want["out"].to_list())
    assert (None in got) is nullable  # the data has nulls wherever they can arise
    return got


I_, J, E, K = pl.col("i"), pl.col("j"), pl.col("e"), pl.col("k")
F, G, S, T = pl.col("f"), pl.col("g"), pl.col("s"), pl.col("t")
B, C = pl.col("b"), pl.col("c")

INT, FLOAT, BOOL, STR = d.Int64(), d.Float64(), d.Boolean(), d.String()

OPERATORS = [
    ("add", lambda df: df.i + df.j, I_ + J, INT, False),
    ("sub", lambda df: df.i - df.j, I_ - J, INT, False),
    ("mul", lambda df: df.i * df.j, I_ * J, INT, False),
    ("truediv", lambda df: df.i / df.j, I_ / J, FLOAT, False),
    ("floordiv", lambda df: df.i // df.j, I_ // J, INT, True),
    ("mod", lambda df: df.i % df.j, I_ % J, INT, True),
    ("floordiv_literal", lambda df: df.i // 2, I_ // 2, INT, False),
    ("mod_literal", lambda df: df.i % -3, I_ % -3, INT, False),
    ("floordiv_zero_literal", lambda df: df.i // 0, I_ // 0, INT, True),
    # int ** int column is a float, as in Python (a negative exponent is allowed)
    ("pow", lambda df: df.i**df.e, I_.cast(pl.Float64).pow(E), FLOAT, False),
    ("pow_literal", lambda df: df.i**2, I_.pow(2), INT, False),
    ("neg", lambda df: -df.i, -I_, INT, False),
    ("abs_builtin", lambda df: abs(df.i), I_.abs(), INT, False),
    ("abs_method", lambda df: df.k.abs(), K.abs(), INT, True),
    ("pos", lambda df: +df.i, I_, INT, False),
    ("radd", lambda df: 10 + df.i, 10 + I_, INT, False),
    ("rsub", lambda df: 10 - df.i, 10 - I_, INT, False),
    ("rmul", lambda df: 3 * df.i, 3 * I_, INT, False),
    ("rtruediv", lambda df: 1 / df.j, 1 / J, FLOAT, False),
    ("rfloordiv", lambda df: 7 // df.j, 7 // J, INT, True),
    ("rmod", lambda df: 7 % df.j, 7 % J, INT, True),
    ("rpow", lambda df: 2**df.e, pl.lit(2.0).pow(E), FLOAT, False),
    ("int_plus_float", lambda df: df.i + df.f, I_ + F, FLOAT, False),
    ("float_minus_int", lambda df: df.f - df.i, F - I_, FLOAT, False),
    ("float_times_nullable", lambda df: df.f * df.g, F * G, FLOAT, True),
    ("nullable_plus_literal", lambda df: df.k + 1, K + 1, INT, True),
    ("int_plus_nullable", lambda df: df.i + df.k, I_ + K, INT, True),
    ("int_div_float_literal", lambda df: df.i / 2.0, I_ / 2.0, FLOAT, False),
    ("float_floordiv", lambda df: df.f // 2, F // 2, FLOAT, False),
    ("float_mod", lambda df: df.f % 2, F % 2, FLOAT, False),
    ("float_pow", lambda df: df.f**2, F.pow(2), FLOAT, False),
    ("neg_float_nullable", lambda df: -df.g, -G, FLOAT, True),
    ("eq", lambda df: df.i == df.j, I_ == J, BOOL, False),
    ("ne_literal", lambda df: df.i != 3, I_ != 3, BOOL, False),
    ("lt_mixed_numeric", lambda df: df.i < df.f, I_ < F, BOOL, False),
    ("le_nullable", lambda df: df.k <= 1, K <= 1, BOOL, True),
    ("gt_str", lambda df: df.s > "b", S > "b", BOOL, False),
    ("ge_reflected", lambda df: 3 <= df.i, I_ >= 3, BOOL, False),  # noqa: SIM300
    ("eq_nullable_str", lambda df: df.t == "x", T == "x", BOOL, True),
    (
        "eq_literal_column",
        lambda df: df.lit_col == "a",
        pl.col("lit_col") == "a",
        BOOL,
        False,
    ),
    (
        "eq_enum_member",
        lambda df: df.size == Size.M,
        pl.col("size") == "m",
        BOOL,
        False,
    ),
    ("eq_enum_value", lambda df: df.size != "s", pl.col("size") != "s", BOOL, False),
    ("and_kleene", lambda df: df.b & df.c, B & C, BOOL, True),
    ("or_kleene", lambda df: df.b | df.c, B | C, BOOL, True),
    ("not", lambda df: ~df.b, ~B, BOOL, False),
    ("not_nullable", lambda df: ~df.c, ~C, BOOL, True),
    ("and_comparison", lambda df: (df.i > 0) & df.b, (I_ > 0) & B, BOOL, False),
    ("rand_constant", lambda df: True & df.c, pl.lit(True) & C, BOOL, True),
    ("ror_constant", lambda df: False | df.c, pl.lit(False) | C, BOOL, True),
]


@pytest.mark.parametrize(
    ("build", "reference", "dtype", "nullable"),
    [pytest.param(*case[1:], id=case[0]) for case in OPERATORS],
)
def test_operator(
    build: Any, reference: pl.Expr, dtype: d.DType, nullable: bool
) -> None:
    check(build, reference, dtype, nullable)


def test_true_division_of_ints() -> None:
    df = _frame()
    assert df.select((df.i / df.j).alias("q")).to_dict()["q"] == [
        -3.5,
        math.inf,
        1.5,
        0.0,
        -2.0,
    ]
    one = Nums({**DATA, "i": [1, -1, 3, 0, 2], "j": [2, 2, 4, 1, 3]})
    assert one.select((one.i / one.j).alias("q")).to_dict()["q"] == [
        0.5,
        -0.5,
        0.75,
        0.0,
        2 / 3,
    ]


def _python_or_none(op: Callable[[int, int], int], a: int, b: int) -> int | None:
    return None if b == 0 else op(a, b)


def test_floor_division_and_modulo_follow_python() -> None:
    df = _frame()
    out = df.select((df.i // df.j).alias("q"), (df.i % df.j).alias("r")).to_dict()
    pairs = list(zip(DATA["i"], DATA["j"], strict=True))
    assert out["q"] == [_python_or_none(operator.floordiv, a, b) for a, b in pairs]
    assert out["r"] == [_python_or_none(operator.mod, a, b) for a, b in pairs]
    assert out["q"][1] is None  # 7 // 0: null, and the column is typed nullable
    assert df.select((df.i // df.j).alias("q")).schema["q"].nullable


def test_kleene_logic_values() -> None:
    got = check(lambda df: df.b & df.c, B & C, BOOL, True)
    assert got == [True, None, False, False, False]
    got = check(lambda df: df.b | df.c, B | C, BOOL, True)
    assert got == [True, True, None, False, True]


# -- cast / alias / null handling / membership ------------------------------------


FUNCTIONS = [
    ("cast_int_float", lambda df: df.i.cast(float), I_.cast(pl.Float64), FLOAT, False),
    ("cast_float_int", lambda df: df.f.cast(int), F.cast(pl.Int64), INT, False),
    ("cast_int_str", lambda df: df.k.cast(str), K.cast(pl.String), STR, True),
    ("cast_bool_int", lambda df: df.b.cast(int), B.cast(pl.Int64), INT, False),
    (
        "cast_dtype_class",
        lambda df: df.i.cast(d.Float64),
        I_.cast(pl.Float64),
        FLOAT,
        False,
    ),
    (
        "cast_optional",
        lambda df: df.i.cast(float | None),
        I_.cast(pl.Float64),
        FLOAT,
        False,
    ),
    ("is_null", lambda df: df.k.is_null(), K.is_null(), BOOL, False),
    ("is_not_null", lambda df: df.t.is_not_null(), T.is_not_null(), BOOL, False),
    ("is_in_varargs", lambda df: df.i.is_in(7, 0), I_.is_in([7, 0]), BOOL, False),
    ("is_in_list", lambda df: df.s.is_in(["a", "c"]), S.is_in(["a", "c"]), BOOL, False),
    ("is_in_nullable", lambda df: df.k.is_in([1, 4]), K.is_in([1, 4]), BOOL, True),
    ("isin_alias", lambda df: df.t.isin({"z"}), T.is_in(["z"]), BOOL, True),
    (
        "is_in_literal_column",
        lambda df: df.lit_col.is_in("b"),
        pl.col("lit_col").is_in(["b"]),
        BOOL,
        False,
    ),
    (
        "is_in_empty",
        lambda df: df.i.is_in([]),
        I_.is_in(pl.Series([], dtype=pl.Int64).implode()),
        BOOL,
        False,
    ),
    ("is_in_exprs", lambda df: df.i.is_in(df.j, 7), (I_ == J) | (I_ == 7), BOOL, False),
    (
        "is_in_enum",
        lambda df: df.size.is_in(Size.M),
        pl.col("size").is_in(["m"]),
        BOOL,
        False,
    ),
    ("fill_null_literal", lambda df: df.k.fill_null(0), K.fill_null(0), INT, False),
    ("fill_null_column", lambda df: df.g.fill_null(df.f), G.fill_null(F), FLOAT, False),
    ("fill_null_nullable", lambda df: df.t.fill_null(df.t), T, STR, True),
    (
        "fill_null_bool",
        lambda df: df.c.fill_null(False),
        C.fill_null(False),
        BOOL,
        False,
    ),
    ("coalesce_two", lambda df: coalesce(df.k, df.i), pl.coalesce(K, I_), INT, False),
    ("coalesce_nullable", lambda df: coalesce(df.g, df.g), G, FLOAT, True),
    (
        "coalesce_literal",
        lambda df: coalesce(df.t, "?"),
        pl.coalesce(T, pl.lit("?")),
        STR,
        False,
    ),
    (
        "coalesce_numeric_widening",
        lambda df: coalesce(df.g, df.f),
        pl.coalesce(G, F),
        FLOAT,
        False,
    ),
]


@pytest.mark.parametrize(
    ("build", "reference", "dtype", "nullable"),
    [pytest.param(*case[1:], id=case[0]) for case in FUNCTIONS],
)
def test_function(
    build: Any, reference: pl.Expr, dtype: d.DType, nullable: bool
) -> None:
    check(build, reference, dtype, nullable)


def test_is_in_mixed_numeric() -> None:
    got = check(lambda df: df.f.is_in(0, 3), F.is_in([0.0, 3.0]), BOOL, False)
    assert got == [False, False, True, False, True]
    got = check(
        lambda df: df.i.is_in(7.0, 2.5),
        I_.cast(pl.Float64).is_in([7.0, 2.5]),
        BOOL,
        False,
    )
    assert got == [False, True, False, False, False]


def test_is_in_prints_no_polars_deprecation(capfd: pytest.CaptureFixture[str]) -> None:
    df = _frame()
    assert df.filter(df.i.is_in(7, 3)).to_dict()["i"] == [7, 3]
    captured = capfd.readouterr()
    assert "Deprecat" not in captured.err + captured.out


def test_fill_null_widening() -> None:
    check(
        lambda df: df.k.fill_null(2.5), K.cast(pl.Float64).fill_null(2.5), FLOAT, False
    )
    check(
        lambda df: df.k.fill_null(df.f), K.cast(pl.Float64).fill_null(F), FLOAT, False
    )


def test_alias_names_output() -> None:
    df = _frame()
    out = df.select((df.i + 1).alias("next"), df.s.alias("name"))
    assert out.columns == ["next", "name"]
    assert out.to_dict() == {"next": [-6, 8, 4, 1, 3], "name": DATA["s"]}
    assert (df.i + 1).alias("x").output_name == "x"
    assert (df.i + df.j).output_name == "i"  # left-most column, like Polars


def test_cast_from_string() -> None:
    class Raw(DataFrameModel):
        n: str
        day: str
        ts: str | None

    df = Raw(
        {
            "n": ["1", "-2"],
            "day": ["2024-01-31", "1999-12-31"],
            "ts": ["2024-01-31 10:20:30", None],
        }
    )
    out = df.select(
        df.n.cast(int, strict=True).alias("n"),
        df.day.cast(dt.date, strict=True).alias("day"),
        df.ts.cast(dt.datetime, strict=True).alias("ts"),
    )
    assert out.to_dict() == {
        "n": [1, -2],
        "day": [dt.date(2024, 1, 31), dt.date(1999, 12, 31)],
        "ts": [dt.datetime(2024, 1, 31, 10, 20, 30), None],
    }
    assert out.dtypes == {"n": int, "day": dt.date, "ts": dt.datetime | None}
    assert lower_plan(out._plan).collect_schema() == polars_schema(out.schema)
    # by default (the original's semantics) text that does not parse is null
    lenient = df.select(
        df.n.cast(int).alias("n"),
        df.day.cast(dt.date).alias("day"),
        df.ts.cast(dt.datetime).alias("ts"),
    )
    assert lenient.to_dict() == out.to_dict()
    assert lenient.dtypes == {
        "n": int | None,
        "day": dt.date | None,
        "ts": dt.datetime | None,
    }


def test_cast_rejections() -> None:
    df = _frame()
    with pytest.raises(TypeError, match=r"cannot cast Date to Int64|cannot cast"):
        df.s.cast(list[int])


def test_typed_null_literal() -> None:
    df = _frame()
    out = df.with_columns(n=Literal(value=None).cast(int), m=lit(None, float))
    assert (out.schema["n"].dtype, out.schema["n"].nullable) == (INT, True)
    assert (out.schema["m"].dtype, out.schema["m"].nullable) == (FLOAT, True)
    assert out.to_dict()["n"] == [None] * 5
    assert lower_plan(out._plan).collect_schema() == polars_schema(out.schema)


@pytest.mark.parametrize(
    ("value", "dtype", "polars_dtype"),
    [
        (1, INT, pl.Int64),
        (1.5, FLOAT, pl.Float64),
        ("x", STR, pl.String),
        (True, BOOL, pl.Boolean),
        (dt.date(2024, 1, 1), d.Date(), pl.Date),
        (b"\x00", d.Binary(), pl.Binary),
    ],
)
def test_lit(value: Any, dtype: d.DType, polars_dtype: pl.DataType) -> None:
    df = _frame()
    for expr in (lit(value), Literal(value=value)):
        out = df.with_columns(v=expr)
        assert (out.schema["v"].dtype, out.schema["v"].nullable) == (dtype, False)
        assert out.to_dict()["v"] == [value] * 5
        assert out.to_polars().schema["v"] == polars_dtype


def test_lit_with_dtype() -> None:
    df = _frame()
    out = df.with_columns(v=lit(1, float))
    assert out.schema["v"].dtype == FLOAT
    assert out.to_dict()["v"] == [1.0] * 5


# -- when / then / otherwise ----------------------------------------------------------


WHENS = [
    (
        "constants",
        lambda df: when(df.i > 0, "pos").otherwise("neg"),
        pl.when(I_ > 0).then(pl.lit("pos")).otherwise(pl.lit("neg")),
        STR,
        False,
    ),
    (
        "literal_objects",
        lambda df: when(df.i > 0, Literal(value="pos")).otherwise(Literal(value="neg")),
        pl.when(I_ > 0).then(pl.lit("pos")).otherwise(pl.lit("neg")),
        STR,
        False,
    ),
    (
        "then_spelling",
        lambda df: when(df.i > 0).then(df.i).otherwise(0),
        pl.when(I_ > 0).then(I_).otherwise(0),
        INT,
        False,
    ),
    (
        "chained",
        lambda df: when(df.i > 2, "big").when(df.i > 0, "small").otherwise("none"),
        pl.when(I_ > 2)
        .then(pl.lit("big"))
        .when(I_ > 0)
        .then(pl.lit("small"))
        .otherwise(pl.lit("none")),
        STR,
        False,
    ),
    (
        "null_condition_is_false",
        lambda df: when(df.c, 1).otherwise(0),
        pl.when(C).then(pl.lit(1, pl.Int64)).otherwise(pl.lit(0, pl.Int64)),
        INT,
        False,
    ),
    (
        "numeric_widening",
        lambda df: when(df.b, df.i).otherwise(df.f),
        pl.when(B).then(I_.cast(pl.Float64)).otherwise(F),
        FLOAT,
        False,
    ),
    (
        "nullable_branch",
        lambda df: when(df.b, df.k).otherwise(0),
        pl.when(B).then(K).otherwise(0),
        INT,
        True,
    ),
    (
        "none_otherwise",
        lambda df: when(df.i > 0, df.i).otherwise(None),
        pl.when(I_ > 0).then(I_).otherwise(None),
        INT,
        True,
    ),
]


@pytest.mark.parametrize(
    ("build", "reference", "dtype", "nullable"),
    [pytest.param(*case[1:], id=case[0]) for case in WHENS],
)
def test_when(build: Any, reference: pl.Expr, dtype: d.DType, nullable: bool) -> None:
    check(build, reference, dtype, nullable)


def test_when_needs_then_before_otherwise() -> None:
    df = _frame()
    with pytest.raises(TypeError, match="then"):
        when(df.i > 0).otherwise(1)


# -- unbound col() -----------------------------------------------------------------


def test_col_is_unbound_until_used() -> None:
    expr = col("i") + 1
    assert isinstance(col("i"), ColumnRef)
    with pytest.raises(TypeError, match="not bound"):
        expr.dtype
    assert "unbound" in repr(expr)


def test_col_in_select_and_filter() -> None:
    df = _frame()
    out = df.filter(col("k") > 0).select(col("i"), (col("i") * 2).alias("twice"), "s")
    assert out.to_dict() == {"i": [-7, 0], "twice": [-14, 0], "s": ["a", "d"]}
    assert out.dtypes == {"i": int, "twice": int, "s": str}


def test_col_in_when_and_coalesce() -> None:
    df = _frame()
    out = df.select(
        when(col("i") > 0, col("s")).otherwise(col("t")).alias("w"),
        coalesce(col("k"), col("i")).alias("c"),
    )
    assert out.to_dict() == {"w": ["x", "b", "c", "x", "e"], "c": [1, 7, -2, 4, 2]}
    assert (out.schema["w"].nullable, out.schema["c"].nullable) == (True, False)


def test_col_typed_against_the_frame_it_is_used_on() -> None:
    df = _frame()
    with pytest.raises(TypeError, match=r"got str and int in \(col\('s'\) \+ 1\)"):
        df.select((col("s") + 1).alias("x"))
    with pytest.raises(KeyError, match="nope"):
        df.select(col("nope"))


def test_expression_from_another_frame_is_rechecked() -> None:
    class Other(DataFrameModel):
        i: str

    other = Other({"i": ["a"]})
    df = _frame()
    with pytest.raises(TypeError, match="got str and int"):
        df.select((other.i + 1).alias("x"))


# -- build-time errors ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "needles"),
    [
        pytest.param(
            lambda df: df.s + 1, ["'s'", "str", "int", "+"], id="str_plus_int"
        ),
        pytest.param(lambda df: 1 + df.s, ["'s'", "str", "int"], id="int_plus_str"),
        pytest.param(
            lambda df: df.s + df.t,
            ["'s'", "'t'", "str", "concat_str"],
            id="str_plus_str",
        ),
        pytest.param(
            lambda df: df.s == 1, ["'s'", "String", "Int64"], id="compare_str_int"
        ),
        pytest.param(
            lambda df: df.i < "a", ["'i'", "String", "Int64"], id="order_int_str"
        ),
        pytest.param(
            lambda df: df.lit_col == "z",
            ["'lit_col'", "'z'", "'a'", "'b'"],
            id="literal_value",
        ),
        pytest.param(
            lambda df: df.size == "xl", ["'size'", "'xl'", "Size"], id="enum_value"
        ),
        pytest.param(
            lambda df: df.i & df.j, ["'i'", "'j'", "Int64", "&"], id="and_ints"
        ),
        pytest.param(lambda df: df.b | 1, ["'b'", "Int64", "|"], id="or_bool_int"),
        pytest.param(lambda df: ~df.i, ["'i'", "Int64"], id="invert_int"),
        pytest.param(lambda df: -df.s, ["'s'", "String"], id="neg_str"),
        pytest.param(
            lambda df: df.filter(df.i),
            ["'i'", "int", "filter(condition) expects condition typed as bool"],
            id="filter_int",
        ),
        pytest.param(
            lambda df: df.filter(df.k + 1), ["'k'", "Int64"], id="filter_arith"
        ),
        pytest.param(
            lambda df: when(df.i, 1).otherwise(0), ["'i'", "Int64"], id="when_cond"
        ),
        pytest.param(
            lambda df: when(df.b, 1).otherwise("x"),
            ["Int64", "String"],
            id="when_branches",
        ),
        pytest.param(
            lambda df: coalesce(df.i, df.s), ["Int64", "String"], id="coalesce"
        ),
        pytest.param(
            lambda df: df.k.fill_null("x"), ["Int64", "String"], id="fill_null"
        ),
        pytest.param(
            lambda df: df.i.is_in("a", "b"), ["'i'", "Int64", "String"], id="is_in"
        ),
        pytest.param(
            lambda df: df.s.cast(list[int]), ["'s'", "String", "List"], id="cast"
        ),
        pytest.param(lambda df: bool(df.i > 0), ["'i'", "ambiguous"], id="bool"),
    ],
)
def test_build_time_type_errors(build: Any, needles: list[str]) -> None:
    df = _frame()
    with pytest.raises(TypeError) as info:
        build(df)
    message = str(info.value)
    for needle in needles:
        assert needle in message, (needle, message)


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda df: df.i > 0 and df.b, id="and_keyword"),
        pytest.param(lambda df: not df.b, id="not_keyword"),
        pytest.param(lambda df: 0 < df.i < 5, id="chained_comparison"),
        pytest.param(lambda df: df.b if df.b else df.c, id="if"),
    ],
)
def test_python_boolean_operators_are_rejected(build: Any) -> None:
    with pytest.raises(TypeError, match="ambiguous"):
        build(_frame())


def test_unsupported_literal_value() -> None:
    df = _frame()
    with pytest.raises(TypeError, match="literal"):
        df.i + object()


# -- temporal and decimal arithmetic ---------------------------------------------------


class Times(DataFrameModel):
    day: dt.date
    other_day: dt.date
    at: dt.datetime
    span: dt.timedelta
    days: dt.timedelta
    price: decimal.Decimal = Field(max_digits=10, decimal_places=2)
    qty: decimal.Decimal = Field(max_digits=10, decimal_places=2)


TIMES: dict[str, list[Any]] = {
    "day": [dt.date(2024, 1, 1), dt.date(2024, 3, 1)],
    "other_day": [dt.date(2023, 12, 25), dt.date(2024, 2, 28)],
    "at": [dt.datetime(2024, 1, 1, 6), dt.datetime(2024, 3, 1, 23, 59)],
    "span": [dt.timedelta(hours=12), dt.timedelta(days=-1, hours=1)],
    "days": [dt.timedelta(days=2), dt.timedelta(days=-1)],
    "price": [decimal.Decimal("1.25"), decimal.Decimal("-3.10")],
    "qty": [decimal.Decimal("1.25"), decimal.Decimal("0.05")],
}


def _python_values(
    build: Callable[[Times], Expr], python: Callable[[dict[str, Any]], Any]
) -> tuple[list[Any], list[Any], Any]:
    df = Times(TIMES)
    out = df.with_columns(out=build(df))
    assert lower_plan(out._plan).collect_schema() == polars_schema(out.schema)
    rows = [
        dict(zip(TIMES, values, strict=True))
        for values in zip(*TIMES.values(), strict=True)
    ]
    return out.to_dict()["out"], [python(r) for r in rows], out.schema["out"].dtype


@pytest.mark.parametrize(
    ("build", "python", "dtype"),
    [
        pytest.param(
            lambda df: df.day - df.other_day,
            lambda r: r["day"] - r["other_day"],
            d.Duration(),
            id="date_minus_date",
        ),
        pytest.param(
            lambda df: df.day + df.days,
            lambda r: r["day"] + r["days"],
            d.Date(),
            id="date_plus_td",
        ),
        pytest.param(
            lambda df: df.day - df.days,
            lambda r: r["day"] - r["days"],
            d.Date(),
            id="date_minus_td",
        ),
        pytest.param(
            lambda df: df.days + df.day,
            lambda r: r["days"] + r["day"],
            d.Date(),
            id="td_plus_date",
        ),
        pytest.param(
            lambda df: df.at + df.span,
            lambda r: r["at"] + r["span"],
            d.Datetime(),
            id="datetime_plus_td",
        ),
        pytest.param(
            lambda df: df.at - df.at,
            lambda r: r["at"] - r["at"],
            d.Duration(),
            id="dt_minus_dt",
        ),
        pytest.param(
            lambda df: df.span * 2, lambda r: r["span"] * 2, None, id="td_times_int"
        ),
        pytest.param(
            lambda df: -df.span, lambda r: -r["span"], d.Duration(), id="neg_td"
        ),
        pytest.param(
            lambda df: df.price + df.qty,
            lambda r: r["price"] + r["qty"],
            d.Decimal(38, 2),
            id="decimal_add",
        ),
        pytest.param(
            lambda df: df.price - 1,
            lambda r: r["price"] - 1,
            d.Decimal(38, 2),
            id="decimal_minus_int",
        ),
        pytest.param(
            lambda df: df.price * df.qty,
            lambda r: r["price"] * r["qty"],
            d.Decimal(38, 4),
            id="decimal_mul",
        ),
        pytest.param(
            lambda df: df.price / df.qty,
            lambda r: float(r["price"] / r["qty"]),
            d.Float64(),
            id="decimal_div",
        ),
        pytest.param(
            lambda df: df.price > 0,
            lambda r: r["price"] > 0,
            d.Boolean(),
            id="decimal_cmp",
        ),
        pytest.param(
            lambda df: df.at > dt.datetime(2024, 2, 1),
            lambda r: r["at"] > dt.datetime(2024, 2, 1),
            d.Boolean(),
            id="datetime_cmp_literal",
        ),
        pytest.param(
            lambda df: df.day == dt.date(2024, 1, 1),
            lambda r: r["day"] == dt.date(2024, 1, 1),
            d.Boolean(),
            id="date_eq_literal",
        ),
    ],
)
def test_temporal_and_decimal(build: Any, python: Any, dtype: d.DType | None) -> None:
    try:
        got, want, inferred = _python_values(build, python)
    except TypeError:
        if dtype is None:  # rejected at build time: fine
            return
        raise
    if dtype is None:
        pytest.fail(f"expected a build-time rejection, got {inferred!r}")
    assert inferred == dtype
    assert got == want


def test_naive_and_aware_datetimes_do_not_mix() -> None:
    class Mixed(DataFrameModel):
        naive: dt.datetime
        aware: AwareDatetime

    df = Mixed(
        {
            "naive": [dt.datetime(2024, 1, 1)],
            "aware": [dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)],
        }
    )
    with pytest.raises(TypeError, match="Datetime"):
        _ = df.naive < df.aware
    with pytest.raises(
        TypeError, match="naive and timezone-aware datetimes do not mix"
    ):
        df.aware - df.naive
    with pytest.raises(TypeError, match="got datetime and int"):
        df.naive + 1


def test_date_plus_int_rejected() -> None:
    df = Times(TIMES)
    with pytest.raises(TypeError, match=r"got date and int .* shift by a timedelta"):
        df.day + 1


def test_date_plus_sub_day_duration_matches_polars() -> None:
    """A date shifted by a sub-day duration is the day of the shifted midnight."""
    df = Times(TIMES)
    out = df.select((df.day + df.span).alias("p"), (df.day - df.span).alias("m"))
    assert out.dtypes == {"p": dt.date, "m": dt.date}
    raw = pl.DataFrame({"day": TIMES["day"], "span": TIMES["span"]})
    want = raw.select(
        p=pl.col("day") + pl.col("span"), m=pl.col("day") - pl.col("span")
    )
    assert want.schema == pl.Schema({"p": pl.Date, "m": pl.Date})
    assert out.to_dict() == want.to_dict(as_series=False)
    assert out.to_dict() == {
        "p": [dt.date(2024, 1, 1), dt.date(2024, 2, 29)],
        "m": [dt.date(2023, 12, 31), dt.date(2024, 3, 1)],
    }


# -- semantic string types and time zones in comparisons ------------------------------


class Hosts(DataFrameModel):
    id: uuid.UUID
    ip4: ipaddress.IPv4Address
    ip6: ipaddress.IPv6Address
    seen: AwareDatetime


UID = uuid.UUID("abcdef12-3456-7890-abcd-ef1234567890")


def _hosts() -> Hosts:
    return Hosts(
        {
            "id": [UID, uuid.UUID(int=1)],
            "ip4": ["10.0.0.1", "10.0.0.2"],
            "ip6": ["2001:db8::1", "::1"],
            "seen": [
                dt.datetime(2024, 1, 1, 12, tzinfo=dt.timezone.utc),
                dt.datetime(2024, 1, 1, 14, tzinfo=dt.timezone.utc),
            ],
        }
    )


@pytest.mark.parametrize(
    "build",
    [
        lambda df: df.id == UID,
        lambda df: df.id == str(UID),
        lambda df: df.id == str(UID).upper(),
        lambda df: df.id == "{" + str(UID) + "}",
        lambda df: df.id.is_in([str(UID).upper()]),
        lambda df: df.ip4 == "10.0.0.1",
        lambda df: df.ip4 == ipaddress.IPv4Address("10.0.0.1"),
        lambda df: df.ip6 == "2001:DB8:0:0::1",
        lambda df: df.ip6 != "::1",
    ],
)
def test_semantic_literals_compare_in_canonical_form(build: Any) -> None:
    df = _hosts()
    assert df.select(build(df).alias("m")).to_dict() == {"m": [True, False]}


@pytest.mark.parametrize(
    "build",
    [
        lambda df: df.id == "nope",
        lambda df: df.ip4 == "10.0.0",
        lambda df: df.ip6 == "x::y::z",
    ],
)
def test_invalid_semantic_literal_rejected_at_build_time(build: Any) -> None:
    with pytest.raises(TypeError, match="is not a valid"):
        build(_hosts())


def test_aware_column_compared_with_literal_in_other_zone() -> None:
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    df = _hosts()
    noon_paris = dt.datetime(2024, 1, 1, 13, tzinfo=paris)  # == 12:00 UTC
    out = df.select(
        eq=df.seen == noon_paris,
        later=df.seen > noon_paris,
        shifted=df.seen + dt.timedelta(hours=1),
    )
    assert out.to_dict()["eq"] == [True, False]
    assert out.to_dict()["later"] == [False, True]
    assert out.to_dict()["shifted"][0] == dt.datetime(
        2024, 1, 1, 13, tzinfo=dt.timezone.utc
    )


def test_select_of_constants_keeps_row_count() -> None:
    df = _frame()
    out = df.select(one=lit(1), label=Literal(value="x"), two=lit(1) + 1)
    assert out.to_dict() == {"one": [1] * 5, "label": ["x"] * 5, "two": [2] * 5}
    assert out.shape == (5, 3)
    empty = df.filter(df.i > 100).select(one=lit(1))
    assert empty.to_dict() == {"one": []}
    assert empty.shape == (0, 1)


def test_fill_null_with_a_member_keeps_enum_and_literal_dtypes() -> None:
    class Tagged(DataFrameModel):
        size: Size | None
        tag: typing.Literal["a", "b"] | None

    df = Tagged({"size": [None, Size.M], "tag": [None, "b"]})
    out = df.select(
        size=df.size.fill_null(Size.S),
        by_value=df.size.fill_null("s"),
        tag=df.tag.fill_null("a"),
        other=df.tag.fill_null("zz"),
        picked=when(df.tag.is_null(), Size.M).otherwise(df.size),
    )
    assert out.dtypes == {
        "size": Size,
        "by_value": Size,
        "tag": typing.Literal["a", "b"],
        "other": str,
        "picked": Size | None,
    }
    assert out.to_dict() == {
        "size": [Size.S, Size.M],
        "by_value": [Size.S, Size.M],
        "tag": ["a", "b"],
        "other": ["zz", "b"],
        "picked": [Size.M, Size.M],
    }


@pytest.mark.parametrize(
    "build",
    [
        lambda df: df.with_columns(x=lit(None)),
        lambda df: df.select(x=Literal(value=None)),
        lambda df: df.select(x=when(df.b, None).otherwise(None)),
    ],
)
def test_untyped_null_column_rejected(build: Any) -> None:
    with pytest.raises(
        TypeError,
        match=r"'x' would have no dtype|with_columns\(x=None\) cannot infer destination type",
    ):
        build(_frame())


def test_when_with_none_value_is_a_null_branch() -> None:
    got = check(
        lambda df: when(df.i > 2, None).otherwise(df.i),
        pl.when(I_ > 2).then(None).otherwise(I_),
        INT,
        True,
    )
    assert got == [-7, None, None, 0, 2]


def test_int_power_is_float_unless_the_exponent_is_a_non_negative_literal() -> None:
    from pydantable import DataFrameModel
    from pydantable import dtypes as dtypes_module

    class P(DataFrameModel):
        base: int
        exp: int

    df = P({"base": [2, 2], "exp": [3, -1]})
    assert (df.base**2).dtype == dtypes_module.Int64()
    assert (df.base**df.exp).dtype == dtypes_module.Float64()
    assert df.select(r=df.base**df.exp).to_dict() == {"r": [8.0, 0.5]}
    assert df.select(r=df.base**2).to_dict() == {"r": [4, 4]}
