"""The cost of substitution: every magnet route sized for the same duty over the generated motor space, beside
the magnet-free induction motor on the same drive and in the same architecture."""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import xarray as xr

from .._gate import Date, Instance, Instances, Number, Texts, check, validate
from ..economics import bill_of_materials, exposure, price_monte_carlo
from ..economics import scenario as get_scenario
from ..economics._exposure import DATA_FROM, DATA_UNTIL, DEFAULT_AS_OF
from ..economics._lifetime import ELECTRICITY_USD_PER_KWH, GRID_KG_CO2_PER_KWH
from ..economics._prices import DEFAULT_SCENARIO
from ..errors import MagphysValueError, unknown_name
from ..kernels import constraints as bc
from ..kernels import layout as L
from ..magnets import Magnet
from ..materials._tables import read_csv
from ..motor import Motor, induction_for
from ..motor._generate import candidate_grid, environment, infeasible_reason, search
from ._duty import Duty

# route -> (catalogue grade or None, IE class of a magnet-free route or None), from magphys/data/compare_routes.csv
ROUTES: dict[str, tuple[str | None, str | None]] = {
    r["route"]: (r["grade"] or None, r["ie_class"] or None) for r in read_csv("compare_routes.csv")
}
MAGNET_ROUTES = tuple(k for k, (g, _) in ROUTES.items() if g is not None)
REFERENCE_ROUTE = "dy_bulk"
MC_SAMPLES = 20_000  # price draws for each route's 5-95 % magnet-cost band

NUMERIC = {
    "magnet_kg": "kg",
    "hree_g": "g",
    "magnet_usd_per_kg": "USD/kg",
    "magnet_cost_usd": "USD",
    "efficiency": "1",
    "motor_efficiency": "1",
    "drive_efficiency": "1",
    "input_power_w": "W",
    "loss_w": "W",
    "magnet_c": "degC",
    "demag_loss": "1",
    "shear_stress_kpa": "kPa",
    "outer_diameter_mm": "mm",
    "length_mm": "mm",
    "magnet_mm": "mm",
    "energy_mwh_per_year": "MWh/yr",
    "energy_cost_usd": "USD",
    "co2_t": "t",
    "tco_usd": "USD",
}
TEXT = ("grade", "reason", "binding_constraint", "demag_event", "topology", "supply")


@cache
def _magnet(grade: str) -> Magnet:
    return Magnet.from_grade(grade)


@cache
def _price(grade: str, scenario_name: str) -> tuple[float, float]:
    """(finished USD/kg, heavy rare earth g per kg) of a route's magnet under a scenario."""
    bom = bill_of_materials(_magnet(grade), get_scenario(scenario_name), mass_kg=1.0)
    return bom.magnet_usd_per_kg, bom.hree_g


@cache
def _flags(grade: str, as_of: str) -> tuple[bool, str]:
    exp = exposure(_magnet(grade), as_of)
    return exp.licence_required, ",".join(exp.controlled_elements)


@cache
def _price_bands(grades: tuple, scenario_name: str, backend) -> tuple:
    """(p05, p95) USD/kg of each grade's finished magnet over MC_SAMPLES price draws (seed 0): a property of
    the magnets and the scenario, not of the duty, so computed once per set."""
    mc = price_monte_carlo(
        [_magnet(g) for g in grades], get_scenario(scenario_name), samples=MC_SAMPLES, seed=0, backend=backend
    )
    return tuple(
        (float(mc.isel(magnet=i).p05_usd_per_kg), float(mc.isel(magnet=i).p95_usd_per_kg)) for i in range(len(grades))
    )


def _lifetime(p_in_w, loss_w, hours, years, capex_usd, electricity, heat_removal_kw_per_kw):
    """Energy per year (kWh, the motor's input plus the facility's cooling of its losses), energy cost and CO2
    over the life, and the lifetime cost (economics.lifetime's model, vectorised)."""
    kwh = (p_in_w + heat_removal_kw_per_kw * loss_w) * hours / 1e3
    cost = kwh * years * electricity
    return kwh, cost, kwh * years * GRID_KG_CO2_PER_KWH / 1e3, capex_usd + cost


