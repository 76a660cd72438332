"""Running a sweep: one locked writer; chunks evaluated on the backend and written as verifiable atomic part files
(a crash loses at most the chunk in flight), then assembled into one HDF5 file with a checksum per chunk;
``resume`` verifies what is there and computes what is missing or damaged; ``verify`` re-checks a result."""

from __future__ import annotations

import shutil
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
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
from ._limits import SweepLimits, check_bytes, check_size
from ._lock import RunLock
from ._outputs import UNITS
from ._parts import (
    SPEC,
    SweepRepairWarning,
    atomic_write,
    chunk_digest,
    fault_from_env,
    load_part,
    part_path,
    read_log,
    reconcile,
    save_part,
    spec_digest,
    todo,
)
from ._points import points_range
from ._spec import SweepSpec, load_spec
from ._stages import materials


def _parts_dir(out: Path) -> Path:
    return out.with_name(out.name + ".parts")


def compute_points(spec: SweepSpec, lo: int, hi: int, backend: str) -> dict[str, np.ndarray]:
    """Axis values (``axis/<name>``) and outputs of points lo..hi-1."""
    pts = points_range(spec, lo, hi)
    res = (chain if spec.motor_chain else materials)(spec, pts, backend)
    return {**{f"axis/{k}": v for k, v in pts.items()}, **{f"out/{k}": v for k, v in res.items()}}


def compute_chunk(spec: SweepSpec, chunk: int, backend: str) -> dict[str, np.ndarray]:
    """Axis values (``axis/<name>``) and outputs of one chunk."""
    lo = chunk * spec.chunk_size
    return compute_points(spec, lo, lo + chunk_rows(spec, chunk), backend)


def chunk_rows(spec: SweepSpec, chunk: int) -> int:
    return min(spec.chunk_size, spec.n_points - chunk * spec.chunk_size)


def _check_finished(out: Path, spec: SweepSpec, text: str) -> None:
    with h5py.File(out, "r") as f:
        if f.attrs.get("spec_json") != text:
            raise MagphysValueError("spec", spec.name, f"the spec of the finished run in {out}")


def _start_parts(spec: SweepSpec, out: Path, text: str) -> tuple[Path, bool]:
    """The parts folder of the run (created if new; the interrupted run's checked against the spec)."""
    parts = _parts_dir(out)
    if parts.exists():
        old = (parts / SPEC).read_text() if (parts / SPEC).exists() else ""
        if old and old != text:
            raise MagphysValueError("spec", spec.name, f"the spec of the interrupted run in {parts}")
        new = False
    else:
        parts.mkdir(parents=True)
        new = True
    if not (parts / SPEC).exists():  # new, or deleted: the parts carry the spec's hash, so foreign ones show
        atomic_write(parts / SPEC, lambda tmp: tmp.write_bytes(text.encode()))
    return parts, new


