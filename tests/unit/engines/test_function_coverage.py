"""The Polars engine lowers exactly the functions of the catalog."""

from __future__ import annotations

import polars as pl
import pytest

from pydantable.engines.polars import (
    lowered_functions,
    register_lowering,
    register_typed_lowering,
)
from pydantable.expressions import catalog
from pydantable.expressions import nodes as n
from pydantable.expressions.catalog import check_engine_coverage

#: Catalog functions the Polars engine declares it cannot run (none today).
POLARS_UNSUPPORTED: frozenset[str] = frozenset()


def test_polars_lowers_exactly_the_catalog() -> None:
    gaps = check_engine_coverage(lowered_functions(), POLARS_UNSUPPORTED)
    assert not gaps, str(gaps)


def test_catalog_and_lowerings_are_the_same_names() -> None:
    assert lowered_functions() == catalog.names()


def test_coverage_lists_each_difference() -> None:
    lowered = (lowered_functions() - {"str.reverse"}) | {"str.nope"}
    gaps = check_engine_coverage(lowered, {"agg.sum"})
    assert gaps.missing == {"str.reverse"}
    assert gaps.unknown == {"str.nope"}
    assert gaps.both == {"agg.sum"}
    assert str(gaps) == (
        "declared but not lowered: str.reverse; lowered but not declared: "
        "str.nope; lowered and declared unsupported: agg.sum"
    )


def test_unsupported_names_complete_the_coverage() -> None:
    lowered = lowered_functions() - {"str.reverse", "bin.size"}
    assert not check_engine_coverage(lowered, {"str.reverse", "bin.size"})


@pytest.mark.parametrize("register", [register_lowering, register_typed_lowering])
def test_lowering_of_an_undeclared_function_is_refused(register: object) -> None:
    with pytest.raises(TypeError, match=r"'str\.no_such'.* not in the expression"):
        register("str.no_such")  # type: ignore[operator]


def test_refused_registration_registers_nothing() -> None:
    with pytest.raises(TypeError):

        @register_lowering("agg.no_such")
        def _lower(args: list[pl.Expr], call: n.Call) -> pl.Expr:
            return args[0]

    assert "agg.no_such" not in lowered_functions()
