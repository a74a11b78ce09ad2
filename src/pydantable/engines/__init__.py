"""Engine lowerings of the typed plan.

``pydantable.engines.polars`` is the embedded default engine.
"""

from __future__ import annotations

__all__: list[str] = []
