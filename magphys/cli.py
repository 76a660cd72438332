"""Command line: ``magphys overview``, ``magphys magnet GRADE``, ``magphys motor REF``, ``magphys rack``,
``magphys hall``, ``magphys grades``."""

from __future__ import annotations

import argparse
import sys

from . import Magnet, grade_names, magnet_properties
from .errors import MagphysValueError
from .kernels.status import NAMES

DEFAULT_GRADES = ("N42", "N42SH", "N38UH", "G50SHT", "HD40SH", "FERRITE-C8", "SM2CO17-28")
DEFAULT_TEMPS = "20,40,60,80,100,120,150,180"


def _floats(text: str) -> list[float]:
    try:
        return [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated numbers, got {text!r}") from None


def _table(ds, magnets) -> str:
    lines = [
        f"{'magnet':>12} {'T degC':>7} {'Br T':>7} {'HcJ kA/m':>9} {'HcB kA/m':>9} {'Hk/HcJ':>7} "
        f"{'BHmax kJ/m3':>11} {'Tw(Pc=1) degC':>13}  status"
    ]
    for m in magnets:
        sel = ds.sel(magnet=m.name)
        try:
            tw = f"{m.max_working_temp_c(pc=1.0):13.0f}"
        except MagphysValueError:
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


def cmd_overview(args) -> int:
    magnets = [Magnet.from_grade(g) for g in args.grades.split(",")]
    temps = _floats(args.temp_c)
    ds = magnet_properties(magnets, temp_c=temps, backend=args.backend)
    print(_table(ds, magnets))
    if args.plot:
        from .plot import plot_overview

        print(f"plot written to {plot_overview(ds, args.plot)}")
    return 0


def cmd_magnet(args) -> int:
    m = Magnet.from_grade(args.grade, thickness_mm=args.thickness_mm)
    temps = _floats(args.temp_c)
    ds = m.properties(temp_c=temps, backend=args.backend)
    print(
        f"{m.name} ({m.family}); Curie point {m.curie_temp_c:.0f} degC; density {m.density_kg_m3:.0f} kg/m3; "
        f"heavy rare earth {m.hre_wt_pct:.2f} wt%"
    )
    ds_all = ds.expand_dims(magnet=[m.name])
    print(_table(ds_all, [m]))
    if args.pc is not None:
        for t in temps:
            loss = m.irreversible_loss(t, pc=args.pc)
            print(f"irreversible loss after 1 h at {t:g} degC, Pc={args.pc:g}: {loss:.2%}")
    if args.plot:
        from .plot import plot_demag

        print(f"plot written to {plot_demag(m, temps, args.plot, pc=args.pc or 1.0)}")
    return 0


def cmd_grains(args) -> int:
    import time

    from .magnets import GrainEnsemble, calibrate

    m = Magnet.from_grade(args.grade)
    thick = args.thickness_mm or m.thickness_mm or 5.0
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
        int(float(args.grains)),
        seed=args.seed,
        params=cal.params,
        backend=args.backend,
    )
    loss = None
    for t in _floats(args.temp_c):
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
        from .plot import plot_grains

        print(f"plot written to {plot_grains(curve, ens.magnet.demag_curve(t), loss, args.plot)}")
    return 0


def cmd_motor(args) -> int:
    from . import motor as mot

    m = mot.reference(args.reference)
    if args.magnet:
        m = m.with_magnet(Magnet.from_grade(args.magnet))
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

        from .plot import plot_efficiency_map

        ds = m.efficiency_map(
            speed_rpm=np.linspace(0.1, 1.2, 24) * rp["speed_rpm"],
            torque_nm=np.linspace(0.05, 1.5, 24) * rp["torque_nm"],
            ambient_c=ambient,
            backend=args.backend,
        )
        print(f"efficiency map written to {plot_efficiency_map(ds, args.map)}")
    return 0


def _rack(args):
    from .cooling import Rack

    return Rack(
        it_power_kw=args.it_kw,
        cooling=args.cooling,
        inlet_c=args.inlet_c,
        air_class=args.air_class,
        fan=args.fan,
        fan_count=args.fan_count,
        coolant=args.coolant,
        supply_c=args.supply_c,
        water_class=args.water_class,
        liquid_fraction=args.liquid_fraction,
    )


