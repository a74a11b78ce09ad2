"""``Col[T]`` (``pydantable.typing``): the column spelling for checkers without
a plugin. At run time ``age: Col[int | None]`` is ``age: int | None``; to
pyright and mypy the attribute is ``ColumnRef[int | None]``."""

from __future__ import annotations

from typing_extensions import reveal_type

from pydantable import DataFrameModel
from pydantable.typing import Col


class Users(DataFrameModel):
    id: Col[int]
    name: Col[str]
    age: Col[int | None]


df = Users({"id": [1, 2, 3], "name": ["a", "b", "c"], "age": [30, None, 12]})
reveal_type(df.age)  # R: ColumnRef[int|None]
reveal_type(df.age > 18)  # R: Expr[bool]
reveal_type(df.age.is_not_null())  # R: Expr[bool]
reveal_type(df.filter(df.age > 18))  # R: Users
reveal_type(df.name.alias("n"))  # R: Expr[str]
reveal_type(df.rows()[0].age)  # R[mypy]: int|None  # R[pyright]: Any
adults = df.filter(df.age.is_not_null() & (df.age > 18))
assert adults.to_dict() == {"id": [1], "name": ["a"], "age": [30]}
assert Users.RowModel.model_fields["age"].annotation == (int | None)
assert df.schema["age"].nullable
assert not df.schema["id"].nullable


def _errors() -> None:  # checked, never called
    df.agee  # E[mypy]: attr-defined  # E[pyright]: reportArgumentType
    df.name + 1  # E[mypy]: operator  # E[pyright]: reportOperatorIssue
    df.filter(df.agee > 1)  # E[mypy]: attr-defined  # E[pyright]: reportArgumentType
