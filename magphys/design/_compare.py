"""The cost of substitution: every magnet route sized for the same duty, side by side."""

from __future__ import annotations

import numpy as np
import xarray as xr

from .._gate import Date, Instance, Number, Texts, check, validate
from ..economics import bill_of_materials, exposure, lifetime, price_monte_carlo
from ..economics import scenario as get_scenario
from ..economics._exposure import DATA_FROM, DATA_UNTIL, DEFAULT_AS_OF
from ..economics._lifetime import ELECTRICITY_USD_PER_KWH, HEAT_REMOVAL_KW_PER_KW
from ..economics._prices import DEFAULT_SCENARIO
from ..errors import MagphysValueError, unknown_name
from ..magnets import Magnet
from ..materials._tables import read_csv
from ..motor import induction_reference, size
from ._duty import Duty

# route -> catalogue grade (None: the magnet-free induction motor), from magphys/data/compare_routes.csv
ROUTES: dict[str, str | None] = {r["route"]: (r["grade"] or None) for r in read_csv("compare_routes.csv")}
REFERENCE_ROUTE = "dy_bulk"
MC_SAMPLES = 20_000  # price draws for each route's 5-95 % magnet-cost band


def _row(route, grade, duty, sc, as_of, electricity, backend):
    base = dict(
        route=route,
        grade=grade or "none (induction)",
        feasible=False,
        reason="",
        magnet_kg=0.0,
        hree_g=0.0,
        magnet_usd_per_kg=0.0,
        magnet_cost_usd=0.0,
        efficiency=np.nan,
        input_power_w=np.nan,
        loss_w=np.nan,
        magnet_c=np.nan,
        demag_loss=np.nan,
        energy_mwh_per_year=np.nan,
        energy_cost_usd=np.nan,
        co2_t=np.nan,
        tco_usd=np.nan,
        licence_required=False,
        controlled="",
    )
    p = duty.shaft_power_w
    if grade is None:
        if p / 1e3 < 0.12:
            return {**base, "reason": f"no IE-class induction motor for {p:.3g} W (IEC 60034-30-1 starts at 0.12 kW)"}
        try:
            im = induction_reference(p / 1e3, "IE3")
        except MagphysValueError as exc:  # above the table's 30 kW
            return {**base, "reason": str(exc)}
        eta = im.efficiency_at(1.0)
        p_in = p / eta
        life = lifetime(p_in, p_in - p, duty.hours_per_year, duty.life_years, 0.0, electricity)
        return {
            **base,
            "feasible": True,
            "reason": "IE3 motor at rating (motor only, no magnet)",
            "efficiency": eta,
            "input_power_w": p_in,
            "loss_w": p_in - p,
            "energy_mwh_per_year": life.energy_kwh_per_year / 1e3,
            "energy_cost_usd": life.energy_cost_usd,
            "co2_t": life.co2_t,
            "tco_usd": life.tco_usd,
        }
    magnet = Magnet.from_grade(grade)
    price = bill_of_materials(magnet, sc).magnet_usd_per_kg
    exp = exposure(magnet, as_of)
    flags = dict(licence_required=exp.licence_required, controlled=",".join(exp.controlled_elements))
    # a watt of loss over the life: its energy, the cooling that removes it, at the electricity price
    loss_usd_per_w = duty.hours_per_year * duty.life_years * electricity * (1 + HEAT_REMOVAL_KW_PER_KW) / 1e3
    try:
        r = size(
            duty.torque_nm,
            duty.speed_rpm,
            duty.ambient_c,
            magnet,
            objective="lifetime_cost",
            base=duty.base,
            demag_ambient_c=duty.demag_c,
            magnet_price_usd_per_kg=price,
            backend=backend,
            loss_usd_per_w=loss_usd_per_w,
        )
    except MagphysValueError:
        return {
            **base,
            **flags,
            "magnet_usd_per_kg": price,
            "reason": (
                f"infeasible: no {duty.base}-family design with {grade} meets the current limit, a 150 degC winding "
                f"and <= 1 % demagnetization at stall and short circuit with {duty.demag_c:g} degC cooling"
            ),
        }
    op = r.operating_point
    bom = bill_of_materials(r.motor, sc)
    loss = op.input_power_w - op.shaft_power_w
    life = lifetime(op.input_power_w, loss, duty.hours_per_year, duty.life_years, bom.magnet_cost_usd, electricity)
    return {
        **base,
        **flags,
        "feasible": True,
        "reason": "sized: least lifetime cost (magnet + energy of its losses) within current, winding, demag limits",
        "magnet_kg": bom.mass_kg,
        "hree_g": bom.hree_g,
        "magnet_usd_per_kg": bom.magnet_usd_per_kg,
        "magnet_cost_usd": bom.magnet_cost_usd,
        "efficiency": op.efficiency,
        "input_power_w": op.input_power_w,
        "loss_w": loss,
        "magnet_c": op.temp_c["magnet"],
        "demag_loss": r.demag.worst.irreversible_loss,
        "energy_mwh_per_year": life.energy_kwh_per_year / 1e3,
        "energy_cost_usd": life.energy_cost_usd,
        "co2_t": life.co2_t,
        "tco_usd": life.tco_usd,
    }


UNITS = {
    "magnet_usd_per_kg_p05": "USD/kg",
    "magnet_usd_per_kg_p95": "USD/kg",
    "magnet_kg": "kg",
    "hree_g": "g",
    "magnet_usd_per_kg": "USD/kg",
    "magnet_cost_usd": "USD",
    "efficiency": "1",
    "input_power_w": "W",
    "loss_w": "W",
    "magnet_c": "degC",
    "demag_loss": "1",
    "energy_mwh_per_year": "MWh/yr",
    "energy_cost_usd": "USD",
    "co2_t": "t",
    "tco_usd": "USD",
}


