"""Pareto fronts over 2-4 objectives, computed block by block so any number of points fits in bounded
memory: the front of (front so far + next block) is the front of everything seen."""

from __future__ import annotations

import h5py
import numpy as np
import xarray as xr

from ..errors import MagphysValueError


def nondominated(f: np.ndarray) -> np.ndarray:
    """Indices of the non-dominated rows of ``f`` (n, k), every objective minimised; rows with NaN are
    never on the front; equal rows are all kept."""
    f = np.asarray(f, dtype=float)
    ok = np.flatnonzero(np.all(np.isfinite(f), axis=1))
    order = ok[np.lexsort(f[ok].T[::-1])]  # ascending in the first objective, ties by the next
    keep: list[int] = []
    front = np.empty((0, f.shape[1]))
    for i in order:
        row = f[i]
        # sorted order: only an earlier row can dominate this one
        if front.shape[0] and np.any(np.all(front <= row, axis=1) & np.any(front < row, axis=1)):
            continue
        keep.append(i)
        front = np.vstack([front, row])
    return np.asarray(keep, dtype=np.int64)


def _parse(objectives, temps, axes, outs) -> list[tuple[str, int | None, float]]:
    parsed = []
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
            raise MagphysValueError("objectives", obj, f"an output {sorted(outs)} (@temp_c for materials outputs), "
                                    f"or an axis {sorted(axes)}")
        try:
            ti = int(np.flatnonzero(np.isclose(temps, float(t)))[0])
        except (ValueError, IndexError):
            raise MagphysValueError("objectives", obj, f"an output at one of the sweep's temperatures {list(temps)}") from None
        parsed.append((var, ti, 1.0 if sense == "min" else -1.0))
    if not 2 <= len(parsed) <= 4:
        raise MagphysValueError("objectives", objectives, "2 to 4 objectives")
    return parsed


def pareto(path, objectives, block: int = 200_000) -> xr.Dataset:
    """The non-dominated points of a sweep file over ``objectives`` (e.g. ``["hcj_a_per_m@150:max",
    "dy:min"]``), read ``block`` points at a time. Dataset over ``point`` (indices into the sweep)."""
    with h5py.File(path, "r") as f:
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
                a = f["axis"][var][lo:hi] if ti is None else f["out"][var][lo:hi] if ti == -1 else \
                    f["out"][var][lo:hi, ti]
                cols.append(sign * a)
            vals = np.vstack([front_val, np.stack(cols, axis=1)])
            idx = np.concatenate([front_idx, np.arange(lo, hi)])
            keep = nondominated(vals)
            front_idx, front_val = idx[keep], vals[keep]
        order = np.argsort(front_idx)
        front_idx, front_val = front_idx[order], front_val[order]
        data = {}
        for k, (var, ti, sign) in enumerate(objs):
            label = var if ti is None or ti == -1 else f"{var}@{temps[ti]:g}"
            data[label] = ("point", sign * front_val[:, k])
        coords = {"point": front_idx, **{a: ("point", f["axis"][a][:][front_idx]) for a in axes if a not in data}}
    return xr.Dataset(data, coords=coords, attrs={"objectives": ",".join(objectives)})
