"""Design sweeps: validated specs, chunked evaluation with crash-safe resume by one locked writer, verifiable
HDF5 results read back as xarray, and block-wise Pareto fronts."""

from ._engine import Verification, open_result, run, select, verify
from ._limits import SweepLimits
from ._lock import SweepLocked
from ._pareto import front_of, nondominated, pareto
from ._parts import SweepRepairWarning
from ._spec import SweepSpec, load_spec

__all__ = [
    "SweepLimits",
    "SweepLocked",
    "SweepRepairWarning",
    "SweepSpec",
    "Verification",
    "front_of",
    "load_spec",
    "nondominated",
    "open_result",
    "pareto",
    "run",
    "select",
    "verify",
]