def _power_columns(p_in_w, p_shaft_w, p_drive_w, d: Duty, capex_usd, electricity) -> dict:
    """The efficiency, power and lifetime columns of a row from its input, shaft and drive powers."""
    kwh, e_cost, co2, tco = _lifetime(
        p_in_w, p_in_w - p_shaft_w, d.hours_per_year, d.life_years, capex_usd, electricity, d.heat_removal_kw_per_kw
    )
    return {
        "efficiency": p_shaft_w / p_in_w,
        "motor_efficiency": p_shaft_w / (p_in_w - p_drive_w),
        "drive_efficiency": (p_in_w - p_drive_w) / p_in_w,
        "input_power_w": p_in_w,
        "loss_w": p_in_w - p_shaft_w,
        "energy_mwh_per_year": kwh / 1e3,
        "energy_cost_usd": e_cost,
        "co2_t": co2,
        "tco_usd": tco,
    }


def _empty(n: int, names: list[str]) -> dict:
    out: dict = {k: np.full((n, len(names)), np.nan) for k in NUMERIC}
    out.update({k: np.full((n, len(names)), "", dtype=object) for k in TEXT})
    out["feasible"] = np.zeros((n, len(names)), dtype=bool)
    out["licence_required"] = np.zeros((n, len(names)), dtype=bool)
    out["controlled"] = np.full((n, len(names)), "", dtype=object)
    return out


def _route_names(routes) -> list[str]:
    names = list(ROUTES) if routes == "all" else check("routes", routes, Texts(f"'all' or some of {list(ROUTES)}"))
    for n in names:
        if n not in ROUTES:
            raise unknown_name("routes", n, list(ROUTES), f"'all' or some of {list(ROUTES)}")
    return names


def _evaluate(duties: list[Duty], names: list[str], sc_name: str, as_of: str, elec: float, backend) -> dict:
    """Every (duty, route) of the table: the magnet routes in one kernel search, the induction routes on the
    same drive; a route that cannot serve a duty carries its reason."""
    out = _empty(len(duties), names)
    envs: list[np.ndarray] = []
    grids: list[np.ndarray] = []
    pair_grid: list[int] = []
    pair_mag: list[int] = []
    where: list[tuple[int, int]] = []
    grid_index: dict = {}
    mags = sorted({g for n in names if (g := ROUTES[n][0]) is not None})
    mag_index = {g: i for i, g in enumerate(mags)}
    for i, d in enumerate(duties):
        supply, topo, box = d.motor_supply, d.topology, d.motor_envelope
        loss_usd_per_w = d.hours_per_year * d.life_years * elec * (1 + d.heat_removal_kw_per_kw) / 1e3
        for j, n in enumerate(names):
            grade, ie = ROUTES[n]
            out["topology"][i, j] = topo
            out["supply"][i, j] = supply
            out["grade"][i, j] = grade or f"none ({ie} induction)"
            if grade is None:
                _induction_row(out, i, j, d, ie or "IE3", elec)
                continue
            mag = _magnet(grade)
            price, _ = _price(grade, sc_name)
            out["magnet_usd_per_kg"][i, j] = price
            out["licence_required"][i, j], out["controlled"][i, j] = _flags(grade, as_of)
            lo, hi = mag.valid_temp_c
            amb = d.motor_ambient_c
            if not (lo <= amb < hi and lo <= d.demag_c < hi):
                out["reason"][i, j] = (
                    f"the motor's media ({amb:g}, {d.demag_c:g} degC) lie outside {grade}'s model range"
                )
                out["binding_constraint"][i, j] = bc.NAMES[bc.BC_MAGNET_RANGE]
                continue
            try:
                env = environment(
                    d.torque_nm,
                    d.speed_rpm,
                    amb,
                    mag,
                    topo,
                    supply,
                    box,
                    d.coolant,
                    d.demag_c,
                    d.cold_c,
                    None,
                    price,
                    loss_usd_per_w,
                    d.air_speed_m_s,
                )
            except MagphysValueError as exc:  # a supply the duty's drive cannot use: said, not raised
                out["reason"][i, j] = f"infeasible: {exc}"
                out["binding_constraint"][i, j] = bc.NAMES[bc.BC_SUPPLY_RATING]
                continue
            if topo not in grid_index:
                grid_index[topo] = len(grids)
                grids.append(candidate_grid(topo))
            envs.append(env)
            pair_grid.append(grid_index[topo])
            pair_mag.append(mag_index[grade])
            where.append((i, j))
    if envs:
        r = search(np.array(envs), grids, pair_grid, np.stack([_magnet(g).record for g in mags]), pair_mag, backend)
        for k, (i, j) in enumerate(where):
            _magnet_row(out, i, j, duties[i], r, k, elec, sc_name)
    return out


