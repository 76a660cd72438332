"""Prediction bands of a magnet's properties from the uncertainty of its parameters (Monte Carlo on the kernels).

The parameters are the fit's (magphys.magnets._fit): a fitted magnet carries their covariance (a fit with no
data left over for a residual variance has none, and is treated like a catalogue magnet); a catalogue or
composition magnet gets one from what its calibration rests on, mapped onto (br_scale, alpha, neff_scale) through
the model's local Jacobian:

* Br: +-1.5 % (one standard deviation): half the typical vendor Br band of a grade (e.g. N42 1.28-1.32 T,
  shared/data/ndfeb_vendor_grade_tables.csv);
* HcJ at 20 degC: 5 % (E: vendors state a minimum; the catalogue is calibrated at 1.10 x the class minimum, and
  production lots lie from the minimum to ~1.2 x it);
* beta(HcJ, 20-100 degC): 0.05 %/K (the scatter of vendor values within one class: N -0.618..-0.76 %/K,
  shared/data/ndfeb_grade_class_summary.csv).

Datasheet-coefficient materials take the same Br and HcJ spreads on their 20 degC values, 0.01 %/K on alpha(Br)
and 0.05 %/K on beta(HcJ) (E), uncorrelated. Samples are Gaussian in the parameters, held inside each parameter's
bounds; the bands are the 5th and 95th percentiles over the samples that the model evaluates (status ok).
"""

from __future__ import annotations

import numpy as np

from ..kernels import constants as c
from ..kernels import layout as L
from ..kernels import status as st
from . import _compute
from ._fit import LINEAR_PARAMS, R2FE14B_PARAMS, _apply, _start

BR_REL_SIGMA = 0.015
HCJ_REL_SIGMA = 0.05
BETA_SIGMA_PCT_PER_K = 0.05
ALPHA_BR_SIGMA_PCT_PER_K = 0.01
BETA_RANGE_C = (20.0, 100.0)


def _r2fe14b_covariance(record: np.ndarray) -> tuple[tuple[str, ...], np.ndarray]:
    """(names, covariance) of (br_scale, alpha, neff_scale) that give the stated spreads of Br, HcJ(20 degC) and
    beta(HcJ): Sigma_x = J^-1 Sigma_y J^-T with J the derivatives of (ln Br, ln HcJ, beta) by the parameters."""
    names = ("br_scale", "alpha", "neff_scale")
    x0 = _start(record, R2FE14B_PARAMS, names)
    temps = np.array(BETA_RANGE_C) + c.ZERO_C_K

    def y(x):
        out, _ = _compute.properties(_apply(record, R2FE14B_PARAMS, names, x)[None, :], temps, "cpu")
        br, h20, h100 = out[0, 0, L.O_BR], out[0, 0, L.O_HCJ], out[0, 1, L.O_HCJ]
        return np.array([np.log(br), np.log(h20), (h100 / h20 - 1.0) / (temps[1] - temps[0]) * 100.0])

    jac = np.empty((3, 3))
    for k in range(3):
        dx = 1e-5 * max(abs(x0[k]), 1e-3)
        up, dn = x0.copy(), x0.copy()
        up[k] += dx
        dn[k] -= dx
        jac[:, k] = (y(up) - y(dn)) / (2.0 * dx)
    sigma_y = np.diag([BR_REL_SIGMA**2, HCJ_REL_SIGMA**2, BETA_SIGMA_PCT_PER_K**2])
    inv = np.linalg.inv(jac)
    return names, inv @ sigma_y @ inv.T


def parameter_covariance(magnet) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """(names, values, covariance) of the parameters behind a magnet's properties (module docstring)."""
    rec = np.asarray(magnet.record, dtype=float)
    fit = magnet.fitted
    if fit is not None and fit.covariance is not None and np.all(np.isfinite(fit.covariance)):
        names = tuple(fit.parameters)
        return names, np.array([fit.parameters[k] for k in names]), np.array(fit.covariance)
    if rec[L.R_KIND] == L.KIND_LINEAR:
        names = ("br_t", "hcj_a_per_m", "alpha_br_pct_per_k", "beta_hcj_pct_per_k")
        x = _start(rec, LINEAR_PARAMS, names)
        sd = np.array([BR_REL_SIGMA * x[0], HCJ_REL_SIGMA * x[1], ALPHA_BR_SIGMA_PCT_PER_K, BETA_SIGMA_PCT_PER_K])
        return names, x, np.diag(sd**2)
    names, cov = _r2fe14b_covariance(rec)
    return names, _start(rec, R2FE14B_PARAMS, names), cov


def sampled_records(magnet, samples: int, seed: int) -> np.ndarray:
    """``samples`` records of the magnet with its parameters drawn from their distribution (fitted values
    replaced in a copy of the record; values outside a parameter's bounds are held at the bound)."""
    rec = np.asarray(magnet.record, dtype=float)
    spec = LINEAR_PARAMS if rec[L.R_KIND] == L.KIND_LINEAR else R2FE14B_PARAMS
    names, x, cov = parameter_covariance(magnet)
    # the record holds the fitted values already: a fitted "scale" parameter is sampled relative to them
    x_rel = np.array([1.0 if spec[k][1] == "scale" else v for k, v in zip(names, x, strict=True)])
    scale = np.array([1.0 / v if spec[k][1] == "scale" else 1.0 for k, v in zip(names, x, strict=True)])
    cov_rel = cov * np.outer(scale, scale)
    draws = np.random.default_rng(seed).multivariate_normal(x_rel, cov_rel, size=samples, method="svd")
    lo = np.array([spec[k][2] for k in names])
    hi = np.array([spec[k][3] for k in names])
    for k, nm in enumerate(names):
        if spec[nm][1] == "scale":  # bounds of a scale factor apply to the product with the fitted value
            lo[k], hi[k] = lo[k] / x[k], hi[k] / x[k]
    draws = np.clip(draws, lo, hi)
    return np.stack([_apply(rec, spec, names, d) for d in draws])


def bands(magnet, temps_k: np.ndarray, samples: int, seed: int, backend) -> dict[int | str, tuple]:
    """{output index (layout.O_*) or "squareness": (p05, p95) over temps} over the sampled records; NaN where no
    sample evaluates."""
    recs = sampled_records(magnet, samples, seed)
    out, status = _compute.properties(recs, temps_k, backend)
    ok = (status == st.OK) | (status == st.NOT_CONVERGED)
    vals = np.where(ok[..., None], out, np.nan)
    res: dict[int | str, tuple] = {}
    with np.errstate(invalid="ignore", divide="ignore"):
        for i in range(L.N_OUT):
            col = vals[..., i]
            res[i] = _quantiles(col)
        res["squareness"] = _quantiles(vals[..., L.O_HK] / vals[..., L.O_HCJ])
    return res


def _quantiles(col: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """5th and 95th percentiles over the samples (axis 0) of the finite values, per temperature."""
    p05 = np.full(col.shape[1], np.nan)
    p95 = np.full(col.shape[1], np.nan)
    for t in range(col.shape[1]):
        v = col[:, t][np.isfinite(col[:, t])]
        if v.size:
            p05[t], p95[t] = np.quantile(v, [0.05, 0.95])
    return p05, p95
