"""The spec's §4 headline API examples, verbatim (1 to 6 here; 7 lives with the
FastAPI tests).

No ``from __future__ import annotations`` here: the snippets run exactly as a
user would write them, with runtime annotations.
"""
# ruff: noqa: E401, E702, I001, PT018
# fmt: off


def test_example_1_model_ingest_shapes_materialization_outputs() -> None:
    # 1. Model, ingest shapes, materialization outputs
    from pydantable import DataFrameModel

    class Order(DataFrameModel):
        order_id: int
        customer: str
        amount: float | None

    cols = Order({"order_id": [1, 2], "customer": ["ann", "bob"], "amount": [9.5, None]})
    rows = Order([{"order_id": 1, "customer": "ann", "amount": 9.5},
                  {"order_id": 2, "customer": "bob"}])          # missing Optional -> None
    assert cols.to_dict() == rows.to_dict() == {
        "order_id": [1, 2], "customer": ["ann", "bob"], "amount": [9.5, None]}
    first = rows.collect()[0]                                    # list of Pydantic row models
    assert (first.order_id, first.amount) == (1, 9.5)
    assert rows.to_dicts()[1] == {"order_id": 2, "customer": "bob", "amount": None}
    assert Order.RowModel.model_json_schema()["required"] == ["order_id", "customer"]
    assert cols.columns == ["order_id", "customer", "amount"]


def test_example_2_typed_expressions_schema_migration_build_time_errors() -> None:
    # 2. Typed expressions, schema migration, build-time errors
    from pydantable import DataFrameModel
    from pydantable.expressions import when, Literal

    class Item(DataFrameModel):
        sku: str
        qty: int
        price: float

    df = Item({"sku": ["a", "b", "c"], "qty": [1, 5, 10], "price": [2.0, 3.0, 1.5]})
    out = (df.with_columns(total=df.qty * df.price,
                           size=when(df.qty >= 5, Literal(value="bulk")).otherwise(Literal(value="single")))
             .filter(df.sku != "c")
             .select("sku", "total", "size"))
    assert out.to_dict() == {"sku": ["a", "b"], "total": [2.0, 15.0], "size": ["single", "bulk"]}
    assert out.dtypes["total"] is float
    for bad in (lambda: df.sku + 1, lambda: df.filter(df.qty)):   # rejected before execution
        try:
            bad(); raise AssertionError("expected TypeError")
        except TypeError:
            pass


def test_example_3_group_by_join_sort_window_global_aggregate() -> None:
    # 3. group_by / join / sort / window / global aggregate
    from pydantable import DataFrameModel
    from pydantable.expressions import row_number, global_sum
    from pydantable.window_spec import Window

    class Sale(DataFrameModel):
        region: str
        day: int
        amount: float

    class Region(DataFrameModel):
        region: str
        manager: str

    s = Sale({"region": ["e", "w", "e"], "day": [1, 1, 2], "amount": [10.0, 4.0, 6.0]})
    r = Region({"region": ["e", "w"], "manager": ["Eve", "Wes"]})
    by = s.group_by("region").agg(total=("sum", "amount"), n=("count", "amount")).sort("region")
    assert by.to_dict() == {"region": ["e", "w"], "total": [16.0, 4.0], "n": [2, 1]}
    assert s.join(r, on="region", how="left").sort("region", "day").to_dict()["manager"] == ["Eve", "Eve", "Wes"]
    ranked = s.with_columns(rn=row_number().over(Window.partitionBy("region").orderBy("day")))
    assert ranked.sort("region", "day").to_dict()["rn"] == [1, 2, 1]
    assert s.select(global_sum(s.amount)).to_dict() == {"sum_amount": [20.0]}


def test_example_4_ingest_policy_trusted_mode_ignore_errors_error_types() -> None:
    # 4. Ingest policy: trusted_mode, ignore_errors, error types
    import pydantic
    from pydantable import DataFrameModel
    from pydantable.errors import ColumnLengthMismatchError

    class User(DataFrameModel):
        id: int
        email: str

    bad: list = []
    u = User([{"id": 1, "email": "a@x"}, {"id": "nope", "email": "b@x"}],
             ignore_errors=True, on_validation_errors=bad.extend)
    assert u.to_dict() == {"id": [1], "email": ["a@x"]}
    assert bad[0]["row_index"] == 1 and bad[0]["errors"][0]["type"] == "int_parsing"
    for data, kw, exc in [
        ({"id": [1, "x"], "email": ["a", "b"]}, {}, pydantic.ValidationError),          # default "off"
        ({"id": [1, 2], "email": ["a"]}, {}, ColumnLengthMismatchError),               # ValueError subclass
        ({"id": [1, None], "email": ["a", "b"]}, {"trusted_mode": "shape_only"}, ValueError),  # nullability
        ({"id": ["1"], "email": ["a"]}, {"trusted_mode": "strict"}, ValueError),       # dtype, no coercion
    ]:
        try:
            User(data, **kw); raise AssertionError(data)
        except exc:
            pass


def test_example_5_four_materialization_modes() -> None:
    # 5. Four materialization modes
    import asyncio
    from pydantable import DataFrameModel

    class Pt(DataFrameModel):
        x: int

    df = Pt({"x": list(range(5))})
    assert [b["x"] for b in df.stream(batch_size=2)] == [[0, 1], [2, 3], [4]]

    async def main():
        assert [r.x for r in await df.filter(df.x > 2).acollect()] == [3, 4]
        assert await df.ato_dict() == {"x": [0, 1, 2, 3, 4]}
        assert [r.x for r in await df.submit().result()] == [0, 1, 2, 3, 4]
        assert [c async for c in df.astream(batch_size=3)] == [{"x": [0, 1, 2]}, {"x": [3, 4]}]
    asyncio.run(main())


def test_example_6_lazy_file_io_write_scan_transform_async_scan_chain() -> None:
    # 6. Lazy file I/O: write, scan, transform, async scan chain
    import asyncio, os, tempfile
    from pydantable import DataFrameModel

    class Ev(DataFrameModel):
        id: int
        kind: str

    path = os.path.join(tempfile.mkdtemp(), "ev.parquet")
    Ev({"id": [1, 2, 3], "kind": ["a", "b", "a"]}).write_parquet(path)
    lazy = Ev.read_parquet(path, trusted_mode="strict")
    assert lazy.filter(lazy.kind == "a").select("id").to_dict() == {"id": [1, 3]}

    async def main():
        assert await Ev.aread_parquet(path).select("id").to_dict() == {"id": [1, 2, 3]}
    asyncio.run(main())
