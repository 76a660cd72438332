"""Pareto fronts over 2-4 objectives, computed block by block so any number of points fits in bounded
memory: the front of (front so far + next block) is the front of everything seen."""

from __future__ import annotations

import numpy as np
import xarray as xr

from .._backend import resolve_backend
from .._gate import FilePath, Instance, Integer, Texts, check
from ..errors import MagphysValueError
from ..kernels import launch
from ..kernels.pareto import front_of_sorted
from ._engine import _open_h5

OBJECTIVES = Texts("2 to 4 objectives 'name[@temp_c]:min' or ':max'", max_len=4)


def nondominated(f: np.ndarray) -> np.ndarray:
    """Indices of the non-dominated rows of ``f`` (n, k), every objective minimised; rows with NaN are
    never on the front; equal rows are all kept."""
    f = np.asarray(f, dtype=float)
    ok = np.flatnonzero(np.all(np.isfinite(f), axis=1))
    order = ok[np.lexsort(f[ok].T[::-1])]  # ascending in the first objective, ties by the next
    keep = np.zeros(order.size, dtype=np.int8)
    front_of_sorted(np.ascontiguousarray(f[order]), keep)
    return order[keep.astype(bool)].astype(np.int64)


def _merge(front_idx, front_val, idx, vals, backend):
    """The front of (front so far + a block): block rows a front member dominates are dropped on the
    backend (one thread per row), then the sequential sweep runs over the few that are left."""
    if front_val.shape[0] and vals.shape[0]:
        flags = np.zeros(vals.shape[0], dtype=np.int32)
        launch("pareto_filter", (np.ascontiguousarray(front_val), np.ascontiguousarray(vals), flags), backend)
        idx, vals = idx[flags == 0], vals[flags == 0]
    all_idx = np.concatenate([front_idx, idx])
    all_val = np.vstack([front_val, vals])
    keep = nondominated(all_val)
    return all_idx[keep], all_val[keep]


def _parse(objectives, temps, axes, outs) -> list[tuple[str, int | None, float]]:
    parsed: list[tuple[str, int | None, float]] = []
    for obj in objectives:
        name, _, sense = obj.partition(":")
        if sense not in ("min", "max"):
            raise MagphysValueError("objectives", obj, "name[@temp_c]:min or :max")
        var, _, t = name.partition("@")
        if var in axes and not t:
            parsed.append((var, None, 1.0 if sense == "min" else -1.0))
            continue
        if var in outs and not t and outs[var] == 1:  # a motor-stage output has no temperature axis
            parsed.append((var, -1, 1.0 if sense == "min" else -1.0))
            continue
        if var not in outs:
            raise MagphysValueError(
                "objectives",
                obj,
                f"an output {sorted(outs)} (@temp_c for materials outputs), or an axis {sorted(axes)}",
            )
        try:
            ti = int(np.flatnonzero(np.isclose(temps, float(t)))[0])
        except (ValueError, IndexError):
            raise MagphysValueError(
                "objectives", obj, f"an output at one of the sweep's temperatures {list(temps)}"
            ) from None
        parsed.append((var, ti, 1.0 if sense == "min" else -1.0))
    if not 2 <= len(parsed) <= 4:
        raise MagphysValueError("objectives", objectives, "2 to 4 objectives")
    return parsed


def pareto(path, objectives, block: int = 1_000_000, backend: str | None = None) -> xr.Dataset:
    """The non-dominated points of a sweep file over ``objectives`` (e.g. ``["hcj_a_per_m@150:max",
    "dy:min"]``), read ``block`` points at a time (memory bounded by the block, whatever the file);
    the dominance filter runs on ``backend`` (the GPU where available). Dataset over ``point``
    (indices into the sweep)."""
    backend = resolve_backend(backend)
    path = check("path", path, FilePath(exists=True, what="a sweep result file (HDF5)"))
    objectives = check("objectives", objectives, OBJECTIVES)
    block = check("block", block, Integer(1, 10**9))
    with _open_h5(path) as f:
        temps = f["temp_c"][:]
        axes, outs = set(f["axis"]), {k: f["out"][k].ndim for k in f["out"]}
        objs = _parse(list(objectives), temps, axes, outs)
        n = int(f.attrs["n_points"])
        front_idx = np.empty(0, dtype=np.int64)
        front_val = np.empty((0, len(objs)))
        for lo in range(0, n, block):
            hi = min(n, lo + block)
            cols = []
            for var, ti, sign in objs:
                a = (
                    f["axis"][var][lo:hi]
                    if ti is None
                    else f["out"][var][lo:hi]
                    if ti == -1
                    else f["out"][var][lo:hi, ti]
                )
                cols.append(sign * a)
            vals = np.stack(cols, axis=1)
            finite = np.all(np.isfinite(vals), axis=1)
            front_idx, front_val = _merge(front_idx, front_val, np.arange(lo, hi)[finite], vals[finite], backend)
        order = np.argsort(front_idx)
        front_idx, front_val = front_idx[order], front_val[order]
        data = {}
        for k, (var, ti, sign) in enumerate(objs):
            label = var if ti is None or ti == -1 else f"{var}@{temps[ti]:g}"
            data[label] = ("point", sign * front_val[:, k])
        # only the front rows of each axis (h5py reads increasing indices): memory stays bounded by the block
        coords = {
            "point": front_idx,
            **{a: ("point", f["axis"][a][front_idx] if front_idx.size else np.empty(0)) for a in axes if a not in data},
        }
    return xr.Dataset(data, coords=coords, attrs={"objectives": ",".join(objectives)})


def front_of(ds: xr.Dataset, objectives) -> xr.Dataset:
    """The non-dominated points of an in-memory sweep Dataset (e.g. a slice from ``select``) over
    ``objectives`` written as for ``pareto`` (``name[@temp_c]:min|max``)."""
    check("ds", ds, Instance(xr.Dataset, "a sweep result (xarray.Dataset from open_result or select)"))
    objectives = check("objectives", objectives, OBJECTIVES)
    axes = {k for k in ds.coords if ds[k].dims == ("point",)}
    outs = {k: ds[k].ndim for k in ds.data_vars}
    temps = ds.temp_c.values if "temp_c" in ds.coords else np.array([])
    cols = []
    for var, ti, sign in _parse(list(objectives), temps, axes, outs):
        v = ds[var] if ti is None or ti == -1 else ds[var].isel(temp_c=ti)
        cols.append(sign * np.asarray(v.values, dtype=float))
    keep = np.sort(nondominated(np.stack(cols, axis=1))) if ds.sizes["point"] else np.empty(0, dtype=np.int64)
    return ds.isel(point=keep)
