"""Reliability under load and faults: the reference service, soak runs."""
