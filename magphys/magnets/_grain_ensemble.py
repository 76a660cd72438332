"""``GrainEnsemble``: a magnet as ~10^6 grains on a 3-D lattice, each switching at its own field,
coupled through the load line of the magnet and the dipolar field of reversed neighbours
(kernels/grains.py). Gives the knee, the squareness and the depth of reversal that the layer model
of the materials engine cannot: demagnetization curves, irreversible loss after an excursion with the
depth map of reversed grains, thermal cycling and recoil loops.

Every public entry checks its inputs through the common gate (magphys._gate) before any compute;
temperatures are checked against the model's range for the magnet (from 150 K, the R2Fe14B engine's
lower limit, to below its Curie point), as ``Magnet.properties`` does.
"""

from __future__ import annotations

import math

import numpy as np
import xarray as xr

from .._backend import BACKENDS, resolve_backend
from .._gate import Choice, Flag, Instance, Integer, Number, Numbers, validate
from ..errors import MagphysValueError
from ..kernels import constants as c
from ..kernels import layout as L
from ..kernels.constants import ZERO_C_K
from ..kernels.intrinsic import recoil_slope_at
from ._grain_calibration import calibrate
from ._grain_microstructure import NDFEB, EnsembleParams, at_thickness
from ._grain_solver import GRAINS, SEED, STEPS, GrainSolver, knee
from ._magnet import DEFAULT_EXPOSURE_H, Magnet, _exposure_s

RAMP_K = 1.0  # temperature step of a heating ramp
RAMP_FIELD_STEPS = 50  # steps of an applied reverse field at temperature
# Fields of the protocols (A/m): up to 1e8 A/m (mu0 H = 126 T), five times the anisotropy field of Tb2Fe14B
# (about 22 T), the hardest R2Fe14B; past it every grain has switched long before.
H_LIMIT_A_PER_M = 1.0e8
MAX_GRID = 10_000  # temperatures, load lines or excursions of one call (each is a whole excursion)

# the gate's specs of the ensemble's inputs; temperatures also below the magnet's Curie point (GrainSolver._temp_k)
T_UNIT = "degC (from 150 K, the R2Fe14B model's lower limit, to below the magnet's Curie point)"
TEMP_C = Number(c.T_MIN_R2FE14B_K - ZERO_C_K, unit=T_UNIT)
TEMPS_C = Numbers(c.T_MIN_R2FE14B_K - ZERO_C_K, unit=T_UNIT, max_size=MAX_GRID)
PC = Number(0.01, 100.0, unit="(permeance coefficient B/(mu0 H) of the load line)")
PCS = Numbers(0.01, 100.0, max_size=MAX_GRID)
H_APPLIED = Number(0.0, H_LIMIT_A_PER_M, unit="A/m (reverse field magnitude)")
H_REVERSE = Number(0.0, H_LIMIT_A_PER_M, lo_open=True, unit="A/m (reverse field magnitude)")
H_MAX = Number(0.0, H_LIMIT_A_PER_M, lo_open=True, unit="A/m", optional=True)
EXPOSURE_H = Number(1.0 / 3600.0, 1.0e6, unit="h")  # as Magnet.irreversible_loss: 1 s .. 1e6 h
SIZE_MM = Numbers(0.1, 1000.0, unit="mm", max_size=3)
PARAMS = Instance(EnsembleParams, "EnsembleParams (or None: calibrate(magnet))", optional=True)
BACKEND = Choice(BACKENDS, optional=True)


