"""FastAPI integration: typed request bodies, error mapping, executors, NDJSON.

Needs the ``fastapi`` extra (``pip install 'pydantable-frames[fastapi]'``); importing
this package without FastAPI raises :class:`~pydantable.errors.MissingOptionalDependency`.

Example:
    >>> from typing import Annotated
    >>> from fastapi import Depends, FastAPI
    >>> from pydantable import DataFrameModel
    >>> from pydantable.fastapi import columnar_dependency, register_exception_handlers
    >>> class Reading(DataFrameModel):
    ...     sensor: str
    ...     value: float | None
    >>> app = FastAPI()
    >>> register_exception_handlers(app)
    >>> @app.post("/readings")
    ... def ingest(df: Annotated[Reading, Depends(columnar_dependency(Reading))]):
    ...     return {"rows": df.shape[0]}
"""

from pydantable._dependencies import require

require("fastapi", extra="fastapi")

from pydantable import _fastapi_compat  # noqa: E402

# ``df: Model`` parameters are request bodies, frames are written as JSON by
# FastAPI's encoder (see pydantable._fastapi_compat)
_fastapi_compat.install()

from pydantable.errors import (  # noqa: E402
    ColumnLengthMismatchError,
    MissingRustExtensionError,
    PydantableUserError,
)
from pydantable.fastapi.body_models import (  # noqa: E402
    columnar_body_model,
    columnar_body_model_from_dataframe_model,
)
from pydantable.fastapi.errors import (  # noqa: E402
    IngestRowFailure,
    IngestValidationErrorDetail,
    ingest_error_response,
)
from pydantable.fastapi.handlers import register_exception_handlers  # noqa: E402
from pydantable.fastapi.lifespan import executor_lifespan, get_executor  # noqa: E402
from pydantable.fastapi.middleware import RequestIdMiddleware  # noqa: E402
from pydantable.fastapi.params import columnar_dependency, rows_dependency  # noqa: E402
from pydantable.fastapi.response.ndjson import (  # noqa: E402
    ndjson_chunk_bytes,
    ndjson_streaming_response,
)
from pydantable.fastapi.response.responses import DataFrameResponse  # noqa: E402
from pydantable.fastapi.route import DataFrameRoute  # noqa: E402

__all__ = [
    "ColumnLengthMismatchError",
    "DataFrameResponse",
    "DataFrameRoute",
    "IngestRowFailure",
    "IngestValidationErrorDetail",
    "MissingRustExtensionError",
    "PydantableUserError",
    "RequestIdMiddleware",
    "columnar_body_model",
    "columnar_body_model_from_dataframe_model",
    "columnar_dependency",
    "executor_lifespan",
    "get_executor",
    "ingest_error_response",
    "ndjson_chunk_bytes",
    "ndjson_streaming_response",
    "register_exception_handlers",
    "rows_dependency",
]