def _magnet_row(out, i, j, d: Duty, r, k, elec, sc_name):
    res = r.result[k]
    if res[L.SR_BEST] < 0:
        out["reason"][i, j] = "infeasible: " + infeasible_reason(res)
        out["binding_constraint"][i, j] = bc.NAMES[int(res[L.SR_BINDING])]
        return
    op, gi = r.point[k], r.geometry[k]
    p_in, p_shaft, p_drive = op[L.OP_P_IN_W], op[L.OP_P_SHAFT_W], op[L.OP_P_DRIVE_W]
    grade = out["grade"][i, j]
    price, hree_per_kg = _price(grade, sc_name)
    mass = gi[L.GI_MAGNET_KG]
    cost = mass * price
    out["feasible"][i, j] = True
    out["binding_constraint"][i, j] = bc.NAMES[bc.BC_NONE]
    out["reason"][i, j] = "sized: least lifetime cost (magnet + energy of its losses) over the generated designs"
    out["demag_event"][i, j] = bc.EVENTS[int(res[L.SR_DEMAG_EVENT])]
    vals = {
        "magnet_kg": mass,
        "hree_g": mass * hree_per_kg,
        "magnet_cost_usd": cost,
        **_power_columns(p_in, p_shaft, p_drive, d, cost, elec),
        "magnet_c": op[L.OP_T_MAGNET_K] - 273.15,
        "demag_loss": res[L.SR_DEMAG_LOSS],
        "shear_stress_kpa": gi[L.GI_SHEAR_PA] / 1e3,
        "outer_diameter_mm": gi[L.GI_OUTER_D_M] * 1e3,
        "length_mm": gi[L.GI_LENGTH_M] * 1e3,
        "magnet_mm": r.design[k][L.DV_MAG_M] * 1e3,
    }
    for key, v in vals.items():
        out[key][i, j] = v


def _induction_row(out, i, j, d: Duty, ie: str, elec):
    out["magnet_kg"][i, j] = out["hree_g"][i, j] = out["magnet_cost_usd"][i, j] = out["magnet_usd_per_kg"][i, j] = 0.0
    try:
        s = induction_for(d.shaft_power_w, d.speed_rpm, d.motor_supply, d.topology, ie, d.coolant, d.motor_ambient_c)
    except MagphysValueError as exc:
        out["reason"][i, j] = f"no {ie} induction motor: {exc.parameter} must be {exc.valid}"
        out["binding_constraint"][i, j] = exc.parameter
        return
    out["feasible"][i, j] = True
    out["binding_constraint"][i, j] = bc.NAMES[bc.BC_NONE]
    out["reason"][i, j] = f"{s.motor.name} on the same drive ({d.motor_supply}), {d.topology}" + (
        f", can and wet rotor {s.canned_loss_w:.3g} W" if s.canned_loss_w > 0 else ""
    )
    for key, v in _power_columns(s.input_power_w, s.shaft_power_w, s.drive_loss_w, d, 0.0, elec).items():
        out[key][i, j] = v