def run(
    spec,
    out,
    backend: str | None = None,
    resume: bool = False,
    progress: bool = True,
    scheduler=None,
    limits: SweepLimits | None = None,
) -> Path:
    """Evaluate every chunk of ``spec`` not yet finished and write ``out`` (HDF5).

    One run at a time writes an output: a second one on the same ``out`` is refused at once
    (``SweepLocked``, naming the holder). A killed run resumes with ``resume=True`` and yields the same file
    as an uninterrupted one; the resume checks every part it finds (chunk, spec, checksum) and computes
    damaged or foreign ones again (``SweepRepairWarning``). ``scheduler``: None (this process), "local" (a
    Dask LocalCluster), a Dask scheduler address or a ``dask.distributed.Client``. ``limits``: the largest
    sweep accepted (``SweepLimits``; points, chunks, bytes), checked with the free disk space before any
    compute.
    """
    backend = resolve_backend(backend)
    check_scheduler(scheduler)  # before the parts folder exists, so that a retry needs no resume
    spec = load_spec(spec)
    if spec.motor_chain:
        check_chain(spec)
    out = check("out", out, FilePath(what="an output file path (HDF5)"))
    limits = check("limits", SweepLimits() if limits is None else limits, Instance(SweepLimits, "a SweepLimits"))
    check_size(spec, limits)
    if out.exists() and not resume:
        raise MagphysValueError("out", str(out), "a file that does not exist yet (or resume=True / --resume)")
    fault = fault_from_env()
    text = spec.model_dump_json()
    sha = spec_digest(text)
    with RunLock(out):
        if out.exists():  # resumed after the assembly had finished (perhaps killed before the clean-up)
            _check_finished(out, spec, text)
            shutil.rmtree(_parts_dir(out), ignore_errors=True)
            return out
        if _parts_dir(out).exists() and not resume:
            raise MagphysValueError("out", str(out), f"a run without leftover parts ({_parts_dir(out)}; use --resume)")
        # one point first: a fixed value that fails only at compute fails here, before any file exists, and
        # its arrays give the bytes per point for the size and disk checks
        probe = compute_points(spec, 0, 1, backend)
        n_parts = len(list(_parts_dir(out).glob("chunk_*.npz"))) if _parts_dir(out).exists() else 0
        per_point = sum(a.nbytes for a in probe.values())
        todo_points = max(0, spec.n_points - n_parts * spec.chunk_size)
        check_bytes(spec, per_point, limits, out.parent, todo_points)
        parts, new = _start_parts(spec, out, text)
        try:
            done = reconcile(parts, spec.n_chunks, sha, lambda c: chunk_rows(spec, c))
            _compute(spec, parts, sha, done, backend, progress, scheduler, fault)
            assemble(spec, parts, out, backend, fault)
        except BaseException:
            if new and not any(parts.glob("chunk_*.npz")):  # nothing of value: no folder to block a rerun
                shutil.rmtree(parts, ignore_errors=True)
            raise
        if fault:
            fault("cleanup")
        shutil.rmtree(parts)
    return out


def _compute(spec, parts, sha, done, backend, progress, scheduler, fault) -> None:
    """Compute and save the chunks not in ``done`` (lazily, in chunk order)."""
    from tqdm.auto import tqdm

    chunks = todo(spec.n_chunks, done)
    with tqdm(
        total=spec.n_points,
        initial=sum(chunk_rows(spec, c) for c in done),
        unit="pt",
        unit_scale=True,
        disable=not progress,
        desc=spec.name,
    ) as bar:
        if scheduler is None:

            def local():
                for c in chunks:
                    if fault:
                        fault("compute")
                    yield c, compute_chunk(spec, c, backend)

            results = local()
        else:
            from ._distributed import run_chunks

            results = run_chunks(spec, chunks, backend, scheduler)
        # one writer thread, one chunk deep: chunk c is checksummed and written (zlib, hashlib and file I/O
        # release the GIL) while chunk c + 1 computes; at most two chunks are in memory, and a write's error
        # surfaces before the next chunk is handed over
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="magphys-writer") as writer:
            pending = None
            for c, arrays in results:
                if pending is not None:
                    pending[1].result()
                    bar.update(chunk_rows(spec, pending[0]))
                pending = (c, writer.submit(save_part, parts, c, arrays, sha, fault))
            if pending is not None:
                pending[1].result()
                bar.update(chunk_rows(spec, pending[0]))


