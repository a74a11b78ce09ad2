"""Test helpers for applications built on pydantable.

:mod:`pydantable.testing.fastapi` builds FastAPI apps with the executor
lifespan and lifespan-aware test clients (needs the ``fastapi`` extra).
"""

__all__: list[str] = []
