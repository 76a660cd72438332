"""Design sweeps: validated specs, chunked evaluation with crash-safe resume, HDF5 results read back as
xarray, and block-wise Pareto fronts."""

from ._engine import open_result, run, select
from ._pareto import front_of, nondominated, pareto
from ._spec import SweepSpec, load_spec

__all__ = ["SweepSpec", "front_of", "load_spec", "nondominated", "open_result", "pareto", "run", "select"]
