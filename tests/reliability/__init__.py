"""Reliability: hostile inputs, faults and load (the reference service, soak and fuzz runs)."""
