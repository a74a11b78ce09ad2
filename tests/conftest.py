"""Suite-wide options and fixtures.

``--engines=polars[,other]`` chooses the engines the ``engine`` fixture runs
each engine-contract test on (default: every registered engine whose
dependencies are installed; today that is the embedded ``polars``).
"""

from __future__ import annotations

import pytest

from pydantable.engines import engine_names, get_engine


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--engines",
        default=None,
        help="comma-separated engine names for the `engine` fixture "
        f"(registered: {', '.join(engine_names())})",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine_name" not in metafunc.fixturenames:
        return
    chosen = metafunc.config.getoption("--engines")
    names = engine_names() if chosen is None else [n.strip() for n in chosen.split(",")]
    unknown = sorted(set(names) - set(engine_names()))
    if unknown:
        raise pytest.UsageError(f"--engines: unknown engines {unknown}")
    metafunc.parametrize("engine_name", names)


@pytest.fixture
def engine(engine_name: str) -> object:
    """The engine under test (see ``--engines``)."""
    return get_engine(engine_name)
