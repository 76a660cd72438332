"""The comparison rolled up to a data hall: every route for the hall's fan and pump duties, times the
number of fans and pumps: magnet tonnes, Dy/Tb kilograms avoided, capex, energy and its cost per year."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import xarray as xr

from ..cooling import DataHall
from ..economics._exposure import DEFAULT_AS_OF
from ..economics._prices import DEFAULT_SCENARIO
from ..errors import MagphysValueError
from ..kernels import status as st
from ..materials._fluids import fluid_state
from ._compare import REFERENCE_ROUTE, compare
from ._duty import FAN_ETA_TOTAL, Duty

FAN_LIFE_YEARS = 7.0  # E: server fans are replaced with the servers (~5-7 years)
PUMP_LIFE_YEARS = 10.0  # E: CDU pumps


def hall_duties(hall: DataHall) -> list[tuple[Duty, float]]:
    """(duty, number of machines) of the hall's fans and pumps at the rack's design point."""
    rack = hall.rack
    res = rack.solve()
    if res.status != st.NAMES[st.OK]:
        raise MagphysValueError("hall", res.status, "a hall whose rack design solves ('ok')")
    out: list[tuple[Duty, float]] = []
    # the hall's plant: its electricity per kW of heat it rejects prices the cooling of every motor loss
    per_kw = res.plant.power_w / res.plant.heat_in_w if res.plant is not None else None
    if res.air is not None:
        unit = rack.fan_unit.curve.in_parallel(res.air.count).at_speed(res.air.speed_rpm)
        rho = fluid_state("air", res.air.inlet_c).density_kg_m3
        # the pressure whose Q p / FAN_ETA_TOTAL is the fan's shaft power on its curve (same torque)
        p_t = unit.shaft_power_w(res.air.flow_m3_s, rho) * FAN_ETA_TOTAL / res.air.flow_m3_s
        out.append(
            (
                Duty.fan(
                    res.air.flow_m3_s / res.air.count,
                    p_t,
                    ambient_c=res.air.outlet_c,
                    life_years=FAN_LIFE_YEARS,
                    name="hall fan",
                ),
                res.air.count * hall.count,
            )
        )
    if res.liquid is not None:
        out.append(
            (
                Duty.pump(
                    res.liquid.flow_m3_s / res.liquid.count,
                    res.liquid.pressure_pa,
                    coolant_c=res.liquid.inlet_c,
                    life_years=PUMP_LIFE_YEARS,
                    name="hall pump",
                ),
                res.liquid.count * hall.count,
            )
        )
    if per_kw is not None:
        out = [(replace(d, heat_removal_kw_per_kw=per_kw), n) for d, n in out]
    return out


def facility_compare(
    hall: DataHall, routes="all", scenario=DEFAULT_SCENARIO, as_of: str = DEFAULT_AS_OF, backend: str | None = None
) -> xr.Dataset:
    """Each route used for every fan and pump of ``hall`` (the same route for both): magnet tonnes, heavy
    rare earth kg and kg avoided against Dy-bulk, magnet capex, energy per year (incl. the cooling of the
    motor losses by the hall's plant: its power per kW of heat at the rack's design point) and lifetime cost;
    a route infeasible for any duty is infeasible for the hall."""
    if not isinstance(hall, DataHall):
        raise MagphysValueError("hall", hall, "a magphys.cooling.DataHall")
    duties = hall_duties(hall)
    parts = [(compare(d, routes, scenario, as_of, backend=backend), n) for d, n in duties]
    names = list(parts[0][0].route.values)
    feasible = np.all([ds.feasible.values.astype(bool) for ds, _ in parts], axis=0)

    def total(var, scale=1.0):
        return np.where(
            feasible, sum(np.nan_to_num(ds[var].values.astype(float)) * n for ds, n in parts) * scale, np.nan
        )

    data = {
        "feasible": ("route", feasible),
        "magnet_t": ("route", total("magnet_kg", 1e-3), {"units": "t"}),
        "hree_kg": ("route", total("hree_g", 1e-3), {"units": "kg"}),
        "magnet_capex_musd": ("route", total("magnet_cost_usd", 1e-6), {"units": "MUSD"}),
        "energy_gwh_per_year": ("route", total("energy_mwh_per_year", 1e-3), {"units": "GWh/yr"}),
        "lifetime_cost_musd": ("route", total("tco_usd", 1e-6), {"units": "MUSD"}),
        "licence_required": ("route", np.any([ds.licence_required.values.astype(bool) for ds, _ in parts], axis=0)),
    }
    ds = xr.Dataset(data, coords={"route": names})
    if REFERENCE_ROUTE in names and bool(ds.feasible.sel(route=REFERENCE_ROUTE)):
        ref = ds.sel(route=REFERENCE_ROUTE)
        ds["hree_avoided_kg"] = ("route", float(ref.hree_kg) - ds.hree_kg.values, {"units": "kg"})
        ds["energy_delta_gwh_per_year"] = (
            "route",
            ds.energy_gwh_per_year.values - float(ref.energy_gwh_per_year),
            {"units": "GWh/yr"},
        )
    ds.attrs.update(
        it_power_mw=hall.it_power_mw,
        scenario=str(parts[0][0].attrs["scenario"]),
        as_of=str(parts[0][0].attrs["as_of"]),
        machines=", ".join(f"{n:.0f} x {d.name}" for d, n in duties),
    )
    return ds
