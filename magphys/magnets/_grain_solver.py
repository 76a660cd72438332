"""The field-step solver of a grain ensemble: switching fields at a temperature, the ensemble's moment,
and the Jacobi sweeps (kernels/grains.py) settled at a fixed internal field or self-consistently on a
load line, down a closed-circuit field ramp.

``GrainSolver`` holds one lattice of grains (its magnet, grain table and kernel constants) and takes
inputs that are already checked; ``GrainEnsemble`` (the public class) checks them and adds the
experiments.
"""

from __future__ import annotations

import math

import numpy as np
from tqdm.auto import tqdm

from .._gate import Integer, Number, check
from ..errors import MagphysValueError
from ..kernels import constants as c
from ..kernels import launch
from ..kernels import layout as L
from ..kernels.constants import ZERO_C_K
from ..kernels.intrinsic import intrinsic_at, recoil_slope_at, remanence
from ._grain_lattice import lattice_dims, local_demag_factor
from ._grain_microstructure import EnsembleParams, grain_table, kernel_constants
from ._magnet import Magnet

MAX_SWEEPS = 100_000  # a cascade cannot take more sweeps than there are grains; this is only a guard
MOMENT_PART = 512  # grains per partial sum of the moment (fixes the order of the float reduction)
# the ranges of a lattice and of a field ramp (GrainEnsemble and calibrate)
GRAINS = Integer(8, 200_000_000)
SEED = Integer(0, 2**32 - 1)  # numpy's seed sequence takes any int >= 0; the gate's integers are exact to 2^53
STEPS = Integer(10, 100_000)