class GrainEnsemble(GrainSolver):
    """``magnet`` (composition-based NdFeB) of ``size_mm`` = (x, y, thickness along the easy axis) as
    about ``grains`` grains with log-normal sizes, misaligned easy axes, their GBD layer by depth and
    an optional defect fraction; reproducible for a ``seed``. ``params`` default: ``calibrate(magnet)``."""

    @validate(magnet=NDFEB, size_mm=SIZE_MM, grains=GRAINS, seed=SEED, params=PARAMS, backend=BACKEND)
    def __init__(
        self,
        magnet: Magnet,
        size_mm=(10.0, 10.0, 4.0),
        grains: int = 1_000_000,
        seed: int = 1,
        params: EnsembleParams | None = None,
        backend: str | None = None,
    ):
        if len(size_mm) != 3:
            raise MagphysValueError("size_mm", size_mm.tolist(), "three lengths (x, y, thickness) of 0.1 .. 1000 mm")
        size = (float(size_mm[0]), float(size_mm[1]), float(size_mm[2]))
        at = at_thickness(magnet, size[2])
        backend = resolve_backend(backend)
        params = params if params is not None else calibrate(magnet, seed=seed).params
        super().__init__(at, size, grains, seed, params, backend)

    # -- protocols -----------------------------------------------------------------------------------
    @validate(temp_c=TEMP_C, steps=STEPS, h_max_a_per_m=H_MAX, progress=Flag())
    def demag_curve(
        self, temp_c: float = 20.0, steps: int = 200, h_max_a_per_m: float | None = None, progress: bool = False
    ) -> xr.Dataset:
        """J(H) at ``temp_c`` in a closed circuit (internal field = applied), from saturation to past HcJ
        in ``steps`` field steps, each settled to no further switching (``progress``: a bar over the
        steps). Attributes hcj_a_per_m, hk_a_per_m, squareness, br_t; variable reversed_fraction (by
        volume)."""
        tk = self._temp_k(temp_c)
        h, j, m, br = self._closed_circuit(tk, steps, h_max_a_per_m, progress)
        hcj, hk_, sq = knee(h, j)
        return xr.Dataset(
            {
                "j_t": ("h_a_per_m", j, {"units": "T", "long_name": "polarization J"}),
                "b_t": ("h_a_per_m", j - c.MU0 * h, {"units": "T", "long_name": "flux density B = J + mu0 H"}),
                "reversed_fraction": (
                    "h_a_per_m",
                    0.5 * (1.0 - m),
                    {"units": "1", "long_name": "reversed share of the remanent polarization"},
                ),
            },
            coords={
                "h_a_per_m": ("h_a_per_m", -h, {"units": "A/m", "long_name": "applied field H (negative = reverse)"})
            },
            attrs={
                "magnet": self.magnet.name,
                "temp_c": tk - ZERO_C_K,
                "br_t": br,
                "hcj_a_per_m": hcj,
                "hk_a_per_m": hk_,
                "squareness": sq,
                "grains": self.n_grains,
                "seed": self.seed,
            },
        )

    @validate(temp_c=TEMP_C, pc=PC, h_applied_a_per_m=H_APPLIED, exposure_h=EXPOSURE_H)
    def irreversible_loss(
        self, temp_c: float, pc: float = 1.0, h_applied_a_per_m: float = 0.0, exposure_h: float = DEFAULT_EXPOSURE_H
    ) -> xr.Dataset:
        """Flux lost after holding (``temp_c``, load line ``pc``, reverse field ``h_applied_a_per_m``) for
        ``exposure_h`` and returning to 20 C, against the state stabilised at 20 C in the same circuit (as
        Magnet.irreversible_loss). Dataset: ``reversed_fraction`` over ``depth_mm`` (from a pole face),
        attrs ``loss``, ``reversed_20c``."""
        tk = self._temp_k(temp_c)
        ha = h_applied_a_per_m
        barrier = math.log(c.ATTEMPT_FREQUENCY_HZ * _exposure_s(exposure_h))
        state = np.zeros(self.n_grains, dtype=np.int8)
        state, _, m_ref = self._excursion(state, c.T_20C_K, pc, 0.0, barrier)
        state, _, m_after = self._excursion(state, tk, pc, ha, barrier)
        loss = 1.0 - m_after / m_ref if m_ref > 0 else 1.0
        return self._depth_map(state).assign_attrs(
            magnet=self.magnet.name,
            temp_c=tk - ZERO_C_K,
            pc=pc,
            h_applied_a_per_m=ha,
            exposure_h=exposure_h,
            loss=float(min(max(loss, 0.0), 1.0)),
            reversed_20c=0.5 * (1.0 - m_ref),
        )

    @validate(temp_c=TEMPS_C, pc=PCS, h_applied_a_per_m=H_APPLIED, exposure_h=EXPOSURE_H)
    def loss_map(
        self, temp_c, pc=1.0, h_applied_a_per_m: float = 0.0, exposure_h: float = DEFAULT_EXPOSURE_H
    ) -> xr.Dataset:
        """Irreversible loss over a grid of hold temperatures ``temp_c`` x load lines ``pc`` (default one, Pc = 1),
        each from the magnetized state: Dataset ``loss`` over (temp_c, pc), and the depth map of each as
        ``reversed_fraction``."""
        temps, pcs = temp_c, pc
        for i, t in enumerate(temps):  # every temperature inside the magnet's range before the first excursion
            self._temp_k(float(t), f"temp_c[{i}]")
        loss = np.empty((temps.size, pcs.size))
        depth = None
        frac = None
        for a, t in enumerate(temps):
            for b, p in enumerate(pcs):
                r = self.irreversible_loss(float(t), float(p), h_applied_a_per_m, exposure_h)
                if frac is None:
                    depth = r.depth_mm.values
                    frac = np.empty((temps.size, pcs.size, depth.size))
                loss[a, b], frac[a, b] = r.attrs["loss"], r.reversed_fraction.values
        return xr.Dataset(
            {
                "loss": (("temp_c", "pc"), loss, {"units": "1"}),
                "reversed_fraction": (("temp_c", "pc", "depth_mm"), frac, {"units": "1"}),
            },
            coords={"temp_c": temps, "pc": pcs, "depth_mm": depth},
            attrs={"magnet": self.magnet.name, "h_applied_a_per_m": h_applied_a_per_m, "exposure_h": exposure_h},
        )

    def _excursion(self, state, temp_k, pc, ha, barrier):
        """Heat from 20 C to temp_k on the load line (steps of <= RAMP_K), then raise the reverse field to
        ``ha`` (RAMP_FIELD_STEPS), settling at each step; back to 20 C without field. Returns (state,
        moment hot, moment after). The ramp keeps the load line's feedback quasi-static: grains reversed
        in one Jacobi sweep lower the internal field for the next, so a jump straight to temp_k would
        reverse grains that the slowly heated magnet keeps."""
        n_t = max(1, math.ceil(abs(temp_k - c.T_20C_K) / RAMP_K))
        for tk in np.linspace(c.T_20C_K, temp_k, n_t + 1)[1:]:
            hsw, ms, br = self._switching(tk, barrier)
            # a grain where the block's field is f times the mean switches when the mean field reaches hsw / f
            # (the applied field is scaled alike: exact without one, an estimate with one)
            hsw = hsw / self.field_factor
            state, m_hot, _ = self._settle(hsw, state, ms, self._load_line(br, pc, 0.0, tk))
        if ha > 0:
            for hk in np.linspace(0.0, ha, RAMP_FIELD_STEPS + 1)[1:]:
                state, m_hot, _ = self._settle(hsw, state, ms, self._load_line(br, pc, hk, temp_k))
        return state, m_hot, self._moment(state)  # reversed grains stay reversed; the rest recovers

    @validate(temps_c=TEMPS_C, pc=PC, exposure_h=EXPOSURE_H)
    def thermal_cycle(self, temps_c, pc: float = 1.0, exposure_h: float = DEFAULT_EXPOSURE_H) -> xr.Dataset:
        """Cumulative irreversible loss after each excursion of a sequence (a grain reversed in one cycle
        stays reversed): Dataset over ``cycle`` with temp_c and loss."""
        temps = temps_c
        temps_k = [self._temp_k(float(t), f"temps_c[{i}]") for i, t in enumerate(temps)]  # all before the first
        barrier = math.log(c.ATTEMPT_FREQUENCY_HZ * _exposure_s(exposure_h))
        state = np.zeros(self.n_grains, dtype=np.int8)
        state, _, m_ref = self._excursion(state, c.T_20C_K, pc, 0.0, barrier)
        loss = []
        for tk in temps_k:
            state, _, m = self._excursion(state, tk, pc, 0.0, barrier)
            loss.append(1.0 - m / m_ref)
        return xr.Dataset(
            {"loss": ("cycle", np.array(loss), {"units": "1"})},
            coords={"cycle": np.arange(1, temps.size + 1), "temp_c": ("cycle", temps)},
            attrs={"magnet": self.magnet.name, "pc": pc},
        )

    @validate(temp_c=TEMP_C, h_reverse_a_per_m=H_REVERSE, steps=Integer(2, 100_000))
    def recoil_loop(self, temp_c: float, h_reverse_a_per_m: float, steps: int = 50) -> xr.Dataset:
        """Down the demagnetization curve to ``h_reverse_a_per_m`` and back to zero field (closed circuit):
        J on both branches over ``h_a_per_m``; the return branch is the recoil line of the grains left."""
        tk = self._temp_k(temp_c)
        hr = h_reverse_a_per_m
        hsw, ms, br = self._switching(tk, c.THERMAL_BARRIER_KT)
        cr = recoil_slope_at(self.magnet.record, tk)
        down = np.linspace(0.0, hr, steps + 1)
        _, m = self._descend(hsw, ms, down)
        j_down = br * m - cr * down
        up = down[::-1]
        j_up = br * m[-1] - cr * up  # no grain switches back without a forward field
        h = np.concatenate([down, up[1:]])
        return xr.Dataset(
            {"j_t": ("step", np.concatenate([j_down, j_up[1:]]), {"units": "T"})},
            coords={"h_a_per_m": ("step", -h), "branch": ("step", ["down"] * down.size + ["up"] * (up.size - 1))},
            attrs={"magnet": self.magnet.name, "temp_c": tk - ZERO_C_K, "recoil_remanence_t": float(j_up[-1])},
        )

    def _depth_map(self, state: np.ndarray) -> xr.Dataset:
        nx, ny, nz = self.dims
        w = self.grains[:, L.G_WEIGHT].reshape(nz, ny * nx)
        s = state.reshape(nz, ny * nx)
        frac = (w * s).sum(axis=1) / w.sum(axis=1)
        depth = (np.arange(nz) + 0.5) * self.size_mm[2] / nz
        return xr.Dataset(
            {
                "reversed_fraction": (
                    "depth_mm",
                    frac,
                    {"units": "1", "long_name": "reversed share of the layer's polarization"},
                )
            },
            coords={"depth_mm": ("depth_mm", depth, {"units": "mm", "long_name": "depth from the first pole face"})},
        )
