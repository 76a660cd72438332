"""Design sweeps: validated specs, chunked evaluation with crash-safe resume, HDF5 results read back as
xarray, and block-wise Pareto fronts."""

from ._engine import open_result, run
from ._pareto import nondominated, pareto
from ._spec import SweepSpec, load_spec

__all__ = ["SweepSpec", "load_spec", "nondominated", "open_result", "pareto", "run"]
