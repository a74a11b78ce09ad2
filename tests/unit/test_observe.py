"""Observer events: one per materialization, documented fields, never in the way."""

from __future__ import annotations

import asyncio
import contextvars
import threading
from collections.abc import Callable, Iterator
from typing import Any

import polars as pl
import pytest

import pydantable
from pydantable import DataFrameModel, get_observer, set_observer
from pydantable.observe import emit, span


class Num(DataFrameModel):
    a: int


class Text(DataFrameModel):
    s: str


REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar(
    "request_id", default="-"
)


@pytest.fixture
def events() -> Iterator[list[dict[str, Any]]]:
    seen: list[dict[str, Any]] = []

    def record(event: dict[str, Any]) -> None:
        seen.append(
            {
                **event,
                "_thread": threading.current_thread().name,
                "_request": REQUEST_ID.get(),
            }
        )

    set_observer(record)
    try:
        yield seen
    finally:
        set_observer(None)


def _public(event: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in event.items() if not k.startswith("_")}


def test_set_and_get_observer() -> None:
    assert get_observer() is None
    set_observer(print)
    try:
        assert get_observer() is print
        assert pydantable.get_observer is get_observer
    finally:
        set_observer(None)
    assert get_observer() is None
    with pytest.raises(TypeError, match="observer must be callable"):
        set_observer("print")  # type: ignore[arg-type]


def test_to_dict_event_fields(events: list[dict[str, Any]]) -> None:
    df = Num({"a": [1, 2, 3]})
    assert df.filter(df.a > 1).to_dict() == {"a": [2, 3]}
    assert len(events) == 1
    event = _public(events[0])
    duration = event.pop("duration_ms")
    assert isinstance(duration, float)
    assert 0 <= duration < 10_000
    assert event == {
        "op": "to_dict",
        "rows": 2,
        "ok": True,
        "engine": "polars",
        "mode": "blocking",
    }
    assert list(events[0])[:4] == ["op", "duration_ms", "rows", "ok"]


@pytest.mark.parametrize(
    ("call", "op", "rows"),
    [
        (lambda f: f.collect(), "collect", 2),
        (lambda f: f.rows(), "collect", 2),
        (lambda f: f.collect(as_lists=True), "to_dict", 2),
        (lambda f: f.collect(as_numpy=True), "collect", 2),
        (lambda f: f.to_dicts(), "to_dicts", 2),
        (lambda f: f.to_polars(), "to_polars", 2),
        (lambda f: f.to_arrow(), "to_arrow", 2),
        (lambda f: f.to_json(), "to_json", 2),
        (lambda f: f.to_json(orient="columns"), "to_json", 2),
        (lambda f: f.collect_batches(1), "collect_batches", 2),
        (lambda f: list(f.iter_batches(1, format="arrow")), "iter_batches", 2),
    ],
)
def test_one_event_per_blocking_materialization(
    events: list[dict[str, Any]], call: Callable[[Any], Any], op: str, rows: int
) -> None:
    df = Num({"a": [1, 2, 3]})
    call(df.filter(df.a > 1))
    assert [(e["op"], e["rows"], e["ok"]) for e in events] == [(op, rows, True)]
    assert events[0]["mode"] in ("blocking", "chunked")


def test_async_and_deferred_events(events: list[dict[str, Any]]) -> None:
    df = Num({"a": [1, 2, 3]})

    async def main() -> None:
        token = REQUEST_ID.set("req-7")
        try:
            await df.acollect()
            await df.ato_dict()
            await df.ato_dicts()
            await df.arows()
            await df.ato_polars()
            await df.ato_arrow()
            await df.ato_json()
            await df.submit().result()
            [b async for b in df.filter(df.a > 0).astream(2)]
        finally:
            REQUEST_ID.reset(token)

    asyncio.run(main())
    assert [(e["op"], e["mode"], e["rows"]) for e in events] == [
        ("acollect", "async", 3),
        ("ato_dict", "async", 3),
        ("ato_dicts", "async", 3),
        ("arows", "async", 3),
        ("ato_polars", "async", 3),
        ("ato_arrow", "async", 3),
        ("ato_json", "async", 3),
        ("submit", "deferred", 3),
        ("astream", "chunked", 3),
    ]
    # run in pydantable's worker threads, with the caller's context variables
    assert all(e["_thread"].startswith("pydantable") for e in events)
    assert {e["_request"] for e in events} == {"req-7"}
    assert all(e["ok"] for e in events)


