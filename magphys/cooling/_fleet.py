"""A data hall's cooling motors through a year of hourly climate: energy, peak magnet temperatures,
hours above the magnets' safe temperature and irreversible loss (kernel ``fleet_year``)."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import xarray as xr

from .._backend import resolve_backend
from .._gate import Flag, Instance, Integer, Number, validate
from ..errors import MagphysValueError
from ..kernels import launch
from ..kernels import layout as L
from ..kernels import status as st
from ..kernels.constants import ZERO_C_K
from ..kernels.motor import permeance_coefficient
from ..materials._fluids import fluid_state
from ._plant import Plant
from ._rack import Rack, RackResult
from ._studies import DataHall

HOURS = 8760
# Synthetic climates (R: recalled climate normals, rounded): annual mean, annual half-swing, daily half-swing in K.
# temperate ~ Frankfurt (DWD 1991-2020: mean 10.6 degC, Jan ~1, Jul ~20); hot ~ Phoenix (NOAA: mean 24, Jan 13,
# Jul 35); cold ~ Lulea (SMHI: mean 3, Jan -10, Jul 16). Coldest day ~20 Jan, coldest hour 05:00.
CLIMATES = {"temperate": (10.6, 9.5, 4.5), "hot": (24.0, 11.0, 7.0), "cold": (3.0, 13.0, 3.5)}
ECONOMIZER_APPROACH_K = {
    "air": 4.0,
    "liquid": 10.0,
}  # E: air-side economizer; dry cooler 6 K + CDU 4 K (cdu_liquid_params)
INLET_FLOOR_BELOW_DESIGN_K = 10.0  # E: 27 degC design -> 17-18 degC floor, ASHRAE recommended minimum 18 degC
S_MIN = {
    "fan": 0.2,
    "pump": 0.3,
}  # fan: San Ace 80 9GA0812P1G61 at 0 % PWM runs 2000/10500 rpm (server_fans.csv); pump E
SAFE_LOSS_LIMIT = 0.01  # a magnet is "safe" up to the temperature where it would lose 1 % irreversibly (1000 h hold)


def climate_series(climate="temperate", hours: int = HOURS) -> tuple[np.ndarray, np.ndarray, str]:
    """(temp_c, it_load, name) hourly: a built-in synthetic climate, a CSV file (columns ``temp_c`` and
    optional ``it_load`` 0-1; one row per hour) or an array of temperatures (load 1)."""
    if isinstance(climate, str) and climate in CLIMATES:
        mean, yr, day = CLIMATES[climate]
        h = np.arange(hours, dtype=float)
        t = mean - yr * np.cos(2 * np.pi * (h / 24.0 - 20.0) / 365.0) - day * np.cos(2 * np.pi * (h % 24 - 5.0) / 24.0)
        return t, np.ones(hours), climate
    if isinstance(climate, (str, Path)):
        return (*_read_climate_csv(Path(climate)), str(climate))
    valid = f"one of {sorted(CLIMATES)}, a CSV path or 1-D finite temperatures"
    if climate is None or isinstance(climate, (bytes, dict)):
        raise MagphysValueError("climate", climate, valid)
    try:
        t = np.asarray(climate, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise MagphysValueError("climate", climate, valid) from None
    if t.ndim != 1 or t.size == 0 or not np.all(np.isfinite(t)):
        raise MagphysValueError("climate", climate, valid)
    return t, np.ones(t.size), "array"


def _read_climate_csv(path: Path) -> tuple[np.ndarray, np.ndarray]:
    if not path.is_file():
        raise MagphysValueError("climate", str(path), f"one of {sorted(CLIMATES)} or an existing CSV file")
    try:
        return _parse_climate_csv(path)
    except UnicodeDecodeError:
        raise MagphysValueError("climate", str(path), "a CSV file (UTF-8 text)") from None


def _parse_climate_csv(path: Path) -> tuple[np.ndarray, np.ndarray]:
    temps: list[float] = []
    loads: list[float] = []
    with path.open(newline="", encoding="utf-8") as fh:
        rows = csv.reader(line for line in fh if not line.lstrip().startswith("#"))
        header = [h.strip() for h in next(rows, [])]
        if "temp_c" not in header:
            raise MagphysValueError("climate", f"{path}:1", "a header with a temp_c column (and optionally it_load)")
        i_t = header.index("temp_c")
        i_l = header.index("it_load") if "it_load" in header else None
        for n, row in enumerate(rows, start=2):
            if not any(c.strip() for c in row):
                continue
            for col, lo, hi, dest in ((i_t, -60.0, 60.0, temps), (i_l, 0.0, 1.0, loads)):
                if col is None:
                    continue
                cell = row[col].strip() if col < len(row) else ""
                try:
                    v = float(cell)
                except ValueError:
                    v = math.nan
                if not (lo <= v <= hi):
                    raise MagphysValueError(
                        "climate",
                        f"{path}:{n}:{header[col]} (line {n}, column {col + 1})",
                        f"a number in {lo:g}..{hi:g}",
                        f"found {cell!r}",
                    )
                dest.append(v)
    if not temps:
        raise MagphysValueError("climate", str(path), "at least one data row")
    return np.array(temps), np.array(loads) if loads else np.ones(len(temps))


def _members(hall: DataHall, positions: int, spread_k: float, trim: bool, res: RackResult) -> list[dict]:
    """One member per mover kind and rack position (inlet offsets 0..spread_k) of the solved rack ``res``."""
    rack: Rack = hall.rack
    if res.status != st.NAMES[st.OK]:
        raise MagphysValueError("hall", res.status, "a hall whose rack design solves ('ok')")
    counts = res.counts
    ks = rack._system_ks(counts)
    out = []
    for kind, stream, unit, k, n, t_in, dt in (
        ("fan", res.air, rack.fan_unit, ks[0], counts["fan"], rack.inlet_c, rack.air_delta_t_k),
        (
            "pump",
            res.liquid,
            rack.pump_unit if counts["pump"] else None,
            ks[1],
            counts["pump"],
            rack.coolant_supply_c,
            rack.coolant_delta_t_k,
        ),
    ):
        if stream is None:
            continue
        assert unit is not None  # a stream that was solved has its unit
        if unit.motor is None:
            raise MagphysValueError(
                f"{kind}_motor",
                None,
                "a motor model (fleet_year follows magnet temperatures; a lumped motor efficiency has none)",
            )
        fluid = "air" if kind == "fan" else rack.coolant_name
        curve = unit.curve.in_parallel(n)
        rho = fluid_state(fluid, t_in).density_kg_m3
        torque1 = curve.torque_nm(curve.operating_point(k, rho).flow_m3_s, rho)
        motor = unit.motor
        pc = float(permeance_coefficient(motor.record))
        safe_c = motor.magnet.max_working_temp_c(pc=pc, loss_limit=SAFE_LOSS_LIMIT)
        medium = "air" if kind == "fan" else "liquid"
        # the rack's own duty per rack (DataHall.rollup counts shared CDU pumps); a shared CDU's pumps by its racks
        hall_count = n * hall.count / (counts["racks_per_cdu"] if kind == "pump" else 1)
        for off in np.linspace(0.0, spread_k, positions):
            m = np.zeros(L.N_FL)
            m[L.FL_RATED_RPM] = curve.speed_rpm
            m[L.FL_TORQUE1_NM] = torque1
            m[L.FL_S_DESIGN] = stream.speed_fraction
            m[L.FL_S_MIN] = min(S_MIN[kind], stream.speed_fraction)
            m[L.FL_DT_DESIGN_K] = dt
            m[L.FL_OUTLET_LIMIT_K] = t_in + dt + ZERO_C_K
            m[L.FL_APPROACH_K] = ECONOMIZER_APPROACH_K[medium] + off
            m[L.FL_INLET_MIN_K] = t_in - INLET_FLOOR_BELOW_DESIGN_K + ZERO_C_K
            m[L.FL_INLET_MAX_K] = t_in + off + ZERO_C_K if trim else math.inf
            m[L.FL_AT_OUTLET] = 1.0 if (kind == "fan" and rack.fan_position == "exhaust") else 0.0
            m[L.FL_T_SAFE_K] = safe_c + ZERO_C_K
            m[L.FL_ETA_PEAK] = curve.eta_peak
            out.append(
                dict(kind=kind, motor=motor, row=m, offset_k=float(off), count=hall_count / positions, safe_c=safe_c)
            )
    return out


@validate(
    hall=Instance(DataHall, "a magphys.cooling.DataHall"),
    positions=Integer(1, 1000),
    spread_k=Number(0.0, 50.0, unit="K"),
    trim=Flag(),
)
def fleet_year(
    hall: DataHall,
    climate="temperate",
    backend: str | None = None,
    positions: int = 1,
    spread_k: float = 0.0,
    trim: bool = True,
) -> xr.Dataset:
    """Every cooling motor of ``hall`` through a year of hourly climate (and IT load).

    The stream inlet follows the climate plus an economizer approach, between a floor 10 K under the
    design inlet and (``trim=True``: mechanical cooling) the design inlet; ``trim=False`` lets hot hours
    through (chiller-less). Movers speed up to hold the design outlet temperature; hours where full
    speed is not enough count as insufficient. ``positions`` rack positions spread the inlet over
    0..``spread_k`` K (hot spots). Returns a Dataset over ``member`` (kind x position); its attrs add the
    rack's plant through the same hours (``plant_year``: plant, chiller energy, free-cooling hours), the
    site's energy (IT + movers + plant) and the year's partial PUE (in-server fans counted as IT).
    """
    temp_c, load, name = climate_series(climate)
    solved = hall.rack.solve()
    members = _members(hall, int(positions), float(spread_k), bool(trim), solved)
    motors = [m["motor"] for m in members]
    n = len(members)
    out = np.zeros((n, L.N_FO))
    status = np.zeros(n, dtype=np.int32)
    args = (
        np.stack([m.record for m in motors]),
        np.stack([m.magnet.record for m in motors]),
        np.arange(n, dtype=np.int64),
        np.arange(n, dtype=np.int64),
        np.stack([m["row"] for m in members]),
        np.ascontiguousarray(temp_c + ZERO_C_K),
        np.ascontiguousarray(load, dtype=float),
        np.zeros((n, L.FLEET_NS * L.FLEET_NT, L.FLEET_NTAB)),
        np.zeros((n, L.N_OP)),
        out,
        status,
    )
    launch("fleet_year", args, resolve_backend(backend))
    count = np.array([m["count"] for m in members])
    dims = ("member",)
    data = {
        "energy_mwh": (
            dims,
            out[:, L.FO_ENERGY_KWH] * count / 1e3,
            {"units": "MWh", "long_name": "all motors of the member"},
        ),
        "energy_kwh_per_motor": (dims, out[:, L.FO_ENERGY_KWH], {"units": "kWh"}),
        "peak_magnet_c": (dims, out[:, L.FO_PEAK_MAGNET_K] - ZERO_C_K, {"units": "degC"}),
        "safe_magnet_c": (
            dims,
            np.array([m["safe_c"] for m in members]),
            {"units": "degC", "long_name": f"temperature of {SAFE_LOSS_LIMIT:.0%} irreversible loss at the motor's Pc"},
        ),
        "hours_above_safe": (dims, out[:, L.FO_HOURS_ABOVE_SAFE], {"units": "h"}),
        "hours_insufficient": (dims, out[:, L.FO_HOURS_INSUFFICIENT], {"units": "h"}),
        "irreversible_loss": (dims, out[:, L.FO_IRREVERSIBLE_LOSS], {"units": "1"}),
        "peak_input_w": (dims, out[:, L.FO_PEAK_INPUT_W], {"units": "W"}),
        "mean_input_w": (dims, out[:, L.FO_MEAN_INPUT_W], {"units": "W"}),
        "status": (dims, status.astype(np.int8), {"long_name": "per-member status code"}),
    }
    coords = {
        "kind": (dims, [m["kind"] for m in members]),
        "inlet_offset_k": (dims, [m["offset_k"] for m in members]),
        "motors": (dims, count),
        "motor": (dims, [m["motor"].name for m in members]),
        "magnet": (dims, [m["motor"].magnet.name for m in members]),
    }
    ds = xr.Dataset(data, coords=coords)
    ok = status == st.OK
    movers_mwh = float(np.sum(ds.energy_mwh.values[ok]))
    plant = plant_year(hall, temp_c, load, backend, solved)
    it_mwh = hall.it_power_mw * float(np.sum(load))
    fans_mwh = float(np.sum(ds.energy_mwh.values[ok & (ds.kind.values == "fan")]))
    ds.attrs.update(
        climate=name,
        hours=int(temp_c.size),
        it_power_mw=hall.it_power_mw,
        cooling_energy_mwh=movers_mwh,
        members_failed=int(np.sum(~ok)),
        **plant,
        site_energy_mwh=float(it_mwh + movers_mwh + plant["plant_energy_mwh"]),
        ppue_year=float((it_mwh + movers_mwh + plant["plant_energy_mwh"]) / (it_mwh + fans_mwh)),
    )
    return ds


def plant_year(
    hall: DataHall, temp_c: np.ndarray, load: np.ndarray, backend: str | None = None, solved: RackResult | None = None
) -> dict:
    """The hall's plant through the hours (kernel ``plant_year``, each hour ``plant_power`` as Plant.serve).

    Each hour the racks' design heat (air and liquid, the movers' own heat included) scales with the IT load,
    and the free cooler works against the hour's outdoor air: the dry-bulb for a dry cooler, the dry-bulb less
    the plant's wet-bulb depression (``Plant.outdoor_c - Plant.sink_c``) for a tower; the climate is held to the
    Plant's range (-50..55 degC). Returns plant, chiller and heat-rejection energy (MWh), the hours with free
    cooling only and the hours with heat left over (a plant without a chiller on hot hours). ``solved``: the
    hall's rack solved already."""
    res = solved if solved is not None else hall.rack.solve()
    base = hall.rack.serving_plant
    air_w = (res.plant.heat_in_w - (res.liquid.heat_removed_kw * 1e3 if res.liquid else 0.0)) if res.plant else 0.0
    liq_w = res.liquid.heat_removed_kw * 1e3 if res.liquid else 0.0
    air_flow = res.air.flow_m3_s if res.air else 0.0
    out, status = plant_hours(base, temp_c, load, air_w, air_flow, hall.rack.inlet_c, liq_w, backend)
    scale = hall.count * 3600.0 / 3.6e9  # W over the hours of the racks -> MWh
    power = out[:, L.PH_CRAH_W] + out[:, L.PH_PUMPS_W] + out[:, L.PH_CHILLER_W] + out[:, L.PH_REJECTION_W]
    return {
        "plant_energy_mwh": float(np.sum(power) * scale),
        "chiller_energy_mwh": float(np.sum(out[:, L.PH_CHILLER_W]) * scale),
        "free_cooling_hours": int(np.sum(out[:, L.PH_CHILLER_W] == 0.0)),
        "plant_deficit_hours": int(np.sum(status != st.OK)),
        "plant_deficit_mwh": float(np.sum(out[:, L.PH_DEFICIT_W]) * scale),
    }


def plant_hours(
    plant: Plant,
    temp_c: np.ndarray,
    load: np.ndarray,
    air_heat_w: float,
    air_flow_m3_s: float,
    air_supply_c: float,
    liquid_heat_w: float,
    backend: str | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """``plant`` through hourly outdoor temperatures with the design heat and air flow scaled by the hourly
    load (kernel ``plant_year``): (hours x layout.PH_* in W, status per hour)."""
    n = temp_c.size
    f = np.ascontiguousarray(load, dtype=float)
    out = np.zeros((n, L.N_PH))
    status = np.zeros(n, dtype=np.int32)
    args = (
        plant.record(),
        np.clip(temp_c, -50.0, 55.0) - (plant.outdoor_c - plant.sink_c),
        air_heat_w * f,
        air_flow_m3_s * f,
        np.full(n, float(air_supply_c)),
        liquid_heat_w * f,
        np.zeros((n, L.N_PL)),
        out,
        status,
    )
    launch("plant_year", args, resolve_backend(backend))
    return out, status
