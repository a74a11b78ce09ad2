"""Benchmarks: pydantable against hand-written Polars and plain Pydantic.

Run ``python -m benchmarks`` (see ``benchmarks/README.md``). Importing this
package runs nothing.
"""

from __future__ import annotations

__all__: list[str] = []
