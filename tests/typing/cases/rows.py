"""Row models as types: Model.RowModel with the mypy plugin, a nested ``Row``
class with any checker."""

from __future__ import annotations

import pydantic
from typing_extensions import reveal_type

from pydantable import DataFrameModel


class Users(DataFrameModel):
    id: int
    age: int | None


class Orders(DataFrameModel):
    class Row(pydantic.BaseModel):
        def label(self) -> str:
            return f"order {getattr(self, 'id', '?')}"

    id: int
    total: float


users = Users({"id": [1, 2], "age": [30, None]})
rows = users.rows()
reveal_type(rows)  # R[mypy]: list[Users.RowModel]  # R[pyright]: list[Any]
reveal_type(users.collect())  # R[mypy]: list[Users.RowModel]  # R[pyright]: Any
reveal_type(users.collect(as_lists=True))  # R: Any
reveal_type(rows[0].age)  # R[mypy]: int | None  # R[pyright]: Any
first: Users.RowModel = rows[0]  # E[pyright]: reportInvalidTypeForm
reveal_type(first.id)  # R[mypy]: int  # R[pyright]: Unknown
orders = Orders({"id": [7], "total": [2.5]})
order: Orders.Row = orders.rows()[0]
reveal_type(order.label())  # R: str
reveal_type(orders.rows()[0].total)  # R[mypy]: float  # R[pyright]: Any
assert isinstance(order, Orders.Row)
assert order.label() == "order 7"
assert rows[0].age == 30
