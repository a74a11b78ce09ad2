"""Column attributes: typed expressions with the mypy plugin; pyright sees the
annotation (no plugins exist for pyright)."""

from __future__ import annotations

from typing_extensions import reveal_type

from pydantable import DataFrameModel


class Users(DataFrameModel):
    id: int
    name: str
    age: int | None


df = Users({"id": [1, 2], "name": ["a", "b"], "age": [30, None]})
reveal_type(df.age)  # R[mypy]: ColumnRef[int | None]  # R[pyright]: int | None
reveal_type(df.name)  # R[mypy]: ColumnRef[str]  # R[pyright]: str
chars = df.name.str.len_chars()  # E[pyright]: reportAttributeAccessIssue
reveal_type(chars)  # R[mypy]: Expr[Any]  # R[pyright]: Unknown
older = df.filter(df.age > 18)  # E[pyright]: reportOptionalOperand
reveal_type(older)  # R: Users
known = df.age.is_not_null()  # E[pyright]: reportAttributeAccessIssue
reveal_type(known)  # R[mypy]: Expr[bool]  # R[pyright]: Unknown
wider = df.with_columns(twice=df.id * 2)
reveal_type(wider)  # R: BaseFrame
reveal_type(wider.twice)  # R: ColumnRef[Any]
assert older.to_dict() == {"id": [1], "name": ["a"], "age": [30]}
assert wider.to_dict()["twice"] == [2, 4]


def _errors() -> None:  # checked, never called
    df.agee  # E[mypy]: attr-defined  # E[pyright]: reportArgumentType
    df.name + 1  # E[mypy]: operator  # E[pyright]: reportOperatorIssue
    df.name + "!"  # E[mypy]: operator
    df.age + df.name  # E[mypy]: operator  # E[pyright]: reportOperatorIssue
