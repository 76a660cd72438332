"""Composition, intrinsic data, processes and the grade catalogue."""
