"""magphys: permanent-magnet physics for data-center cooling.

Composition or grade -> magnet properties at temperature -> demagnetization margin, on the CPU
(Numba) or on CUDA GPUs, with one source of physics (see docs/design.md).
"""

import importlib.util as _ilu
import sys as _sys
from pathlib import Path as _Path


def _kernels_from_checkout() -> None:
    """Point ``magphys.kernels`` at the checkout's top-level ``kernels/`` when this package is imported
    from a source checkout (``python -m pytest`` or ``python -c`` in the repository root put it first on
    the import path). An installed copy has ``magphys/kernels/`` inside and an editable install maps the
    same folder, so every way of running imports one and the same kernels."""
    here = _Path(__file__).resolve().parent
    src = here.parent / "kernels"
    if (here / "kernels").is_dir() or "magphys.kernels" in _sys.modules or not (src / "registry.py").is_file():
        return
    spec = _ilu.spec_from_file_location("magphys.kernels", src / "__init__.py", submodule_search_locations=[str(src)])
    assert spec is not None and spec.loader is not None
    module = _ilu.module_from_spec(spec)
    _sys.modules["magphys.kernels"] = module
    spec.loader.exec_module(module)
    globals()["kernels"] = module


_kernels_from_checkout()

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
