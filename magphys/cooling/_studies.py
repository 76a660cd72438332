"""Rack studies: cooling power and heat against motor efficiency, and the data-hall roll-up."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import xarray as xr

from .._gate import Instance, Integer, Numbers, check, set_checked, validate
from ..errors import MagphysValueError
from ..kernels import status as st
from ..magnets._elements import elements_wt_pct
from ._rack import DESIGN_SPEED_FRACTION, SHARED_PUMP_FLOW_FRACTION, Rack, RackResult
from ._units import MOTOR_EFFICIENCY_MIN

HOURS_PER_YEAR = 8760.0
ELEMENTS_REPORTED = ("Nd", "Pr", "Dy", "Tb", "Ce", "Sm")


def _result_vars(results: list[RackResult]) -> dict:
    def col(get):
        return np.array([get(r) for r in results], dtype=float)

    side = lambda r, s, a: getattr(getattr(r, s), a) if getattr(r, s) is not None else 0.0  # noqa: E731
    return {
        "heat_removed_kw": col(lambda r: r.heat_removed_kw),
        "cooling_power_kw": col(lambda r: r.cooling_power_kw),
        "motor_heat_kw": col(lambda r: r.motor_heat_kw),
        "ppue": col(lambda r: r.ppue),
        "fan_power_kw": col(lambda r: side(r, "air", "power_kw")),
        "pump_power_kw": col(lambda r: side(r, "liquid", "power_kw")),
        "fan_speed_rpm": col(lambda r: side(r, "air", "speed_rpm")),
        "pump_speed_rpm": col(lambda r: side(r, "liquid", "speed_rpm")),
        "deficit_kw": col(lambda r: r.deficit_kw),
        "plant_power_kw": col(lambda r: r.plant.power_w / 1e3 if r.plant else np.nan),
        "facility_cooling_kw": col(lambda r: r.facility_cooling_kw),
        "site_power_kw": col(lambda r: r.site_power_kw),
    }


UNITS = {
    "heat_removed_kw": "kW",
    "cooling_power_kw": "kW",
    "motor_heat_kw": "kW",
    "ppue": "1",
    "fan_power_kw": "kW",
    "pump_power_kw": "kW",
    "fan_speed_rpm": "rpm",
    "pump_speed_rpm": "rpm",
    "deficit_kw": "kW",
    "plant_power_kw": "kW",
    "facility_cooling_kw": "kW",
    "site_power_kw": "kW",
}


@validate(rack=Instance(Rack, "a magphys.cooling.Rack"), efficiency=Numbers(MOTOR_EFFICIENCY_MIN, 1.0))
def sweep_motor_efficiency(rack: Rack, efficiency) -> xr.Dataset:
    """Heat removal, cooling power, motor heat, plant and site power and partial PUE of ``rack`` (fan and pump
    counts fixed at its design) with every mover driven at each lumped motor+drive ``efficiency``."""
    eff = efficiency
    fixed = rack.with_motor_efficiency(float(eff[0]))
    results = [replace(fixed, motor_efficiency=float(e)).solve() for e in eff]
    dims = ("motor_efficiency",)
    data: dict[str, Any] = {k: (dims, v, {"units": UNITS[k]}) for k, v in _result_vars(results).items()}
    data["status"] = (dims, np.array([r.status for r in results]))
    ds = xr.Dataset(data, coords={"motor_efficiency": eff})
    ds.attrs.update(
        it_power_kw=rack.it_power_kw,
        cooling=rack.cooling,
        fan_count=fixed.fan_count or 0,
        pump_count=fixed.pump_count or 0,
    )
    return ds


def _motor_bom(motor, count: float) -> dict:
    """Magnet mass and rare-earth element masses (kg) of ``count`` motors."""
    out = {"magnet_kg": 0.0, **{f"{el}_kg": 0.0 for el in ELEMENTS_REPORTED}}
    if motor is None:
        return out
    mass = motor.design.magnet_volume_m3() * motor.magnet.density_kg_m3 * count
    w = elements_wt_pct(motor.magnet)
    out["magnet_kg"] = mass
    for el in ELEMENTS_REPORTED:
        out[f"{el}_kg"] = mass * w.get(el, 0.0) / 100.0
    return out


@dataclass(frozen=True)
class DataHall:
    """``count`` identical racks. Fans are counted per rack; pumps are shared by row CDUs, so their
    number is the hall's coolant flow over one pump's design flow (80 % speed, 60 % of run-out);
    cooling power is the racks' own solve times ``count``."""

    rack: Rack
    count: int

    def __post_init__(self):
        check("rack", self.rack, Instance(Rack, "a magphys.cooling.Rack"))
        set_checked(self, "count", Integer(1, 10**7))

    @property
    def it_power_mw(self) -> float:
        return self.rack.it_power_kw * self.count / 1e3

    def rollup(self) -> dict:
        """Per hall and per MW of IT: movers, magnet and rare-earth masses, the movers' power, the facility's
        cooling (CDU pumps and plant) and the site's power and energy per year at the rack's design conditions
        and its plant's weather (``fleet_year`` adds the climate to the motors)."""
        res = self.rack.solve()
        if res.status != st.NAMES[st.OK]:
            raise MagphysValueError(
                "rack",
                res.status,
                "a rack whose design point solves ('ok')",
                res.message,
            )
        fans = res.counts["fan"] * self.count
        pumps = 0
        if res.liquid is not None:
            unit = self.rack.pump_unit
            per_pump = DESIGN_SPEED_FRACTION * SHARED_PUMP_FLOW_FRACTION * unit.curve.q_max_m3_s
            pumps = math.ceil(res.liquid.flow_m3_s * self.count / per_pump)
        bom: dict = {}
        for motor, n in ((self.rack.fan_unit.motor, fans), (self.rack.pump_unit.motor if pumps else None, pumps)):
            for k, v in _motor_bom(motor, n).items():
                bom[k] = bom.get(k, 0.0) + v
        mw = self.it_power_mw
        cooling_mw = res.cooling_power_kw * self.count / 1e3
        facility_mw = res.facility_cooling_kw * self.count / 1e3
        out = {
            "racks": self.count,
            "it_power_mw": mw,
            "fans": fans,
            "pumps": pumps,
            "cooling_power_mw": cooling_mw,
            "ppue": res.ppue,
            "cooling_energy_mwh_per_year": cooling_mw * HOURS_PER_YEAR,
            "facility_cooling_mw": facility_mw,
            "site_power_mw": res.site_power_kw * self.count / 1e3,
            "site_energy_mwh_per_year": res.site_power_kw * self.count / 1e3 * HOURS_PER_YEAR,
            "fans_per_mw": fans / mw,
            "pumps_per_mw": pumps / mw,
        }
        for k, v in bom.items():
            out[k] = v
            out[k.replace("_kg", "_kg_per_mw")] = v / mw
        return out
