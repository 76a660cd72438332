"""The points of a sweep, chunk by chunk: the cartesian product of the grid axes times the draws of
the sampled axes (random, Sobol or Latin hypercube via scipy.stats.qmc), reproducible per chunk."""

from __future__ import annotations

import warnings

import numpy as np
from scipy.stats import qmc

from ._spec import SweepSpec


def _draws(spec: SweepSpec, lo: int, hi: int) -> np.ndarray:
    """Unit-cube draws number lo..hi-1 of the sampled axes, the same whatever the chunking."""
    d = len(spec.sampled_axes)
    n = hi - lo
    if spec.sampling == "sobol":
        eng = qmc.Sobol(d, scramble=True, seed=spec.seed)
        if lo:  # scipy refuses fast_forward(0)
            eng.fast_forward(lo)
        with warnings.catch_warnings():  # chunks are slices of one sequence: their sizes need not be 2^k
            warnings.filterwarnings("ignore", message=".*balance properties.*")
            return eng.random(n)
    if spec.sampling == "lhs":
        return _lhs(spec)[lo:hi]
    # random: one generator per block of 4096 draws, so any chunking sees the same numbers
    out = np.empty((n, d))
    block = 4096
    for b in range(lo // block, (hi - 1) // block + 1):
        u = np.random.default_rng([spec.seed, b]).random((block, d))
        s, e = max(lo, b * block), min(hi, (b + 1) * block)
        out[s - lo : e - lo] = u[s - b * block : e - b * block]
    return out


_LHS_CACHE: dict = {}


def _lhs(spec: SweepSpec) -> np.ndarray:
    key = (spec.seed, spec.samples, len(spec.sampled_axes))
    if key not in _LHS_CACHE:
        _LHS_CACHE.clear()
        _LHS_CACHE[key] = qmc.LatinHypercube(len(spec.sampled_axes), seed=spec.seed).random(spec.samples)
    return _LHS_CACHE[key]


def chunk_points(spec: SweepSpec, chunk: int) -> dict[str, np.ndarray]:
    """Axis values of the points of ``chunk`` (point index = grid index x samples + draw index)."""
    lo = chunk * spec.chunk_size
    return points_range(spec, lo, min(spec.n_points, lo + spec.chunk_size))


def points_range(spec: SweepSpec, lo: int, hi: int) -> dict[str, np.ndarray]:
    """Axis values of points lo..hi-1 (the same values whatever the chunking)."""
    idx = np.arange(lo, hi, dtype=np.int64)
    ns = spec.samples or 1
    g, s = np.divmod(idx, ns)
    out = {}
    if spec.grid_axes:
        gi = np.unravel_index(g, spec.grid_shape)
        for a, i in zip(spec.grid_axes, gi, strict=False):
            out[a] = spec.axes[a].grid_at(i)
    if spec.sampled_axes:
        s_lo, s_hi = int(s.min()), int(s.max()) + 1
        u = _draws(spec, s_lo, s_hi)[s - s_lo]
        for k, a in enumerate(spec.sampled_axes):
            ax = spec.axes[a]
            assert ax.low is not None and ax.high is not None  # a sampled axis has both
            out[a] = ax.low + (ax.high - ax.low) * u[:, k]
    return out
