"""Joins and as-of joins: differential tests against hand-written Polars, schemas, errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from differential import assert_matches_polars
from pydantable import DataFrameModel
from pydantable.errors import ColumnNotFoundError, JoinValidationError
from pydantable.frame import BaseFrame


class L(DataFrameModel):
    k: int | None
    k2: str
    x: int
    y: float | None


class R(DataFrameModel):
    k: int | None
    k2: str
    rk: int
    x: str
    z: bool


_key = st.one_of(st.none(), st.integers(0, 3))
_k2 = st.sampled_from(["a", "b"])
left_rows = st.lists(
    st.fixed_dictionaries(
        {
            "k": _key,
            "k2": _k2,
            "x": st.integers(-5, 5),
            "y": st.one_of(st.none(), st.floats(-10, 10)),
        }
    ),
    max_size=8,
)
right_rows = st.lists(
    st.fixed_dictionaries(
        {
            "k": _key,
            "k2": _k2,
            "rk": st.integers(0, 6),
            "x": st.text(max_size=3),
            "z": st.booleans(),
        }
    ),
    max_size=8,
)

HOWS = ["inner", "left", "right", "full", "semi", "anti"]
# (pydantable keys, Polars keys, plain column keys?)
KEY_FORMS: dict[str, Any] = {
    "on_name": (lambda a, b: {"on": "k"}, {"on": "k"}, True),
    "on_list": (lambda a, b: {"on": ["k", "k2"]}, {"on": ["k", "k2"]}, True),
    "left_right": (
        lambda a, b: {"left_on": "x", "right_on": "rk"},
        {"left_on": "x", "right_on": "rk"},
        True,
    ),
    "expr": (
        lambda a, b: {"left_on": a.x * 2, "right_on": b.rk},
        {"left_on": pl.col("x") * 2, "right_on": pl.col("rk")},
        False,
    ),
    "mixed_list": (
        lambda a, b: {"left_on": ["k2", a.k + 1], "right_on": [b.k2, "rk"]},
        {"left_on": ["k2", pl.col("k") + 1], "right_on": ["k2", "rk"]},
        False,
    ),
}


def _expected(
    a: BaseFrame, b: BaseFrame, how: str, form: str, **options: Any
) -> pl.DataFrame:
    polars_keys = KEY_FORMS[form][1]
    return a.to_polars().join(b.to_polars(), how=how, **polars_keys, **options)  # type: ignore[arg-type]


def _check(
    a: BaseFrame,
    b: BaseFrame,
    how: str,
    form: str,
    nulls: bool,
    coalesce: bool | None,
    suffix: str,
) -> None:
    keys = KEY_FORMS[form][0](a, b)
    options: dict[str, Any] = {"nulls_equal": nulls}
    if how not in ("semi", "anti"):
        options.update(coalesce=coalesce, suffix=suffix)
    got = a.join(b, how=how, **keys, **options)
    if not KEY_FORMS[form][2] and how not in ("semi", "anti"):
        options["coalesce"] = False  # Polars' effective setting for expression keys
    assert_matches_polars(
        got, _expected(a, b, how, form, **options), check_row_order=False
    )


_FIXED_L = L(
    {
        "k": [1, 1, None, 2, 3],
        "k2": ["a", "b", "a", "a", "b"],
        "x": [2, 0, 1, 1, 3],
        "y": [None, 1.0, 2.0, None, 0.5],
    }
)
_FIXED_R = R(
    {
        "k": [1, None, 2, 2, 5],
        "k2": ["a", "a", "a", "b", "b"],
        "rk": [4, 2, 1, 2, 0],
        "x": ["p", "q", "r", "s", "t"],
        "z": [True, False, True, False, True],
    }
)


MATRIX = [
    (how, form, nulls, coalesce)
    for how in HOWS
    for form in KEY_FORMS
    for nulls in (False, True)
    for coalesce in (None, True, False)
    if not (coalesce and not KEY_FORMS[form][2])  # an error: tested below
]


@pytest.mark.parametrize(("how", "form", "nulls", "coalesce"), MATRIX)
def test_every_join_type_key_form_and_option(
    how: str, form: str, nulls: bool, coalesce: bool | None
) -> None:
    _check(_FIXED_L, _FIXED_R, how, form, nulls, coalesce, "_right")


@settings(max_examples=60, deadline=None)
@given(
    left=left_rows,
    right=right_rows,
    how=st.sampled_from(HOWS),
    form=st.sampled_from(list(KEY_FORMS)),
    nulls=st.booleans(),
    coalesce=st.sampled_from([None, True, False]),
    suffix=st.sampled_from(["_right", "_r", "_x"]),
)
def test_join_matches_polars(
    left: list[dict[str, Any]],
    right: list[dict[str, Any]],
    how: str,
    form: str,
    nulls: bool,
    coalesce: bool | None,
    suffix: str,
) -> None:
    if coalesce and not KEY_FORMS[form][2]:
        coalesce = None
    _check(L(left), R(right), how, form, nulls, coalesce, suffix)


@settings(max_examples=15, deadline=None)
@given(left=left_rows, right=right_rows)
def test_cross_join_matches_polars(
    left: list[dict[str, Any]], right: list[dict[str, Any]]
) -> None:
    a, b = L(left), R(right)
    got = a.join(b, how="cross", maintain_order="left_right")
    expected = a.to_polars().join(
        b.to_polars(), how="cross", maintain_order="left_right"
    )
    assert_matches_polars(got, expected)
    assert got.height == len(left) * len(right)


def test_headline_example_3_join() -> None:
    class Sale(DataFrameModel):
        region: str
        day: int
        amount: float

    class Region(DataFrameModel):
        region: str
        manager: str

    s = Sale({"region": ["e", "w", "e"], "day": [1, 1, 2], "amount": [10.0, 4.0, 6.0]})
    r = Region({"region": ["e", "w"], "manager": ["Eve", "Wes"]})
    assert s.join(r, on="region", how="left").sort("region", "day").to_dict()[
        "manager"
    ] == ["Eve", "Eve", "Wes"]


def _nulls(frame: BaseFrame) -> dict[str, bool]:
    return {c.name: c.nullable for c in frame.schema.columns()}


def test_derived_nullability_per_join_type() -> None:
    a, b = _FIXED_L, _FIXED_R
    assert _nulls(a.join(b, on="k", how="inner")) == {
        "k": False,  # null keys never match
        "k2": False,
        "x": False,
        "y": True,
        "k2_right": False,
        "rk": False,
        "x_right": False,
        "z": False,
    }
    assert _nulls(a.join(b, on="k", how="inner", join_nulls=True))["k"] is True
    left = _nulls(a.join(b, on="k", how="left"))
    assert left["x"] is False
    assert left["rk"] is True
    assert left["z"] is True
    right = a.join(b, on="k", how="right")
    assert right.columns == ["k2", "x", "y", "k", "k2_right", "rk", "x_right", "z"]
    assert _nulls(right)["x"] is True
    assert _nulls(right)["rk"] is False
    full = a.join(b, on="k", how="outer")  # alias of full: both key columns kept
    assert full.columns == [
        "k",
        "k2",
        "x",
        "y",
        "k_right",
        "k2_right",
        "rk",
        "x_right",
        "z",
    ]
    assert all(_nulls(full).values())
    merged = a.join(b, left_on="x", right_on="rk", how="full", coalesce=True)
    assert "rk" not in merged.columns
    assert _nulls(merged)["x"] is False
    assert a.join(b, on="k", how="semi").columns == a.columns
    assert _nulls(a.join(b, on="k", how="semi"))["k"] is False
    assert _nulls(a.join(b, on="k", how="anti"))["k"] is True


def test_key_dtype_mismatch_names_columns_and_dtypes() -> None:
    with pytest.raises(TypeError, match=r"col\('k2'\) is String.*col\('rk'\) is Int64"):
        _FIXED_L.join(_FIXED_R, left_on="k2", right_on="rk")
    with pytest.raises(TypeError, match="join key dtypes differ"):
        _FIXED_L.join(_FIXED_R, left_on=_FIXED_L.y, right_on="rk")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"on": "nope"}, ColumnNotFoundError, "nope"),
        ({"on": "k", "how": "sideways"}, ValueError, "Unsupported join how 'sideways'"),
        (
            {"how": "cross", "on": "k"},
            ValueError,
            r"cross join does not accept on/left_on/right_on keys\.",
        ),
        ({"how": "inner"}, ValueError, r"join\(\) requires on=\.\.\. or both"),
        (
            {"left_on": ["k", "x"], "right_on": "k"},
            ValueError,
            r"join\(\) left_on and right_on must have the same length\.",
        ),
        ({"on": "k", "left_on": "k"}, ValueError, "either on="),
        ({"on": "k", "validate": "2:2"}, ValueError, "validate must be"),
        ({"on": "k", "maintain_order": "up"}, ValueError, "maintain_order"),
        ({"on": "k", "join_nulls": True, "nulls_equal": False}, ValueError, "disagree"),
        (
            {"left_on": _FIXED_L.x * 2, "right_on": "rk", "coalesce": True},
            ValueError,
            "coalesce",
        ),
        ({"on": "k", "suffix": ""}, ValueError, "duplicate column names"),
        ({"on": 3}, TypeError, "column names or expressions"),
    ],
)
def test_bad_join_arguments(
    kwargs: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        _FIXED_L.join(_FIXED_R, **kwargs)


def test_join_keys_from_selectors() -> None:
    from pydantable import selectors as sel

    got = _FIXED_L.join(_FIXED_R, on=sel.by_name("k", "k2"), how="left")
    expected = _FIXED_L.to_polars().join(
        _FIXED_R.to_polars(), on=["k", "k2"], how="left"
    )
    assert_matches_polars(got, expected, check_row_order=False)
    got = _FIXED_L.join(
        _FIXED_R, left_on=sel.starts_with("x"), right_on=sel.by_name("rk")
    )
    assert got.columns == ["k", "k2", "x", "y", "k_right", "k2_right", "x_right", "z"]


def test_generic_dataframe_join() -> None:
    from pydantable import DataFrame, Schema

    class A(Schema):
        id: int
        a: str

    class B(Schema):
        id: int
        b: float

    left = DataFrame[A]({"id": [1, 2], "a": ["x", "y"]})
    right = DataFrame[B]({"id": [2], "b": [0.5]})
    got = left.join(right, on="id", how="left", maintain_order="left")
    assert isinstance(got, DataFrame)
    assert got.to_dict() == {"id": [1, 2], "a": ["x", "y"], "b": [None, 0.5]}


def test_join_other_must_be_a_frame() -> None:
    with pytest.raises(TypeError, match="must be a pydantable frame"):
        _FIXED_L.join(_FIXED_L.to_polars(), on="k")


@settings(max_examples=40, deadline=None)
@given(
    left=left_rows,
    right=right_rows,
    validate=st.sampled_from(["1:1", "1:m", "m:1", "m:m"]),
    nulls=st.booleans(),
)
def test_validate_matches_polars(
    left: list[dict[str, Any]], right: list[dict[str, Any]], validate: str, nulls: bool
) -> None:
    a, b = L(left), R(right)
    try:
        expected = a.to_polars().join(
            b.to_polars(),
            on="k",
            validate=validate,
            nulls_equal=nulls,  # type: ignore[arg-type]
        )
    except pl.exceptions.ComputeError:
        with pytest.raises(JoinValidationError, match="not unique"):
            a.join(b, on="k", validate=validate, join_nulls=nulls)
        return
    got = a.join(b, on="k", validate=validate, join_nulls=nulls)
    assert_matches_polars(got, expected, check_row_order=False)


def test_validate_error_is_raised_when_built() -> None:
    with pytest.raises(JoinValidationError, match=r"right frame's keys \(col\('k'\)\)"):
        _FIXED_L.join(_FIXED_R, on="k", validate="m:1")
    assert isinstance(JoinValidationError("x"), ValueError)


def test_maintain_order_left_keeps_left_order() -> None:
    got = _FIXED_L.join(_FIXED_R, on="k", how="left", maintain_order=True)
    expected = _FIXED_L.to_polars().join(
        _FIXED_R.to_polars(), on="k", how="left", maintain_order="left"
    )
    assert_matches_polars(got, expected)


def test_join_frames_from_different_sources(tmp_path: Path) -> None:
    path = tmp_path / "right.parquet"
    _FIXED_R.to_polars().write_parquet(path)
    lazy_right = R.read_parquet(path)
    derived = _FIXED_L.filter(_FIXED_L.x > 0)
    got = derived.join(lazy_right, on="k", how="left")
    expected = derived.to_polars().join(_FIXED_R.to_polars(), on="k", how="left")
    assert_matches_polars(got, expected, check_row_order=False)


def test_inputs_are_not_mutated() -> None:
    before_l, before_r = _FIXED_L.to_dict(), _FIXED_R.to_dict()
    _FIXED_L.join(_FIXED_R, on="k", how="full").to_dict()
    assert _FIXED_L.to_dict() == before_l
    assert _FIXED_R.to_dict() == before_r
    assert _FIXED_L.columns == ["k", "k2", "x", "y"]


# -- as-of joins -----------------------------------------------------------------------


class Quote(DataFrameModel):
    t: int | None
    g: str
    v: int


class Price(DataFrameModel):
    t: int
    g: str
    p: float


quotes = st.lists(
    st.fixed_dictionaries(
        {
            "t": st.one_of(st.none(), st.integers(0, 20)),
            "g": _k2,
            "v": st.integers(0, 9),
        }
    ),
    max_size=8,
)
prices = st.lists(
    st.fixed_dictionaries({"t": st.integers(0, 20), "g": _k2, "p": st.floats(0, 100)}),
    max_size=8,
)


@settings(max_examples=40, deadline=None)
@given(
    left=quotes,
    right=prices,
    strategy=st.sampled_from(["backward", "forward", "nearest"]),
    by=st.sampled_from([None, "g"]),
    tolerance=st.sampled_from([None, 0, 3]),
    exact=st.booleans(),
)
def test_join_asof_matches_polars(
    left: list[dict[str, Any]],
    right: list[dict[str, Any]],
    strategy: str,
    by: str | None,
    tolerance: int | None,
    exact: bool,
) -> None:
    a, b = Quote(left), Price(right)
    got = a.join_asof(
        b,
        on="t",
        by=by,
        strategy=strategy,
        tolerance=tolerance,
        allow_exact_matches=exact,
    )
    expected = (
        a.to_polars()
        .sort("t")
        .join_asof(
            b.to_polars().sort("t"),
            on="t",
            by=by,
            strategy=strategy,  # type: ignore[arg-type]
            tolerance=tolerance,
            allow_exact_matches=exact,
            check_sortedness=False,
        )
    )
    assert_matches_polars(got, expected, check_row_order=False)
    assert got.schema["p"].nullable
    assert not got.schema["v"].nullable


def test_join_asof_sorts_inputs_and_handles_dates() -> None:
    class Ev(DataFrameModel):
        day: dt.date
        n: int

    class Rate(DataFrameModel):
        when: dt.date
        rate: float

    ev = Ev({"day": [dt.date(2024, 1, 9), dt.date(2024, 1, 2)], "n": [1, 2]})
    rate = Rate(
        {"when": [dt.date(2024, 1, 8), dt.date(2024, 1, 1)], "rate": [2.0, 1.0]}
    )
    got = ev.join_asof(rate, left_on="day", right_on="when", tolerance="3d")
    assert got.to_dict() == {
        "day": [dt.date(2024, 1, 2), dt.date(2024, 1, 9)],
        "n": [2, 1],
        "when": [dt.date(2024, 1, 1), dt.date(2024, 1, 8)],
        "rate": [1.0, 2.0],
    }


def test_join_asof_errors() -> None:
    a = Quote({"t": [1], "g": ["a"], "v": [1]})
    b = Price({"t": [1], "g": ["a"], "p": [1.0]})
    with pytest.raises(TypeError, match="numeric or temporal"):
        a.join_asof(b, on="g")
    with pytest.raises(ValueError, match="strategy"):
        a.join_asof(b, on="t", strategy="closest")
    with pytest.raises(ValueError, match="needs on="):
        a.join_asof(b)
    with pytest.raises(TypeError, match="join key dtypes differ"):
        a.join_asof(b, left_on="t", right_on="p")


# -- typed helpers ---------------------------------------------------------------------


def test_join_as_model_delegates_to_as_model() -> None:
    if not hasattr(BaseFrame, "as_model"):
        pytest.skip("as_model (column_ops) is not available yet")

    class Joined(DataFrameModel):
        k: int
        k2: str
        x: int
        y: float | None
        k2_right: str
        rk: int
        x_right: str
        z: bool

    got = _FIXED_L.join_as_model(Joined, _FIXED_R, on="k")
    assert isinstance(got, Joined)
    assert _FIXED_L.join_try_as_model(Joined, _FIXED_R, on="k", how="left") is None
    assert isinstance(_FIXED_L.join_assert_model(Joined, _FIXED_R, on="k"), Joined)
