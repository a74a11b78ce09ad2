"""Schema-changing transforms: the mypy plugin derives the columns of
``with_columns(name=...)``, ``select(...)`` and ``rename({...})`` from literal
arguments; otherwise (and under pyright) any name is ``ColumnRef[Any]``."""

from __future__ import annotations

from typing import Any

from typing_extensions import reveal_type

from pydantable import DataFrameModel, col
from pydantable.expressions import Expr


class Users(DataFrameModel):
    id: int
    name: str
    age: int | None


df = Users({"id": [1, 2], "name": ["a", "b"], "age": [30, None]})
older: Expr[int] = df.col("id") + 1
wider = df.with_columns(flag=df.col("id") > 1, older=older, note=5)
reveal_type(wider)  # R: BaseFrame
reveal_type(wider.flag)  # R[mypy]: ColumnRef[bool]  # R[pyright]: ColumnRef[Any]
reveal_type(wider.older)  # R[mypy]: ColumnRef[int]  # R[pyright]: ColumnRef[Any]
reveal_type(wider.note)  # R[mypy]: ColumnRef[Any]  # R[pyright]: ColumnRef[Any]
reveal_type(wider.age)  # R[mypy]: ColumnRef[int|None]  # R[pyright]: ColumnRef[Any]
# chained: Self-returning transforms and further schema changes keep the columns
kept = wider.filter(wider.flag).with_columns(id2=wider.id * 2)
reveal_type(kept.flag)  # R[mypy]: ColumnRef[bool]  # R[pyright]: ColumnRef[Any]
reveal_type(kept.id2)  # R[mypy]: ColumnRef[Any]  # R[pyright]: ColumnRef[Any]
picked = df.select("id", df.age, label=df.col("name"))
reveal_type(picked.age)  # R[mypy]: ColumnRef[int|None]  # R[pyright]: ColumnRef[Any]
reveal_type(picked.label)  # R[mypy]: ColumnRef[Any]  # R[pyright]: ColumnRef[Any]
moved = df.rename({"age": "years"})
reveal_type(moved.years)  # R[mypy]: ColumnRef[int|None]  # R[pyright]: ColumnRef[Any]
years = moved.select("years")
reveal_type(years.years)  # R[mypy]: ColumnRef[int|None]  # R[pyright]: ColumnRef[Any]

# not determinable from the arguments: any name, ColumnRef[Any], no error
mapping: dict[str, str] = {"age": "years"}
named: dict[str, Any] = {"x": 1}
reveal_type(df.rename(mapping).years)  # R: ColumnRef[Any]
reveal_type(df.with_columns(col("id").alias("x")).x)  # R: ColumnRef[Any]
reveal_type(df.with_columns(**named).x)  # R: ColumnRef[Any]
reveal_type(df.select("id", "age" if len(df) > 9 else "name").id)  # R: ColumnRef[Any]
reveal_type(df.select(exclude="age").name)  # R: ColumnRef[Any]
reveal_type(df.join(df, on="id").name)  # R: ColumnRef[Any]

assert wider.columns == ["id", "name", "age", "flag", "older", "note"]
assert picked.columns == ["id", "age", "label"]
assert moved.columns == ["id", "name", "years"]
assert kept.to_dict()["id2"] == [4]


def _errors() -> None:  # checked, never called
    wider.agee  # E[mypy]: attr-defined
    picked.name  # E[mypy]: attr-defined
    moved.age  # E[mypy]: attr-defined
    moved.years + "x"  # E[mypy]: operator  # E[pyright]: reportOperatorIssue
