"""Core frame operations on ``DataFrameModel`` (``frame.py``), checked against Polars."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

from pydantable import ColumnNotFoundError, DataFrameModel, col
from pydantable.engines.polars import lower_plan, polars_schema


class Player(DataFrameModel):
    id: int
    name: str
    score: float | None
    team: str


DATA: dict[str, list[Any]] = {
    "id": [1, 2, 3, 4, 5, 6],
    "name": ["ann", "bob", "cy", "dee", "eve", "fay"],
    "score": [2.0, None, 1.0, 2.0, None, 3.5],
    "team": ["x", "y", "x", "y", "x", "y"],
}


@pytest.fixture
def df() -> Player:
    return Player(DATA)


@pytest.fixture
def raw() -> pl.DataFrame:
    return pl.DataFrame(DATA, schema=polars_schema(Player.__pydantable_schema__))


def _same_as_polars(frame: Any, expected: pl.DataFrame) -> None:
    """Values, column order and dtypes equal the hand-written Polars result."""
    assert frame.to_dict() == expected.to_dict(as_series=False)
    assert frame.columns == expected.columns
    assert lower_plan(frame._plan).collect_schema() == polars_schema(frame.schema)
    assert frame.to_polars().schema == expected.schema


# -- select ------------------------------------------------------------------------


def test_select_names(df: Player, raw: pl.DataFrame) -> None:
    _same_as_polars(df.select("team", "id"), raw.select("team", "id"))


def test_select_exprs_aliases_and_kwargs(df: Player, raw: pl.DataFrame) -> None:
    out = df.select(df.name, (df.id * 10).alias("tens"), half=df.score / 2)
    _same_as_polars(
        out, raw.select("name", tens=pl.col("id") * 10, half=pl.col("score") / 2)
    )
    assert out.dtypes == {"name": str, "tens": int, "half": float | None}


def test_select_list_argument(df: Player) -> None:
    assert df.select(["id", "name"]).columns == ["id", "name"]


def test_select_unaliased_expression_takes_left_column_name(df: Player) -> None:
    assert df.select(df.id + 1).to_dict() == {"id": [2, 3, 4, 5, 6, 7]}


@pytest.mark.parametrize(
    ("exclude", "columns"),
    [("score", ["id", "name", "team"]), (["id", "team"], ["name", "score"])],
)
def test_select_exclude(df: Player, exclude: Any, columns: list[str]) -> None:
    out = df.select(exclude=exclude)
    assert out.columns == columns
    assert out.to_dict() == {c: DATA[c] for c in columns}


def test_select_exclude_with_names(df: Player) -> None:
    assert df.select("id", "name", "team", exclude="name").columns == ["id", "team"]


def test_select_exclude_unknown_column(df: Player) -> None:
    with pytest.raises(ColumnNotFoundError, match="'nope'"):
        df.select(exclude="nope")


@pytest.mark.parametrize(
    "build",
    [
        lambda df: df.select("id", "id"),
        lambda df: df.select("id", df.id),
        lambda df: df.select(df.id, df.id + 1),
        lambda df: df.select("id", id=df.id * 2),
    ],
)
def test_select_duplicate_names(df: Player, build: Any) -> None:
    with pytest.raises(ValueError, match=r"duplicate column names \['id'\]"):
        build(df)


def test_select_unknown_column(df: Player) -> None:
    with pytest.raises(ColumnNotFoundError, match="Did you mean 'name'"):
        df.select("nmae")


# -- with_columns ------------------------------------------------------------------


def test_with_columns_replacement_keeps_position(df: Player, raw: pl.DataFrame) -> None:
    out = df.with_columns(score=df.score.fill_null(0.0), id=df.id * 100)
    _same_as_polars(
        out,
        raw.with_columns(score=pl.col("score").fill_null(0.0), id=pl.col("id") * 100),
    )
    assert out.columns == ["id", "name", "score", "team"]
    assert out.schema["score"].nullable is False


def test_with_columns_new_appended_in_order(df: Player, raw: pl.DataFrame) -> None:
    out = df.with_columns(zeta=df.id + 1, alpha=df.name, mid=df.score > 1)
    _same_as_polars(
        out,
        raw.with_columns(
            zeta=pl.col("id") + 1, alpha=pl.col("name"), mid=pl.col("score") > 1
        ),
    )
    assert out.columns == ["id", "name", "score", "team", "zeta", "alpha", "mid"]


def test_with_columns_positional_alias(df: Player) -> None:
    out = df.with_columns((df.id * 2).alias("twice"), df.team.alias("group"))
    assert out.columns == [*DATA, "twice", "group"]
    assert out.to_dict()["twice"] == [2, 4, 6, 8, 10, 12]


def test_with_columns_sees_the_input_frame(df: Player) -> None:
    # all expressions read the input columns, not each other's outputs (Polars)
    out = df.with_columns(id=df.id + 1, old_id=df.id)
    assert out.to_dict()["old_id"] == DATA["id"]


@pytest.mark.parametrize("name", ["copy", "json", "schema"])
def test_transform_to_column_named_like_basemodel_attribute(
    df: Player, name: str
) -> None:
    out = df.with_columns(
        **{name: df.id}
    )  # filterwarnings=error turns a warning into a failure
    assert out.to_dict()[name] == DATA["id"]
    assert [getattr(r, name) for r in out.collect()] == DATA["id"]


def test_with_columns_type_change_changes_dtypes(df: Player) -> None:
    out = df.with_columns(id=df.id.cast(str))
    assert out.dtypes["id"] is str
    assert out.to_dict()["id"] == ["1", "2", "3", "4", "5", "6"]


# -- filter ------------------------------------------------------------------------


def test_filter_single(df: Player, raw: pl.DataFrame) -> None:
    _same_as_polars(df.filter(df.team == "x"), raw.filter(pl.col("team") == "x"))


def test_filter_several_predicates_are_anded(df: Player, raw: pl.DataFrame) -> None:
    out = df.filter(df.id > 1, df.team == "y", df.score >= 2.0)
    _same_as_polars(
        out,
        raw.filter(pl.col("id") > 1, pl.col("team") == "y", pl.col("score") >= 2.0),
    )
    assert out.to_dict()["id"] == [4, 6]


def test_filter_null_counts_as_false(df: Player) -> None:
    assert df.filter(df.score > 0).to_dict()["id"] == [1, 3, 4, 6]
    assert df.filter(~(df.score > 0)).to_dict()["id"] == []
    assert df.filter(df.score.is_null()).to_dict()["id"] == [2, 5]


def test_filter_chained(df: Player) -> None:
    out = df.filter(df.team == "x").filter(col("id") > 1)
    assert out.to_dict()["id"] == [3, 5]


def test_filter_requires_a_predicate(df: Player) -> None:
    with pytest.raises(TypeError, match="predicate"):
        df.filter()


@pytest.mark.parametrize(
    "predicate",
    [lambda df: df.id, lambda df: df.name, lambda df: df.score * 2, lambda df: "team"],
)
def test_filter_non_boolean(df: Player, predicate: Any) -> None:
    with pytest.raises(
        TypeError, match=r"filter\(condition\) expects condition typed as bool"
    ):
        df.filter(predicate(df))


# -- sort --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (lambda df: df.sort("score"), lambda r: r.sort("score")),
        (
            lambda df: df.sort("score", descending=True),
            lambda r: r.sort("score", descending=True),
        ),
        (
            lambda df: df.sort("score", nulls_last=True),
            lambda r: r.sort("score", nulls_last=True),
        ),
        (
            lambda df: df.sort(
                "team", df.score, descending=[False, True], nulls_last=[False, True]
            ),
            lambda r: r.sort(
                "team", "score", descending=[False, True], nulls_last=[False, True]
            ),
        ),
        (
            lambda df: df.sort(df.score * -1, "id"),
            lambda r: r.sort(pl.col("score") * -1, "id"),
        ),
        (
            lambda df: df.sort(["team", "id"], descending=True),
            lambda r: r.sort(["team", "id"], descending=True),
        ),
    ],
)
def test_sort(df: Player, raw: pl.DataFrame, ours: Any, theirs: Any) -> None:
    _same_as_polars(ours(df), theirs(raw))


def test_sort_multi_key_values(df: Player) -> None:
    out = df.sort("team", "score", descending=[True, False], nulls_last=True)
    assert out.to_dict()["id"] == [4, 6, 2, 3, 1, 5]


def test_sort_maintain_order_is_stable(df: Player) -> None:
    big = Player({k: v * 50 for k, v in DATA.items()})
    out = big.sort("team", maintain_order=True).to_dict()
    x_ids = [i for i, t in zip(out["id"], out["team"], strict=True) if t == "x"]
    assert x_ids == [1, 3, 5] * 50
    assert out["team"] == ["x"] * 150 + ["y"] * 150


def test_sort_errors(df: Player) -> None:
    with pytest.raises(TypeError, match="at least one key"):
        df.sort()
    with pytest.raises(ValueError, match="2 flags for 1 sort keys"):
        df.sort("id", descending=[True, False])
    with pytest.raises(ColumnNotFoundError):
        df.sort("nope")


def test_sort_rejects_unorderable() -> None:
    class Tags(DataFrameModel):
        tags: list[str]

    tags = Tags({"tags": [["a"], []]})
    with pytest.raises(TypeError, match="no order"):
        tags.sort("tags")


# -- slicing -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (lambda df: df.head(2), lambda r: r.head(2)),
        (lambda df: df.head(), lambda r: r.head()),
        (lambda df: df.head(100), lambda r: r.head(100)),
        (lambda df: df.limit(3), lambda r: r.limit(3)),
        (lambda df: df.tail(2), lambda r: r.tail(2)),
        (lambda df: df.tail(0), lambda r: r.tail(0)),
        (lambda df: df.tail(100), lambda r: r.tail(100)),
        (lambda df: df.slice(1, 3), lambda r: r.slice(1, 3)),
        (lambda df: df.slice(4), lambda r: r.slice(4)),
        (lambda df: df.slice(-2), lambda r: r.slice(-2)),
        (lambda df: df.slice(-3, 2), lambda r: r.slice(-3, 2)),
        (lambda df: df.slice(10, 2), lambda r: r.slice(10, 2)),
        (lambda df: df.slice(2, 0), lambda r: r.slice(2, 0)),
    ],
)
def test_slicing(df: Player, raw: pl.DataFrame, ours: Any, theirs: Any) -> None:
    out = ours(df)
    expected = theirs(raw)
    _same_as_polars(out, expected)
    assert out.shape == expected.shape


@pytest.mark.parametrize(("offset", "length"), [(-10, 2), (-10, 7)])
def test_slice_before_start_shape(
    df: Player, raw: pl.DataFrame, offset: int, length: int
) -> None:
    out = df.slice(offset, length)
    expected = raw.slice(offset, length)
    assert out.to_dict() == expected.to_dict(as_series=False)
    assert out.shape == expected.shape


def test_slice_negative_length(df: Player) -> None:
    with pytest.raises(ValueError, match="length"):
        df.slice(0, -1)


def test_head_after_sort(df: Player) -> None:
    out = df.sort("score", descending=True, nulls_last=True, maintain_order=True).head(
        3
    )
    assert out.to_dict()["id"] == [6, 1, 4]


# -- rename / drop -----------------------------------------------------------------


def test_rename(df: Player, raw: pl.DataFrame) -> None:
    out = df.rename({"name": "player", "team": "squad"})
    _same_as_polars(out, raw.rename({"name": "player", "team": "squad"}))
    assert out.columns == ["id", "player", "score", "squad"]
    assert out.dtypes == {"id": int, "player": str, "score": float | None, "squad": str}
    assert out.player.name == "player"


def test_rename_swap(df: Player, raw: pl.DataFrame) -> None:
    _same_as_polars(
        df.rename({"name": "team", "team": "name"}),
        raw.rename({"name": "team", "team": "name"}),
    )


def test_rename_strict(df: Player) -> None:
    with pytest.raises(ColumnNotFoundError, match="'nope'"):
        df.rename({"nope": "x"})
    assert df.rename({"nope": "x", "id": "key"}, strict=False).columns == [
        "key",
        "name",
        "score",
        "team",
    ]


def test_rename_collision(df: Player) -> None:
    with pytest.raises(ValueError, match="duplicate column names"):
        df.rename({"name": "team"})


def test_drop(df: Player, raw: pl.DataFrame) -> None:
    _same_as_polars(df.drop("score", "team"), raw.drop("score", "team"))
    assert df.drop(df.id).columns == ["name", "score", "team"]
    assert df.drop(["id", "name"]).columns == ["score", "team"]


def test_drop_strict(df: Player) -> None:
    with pytest.raises(ColumnNotFoundError, match="'nope'"):
        df.drop("nope")
    assert df.drop("nope", "id", strict=False).columns == ["name", "score", "team"]


def test_columns_removed_by_transforms_are_gone(df: Player) -> None:
    out = df.drop("score")
    with pytest.raises(AttributeError, match="score"):
        out.score
    with pytest.raises(ColumnNotFoundError):
        out.filter(col("score") > 1)


# -- introspection -----------------------------------------------------------------


def test_columns_dtypes_schema(df: Player) -> None:
    assert df.columns == ["id", "name", "score", "team"]
    assert df.dtypes == {"id": int, "name": str, "score": float | None, "team": str}
    assert df.schema is Player.__pydantable_schema__
    assert df.schema["score"].nullable
    total = df.with_columns(total=df.id * df.score.fill_null(0.0))
    assert total.dtypes["total"] is float


def test_shape_counts_rows_after_filter(df: Player) -> None:
    assert df.shape == (6, 4)
    filtered = df.filter(df.team == "x")
    assert filtered.shape == (3, 4)
    assert len(filtered) == 3
    assert filtered.height == 3
    assert filtered.select("id").shape == (3, 1)
    assert df.filter(df.id > 100).is_empty()
    assert not df.is_empty()


def test_shape_after_filter_then_head(df: Player) -> None:
    assert df.filter(df.team == "y").head(10).shape == (3, 4)
    assert df.filter(df.team == "y").tail(2).to_dict()["id"] == [4, 6]


def test_col_and_getitem(df: Player) -> None:
    assert df.col("id").name == "id"
    assert df["name"].name == "name"
    with pytest.raises(ColumnNotFoundError):
        df.col("nope")


def test_explain_lists_steps_without_running(df: Player) -> None:
    out = (
        df.filter(df.id > 1)
        .with_columns(x=df.id * 2)
        .select("id", "x")
        .sort("x")
        .head(2)
    )
    text = out.explain()
    lines = text.splitlines()
    assert lines[0] == "source(engine=polars, rows=6)"
    assert lines[1:] == [
        "filter",
        "with_columns(x)",
        "select(id, x)",
        "sort(1 keys)",
        "slice(offset=0, length=2)",
    ]


def test_repr(df: Player) -> None:
    text = repr(df)
    assert text.splitlines()[0] == "Player(columns=4, rows=6)"
    assert "  score: Float64 | None" in text.splitlines()
    out = df.select("id", "team")
    assert repr(out).splitlines()[1:3] == ["  id: Int64", "  team: String"]


def test_transforms_do_not_mutate(df: Player) -> None:
    before = df.to_dict()
    df.with_columns(id=df.id * 2).filter(df.id > 2).rename({"id": "x"}).drop("name")
    assert df.to_dict() == before
    assert df.columns == list(DATA)


def test_frames_are_reusable_and_lazy(df: Player) -> None:
    base = df.with_columns(double=df.id * 2)
    a = base.filter(base.double > 4)
    b = base.filter(base.double <= 4)
    assert a.to_dict()["id"] == [3, 4, 5, 6]
    assert b.to_dict()["id"] == [1, 2]
    assert a.to_dict() == a.to_dict()


def test_collect_variants(df: Player) -> None:
    out = df.filter(df.team == "x").select("id", "score")
    assert out.collect(as_lists=True) == {"id": [1, 3, 5], "score": [2.0, 1.0, None]}
    rows = out.collect()
    assert [(r.id, r.score) for r in rows] == [(1, 2.0), (3, 1.0), (5, None)]
    assert out.rows() == rows
    assert out.to_dicts() == [
        {"id": 1, "score": 2.0},
        {"id": 3, "score": 1.0},
        {"id": 5, "score": None},
    ]


def test_empty_frame_keeps_schema() -> None:
    empty = Player({k: [] for k in DATA})
    assert empty.shape == (0, 4)
    assert empty.to_dict() == {k: [] for k in DATA}
    assert empty.to_polars().schema == polars_schema(Player.__pydantable_schema__)
    out = empty.with_columns(x=empty.id + 1).filter(empty.id > 0)
    assert out.to_dict() == {**{k: [] for k in DATA}, "x": []}
