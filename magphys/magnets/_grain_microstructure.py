"""The microstructure of a grain ensemble: distribution widths (``EnsembleParams``), the texture, and
the grain table (tilt, size, microstructure factor, GBD layer, defect flag, weight) the kernels read.

Grain sizes are log-normal (Ramesh & Thomas, J. Appl. Phys. 64, 6416 (1988), part II). Each grain's
N_eff follows the engine's ln-law of the mean grain size; that law describes magnets of different mean
size (Ramesh and Thomas trace it to the defect statistics of larger grains), not the scatter inside one
magnet, so the size term is kept small (width 0.1 in ln D, E) and the grain-to-grain scatter of the
switching field is carried by the fitted log-normal width of the microstructure factor
(sigma_ln_alpha).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from scipy.integrate import quad
from scipy.optimize import brentq

from .._gate import Instance, Number, check
from ..errors import MagphysValueError
from ..kernels import constants as c
from ..kernels import layout as L
from ..materials._catalogue import lookup
from ..materials._process import micro_row
from ._grain_lattice import cube_mutual_factors
from ._magnet import Magnet

SIGMA_LN_D = 0.1
DEFECT_FACTOR = 0.5  # E: a defect grain (no grain-boundary phase, a surface flaw) switches at half its field
# Dipolar coupling of neighbours, as a share of that of touching, perfectly aligned, uniformly magnetized cubes
# (cube_mutual_factors). Sintered grains are polyhedra with a 2-5 nm grain-boundary phase between them and
# nucleate in a small volume near a boundary, where a neighbour's field differs from its volume average; half
# the cube value is taken (E). At 1.0 the lattice shows a reversal avalanche (a gap of squareness values no
# size spread reaches) and HcJ rises above the engine's by +14 % at 150 C for N42SH; at 0.5 the calibrated
# N42SH ensemble stays within 4 % of the engine from 20 to 150 C.
INTERACTION = 0.5


@dataclass(frozen=True)
class NdFeBMagnet(Instance):
    """A :class:`Magnet` of the R2Fe14B (composition-based NdFeB) model: only such magnets have grains."""

    cls: type | tuple[type, ...] = Magnet
    what: str = "a composition-based NdFeB magnet (datasheet materials have no grains here)"

    def coerce(self, name: str, value: Any) -> Any:
        if not isinstance(value, Magnet) or value.record[L.R_KIND] != L.KIND_R2FE14B:
            raise MagphysValueError(name, getattr(value, "name", value), self.describe())
        return value


NDFEB = NdFeBMagnet()

# the ranges of EnsembleParams' fields
PARAM_SPECS = {
    "alpha_scale": Number(0.0, 10.0, lo_open=True),
    "sigma_ln_alpha": Number(0.0, 2.0),
    "sigma_theta_rad": Number(0.0, 1.0, unit="rad; None: from the texture", optional=True),
    "sigma_ln_d": Number(0.0, 2.0),
    "defect_fraction": Number(0.0, 1.0),
    "defect_factor": Number(0.0, 1.0),
    "interaction": Number(0.0, 5.0),
}


@dataclass(frozen=True)
class EnsembleParams:
    """Distribution widths and constants of an ensemble. ``alpha_scale`` and ``sigma_ln_alpha`` (log-normal
    width of the grains' microstructure factor) come from ``calibrate``; the easy-axis tilt is a 2-D
    Gaussian of width ``sigma_theta_rad`` (default: the width whose <cos theta> is the magnet's texture);
    ``interaction`` scales the dipolar coupling of neighbours (1 = touching cubes; default INTERACTION)."""

    alpha_scale: float = 1.0
    sigma_ln_alpha: float = 0.0
    sigma_theta_rad: float | None = None  # None: from the magnet's texture <cos theta>
    sigma_ln_d: float = SIGMA_LN_D
    defect_fraction: float = 0.0
    defect_factor: float = DEFECT_FACTOR
    interaction: float = INTERACTION

    def __post_init__(self):
        for name, spec in PARAM_SPECS.items():
            object.__setattr__(self, name, check(name, getattr(self, name), spec))


def alignment(magnet: Magnet) -> float:
    """Texture <cos theta> of a magnet: its catalogue row, else its process's default."""
    if magnet.grade_class is not None:
        return float(lookup(magnet.name)[1]["alignment"])
    return float(micro_row(magnet.process or "sintered")[L.M_ALIGN])


@lru_cache(maxsize=64)
def texture_width(mean_cos: float) -> float:
    """Width sigma of a 2-D Gaussian easy-axis tilt whose <cos theta> is ``mean_cos``:
    <cos theta> = int_0^inf cos(r) r/sigma^2 exp(-r^2 / 2 sigma^2) dr."""

    def mean(sigma):
        return quad(lambda r: math.cos(r) * r / sigma**2 * math.exp(-r * r / (2 * sigma**2)), 0.0, 12 * sigma)[0]

    if mean_cos >= 1.0:
        return 0.0
    return brentq(lambda s_: mean(s_) - mean_cos, 1e-6, 1.5)


def neff_slope(magnet: Magnet) -> float:
    """dN_eff/d ln D of the magnet's process: the engine's ln-law slope times the process scale."""
    return float(micro_row(magnet.process or "sintered")[L.M_NEFF_SCALE]) * c.NEFF_B


def at_thickness(magnet: Magnet, thickness_mm: float) -> Magnet:
    """The magnet re-evaluated for a thickness (a GBD depth profile depends on it; bulk magnets do not)."""
    if magnet.gbd is None or magnet.thickness_mm == thickness_mm:
        return magnet
    if magnet.grade_class is not None:
        return Magnet.from_grade(magnet.name, thickness_mm=thickness_mm)
    raise MagphysValueError(
        "size_mm",
        thickness_mm,
        f"the thickness {magnet.thickness_mm} mm the GBD magnet "
        f"{magnet.name} was made for (or a catalogue grade, which is re-evaluated)",
    )


def grain_table(magnet: Magnet, thickness_mm: float, dims, params: EnsembleParams, seed: int) -> np.ndarray:
    """(n, N_GR) grains in lattice order (x fastest, z = depth along the easy axis)."""
    nx, ny, nz = dims
    n = nx * ny * nz
    rng = np.random.default_rng([seed, 0x6A1])
    g = np.zeros((n, L.N_GR))
    sigma_theta = texture_width(alignment(magnet)) if params.sigma_theta_rad is None else params.sigma_theta_rad
    # one standard-normal draw per grain and quantity, scaled afterwards: a width change moves the same grains
    tilt = rng.standard_normal((n, 2))
    g[:, L.G_THETA] = sigma_theta * np.hypot(tilt[:, 0], tilt[:, 1])
    g[:, L.G_LN_D] = params.sigma_ln_d * rng.standard_normal(n)
    g[:, L.G_LN_ALPHA] = params.sigma_ln_alpha * rng.standard_normal(n)
    g[:, L.G_DEFECT] = rng.random(n) < params.defect_fraction
    if int(magnet.record[L.R_N_LAYERS]) > 1:
        z = (np.arange(nz) + 0.5) / nz * thickness_mm
        depth = np.minimum(z, thickness_mm - z)  # from the nearer pole face, as the engine's layers
        layer = np.minimum((depth / (0.5 * thickness_mm) * L.N_LAYERS_MAX).astype(int), L.N_LAYERS_MAX - 1)
        g[:, L.G_LAYER] = np.repeat(layer, nx * ny)
    w = np.exp(3.0 * g[:, L.G_LN_D]) * np.cos(g[:, L.G_THETA])
    g[:, L.G_WEIGHT] = w / w.sum()
    return g


def kernel_constants(magnet: Magnet, params: EnsembleParams, dims) -> np.ndarray:
    """The (N_EP,) constants of the grain kernels: alpha scale, N_eff slope, defect factor, the axial and
    lateral coupling of a reversed neighbour (per Ms) and the lattice dimensions."""
    _, n_ax, n_lat = cube_mutual_factors()
    ep = np.zeros(L.N_EP)
    ep[L.EP_ALPHA_SCALE] = params.alpha_scale
    ep[L.EP_NEFF_SLOPE] = neff_slope(magnet)
    ep[L.EP_DEFECT_FACTOR] = params.defect_factor
    ep[L.EP_K_AX] = -2.0 * n_ax * params.interaction
    ep[L.EP_K_LAT] = 2.0 * n_lat * params.interaction
    ep[L.EP_NX], ep[L.EP_NY], ep[L.EP_NZ] = dims
    return ep
