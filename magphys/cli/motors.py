"""``magphys motor``: the operating point of a reference or user's cooling motor and its efficiency map."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from .. import Magnet
from ..errors import MagphysValueError
from ._common import ABSOLUTE_ZERO_C, add_command, number, plot_file

if TYPE_CHECKING:
    from ._common import Subparsers


def cmd_motor(args: argparse.Namespace) -> int:
    """Print a reference or user's motor's operating point (default: its rated point) and plot its efficiency map.

    Parameters
    ----------
    args : argparse.Namespace
        ``reference``, ``design``, ``magnet``, ``speed_rpm``, ``torque_nm``, ``ambient_c``, ``backend``, ``map``.
        With ``design`` (a TOML file, ``mp.motor.from_toml``) ``reference`` names the table in it (optional
        for a file of one design); without, ``reference`` is a shipped reference design.

    Returns
    -------
    int
        0.
    """
    from .. import motor as mot

    if args.design is not None:
        d = mot.from_toml(args.design, args.reference)
        m = mot.Motor(d, Magnet.from_grade(d.magnet))
    elif args.reference is None:
        raise MagphysValueError("reference", None, f"one of {mot.reference_names()}, or --design FILE")
    else:
        m = mot.reference(args.reference)
    if args.magnet is not None:  # an empty name is an error, not the default magnet
        m = m.with_magnet(Magnet.named(args.magnet))
    rp = m.rated_point()
    speed = rp["speed_rpm"] if args.speed_rpm is None else args.speed_rpm
    torque = rp["torque_nm"] if args.torque_nm is None else args.torque_nm
    ambient = rp["ambient_c"] if args.ambient_c is None else args.ambient_c
    op = m.operating_point(speed_rpm=speed, torque_nm=torque, ambient_c=ambient, backend=args.backend)
    print(f"{m.name} with {m.magnet.name}: {m.design.description}")
    print(f"  {speed:g} rpm, {torque:g} N m, cooling medium {ambient:g} degC -> {op.status}")
    print(
        f"  input {op.input_power_w:.4g} W, shaft {op.shaft_power_w:.4g} W, efficiency {op.efficiency:.3f}, "
        f"current {op.current_a:.3g} A rms, gap flux density {op.gap_flux_density_t:.3f} T"
    )
    print("  losses W: " + ", ".join(f"{k} {v:.3g}" for k, v in op.losses_w.items()))
    print("  temperatures degC: " + ", ".join(f"{k} {v:.1f}" for k, v in op.temp_c.items()))
    if args.map:
        import numpy as np

        from ..plot import plot_efficiency_map

        ds = m.efficiency_map(
            speed_rpm=np.linspace(0.1, 1.2, 24) * rp["speed_rpm"],
            torque_nm=np.linspace(0.05, 1.5, 24) * rp["torque_nm"],
            ambient_c=ambient,
            backend=args.backend,
        )
        print(f"efficiency map written to {plot_efficiency_map(ds, args.map)}")
    return 0


def register(subparsers: Subparsers) -> None:
    """Add ``motor`` to the ``magphys`` parser.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The ``magphys`` parser's subparsers.
    """
    mo = add_command(
        subparsers, "motor", help="operating point of a reference or user's cooling motor (default: its rated point)"
    )
    mo.add_argument(
        "reference",
        nargs="?",
        default=None,
        help="server_fan_40mm, server_fan_80mm, ec_fan_1kw or cdu_pump_3kw; with --design, the table in FILE",
    )
    mo.add_argument(
        "--design",
        default=None,
        metavar="FILE",
        help="a user's motor design: a TOML file with the keys of a table of magphys/data/motor_designs.toml",
    )
    mo.add_argument("--magnet", default=None, help="catalogue grade to put in the rotor")
    mo.add_argument("--speed-rpm", type=number(0.0), default=None)
    mo.add_argument("--torque-nm", type=number(0.0), default=None)
    mo.add_argument(
        "--ambient-c",
        type=number(ABSOLUTE_ZERO_C, lo_open=True, unit="degC"),
        default=None,
        help="cooling air or coolant temperature",
    )
    mo.add_argument(
        "--map", type=plot_file, default=None, help="write the efficiency map over speed x torque to this PNG"
    )
    mo.set_defaults(func=cmd_motor)