def _dataset(out: dict, names: list[str], dims: tuple) -> xr.Dataset:
    data = {}
    for k, v in out.items():
        arr = v if len(dims) == 2 else v[0]
        if v.dtype == object:
            arr = arr.astype(str)
        data[k] = (dims, arr, {"units": NUMERIC[k]} if k in NUMERIC else {})
    return xr.Dataset(data, coords={"route": names})


@validate(
    duties=Instances(Duty, "a Duty or a non-empty sequence of Duty"),
    as_of=Date(DATA_FROM, DATA_UNTIL),
    electricity_usd_per_kwh=Number(0.0, 10.0, unit="USD/kWh", optional=True),
)
def compare_many(
    duties,
    routes="all",
    scenario=DEFAULT_SCENARIO,
    as_of: str = DEFAULT_AS_OF,
    electricity_usd_per_kwh: float | None = None,
    backend: str | None = None,
) -> xr.Dataset:
    """``compare`` for many duties at once, over (duty, route): every magnet route's sizing search of every
    duty in one kernel call. The numeric columns, feasibility, reasons and binding constraints of ``compare``;
    no price bands and no comparison text (see ``compare``)."""
    names = _route_names(routes)
    sc = get_scenario(scenario)
    elec = ELECTRICITY_USD_PER_KWH if electricity_usd_per_kwh is None else electricity_usd_per_kwh
    out = _evaluate(list(duties), names, sc.name, str(as_of), elec, backend)
    ds = _dataset(out, names, ("duty", "route"))
    ds = ds.assign_coords(
        duty=[d.name or f"duty{i}" for i, d in enumerate(duties)],
        shaft_power_w=("duty", [d.shaft_power_w for d in duties]),
        speed_rpm=("duty", [d.speed_rpm for d in duties]),
    )
    ds.attrs.update(scenario=sc.name, as_of=str(as_of), electricity_usd_per_kwh=elec)
    return ds