def cmd_rack(args) -> int:
    rack = _rack(args)
    res = rack.solve()
    print(f"rack {rack.it_power_kw:g} kW IT, {rack.cooling} cooling -> {res.status}")
    print(
        f"  heat removed {res.heat_removed_kw:.4g} kW, cooling power {res.cooling_power_kw:.4g} kW, "
        f"motor heat {res.motor_heat_kw:.4g} kW, partial PUE {res.ppue:.4f}"
    )
    for s in (res.air, res.liquid):
        if s is None:
            continue
        movers = "fans" if s.medium == "air" else "pumps"
        print(
            f"  {s.medium}: {s.count} {movers} ({s.motor}) at {s.speed_rpm:.0f} rpm ({s.speed_fraction:.2f} of rated), "
            f"{s.flow_m3_s:.4g} m3/s, {s.inlet_c:.1f} -> {s.outlet_c:.1f} degC, {s.power_kw:.4g} kW"
            + (f", magnet {s.magnet_c:.1f} degC" if s.magnet_c == s.magnet_c else "")
            + (f"; {s.message}" if s.message else "")
        )
    if args.plot:
        from .cooling import sweep_motor_efficiency
        from .plot import plot_efficiency_sweep

        ds = sweep_motor_efficiency(rack, [0.5, 0.6, 0.7, 0.8, 0.9, 0.95])
        print(f"cooling power against motor efficiency written to {plot_efficiency_sweep(ds, args.plot)}")
    return 0 if res.status == "ok" else 1


def cmd_hall(args) -> int:
    from .cooling import DataHall

    hall = DataHall(_rack(args), args.racks)
    roll = hall.rollup()
    for k, v in roll.items():
        print(f"  {k:38s} {v:.6g}" if isinstance(v, float) else f"  {k:38s} {v}")
    if args.compare:
        from .design import facility_compare

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
    if args.climate:
        from .cooling import fleet_year

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


CFM = 1.0 / 2118.88  # ft3/min -> m3/s


def cmd_compare(args) -> int:
    from .design import Duty, compare, table

    duties = []
    if args.duty in (None, "fan"):
        flow = args.flow_m3_s if args.flow_m3_s is not None else (args.flow_cfm or 60.0) * CFM
        duties.append(
            Duty.fan(
                flow,
                args.pressure_pa or 300.0,
                ambient_c=args.ambient_c or 45.0,
                hours_per_year=args.hours_per_year,
                life_years=args.life_years or 7.0,
                name="hot-aisle server fan",
            )
        )
    if args.duty in (None, "pump"):
        flow = args.flow_m3_s if args.flow_m3_s is not None else (args.flow_l_min or 400.0) / 60000.0
        duties.append(
            Duty.pump(
                flow,
                args.pressure_pa or 3.0e5,
                coolant_c=args.ambient_c or 45.0,
                hours_per_year=args.hours_per_year,
                life_years=args.life_years or 10.0,
                name="CDU pump",
            )
        )
    results = []
    for d in duties:
        ds = compare(
            d,
            routes=args.routes.split(",") if args.routes else "all",
            scenario=args.scenario,
            as_of=args.as_of,
            electricity_usd_per_kwh=args.electricity_usd_per_kwh,
            backend=args.backend,
        )
        print(table(ds))
        print()
        results.append(ds)
    if args.plot:
        from .plot import plot_compare

        print(f"comparison plot written to {plot_compare(results, args.plot)}")
    return 0


def cmd_sweep(args) -> int:
    import h5py

    from .sweep import load_spec, run

    spec = load_spec(args.spec)
    temps = "" if spec.motor_chain else f" x {len(spec.temp_c)} temperatures"
    print(
        f"sweep {spec.name!r} ({'+'.join(spec.stages)}): {spec.n_points:,} points{temps} in {spec.n_chunks} chunks "
        f"-> {args.out}"
    )
    out = run(
        spec,
        args.out,
        backend=args.backend,
        resume=args.resume,
        progress=not args.no_progress,
        scheduler=args.scheduler,
    )
    with h5py.File(out, "r") as f:  # counted block by block: the file may be larger than memory
        status = f["out/status"]
        ok = sum(int((status[lo : lo + 1_000_000] == 0).sum()) for lo in range(0, status.shape[0], 1_000_000))
        print(f"written {out}: {status.shape[0]:,} points, {ok:,} of {status.size:,} evaluations ok")
    return 0


def cmd_pareto(args) -> int:
    from .sweep import pareto

    fr = pareto(args.result, [o.strip() for o in args.objectives.split(",")], backend=args.backend)
    df = fr.to_dataframe()
    print(f"{fr.sizes['point']} non-dominated points over {args.objectives}:")
    print(df.to_string(max_rows=40))
    if args.out:
        df.to_csv(args.out)
        print(f"front written to {args.out}")
    return 0


