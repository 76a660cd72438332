"""``magphys sweep``, ``verify``, ``pareto`` and ``plot``: run a sweep spec to HDF5, re-check it, its Pareto front,
its plots."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

import numpy as np

from ..errors import MagphysValueError, unknown_name
from ..sweep._distributed import check_scheduler
from ._common import add_command, integer, new_file, number, output_file, plot_file, sweep_result

if TYPE_CHECKING:
    import xarray as xr

    from ._common import Subparsers


def scheduler(text: str) -> str:
    """A Dask scheduler for ``--scheduler``, by the library's rule (``sweep._distributed.check_scheduler``):
    ``local`` or an address such as ``tcp://host:port``; refused as an argument, before anything runs.

    Parameters
    ----------
    text : str
        The option's value.

    Returns
    -------
    str
        ``text`` unchanged.
    """
    try:
        check_scheduler(text)
    except MagphysValueError as exc:
        raise argparse.ArgumentTypeError(f"expected {exc.valid}, got {text!r}") from None
    return text


def _objectives(text: str) -> list[str]:
    return [o.strip() for o in text.split(",")]


def cmd_sweep(args: argparse.Namespace) -> int:
    """Run a sweep spec in chunks to an HDF5 file (resumable) and count the evaluations that are ok.

    Parameters
    ----------
    args : argparse.Namespace
        ``spec``, ``out``, ``resume``, ``scheduler``, ``no_progress``, ``backend``, ``max_points``,
        ``max_chunks``, ``max_gb``.

    Returns
    -------
    int
        0.
    """
    import h5py

    from ..sweep import SweepLimits, load_spec, run

    spec = load_spec(args.spec)
    temps = "" if spec.motor_chain else f" x {len(spec.temp_c)} temperatures"
    print(
        f"sweep {spec.name!r} ({'+'.join(spec.stages)}): {spec.n_points:,} points{temps} in {spec.n_chunks} chunks "
        f"-> {args.out}"
    )
    base = SweepLimits()
    limits = SweepLimits(
        max_points=args.max_points or base.max_points,
        max_chunks=args.max_chunks or base.max_chunks,
        max_bytes=int(args.max_gb * 1e9) if args.max_gb else base.max_bytes,
    )
    out = run(
        spec,
        args.out,
        backend=args.backend,
        resume=args.resume,
        progress=not args.no_progress,
        scheduler=args.scheduler,
        limits=limits,
    )
    with h5py.File(out, "r") as f:  # counted block by block: the file may be larger than memory
        status = f["out/status"]
        ok = sum(int((status[lo : lo + 1_000_000] == 0).sum()) for lo in range(0, status.shape[0], 1_000_000))
        print(f"written {out}: {status.shape[0]:,} points, {ok:,} of {status.size:,} evaluations ok")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Re-check a sweep result against the checksums written with it.

    Parameters
    ----------
    args : argparse.Namespace
        ``result``, ``no_progress``.

    Returns
    -------
    int
        0 when every chunk matches its checksum, 1 otherwise (the chunks and problems are printed).
    """
    from ..sweep import verify

    v = verify(args.result, progress=not args.no_progress)
    if v.ok:
        print(f"{v.path}: all {v.n_chunks} chunks match their checksums")
        return 0
    for problem in v.problems:
        print(f"{v.path}: {problem}")
    if v.bad_chunks:
        shown = ", ".join(str(c) for c in v.bad_chunks[:20]) + (" ..." if len(v.bad_chunks) > 20 else "")
        print(f"{v.path}: {len(v.bad_chunks)} of {v.n_chunks} chunks do not match their checksums: {shown}")
    return 1


def cmd_pareto(args: argparse.Namespace) -> int:
    """Print the non-dominated points of a sweep result and write them as CSV.

    Parameters
    ----------
    args : argparse.Namespace
        ``result``, ``objectives``, ``out``, ``backend``.

    Returns
    -------
    int
        0.
    """
    from ..sweep import pareto

    fr = pareto(args.result, _objectives(args.objectives), backend=args.backend)
    df = fr.to_dataframe()
    print(f"{fr.sizes['point']} non-dominated points over {args.objectives}:")
    print(df.to_string(max_rows=40))
    if args.out:
        df.to_csv(args.out)
        print(f"front written to {args.out}")
    return 0


