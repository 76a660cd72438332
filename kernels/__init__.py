"""magphys.kernels: the numerics. Scalar physics (``register_jitable``), CPU launchers and
their CUDA twins. Imports nothing from the rest of magphys (docs/design.md section 1)."""

from . import layout, status
from .registry import KERNELS, launch

__all__ = ["KERNELS", "launch", "layout", "status"]
