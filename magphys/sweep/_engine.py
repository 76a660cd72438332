"""Running a sweep: chunks evaluated on the backend and written as atomic part files (a crash loses
at most the chunk in flight), then assembled into one HDF5 file; ``resume`` skips finished chunks."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import xarray as xr

from .._backend import resolve_backend
from .._gate import FilePath, Instance, Number, check
from ..errors import MagphysValueError
from ._chain import chain
from ._chain import check as check_chain
from ._distributed import check_scheduler
from ._outputs import UNITS
from ._points import chunk_points
from ._spec import SweepSpec, load_spec
from ._stages import materials

LOG = "finished.log"


def _parts_dir(out: Path) -> Path:
    return out.with_name(out.name + ".parts")


def _atomic_write(path: Path, write) -> None:
    tmp = path.with_name("." + path.name + ".tmp")
    with open(tmp, "wb") as fh:
        write(fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def compute_chunk(spec: SweepSpec, chunk: int, backend: str) -> dict[str, np.ndarray]:
    """Axis values (``axis/<name>``) and outputs of one chunk."""
    pts = chunk_points(spec, chunk)
    res = (chain if spec.motor_chain else materials)(spec, pts, backend)
    return {**{f"axis/{k}": v for k, v in pts.items()}, **{f"out/{k}": v for k, v in res.items()}}


def _save_part(parts: Path, chunk: int, arrays: dict) -> None:
    _atomic_write(parts / f"chunk_{chunk:08d}.npz", lambda fh: np.savez(fh, **arrays))
    with open(parts / LOG, "a") as fh:  # one line per finished chunk (a recomputation would show twice)
        fh.write(f"{chunk}\n")
        fh.flush()
        os.fsync(fh.fileno())


def _finished(parts: Path) -> set[int]:
    return {int(p.stem.split("_")[1]) for p in parts.glob("chunk_*.npz")}


def prepare(spec, out, resume: bool) -> tuple[SweepSpec, Path, Path]:
    """Validate the spec and the output path; create or check the parts folder of a run."""
    spec = load_spec(spec)
    if spec.motor_chain:
        check_chain(spec)
    out = check("out", out, FilePath(what="an output file path (HDF5)"))
    parts = _parts_dir(out)
    if out.exists() and not resume:
        raise MagphysValueError("out", str(out), "a file that does not exist yet (or resume=True / --resume)")
    text = spec.model_dump_json()
    if out.exists():
        with h5py.File(out, "r") as f:
            if f.attrs.get("spec_json") != text:
                raise MagphysValueError("spec", spec.name, f"the spec of the finished run in {out}")
        return spec, out, parts
    if parts.exists():
        if not resume:
            raise MagphysValueError("out", str(out), f"a run without leftover parts ({parts}; use --resume)")
        old = (parts / "spec.json").read_text() if (parts / "spec.json").exists() else ""
        if old and old != text:
            raise MagphysValueError("spec", spec.name, f"the spec of the interrupted run in {parts}")
    parts.mkdir(parents=True, exist_ok=True)
    if not (parts / "spec.json").exists():
        _atomic_write(parts / "spec.json", lambda fh: fh.write(text.encode()))
    return spec, out, parts


def run(spec, out, backend: str | None = None, resume: bool = False, progress: bool = True, scheduler=None) -> Path:
    """Evaluate every chunk of ``spec`` not yet finished and write ``out`` (HDF5). A killed run resumes
    with ``resume=True`` and yields the same content as an uninterrupted one. ``scheduler``: None (this
    process), "local" (a Dask LocalCluster), a Dask scheduler address or a ``dask.distributed.Client``."""
    backend = resolve_backend(backend)
    check_scheduler(scheduler)  # before the parts folder exists, so that a retry needs no resume
    spec, out, parts = prepare(spec, out, resume)
    if out.exists():  # resumed after the assembly had finished (perhaps killed before the clean-up)
        shutil.rmtree(parts, ignore_errors=True)
        return out
    done = _finished(parts)
    todo = [c for c in range(spec.n_chunks) if c not in done]
    from tqdm.auto import tqdm

    sizes = {c: min(spec.chunk_size, spec.n_points - c * spec.chunk_size) for c in range(spec.n_chunks)}
    with tqdm(
        total=spec.n_points,
        initial=sum(sizes[c] for c in done),
        unit="pt",
        unit_scale=True,
        disable=not progress,
        desc=spec.name,
    ) as bar:
        if scheduler is None:
            results = ((c, compute_chunk(spec, c, backend)) for c in todo)
        else:
            from ._distributed import run_chunks

            results = run_chunks(spec, todo, backend, scheduler)
        for c, arrays in results:
            _save_part(parts, c, arrays)
            bar.update(sizes[c])
    assemble(spec, parts, out, backend)
    shutil.rmtree(parts)
    return out


def assemble(spec: SweepSpec, parts: Path, out: Path, backend: str) -> None:
    """Stream the part files into one HDF5 file (written aside, then renamed)."""
    counts = np.zeros(spec.n_chunks, dtype=np.int32)
    log = parts / LOG
    for line in (log.read_text() if log.exists() else "").split():
        counts[int(line)] += 1
    # every chunk has its part here, so each was computed at least once: a kill between a part's rename
    # and its log line loses only the line (found by the kill-and-resume test, 2 of 31 random kills)
    np.maximum(counts, 1, out=counts)
    tmp = out.with_name("." + out.name + ".tmp")
    with h5py.File(tmp, "w") as f:
        f.attrs["spec_json"] = spec.model_dump_json()
        from .. import __version__

        f.attrs["magphys_version"] = __version__
        f.attrs["backend"] = backend
        f.attrs["n_points"] = spec.n_points
        f.create_dataset("temp_c", data=np.asarray(spec.temp_c, dtype=float))
        f.create_dataset("chunk_done", data=np.ones(spec.n_chunks, dtype=np.int8))
        f.create_dataset("chunk_computations", data=counts)
        dsets = {}
        for c in range(spec.n_chunks):
            lo = c * spec.chunk_size
            with np.load(parts / f"chunk_{c:08d}.npz") as part:
                for key in part.files:
                    a = part[key]
                    if key not in dsets:
                        shape = (spec.n_points, *a.shape[1:])
                        dsets[key] = f.create_dataset(
                            key, shape=shape, dtype=a.dtype, chunks=(min(spec.chunk_size, spec.n_points), *shape[1:])
                        )
                        group, _, name = key.partition("/")
                        if group == "out" and name in UNITS:
                            dsets[key].attrs["units"] = UNITS[name]
                    dsets[key][lo : lo + a.shape[0]] = a
    os.replace(tmp, out)


def _dims(dset) -> tuple:
    return ("point", "temp_c") if dset.ndim == 2 else ("point",)


def open_result(path, lazy: bool = False) -> xr.Dataset:
    """A sweep file as an xarray.Dataset over (point, temp_c) (materials) or point (motor), with the axes as
    point coordinates and the spec, version and backend as attributes. ``lazy=True`` wraps the outputs in Dask
    arrays read from the file on demand (for results larger than memory; needs dask)."""
    p = check("path", path, FilePath(exists=True, what="a sweep result file (HDF5)"))
    f = _open_h5(p)
    try:
        if lazy:
            try:
                import dask.array as da
            except ImportError:
                raise MagphysValueError("lazy", True, "dask installed (pip install 'magphys[dask]')") from None
            data = {
                k: (_dims(f["out"][k]), da.from_array(f["out"][k], chunks=f["out"][k].chunks), dict(f["out"][k].attrs))
                for k in f["out"]
            }
        else:
            data = {k: (_dims(f["out"][k]), f["out"][k][:], dict(f["out"][k].attrs)) for k in f["out"]}
        if lazy:  # axes as Dask arrays too: a 10^8-point file's axes alone are GBs
            coords: dict[str, Any] = {
                k: ("point", da.from_array(f["axis"][k], chunks=f["axis"][k].chunks)) for k in f["axis"]
            }
        else:
            coords = {k: ("point", f["axis"][k][:]) for k in f["axis"]}
        coords["temp_c"] = f["temp_c"][:]
        if not lazy:  # the index of each point in the sweep (kept through select, as pareto reports it)
            coords["point"] = np.arange(int(f.attrs["n_points"]))
        attrs = {k: (v if isinstance(v, str) else v.item() if hasattr(v, "item") else v) for k, v in f.attrs.items()}
        attrs["spec"] = attrs.pop("spec_json")
        ds = xr.Dataset(data, coords=coords, attrs=attrs)
    finally:
        if not lazy:  # the lazy arrays keep reading from the open file
            f.close()
    return ds


def _open_h5(path: Path) -> h5py.File:
    """The sweep result ``path`` opened read-only; a file that is not HDF5, or not a magphys result, is
    the caller's input error."""
    try:
        f = h5py.File(path, "r")
    except OSError:
        raise MagphysValueError("path", str(path), "a magphys sweep result (an HDF5 file)") from None
    if "spec_json" not in f.attrs:
        f.close()
        raise MagphysValueError("path", str(path), "a magphys sweep result")
    return f


