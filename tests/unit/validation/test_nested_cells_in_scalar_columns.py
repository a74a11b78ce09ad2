"""Deeply nested lists in a scalar column: a located ``ValidationError``, never a crash.

Polars, asked to build a scalar column whose first cell is a container, tries to
read the column as nested data first, in time growing with the depth, and
overflows its stack on deep cells (the process died with SIGSEGV). Such columns
go to Pydantic, which reports every cell (the first ``max_errors`` in detail).
"""

import subprocess
import sys
import textwrap

import pytest

_SCRIPT = textwrap.dedent(
    """
    import sys
    import pydantic
    from pydantable import DataFrameModel

    class M(DataFrameModel):
        x: {annotation}

    cell = 1
    for _ in range({depth}):
        cell = [cell]
    try:
        M({{"x": [cell] * {rows}}})
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        print(first["type"], first["loc"], len(exc.errors()))
    else:
        print("accepted")
    """
)


@pytest.mark.parametrize(
    ("annotation", "error"),
    [
        ("str", "string_type"),
        ("int", "int_type"),
        ("float", "float_type"),
        ("bool", "bool_type"),
    ],
)
@pytest.mark.parametrize(
    ("rows", "depth"), [(30_000, 100_000), (30_000, 1_000), (50, 100_000)]
)
def test_nested_cells_are_reported_not_crashed_on(
    annotation: str, error: str, rows: int, depth: int
) -> None:
    script = _SCRIPT.format(annotation=annotation, depth=depth, rows=rows)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == [error, "('x',", "0)", str(min(rows, 100))]
