"""``magphys compare`` (also the default job): every magnet route sized for a fan and/or pump duty."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..errors import MagphysValueError
from ._common import ABSOLUTE_ZERO_C, add_command, names, number, plot_file

if TYPE_CHECKING:
    from ._common import Subparsers

CFM = 1.0 / 2118.88  # ft3/min -> m3/s
# the default duties: a hot-aisle server fan and a CDU pump
FAN_CFM, FAN_PA, FAN_LIFE_YEARS = 60.0, 300.0, 7.0
PUMP_L_MIN, PUMP_PA, PUMP_LIFE_YEARS = 400.0, 3.0e5, 10.0
MEDIUM_C = 45.0


def _given(value: float | None, default: float) -> float:
    # `value or default` would turn a given 0 (a valid 0 degC medium) into the default
    return default if value is None else value


def _motor_options(args: argparse.Namespace) -> dict:
    """The duty's motor options given on the command line (the rest default by size)."""
    opts: dict = {}
    if args.supply is not None:
        opts["supply"] = args.supply
    if args.topology is not None:
        opts["topology"] = args.topology
    if args.speed_rpm is not None:
        opts["speed_rpm"] = args.speed_rpm
    if args.envelope_mm is not None:
        opts["envelope"] = {"outer_diameter_mm": args.envelope_mm[0], "length_mm": args.envelope_mm[1]}
    return opts


def cmd_compare(args: argparse.Namespace) -> int:
    """Print the route table of each duty (fan, pump or both) and plot the comparison.

    Parameters
    ----------
    args : argparse.Namespace
        ``duty``, the flow, pressure, medium and life options, ``routes``, ``scenario``, ``as_of``,
        ``electricity_usd_per_kwh``, ``backend``, ``plot``.

    Returns
    -------
    int
        0.
    """
    from ..design import Duty, compare, table

    # a flow in the other duty's unit would be dropped for the default flow without a word
    if args.duty == "pump" and args.flow_cfm is not None:
        raise MagphysValueError(
            "flow_cfm", args.flow_cfm, "a fan flow; for --duty pump give --flow-l-min or --flow-m3-s"
        )
    if args.duty == "fan" and args.flow_l_min is not None:
        raise MagphysValueError(
            "flow_l_min", args.flow_l_min, "a pump flow; for --duty fan give --flow-cfm or --flow-m3-s"
        )
    if args.flow_m3_s is not None and (args.flow_cfm is not None or args.flow_l_min is not None):
        raise MagphysValueError(
            "flow_m3_s", args.flow_m3_s, "the flow of every duty, instead of --flow-cfm/--flow-l-min"
        )
    duties = []
    medium_c = _given(args.ambient_c, MEDIUM_C)
    if args.duty in (None, "fan"):
        flow = args.flow_m3_s if args.flow_m3_s is not None else _given(args.flow_cfm, FAN_CFM) * CFM
        duties.append(
            Duty.fan(
                flow,
                _given(args.pressure_pa, FAN_PA),
                ambient_c=medium_c,
                hours_per_year=args.hours_per_year,
                life_years=_given(args.life_years, FAN_LIFE_YEARS),
                name="hot-aisle server fan",
                **_motor_options(args),
            )
        )
    if args.duty in (None, "pump"):
        flow = args.flow_m3_s if args.flow_m3_s is not None else _given(args.flow_l_min, PUMP_L_MIN) / 60000.0
        duties.append(
            Duty.pump(
                flow,
                _given(args.pressure_pa, PUMP_PA),
                coolant_c=medium_c,
                hours_per_year=args.hours_per_year,
                life_years=_given(args.life_years, PUMP_LIFE_YEARS),
                name="CDU pump",
                **_motor_options(args),
            )
        )
    motor = None
    if args.motor is not None:
        from ..magnets import Magnet
        from ..motor import Motor, from_toml

        design = from_toml(args.motor)
        motor = Motor(design, Magnet.from_grade(design.magnet))
    results = []
    for d in duties:
        ds = compare(
            d,
            routes=args.routes if args.routes is not None else "all",
            scenario=args.scenario,
            as_of=args.as_of,
            electricity_usd_per_kwh=args.electricity_usd_per_kwh,
            backend=args.backend,
            motor=motor,
        )
        print(table(ds))
        print()
        results.append(ds)
    if args.plot:
        from ..plot import plot_compare

        print(f"comparison plot written to {plot_compare(results, args.plot)}")
    return 0


def register(subparsers: Subparsers) -> None:
    """Add ``compare`` to the ``magphys`` parser.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The ``magphys`` parser's subparsers.
    """
    positive = number(0.0, lo_open=True)
    c = add_command(
        subparsers,
        "compare",
        help="the cost of substitution: every magnet route sized for a fan and/or pump duty (the default job)",
    )
    c.add_argument(
        "--duty",
        choices=("fan", "pump"),
        default=None,
        help="default: both, a hot-aisle server fan "
        "(60 CFM, 300 Pa, 45 degC) and a CDU pump (400 L/min, 3 bar, 45 degC)",
    )
    c.add_argument("--flow-cfm", type=positive, default=None)
    c.add_argument("--flow-l-min", type=positive, default=None)
    c.add_argument("--flow-m3-s", type=positive, default=None)
    c.add_argument(
        "--pressure-pa", type=positive, default=None, help="total pressure rise (fan) or head as pressure (pump)"
    )
    c.add_argument(
        "--ambient-c",
        type=number(ABSOLUTE_ZERO_C, lo_open=True, unit="degC"),
        default=None,
        help="air (fan) or coolant (pump) at the motor, default 45",
    )
    c.add_argument("--hours-per-year", type=number(), default=8760.0)
    c.add_argument("--life-years", type=positive, default=None, help="default 7 (fan), 10 (pump)")
    c.add_argument(
        "--routes", type=names, default=None, help="comma-separated subset of mp.design.ROUTES (default all)"
    )
    c.add_argument("--scenario", default="ex_china_2025", help="price scenario (mp.economics.scenario_names())")
    c.add_argument("--as-of", default="2025-12-01", help="date of the export-control flags")
    c.add_argument("--electricity-usd-per-kwh", type=number(0.0), default=None)
    c.add_argument("--supply", default=None, help="the drive's supply (mp.motor.supply_names()); default by size")
    c.add_argument(
        "--topology", default=None, help="outer_rotor_fan, inner_rotor_dry or canned; default by duty and size"
    )
    c.add_argument("--speed-rpm", type=positive, default=None, help="the mover's speed; default by size")
    c.add_argument(
        "--envelope-mm",
        type=positive,
        nargs=2,
        metavar=("OUTER_DIAMETER", "LENGTH"),
        default=None,
        help="the motor's envelope, mm; default by size (fan hub, EC motor size, IEC frame)",
    )
    c.add_argument(
        "--motor", default=None, metavar="FILE", help="add a user's motor design (TOML, as magphys motor --design)"
    )
    c.add_argument("--plot", type=plot_file, default=None, help="write the comparison plot to this PNG")
    c.set_defaults(func=cmd_compare)