def select(ds: xr.Dataset, strict: bool = True, **where: float) -> xr.Dataset:
    """The points of a sweep result (or of a Pareto front) where each named axis equals its value: a
    slice through the design space, e.g. ``select(ds, inlet_c=45.0, dy=0.0)``. With ``strict``, a value
    no point has is an error (naming the nearest ones); otherwise the slice may be empty."""
    check("ds", ds, Instance(xr.Dataset, "a sweep result (xarray.Dataset from open_result or pareto)"))
    mask = np.ones(ds.sizes["point"], dtype=bool)
    for name, value in where.items():
        value = check(f"where.{name}", value, Number())
        if name not in ds.coords or ds[name].dims != ("point",):
            axes = sorted(str(k) for k in ds.coords if ds[k].dims == ("point",))
            raise MagphysValueError("where", name, f"an axis of the sweep: {axes}")
        vals = ds[name].values
        hit = np.isclose(vals, float(value), rtol=1e-9, atol=1e-12)
        if strict and not hit.any():
            near = np.unique(vals[np.argsort(np.abs(vals - float(value)))[:3]])
            raise MagphysValueError(f"where.{name}", value, f"a value the sweep has (nearest: {near.tolist()})")
        mask &= hit
    return ds.isel(point=np.flatnonzero(mask))