@validate(
    duty=Instance(Duty, "a magphys.design.Duty"),
    as_of=Date(DATA_FROM, DATA_UNTIL),
    electricity_usd_per_kwh=Number(0.0, 10.0, unit="USD/kWh", optional=True),
    motor=Instance(Motor, "a magphys.motor.Motor", optional=True),
)
def compare(
    duty: Duty,
    routes="all",
    scenario=DEFAULT_SCENARIO,
    as_of: str = DEFAULT_AS_OF,
    electricity_usd_per_kwh: float | None = None,
    backend: str | None = None,
    motor: Motor | None = None,
) -> xr.Dataset:
    """Each route sized for ``duty``: the magnet routes over the generated motor space (least lifetime cost:
    magnet at ``scenario`` prices plus the energy of its losses and their removal; inside the envelope, the
    supply's voltage, the drive's current, the winding's temperature and the demagnetization events), the
    magnet-free routes as IE3/IE4 induction motors on the same drive and in the same architecture.

    Per route: efficiency (motor + drive), motor_efficiency, drive_efficiency, topology, supply, the magnet's
    mass, cost and heavy rare earths, yearly energy (incl. cooling of the losses), lifetime cost and CO2,
    export-control flags as of ``as_of``, the 5-95 % band of the magnet's price, and for an infeasible route
    its reason and binding_constraint. Infeasible routes say why; they do not raise.

    ``motor``: a user's own motor (``mp.motor.from_toml``, ``from_datasheet``, ``design_for``) added as the row
    'user_motor', run at the duty's speed and torque in its medium and checked for demagnetization at the
    duty's hot and cold media.
    """
    names = _route_names(routes)
    sc = get_scenario(scenario)
    elec = ELECTRICITY_USD_PER_KWH if electricity_usd_per_kwh is None else electricity_usd_per_kwh
    many = compare_many([duty], names, sc, as_of, elec, backend)
    ds = many.isel(duty=0, drop=True)
    ref = names.index(REFERENCE_ROUTE) if REFERENCE_ROUTE in names else None
    reasons = [str(x) for x in ds.reason.values]
    if ref is not None and bool(ds.feasible.values[ref]):
        v = {k: ds[k].values for k in ("feasible", "magnet_kg", "magnet_cost_usd", "efficiency", "hree_g", "tco_usd")}
        for j in range(len(names)):
            if j == ref or not v["feasible"][j]:
                continue
            mass = "no magnet" if v["magnet_kg"][j] == 0 else f"magnet x{v['magnet_kg'][j] / v['magnet_kg'][ref]:.2f}"
            reasons[j] = (
                f"vs {REFERENCE_ROUTE}: {mass}, {v['magnet_cost_usd'][j] - v['magnet_cost_usd'][ref]:+.3g} USD, "
                f"efficiency {100 * (v['efficiency'][j] - v['efficiency'][ref]):+.1f} pts, HREE "
                f"{v['hree_g'][j] - v['hree_g'][ref]:+.3g} g, TCO {v['tco_usd'][j] - v['tco_usd'][ref]:+.4g} USD"
            )
    ds["reason"] = ("route", np.array(reasons))
    if motor is not None:
        ds = xr.concat([ds, _user_row(duty, motor, ds, sc, as_of, elec)], dim="route")
    graded = [n for n in names if ROUTES[n][0] is not None]
    p05 = np.zeros(len(names))
    p95 = np.zeros(len(names))
    if graded:
        bands = _price_bands(tuple(ROUTES[n][0] for n in graded), sc.name, backend)
        for n, (lo, hi) in zip(graded, bands, strict=True):
            p05[names.index(n)], p95[names.index(n)] = lo, hi
    extra = len(ds.route) - len(names)  # the user's motor: no price band
    ds["magnet_usd_per_kg_p05"] = ("route", np.concatenate([p05, np.zeros(extra)]), {"units": "USD/kg"})
    ds["magnet_usd_per_kg_p95"] = ("route", np.concatenate([p95, np.zeros(extra)]), {"units": "USD/kg"})
    box = duty.motor_envelope
    ds.attrs.update(
        duty=duty.name,
        kind=duty.kind,
        flow_m3_s=duty.flow_m3_s,
        pressure_pa=duty.pressure_pa,
        ambient_c=duty.ambient_c,
        motor_ambient_c=duty.motor_ambient_c,
        demag_c=duty.demag_c,
        shaft_power_w=duty.shaft_power_w,
        speed_rpm=duty.speed_rpm,
        torque_nm=duty.torque_nm,
        mover=duty.defaults["mover"],
        topology=duty.topology,
        supply=duty.motor_supply,
        envelope_outer_diameter_mm=box.outer_diameter_mm,
        envelope_length_mm=box.length_mm,
        scenario=sc.name,
        as_of=str(as_of),
        electricity_usd_per_kwh=elec,
    )
    return ds


