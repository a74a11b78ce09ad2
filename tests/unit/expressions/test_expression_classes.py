"""The original's public expression classes: ``CompareOp``, ``BinaryOp``,
``WhenChain`` (``isinstance`` targets) and the ``ColumnRef(name=, dtype=)`` constructor."""

from __future__ import annotations

import datetime as dt

import pydantic
import pytest

from pydantable import DataFrameModel
from pydantable import dtypes as d
from pydantable.expressions import (
    BinaryOp,
    ColumnRef,
    CompareOp,
    Expr,
    WhenChain,
    col,
    lit,
    when,
)


class T(DataFrameModel):
    x: int
    y: float | None
    ok: bool
    name: str


@pytest.fixture
def t() -> T:
    return T(
        {
            "x": [1, 2, 3],
            "y": [0.5, None, 2.0],
            "ok": [True, False, True],
            "name": ["a", "b", "c"],
        }
    )


def test_comparisons_are_compare_ops(t: T) -> None:
    reflected = 1 < t.x  # noqa: SIM300 - the reflected operator on purpose
    for expr in (t.x == 1, t.x != 1, t.x < 2, t.x <= 2, t.y > 0, t.y >= 0, reflected):
        assert isinstance(expr, CompareOp)
        assert isinstance(expr, Expr)
        assert not isinstance(expr, BinaryOp)
        assert expr.dtype == d.Boolean()
    assert isinstance(col("x") == 1, CompareOp)  # unbound too


def test_arithmetic_and_logic_are_binary_ops(t: T) -> None:
    for expr in (
        t.x + 1,
        1 - t.x,
        t.x * t.y,
        t.x / 2,
        t.x // 2,
        t.x % 2,
        t.x**2,
        t.ok & (t.x > 1),
        t.ok | t.ok,
    ):
        assert isinstance(expr, BinaryOp)
        assert not isinstance(expr, CompareOp)
    # anything else is neither
    for expr in (t.x, -t.x, t.x.abs(), (t.x + 1).alias("z"), t.name.upper(), lit(1)):
        assert not isinstance(expr, (BinaryOp, CompareOp))


def test_operator_expressions_behave_like_any_expression(t: T) -> None:
    out = t.select(s=(t.x + 1) * 2, c=(t.x > 1) & t.ok).to_dict()
    assert out == {"s": [4, 6, 8], "c": [False, False, True]}
    assert (t.x + 1).node == (t.x + 1).node


def test_when_returns_a_when_chain(t: T) -> None:
    chain = when(t.x > 1, "big")
    assert isinstance(chain, WhenChain)
    assert isinstance(chain.when(t.x > 2, "huge"), WhenChain)
    assert isinstance(when(t.x > 1).then("big"), WhenChain)
    done = chain.otherwise("small")
    assert isinstance(done, Expr)
    assert not isinstance(done, WhenChain)
    assert t.select(done.alias("size")).to_dict() == {"size": ["small", "big", "big"]}


def test_column_ref_constructor(t: T) -> None:
    ref = ColumnRef(name="x", dtype=int)
    assert isinstance(ref, ColumnRef)
    assert isinstance(ref, Expr)
    assert (ref.name, ref.dtype, ref.nullable) == ("x", d.Int64(), False)
    assert t.select((ref + 1).alias("z")).to_dict() == {"z": [2, 3, 4]}
    nullable = ColumnRef(name="y", dtype=float | None)
    assert (nullable.dtype, nullable.nullable) == (d.Float64(), True)
    assert ColumnRef(name="when", dtype=d.Datetime()).dtype == d.Datetime()
    assert ColumnRef(name="when", dtype=dt.date).dtype == d.Date()
    # typed by its dtype until used on a frame
    with pytest.raises(TypeError, match=r"requires a string column; got int"):
        ColumnRef(name="x", dtype=int).upper()
    assert isinstance(ColumnRef(name="x", dtype=int) > 0, CompareOp)


def test_column_ref_constructor_arguments() -> None:
    with pytest.raises(TypeError, match="non-empty string"):
        ColumnRef(name="", dtype=int)
    with pytest.raises(TypeError, match="non-empty string"):
        ColumnRef(name=1, dtype=int)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="needs the column's dtype"):
        ColumnRef(name="x")
    with pytest.raises(TypeError, match="unsupported column type"):
        ColumnRef(name="x", dtype=object)
    with pytest.raises(TypeError):
        ColumnRef(name="x", dtype=int | str)


def test_column_refs_of_frames_are_column_refs(t: T) -> None:
    for ref in (t.x, t["x"], t.col("x")):
        assert isinstance(ref, ColumnRef)
        assert ref.name == "x"


def test_expr_dtype_stays_a_dtype_object(t: T) -> None:
    # a deliberate difference from the original (docs/differences.md)
    assert (t.x + 1).dtype == d.Int64()
    assert not isinstance((t.x + 1).dtype, type)
    assert issubclass(T.RowModel, pydantic.BaseModel)
