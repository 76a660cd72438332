"""magphys: permanent-magnet physics for data-center cooling.

Composition or grade -> magnet properties at temperature -> demagnetization margin, on the CPU
(Numba) or on CUDA GPUs, with one source of physics (see DESIGN.md).
"""

from . import (
    cooling,
    design,
    economics,
    magnets,
    motor,
    sweep,
)
from ._backend import resolve_backend
from ._version import __version__
from .errors import BackendError, MagphysValueError, UnknownNameError
from .kernels.status import NAMES as STATUS_NAMES
from .magnets import Magnet, magnet_properties
from .materials._catalogue import grade_names
from .materials._composition import Composition

__all__ = [
    "STATUS_NAMES",
    "BackendError",
    "Composition",
    "Magnet",
    "MagphysValueError",
    "UnknownNameError",
    "__version__",
    "cooling",
    "design",
    "economics",
    "grade_names",
    "magnet_properties",
    "magnets",
    "motor",
    "resolve_backend",
    "sweep",
]
