"""What a sweep computes per chunk: the materials stage (composition and microstructure -> magnet
properties over the temperature axis) on the chosen backend."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..kernels import layout as L
from ..magnets import _compute
from ..materials._composition import KEYS
from ..materials._process import micro_row
from ._spec import COMPOSITION_AXES, SweepSpec

OUTPUT_INDEX = {"br_t": L.O_BR, "hcj_a_per_m": L.O_HCJ, "hcb_a_per_m": L.O_HCB, "hk_a_per_m": L.O_HK,
                "bhmax_j_per_m3": L.O_BHMAX, "js_t": L.O_JS, "mu0_ha_t": L.O_HA}


@lru_cache(maxsize=65536)
def _micro(process, grain, gbd_element, gbd_wt, thickness, alignment):
    gbd = {"element": gbd_element, "wt_pct": gbd_wt} if gbd_element and gbd_wt > 0 else None
    return micro_row(process, grain, gbd, thickness, alignment)


def materials(spec: SweepSpec, pts: dict[str, np.ndarray], backend: str) -> dict[str, np.ndarray]:
    """Outputs (n, n_temps) of the points ``pts``; points outside the model get status 4 and NaN."""
    n = len(next(iter(pts.values())))
    fixed = spec.fixed

    def value(name, default):
        if name in pts:
            return pts[name]
        return np.full(n, float(fixed[name]) if name in fixed else default)

    rows = np.zeros((n, L.N_ELEM))
    for a in COMPOSITION_AXES:
        rows[:, L.ELEMENTS.index(KEYS[a])] = value(a, 0.0)
    rows[:, L.I_FE] = 100.0 - rows.sum(axis=1)
    bad = ~np.all(np.isfinite(rows), axis=1) | np.any(rows < 0, axis=1) | (rows[:, L.I_FE] <= 0)
    rows[bad] = 0.0
    rows[bad, L.I_FE] = 100.0
    grain = value("grain_size_um", np.nan)
    gbd_wt = value("gbd_wt_pct", 0.0)
    thick = value("thickness_mm", 5.0)
    process = str(fixed.get("process", "sintered"))
    element = str(fixed.get("gbd_element", "")) or None
    align = fixed.get("alignment")
    micro = np.stack([_micro(process, None if np.isnan(g) else float(g), element, float(w), float(t),
                             None if align is None else float(align)) for g, w, t in zip(grain, gbd_wt, thick)])
    recs = _compute.records_from_compositions(rows, micro, backend)
    recs[bad, L.R_STATUS] = 4  # outside the model range: the kernels return NaN and status 4
    out, status = _compute.properties(recs, np.asarray(spec.temp_c) + 273.15, backend)
    res = {}
    for name in spec.outputs:
        if name == "status":
            res[name] = status.astype(np.int8)
        else:
            res[name] = out[:, :, OUTPUT_INDEX[name]]  # NaN where the point is outside the model (status 4)
    return res


def motor(spec: SweepSpec, pts: dict[str, np.ndarray], backend: str) -> dict[str, np.ndarray]:
    """Coupled operating points of the ``base`` reference design scaled per point (stack and magnet
    thickness factors; turns rescaled to keep the back-EMF, as in motor sizing) with the catalogue
    ``magnet``; with the cost stage, its magnet cost and heavy rare earth. Outputs (n,)."""
    from ..magnets import Magnet
    from ..motor._design import reference_design
    from ..motor._motor import run_operating_points
    from ..motor._sizing import _kt20, scaled_design
    from ..kernels import layout as L

    n = len(next(iter(pts.values())))
    fixed = spec.fixed

    def value(name, default):
        return pts[name] if name in pts else np.full(n, float(fixed.get(name, default)))

    base = reference_design(str(fixed["base"]))
    mag = Magnet.from_grade(str(fixed["magnet"]))
    sf, tf = value("stack_factor", 1.0), value("thickness_factor", 1.0)
    kt_base = _kt20(base, Magnet.from_grade(base.magnet))
    mu_rec, rho = float(mag.record[L.R_MU_REC]), mag.density_kg_m3
    recs, mass, valid = [], np.zeros(n), np.ones(n, bool)
    cache = {}
    for i in range(n):
        key = (float(sf[i]), float(tf[i]))
        if key not in cache:
            h_m = base.magnet_thickness_mm * key[1]
            try:
                trial = base.with_changes(stack_mm=base.stack_mm * key[0], magnet_thickness_mm=h_m)
                d = scaled_design(base, base.stack_mm * key[0], h_m, _kt20(trial, mag) / kt_base)
                cache[key] = (d.record(mu_rec, rho), d.magnet_volume_m3() * rho)
            except Exception:  # a geometry outside the design's validity: reported per point
                cache[key] = None
        if cache[key] is None:
            valid[i] = False
            recs.append(np.zeros(L.N_MOTOR))
        else:
            recs.append(cache[key][0])
            mass[i] = cache[key][1]
    out, status = run_operating_points(np.stack(recs), mag.record[None, :], np.arange(n), np.zeros(n, int),
                                       value("speed_rpm", np.nan), value("torque_nm", np.nan),
                                       value("ambient_c", np.nan), backend)
    status = np.where(valid, status, 4).astype(np.int8)
    ok = status == 0
    with np.errstate(invalid="ignore", divide="ignore"):
        eff = np.where(ok, out[:, L.OP_P_SHAFT_W] / out[:, L.OP_P_IN_W], np.nan)
    res = {"efficiency": eff, "input_power_w": np.where(ok, out[:, L.OP_P_IN_W], np.nan),
           "loss_w": np.where(ok, out[:, L.OP_P_IN_W] - out[:, L.OP_P_SHAFT_W], np.nan),
           "current_a": np.where(ok, out[:, L.OP_CURRENT_A], np.nan),
           "magnet_c": np.where(ok, out[:, L.OP_T_MAGNET_K] - 273.15, np.nan),
           "winding_c": np.where(ok, out[:, L.OP_T_WINDING_K] - 273.15, np.nan),
           "magnet_kg": np.where(valid, mass, np.nan), "status": status}
    if "cost" in spec.stages:
        from ..economics import bill_of_materials

        bom = bill_of_materials(mag, str(fixed.get("scenario", "china_domestic_2025")))
        res["magnet_cost_usd"] = res["magnet_kg"] * bom.magnet_usd_per_kg
        res["hree_g"] = res["magnet_kg"] * bom.hree_g  # hree_g of 1 kg
    return {k: v for k, v in res.items() if k in spec.outputs}
