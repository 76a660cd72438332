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
