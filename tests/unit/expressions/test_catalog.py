"""The function catalog: one entry per IR function, with its kind as data."""

from __future__ import annotations

import pytest

from pydantable import DataFrameModel
from pydantable.expressions import Expr, catalog
from pydantable.expressions import nodes as n
from pydantable.expressions.aggregate import contains_aggregate, is_scalar
from pydantable.expressions.catalog import FunctionKind
from pydantable.expressions.infer import register_function


class Row(DataFrameModel):
    s: str
    x: float


def test_every_namespace_and_method_call_is_declared() -> None:
    df = Row({"s": ["a"], "x": [1.0]})
    exprs = [
        df.s.str.len_chars(),
        df.x.sum(),
        df.x.rank(),
        df.x.sum().over("s"),
        df.x.rolling_mean(2),
    ]
    for expr in exprs:
        node = expr._node
        assert isinstance(node, n.Call)
        assert catalog.is_declared(node.function)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("agg.sum", FunctionKind.AGGREGATION),
        ("agg.kurtosis", FunctionKind.AGGREGATION),
        ("agg.len", FunctionKind.AGGREGATION),
        ("over", FunctionKind.WINDOW),
        ("window.rank", FunctionKind.WINDOW),
        ("str.len_chars", FunctionKind.ELEMENTWISE),
        ("rolling.mean", FunctionKind.ELEMENTWISE),
        ("cum_sum", FunctionKind.ELEMENTWISE),
    ],
)
def test_kinds(name: str, kind: FunctionKind) -> None:
    assert catalog.lookup(name).kind is kind
    assert catalog.kind_of(name) is kind


def test_declared_kind_drives_the_structure_questions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(catalog, "_CATALOG", dict(catalog._CATALOG))
    register_function("test_only.total", kind=FunctionKind.AGGREGATION)(
        lambda args, call: args[0]
    )
    register_function("test_only.ranked", kind=FunctionKind.WINDOW)(
        lambda args, call: args[0]
    )
    total = n.Call("test_only.total", (n.Col("x"),))
    ranked = n.Call("test_only.ranked", (total,))
    assert contains_aggregate(total)
    assert is_scalar(total)
    assert contains_aggregate(ranked)
    assert not is_scalar(ranked)


def test_each_function_is_declared_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog, "_CATALOG", dict(catalog._CATALOG))
    with pytest.raises(TypeError, match=r"'str\.len_chars' is already declared"):
        register_function("str.len_chars")(lambda args, call: args[0])


def test_unknown_name_fails_at_first_call_with_a_hint() -> None:
    df = Row({"s": ["a"], "x": [1.0]})
    with pytest.raises(
        TypeError,
        match=r"unknown expression function 'str.len_char' \(did you mean 'str.len_chars'\?\)",
    ):
        df.s.str._call("str.len_char")


def test_argument_roles_are_recorded() -> None:
    assert catalog.lookup("str.strip_prefix").args


def test_an_unbound_expression_of_an_undeclared_function_fails_when_built() -> None:
    with pytest.raises(TypeError, match=r"unknown expression function 'agg\.summ'"):
        Expr(n.Call("agg.summ", (n.Col("x"),)), None)
