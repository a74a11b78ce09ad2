"""The seed pages' FastAPI code, verbatim, one module per snippet."""