def _user_row(duty: Duty, motor: Motor, like: xr.Dataset, sc, as_of, elec) -> xr.Dataset:
    """The 'user_motor' row: the user's motor at the duty, in the table's columns."""
    out = _empty(1, ["user_motor"])
    out["grade"][0, 0] = motor.magnet.name
    out["topology"][0, 0] = motor.design.topology
    out["supply"][0, 0] = motor.design.supply or f"{motor.design.dc_bus_v:g} V DC bus"
    bom = bill_of_materials(motor, sc)
    exp = exposure(motor.magnet, as_of)
    out["licence_required"][0, 0], out["controlled"][0, 0] = exp.licence_required, ",".join(exp.controlled_elements)
    out["magnet_usd_per_kg"][0, 0] = bom.magnet_usd_per_kg
    try:
        op = motor.operating_point(duty.speed_rpm, duty.torque_nm, duty.motor_ambient_c)
        check = motor.demag_check(duty.demag_c, cold_c=duty.cold_c)
    except MagphysValueError as exc:
        out["reason"][0, 0] = f"infeasible: {exc}"
        out["binding_constraint"][0, 0] = exc.parameter
        return _dataset(out, ["user_motor"], ("route",))
    p_in, p_shaft, p_drive = op.input_power_w, op.shaft_power_w, op.losses_w["drive"]
    ok = op.status == "ok" and check.passed
    out["feasible"][0, 0] = ok
    out["binding_constraint"][0, 0] = "none" if ok else ("demagnetization" if op.status == "ok" else op.status)
    out["reason"][0, 0] = (
        f"the user's motor {motor.name}"
        if ok
        else f"infeasible: {op.status}, worst demagnetization loss "
        f"{100 * check.worst.irreversible_loss:.2g} % ({check.worst.event})"
    )
    out["demag_event"][0, 0] = check.worst.event
    vals = {
        "magnet_kg": bom.mass_kg,
        "hree_g": bom.hree_g,
        "magnet_cost_usd": bom.magnet_cost_usd,
        **_power_columns(p_in, p_shaft, p_drive, duty, bom.magnet_cost_usd, elec),
        "magnet_c": op.temp_c["magnet"],
        "demag_loss": check.worst.irreversible_loss,
        "magnet_mm": motor.design.magnet_thickness_mm,
    }
    for key, v in vals.items():
        out[key][0, 0] = v
    return _dataset(out, ["user_motor"], ("route",))


def table(ds: xr.Dataset) -> str:
    """The comparison as a printed table."""
    a = ds.attrs
    head = (
        f"{a['kind']} duty {a['flow_m3_s']:.4g} m3/s at {a['pressure_pa']:.4g} Pa, {a['ambient_c']:g} degC "
        f"(demag check {a['demag_c']:g} degC): shaft {a['shaft_power_w']:.4g} W at {a['speed_rpm']:.0f} rpm "
        f"({a['mover']}); {a['topology']} motor on {a['supply']} in {a['envelope_outer_diameter_mm']:.4g} x "
        f"{a['envelope_length_mm']:.4g} mm; "
        f"prices {a['scenario']}, controls as of {a['as_of']}"
    )
    lines = [
        head,
        f"{'route':>20} {'grade':>18} {'magnet g':>9} {'HREE g':>7} {'magnet $':>9} {'eff':>6} {'motor':>6} "
        f"{'drive':>6} {'kPa':>5} {'OD mm':>6} {'MWh/yr':>8} {'TCO $':>9} {'licence':>7}  note",
    ]
    for i, route in enumerate(ds.route.values):
        r = ds.isel(route=i)
        if bool(r.feasible):
            kpa = float(r.shear_stress_kpa)
            od = float(r.outer_diameter_mm)
            lines.append(
                f"{route:>20} {r.grade.values!s:>18} {1e3 * float(r.magnet_kg):9.1f} {float(r.hree_g):7.2f} "
                f"{float(r.magnet_cost_usd):9.2f} {float(r.efficiency):6.3f} {float(r.motor_efficiency):6.3f} "
                f"{float(r.drive_efficiency):6.3f} {kpa if math.isfinite(kpa) else 0:5.2g} "
                f"{od if math.isfinite(od) else 0:6.4g} {float(r.energy_mwh_per_year):8.4f} {float(r.tco_usd):9.1f} "
                f"{'yes' if bool(r.licence_required) else 'no':>7}  {r.reason.values!s}"
            )
        else:
            lines.append(f"{route:>20} {r.grade.values!s:>18}  -- {str(r.reason.values)[:140]}")
    return "\n".join(lines)
