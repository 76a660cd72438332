"""``magnet_properties``: many compositions x many temperatures in one kernel pass."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import xarray as xr

from .._gate import Numbers, check
from ..errors import MagphysValueError
from ..kernels import layout as L
from ..kernels import status as st
from ..kernels.constants import ZERO_C_K
from ..materials._composition import KEYS
from ..materials._process import micro_row
from . import _compute
from ._magnet import Magnet, properties_dataset


def _numeric(name: str, value) -> np.ndarray:
    """``value`` as a float array of at least one dimension (non-finite entries are kept: flagged per
    point); anything that is not numbers is refused."""
    if isinstance(value, (str, bytes, dict)) or value is None:
        raise MagphysValueError(name, value, "numbers (wt%), one per composition")
    try:
        a = np.atleast_1d(np.asarray(value, dtype=float))
    except (TypeError, ValueError, OverflowError):
        raise MagphysValueError(name, value, "numbers (wt%), one per composition") from None
    if a.size == 0:
        raise MagphysValueError(name, value, "at least one composition")
    return a


def _composition_rows(compositions) -> np.ndarray:
    """(n, N_ELEM) wt% rows, Fe = balance; invalid rows are kept (flagged later), never raised."""
    if isinstance(compositions, Mapping):
        cols = {}
        n = None
        for key, v in compositions.items():
            if key.lower() not in KEYS or key.lower() == "fe":
                raise MagphysValueError(
                    key, "...", f"one of {sorted(k for k in KEYS if k != 'fe')} (Fe is the balance)"
                )
            a = _numeric(key, v)
            n = a.size if n is None else n
            if a.ndim != 1 or a.size != n:
                raise MagphysValueError(key, f"shape {a.shape}", "1-D arrays of one common length")
            cols[KEYS[key.lower()]] = a
        rows = np.zeros((n or 0, L.N_ELEM))
        for e, a in cols.items():
            rows[:, L.ELEMENTS.index(e)] = a
        rows[:, L.I_FE] = 100.0 - rows.sum(axis=1)
        return rows
    a = _numeric("compositions", compositions)
    if a.ndim == 2 and a.shape[1] == L.N_ELEM - 1:
        a = np.concatenate([a, 100.0 - a.sum(axis=1, keepdims=True)], axis=1)
    if a.ndim != 2 or a.shape[1] != L.N_ELEM:
        raise MagphysValueError(
            "compositions",
            f"array of shape {a.shape}",
            f"(n, {L.N_ELEM - 1}) wt% in the order {L.ELEMENTS[:-1]} (Fe = balance), "
            "a dict of arrays, or a sequence of Magnet",
        )
    return a


def flag_invalid_rows(rows: np.ndarray) -> np.ndarray:
    """Rows (wt%, Fe = balance) that are not an alloy (non-finite, negative, no Fe left): replaced in
    place by a harmless placeholder (pure Fe) and returned as a mask, for the caller to flag status 4."""
    bad = ~np.all(np.isfinite(rows), axis=1) | np.any(rows < 0, axis=1) | (rows[:, L.I_FE] <= 0)
    rows[bad] = 0.0
    rows[bad, L.I_FE] = 100.0
    return bad


def magnet_properties(
    compositions,
    temp_c,
    backend: str | None = None,
    *,
    process: str = "sintered",
    grain_size_um: float | None = None,
    gbd: dict | None = None,
    thickness_mm: float = 5.0,
    alignment: float | None = None,
) -> xr.Dataset:
    """Properties of many magnets at many temperatures: Dataset over ("magnet", "temp_c").

    ``compositions``: a sequence of ``Magnet``; a dict of equal-length wt% arrays
    (``{"nd": [...], "dy": [...], "b": [...]}``, Fe = balance); or an (n, 14) wt% array in the
    order of ``magphys.kernels.layout.ELEMENTS`` without Fe. Composition inputs share one
    process/microstructure. A point outside the model gets ``status`` 4 (outside model range)
    and NaN values, never an exception; a fully demagnetized point gets status 3.
    """
    # any finite temperature: points outside a magnet's model range get status 4
    t = check("temp_c", temp_c, Numbers(unit="degC"))
    if isinstance(compositions, Sequence) and compositions and all(isinstance(m, Magnet) for m in compositions):
        recs = np.stack([m.record for m in compositions])
        names: Any = [m.name for m in compositions]
    else:
        rows = _composition_rows(compositions)
        bad = flag_invalid_rows(rows)
        micro = np.broadcast_to(
            micro_row(process, grain_size_um, gbd, thickness_mm, alignment), (rows.shape[0], L.N_MICRO)
        )
        recs = _compute.records_from_compositions(rows, micro, backend)
        recs[bad, L.R_STATUS] = st.OUT_OF_RANGE
        names = np.arange(rows.shape[0])
    out, status = _compute.properties(recs, t + ZERO_C_K, backend)
    below_zero = t < -ZERO_C_K
    status[:, below_zero] = st.OUT_OF_RANGE
    ds = properties_dataset(out, status, t, magnet_coord=np.asarray(names))
    ds["curie_temp_c"] = (
        "magnet",
        np.where(recs[:, L.R_STATUS] == st.OK, recs[:, L.R_TC_K] - ZERO_C_K, np.nan),
        {"units": "degC"},
    )
    ds["density_kg_m3"] = (
        "magnet",
        np.where(recs[:, L.R_STATUS] == st.OK, recs[:, L.R_DENSITY], np.nan),
        {"units": "kg/m3"},
    )
    return ds
