"""magphys: permanent-magnet physics for data-center cooling.

Composition or grade -> magnet properties at temperature -> demagnetization margin, on the CPU
(Numba) or on CUDA GPUs, with one source of physics (see DESIGN.md).
"""

from ._backend import resolve_backend
from .errors import BackendError, MagphysValueError, UnknownNameError
from .kernels.status import NAMES as STATUS_NAMES
from . import magnets
from .magnets import Magnet, magnet_properties
from . import motor  # noqa: E402  (after magnets: motor builds on them)
from . import cooling  # noqa: E402  (after motor)
from . import economics  # noqa: E402  (after cooling)
from . import design  # noqa: E402  (after economics)
from . import sweep  # noqa: E402  (after design)
from .materials._catalogue import grade_names
from .materials._composition import Composition

__version__ = "0.1.0"

__all__ = [
    "BackendError",
    "Composition",
    "Magnet",
    "MagphysValueError",
    "STATUS_NAMES",
    "UnknownNameError",
    "grade_names",
    "magnet_properties",
    "magnets",
    "motor",
    "cooling",
    "economics",
    "design",
    "sweep",
    "resolve_backend",
    "__version__",
]
