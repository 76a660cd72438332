"""The grade catalogue: composition-based NdFeB grades and datasheet-coefficient materials."""

from difflib import get_close_matches
from functools import cache

import numpy as np

from ..errors import UnknownNameError
from ..kernels import layout as L
from ..kernels import status as st
from ..kernels.constants import ZERO_C_K
from ._tables import read_csv

COMPOSITION_KEYS = ("nd", "pr", "dy", "tb", "ce", "b", "co", "cu", "al")


@cache
def _index() -> dict:
    idx = {}
    for row in read_csv("grades.csv"):
        idx[row["name"].upper()] = ("composition", row)
    for row in read_csv("coefficient_materials.csv"):
        idx[row["name"].upper()] = ("coefficients", row)
    return idx


def grade_names() -> list[str]:
    """Names of every catalogue grade and material."""
    return [row["name"] for _, row in _index().values()]


def lookup(name: str) -> tuple[str, dict]:
    """(kind, row) of a grade, case-insensitive; unknown names raise with close matches."""
    key = str(name).strip().upper()
    idx = _index()
    if key not in idx:
        close = get_close_matches(key, list(idx), n=5, cutoff=0.6)
        hint = f"did you mean {', '.join(idx[c][1]['name'] for c in close)}?" if close else "see mp.grade_names()"
        raise UnknownNameError("grade", name, f"one of the {len(idx)} catalogue grades", hint)
    return idx[key]


def coefficient_record(row: dict) -> np.ndarray:
    """Magnet record (layout.R_*) of a datasheet-coefficient material."""
    rec = np.zeros(L.N_REC)
    rec[L.R_KIND] = L.KIND_LINEAR
    rec[L.R_TC_K] = float(row["tc_c"]) + ZERO_C_K
    rec[L.R_LIN_BR20_T] = float(row["br_t"])
    rec[L.R_LIN_HA20_T] = float(row["mu0_ha_t"])
    rec[L.R_LIN_HCJ20_A_PER_M] = float(row["hcj_a_per_m"])
    rec[L.R_LIN_BETA_PER_K] = float(row["beta_hcj_pct_per_k"]) / 100.0
    rec[L.R_LIN_ALPHA_PER_K] = float(row["alpha_br_pct_per_k"]) / 100.0
    rec[L.R_MU_REC] = float(row["mu_rec"])
    rec[L.R_SQUARENESS] = float(row["squareness"])
    rec[L.R_N_LAYERS] = 1
    rec[L.R_T_MIN_K] = float(row["t_min_c"]) + ZERO_C_K
    rec[L.R_T_MAX_K] = float(row["t_max_c"]) + ZERO_C_K
    rec[L.R_DENSITY] = float(row["density_kg_m3"])
    rec[L.R_STATUS] = st.OK
    rec[L.R_JS_OVER_BR] = float(row["js_over_br"])
    rec.setflags(write=False)
    return rec
