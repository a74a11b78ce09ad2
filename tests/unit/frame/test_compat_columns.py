"""The original's contract for column ops and selectors (conformance delta 2.15).

Selector empty-match wording across operations, the dtype-group constants,
singular selector names, ``rename_map``, the rename family's signatures,
``select``/``select_schema``/``reorder_columns``/``drop``/``unique``/
``with_row_count`` and the null-handling messages. Expected values are
computed here with plain Python, not with the code under test.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import ipaddress
import uuid
from collections.abc import Callable
from typing import Any

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pydantable import ColumnNotFoundError, DataFrame, DataFrameModel, Schema
from pydantable import selectors as s


class Color(enum.Enum):
    red = "red"
    blue = "blue"


class Point(pydantic.BaseModel):
    x: int


class Every(DataFrameModel):
    i: int
    f: float | None
    d: decimal.Decimal
    t: str
    b: bool
    day: dt.date
    at: dt.datetime
    span: dt.timedelta
    li: list[int]
    st: Point
    mp: dict[str, int]
    raw: bytes
    uid: uuid.UUID
    color: Color
    v4: ipaddress.IPv4Address
    v6: ipaddress.IPv6Address


def _every() -> Every:
    return Every([])


class T(DataFrameModel):
    a: int
    b: str | None
    c: float


def _t() -> T:
    return T({"a": [1, 2, 1], "b": ["x", None, "x"], "c": [0.5, 1.5, 2.5]})


AVAILABLE = r"Available columns: \['a', 'b', 'c'\]"


# -- selector empty match ----------------------------------------------------------


class Nested(DataFrameModel):
    id: int
    xs: list[int]
    name: str


@pytest.mark.parametrize(
    ("build", "label"),
    [
        (lambda d: d.select(s.boolean()), r"select\(boolean\(\)\)"),
        (lambda d: d.select("a", s.temporal()), r"select\(temporal\(\)\)"),
        (lambda d: d.select(exclude=s.lists()), r"select\(exclude=lists\(\)\)"),
        (
            lambda d: d.with_columns_cast(s.boolean(), int),
            r"with_columns_cast\(boolean\(\)\)",
        ),
        (
            lambda d: d.with_columns_fill_null(s.boolean(), value=True),
            r"with_columns_fill_null\(boolean\(\)\)",
        ),
        (
            lambda d: d.fill_null(0, subset=s.temporal()),
            r"fill_null\(subset=temporal\(\)\)",
        ),
        (
            lambda d: d.rename_upper(s.temporal()),
            r"rename_upper\(selector=temporal\(\)\)",
        ),
        (
            lambda d: d.rename_prefix("x_", selector=s.starts_with("zz")),
            r"rename_prefix\(selector=starts_with\('zz'\)\)",
        ),
        (
            lambda d: d.rename_strip(s.ends_with("zz")),
            r"rename_strip\(selector=ends_with\('zz'\)\)",
        ),
        (
            lambda d: d.melt(id_vars="a", value_vars=s.boolean()),
            r"melt\(value_vars=boolean\(\)\)",
        ),
        (
            lambda d: d.melt(id_vars=s.temporal(), value_vars="c"),
            r"melt\(id_vars=temporal\(\)\)",
        ),
        (
            lambda d: d.pivot(columns=s.boolean(), index="a", values="c"),
            r"pivot\(columns=boolean\(\)\)",
        ),
        (
            lambda d: d.pivot(columns="b", index=s.temporal(), values="c"),
            r"pivot\(index=temporal\(\)\)",
        ),
        (lambda d: d.explode(s.lists()), r"explode\(columns=lists\(\)\)"),
        (lambda d: d.drop(s.lists()), r"drop\(lists\(\)\)"),
        (lambda d: d.sort(s.lists()), r"sort\(lists\(\)\)"),
        (lambda d: d.unique(s.lists()), r"unique\(subset=lists\(\)\)"),
        (lambda d: d.drop_nulls(s.lists()), r"drop_nulls\(subset=lists\(\)\)"),
        (lambda d: d.group_by(s.lists()), r"group_by\(lists\(\)\)"),
        (lambda d: d.select_schema(s.lists()), r"select_schema\(lists\(\)\)"),
        (lambda d: d.reorder_columns(s.lists()), r"reorder_columns\(lists\(\)\)"),
    ],
)
def test_selector_empty_match_names_the_operation(
    build: Callable[[T], Any], label: str
) -> None:
    with pytest.raises(
        ValueError, match=rf"^{label} matched no columns\. {AVAILABLE}$"
    ):
        build(_t())


def test_selector_empty_match_for_join_and_list_ops() -> None:
    n = Nested({"id": [1], "xs": [[1]], "name": ["a"]})
    with pytest.raises(ValueError, match=r"^join\(on=boolean\(\)\) matched no columns"):
        n.join(n, on=s.boolean())
    with pytest.raises(ValueError, match=r"^unnest\(columns=structs\(\)\) matched"):
        n.unnest(s.structs())
    assert n.explode(s.lists()).to_dict() == {"id": [1], "xs": [1], "name": ["a"]}


# -- dtype-group constants and singular names --------------------------------------


EVERY_GROUPS = {
    "NUMERIC": ["i", "f", "d"],
    "INTEGERS": ["i"],
    "FLOATS": ["f"],
    "DECIMALS": ["d"],
    "STRING": ["t"],
    "BOOLEAN": ["b"],
    "TEMPORAL": ["day", "at", "span"],
    "LIST": ["li"],
    "STRUCT": ["st"],
    "UUIDS": ["uid"],
    "BINARIES": ["raw"],
    "MAPS": ["mp"],
    "ENUMS": ["color"],
    "IPV4S": ["v4"],
    "IPV6S": ["v6"],
}


@pytest.mark.parametrize(("group", "expected"), sorted(EVERY_GROUPS.items()))
def test_dtype_groups_select_by_dtype(group: str, expected: list[str]) -> None:
    constant = getattr(s, group)
    assert _every().select(s.by_dtype(constant)).columns == expected
    assert group in s.__all__


def test_dtype_groups_combine_like_sets() -> None:
    frame = _every()
    assert frame.select(s.by_dtype(s.NUMERIC - s.INTEGERS)).columns == ["f", "d"]
    assert frame.select(s.by_dtype(s.STRING | s.BOOLEAN, int)).columns == [
        "i",
        "t",
        "b",
    ]
    assert frame.select(s.by_dtype(s.INTEGERS, s.LIST)).columns == ["i", "li"]


def test_wkbs_match_no_plain_bytes_column() -> None:
    frame = _every()
    assert "WKBS" in s.__all__
    assert s.by_dtype(s.WKBS).names(frame.schema) == []
    assert s.wkbs().names(frame.schema) == []
    with pytest.raises(ValueError, match=r"^select\(wkbs\(\)\) matched no columns"):
        frame.select(s.wkbs())
    assert frame.select(s.by_dtype(s.BINARIES)).columns == ["raw"]


def test_wkbs_match_wkb_columns() -> None:
    from pydantable.types import WKB

    class Geo(DataFrameModel):
        geom: WKB
        raw: bytes

    frame = Geo([])
    assert frame.select(s.by_dtype(s.WKBS)).columns == ["geom"]
    assert frame.select(s.wkbs()).columns == ["geom"]


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        (s.integer, ["i"]),
        (s.float, ["f"]),
        (s.decimal, ["d"]),
        (s.struct, ["st"]),
    ],
)
def test_singular_selector_names(
    alias: Callable[[], s.Selector], expected: list[str]
) -> None:
    assert _every().select(alias()).columns == expected
    assert alias.__name__ in s.__all__


# -- rename_map ------------------------------------------------------------------------


def test_rename_map_builds_a_mapping_from_a_schema() -> None:
    frame = _t()
    upper = s.rename_map(s.by_name("a", "b"), str.upper)
    assert callable(upper)
    assert upper(frame.schema) == {"a": "A", "b": "B"}
    assert upper(frame) == {"a": "A", "b": "B"}
    assert upper({"a": int, "b": str | None, "c": float}) == {"a": "A", "b": "B"}
    assert frame.rename(upper(frame.schema)).columns == ["A", "B", "c"]
    numeric = s.rename_map(s.numeric(), lambda n: f"n_{n}")
    assert numeric(frame.schema) == {"a": "n_a", "c": "n_c"}


def test_rename_map_errors() -> None:
    frame = _t()
    with pytest.raises(TypeError, match="Selector"):
        s.rename_map("a", str.upper)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="callable"):
        s.rename_map(s.all(), "A")  # type: ignore[arg-type]
    with pytest.raises(
        ValueError, match=r"^rename_map\(temporal\(\)\) matched no columns"
    ):
        s.rename_map(s.temporal(), str.upper)(frame.schema)
    with pytest.raises(ValueError, match=r"produced duplicate output column names\."):
        s.rename_map(s.all(), lambda n: "same")(frame.schema)
    with pytest.raises(ValueError, match=r"produced duplicate output column names\."):
        s.rename_map(s.by_name("a"), lambda n: "c")(frame.schema)  # collides with c


# -- the rename family -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda d: d.rename_prefix("p_"), ["p_a", "p_b", "p_c"]),
        (lambda d: d.rename_prefix("p_", selector=s.numeric()), ["p_a", "b", "p_c"]),
        (lambda d: d.rename_suffix("_1", selector="b"), ["a", "b_1", "c"]),
        (lambda d: d.rename_replace("a", "z", selector=["a", "b"]), ["z", "b", "c"]),
        (lambda d: d.rename_upper(s.string()), ["a", "B", "c"]),
        (lambda d: d.rename_upper(selector="c"), ["a", "b", "C"]),
        (lambda d: d.rename_upper().rename_lower(s.by_name("A")), ["a", "B", "C"]),
        (lambda d: d.rename_title(["a"]), ["A", "b", "c"]),
        (lambda d: d.rename_suffix("--").rename_strip(chars="-"), ["a", "b", "c"]),
        (
            lambda d: d.rename_suffix("  ").rename_strip(s.by_name("a  ")),
            ["a", "b  ", "c  "],
        ),
        # strict=False: unknown names skipped, an empty selector is a no-op
        (lambda d: d.rename_upper(["a", "gone"], strict=False), ["A", "b", "c"]),
        (
            lambda d: d.rename_prefix("x", selector=s.lists(), strict=False),
            ["a", "b", "c"],
        ),
        (
            lambda d: d.rename_strip(s.temporal(), chars="a", strict=False),
            ["a", "b", "c"],
        ),
    ],
)
def test_rename_family_signatures(
    call: Callable[[T], Any], expected: list[str]
) -> None:
    out = call(_t())
    assert out.columns == expected
    assert list(out.to_dict().values()) == list(_t().to_dict().values())


class Pair(DataFrameModel):
    x: int
    X: int


@pytest.mark.parametrize(
    ("build", "op"),
    [
        (lambda p: p.rename_upper(), "rename_upper"),
        (lambda p: p.rename_lower(s.by_name("X")), "rename_lower"),
        (lambda p: p.rename_replace("X", "x", selector="X"), "rename_replace"),
        (lambda p: p.rename_prefix("", selector="x").rename_title(), "rename_title"),
        (
            lambda p: p.rename_with_selector(s.all(), lambda n: "y"),
            "rename_with_selector",
        ),
    ],
)
def test_rename_collisions(build: Callable[[Pair], Any], op: str) -> None:
    with pytest.raises(
        ValueError, match=rf"^{op}\(\) produced duplicate output column names\."
    ):
        build(Pair({"x": [1], "X": [2]}))


def test_rename_strictness() -> None:
    with pytest.raises(ColumnNotFoundError):
        _t().rename_upper(["a", "gone"])
    with pytest.raises(TypeError, match="not both"):
        _t().rename_upper("a", subset="b")
    assert _t().rename_suffix("_s", subset="a").columns == ["a_s", "b", "c"]


# -- select / select_schema / reorder / drop ---------------------------------------------


def test_select_needs_a_column() -> None:
    with pytest.raises(
        ValueError, match=r"^select\(\) requires at least one column\.$"
    ):
        _t().select()
    with pytest.raises(
        ValueError, match=r"^select\(\) requires at least one column\.$"
    ):
        _t().select([])
    assert _t().select(exclude="a").columns == ["b", "c"]


@pytest.mark.parametrize("bad", ["a", ["a", "b"], 3, None])
def test_select_schema_takes_only_selectors(bad: Any) -> None:
    with pytest.raises(
        TypeError, match=r"^select_schema\(selector\) expects a Selector\.$"
    ):
        _t().select_schema(bad)
    assert _t().select_schema(s.by_name("c", "a")).columns == ["a", "c"]


@pytest.mark.parametrize(
    "order", [["c"], ["b", "a"], ["c", "a", "b"], [s.numeric()], ["b", s.floats()]]
)
def test_reorder_columns_moves_the_listed_columns_first(order: list[Any]) -> None:
    frame = _t()
    listed: list[str] = []
    for item in order:
        names = item.names(frame.schema) if isinstance(item, s.Selector) else [item]
        listed += [n for n in names if n not in listed]
    expected = listed + [c for c in ["a", "b", "c"] if c not in listed]
    out = frame.reorder_columns(order)
    assert out.columns == expected
    assert out.to_dict() == {c: frame.to_dict()[c] for c in expected}


def test_drop_lenient_selectors() -> None:
    frame = _t()
    assert frame.drop(s.by_name("a", "gone"), strict=False).columns == ["b", "c"]
    assert frame.drop("gone", s.starts_with("zz"), strict=False).columns == [
        "a",
        "b",
        "c",
    ]
    assert frame.drop(s.by_name("gone") | s.floats(), strict=False).columns == [
        "a",
        "b",
    ]
    with pytest.raises(ColumnNotFoundError, match="gone"):
        frame.drop(s.by_name("a", "gone"))
    with pytest.raises(
        ValueError, match=r"^drop\(starts_with\('zz'\)\) matched no columns"
    ):
        frame.drop(s.starts_with("zz"))


# -- unique ------------------------------------------------------------------------------


_keys = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 99)), max_size=25)


@settings(max_examples=40, deadline=None)
@given(rows=_keys, keep=st.sampled_from(["first", "last"]))
def test_unique_keeps_first_appearance_order(
    rows: list[tuple[int, int]], keep: str
) -> None:
    class KV(DataFrameModel):
        k: int
        v: int

    frame = KV({"k": [k for k, _ in rows], "v": [v for _, v in rows]})
    kept: dict[int, int] = {}  # key -> index of the kept row
    for index, (k, _) in enumerate(rows):
        if keep == "last" or k not in kept:
            kept[k] = index
    expected = [rows[i] for i in sorted(kept.values())]
    for out in (
        frame.unique("k", keep=keep),
        frame.unique("k", keep=keep, maintain_order=False),
        frame.distinct(["k"], keep=keep),
    ):
        data = out.to_dict()
        assert list(zip(data["k"], data["v"], strict=True)) == expected
    if keep == "first":  # the default
        data = frame.unique("k").to_dict()
        assert list(zip(data["k"], data["v"], strict=True)) == expected


def test_unique_default_on_all_columns_keeps_order() -> None:
    class V(DataFrameModel):
        v: int

    values = [5, 3, 5, 1, 3, 9, 1]
    seen: list[int] = []
    for v in values:
        if v not in seen:
            seen.append(v)
    assert V({"v": values}).unique().to_dict() == {"v": seen}


# -- with_row_count ------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["with_row_count", "with_row_index"])
@pytest.mark.parametrize("name", ["", 3, None])
def test_row_count_needs_a_non_empty_name(method: str, name: Any) -> None:
    with pytest.raises(
        TypeError, match=rf"^{method}\(name\) expects a non-empty string\.$"
    ):
        getattr(_t(), method)(name)


def test_with_row_count_defaults() -> None:
    out = _t().with_row_count()
    assert out.columns == ["row_nr", "a", "b", "c"]
    assert out.to_dict()["row_nr"] == [0, 1, 2]
    assert _t().with_row_count("n", offset=5).to_dict()["n"] == [5, 6, 7]


# -- fill_null / drop_nulls ----------------------------------------------------------------


def test_fill_and_drop_null_messages() -> None:
    frame = _t()
    with pytest.raises(
        ValueError, match=r"^fill_null\(\) requires either value or strategy\.$"
    ):
        frame.fill_null()
    with pytest.raises(
        ValueError, match=r"fill_null\(\) requires either value or strategy\."
    ):
        frame.with_columns_fill_null("b")
    with pytest.raises(ValueError, match="unsupported value 'sideways'"):
        frame.fill_null(strategy="sideways")
    with pytest.raises(KeyError, match="unknown subset column 'gone'"):
        frame.drop_nulls(subset=["gone"])
    with pytest.raises(KeyError, match="unknown subset column 'gone'"):
        frame.drop_nulls(subset="gone")
    assert frame.drop_nulls(subset=["b"]).to_dict() == {
        "a": [1, 1],
        "b": ["x", "x"],
        "c": [0.5, 2.5],
    }


def test_generic_dataframe_face_follows_the_same_rules() -> None:
    class S(Schema):
        a: int
        b: str

    frame = DataFrame[S]({"a": [2, 1, 2], "b": ["p", "q", "r"]})
    assert frame.unique("a").to_dict() == {"a": [2, 1], "b": ["p", "q"]}
    assert frame.reorder_columns(["b"]).columns == ["b", "a"]
    with pytest.raises(ValueError, match=r"^select\(\) requires at least one column\."):
        frame.select()
    assert frame.rename_upper(s.string()).columns == ["a", "B"]


def test_inputs_are_not_mutated() -> None:
    frame = _t()
    order = ["c", "a"]
    subset = ["a", "gone"]
    before = frame.to_dict()
    frame.reorder_columns(order)
    frame.drop(subset, strict=False)
    frame.rename_upper(subset, strict=False)
    assert order == ["c", "a"]
    assert subset == ["a", "gone"]
    assert frame.to_dict() == before
