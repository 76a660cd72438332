"""The materials stage of a sweep: composition and microstructure rows of the points, and magnet
properties over the temperature axis (+ magnet cost per kg), on the chosen backend."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..economics._bom import process_route, route_processing
from ..economics._prices import DEFAULT_SCENARIO
from ..economics._prices import scenario as get_scenario
from ..kernels import constants as c
from ..kernels import layout as L
from ..kernels import status as st
from ..kernels.constants import ZERO_C_K
from ..kernels.cost import magnet_cost_usd_per_kg, processing_usd_per_kg
from ..magnets import _compute
from ..magnets._elements import HREE, gbd_addition
from ..magnets._vectorised import _composition_rows, flag_invalid_rows
from ..materials._process import micro_row
from ._outputs import MATERIALS_COLUMNS
from ._spec import COMPOSITION_AXES, SweepSpec


def _micro_rows(template, element: str | None, grain, gbd_wt, thick) -> tuple[np.ndarray, np.ndarray]:
    """Microstructure rows of many points from one validated template (micro_row), with the per-point
    grain size, GBD amount and thickness; points outside their valid ranges are flagged (status 4)."""
    n = grain.size
    rows = np.repeat(template[None, :], n, axis=0)
    g = np.where(np.isnan(grain), template[L.M_GRAIN_UM], grain)
    rows[:, L.M_GRAIN_UM] = g
    rows[:, L.M_THICK_M] = thick * 1e-3
    rows[:, L.M_GBD_WT] = gbd_wt if element else 0.0
    none = gbd_wt <= 0.0
    for col in (L.M_GBD_KIND, L.M_GBD_ELEM, L.M_GBD_WT, L.M_GBD_DEPTH_M):
        rows[none, col] = 0.0  # no diffusion: the row of gbd=None
    bad = ~(
        (g >= c.GRAIN_MIN_UM)
        & (g <= c.GRAIN_MAX_UM)
        & (thick >= 0.1)
        & (thick <= 100.0)
        & (gbd_wt >= 0.0)
        & (gbd_wt <= 3.0)
    )
    return rows, bad


def micro_template(spec: SweepSpec) -> np.ndarray:
    """The validated microstructure row of a sweep's fixed process, GBD element and alignment."""
    element = str(spec.fixed.get("gbd_element", "")) or None
    gbd = {"element": element, "wt_pct": 0.1} if element else None
    align = spec.fixed.get("alignment")
    return micro_row(
        str(spec.fixed.get("process", "sintered")), None, gbd, 5.0, None if align is None else float(align)
    )


def composition_rows(spec: SweepSpec, pts: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(composition rows wt%, microstructure rows, invalid mask) of the points ``pts``."""
    n = len(next(iter(pts.values())))
    fixed = spec.fixed

    def value(name, default):
        if name in pts:
            return pts[name]
        return np.full(n, float(fixed[name]) if name in fixed else default)

    # only the elements the sweep uses (the others are zero columns already)
    rows = _composition_rows(
        {a: value(a, 0.0) for a in COMPOSITION_AXES if a in pts or float(fixed.get(a, 0.0) or 0.0) != 0.0}
    )
    bad = flag_invalid_rows(rows)
    element = str(fixed.get("gbd_element", "")) or None
    micro, bad_micro = _micro_rows(
        micro_template(spec),
        element,
        value("grain_size_um", np.nan),
        value("gbd_wt_pct", 0.0),
        value("thickness_mm", 5.0),
    )
    return rows, micro, bad | bad_micro


def materials(spec: SweepSpec, pts: dict[str, np.ndarray], backend: str) -> dict[str, np.ndarray]:
    """Outputs (n, n_temps) of the points ``pts``; points outside the model get status 4 and NaN."""
    rows, micro, bad = composition_rows(spec, pts)
    recs = _compute.records_from_compositions(rows, micro, backend)
    recs[bad, L.R_STATUS] = st.OUT_OF_RANGE  # outside the model range: the kernels return NaN and status 4
    out, status = _compute.properties(recs, np.asarray(spec.temp_c) + ZERO_C_K, backend)
    res = {}
    outputs = spec.outputs or []  # the validator fills them in
    for name in outputs:
        if name == "status":
            res[name] = status.astype(np.int8)
        elif name in MATERIALS_COLUMNS:
            res[name] = out[:, :, MATERIALS_COLUMNS[name]]  # NaN where the point is outside the model (status 4)
    if "cost" in spec.stages:
        cost, hree = _materials_cost(rows, micro[:, L.M_GBD_WT], cost_terms(spec))
        res["magnet_usd_per_kg"] = np.where(bad, np.nan, cost)
        res["hree_wt_pct"] = np.where(bad, np.nan, hree)
    return {k: v for k, v in res.items() if k in outputs}


@dataclass(frozen=True)
class CostTerms:
    """bill_of_materials' cost model of a sweep's alloys as arrays over layout.ELEMENTS: metal prices of the
    scenario (0 for elements the sweep's alloys cannot contain), what diffusing 1 wt% adds by element,
    the heavy rare earths, the route's processing (+ the GBD step) and machining yield."""

    price_usd_per_kg: np.ndarray
    gbd_add_wt: np.ndarray
    hree: np.ndarray
    processing_usd_per_kg: float
    gbd_step_usd_per_kg: float
    yield_fraction: float


def cost_terms(spec: SweepSpec) -> CostTerms:
    """The CostTerms of a spec's scenario, GBD element and process."""
    fixed = spec.fixed
    sc = get_scenario(str(fixed.get("scenario", DEFAULT_SCENARIO)))
    element = str(fixed.get("gbd_element", "")) or None
    add = np.zeros(L.N_ELEM)
    if element:
        for e, v in gbd_addition(element, 1.0).items():
            add[L.ELEMENTS.index(e)] += v
    present = [
        e == "Fe" or add[i] > 0 or e.lower() in spec.axes or float(fixed.get(e.lower(), 0.0) or 0.0) > 0
        for i, e in enumerate(L.ELEMENTS)
    ]
    route = process_route(str(fixed.get("process", "sintered")))
    proc0, yld = route_processing(route, 0.0)
    proc1, _ = route_processing(route, 1.0)
    return CostTerms(
        np.array([sc.price_usd_per_kg(e) if ok else 0.0 for e, ok in zip(L.ELEMENTS, present, strict=False)]),
        add,
        np.array([1.0 if e in HREE else 0.0 for e in L.ELEMENTS]),
        float(proc0),
        float(proc1 - proc0),
        float(yld),
    )


def _materials_cost(rows, gbd_wt, terms: CostTerms) -> tuple[np.ndarray, np.ndarray]:
    """Finished-magnet cost per kg and heavy rare earth wt% of alloys ``rows`` (wt%, Fe balance) with
    ``gbd_wt`` diffused in: the kernels' cost model (kernels/cost.py, as the fused chain runs it) on whole
    columns, one element at a time."""
    proc = processing_usd_per_kg(terms.processing_usd_per_kg, terms.gbd_step_usd_per_kg, gbd_wt)
    _raw, _blank, finished, hree = magnet_cost_usd_per_kg(
        rows.T, gbd_wt, terms.gbd_add_wt, terms.price_usd_per_kg, terms.hree, proc, terms.yield_fraction
    )
    return finished, hree
