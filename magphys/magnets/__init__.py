"""Magnets: demagnetization, operating point, irreversible loss."""
