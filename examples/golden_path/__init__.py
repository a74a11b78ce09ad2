"""The golden-path example service (see ``app.py``)."""
