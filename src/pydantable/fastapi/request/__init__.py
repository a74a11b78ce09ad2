"""Reading a frame request body: where it goes, how it is read and parsed.

* :mod:`.body`: the route's body target (a frame class or a pydantable body
  dependency and its :class:`~.body.BodySpec`), the size-limited read and the
  build of the frame from the raw bytes;
* :mod:`.formats`: media types and parsing a body by its ``Content-Type``;
* :mod:`.json_fast`: the fast lane for columnar JSON bodies (orjson, strict
  typed columns; the exact path is its oracle);
* :mod:`.uploads`: the file part of a ``multipart/form-data`` upload;
* :mod:`.locations`: error locations as the client sent the body;
* :mod:`.annotations`: ``df: Model`` parameters made body parameters;
* :mod:`.prepared`: the thread-pool-free stand-in of a body dependency.
"""