class GrainSolver:
    """About ``n`` grains of ``magnet`` (already at the thickness ``size_mm[2]``) on a lattice filling
    ``size_mm``, drawn for ``seed`` with ``params``; kernels run on ``backend`` ('cpu' or 'cuda')."""

    def __init__(self, magnet: Magnet, size_mm: tuple[float, ...], n: int, seed: int, params: EnsembleParams, backend):
        self.magnet = magnet
        self.size_mm = size_mm
        self.seed = int(seed)
        self.backend = backend
        self.params = params
        self.dims = lattice_dims(size_mm, n)
        self.grains = grain_table(self.magnet, size_mm[2], self.dims, self.params, self.seed)
        self.ep = kernel_constants(self.magnet, self.params, self.dims)
        # on a load line the block's own field is not uniform: at each grain it is the mean field times
        # N_zz(position) / <N_zz> (the regions under the pole faces see more), as the engine's local permeance average
        nzz = local_demag_factor(size_mm, self.dims)
        self.field_factor = nzz / nzz.mean()
        self.updates = 0  # grain updates done so far (for throughput figures)

    @property
    def n_grains(self) -> int:
        return self.grains.shape[0]

    def _temp_k(self, temp_c, name: str = "temp_c") -> float:
        """``temp_c`` (one temperature) in K, inside the model's range for the magnet (from 150 K, the
        R2Fe14B engine's lower limit, to below the Curie point: ``Magnet.valid_temp_c``)."""
        lo, hi = self.magnet.valid_temp_c
        spec = Number(lo, hi, hi_open=True, unit=f"degC ({self.magnet.name}: the model's range, below the Curie point)")
        return check(name, temp_c, spec) + ZERO_C_K

    # -- the kernels ----------------------------------------------------------------------------------
    def _switching(self, temp_k: float, barrier: float) -> tuple[np.ndarray, float, float]:
        """(H_sw per grain, Ms [A/m], Br [T]) at temp_k."""
        hsw = np.empty(self.n_grains)
        launch(
            "grain_switching_fields",
            (self.grains, self.magnet.record, self.ep, float(temp_k), float(barrier), hsw),
            self.backend,
        )
        js_t, _ha_t, mk, _me, _mn = intrinsic_at(self.magnet.record, temp_k)
        return hsw, js_t / c.MU0, remanence(self.magnet.record, js_t, mk)

    def _moment(self, state: np.ndarray) -> float:
        """Remanent share of the polarization: partial sums over parts of MOMENT_PART grains (the kernel),
        then their sum in a fixed order, so the same on any number of threads or GPU blocks."""
        out = np.zeros(-(-self.n_grains // MOMENT_PART))
        launch("grain_moment", (self.grains, state, out), self.backend)
        return float(np.sum(out))

    def _settle(self, hsw, state, ms, h_of_moment=None, h_fixed: float = 0.0):
        """Sweep until no grain switches at the internal field: ``h_fixed`` (closed circuit) or, on a load
        line, ``h_of_moment`` of the current moment (self-consistent); returns (state, moment or NaN, h)."""
        other = np.empty_like(state)
        flips = np.zeros(1, dtype=np.int64)
        m, h = math.nan, h_fixed
        for _ in range(MAX_SWEEPS):
            if h_of_moment is not None:
                m = self._moment(state)
                h = h_of_moment(m)
            flips[0] = 0
            launch("grain_sweep", (hsw, self.ep, state, other, float(h), float(ms), flips), self.backend)
            self.updates += self.n_grains
            state, other = other, state
            if flips[0] == 0:
                return state, m, h
        raise RuntimeError("grain cascade did not settle")  # unreachable: each sweep reverses >= 1 grain

    def _descend(self, hsw, ms, fields, progress: bool = False, label: str = ""):
        """From saturation down a closed-circuit field ramp ``fields`` (reverse, ascending), settled at each
        step: (final state, moment after each step)."""
        state = np.zeros(self.n_grains, dtype=np.int8)
        m = np.empty(len(fields))
        for k, hk in enumerate(tqdm(fields, desc=label, unit="step", disable=not progress, leave=False)):
            state, _, _ = self._settle(hsw, state, ms, h_fixed=hk)
            m[k] = self._moment(state)
        return state, m

    def _load_line(self, br: float, pc: float, ha: float, temp_k: float = c.T_20C_K):
        """Reverse internal field on the load line B = -Pc mu0 (H + Ha) for a grain moment m:
        h (1 + Pc + cr / mu0) = Br m / mu0 + Pc Ha (J = Br m - cr h, cr the recoil slope at temp_k)."""
        chi = recoil_slope_at(self.magnet.record, temp_k) / c.MU0
        return lambda m: (br * m / c.MU0 + pc * ha) / (1.0 + pc + chi)

    def _closed_circuit(self, temp_k: float, steps: int, h_max: float | None = None, progress: bool = False):
        """J(h) in a closed circuit at ``temp_k`` from saturation over ``steps`` field steps up to the reverse
        field ``h_max`` (default: past the strongest grain even where four reversed lateral neighbours hold
        it): (h, J, moment, Br)."""
        hsw, ms, br = self._switching(temp_k, c.THERMAL_BARRIER_KT)
        if h_max is None:
            h_max = 1.05 * float(hsw.max()) + 4.0 * self.ep[L.EP_K_LAT] * ms
            if not h_max > 0:
                raise MagphysValueError("h_max_a_per_m", None, "> 0 A/m (no grain holds a field here: give one)")
        h = np.linspace(0.0, h_max, steps + 1)
        cr = recoil_slope_at(self.magnet.record, temp_k)
        _, m = self._descend(hsw, ms, h, progress=progress, label=f"{self.magnet.name} {temp_k - ZERO_C_K:g} C")
        return h, br * m - cr * h, m, br


def knee(h: np.ndarray, j: np.ndarray) -> tuple[float, float, float]:
    """(HcJ, Hk, Hk/HcJ) of a J(h) curve by linear interpolation between field steps."""

    def crossing(level):
        below = np.flatnonzero(j <= level)
        if below.size == 0:
            return math.nan
        k = int(below[0])
        if k == 0:
            return 0.0
        return float(h[k - 1] + (h[k] - h[k - 1]) * (j[k - 1] - level) / (j[k - 1] - j[k]))

    hcj = crossing(0.0)
    hk = crossing(0.9 * j[0])
    return hcj, hk, hk / hcj if hcj > 0 else math.nan
