"""Columns inherited from a declared base model, and a narrowed redeclaration."""

from __future__ import annotations

from typing_extensions import reveal_type

from pydantable import DataFrameModel


class Base(DataFrameModel):
    id: int
    age: int | None


class Child(Base):
    age: int  # E[pyright]: reportIncompatibleVariableOverride
    extra: str


child = Child({"id": [1], "age": [2], "extra": ["x"]})
reveal_type(child.id)  # R[mypy]: ColumnRef[int]  # R[pyright]: int
reveal_type(child.age)  # R[mypy]: ColumnRef[int]  # R[pyright]: int
reveal_type(child.rows()[0].extra)  # R[mypy]: str  # R[pyright]: Any
reveal_type(child.columns)  # R: list[str]
reveal_type(child.filter(child.col("age") > 1))  # R: Child
assert child.columns == ["id", "age", "extra"]
assert child.rows()[0].extra == "x"


def _errors() -> None:  # checked, never called
    child.extr  # E[mypy]: attr-defined  # E[pyright]: reportArgumentType
    base = Base({"id": [1], "age": [None]})
    base.extra  # E[mypy]: attr-defined  # E[pyright]: reportArgumentType
