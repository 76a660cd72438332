"""Backend choice: ``backend="auto" | "cpu" | "cuda"`` or the environment variable MAGPHYS_BACKEND.

Detection never raises: ``import numba.cuda`` can fail in many ways on a machine without a
CUDA runtime, and ``auto`` picks CUDA only when a real device answers.
"""

import os

from .errors import BackendError, MagphysValueError

BACKENDS = ("auto", "cpu", "cuda")


def simulator_enabled() -> bool:
    return os.environ.get("NUMBA_ENABLE_CUDASIM", "0") == "1"


def cuda_device_available() -> bool:
    """True when a real CUDA device is usable (never raises; False under the simulator)."""
    if simulator_enabled():
        return False
    try:
        from numba import cuda

        return bool(cuda.is_available()) and len(cuda.gpus) > 0
    except Exception:
        return False


def resolve_backend(backend: str | None = None) -> str:
    """Return 'cpu' or 'cuda' for a requested backend (argument, else MAGPHYS_BACKEND, else auto)."""
    choice = backend if backend is not None else os.environ.get("MAGPHYS_BACKEND", "auto")
    choice = str(choice).lower()
    if choice not in BACKENDS:
        raise MagphysValueError("backend", choice, "one of 'auto', 'cpu', 'cuda'")
    if choice == "cpu":
        return "cpu"
    if choice == "auto":
        return "cuda" if cuda_device_available() else "cpu"
    if simulator_enabled() or cuda_device_available():
        return "cuda"
    raise BackendError(
        "backend='cuda' was requested but no CUDA device is usable here "
        "(install magphys[cuda12] on a machine with an NVIDIA driver, or use backend='cpu')"
    )