@validate(
    duty=Instance(Duty, "a magphys.design.Duty"),
    as_of=Date(DATA_FROM, DATA_UNTIL),
    electricity_usd_per_kwh=Number(0.0, 10.0, unit="USD/kWh", optional=True),
)
def compare(
    duty: Duty,
    routes="all",
    scenario=DEFAULT_SCENARIO,
    as_of: str = DEFAULT_AS_OF,
    electricity_usd_per_kwh: float | None = None,
    backend: str | None = None,
) -> xr.Dataset:
    """Each magnet route sized for ``duty`` (least lifetime cost: magnet at ``scenario`` prices plus the
    energy of its losses and their removal; current and winding limits, demagnetization check at the duty's
    excursion temperature), with its capex (magnet), efficiency, yearly energy (incl. cooling of its losses),
    lifetime cost and CO2, heavy-rare-earth grams and export-control flags as of ``as_of``. Infeasible routes
    say why; they do not raise."""
    names = list(ROUTES) if routes == "all" else check("routes", routes, Texts(f"'all' or some of {list(ROUTES)}"))
    for n in names:
        if n not in ROUTES:
            raise unknown_name("routes", n, list(ROUTES), f"'all' or some of {list(ROUTES)}")
    sc = get_scenario(scenario)
    elec = ELECTRICITY_USD_PER_KWH if electricity_usd_per_kwh is None else electricity_usd_per_kwh
    rows = [_row(n, ROUTES[n], duty, sc, as_of, elec, backend) for n in names]
    ref = next((r for r in rows if r["route"] == REFERENCE_ROUTE and r["feasible"]), None)
    for r in rows:  # what each feasible route costs against the Dy-bulk reference
        if ref is not None and r["feasible"] and r is not ref and r["magnet_kg"] > 0:
            r["reason"] = (
                f"vs {REFERENCE_ROUTE}: magnet x{r['magnet_kg'] / ref['magnet_kg']:.2f}, "
                f"{r['magnet_cost_usd'] - ref['magnet_cost_usd']:+.3g} USD, efficiency "
                f"{100 * (r['efficiency'] - ref['efficiency']):+.1f} pts, HREE {r['hree_g'] - ref['hree_g']:+.3g} g, "
                f"TCO {r['tco_usd'] - ref['tco_usd']:+.4g} USD"
            )
    # price uncertainty of each route's magnet (lognormal element prices, economics.price_monte_carlo)
    grade_of = {n: g for n in names if (g := ROUTES[n]) is not None}
    graded = list(grade_of)
    if graded:
        mc = price_monte_carlo(
            [Magnet.from_grade(grade_of[n]) for n in graded], sc, samples=MC_SAMPLES, seed=0, backend=backend
        )
        for r in rows:
            if r["route"] in graded:
                q = mc.isel(magnet=graded.index(r["route"]))
                r["magnet_usd_per_kg_p05"] = float(q.p05_usd_per_kg)
                r["magnet_usd_per_kg_p95"] = float(q.p95_usd_per_kg)
    for r in rows:
        r.setdefault("magnet_usd_per_kg_p05", 0.0)
        r.setdefault("magnet_usd_per_kg_p95", 0.0)
    data = {}
    for k in rows[0]:
        if k == "route":
            continue
        vals = np.array([r[k] for r in rows])
        data[k] = (("route",), vals, {"units": UNITS[k]} if k in UNITS else {})
    ds = xr.Dataset(data, coords={"route": names})
    ds.attrs.update(
        duty=duty.name,
        kind=duty.kind,
        flow_m3_s=duty.flow_m3_s,
        pressure_pa=duty.pressure_pa,
        ambient_c=duty.ambient_c,
        demag_c=duty.demag_c,
        shaft_power_w=duty.shaft_power_w,
        base=duty.base,
        scenario=sc.name,
        as_of=str(as_of),
        electricity_usd_per_kwh=elec,
    )
    return ds


def table(ds: xr.Dataset) -> str:
    """The comparison as a printed table."""
    head = (
        f"{ds.attrs['kind']} duty {ds.attrs['flow_m3_s']:.4g} m3/s at {ds.attrs['pressure_pa']:.4g} Pa, "
        f"{ds.attrs['ambient_c']:g} degC (demag check {ds.attrs['demag_c']:g} degC), shaft "
        f"{ds.attrs['shaft_power_w']:.4g} W; prices {ds.attrs['scenario']}, controls as of {ds.attrs['as_of']}"
    )
    lines = [
        head,
        f"{'route':>21} {'grade':>18} {'magnet g':>9} {'HREE g':>7} {'USD/kg':>7} {'magnet $':>9} "
        f"{'eff':>6} {'MWh/yr':>8} {'TCO $':>9} {'licence':>7}  note",
    ]
    for i, route in enumerate(ds.route.values):
        r = ds.isel(route=i)
        if bool(r.feasible):
            lines.append(
                f"{route:>21} {r.grade.values!s:>18} {1e3 * float(r.magnet_kg):9.1f} {float(r.hree_g):7.2f} "
                f"{float(r.magnet_usd_per_kg):7.1f} {float(r.magnet_cost_usd):9.2f} {float(r.efficiency):6.3f} "
                f"{float(r.energy_mwh_per_year):8.4f} {float(r.tco_usd):9.1f} "
                f"{'yes' if bool(r.licence_required) else 'no':>7}  {r.reason.values!s}"
            )
        else:
            lines.append(f"{route:>21} {r.grade.values!s:>18}  -- {str(r.reason.values)[:110]}")
    return "\n".join(lines)