def cmd_plot(args) -> int:
    from .plot import plot_sweep
    from .sweep import front_of, open_result, pareto, select

    ds = open_result(args.result)
    objectives = [o.strip() for o in args.front.split(",")] if args.front else None
    front = pareto(args.result, objectives) if objectives else None
    if args.where:  # a slice at the given axis values, with the front of the slice
        where = {}
        for item in args.where.split(","):
            name, _, value = item.partition("=")
            try:
                where[name.strip()] = float(value)
            except ValueError:
                raise MagphysValueError("where", item, "name=value pairs, e.g. inlet_c=45,dy=0") from None
        ds = select(ds, **where)
        front = front_of(ds, objectives) if objectives else None
    path = plot_sweep(ds, args.out, var=args.var, temp_c=args.temp_c, x=args.x, y=args.y, front=front)
    print(f"plot written to {path}")
    return 0


def cmd_grades(args) -> int:
    for name in grade_names():
        print(name)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="magphys", description="Permanent-magnet physics for data-center cooling.")
    p.add_argument(
        "--backend",
        default=None,
        choices=("auto", "cpu", "cuda"),
        help="compute backend (default: MAGPHYS_BACKEND or auto)",
    )
    # --backend also after the command (magphys sweep spec.toml --backend cuda); absent there, the global one holds
    after = argparse.ArgumentParser(add_help=False)
    after.add_argument(
        "--backend",
        default=argparse.SUPPRESS,
        choices=("auto", "cpu", "cuda"),
        help="compute backend (default: MAGPHYS_BACKEND or auto)",
    )
    sub = p.add_subparsers(dest="command")

    def command(name: str, **kw):
        return sub.add_parser(name, parents=[after], **kw)

    o = command("overview", help="properties of several grades over temperature")
    o.add_argument("--grades", default=",".join(DEFAULT_GRADES))
    o.add_argument("--temp-c", default=DEFAULT_TEMPS)
    o.add_argument("--plot", default=None, help="write Br and HcJ against temperature to this PNG")
    o.set_defaults(func=cmd_overview)
    m = command("magnet", help="one grade: properties, irreversible loss and demagnetization curves")
    m.add_argument("grade")
    m.add_argument("--temp-c", default="20,80,120,150")
    m.add_argument("--pc", type=float, default=None, help="permeance coefficient for the irreversible loss")
    m.add_argument("--thickness-mm", type=float, default=None, help="magnet thickness (matters for GBD grades)")
    m.add_argument("--plot", default=None, help="write the demagnetization curves to this PNG")
    m.set_defaults(func=cmd_magnet)
    gr = command("grains", help="grain-ensemble demagnetization: the knee, squareness and depth of reversal")
    gr.add_argument("grade")
    gr.add_argument("--temp-c", default="120")
    gr.add_argument("--grains", default="1e6", help="number of grains (e.g. 1e6)")
    gr.add_argument("--size-mm", type=float, default=10.0, help="edge of the square pole face")
    gr.add_argument("--thickness-mm", type=float, default=None, help="along the easy axis (default: the grade's)")
    gr.add_argument("--steps", type=int, default=200, help="field steps of the demagnetization curve")
    gr.add_argument("--pc", type=float, default=None, help="also the irreversible loss and depth map on this load line")
    gr.add_argument("--seed", type=int, default=1)
    gr.add_argument("--plot", default=None, help="write the knee (and the depth map) to this PNG")
    gr.set_defaults(func=cmd_grains)
    mo = command("motor", help="operating point of a reference cooling motor (default: its rated point)")
    mo.add_argument("reference", help="server_fan_40mm, server_fan_80mm, ec_fan_1kw or cdu_pump_3kw")
    mo.add_argument("--magnet", default=None, help="catalogue grade to put in the rotor")
    mo.add_argument("--speed-rpm", type=float, default=None)
    mo.add_argument("--torque-nm", type=float, default=None)
    mo.add_argument("--ambient-c", type=float, default=None, help="cooling air or coolant temperature")
    mo.add_argument("--map", default=None, help="write the efficiency map over speed x torque to this PNG")
    mo.set_defaults(func=cmd_motor)
    for name, hlp in (
        ("rack", "operating point of a rack's fans and pumps: heat, cooling power, partial PUE"),
        ("hall", "data-hall roll-up of N racks: movers, magnet and rare-earth kg per MW, energy"),
    ):
        r = command(name, help=hlp)
        if name == "hall":
            r.add_argument("--racks", type=int, default=1000, help="number of identical racks")
            r.add_argument(
                "--climate", default=None, help="run a year: temperate, hot, cold or a CSV (temp_c[, it_load])"
            )
            r.add_argument("--chillerless", action="store_true", help="no mechanical trim: hot hours reach the racks")
            r.add_argument("--compare", action="store_true", help="every magnet route for the hall's fans and pumps")
            r.add_argument("--scenario", default="ex_china_2025", help="price scenario of --compare")
        r.add_argument("--it-kw", "--it-power-kw", dest="it_kw", type=float, default=120.0, help="IT power per rack")
        r.add_argument("--cooling", default="air", choices=("air", "liquid", "hybrid"))
        r.add_argument("--inlet-c", type=float, default=27.0, help="IT inlet air temperature")
        r.add_argument("--air-class", default=None, help="ASHRAE air class to check the inlet against (A1-A4)")
        r.add_argument("--fan", default="San Ace 40 9GA0412P3K01", help="fan model of the built-in library")
        r.add_argument("--fan-count", type=int, default=None, help="fans per rack (default: sized)")
        r.add_argument("--coolant", default="PG25")
        r.add_argument("--supply-c", type=float, default=None, help="coolant supply temperature (default 40)")
        r.add_argument("--water-class", default=None, help="ASHRAE facility water class (W17-W45) instead")
        r.add_argument("--liquid-fraction", type=float, default=None, help="share of IT heat into cold plates")
        if name == "rack":
            r.add_argument("--plot", default=None, help="write cooling power against motor efficiency to this PNG")
        r.set_defaults(func=cmd_rack if name == "rack" else cmd_hall)
    c = command(
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
    c.add_argument("--flow-cfm", type=float, default=None)
    c.add_argument("--flow-l-min", type=float, default=None)
    c.add_argument("--flow-m3-s", type=float, default=None)
    c.add_argument(
        "--pressure-pa", type=float, default=None, help="total pressure rise (fan) or head as pressure (pump)"
    )
    c.add_argument("--ambient-c", type=float, default=None, help="air (fan) or coolant (pump) at the motor, default 45")
    c.add_argument("--hours-per-year", type=float, default=8760.0)
    c.add_argument("--life-years", type=float, default=None, help="default 7 (fan), 10 (pump)")
    c.add_argument("--routes", default=None, help="comma-separated subset of mp.design.ROUTES (default all)")
    c.add_argument("--scenario", default="ex_china_2025", help="price scenario (mp.economics.scenario_names())")
    c.add_argument("--as-of", default="2025-12-01", help="date of the export-control flags")
    c.add_argument("--electricity-usd-per-kwh", type=float, default=None)
    c.add_argument("--plot", default=None, help="write the comparison plot to this PNG")
    c.set_defaults(func=cmd_compare)
    sw = command("sweep", help="run a sweep spec (TOML) in chunks to an HDF5 file; resumable")
    sw.add_argument("spec", help="sweep spec TOML (see examples/sweep_dy_ce_gbd.toml)")
    sw.add_argument("--out", default="sweep.h5")
    sw.add_argument("--resume", action="store_true", help="continue an interrupted run (finished chunks are kept)")
    sw.add_argument("--scheduler", default=None, help="run on Dask: 'local' (LocalCluster) or tcp://host:port")
    sw.add_argument("--no-progress", action="store_true")
    sw.set_defaults(func=cmd_sweep)
    pa = command("pareto", help="non-dominated points of a sweep result over 2-4 objectives")
    pa.add_argument("result", help="sweep result (HDF5)")
    pa.add_argument("--objectives", required=True, help="e.g. hcj_a_per_m@150:max,dy:min")
    pa.add_argument("--out", default=None, help="write the front as CSV")
    pa.set_defaults(func=cmd_pareto)
    pl = command("plot", help="heat map or scatter of a sweep result, with its Pareto front")
    pl.add_argument("result")
    pl.add_argument("--var", default="hcj_a_per_m")
    pl.add_argument("--temp-c", type=float, default=None, help="default: the highest temperature of the sweep")
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
    pl.add_argument("--out", default="sweep.png")
    pl.set_defaults(func=cmd_plot)
    g = command("grades", help="list the catalogue")
    g.set_defaults(func=cmd_grades)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["compare", "--plot", "magphys_compare.png"] + (argv or []))
    try:
        return args.func(args)
    except MagphysValueError as exc:
        print(f"magphys: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