def _check_plot_args(ds: xr.Dataset, args: argparse.Namespace) -> None:
    # named here, with close matches, rather than as xarray's KeyError from deep inside the plot
    if args.var not in ds.data_vars:
        valid = sorted(str(k) for k in ds.data_vars)
        raise unknown_name("var", args.var, valid, f"an output of the sweep: {valid}")
    per_point = sorted(str(k) for k in ds.variables if k != "temp_c" and ds[k].dims == ("point",))
    for name, value in (("x", args.x), ("y", args.y)):
        if value is not None and value not in per_point:
            raise unknown_name(name, value, per_point, f"an axis or per-point output of the sweep: {per_point}")
    # the plot takes the nearest temperature but labels it with the one asked for: only the sweep's own
    temps = ds.temp_c.values
    if (
        args.temp_c is not None
        and "temp_c" in ds[args.var].dims
        and not np.isclose(temps, args.temp_c, rtol=1e-9, atol=1e-9).any()
    ):
        raise MagphysValueError("temp_c", args.temp_c, f"one of the sweep's temperatures {temps.tolist()}")


def _where(text: str) -> dict[str, float]:
    where = {}
    for item in text.split(","):
        name, _, value = item.partition("=")
        try:
            where[name.strip()] = float(value)
        except ValueError:
            raise MagphysValueError("where", item, "name=value pairs, e.g. inlet_c=45,dy=0") from None
    return where


def cmd_plot(args: argparse.Namespace) -> int:
    """Plot a sweep result as a heat map or scatter, with its Pareto front ringed.

    Parameters
    ----------
    args : argparse.Namespace
        ``result``, ``var``, ``temp_c``, ``x``, ``y``, ``front``, ``where``, ``out``.

    Returns
    -------
    int
        0.
    """
    from ..plot import plot_sweep
    from ..sweep import front_of, open_result, pareto, select

    ds = open_result(args.result)
    if args.where:  # a slice at the given axis values, with the front of the slice
        ds = select(ds, strict=True, **_where(args.where))
    _check_plot_args(ds, args)
    objectives = _objectives(args.front) if args.front else None
    front = None
    if objectives:
        front = front_of(ds, objectives) if args.where else pareto(args.result, objectives)
    path = plot_sweep(ds, args.out, var=args.var, temp_c=args.temp_c, x=args.x, y=args.y, front=front)
    print(f"plot written to {path}")
    return 0


def register(subparsers: Subparsers) -> None:
    """Add ``sweep``, ``pareto`` and ``plot`` to the ``magphys`` parser.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The ``magphys`` parser's subparsers.
    """
    sw = add_command(subparsers, "sweep", help="run a sweep spec (TOML) in chunks to an HDF5 file; resumable")
    sw.add_argument("spec", help="sweep spec TOML (see examples/sweep_dy_ce_gbd.toml)")
    sw.add_argument("--out", type=new_file, default="sweep.h5")
    sw.add_argument("--resume", action="store_true", help="continue an interrupted run (finished chunks are kept)")
    sw.add_argument(
        "--scheduler", type=scheduler, default=None, help="run on Dask: 'local' (LocalCluster) or tcp://host:port"
    )
    sw.add_argument("--no-progress", action="store_true")
    sw.add_argument("--max-points", type=integer(1), default=None, help="largest sweep accepted (default 1e10 points)")
    sw.add_argument("--max-chunks", type=integer(1), default=None, help="most chunks accepted (default 1e6)")
    sw.add_argument(
        "--max-gb", type=number(0.0, lo_open=True), default=None, help="largest result accepted (default 1000 GB)"
    )
    sw.set_defaults(func=cmd_sweep)

    ve = add_command(subparsers, "verify", help="re-check a sweep result against its per-chunk checksums")
    ve.add_argument("result", type=sweep_result, help="sweep result (HDF5)")
    ve.add_argument("--no-progress", action="store_true")
    ve.set_defaults(func=cmd_verify)

    pa = add_command(subparsers, "pareto", help="non-dominated points of a sweep result over 2-4 objectives")
    pa.add_argument("result", type=sweep_result, help="sweep result (HDF5)")
    pa.add_argument("--objectives", required=True, help="e.g. hcj_a_per_m@150:max,dy:min")
    pa.add_argument("--out", type=output_file, default=None, help="write the front as CSV")
    pa.set_defaults(func=cmd_pareto)

    pl = add_command(subparsers, "plot", help="heat map or scatter of a sweep result, with its Pareto front")
    pl.add_argument("result", type=sweep_result)
    pl.add_argument("--var", default="hcj_a_per_m")
    pl.add_argument("--temp-c", type=number(), default=None, help="default: the highest temperature of the sweep")
    pl.add_argument("--x", default=None)
    pl.add_argument("--y", default=None)
    pl.add_argument(
        "--front", default=None, help="objectives of a Pareto front to ring, e.g. hcj_a_per_m@150:max,dy:min"
    )
    pl.add_argument(
        "--where",
        default=None,
        help="a slice: only the points at these axis values, e.g. inlet_c=45,dy=0 "
        "(--front then rings the front of the slice)",
    )
    pl.add_argument("--out", type=plot_file, default="sweep.png")
    pl.set_defaults(func=cmd_plot)
