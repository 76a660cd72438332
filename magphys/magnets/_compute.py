"""Array-level calls into the kernels on the chosen backend (no validation here)."""

import numpy as np

from .._backend import resolve_backend
from ..kernels import constants as c
from ..kernels import launch
from ..kernels import layout as L
from ..materials._tables import intrinsic_table


def records_from_compositions(comps: np.ndarray, micros: np.ndarray, backend: str | None = None) -> np.ndarray:
    comps = np.ascontiguousarray(comps, dtype=np.float64)
    micros = np.ascontiguousarray(micros, dtype=np.float64)
    recs = np.zeros((comps.shape[0], L.N_REC))
    launch(
        "composition_records", (comps, micros, np.ascontiguousarray(intrinsic_table()), recs), resolve_backend(backend)
    )
    return recs


def properties(recs: np.ndarray, temps_k: np.ndarray, backend: str | None = None):
    recs = np.ascontiguousarray(recs, dtype=np.float64)
    temps_k = np.ascontiguousarray(temps_k, dtype=np.float64)
    out = np.zeros((recs.shape[0], temps_k.shape[0], L.N_OUT))
    status = np.zeros((recs.shape[0], temps_k.shape[0]), dtype=np.int32)
    launch("magnet_properties", (recs, temps_k, out, status), resolve_backend(backend))
    return out, status


def per_point(a, n: int) -> np.ndarray:
    """A scalar or array broadcast to n contiguous float64 values (one per kernel point)."""
    return np.ascontiguousarray(np.broadcast_to(np.asarray(a, dtype=np.float64), (n,)))


def _paired(recs, idx, *arrays):
    n = len(idx)
    return (
        np.ascontiguousarray(recs, dtype=np.float64),
        np.ascontiguousarray(idx, dtype=np.int64),
        *tuple(per_point(a, n) for a in arrays),
    )


def irreversible_loss(
    recs, idx, temps_k, pc, h_applied, exposure_s, stab_k=None, stab_s=None, backend: str | None = None
):
    """Paired irreversible loss; stab_k/stab_s (default 20 C and exposure_s: no stabilisation) is the
    stabilising hold the loss is measured against (``stabilised_loss_point``)."""
    stab_k = c.T_20C_K if stab_k is None else stab_k
    stab_s = exposure_s if stab_s is None else stab_s
    args = _paired(recs, idx, temps_k, pc, h_applied, exposure_s, stab_k, stab_s)
    loss = np.zeros(len(idx))
    status = np.zeros(len(idx), dtype=np.int32)
    launch("irreversible_loss", (*args, loss, status), resolve_backend(backend))
    return loss, status


def max_working_temp(recs, idx, pc, loss_limit, exposure_s, backend: str | None = None):
    args = _paired(recs, idx, pc, loss_limit, exposure_s)
    temp_k = np.zeros(len(idx))
    status = np.zeros(len(idx), dtype=np.int32)
    launch("max_working_temp", (*args, temp_k, status), resolve_backend(backend))
    return temp_k, status


def demag_curve(recs, idx, temps_k, h, backend: str | None = None):
    args = _paired(recs, idx, temps_k)
    h = np.ascontiguousarray(h, dtype=np.float64)
    j = np.zeros((len(idx), h.shape[0]))
    status = np.zeros(len(idx), dtype=np.int32)
    launch("demag_curve", (*args, h, j, status), resolve_backend(backend))
    return j, status
