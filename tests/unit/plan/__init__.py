"""Unit tests of :mod:`pydantable.plan`: the output-schema rules beside each node."""
