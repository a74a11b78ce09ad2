"""Writing an endpoint's result: frames negotiated on ``Accept``, JSON data in Rust.

* :mod:`.render`: the endpoint wrapper of a ``DataFrameRoute`` and how a
  result is written (negotiated frame, fast JSON, or left to FastAPI);
* :mod:`.responses`: :class:`~pydantable.fastapi.DataFrameResponse`;
* :mod:`.ndjson`: NDJSON streaming responses of batches;
* :mod:`.response_model`: fast serialization of rows under a ``response_model``.
"""
