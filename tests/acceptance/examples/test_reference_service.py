"""The reference service (``make demo``) over loopback: every route, with httpx.

Expected values are computed independently from the files the service serves
(Polars on the Parquet files, sqlite3 on the database), never from the service.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import sqlite3
import time
from collections.abc import Iterator

import httpx
import polars as pl
import pytest

from conftest import ROWS, Server

NDJSON = "application/x-ndjson"
ARROW = "application/vnd.apache.arrow.stream"
PARQUET = "application/vnd.apache.parquet"
FLAT = ["order_id", "placed_at", "region", "items", "discount", "coupon", "amount"]


@pytest.fixture
def client(reference_server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=reference_server.base, timeout=60) as c:
        yield c


def orders_on_disk(server: Server) -> pl.DataFrame:
    return pl.read_parquet(server.data_dir / "orders" / "*.parquet")


def customers_on_disk(server: Server) -> list[tuple[object, ...]]:
    with sqlite3.connect(server.data_dir / "shop.db") as db:
        rows = db.execute(
            "SELECT customer_id, segment FROM customers ORDER BY customer_id"
        ).fetchall()
    db.close()
    return rows


def new_order(order_id: int, **changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "order_id": order_id,
        "placed_at": "2026-03-01T12:30:00",
        "customer_id": 7,
        "region": "west",
        "channel": "app",
        "items": 2,
        "unit_price": 10.0,
        "discount": 0.1,
        "coupon": "SAVE10",
        "amount": 22.0,
        "shipping": {"method": "express", "days": 1},
        "tags": ["gift"],
    }
    row.update(changes)
    return row


def columnar(rows: list[dict[str, object]]) -> dict[str, list[object]]:
    return {key: [r[key] for r in rows] for key in rows[0]}


def fetch_ids(client: httpx.Client, ids: list[int]) -> list[int]:
    r = client.get(
        "/api/v1/orders",
        params={
            "customer_id": 7,
            "min_amount": 0,
            "limit": 10_000,
            "columns": "order_id",
        },
    )
    assert r.status_code == 200, r.text
    return sorted(set(r.json()["order_id"]) & set(ids))


# -- stream (first: before any ingest changes the table) ------------------------------
def test_stream_a_million_rows_to_the_end(
    client: httpx.Client, reference_server: Server
) -> None:
    total = int(
        client.get("/api/v1/orders", params={"limit": 1}).headers["x-total-count"]
    )
    assert total == ROWS
    lines = 0
    first = b""
    tail = b""
    with client.stream("GET", "/api/v1/orders/stream") as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith(NDJSON)
        for chunk in r.iter_bytes():
            if not first and b"\n" in chunk:
                first = chunk[: chunk.index(b"\n")]
            lines += chunk.count(b"\n")
            tail = (tail + chunk)[-4096:]
    last = tail.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    assert lines == ROWS
    head, end = json.loads(first), json.loads(last)
    assert head["order_id"] == 1
    assert end["order_id"] == ROWS
    assert set(head) == {
        *FLAT, "customer_id", "channel", "unit_price", "shipping", "tags"
    }  # fmt: skip
    assert set(head["shipping"]) == {"method", "days"}


def test_stream_filtered_and_projected(
    client: httpx.Client, reference_server: Server
) -> None:
    params = {
        "region": "west",
        "placed_to": "2024-01-20T00:00:00",
        "columns": ["order_id", "region"],
    }
    r = client.get("/api/v1/orders/stream", params=params)
    assert r.status_code == 200
    rows = [json.loads(line) for line in r.text.splitlines()]
    expected = (
        orders_on_disk(reference_server)
        .filter(
            (pl.col("region") == "west")
            & (pl.col("placed_at") < pl.datetime(2024, 1, 20))
        )["order_id"]
        .to_list()
    )
    assert len(expected) > 100
    assert [row["order_id"] for row in rows] == expected
    assert all(set(row) == {"order_id", "region"} for row in rows)
    r = client.get("/api/v1/customers/stream", params={"segment": "enterprise"})
    ids = [json.loads(line)["customer_id"] for line in r.text.splitlines()]
    assert ids == [
        c for c, s in customers_on_disk(reference_server) if s == "enterprise"
    ]


# -- health, docs ----------------------------------------------------------------------
def test_health_and_request_id(client: httpx.Client) -> None:
    r = client.get("/health", headers={"X-Request-ID": "abc-123"})
    assert r.json() == {
        "status": "ok",
        "model_ready": True,
        "order_files": r.json()["order_files"],
    }
    assert r.headers["x-request-id"] == "abc-123"


def test_openapi_documents_every_route_with_frame_models(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path, method in [
        ("/health", "get"),
        ("/metrics", "get"),
        ("/", "get"),
        ("/api/v1/orders", "get"),
        ("/api/v1/orders", "post"),
        ("/api/v1/orders/stream", "get"),
        ("/api/v1/orders/stats", "get"),
        ("/api/v1/orders/jobs", "post"),
        ("/api/v1/orders/upload", "post"),
        ("/api/v1/jobs/{job_id}", "get"),
        ("/api/v1/customers", "get"),
        ("/api/v1/customers", "post"),
        ("/api/v1/customers/stream", "get"),
        ("/api/v1/customers/stats", "get"),
        ("/api/v1/customers/upload", "post"),
        ("/api/v1/predict", "post"),
        ("/api/v1/model", "get"),
        ("/api/v1/plot.png", "get"),
        ("/api/v1/tables", "get"),
    ]:
        assert method in paths.get(path, {}), (path, method)
    query = paths["/api/v1/orders"]["get"]
    names = {p["name"] for p in query["parameters"]}
    assert {
        "region",
        "min_amount",
        "placed_from",
        "columns",
        "sort",
        "limit",
        "offset",
    } <= names
    content = query["responses"]["200"]["content"]
    assert {"application/json", NDJSON, "text/csv", ARROW, PARQUET} <= set(content)
    schemas = spec["components"]["schemas"]
    assert any(name.startswith("Orders") for name in schemas)
    assert any(name.startswith("Prediction") for name in schemas)
    body = paths["/api/v1/predict"]["post"]["requestBody"]["content"][
        "application/json"
    ]
    assert body["schema"]


# -- query -----------------------------------------------------------------------------
def test_query_filters_sort_and_pagination(
    client: httpx.Client, reference_server: Server
) -> None:
    params = {
        "region": ["north", "east"],
        "channel": "store",
        "min_amount": 100,
        "max_amount": 500,
        "discounted": "true",
        "sort": "amount",
        "descending": "true",
        "limit": 7,
        "offset": 3,
        "columns": ["order_id", "amount", "region"],
    }
    r = client.get("/api/v1/orders", params=params)
    assert r.status_code == 200, r.text
    matching = (
        orders_on_disk(reference_server)
        .filter(
            pl.col("region").is_in(["north", "east"])
            & (pl.col("channel") == "store")
            & pl.col("amount").is_between(100, 500)
            & pl.col("discount").is_not_null()
        )
        .sort(["amount", "order_id"], descending=[True, False])
    )
    assert int(r.headers["x-total-count"]) == matching.height
    got = r.json()
    assert list(got) == ["order_id", "amount", "region"]
    expected = matching.slice(3, 7)
    assert got["amount"] == expected["amount"].to_list()
    assert set(got["region"]) <= {"north", "east"}
    # pages past the end are empty, with the total still given
    r = client.get("/api/v1/orders", params={**params, "offset": 10**8})
    assert r.json()["order_id"] == []
    assert r.headers["x-total-count"] == str(matching.height)


def test_query_by_time_and_records(
    client: httpx.Client, reference_server: Server
) -> None:
    r = client.get(
        "/api/v1/orders",
        params={
            "placed_from": "2024-06-01T00:00:00",
            "placed_to": "2024-06-01T01:00:00",
            "orient": "records",
            "limit": 10_000,
        },
    )
    rows = r.json()
    expected = orders_on_disk(reference_server).filter(
        pl.col("placed_at").is_between(
            pl.datetime(2024, 6, 1), pl.datetime(2024, 6, 1, 1), closed="left"
        )
    )
    assert [row["order_id"] for row in rows] == sorted(expected["order_id"].to_list())
    assert rows
    assert isinstance(rows[0]["shipping"], dict)
    assert isinstance(rows[0]["tags"], list)


def _parse(media: str, content: bytes) -> pl.DataFrame:
    if media == "application/json":
        return pl.DataFrame(json.loads(content))
    if media == NDJSON:
        return pl.read_ndjson(io.BytesIO(content))
    if media == "text/csv":
        return pl.read_csv(io.BytesIO(content))
    if media == ARROW:
        return pl.read_ipc_stream(io.BytesIO(content))
    return pl.read_parquet(io.BytesIO(content))


@pytest.mark.parametrize(
    "media", ["application/json", NDJSON, "text/csv", ARROW, PARQUET]
)
def test_content_negotiation_round_trips(
    client: httpx.Client, reference_server: Server, media: str
) -> None:
    columns = ["order_id", "region", "items", "discount", "coupon", "amount"]
    params = {"region": "south", "limit": 50, "offset": 20, "columns": columns}
    r = client.get("/api/v1/orders", params=params, headers={"Accept": media})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    got = _parse(media, r.content)
    expected = (
        orders_on_disk(reference_server)
        .filter(pl.col("region") == "south")
        .sort("order_id")
        .slice(20, 50)
        .select(columns)
    )
    assert got.columns == columns
    assert got.height == 50
    for name in columns:
        left = got[name].cast(pl.String).to_list()
        assert left == expected[name].cast(pl.String).to_list(), name
    # ?format= overrides Accept
    forced = client.get(
        "/api/v1/orders",
        params={
            **params,
            "format": {
                "application/json": "json",
                NDJSON: "ndjson",
                "text/csv": "csv",
                ARROW: "arrow",
                PARQUET: "parquet",
            }[media],
        },
        headers={"Accept": "application/json"},
    )
    assert forced.headers["content-type"].split(";")[0] == media


def test_nested_columns_in_binary_formats(
    client: httpx.Client, reference_server: Server
) -> None:
    expected = orders_on_disk(reference_server).sort("order_id").head(5)
    for media in (ARROW, PARQUET):
        got = _parse(
            media,
            client.get(
                "/api/v1/orders", params={"limit": 5}, headers={"Accept": media}
            ).content,
        )
        assert (
            got.select("shipping", "tags", "placed_at").to_dicts()
            == expected.select("shipping", "tags", "placed_at").to_dicts()
        )


def test_query_bad_inputs_are_4xx_with_clear_bodies(client: httpx.Client) -> None:
    r = client.get("/api/v1/orders", params={"region": "mars", "limit": 0})
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert {(d["type"], tuple(d["loc"])) for d in detail} == {
        ("literal_error", ("query", "region", 0)),
        ("greater_than_equal", ("query", "limit")),
    }
    r = client.get("/api/v1/orders", params={"min_amount": 5, "max_amount": 1})
    assert r.status_code == 422
    assert r.json()["detail"] == "min_amount (5.0) is greater than max_amount (1.0)"
    r = client.get("/api/v1/orders", params={"sort": "tags"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["query", "sort"]
    r = client.get("/api/v1/orders", params={"columns": "colour"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == [
        "query",
        "columns",
        0,
    ]
    r = client.get("/api/v1/orders", params={"placed_from": "soon"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == [
        "query",
        "placed_from",
    ]
    r = client.get("/api/v1/orders", headers={"Accept": "image/gif"})
    assert r.status_code == 406
    assert "available: application/json" in r.json()["detail"]
    r = client.get("/api/v1/orders", headers={"Accept": "text/csv"})
    assert r.status_code == 406
    assert (
        "CSV cannot hold the nested columns ['shipping', 'tags']" in r.json()["detail"]
    )
    r = client.get("/api/v1/customers", params={"country": "germany"})
    assert r.status_code == 422
    assert "two upper-case letters" in r.json()["detail"]
    r = client.get("/api/v1/nope")
    assert r.status_code == 404


def test_customers_query_from_sqlite(
    client: httpx.Client, reference_server: Server
) -> None:
    r = client.get(
        "/api/v1/customers",
        params={"segment": "business", "limit": 20, "sort": "customer_id"},
        headers={"Accept": "text/csv"},
    )
    assert r.status_code == 200
    got = pl.read_csv(io.BytesIO(r.content))
    expected = [c for c, s in customers_on_disk(reference_server) if s == "business"]
    assert got["customer_id"].to_list() == expected[:20]
    assert int(r.headers["x-total-count"]) == len(expected)
    assert set(got["segment"]) == {"business"}


# -- stats, plot, predict ----------------------------------------------------------------
def test_stats_match_polars(client: httpx.Client, reference_server: Server) -> None:
    r = client.get(
        "/api/v1/orders/stats",
        params={"by": ["region", "shipping_method"], "channel": "web"},
    )
    assert r.status_code == 200, r.text
    got = pl.DataFrame(r.json())
    expected = (
        orders_on_disk(reference_server)
        .filter(pl.col("channel") == "web")
        .group_by(
            pl.concat_str(
                [pl.col("region"), pl.col("shipping").struct.field("method")],
                separator="/",
            ).alias("group")
        )
        .agg(
            orders=pl.len(),
            revenue=pl.col("amount").sum().round(2),
            avg_items=pl.col("items").mean().round(4),
        )
        .sort("group")
    )
    assert got["group"].to_list() == expected["group"].to_list()
    assert got["orders"].to_list() == expected["orders"].to_list()
    assert got["revenue"].to_list() == pytest.approx(expected["revenue"].to_list())
    assert got["avg_items"].to_list() == pytest.approx(expected["avg_items"].to_list())
    assert len(got) == 12
    r = client.get("/api/v1/orders/stats", params={"by": "month", "format": "parquet"})
    months = pl.read_parquet(io.BytesIO(r.content))
    assert months["group"].to_list()[:2] == ["2024-01", "2024-02"]
    assert months["orders"].sum() == orders_on_disk(reference_server).height
    r = client.get("/api/v1/customers/stats", params={"by": "segment"})
    counts = dict(zip(r.json()["group"], r.json()["customers"], strict=True))
    expected_counts: dict[str, int] = {}
    for _, segment in customers_on_disk(reference_server):
        expected_counts[str(segment)] = expected_counts.get(str(segment), 0) + 1
    assert counts == expected_counts
    r = client.get("/api/v1/orders/stats", params={"by": "colour"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["query", "by", 0]


def _png_size(content: bytes) -> tuple[int, int]:
    assert content[:8] == b"\x89PNG\r\n\x1a\n"
    assert content[12:16] == b"IHDR"
    return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")


def test_plot_png(client: httpx.Client) -> None:
    r = client.get("/api/v1/plot.png")
    assert r.status_code == 200
    assert r.headers["content-type"] == "image/png"
    assert _png_size(r.content) == (800, 400)
    assert len(r.content) > 20_000  # lines, labels and a legend, not a blank image
    r = client.get("/api/v1/plot.png", params={"kind": "residuals"})
    assert _png_size(r.content) == (600, 400)
    r = client.get("/api/v1/plot.png", params={"kind": "pie"})
    assert r.status_code == 422


def test_predict_scores_a_batch(client: httpx.Client) -> None:
    batch = {
        "items": [1, 3, 10],
        "unit_price": [10.0, 20.5, 4.0],
        "discount": [None, 0.1, 0.3],
        "shipping_method": ["express", "pickup", "standard"],
    }
    r = client.post("/api/v1/predict", json=batch)
    assert r.status_code == 200, r.text
    got = r.json()
    assert list(got) == [*batch, "predicted_amount"]
    # the generator's rule: gross * (1 - discount) + fee, plus noise of sd 1.5
    truth = [10.0 + 9.5, 61.5 * 0.9 + 0.0, 40.0 * 0.7 + 4.0]
    assert got["predicted_amount"] == pytest.approx(truth, abs=0.5)
    rows = [
        dict(zip(batch, values, strict=True))
        for values in zip(*batch.values(), strict=True)
    ]
    by_rows = client.post("/api/v1/predict", json=rows, headers={"Accept": ARROW})
    assert (
        pl.read_ipc_stream(io.BytesIO(by_rows.content))["predicted_amount"].to_list()
        == got["predicted_amount"]
    )
    info = client.get("/api/v1/model").json()
    assert info["r2"] > 0.99
    assert info["train_rows"] > 100_000
    big = {"items": [2] * 50_000, "unit_price": [5.0] * 50_000}
    r = client.post("/api/v1/predict", json=big, headers={"Accept": PARQUET})
    scores = pl.read_parquet(io.BytesIO(r.content))["predicted_amount"]
    assert scores.len() == 50_000
    assert scores.n_unique() == 1


def test_predict_bad_inputs(client: httpx.Client) -> None:
    r = client.post(
        "/api/v1/predict",
        json=[
            {"items": 0, "unit_price": 10},
            {"items": 2, "unit_price": "x", "shipping_method": "drone"},
        ],
    )
    assert r.status_code == 422
    assert [(d["type"], d["loc"]) for d in r.json()["detail"]] == [
        ("greater_than_equal", ["body", 0, "items"]),
        ("float_parsing", ["body", 1, "unit_price"]),
        ("literal_error", ["body", 1, "shipping_method"]),
    ]
    r = client.post("/api/v1/predict", json={"items": [1, 2], "unit_price": [1.0]})
    assert r.status_code == 400
    assert "same length" in r.json()["detail"]
    r = client.post(
        "/api/v1/predict",
        content=b"{not json",
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["type"] == "json_invalid"
    r = client.post("/api/v1/predict", json={"unit_price": [1.0]})
    assert r.status_code == 422


# -- ingest --------------------------------------------------------------------------------
def test_ingest_orders_in_every_body_format(
    client: httpx.Client, reference_server: Server
) -> None:
    ids = list(range(5_000_001, 5_000_013))
    bodies = [
        (
            "json columns",
            {
                "json": columnar(
                    [new_order(ids[0]), new_order(ids[1], discount=None, coupon=None)]
                )
            },
        ),
        ("json rows", {"json": [new_order(ids[2]), new_order(ids[3], tags=[])]}),
        (
            "ndjson",
            {
                "content": "\n".join(
                    json.dumps(new_order(i)) for i in ids[4:6]
                ).encode(),
                "headers": {"content-type": NDJSON},
            },
        ),
    ]
    rows = [new_order(i) for i in ids[6:9]]
    frame = pl.DataFrame(rows).with_columns(
        pl.col("placed_at").str.to_datetime(),
    )
    buf = io.BytesIO()
    frame.write_parquet(buf)
    bodies.append(
        ("parquet", {"content": buf.getvalue(), "headers": {"content-type": PARQUET}})
    )
    sink = io.BytesIO()
    pl.DataFrame([new_order(i) for i in ids[9:11]]).with_columns(
        pl.col("placed_at").str.to_datetime()
    ).write_ipc_stream(sink)
    bodies.append(
        ("arrow", {"content": sink.getvalue(), "headers": {"content-type": ARROW}})
    )
    for label, kwargs in bodies:
        r = client.post("/api/v1/orders", **kwargs)  # type: ignore[arg-type]
        assert r.status_code == 201, (label, r.text)
        assert r.json()["table"] == "orders", label
        assert r.json()["rows"] >= 1, label
    # a multipart upload of a Parquet file
    buf = io.BytesIO()
    pl.DataFrame([new_order(ids[11])]).with_columns(
        pl.col("placed_at").str.to_datetime()
    ).write_parquet(buf)
    r = client.post(
        "/api/v1/orders/upload",
        files={"file": ("batch.parquet", buf.getvalue(), "application/octet-stream")},
    )
    assert r.status_code == 201, r.text
    assert fetch_ids(client, ids) == ids
    stored = orders_on_disk(reference_server).filter(pl.col("order_id") == ids[1])
    assert stored["discount"].to_list() == [None]
    assert stored["shipping"].to_list() == [{"method": "express", "days": 1}]


def test_ingest_bad_orders(client: httpx.Client) -> None:
    bad = columnar(
        [
            new_order(6_000_001, placed_at="yesterday"),
            new_order(6_000_002, region="mars", amount=-1),
            new_order(6_000_003, shipping={"method": "drone", "days": 1}),
        ]
    )
    r = client.post("/api/v1/orders", json=bad)
    assert r.status_code == 422
    locs = [(d["type"], d["loc"][:3]) for d in r.json()["detail"]]
    assert ("datetime_from_date_parsing", ["body", "placed_at", 0]) in locs
    assert ("literal_error", ["body", "region", 1]) in locs
    assert ("greater_than_equal", ["body", "amount", 1]) in locs
    assert any(loc[:3] == ["body", "shipping", 2] for _, loc in locs)
    r = client.post("/api/v1/orders", json={"order_id": [1]})
    assert r.status_code == 422
    r = client.post(
        "/api/v1/orders", content=b"x", headers={"content-type": "text/plain"}
    )
    assert r.status_code == 415
    assert "text/plain" in r.json()["detail"]
    r = client.post(
        "/api/v1/orders", content=b"PAR1garbage", headers={"content-type": PARQUET}
    )
    assert r.status_code == 400
    assert "Parquet" in r.json()["detail"]
    r = client.post(
        "/api/v1/orders/upload",
        files={"file": ("batch.xlsx", b"PK..", "application/octet-stream")},
    )
    assert r.status_code == 415
    assert "batch.xlsx" in r.json()["detail"]
    assert fetch_ids(client, [6_000_001, 6_000_002, 6_000_003]) == []


def test_ingest_customers_csv_body_and_upload(
    client: httpx.Client, reference_server: Server
) -> None:
    before = len(customers_on_disk(reference_server))
    csv = b"customer_id,name,segment,country,signup_date,email\n900001,Zed,enterprise,DE,2024-02-03,\n"
    r = client.post(
        "/api/v1/customers", content=csv, headers={"content-type": "text/csv"}
    )
    assert r.status_code == 201, r.text
    upload = b"customer_id,name,segment,country,signup_date\n900002,Ann,consumer,FR,2024-02-04\n"
    r = client.post(
        "/api/v1/customers/upload", files={"file": ("c.csv", upload, "text/csv")}
    )
    assert r.status_code == 201, r.text
    after = customers_on_disk(reference_server)
    assert len(after) == before + 2
    assert after[-2:] == [(900001, "enterprise"), (900002, "consumer")]
    bad = (
        b"customer_id,name,segment,country,signup_date\n900003,,pirate,DE,2024-13-01\n"
    )
    r = client.post(
        "/api/v1/customers/upload", files={"file": ("c.csv", bad, "text/csv")}
    )
    assert r.status_code == 422
    assert {tuple(d["loc"]) for d in r.json()["detail"]} == {
        ("body", "file", "name", 0),
        ("body", "file", "segment", 0),
        ("body", "file", "signup_date", 0),
    }
    assert len(customers_on_disk(reference_server)) == before + 2


def test_background_ingest_job(client: httpx.Client) -> None:
    ids = [7_000_001, 7_000_002, 7_000_003]
    r = client.post("/api/v1/orders/jobs", json=[new_order(i) for i in ids])
    assert r.status_code == 202, r.text
    accepted = r.json()
    assert accepted["rows"] == 3
    status: dict[str, object] = {}
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        status = client.get(accepted["status_url"]).json()
        if status["state"] in ("done", "failed"):
            break
        time.sleep(0.05)
    assert status["state"] == "done", status
    assert str(status["stored_in"]).endswith(".parquet")
    assert fetch_ids(client, ids) == ids
    r = client.get("/api/v1/jobs/nope")
    assert r.status_code == 404
    assert r.json() == {"detail": "no job 'nope'"}
    r = client.post("/api/v1/orders/jobs", json=[new_order(7_000_004, items=0)])
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", 0, "items"]


def test_tables_and_page(client: httpx.Client, reference_server: Server) -> None:
    tables = {t["name"]: t for t in client.get("/api/v1/tables").json()}
    assert tables["orders"]["rows"] == orders_on_disk(reference_server).height
    assert tables["customers"]["backend"] == "sqlite"
    shipping = next(c for c in tables["orders"]["columns"] if c["name"] == "shipping")
    assert shipping["dtype"].startswith("Struct(")
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert '<img src="/api/v1/plot.png"' in r.text
    assert 'id="preview"' in r.text


# -- metrics (last: counts what the tests above did) ---------------------------------
LINE = re.compile(r'^([a-z_]+)(\{(?:[^"}]|"(?:[^"\\]|\\.)*")*\})? (\S+)$')


def parse_metrics(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    samples = {}
    for line in text.splitlines():
        if line.startswith("#") or not line:
            continue
        match = LINE.match(line)
        assert match, line
        name, labels, value = match.groups()
        pairs = frozenset(re.findall(r'(\w+)="([^"]*)"', labels or ""))
        samples[(name, pairs)] = float(value)
    return samples


def test_metrics_prometheus_text(client: httpx.Client) -> None:
    for _ in range(3):
        client.get("/health")
    client.get("/api/v1/orders", params={"limit": 3})
    r = client.get("/metrics")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    samples = parse_metrics(r.text)

    def value(name: str, **labels: str) -> float:
        return samples.get((name, frozenset(labels.items())), 0.0)

    assert (
        value("rs_http_requests_total", method="GET", route="/health", status="200")
        >= 3
    )
    assert (
        value(
            "rs_http_requests_total", method="GET", route="/api/v1/orders", status="422"
        )
        >= 1
    )
    assert value("rs_rows_total", direction="out", table="orders") >= ROWS + 3
    assert value("rs_rows_total", direction="in", table="orders") >= 3
    count = value(
        "rs_http_request_duration_seconds_count", method="GET", route="/health"
    )
    assert count >= 3
    buckets = sorted(
        (float(dict(k[1])["le"]), v)
        for k, v in samples.items()
        if k[0] == "rs_http_request_duration_seconds_bucket"
        and dict(k[1]).get("route") == "/health"
    )
    assert buckets[-1] == (float("inf"), count)
    assert all(a[1] <= b[1] for a, b in itertools.pairwise(buckets))  # cumulative
