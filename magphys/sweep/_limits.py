"""How large a sweep may be: points, chunks and bytes on disk, checked before anything is computed.

A spec's size is the product of its axes and can be astronomically large from a few characters (three axes of
``num = 10**6`` are 10^18 points); the limits turn that into a refusal with the figure instead of hours of
planning or a full disk. Defaults suit one machine: 10^10 points (about a day of the full chain on 2 cores),
10^6 chunks and 1 TB; each can be raised per run (``run(limits=...)``, ``magphys sweep --max-points`` ...)
or by the environment (``MAGPHYS_SWEEP_MAX_POINTS``, ``..._MAX_CHUNKS``, ``..._MAX_BYTES``).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import MagphysValueError


def _env(name: str, default: int) -> int:
    text = os.environ.get(f"MAGPHYS_SWEEP_{name}")
    if text is None:
        return default
    try:
        value = int(float(text))
    except ValueError:
        raise MagphysValueError(f"MAGPHYS_SWEEP_{name}", text, "a positive number") from None
    if value < 1:
        raise MagphysValueError(f"MAGPHYS_SWEEP_{name}", text, "a positive number")
    return value


@dataclass(frozen=True)
class SweepLimits:
    """Largest sweep a run accepts.

    Parameters
    ----------
    max_points : int
        Design points (each materials point carries every temperature of ``temp_c``).
    max_chunks : int
        Chunks (part files while the run is in progress).
    max_bytes : int
        Bytes of the result on disk (the part files take as much again until assembly).
    """

    max_points: int = field(default_factory=lambda: _env("MAX_POINTS", 10**10))
    max_chunks: int = field(default_factory=lambda: _env("MAX_CHUNKS", 10**6))
    max_bytes: int = field(default_factory=lambda: _env("MAX_BYTES", 10**12))


def _gb(n: float) -> str:
    return f"{n / 1e9:.3g} GB"


def check_size(spec, limits: SweepLimits) -> None:
    """Refuse a spec with more points or chunks than ``limits`` allow (before any compute)."""
    n = spec.n_points
    if n > limits.max_points:
        raise MagphysValueError(
            "spec", f"{spec.name}: {n:.3g} points", f"at most {limits.max_points:.3g} points (limits.max_points)"
        )
    if spec.n_chunks > limits.max_chunks:
        raise MagphysValueError(
            "chunk_size",
            spec.chunk_size,
            f"at most {limits.max_chunks:.3g} chunks (limits.max_chunks); {spec.n_chunks:.3g} with this chunk_size"
            f" (use at least {-(-n // limits.max_chunks)})",
        )


def check_bytes(spec, bytes_per_point: float, limits: SweepLimits, folder: Path, todo_points: int) -> None:
    """Refuse a result larger than ``limits.max_bytes``, or one the disk under ``folder`` cannot hold: the
    final file plus the part files still to write (they are removed once the file is whole)."""
    total = bytes_per_point * spec.n_points
    if total > limits.max_bytes:
        raise MagphysValueError(
            "spec", f"{spec.name}: about {_gb(total)}", f"at most {_gb(limits.max_bytes)} (limits.max_bytes)"
        )
    need = total + bytes_per_point * todo_points
    free = shutil.disk_usage(folder).free
    if need > free:
        raise MagphysValueError(
            "out", str(folder), f"a folder with {_gb(need)} free for the result and its parts ({_gb(free)} free)"
        )