def assemble(spec: SweepSpec, parts: Path, out: Path, backend: str, fault=None) -> None:
    """Stream the part files into one HDF5 file, written aside and renamed: the final name appears only when the
    file is whole. Every part is verified on the way (a part damaged since the resume checked it is computed
    again); the file records each chunk's checksum (``chunk_checksum``, re-checked by ``verify``) and how often
    each chunk was computed (``chunk_computations``, from the log)."""
    text = spec.model_dump_json()
    sha = spec_digest(text)
    log = read_log(parts)
    counts = np.array([max(1, log.get(c, 0)) for c in range(spec.n_chunks)], dtype=np.int32)
    digests = np.zeros(spec.n_chunks, dtype="S64")

    def write(tmp: Path) -> None:
        with h5py.File(tmp, "w") as f:
            f.attrs["spec_json"] = text
            f.attrs["spec_sha256"] = sha
            from .. import __version__

            f.attrs["magphys_version"] = __version__
            f.attrs["backend"] = backend
            f.attrs["n_points"] = spec.n_points
            f.create_dataset("temp_c", data=np.asarray(spec.temp_c, dtype=float))
            f.create_dataset("chunk_done", data=np.ones(spec.n_chunks, dtype=np.int8))
            dsets: dict = {}
            for c in range(spec.n_chunks):
                arrays, digest, why = load_part(part_path(parts, c), c, sha, chunk_rows(spec, c))
                if arrays is None:
                    warnings.warn(
                        f"{part_path(parts, c)} (chunk {c}): {why}; it is computed again", SweepRepairWarning, 3
                    )
                    arrays = compute_chunk(spec, c, backend)
                    digest = save_part(parts, c, arrays, sha)
                    counts[c] += 1
                _write_chunk(f, dsets, spec, c, arrays)
                digests[c] = digest.encode()
                if fault:
                    fault("assemble")
            f.create_dataset("chunk_checksum", data=digests)
            f.create_dataset("chunk_computations", data=counts)

    atomic_write(out, write, fault, stage="replace")


def _write_chunk(f: h5py.File, dsets: dict, spec: SweepSpec, c: int, arrays: dict) -> None:
    lo = c * spec.chunk_size
    for key, a in arrays.items():
        if key not in dsets:
            shape = (spec.n_points, *a.shape[1:])
            dsets[key] = f.create_dataset(
                key, shape=shape, dtype=a.dtype, chunks=(min(spec.chunk_size, spec.n_points), *shape[1:])
            )
            group, _, name = key.partition("/")
            if group == "out" and name in UNITS:
                dsets[key].attrs["units"] = UNITS[name]
        dsets[key][lo : lo + a.shape[0]] = a


@dataclass(frozen=True)
class Verification:
    """What ``verify`` found in a sweep result: ``bad_chunks`` empty and ``problems`` empty when it is whole."""

    path: Path
    n_chunks: int
    bad_chunks: tuple[int, ...]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.bad_chunks and not self.problems


def verify(path, progress: bool = False) -> Verification:
    """Re-check a sweep result: its spec against its hash, and every chunk's rows against ``chunk_checksum``.

    Parameters
    ----------
    path : path-like
        A result written by ``run``.
    progress : bool
        Show a progress bar (chunks).

    Returns
    -------
    Verification
        ``ok`` when every chunk matches; otherwise the chunks that do not and what else is wrong.
    """
    from tqdm.auto import tqdm

    p = check("path", path, FilePath(exists=True, what="a sweep result file (HDF5)"))
    problems: list[str] = []
    bad: list[int] = []
    with _open_h5(p) as f:
        text = f.attrs["spec_json"]
        if "chunk_checksum" not in f or "spec_sha256" not in f.attrs:
            return Verification(
                p, 0, (), ("no checksums recorded (written by an earlier magphys): nothing to verify against",)
            )
        if f.attrs["spec_sha256"] != spec_digest(text):
            problems.append("the spec does not match its hash")
        spec = SweepSpec.model_validate_json(text)
        digests = f["chunk_checksum"][:]
        if digests.shape != (spec.n_chunks,):
            problems.append(f"{digests.shape[0]} chunk checksums for {spec.n_chunks} chunks")
            return Verification(p, spec.n_chunks, (), tuple(problems))
        keys: list[str] = []
        f.visititems(lambda n, o: keys.append(n) if isinstance(o, h5py.Dataset) and "/" in n else None)
        for c in tqdm(range(spec.n_chunks), disable=not progress, unit="chunk"):
            lo = c * spec.chunk_size
            hi = lo + chunk_rows(spec, c)
            arrays = {k: f[k][lo:hi] for k in keys}
            if chunk_digest(arrays).encode() != digests[c]:
                bad.append(c)
    return Verification(p, spec.n_chunks, tuple(bad), tuple(problems))


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
