"""``GET /``: one plain HTML page — schema, a preview table and the plot."""

from __future__ import annotations

import html
from typing import Any

from examples.reference_service.routes.common import Route, ServiceDep
from examples.reference_service.routes.ops import TableInfo, describe
from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(route_class=Route)

PREVIEW_ROWS = 10
STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem;
       color: #1d2733; background: #fbfcfd; padding: 0 1rem; }
h1 { margin-bottom: .2rem; } .lead { color: #566; margin-top: 0; }
section { margin: 1.5rem 0; }
table { border-collapse: collapse; font-size: .85rem; }
th, td { border: 1px solid #d5dde5; padding: .25rem .5rem; text-align: left; }
th { background: #e8eef4; }
tbody tr:nth-child(even) { background: #f2f5f8; }
.schemas { display: flex; gap: 2rem; flex-wrap: wrap; }
.null { color: #999; font-style: italic; }
code { background: #eef2f6; padding: 0 .2rem; }
img { max-width: 100%; border: 1px solid #d5dde5; background: white; }
nav a { margin-right: 1rem; }
"""


def _cell(value: Any) -> str:
    if value is None:
        return '<span class="null">null</span>'
    return html.escape(str(value))


def _schema_table(table: TableInfo) -> str:
    rows = "".join(
        f"<tr><td><code>{html.escape(c.name)}</code></td><td>{html.escape(c.dtype)}</td>"
        f"<td>{'yes' if c.nullable else 'no'}</td></tr>"
        for c in table.columns
    )
    return (
        f'<div><h3 id="schema-{table.name}">{table.name} '
        f"<small>({table.backend}, {table.rows:,} rows)</small></h3>"
        "<table><thead><tr><th>column</th><th>dtype</th><th>nullable</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


def _preview(data: dict[str, list[Any]]) -> str:
    head = "".join(f"<th>{html.escape(name)}</th>" for name in data)
    count = len(next(iter(data.values()), []))
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(data[c][i])}</td>" for c in data) + "</tr>"
        for i in range(count)
    )
    return f'<table id="preview"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


@router.get("/", response_class=HTMLResponse, tags=["page"])
def index(service: ServiceDep) -> HTMLResponse:
    """A page for people: the tables' schemas, a preview and a chart."""
    tables = describe(service)
    preview = service.orders().head(PREVIEW_ROWS).to_dict()
    model = service.model
    r2 = f"R² = {model.r2:.4f} on {model.train_rows:,} orders" if model else "training"
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>pydantable reference service</title>
<style>{STYLE}</style></head>
<body>
<h1>pydantable reference service</h1>
<p class="lead">Typed orders (Parquet) and customers (SQLite), served by FastAPI on
pydantable's embedded engine.</p>
<nav><a href="/docs">API docs (/docs)</a><a href="/api/v1/orders?limit=20">orders (JSON)</a>
<a href="/api/v1/orders/stats?by=region">stats</a><a href="/metrics">metrics</a></nav>
<section><h2>Schema</h2><div class="schemas">
{"".join(_schema_table(t) for t in tables)}
</div></section>
<section><h2>Preview: first {PREVIEW_ROWS} orders</h2>{_preview(preview)}</section>
<section><h2>Monthly revenue by region</h2>
<img src="/api/v1/plot.png" alt="Monthly revenue by region" width="800" height="400">
<p>Pricing model: linear regression, {html.escape(r2)}
(<a href="/api/v1/plot.png?kind=residuals">residuals</a>).</p></section>
</body></html>
"""
    return HTMLResponse(page)
