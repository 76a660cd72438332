"""``magphys rack`` and ``magphys hall``: a rack's fans and pumps at their operating point, and a data hall of
identical racks (roll-up, magnet routes, a year in a climate)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..cooling._plant import plant_defaults
from ..cooling._rack import COOLING, RACK_IT_KW, RDHX_DOOR_DP_PA
from ..kernels import status as st
from ..kernels.rack import RACK_U, RESERVED_U, SERVER_U
from ..kernels.status import NAMES
from ._common import ABSOLUTE_ZERO_C, add_command, integer, number, plot_file

if TYPE_CHECKING:
    from ..cooling import Rack
    from ._common import Subparsers


def _rack(args: argparse.Namespace) -> Rack:
    from ..cooling import Plant, Rack

    plant = Plant(
        water_class=args.water_class or "W32",
        outdoor_c=args.outdoor_c,
        heat_rejection=args.heat_rejection,
        chiller=not args.no_chiller,
    )
    return Rack(
        it_power_kw=args.it_kw,
        cooling=args.cooling,
        inlet_c=args.inlet_c,
        air_class=args.air_class,
        fan=args.fan,
        fan_count=args.fan_count,
        rack_u=args.rack_u,
        server_u=args.server_u,
        fans_per_server=args.fans_per_server,
        plant=plant,
        coolant=args.coolant,
        supply_c=args.supply_c,
        water_class=args.water_class,
        liquid_fraction=args.liquid_fraction,
        door_dp_pa=args.door_dp_pa,
        racks_per_cdu=args.racks_per_cdu,
    )


def cmd_rack(args: argparse.Namespace) -> int:
    """Print a rack's heat balance, cooling power and partial PUE, and plot cooling power against motor efficiency.

    Parameters
    ----------
    args : argparse.Namespace
        The rack options (see :func:`register`) and ``plot``.

    Returns
    -------
    int
        0 when the rack's cooling suffices, 1 when it does not (the deficit is printed).
    """
    rack = _rack(args)
    res = rack.solve()
    print(f"rack {rack.it_power_kw:g} kW IT, {rack.cooling} cooling -> {res.status}")
    if res.message:
        print(f"  {res.message}")
    print(
        f"  heat removed {res.heat_removed_kw:.4g} kW, movers' power {res.cooling_power_kw:.4g} kW, "
        f"motor heat {res.motor_heat_kw:.4g} kW"
    )
    print(
        f"  partial PUE {res.ppue:.4f} (The Green Grid: server fans are IT, {res.fan_share_of_it:.1%} of it); "
        f"cooling with the fans {res.cooling_with_fans_kw:.4g} kW, site {res.site_power_kw:.4g} kW"
    )
    geo = res.fit
    if geo.get("fans_fit") and rack.liquid_share < 1.0:
        print(
            f"  geometry: {geo['servers']} servers of {rack.server_u} U, up to {geo['fans_per_server_max']} fans each "
            f"({geo['fans_fit']} fit, {geo['fans_needed']} needed)"
        )
    if res.plant is not None:
        pl = res.plant
        print(
            f"  plant ({rack.site_plant.heat_rejection}, {pl.facility_supply_c:g} degC water, outdoor "
            f"{rack.site_plant.outdoor_c:g} degC): CRAH fans {pl.crah_fans_w / 1e3:.3g} kW, facility pumps "
            f"{pl.facility_pumps_w / 1e3:.3g} kW, chiller {pl.chiller_w / 1e3:.3g} kW, heat rejection "
            f"{pl.rejection_fans_w / 1e3:.3g} kW, free cooling {pl.free_cooling_share:.0%}; "
            f"{pl.heat_rejected_w / 1e3:.4g} kW to the outdoor air"
        )
    for s in (res.air, res.liquid):
        if s is None:
            continue
        movers = "fans" if s.medium == "air" else "pumps"
        print(
            f"  {s.medium}: {s.count} {movers} ({s.motor}) at {s.speed_rpm:.0f} rpm ({s.speed_fraction:.2f} of rated), "
            f"{s.flow_m3_s:.4g} m3/s, {s.inlet_c:.1f} -> {s.outlet_c:.1f} degC, {s.power_kw:.4g} kW"
            + (f", magnet {s.magnet_c:.1f} degC" if s.magnet_c == s.magnet_c else "")  # NaN: no magnet (induction)
            + (f"; {s.message}" if s.message else "")
        )
    if args.plot:
        from ..cooling import sweep_motor_efficiency
        from ..plot import plot_efficiency_sweep

        ds = sweep_motor_efficiency(rack, [0.5, 0.6, 0.7, 0.8, 0.9, 0.95])
        print(f"cooling power against motor efficiency written to {plot_efficiency_sweep(ds, args.plot)}")
    return 0 if res.status == st.NAMES[st.OK] else 1


def cmd_hall(args: argparse.Namespace) -> int:
    """Print a data hall's roll-up; with ``--compare`` every magnet route, with ``--climate`` a year.

    Parameters
    ----------
    args : argparse.Namespace
        The rack options (see :func:`register`), ``racks``, ``compare``, ``scenario``, ``climate``,
        ``chillerless``, ``backend``.

    Returns
    -------
    int
        0.
    """
    from ..cooling import DataHall, climate_series

    hall = DataHall(_rack(args), args.racks)
    # a bad price scenario or climate fails here, not after the roll-up and the sizing of every route
    if args.compare:
        from ..economics import scenario

        scenario(args.scenario)
    if args.climate is not None:
        climate_series(args.climate)
    roll = hall.rollup()
    for k, v in roll.items():
        print(f"  {k:38s} {v:.6g}" if isinstance(v, float) else f"  {k:38s} {v}")
    if args.compare:
        from ..design import facility_compare

        fc = facility_compare(hall, scenario=args.scenario, backend=args.backend)
        print(
            f"magnet routes for every fan and pump of the hall ({fc.attrs['machines']}), prices {fc.attrs['scenario']}:"
        )
        print(
            f"{'route':>21} {'magnet t':>9} {'HREE kg':>8} {'avoided kg':>10} {'capex MUSD':>10} {'GWh/yr':>8} "
            f"{'life MUSD':>9} licence"
        )
        for i, route in enumerate(fc.route.values):
            r = fc.isel(route=i)
            if not bool(r.feasible):
                print(f"{route:>21}  -- infeasible for the fan or the pump duty (magphys compare shows why)")
                continue
            avoided = float(r.hree_avoided_kg) if "hree_avoided_kg" in fc else float("nan")
            print(
                f"{route:>21} {float(r.magnet_t):9.3f} {float(r.hree_kg):8.2f} {avoided:10.2f} "
                f"{float(r.magnet_capex_musd):10.4f} {float(r.energy_gwh_per_year):8.3f} "
                f"{float(r.lifetime_cost_musd):9.3f} {'yes' if bool(r.licence_required) else 'no'}"
            )
    if args.climate is not None:  # an empty name is an error, not no year
        from ..cooling import fleet_year

        ds = fleet_year(hall, args.climate, backend=args.backend, trim=not args.chillerless)
        print(
            f"year in climate {ds.attrs['climate']!r} ({ds.attrs['hours']} h"
            f"{', chiller-less' if args.chillerless else ''}): cooling energy {ds.attrs['cooling_energy_mwh']:.6g} MWh"
        )
        for i in range(ds.sizes["member"]):
            m = ds.isel(member=i)
            print(
                f"  {m.kind.values!s:5s} {m.motor.values!s} ({m.magnet.values!s}): "
                f"{float(m.energy_mwh):.5g} MWh, peak magnet {float(m.peak_magnet_c):.1f} degC "
                f"(safe {float(m.safe_magnet_c):.0f}), {float(m.hours_above_safe):.0f} h above safe, "
                f"{float(m.hours_insufficient):.0f} h short of cooling, irreversible loss "
                f"{float(m.irreversible_loss):.2%}, status {NAMES[int(m.status)]}"
            )
    return 0


def _rack_options(r: argparse.ArgumentParser) -> None:
    temperature = number(ABSOLUTE_ZERO_C, lo_open=True, unit="degC")
    r.add_argument(
        "--it-kw",
        "--it-power-kw",
        dest="it_kw",
        type=number(0.0, lo_open=True),
        default=RACK_IT_KW,
        help="IT power per rack",
    )
    r.add_argument(
        "--cooling",
        default="liquid",
        choices=COOLING,
        help="default liquid: a 120 kW rack's air does not fit its servers' fans (magphys rack --cooling air)",
    )
    r.add_argument("--inlet-c", type=temperature, default=27.0, help="IT inlet air temperature")
    r.add_argument("--air-class", default=None, help="ASHRAE air class to check the inlet against (A1-A4)")
    r.add_argument("--fan", default=None, help="fan model of the built-in library (default: by server height)")
    r.add_argument("--fan-count", type=integer(1), default=None, help="fans per rack (default: sized)")
    r.add_argument("--rack-u", type=integer(RESERVED_U + 1), default=RACK_U, help="rack height in U (EIA-310)")
    r.add_argument("--server-u", type=integer(1), default=SERVER_U, help="server height in U")
    r.add_argument("--fans-per-server", type=integer(1), default=None, help="fans per server (default: sized)")
    r.add_argument("--outdoor-c", type=temperature, default=plant_defaults()["outdoor_c"], help="outdoor dry-bulb")
    r.add_argument("--heat-rejection", default="dry_cooler", choices=("dry_cooler", "tower"))
    r.add_argument("--no-chiller", action="store_true", help="a plant without chillers (free cooling only)")
    r.add_argument("--coolant", default=None, help="technology coolant (default PG25; immersion: PNF mineral oil)")
    r.add_argument(
        "--racks-per-cdu",
        type=integer(1),
        default=None,
        help="racks on one CDU pump set (default: 1, or a row's share where the rack is too small for the pump)",
    )
    r.add_argument(
        "--door-dp-pa",
        type=number(0.0),
        default=RDHX_DOOR_DP_PA,
        help="rdhx: the rear door's air pressure drop at the rack's design flow (the server fans overcome it)",
    )
    r.add_argument(
        "--supply-c", type=temperature, default=None, help="coolant supply temperature (default: water + CDU approach)"
    )
    r.add_argument("--water-class", default=None, help="ASHRAE facility water class (W17-W45) instead")
    r.add_argument("--liquid-fraction", type=number(0.0, 1.0), default=None, help="share of IT heat into cold plates")


def register(subparsers: Subparsers) -> None:
    """Add ``rack`` and ``hall`` to the ``magphys`` parser.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The ``magphys`` parser's subparsers.
    """
    r = add_command(
        subparsers,
        "rack",
        help="a rack's fans and pumps at their operating point, its geometry and plant: heat, power, partial PUE",
    )
    _rack_options(r)
    r.add_argument(
        "--plot", type=plot_file, default=None, help="write cooling power against motor efficiency to this PNG"
    )
    r.set_defaults(func=cmd_rack)

    h = add_command(
        subparsers, "hall", help="data-hall roll-up of N racks: movers, magnet and rare-earth kg per MW, energy"
    )
    h.add_argument("--racks", type=integer(1), default=1000, help="number of identical racks")
    h.add_argument("--climate", default=None, help="run a year: temperate, hot, cold or a CSV (temp_c[, it_load])")
    h.add_argument("--chillerless", action="store_true", help="no mechanical trim: hot hours reach the racks")
    h.add_argument("--compare", action="store_true", help="every magnet route for the hall's fans and pumps")
    h.add_argument("--scenario", default="ex_china_2025", help="price scenario of --compare")
    _rack_options(h)
    h.set_defaults(func=cmd_hall)
