"""Fit a magnet to measurements: Br, HcJ and Hk at temperatures, or measured J(H) curves.

The fit adjusts the entries of the magnet's record that the measurements determine and keeps the rest of the
model (composition, intrinsic laws, GBD layers) as it is, so the fitted magnet is a ``Magnet`` like any other:
motors, racks, sweeps of its properties and loss calculations take it unchanged.

Sintered and composition magnets (R2Fe14B model) fit:

* ``br_scale``: a factor on Br (alignment and density of the magnet against the model's);
* ``alpha``: the Kronmueller microstructure factor (the level of HcJ);
* ``neff_scale``: a factor on the effective demagnetization factor N_eff (with ``alpha``, the slope of HcJ(T):
  mu0 HcJ = alpha mu0 HA(T) - N_eff Js(T) - ..., Kronmueller & Durst, JMMM 74, 291 (1988));
* ``squareness``: Hk/HcJ of the switching-field distribution (the knee);
* ``recoil_kappa``: the reversible-rotation factor of the recoil slope (kernels/intrinsic.py recoil_slope; the
  slope of J before the knee). The record's 20 degC recoil permeability, which the motor models read, follows.

Datasheet-coefficient materials (ferrite, SmCo, bonded) fit ``br_t``, ``hcj_a_per_m`` (at 20 degC),
``alpha_br_pct_per_k``, ``beta_hcj_pct_per_k``, ``squareness`` and ``mu_rec``.

Least squares (scipy ``least_squares``, trust-region reflective within each parameter's bounds) on relative
residuals: log(model / measured) for Br, HcJ and Hk, (J_model - J_measured) / Br for curve points. The standard
errors come from the Jacobian at the solution, s^2 (J^T J)^-1 with s^2 the residual variance (NaN where the data
do not exceed the parameters).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import least_squares

from ..errors import MagphysValueError
from ..kernels import constants as c
from ..kernels import layout as L
from ..kernels import status as st
from ..kernels.constants import ZERO_C_K
from ..kernels.intrinsic import recoil_slope_at
from . import _compute

# name -> (record entry, kind of change, lower bound, upper bound); "set" writes the value, "scale" multiplies
# the base record's entry. Bounds: the R2Fe14B model's validity (alpha 0.05-1, processes.csv; Hk/HcJ < 1).
R2FE14B_PARAMS = {
    "br_scale": (L.R_BR_FACTOR, "scale", 0.5, 1.2),
    "alpha": (L.R_ALPHA, "set", 0.05, 1.0),
    "neff_scale": (L.R_NEFF, "scale", 0.05, 5.0),
    "squareness": (L.R_SQUARENESS, "set", 0.3, 0.999),
    "recoil_kappa": (L.R_KAPPA_REV, "set", 0.0, 2.0),
}
LINEAR_PARAMS = {
    "br_t": (L.R_LIN_BR20_T, "set", 0.01, 2.0),
    "hcj_a_per_m": (L.R_LIN_HCJ20_A_PER_M, "set", 1.0e3, 5.0e6),
    "alpha_br_pct_per_k": (L.R_LIN_ALPHA_PER_K, "pct", -1.0, 0.5),
    "beta_hcj_pct_per_k": (L.R_LIN_BETA_PER_K, "pct", -2.0, 1.0),
    "squareness": (L.R_SQUARENESS, "set", 0.3, 0.999),
    "mu_rec": (L.R_MU_REC, "set", 1.0, 1.3),
}
CURVE_FORM = "(temp_c, h_a_per_m, j_t): >= 3 finite points, h and J of one length"
# a point the model cannot evaluate (out of range, no coercivity left) counts as this log-residual
BAD_RESIDUAL = 5.0


@dataclass(frozen=True)
class MagnetFit:
    """What a fit found: the parameters, their standard errors, the relative rms residual and the data size."""

    parameters: dict[str, float]
    stderr: dict[str, float]
    residual_rms: float
    n_data: int
    cost: float = field(default=math.nan, repr=False)
    covariance: np.ndarray | None = field(default=None, repr=False)  # of the parameters, in their order
    inputs: dict | None = field(default=None, repr=False)  # base grade and data, to refit (Magnet.save)


@dataclass(frozen=True)
class _Data:
    temps_k: np.ndarray
    br_t: np.ndarray
    hcj_a_per_m: np.ndarray
    hk_a_per_m: np.ndarray
    curves: tuple[tuple[float, np.ndarray, np.ndarray], ...]

    @property
    def size(self) -> int:
        pts = sum(int(np.sum(np.isfinite(a))) for a in (self.br_t, self.hcj_a_per_m, self.hk_a_per_m))
        return pts + sum(len(h) for _, h, _ in self.curves)


def _column(name: str, values, n: int) -> np.ndarray:
    if values is None:
        return np.full(n, np.nan)
    try:
        a = np.asarray(values, dtype=float).reshape(-1)
    except (TypeError, ValueError, OverflowError):
        raise MagphysValueError(name, values, f"{n} numbers (one per temp_c; NaN where not measured)") from None
    if a.size != n:
        raise MagphysValueError(name, values, f"{n} numbers (one per temp_c; NaN where not measured)")
    ok = np.isfinite(a)
    if np.any(a[ok] <= 0.0):
        raise MagphysValueError(name, values, "positive values (NaN where not measured)")
    return a


def _data(magnet, temp_c, br_t, hcj_a_per_m, hk_a_per_m, curves) -> _Data:
    lo, hi = magnet.valid_temp_c
    valid = f"finite temperatures in {lo:.1f} <= T < {hi:.1f} degC"
    try:
        temps = np.asarray([] if temp_c is None else temp_c, dtype=float).reshape(-1)
    except (TypeError, ValueError, OverflowError):
        raise MagphysValueError("temp_c", temp_c, valid) from None
    if np.any(~np.isfinite(temps)) or np.any((temps < lo) | (temps >= hi)):
        raise MagphysValueError("temp_c", temp_c, valid)
    n = temps.size
    br = _column("br_t", br_t, n)
    hcj = _column("hcj_a_per_m", hcj_a_per_m, n)
    hk = _column("hk_a_per_m", hk_a_per_m, n)
    if n and not (np.isfinite(br) | np.isfinite(hcj) | np.isfinite(hk)).any():
        raise MagphysValueError("br_t/hcj_a_per_m/hk_a_per_m", None, "at least one measured value at the temperatures")
    cv = []
    if curves is not None and (isinstance(curves, (str, bytes, dict)) or not hasattr(curves, "__iter__")):
        raise MagphysValueError("curves", curves, f"a list of {CURVE_FORM}")
    for i, item in enumerate(curves or ()):
        try:
            t, h, j = item
            t = float(t)
            h = np.abs(np.asarray(h, dtype=float).reshape(-1))
            j = np.asarray(j, dtype=float).reshape(-1)
        except (TypeError, ValueError, OverflowError):
            raise MagphysValueError(f"curves[{i}]", item, CURVE_FORM) from None
        if h.size != j.size or h.size < 3 or not (np.all(np.isfinite(h)) and np.all(np.isfinite(j))):
            raise MagphysValueError(f"curves[{i}]", item, CURVE_FORM)
        if not lo <= t < hi:
            raise MagphysValueError(f"curves[{i}].temp_c", t, f"{lo:.1f} <= T < {hi:.1f} degC")
        cv.append((t + ZERO_C_K, h, j))
    d = _Data(temps + ZERO_C_K, br, hcj, hk, tuple(cv))
    if d.size == 0:
        raise MagphysValueError("temp_c/curves", None, "measured Br, HcJ or Hk at temperatures, or J(H) curves")
    return d


def _default_params(linear: bool, d: _Data) -> tuple[str, ...]:
    """The parameters the data determine: Br from Br (or curves), the HcJ level from one HcJ, its slope from HcJ
    at two temperatures or more, the knee from Hk or curves."""
    n_hcj = len({round(t, 6) for t, v in zip(d.temps_k, d.hcj_a_per_m, strict=True) if np.isfinite(v)}) + len(
        {round(t, 6) for t, _, _ in d.curves}
    )
    n_br = len({round(t, 6) for t, v in zip(d.temps_k, d.br_t, strict=True) if np.isfinite(v)}) + len(d.curves)
    names: list[str] = []
    if n_br:
        names.append("br_t" if linear else "br_scale")
        if linear and n_br > 1:
            names.append("alpha_br_pct_per_k")
    if n_hcj:
        names.append("hcj_a_per_m" if linear else "alpha")
        if n_hcj > 1:
            names.append("beta_hcj_pct_per_k" if linear else "neff_scale")
    if np.isfinite(d.hk_a_per_m).any() or d.curves:
        names.append("squareness")
    return tuple(names)


def _apply(base: np.ndarray, spec: dict, names: Sequence[str], x: np.ndarray) -> np.ndarray:
    rec = base.copy()
    for nm, v in zip(names, x, strict=True):
        i, how, _, _ = spec[nm]
        rec[i] = base[i] * v if how == "scale" else (v / 100.0 if how == "pct" else v)
    if rec[L.R_KIND] == L.KIND_R2FE14B:  # the motors' 20 degC recoil permeability from the fitted slope
        rec[L.R_MU_REC] = 1.0 + recoil_slope_at(rec, c.T_20C_K) / c.MU0
    return rec


def _start(base: np.ndarray, spec: dict, names: Sequence[str]) -> np.ndarray:
    x0 = []
    for nm in names:
        i, how, lo, hi = spec[nm]
        v = 1.0 if how == "scale" else (base[i] * 100.0 if how == "pct" else base[i])
        x0.append(min(max(v, lo + 1e-9 * abs(lo)), hi - 1e-9 * abs(hi)))
    return np.array(x0)


def _residuals(rec: np.ndarray, d: _Data) -> np.ndarray:
    parts = []
    if d.temps_k.size:
        out, status = _compute.properties(rec[None, :], d.temps_k, "cpu")
        ok = (status[0] == st.OK) | (status[0] == st.NOT_CONVERGED)
        for col, meas in ((L.O_BR, d.br_t), (L.O_HCJ, d.hcj_a_per_m), (L.O_HK, d.hk_a_per_m)):
            m = np.isfinite(meas)
            model = out[0, :, col]
            good = ok & (model > 0.0) & np.isfinite(model)
            r = np.where(good, np.log(np.where(good, model, 1.0) / np.where(m, meas, 1.0)), BAD_RESIDUAL)
            parts.append(r[m])
    for t, h, j in d.curves:
        jm, status = _compute.demag_curve(rec[None, :], [0], np.array([t]), h, "cpu")
        br = max(float(j[0]), 1e-3) if h[0] == 0.0 else max(float(np.max(j)), 1e-3)
        r = (jm[0] - j) / br if status[0] == st.OK else np.full(h.size, BAD_RESIDUAL)
        parts.append(np.where(np.isfinite(r), r, BAD_RESIDUAL))
    return np.concatenate(parts)


def fit_record(base_record: np.ndarray, d: _Data, params: Sequence[str] | None) -> tuple[np.ndarray, MagnetFit]:
    """The base record with ``params`` fitted to the data ``d``; the fit's report."""
    linear = base_record[L.R_KIND] == L.KIND_LINEAR
    spec = LINEAR_PARAMS if linear else R2FE14B_PARAMS
    if params is not None and (isinstance(params, (str, bytes)) or not hasattr(params, "__iter__")):
        raise MagphysValueError("params", params, f"a list of names among {sorted(spec)}")
    names = tuple(params) if params is not None else _default_params(bool(linear), d)
    unknown = [p for p in names if not isinstance(p, str) or p not in spec]
    if unknown or not names or len(set(names)) != len(names):
        raise MagphysValueError("params", params, f"distinct names among {sorted(spec)}")
    if len(names) > d.size:
        raise MagphysValueError("params", names, f"at most as many parameters as data ({d.size})")
    base = np.array(base_record, dtype=float)
    lo = np.array([spec[p][2] for p in names])
    hi = np.array([spec[p][3] for p in names])
    sol = least_squares(
        lambda x: _residuals(_apply(base, spec, names, x), d),
        _start(base, spec, names),
        bounds=(lo, hi),
        x_scale="jac",
        xtol=1e-12,
        ftol=1e-12,
        gtol=1e-12,
    )
    rec = _apply(base, spec, names, sol.x)
    r = sol.fun
    dof = r.size - len(names)
    stderr = np.full(len(names), math.nan)
    cov = np.full((len(names), len(names)), math.nan)
    if dof > 0:
        try:
            cov = np.linalg.inv(sol.jac.T @ sol.jac) * float(r @ r) / dof
            stderr = np.sqrt(np.clip(np.diag(cov), 0.0, None))
        except np.linalg.LinAlgError:
            pass
    report = MagnetFit(
        parameters={p: float(v) for p, v in zip(names, sol.x, strict=True)},
        stderr={p: float(s) for p, s in zip(names, stderr, strict=True)},
        residual_rms=float(np.sqrt(np.mean(r * r))),
        n_data=int(r.size),
        cost=float(sol.cost),
        covariance=cov,
    )
    rec.setflags(write=False)
    return rec, report
