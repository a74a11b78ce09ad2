"""No plugin needed: transforms keep the frame's class, Expr is generic, as_model."""

from __future__ import annotations

from typing_extensions import reveal_type

from pydantable import DataFrameModel
from pydantable.expressions import ColumnRef, Expr


class Users(DataFrameModel):
    id: int
    name: str
    age: int | None


class Named(DataFrameModel):
    id: int
    name: str


df = Users({"id": [1, 2], "name": ["a", "b"], "age": [30, None]})
ident = df.col("id")
reveal_type(ident)  # R: ColumnRef[Any]
reveal_type(ident > 1)  # R: Expr[bool]
reveal_type(ident.is_null())  # R: Expr[bool]
reveal_type(df.filter(ident > 1))  # R: Users
reveal_type(df.sort("id").head(2).tail(1).slice(0, 1).limit(1))  # R: Users
reveal_type(df.unique().distinct().sample(1, seed=1).top_k(1, by="id"))  # R: Users
reveal_type(df.bottom_k(1, by="id").first().last().gather_every(1))  # R: Users
reveal_type(df.with_columns(twice=ident * 2))  # R: BaseFrame
named = df.select("id", "name").as_model(Named)
reveal_type(named)  # R: Named
reveal_type(df.try_as_model(Named))  # R: Named | None
typed: ColumnRef[int] = ColumnRef(name="n", dtype=int)
reveal_type(typed + 1)  # R: Expr[Any]
reveal_type(typed.alias("m"))  # R: Expr[int]
text: Expr[str] = ColumnRef(name="s", dtype=str)
reveal_type(text.str.to_uppercase())  # R: Expr[Any]
assert type(df.filter(ident > 1)) is Users
assert named.to_dict() == {"id": [1, 2], "name": ["a", "b"]}


def _errors() -> None:  # checked, never called
    text + 1  # E[mypy]: operator  # E[pyright]: reportOperatorIssue
    text + "!"  # E[mypy]: operator  # E[pyright]: reportOperatorIssue
    text * 2  # E[mypy]: operator  # E[pyright]: reportOperatorIssue
    1 - text  # E[mypy]: operator  # E[pyright]: reportOperatorIssue
    df.select("id").as_model(int)  # E[mypy]: type-var  # E[pyright]: reportArgumentType
