"""``magphys overview``, ``magnet``, ``grades`` and ``grains``: catalogue grades over temperature, one grade's
curves and loss, the grain ensemble."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from .. import Magnet, grade_names, magnet_properties
from ..errors import MagphysValueError
from ..kernels.status import NAMES
from ._common import add_command, integer, names, number, plot_file, temperatures

if TYPE_CHECKING:
    from ._common import Subparsers

DEFAULT_GRADES = ("N42", "N42SH", "N38UH", "G50SHT", "HD40SH", "FERRITE-C8", "SM2CO17-28")
DEFAULT_TEMPS = "20,40,60,80,100,120,150,180"


def _table(ds, magnets) -> str:
    lines = [
        f"{'magnet':>12} {'T degC':>7} {'Br T':>7} {'HcJ kA/m':>9} {'HcB kA/m':>9} {'Hk/HcJ':>7} "
        f"{'BHmax kJ/m3':>11} {'Tw(Pc=1) degC':>13}  status"
    ]
    for m in magnets:
        sel = ds.sel(magnet=m.name)
        try:
            tw = f"{m.max_working_temp_c(pc=1.0):13.0f}"
        except MagphysValueError:  # no working temperature on that load line: shown as a dash
            tw = f"{'-':>13}"
        for i, t in enumerate(ds.temp_c.values):
            s = int(sel.status.values[i])
            row = sel.isel(temp_c=i)
            vals = (
                (
                    f"{float(row.br_t):7.3f} {float(row.hcj_a_per_m) / 1e3:9.0f} {float(row.hcb_a_per_m) / 1e3:9.0f} "
                    f"{float(row.squareness):7.3f} {float(row.bhmax_j_per_m3) / 1e3:11.0f}"
                )
                if s == 0
                else f"{'':>47}"
            )
            lines.append(f"{m.name if i == 0 else '':>12} {t:7.0f} {vals} {tw if i == 0 else '':>13}  {NAMES[s]}")
    return "\n".join(lines)


def cmd_overview(args: argparse.Namespace) -> int:
    """Print the property table of several grades over temperature (and plot Br and HcJ).

    Parameters
    ----------
    args : argparse.Namespace
        ``grades``, ``temp_c``, ``backend``, ``plot``.

    Returns
    -------
    int
        0.
    """
    magnets = [Magnet.named(g) for g in args.grades]
    ds = magnet_properties(magnets, temp_c=args.temp_c, backend=args.backend)
    print(_table(ds, magnets))
    if args.plot:
        from ..plot import plot_overview

        print(f"plot written to {plot_overview(ds, args.plot)}")
    return 0


def cmd_magnet(args: argparse.Namespace) -> int:
    """Print one grade's properties over temperature, its irreversible loss on a load line, and plot its curves.

    Parameters
    ----------
    args : argparse.Namespace
        ``grade``, ``temp_c``, ``pc``, ``exposure_h``, ``stabilised_c``, ``stabilised_h``, ``thickness_mm``,
        ``backend``, ``plot``.

    Returns
    -------
    int
        0.
    """
    m = Magnet.named(args.grade, thickness_mm=args.thickness_mm)
    temps = args.temp_c
    ds = m.properties(temp_c=temps, backend=args.backend)
    print(
        f"{m.name} ({m.family}); Curie point {m.curie_temp_c:.0f} degC; density {m.density_kg_m3:.0f} kg/m3; "
        f"heavy rare earth {m.hre_wt_pct:.2f} wt%"
    )
    ds_all = ds.expand_dims(magnet=[m.name])
    print(_table(ds_all, [m]))
    if args.pc is not None:
        stab = ""
        if args.stabilised_c is not None:
            stab = f", stabilised {args.stabilised_h:g} h at {args.stabilised_c:g} degC"
        for t in temps:
            loss = m.irreversible_loss(
                t,
                pc=args.pc,
                exposure_h=args.exposure_h,
                stabilised_c=args.stabilised_c,
                stabilised_h=args.stabilised_h,
            )
            print(f"irreversible loss after {args.exposure_h:g} h at {t:g} degC, Pc={args.pc:g}{stab}: {loss:.2%}")
    if args.plot:
        from ..plot import plot_demag

        print(f"plot written to {plot_demag(m, temps, args.plot, pc=1.0 if args.pc is None else args.pc)}")
    return 0


def cmd_grains(args: argparse.Namespace) -> int:
    """Calibrate a grain ensemble of a grade and print its knee, squareness and (on a load line) loss depth.

    Parameters
    ----------
    args : argparse.Namespace
        ``grade``, ``temp_c``, ``grains``, ``size_mm``, ``thickness_mm``, ``steps``, ``pc``, ``seed``,
        ``backend``, ``plot``.

    Returns
    -------
    int
        0.
    """
    import time

    from ..magnets import GrainEnsemble, calibrate

    m = Magnet.named(args.grade)
    thick = (
        args.thickness_mm if args.thickness_mm is not None else (m.thickness_mm if m.thickness_mm is not None else 5.0)
    )
    t0 = time.perf_counter()
    cal = calibrate(m, seed=args.seed)
    print(
        f"{m.name}: ensemble calibrated at 20 degC ({time.perf_counter() - t0:.1f} s): alpha x "
        f"{cal.params.alpha_scale:.4f}, microstructure-factor width {cal.params.sigma_ln_alpha:.3f}, grain-size "
        f"width {cal.params.sigma_ln_d:.3f}; HcJ {cal.hcj_a_per_m / 1e3:.0f} kA/m "
        f"(engine {cal.hcj_target_a_per_m / 1e3:.0f}), "
        f"Hk/HcJ {cal.squareness:.3f} (engine {cal.squareness_target:.3f})"
    )
    ens = GrainEnsemble(
        m,
        (args.size_mm, args.size_mm, thick),
        args.grains,
        seed=args.seed,
        params=cal.params,
        backend=args.backend,
    )
    loss = None
    for t in args.temp_c:
        t0, u0 = time.perf_counter(), ens.updates
        curve = ens.demag_curve(t, steps=args.steps, progress=ens.n_grains >= 100_000)
        dt = time.perf_counter() - t0
        ref = ens.magnet.properties(temp_c=[t]).isel(temp_c=0)
        print(
            f"{t:g} degC, {ens.n_grains:,} grains, {args.steps} field steps in {dt:.1f} s "
            f"({(ens.updates - u0) / dt / 1e6:.0f} M grain-updates/s): HcJ {curve.attrs['hcj_a_per_m'] / 1e3:.0f} kA/m "
            f"(engine {float(ref.hcj_a_per_m) / 1e3:.0f}), Hk/HcJ {curve.attrs['squareness']:.3f} "
            f"(engine {float(ref.squareness):.3f})"
        )
        if args.pc is not None:
            loss = ens.irreversible_loss(t, pc=args.pc)
            frac = loss.reversed_fraction.values
            print(
                f"  after 1 h at {t:g} degC on Pc {args.pc:g}: irreversible loss {loss.attrs['loss']:.2%} "
                f"(engine {ens.magnet.irreversible_loss(t, pc=args.pc):.2%}); reversed share at the faces "
                f"{frac[0]:.2f}, at mid-thickness {frac[frac.size // 2]:.2f}"
            )
    if args.plot:
        from ..plot import plot_grains

        print(f"plot written to {plot_grains(curve, ens.magnet.demag_curve(t), loss, args.plot)}")
    return 0


def cmd_grades(args: argparse.Namespace) -> int:
    """Print the catalogue's grade names, one a line.

    Parameters
    ----------
    args : argparse.Namespace
        Unused.

    Returns
    -------
    int
        0.
    """
    for name in grade_names():
        print(name)
    return 0


def register(subparsers: Subparsers) -> None:
    """Add ``overview``, ``magnet`` and ``grains`` to the ``magphys`` parser.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The ``magphys`` parser's subparsers.
    """
    positive = number(0.0, lo_open=True)
    o = add_command(subparsers, "overview", help="properties of several grades over temperature")
    o.add_argument("--grades", type=names, default=",".join(DEFAULT_GRADES))
    o.add_argument("--temp-c", type=temperatures, default=DEFAULT_TEMPS)
    o.add_argument("--plot", type=plot_file, default=None, help="write Br and HcJ against temperature to this PNG")
    o.set_defaults(func=cmd_overview)

    m = add_command(subparsers, "magnet", help="one grade: properties, irreversible loss and demagnetization curves")
    m.add_argument("grade", help="a catalogue grade, or a magnet file written by Magnet.save (.json)")
    m.add_argument("--temp-c", type=temperatures, default="20,80,120,150")
    m.add_argument("--pc", type=positive, default=None, help="permeance coefficient for the irreversible loss")
    m.add_argument("--exposure-h", type=positive, default=1.0, help="hold time of the irreversible loss, h")
    m.add_argument(
        "--stabilised-c", type=number(), default=None, help="pre-age (IEC TR 62518) at this temperature before use"
    )
    m.add_argument("--stabilised-h", type=positive, default=1.0, help="duration of the stabilising hold, h")
    m.add_argument("--thickness-mm", type=positive, default=None, help="magnet thickness (matters for GBD grades)")
    m.add_argument("--plot", type=plot_file, default=None, help="write the demagnetization curves to this PNG")
    m.set_defaults(func=cmd_magnet)

    gr = add_command(
        subparsers, "grains", help="grain-ensemble demagnetization: the knee, squareness and depth of reversal"
    )
    gr.add_argument("grade")
    gr.add_argument("--temp-c", type=temperatures, default="120")
    gr.add_argument("--grains", type=integer(1), default="1e6", help="number of grains (e.g. 1e6)")
    gr.add_argument("--size-mm", type=positive, default=10.0, help="edge of the square pole face")
    gr.add_argument("--thickness-mm", type=positive, default=None, help="along the easy axis (default: the grade's)")
    gr.add_argument("--steps", type=integer(1), default=200, help="field steps of the demagnetization curve")
    gr.add_argument(
        "--pc", type=positive, default=None, help="also the irreversible loss and depth map on this load line"
    )
    gr.add_argument("--seed", type=integer(0), default=1)
    gr.add_argument("--plot", type=plot_file, default=None, help="write the knee (and the depth map) to this PNG")
    gr.set_defaults(func=cmd_grains)


def register_grades(subparsers: Subparsers) -> None:
    """Add ``grades``, apart from :func:`register` because it comes last in ``magphys --help``.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The ``magphys`` parser's subparsers.
    """
    g = add_command(subparsers, "grades", help="list the catalogue")
    g.set_defaults(func=cmd_grades)
