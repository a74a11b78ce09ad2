"""Build-time type inference (``expressions/infer.py`` + ``rules.py``).

The typing rules are cross-checked against what Polars computes for the same
operation: a dtype we infer must be the dtype Polars produces (or one of the
few documented places where pydantable deliberately computes in another
dtype), and every cast we accept must run on the engine.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import ipaddress
import itertools
import re
import typing
import uuid
from typing import Any

import polars as pl
import pytest

from pydantable import ColumnNotFoundError, lit
from pydantable import dtypes as d
from pydantable.engines.polars import lower_expr, to_polars_dtype
from pydantable.expressions import nodes as n
from pydantable.expressions import rules
from pydantable.expressions.infer import NULL, Typed, describe, type_of, unify
from pydantable.schema import derived_column


class Size(enum.Enum):
    S = "s"
    M = "m"


DTYPES: dict[str, d.DType] = {
    "int": d.Int64(),
    "float": d.Float64(),
    "dec2": d.Decimal(10, 2),
    "dec9": d.Decimal(38, 9),
    "bool": d.Boolean(),
    "str": d.String(),
    "bin": d.Binary(),
    "date": d.Date(),
    "naive": d.Datetime(),
    "utc": d.Datetime("UTC"),
    "dur": d.Duration(),
    "time": d.Time(),
    "uuid": d.UUID(),
    "size": d.Enum(Size),
    "ints": d.List(d.Int64()),
}

SAMPLES: dict[str, Any] = {
    "int": 3,
    "float": 1.5,
    "dec2": decimal.Decimal("1.25"),
    "dec9": decimal.Decimal("2.5"),
    "bool": True,
    "str": "a",
    "bin": b"a",
    "date": dt.date(2024, 1, 2),
    "naive": dt.datetime(2024, 1, 2, 3),
    "utc": dt.datetime(2024, 1, 2, 3, tzinfo=dt.timezone.utc),
    "dur": dt.timedelta(hours=1),
    "time": dt.time(1, 2, 3),
    "uuid": str(uuid.UUID(int=7)),
    "size": "s",
    "ints": [1, 2],
}

SCHEMA = {name: derived_column(name, dtype, False) for name, dtype in DTYPES.items()}
NULLABLE = {name: derived_column(name, dtype, True) for name, dtype in DTYPES.items()}


def _frame() -> pl.DataFrame:
    return pl.DataFrame(
        {name: [SAMPLES[name]] for name in DTYPES},
        schema={name: to_polars_dtype(dtype) for name, dtype in DTYPES.items()},
    )


NATURAL = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "truediv": lambda a, b: a / b,
    "floordiv": lambda a, b: a // b,
    "mod": lambda a, b: a % b,
    "pow": lambda a, b: a.pow(b),
}


def _deliberate(op: str, left: d.DType, right: d.DType) -> bool:
    """Where pydantable computes in another dtype than Polars would (on purpose).

    * ``Decimal / x`` and ``x ** Decimal`` are Float64 (Polars keeps a decimal
      scale that silently rounds the quotient/power);
    * ``Decimal * Decimal`` keeps ``s1 + s2`` digits (Polars truncates to the
      larger scale: ``1.25 * 1.25 == 1.56``);
    * ``int ** int`` with a non-literal exponent is Float64, as in Python (Polars
      keeps Int64 and fails on a negative exponent).
    """
    decimals = isinstance(left, d.Decimal) or isinstance(right, d.Decimal)
    if op in ("truediv", "pow") and decimals:
        return True
    if op == "pow" and isinstance(left, d.Int64) and isinstance(right, d.Int64):
        return True
    return op == "mul" and isinstance(left, d.Decimal) and isinstance(right, d.Decimal)


ARITHMETIC_CASES = [
    (op, ln, rn)
    for op in rules.ARITHMETIC
    for ln, rn in itertools.product(DTYPES, repeat=2)
    if rules.arithmetic_result(op, DTYPES[ln], DTYPES[rn]) is not None
]


def test_arithmetic_matrix_is_not_empty() -> None:
    assert len(ARITHMETIC_CASES) > 60


@pytest.mark.parametrize(("op", "left", "right"), ARITHMETIC_CASES)
def test_arithmetic_dtype_matches_polars(op: str, left: str, right: str) -> None:
    node = n.Binary(op, n.Col(left), n.Col(right))
    typed = type_of(node, SCHEMA)
    frame = _frame()
    ours = frame.select(lower_expr(node, SCHEMA).alias("o"))
    assert ours.schema["o"] == to_polars_dtype(typed.dtype)
    if not _deliberate(op, DTYPES[left], DTYPES[right]):
        natural = frame.select(NATURAL[op](pl.col(left), pl.col(right)).alias("o"))
        assert natural.schema["o"] == to_polars_dtype(typed.dtype)
        assert ours["o"].to_list() == natural["o"].to_list()


@pytest.mark.parametrize(
    ("op", "left", "right", "expected"),
    [
        ("add", "int", "int", d.Int64()),
        ("truediv", "int", "int", d.Float64()),
        ("floordiv", "int", "int", d.Int64()),
        ("add", "int", "float", d.Float64()),
        ("mul", "dec2", "dec2", d.Decimal(38, 4)),
        ("add", "dec2", "dec9", d.Decimal(38, 9)),
        ("sub", "dec2", "int", d.Decimal(38, 2)),
        ("truediv", "dec2", "int", d.Float64()),
        ("sub", "date", "date", d.Duration()),
        ("add", "date", "dur", d.Date()),
        ("add", "dur", "date", d.Date()),
        ("sub", "naive", "naive", d.Duration()),
        ("add", "utc", "dur", d.Datetime("UTC")),
        ("sub", "dur", "dur", d.Duration()),
    ],
)
def test_arithmetic_result_table(
    op: str, left: str, right: str, expected: d.DType
) -> None:
    assert rules.arithmetic_result(op, DTYPES[left], DTYPES[right]) == expected


@pytest.mark.parametrize(
    ("op", "left", "right"),
    [
        ("add", "str", "str"),
        ("add", "str", "int"),
        ("add", "bool", "int"),
        ("add", "date", "int"),
        ("add", "date", "date"),
        ("sub", "naive", "utc"),
        ("add", "naive", "naive"),
        ("mul", "dur", "dur"),
        ("add", "ints", "ints"),
        ("add", "uuid", "str"),
        ("add", "size", "str"),
        ("sub", "time", "time"),
    ],
)
def test_arithmetic_rejections(op: str, left: str, right: str) -> None:
    assert rules.arithmetic_result(op, DTYPES[left], DTYPES[right]) is None
    nested = DTYPES[left].is_nested() or DTYPES[right].is_nested()
    # the original's wording, with the dtypes in Python's words
    opening = (
        "Arithmetic operators do not support struct-, list-, or map-typed columns"
        if nested
        else "Arithmetic operator requires numeric operands"
    )
    words = (
        f"{rules.python_words(DTYPES[left])} and {rules.python_words(DTYPES[right])}"
    )
    with pytest.raises(TypeError, match=re.escape(f"{opening}; got {words} in (")):
        type_of(n.Binary(op, n.Col(left), n.Col(right)), SCHEMA)


COMPARISONS = [
    (op, ln, rn)
    for op in rules.COMPARISON
    for ln, rn in itertools.product(DTYPES, repeat=2)
    if rules.comparable(op, DTYPES[ln], DTYPES[rn])
]


@pytest.mark.parametrize(("op", "left", "right"), COMPARISONS)
def test_accepted_comparisons_run_on_polars(op: str, left: str, right: str) -> None:
    node = n.Binary(op, n.Col(left), n.Col(right))
    assert type_of(node, SCHEMA) == Typed(d.Boolean(), False)
    assert type_of(node, NULLABLE) == Typed(d.Boolean(), True)
    out = _frame().select(lower_expr(node, SCHEMA).alias("o"))
    assert out.schema["o"] == pl.Boolean
    assert out["o"].to_list() in ([True], [False])


@pytest.mark.parametrize(
    ("op", "left", "right"),
    [
        ("eq", "str", "int"),
        ("lt", "int", "str"),
        ("eq", "date", "naive"),
        ("lt", "naive", "utc"),
        ("eq", "bool", "int"),
        ("lt", "ints", "ints"),
        ("lt", "bin", "bin"),
        ("eq", "ints", "int"),
        ("eq", "dur", "int"),
    ],
)
def test_comparison_rejections(op: str, left: str, right: str) -> None:
    assert not rules.comparable(op, DTYPES[left], DTYPES[right])
    ordering_nested = op not in ("eq", "ne") and (
        DTYPES[left].is_nested() or DTYPES[right].is_nested()
    )
    expected = (
        "Ordering comparisons do not support struct-, list-, or map-typed columns"
        if ordering_nested
        else f"cannot compare {DTYPES[left]!r} with"
    )
    with pytest.raises(TypeError, match=re.escape(expected)):
        type_of(n.Binary(op, n.Col(left), n.Col(right)), SCHEMA)


def test_semantic_string_types_compare_with_strings() -> None:
    assert rules.comparable("eq", d.UUID(), d.String())
    assert rules.comparable("eq", d.Enum(Size), d.String())
    assert rules.comparable("eq", d.Literal(("a",)), d.String())
    assert rules.comparable("lt", d.Decimal(), d.Int64())


# -- casts ------------------------------------------------------------------------------

#: A string sample that parses as each cast target.
STRING_FOR = {
    "int": "12",
    "float": "1.5",
    "dec2": "1.25",
    "dec9": "1.25",
    "str": "a",
    "date": "2024-01-02",
    "naive": "2024-01-02 03:04:05",
    "utc": "2024-01-02 03:04:05",
    "time": "01:02:03",
}


def _cast_accepted(source: str, target: str) -> bool:
    try:
        type_of(n.Cast(n.Col(source), DTYPES[target]), SCHEMA)
    except TypeError:
        return False
    return True


CASTS = [
    (s, t)
    for s, t in itertools.product(DTYPES, repeat=2)
    # a str Enum cast to a number parses its values: data-dependent, like str
    if _cast_accepted(s, t) and not (s == "size" and t not in ("str", "size"))
]
REJECTED_CASTS = [
    (s, t) for s, t in itertools.product(DTYPES, repeat=2) if not _cast_accepted(s, t)
]


@pytest.mark.parametrize(("source", "target"), CASTS)
def test_accepted_casts_run_on_polars(source: str, target: str) -> None:
    frame = _frame()
    if source == "str":
        frame = frame.with_columns(pl.lit(STRING_FOR[target]).alias("str"))
    node = n.Cast(n.Col(source), DTYPES[target])
    out = frame.select(lower_expr(node, SCHEMA).alias("o"))
    assert out.schema["o"] == to_polars_dtype(DTYPES[target])
    assert out["o"].null_count() == 0


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("str", "uuid"),
        ("str", "size"),
        ("int", "size"),
        ("str", "bool"),
        ("bool", "dec2"),
        ("date", "time"),
        ("date", "dur"),
        ("dur", "str"),
        ("dur", "date"),
        ("time", "naive"),
        ("uuid", "int"),
        ("ints", "str"),
        ("int", "date"),
        ("bin", "int"),
    ],
)
def test_rejected_casts(source: str, target: str) -> None:
    assert (source, target) in REJECTED_CASTS
    with pytest.raises(
        TypeError, match=re.escape(f"cannot cast {DTYPES[source]!r} to")
    ):
        type_of(n.Cast(n.Col(source), DTYPES[target]), SCHEMA)


def test_cast_into_literal_dtype_rejected() -> None:
    with pytest.raises(TypeError, match="validated ingest"):
        type_of(n.Cast(n.Col("str"), d.Literal(("a", "b"))), SCHEMA)


def test_cast_keeps_nullability() -> None:
    node = n.Cast(n.Col("int"), d.Float64())
    assert type_of(node, SCHEMA) == Typed(d.Float64(), False)
    assert type_of(node, NULLABLE) == Typed(d.Float64(), True)


def test_typed_null_cast() -> None:
    assert type_of(n.Cast(n.Lit(None, NULL), d.Int64()), SCHEMA) == Typed(
        d.Int64(), True
    )


# -- nullability ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("node", "nullable"),
    [
        (n.Binary("add", n.Col("int"), n.Lit(1, d.Int64())), False),
        (n.Binary("add", n.Col("int"), n.Lit(None, d.Int64())), True),
        (n.Binary("floordiv", n.Col("int"), n.Lit(2, d.Int64())), False),
        (n.Binary("floordiv", n.Col("int"), n.Lit(0, d.Int64())), True),
        (n.Binary("floordiv", n.Col("int"), n.Col("int")), True),
        (n.Binary("mod", n.Lit(7, d.Int64()), n.Col("int")), True),
        (n.Binary("floordiv", n.Col("float"), n.Col("float")), False),
        (n.Binary("truediv", n.Col("int"), n.Col("int")), False),
        (n.Call("is_null", (n.Col("int"),)), False),
        (n.Call("is_in", (n.Col("int"), n.Lit(1, d.Int64()))), False),
        (n.Call("fill_null", (n.Col("int"), n.Lit(0, d.Int64()))), False),
        (n.Call("coalesce", (n.Col("int"), n.Lit(None, d.Int64()))), False),
        (n.When(((n.Col("bool"), n.Col("int")),), n.Lit(None, NULL)), True),
        (n.When(((n.Col("bool"), n.Col("int")),), n.Lit(0, d.Int64())), False),
    ],
)
def test_nullability_rules(node: n.Node, nullable: bool) -> None:
    assert type_of(node, SCHEMA).nullable is nullable


def test_nullable_inputs_propagate() -> None:
    for node in (
        n.Binary("add", n.Col("int"), n.Col("int")),
        n.Binary("and", n.Col("bool"), n.Col("bool")),
        n.Unary("neg", n.Col("int")),
        n.Unary("not", n.Col("bool")),
        n.Call("is_in", (n.Col("int"), n.Lit(1, d.Int64()))),
        n.Call("coalesce", (n.Col("int"), n.Col("int"))),
    ):
        assert type_of(node, NULLABLE).nullable, describe(node)
    assert not type_of(n.Call("is_null", (n.Col("int"),)), NULLABLE).nullable
    fill = n.Call("fill_null", (n.Col("int"), n.Lit(0, d.Int64())))
    assert type_of(fill, NULLABLE) == Typed(d.Int64(), False)


# -- unify ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        (
            [Typed(d.Int64(), False), Typed(d.Float64(), False)],
            Typed(d.Float64(), False),
        ),
        ([Typed(d.Int64(), False), Typed(NULL, True)], Typed(d.Int64(), True)),
        ([Typed(NULL, True), Typed(d.String(), False)], Typed(d.String(), True)),
        (
            [Typed(d.Decimal(10, 2), False), Typed(d.Int64(), False)],
            Typed(d.Decimal(38, 2), False),
        ),
        (
            [Typed(d.Literal(("a", "b")), False), Typed(d.String(), False)],
            Typed(d.String(), False),
        ),
        (
            [Typed(d.Enum(Size), False), Typed(d.Enum(Size), False)],
            Typed(d.Enum(Size), False),
        ),
        ([Typed(d.Date(), True), Typed(d.Date(), False)], Typed(d.Date(), True)),
    ],
)
def test_unify(types: list[Typed], expected: Typed) -> None:
    assert unify(types, what="values") == expected


@pytest.mark.parametrize(
    "types",
    [
        [Typed(d.Int64(), False), Typed(d.String(), False)],
        [Typed(d.Boolean(), False), Typed(d.Int64(), False)],
        [Typed(d.Date(), False), Typed(d.Datetime(), False)],
        [Typed(d.Datetime(), False), Typed(d.Datetime("UTC"), False)],
    ],
)
def test_unify_rejects(types: list[Typed]) -> None:
    with pytest.raises(TypeError, match="incompatible dtypes"):
        unify(types, what="values")


# -- Literal / Enum membership --------------------------------------------------------

MEMBERS = {
    "lit": derived_column("lit", d.Literal(("a", "b")), False),
    "num": derived_column("num", d.Literal((1, 2)), False),
    "size": derived_column("size", d.Enum(Size), False),
    "other": derived_column("other", d.String(), False),
}


@pytest.mark.parametrize(
    ("column", "value"),
    [("lit", "a"), ("lit", "b"), ("num", 2), ("size", "m"), ("size", Size.S)],
)
@pytest.mark.parametrize("op", ["eq", "ne"])
def test_member_comparisons_accepted(column: str, value: Any, op: str) -> None:
    from pydantable.expressions.rules import dtype_of_value

    literal = n.Lit(value, dtype_of_value(value))
    assert type_of(n.Binary(op, n.Col(column), literal), MEMBERS).dtype == d.Boolean()
    assert type_of(n.Binary(op, literal, n.Col(column)), MEMBERS).dtype == d.Boolean()


@pytest.mark.parametrize(
    ("column", "value"), [("lit", "z"), ("num", 3), ("size", "xl"), ("lit", "A")]
)
def test_member_comparisons_outside_the_set_rejected(column: str, value: Any) -> None:
    from pydantable.expressions.rules import dtype_of_value

    literal = n.Lit(value, dtype_of_value(value))
    with pytest.raises(TypeError, match=f"{value!r} is not one of the allowed values"):
        type_of(n.Binary("eq", n.Col(column), literal), MEMBERS)


def test_member_column_compared_with_plain_column_is_not_checked() -> None:
    node = n.Binary("eq", n.Col("lit"), n.Col("other"))
    assert type_of(node, MEMBERS) == Typed(d.Boolean(), False)


# -- misc -----------------------------------------------------------------------------


def test_unknown_column() -> None:
    with pytest.raises(ColumnNotFoundError, match="'nope' not found") as info:
        type_of(n.Col("nope"), SCHEMA)
    assert isinstance(info.value, KeyError)
    assert isinstance(info.value, ValueError)


def test_unknown_column_suggests_close_match() -> None:
    with pytest.raises(ColumnNotFoundError, match="Did you mean 'float'"):
        type_of(n.Col("flaot"), SCHEMA)


@pytest.mark.parametrize(
    ("value", "dtype"),
    [
        (True, d.Boolean()),
        (1, d.Int64()),
        (1.5, d.Float64()),
        ("a", d.String()),
        (b"a", d.Binary()),
        (dt.date(2024, 1, 1), d.Date()),
        (dt.datetime(2024, 1, 1), d.Datetime()),
        (dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc), d.Datetime("UTC")),
        (dt.time(1), d.Time()),
        (dt.timedelta(1), d.Duration()),
        (decimal.Decimal("1.25"), d.Decimal(38, 2)),
        (decimal.Decimal("3"), d.Decimal(38, 0)),
        (uuid.UUID(int=1), d.UUID()),
        (ipaddress.IPv4Address("1.2.3.4"), d.IPv4()),
        (ipaddress.IPv6Address("::1"), d.IPv6()),
        (Size.S, d.Enum(Size)),
    ],
)
def test_dtype_of_value(value: Any, dtype: d.DType) -> None:
    assert rules.dtype_of_value(value) == dtype


@pytest.mark.parametrize("value", [object(), [1], {"a": 1}, None.__class__])
def test_dtype_of_unsupported_value(value: Any) -> None:
    with pytest.raises(TypeError, match="as a literal"):
        rules.dtype_of_value(value)


def test_describe() -> None:
    node = n.Binary("add", n.Col("a"), n.Cast(n.Lit(1, d.Int64()), d.Float64()))
    assert describe(node) == "(col('a') + 1.cast(Float64))"
    assert (
        describe(n.Alias(n.Unary("neg", n.Col("a")), "b")) == "neg(col('a')).alias('b')"
    )
    assert describe(n.Call("is_null", (n.Col("a"),))) == "is_null(col('a'))"


# -- literals with an explicit dtype --------------------------------------------------


@pytest.mark.parametrize(
    ("value", "dtype", "stored"),
    [
        (1, float, 1.0),
        ("5", int, 5),
        ("m", Size, Size.M),
        (str(uuid.UUID(int=3)), uuid.UUID, uuid.UUID(int=3)),
        ("a", typing.Literal["a", "b"], "a"),
        ("1.5", decimal.Decimal, decimal.Decimal("1.5")),
    ],
)
def test_lit_with_dtype_validates_and_coerces(
    value: Any, dtype: Any, stored: Any
) -> None:
    expr = lit(value, dtype)
    assert isinstance(expr.node, n.Lit)
    assert expr.node.value == stored
    assert type(expr.node.value) is type(stored)


@pytest.mark.parametrize(
    ("value", "dtype"),
    [
        ("zzz", uuid.UUID),
        ("xl", Size),
        ("c", typing.Literal["a", "b"]),
        ("x", int),
        (dt.datetime(2024, 1, 1), d.Datetime("UTC")),
        (dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc), dt.datetime),
    ],
)
def test_lit_with_dtype_rejects_invalid_values(value: Any, dtype: Any) -> None:
    with pytest.raises(TypeError, match="is not a valid"):
        lit(value, dtype)
