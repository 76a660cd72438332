"""Calibration of a grain ensemble against the materials engine (``calibrate``).

For a grade, fit the ensemble's constant c_a on alpha and the log-normal width of the grains'
microstructure factor so that the ensemble's HcJ and Hk/HcJ at 20 C equal those of the materials
engine for the same magnet, on a 30^3-grain ensemble of the grade's own thickness; the texture (the
grade's <cos theta>), the grain-size width, the defect fraction and the dipolar coupling stay at their
stated values. The ensemble then predicts other temperatures, thicknesses, load lines and excursions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .._gate import Instance, validate
from ..kernels import layout as L
from ._grain_microstructure import NDFEB, EnsembleParams, at_thickness
from ._grain_solver import GRAINS, SEED, STEPS, GrainSolver, knee
from ._magnet import Magnet

CALIBRATION_GRAINS = 30**3


@dataclass(frozen=True)
class Calibration:
    """Result of ``calibrate``: the fitted params and the targets reached (engine vs ensemble at 20 C)."""

    params: EnsembleParams
    hcj_target_a_per_m: float
    squareness_target: float
    hcj_a_per_m: float
    squareness: float
    mean_cos_theta: float  # of the ensemble's tilts (the magnet's texture)


@validate(
    magnet=NDFEB,
    seed=SEED,
    grains=GRAINS,
    base=Instance(EnsembleParams, "EnsembleParams", optional=True),
    steps=STEPS,
)
def calibrate(
    magnet: Magnet,
    seed: int = 1,
    grains: int = CALIBRATION_GRAINS,
    base: EnsembleParams | None = None,
    steps: int = 100,
) -> Calibration:
    """Fit ``alpha_scale`` (to HcJ) and one distribution width (to Hk/HcJ) of an ensemble of ``magnet`` at
    its own thickness so that HcJ and squareness at 20 C equal the materials engine's. Nested 1-D
    solves: for each width, the alpha scale by secant on HcJ; the width by bisection on the squareness,
    which falls monotonically as a width grows. The width is that of the microstructure factor
    ``sigma_ln_alpha``; where the grade is squarer than the ensemble with no such spread (texture and
    size spread alone), it is the size spread ``sigma_ln_d`` (narrowed from its default). The texture
    stays the magnet's. Cached per magnet and settings."""
    base = base or EnsembleParams()
    key = (magnet.name, magnet.thickness_mm, bytes(magnet.record), seed, grains, base, steps)
    if key not in _CAL_CACHE:
        _CAL_CACHE[key] = _calibrate(magnet, seed, grains, base, steps)
    return _CAL_CACHE[key]


_CAL_CACHE: dict = {}


def _calibrate(magnet, seed, grains, base, steps) -> Calibration:
    p = magnet.properties(temp_c=[20.0]).isel(temp_c=0)
    hcj_t, sq_t = float(p.hcj_a_per_m), float(p.squareness)
    size = (10.0, 10.0, 5.0 if magnet.thickness_mm is None else magnet.thickness_mm)
    at = at_thickness(magnet, size[2])

    def curve(alpha_scale, widths):
        ens = GrainSolver(at, size, grains, seed, replace(base, alpha_scale=alpha_scale, **widths), "cpu")
        h, j, _, _ = ens._closed_circuit(ens._temp_k(20.0), steps)
        hcj, _, sq = knee(h, j)
        return hcj, sq, ens

    def fit_alpha(widths):
        """alpha scale that puts the ensemble's HcJ at the engine's (secant; HcJ is near-linear in it)."""
        a0, a1 = 1.0, 1.1
        h0, _, _ = curve(a0, widths)
        h1, sq, ens = curve(a1, widths)
        for _ in range(30):
            if abs(h1 / hcj_t - 1.0) < 1e-3 or h1 == h0:
                break
            a0, a1, h0 = a1, max(0.05, a1 + (hcj_t - h1) * (a1 - a0) / (h1 - h0)), h1
            h1, sq, ens = curve(a1, widths)
        return a1, h1, sq, ens

    # squareness falls as either width grows: fit the misalignment from perfect alignment up; if the
    # grade is squarer than perfectly aligned grains with the stated size spread, narrow the size spread
    a, h, sq, ens = fit_alpha({"sigma_ln_alpha": 0.0})
    width, lo, hi = ("sigma_ln_alpha", 0.0, 0.5) if sq > sq_t else ("sigma_ln_d", 0.0, base.sigma_ln_d)
    best = {"sigma_ln_alpha": 0.0}
    if not (width == "sigma_ln_d" and hi == 0.0):
        for _ in range(14):
            mid = 0.5 * (lo + hi)
            a_m, h_m, sq_m, ens_m = fit_alpha({width: mid})
            if sq_m > sq_t:  # still squarer than the grade: the width can grow
                lo = mid
            else:
                hi = mid
            if abs(sq_m - sq_t) <= abs(sq - sq_t):
                a, h, sq, ens, best = a_m, h_m, sq_m, ens_m, {width: mid}
            if abs(sq_m - sq_t) < 2e-3:
                break
    params = replace(base, alpha_scale=a, **best)
    return Calibration(params, hcj_t, sq_t, h, sq, float(np.mean(np.cos(ens.grains[:, L.G_THETA]))))