def test_stream_events(events: list[dict[str, Any]]) -> None:
    df = Num({"a": list(range(5))})
    assert len(list(df.filter(df.a >= 0).stream(batch_size=2))) == 3
    for batch in df.stream(batch_size=2):
        assert batch == {"a": [0, 1]}
        break
    full, early = (_public(e) for e in events)
    for event in (full, early):
        event.pop("duration_ms")
    assert full == {
        "op": "stream",
        "rows": 5,
        "ok": True,
        "mode": "chunked",
        "batch_size": 2,
        "complete": True,
        "batches": 3,
        "engine": "polars",
    }
    assert early == {**full, "rows": 2, "complete": False, "batches": 1}


def test_failures_report_ok_false_and_keep_the_exception(
    events: list[dict[str, Any]],
) -> None:
    df = Text({"s": ["1", "x"]})
    plan = df.select(n=df.s.cast(int))
    with pytest.raises(pl.exceptions.InvalidOperationError):
        plan.to_dict()
    with pytest.raises(pl.exceptions.InvalidOperationError):
        plan.collect()
    with pytest.raises(pl.exceptions.InvalidOperationError):
        asyncio.run(plan.acollect())
    with pytest.raises(pl.exceptions.InvalidOperationError):
        list(plan.stream(batch_size=1))
    assert [(e["op"], e["ok"], e["error"]) for e in events] == [
        ("to_dict", False, "InvalidOperationError"),
        ("collect", False, "InvalidOperationError"),
        ("acollect", False, "InvalidOperationError"),
        ("stream", False, "InvalidOperationError"),
    ]
    assert all("rows" not in e for e in events[:3])
    assert all(e["duration_ms"] >= 0 for e in events)


def test_no_events_after_removing_the_observer(events: list[dict[str, Any]]) -> None:
    df = Num({"a": [1]})
    df.to_dict()
    assert len(events) == 1
    set_observer(None)
    df.to_dict()
    df.collect()
    list(df.stream())
    asyncio.run(df.acollect())
    asyncio.run(df.submit().result())
    emit({"op": "custom"})
    assert len(events) == 1


def test_a_raising_observer_warns_and_never_changes_results() -> None:
    def broken(event: dict[str, Any]) -> None:
        raise RuntimeError("observer bug")

    set_observer(broken)
    try:
        df = Num({"a": [1, 2]})
        with pytest.warns(
            RuntimeWarning, match="observer raised RuntimeError: observer bug"
        ):
            assert df.to_dict() == {"a": [1, 2]}
        bad = Text({"s": ["x"]})
        with (
            pytest.warns(RuntimeWarning, match="observer bug"),
            pytest.raises(pl.exceptions.InvalidOperationError),
        ):
            bad.select(n=bad.s.cast(int)).to_dict()  # the user's error wins
    finally:
        set_observer(None)


def test_span_and_emit_helpers(events: list[dict[str, Any]]) -> None:
    with span("custom", mode="blocking", table="t") as event:
        event.rows = 4
    with pytest.raises(KeyError), span("custom", engine="other"):
        raise KeyError("k")
    emit({"op": "manual", "ok": True})
    first, second, third = (_public(e) for e in events)
    assert first["rows"] == 4
    assert first["table"] == "t"
    assert first["ok"] is True
    assert (second["ok"], second["error"], second["engine"]) == (
        False,
        "KeyError",
        "other",
    )
    assert "rows" not in second
    assert third == {"op": "manual", "ok": True}


def test_failures_carry_error_type(events: list[dict[str, Any]]) -> None:
    with pytest.raises(KeyError), span("custom"):
        raise KeyError("x")
    assert (events[-1]["ok"], events[-1]["error_type"]) == (False, "KeyError")


@pytest.mark.parametrize("value", ["1", "true", "YES"])
def test_trace_prints_events_without_an_observer(
    value: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pydantable.observe import trace_enabled

    monkeypatch.setenv("PYDANTABLE_TRACE", value)
    assert trace_enabled()
    Num({"a": [1, 2]}).to_dict()
    emit({"op": "custom", "ok": True})
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("pydantable.trace {'op': 'to_dict'")
    assert "'rows': 2" in lines[0]
    assert lines[1] == "pydantable.trace {'op': 'custom', 'ok': True}"


def test_trace_is_off_for_other_values_and_an_observer_wins(
    events: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from pydantable.observe import trace_enabled

    monkeypatch.setenv("PYDANTABLE_TRACE", "0")
    assert not trace_enabled()
    monkeypatch.setenv("PYDANTABLE_TRACE", "1")
    Num({"a": [1]}).to_dict()  # an observer is set: it gets the event, nothing printed
    assert capsys.readouterr().out == ""
    assert events[-1]["op"] == "to_dict"
