"""What a sweep computes per chunk: the materials stage (composition and microstructure -> magnet
properties over the temperature axis) and the motor (+ cost) stage, on the chosen backend."""

from __future__ import annotations

import numpy as np

from ..economics import bill_of_materials
from ..economics._bom import process_route, route_processing
from ..economics._prices import scenario as get_scenario
from ..kernels import constants as c
from ..kernels import layout as L
from ..magnets import Magnet, _compute
from ..magnets._elements import HREE, gbd_addition
from ..magnets._vectorised import _composition_rows, flag_invalid_rows
from ..materials._process import micro_row
from ..motor._design import reference_design
from ..motor._motor import run_operating_points
from ..motor._scaling import scaled_records
from ._spec import COMPOSITION_AXES, SweepSpec

OUTPUT_INDEX = {"br_t": L.O_BR, "hcj_a_per_m": L.O_HCJ, "hcb_a_per_m": L.O_HCB, "hk_a_per_m": L.O_HK,
                "bhmax_j_per_m3": L.O_BHMAX, "js_t": L.O_JS, "mu0_ha_t": L.O_HA}


def _micro_rows(process: str, element: str | None, alignment, grain, gbd_wt, thick) -> tuple[np.ndarray, np.ndarray]:
    """Microstructure rows of many points from one validated template (micro_row), with the per-point
    grain size, GBD amount and thickness; points outside their valid ranges are flagged (status 4)."""
    gbd = {"element": element, "wt_pct": 0.1} if element else None
    template = micro_row(process, None, gbd, 5.0, None if alignment is None else float(alignment))
    n = grain.size
    rows = np.repeat(template[None, :], n, axis=0)
    g = np.where(np.isnan(grain), template[L.M_GRAIN_UM], grain)
    rows[:, L.M_GRAIN_UM] = g
    rows[:, L.M_THICK_M] = thick * 1e-3
    rows[:, L.M_GBD_WT] = gbd_wt if element else 0.0
    none = gbd_wt <= 0.0
    for col in (L.M_GBD_KIND, L.M_GBD_ELEM, L.M_GBD_WT, L.M_GBD_DEPTH_M):
        rows[none, col] = 0.0  # no diffusion: the row of gbd=None
    bad = ~((g >= c.GRAIN_MIN_UM) & (g <= c.GRAIN_MAX_UM) & (thick >= 0.1) & (thick <= 100.0)
            & (gbd_wt >= 0.0) & (gbd_wt <= 3.0))
    return rows, bad


def materials(spec: SweepSpec, pts: dict[str, np.ndarray], backend: str) -> dict[str, np.ndarray]:
    """Outputs (n, n_temps) of the points ``pts``; points outside the model get status 4 and NaN."""
    n = len(next(iter(pts.values())))
    fixed = spec.fixed

    def value(name, default):
        if name in pts:
            return pts[name]
        return np.full(n, float(fixed[name]) if name in fixed else default)

    rows = _composition_rows({a: value(a, 0.0) for a in COMPOSITION_AXES})
    bad = flag_invalid_rows(rows)
    grain = value("grain_size_um", np.nan)
    gbd_wt = value("gbd_wt_pct", 0.0)
    thick = value("thickness_mm", 5.0)
    process = str(fixed.get("process", "sintered"))
    element = str(fixed.get("gbd_element", "")) or None
    align = fixed.get("alignment")
    micro, bad_micro = _micro_rows(process, element, align, grain, gbd_wt, thick)
    recs = _compute.records_from_compositions(rows, micro, backend)
    recs[bad | bad_micro, L.R_STATUS] = 4  # outside the model range: the kernels return NaN and status 4
    out, status = _compute.properties(recs, np.asarray(spec.temp_c) + 273.15, backend)
    res = {}
    for name in spec.outputs:
        if name == "status":
            res[name] = status.astype(np.int8)
        elif name in OUTPUT_INDEX:
            res[name] = out[:, :, OUTPUT_INDEX[name]]  # NaN where the point is outside the model (status 4)
    if "cost" in spec.stages:
        cost, hree = _materials_cost(rows, element, gbd_wt, process, str(fixed.get("scenario", "china_domestic_2025")))
        res["magnet_usd_per_kg"] = np.where(bad | bad_micro, np.nan, cost)
        res["hree_wt_pct"] = np.where(bad | bad_micro, np.nan, hree)
    return {k: v for k, v in res.items() if k in spec.outputs}


def _materials_cost(rows, element, gbd_wt, process, scenario) -> tuple[np.ndarray, np.ndarray]:
    """Finished-magnet cost per kg (bill_of_materials' model on arrays) and heavy rare earth wt% of
    alloys ``rows`` (wt%, Fe balance) with ``gbd_wt`` of ``element`` diffused in."""
    sc = get_scenario(scenario)
    w = rows.copy()
    wt = np.where(gbd_wt > 0, gbd_wt, 0.0) if element else np.zeros(len(rows))
    if element:
        for el, v in gbd_addition(element, wt).items():
            w[:, L.ELEMENTS.index(el)] += v
    w = 100.0 * w / w.sum(axis=1, keepdims=True)
    price = np.array([sc.price_usd_per_kg(e) if np.any(w[:, i] > 0) else 0.0 for i, e in enumerate(L.ELEMENTS)])
    proc, yld = route_processing(process_route(process), wt)
    hree = sum(w[:, L.ELEMENTS.index(e)] for e in HREE)
    return (w @ price / 100.0 + proc) / yld, hree


def motor(spec: SweepSpec, pts: dict[str, np.ndarray], backend: str) -> dict[str, np.ndarray]:
    """Coupled operating points of the ``base`` reference design scaled per point (stack and magnet
    thickness factors; turns rescaled to keep the back-EMF, as in motor sizing) with the catalogue
    ``magnet``; with the cost stage, its magnet cost and heavy rare earth. Outputs (n,)."""
    n = len(next(iter(pts.values())))
    fixed = spec.fixed

    def value(name, default):
        return pts[name] if name in pts else np.full(n, float(fixed.get(name, default)))

    base = reference_design(str(fixed["base"]))
    mag = Magnet.from_grade(str(fixed["magnet"]))
    recs, mass, valid = scaled_records(base, mag, value("stack_factor", 1.0), value("thickness_factor", 1.0))
    out, status = run_operating_points(recs, mag.record[None, :], np.arange(n), np.zeros(n, int),
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
           "magnet_kg": mass, "status": status}
    if "cost" in spec.stages:
        bom = bill_of_materials(mag, str(fixed.get("scenario", "china_domestic_2025")))
        res["magnet_cost_usd"] = res["magnet_kg"] * bom.magnet_usd_per_kg
        res["hree_g"] = res["magnet_kg"] * bom.hree_g  # hree_g of 1 kg
    return {k: v for k, v in res.items() if k in spec.outputs}
