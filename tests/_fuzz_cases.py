"""The public API with one valid call each, for the fuzz test of the input gate.

Each case is (label, factory, kwargs): ``factory()`` returns the callable (so that building the
object under test is part of the case), ``kwargs`` a valid call. The fuzz test replaces one
argument at a time by a wrong value.
"""

import datetime as dt
import functools
import math
import tempfile
from pathlib import Path

import numpy as np

import magphys as mp

BAD_VALUES = (
    None,
    "abc",
    "",
    math.nan,
    math.inf,
    -math.inf,
    True,
    [1.0, 2.0],
    [],
    -1.0,
    0.0,
    -1e300,
    1e300,
    10**400,
    {"a": 1},
    object(),
    dt.datetime(2025, 1, 1),
    np.array([[1.0]]),
)


def _magnet():
    return mp.Magnet.from_grade("N42SH")


def _example(name: str) -> str:
    return str(Path(__file__).parents[1] / "examples" / name)


def _fan_motor():
    return mp.motor.reference("server_fan_80mm")


def _rack():
    return mp.cooling.Rack(it_power_kw=30, cooling="air", inlet_c=27.0)


@functools.cache
def _sweep_file() -> str:
    """A small materials sweep result, written once per test session."""
    spec = {"axes": {"dy": {"values": [0.0, 2.0, 4.0]}}, "fixed": {"nd": 22.0, "pr": 7.3, "b": 0.98}, "temp_c": [20.0]}
    out = Path(tempfile.mkdtemp(prefix="magphys_fuzz_")) / "fuzz.h5"
    return str(mp.sweep.run(spec, out, progress=False))


CASES = [
    ("Magnet.from_grade", lambda: mp.Magnet.from_grade, {"name": "N42SH", "thickness_mm": 4.0}),
    (
        "Magnet.from_composition",
        lambda: mp.Magnet.from_composition,
        {"nd": 22.0, "pr": 7.3, "dy": 1.0, "b": 0.98, "co": 1.0, "grain_size_um": 5.0, "thickness_mm": 3.0},
    ),
    ("Magnet.properties", lambda: _magnet().properties, {"temp_c": [20.0, 80.0]}),
    (
        "Magnet.properties(uncertainty)",
        lambda: _magnet().properties,
        {"temp_c": [20.0, 80.0], "uncertainty": True, "samples": 32, "seed": 1},
    ),
    (
        "Magnet.fit",
        lambda: mp.Magnet.fit,
        {"base": "N42SH", "temp_c": [20.0, 100.0], "br_t": [1.3, 1.19], "hcj_a_per_m": [1.67e6, 0.97e6]},
    ),
    ("Magnet.demag_curve", lambda: _magnet().demag_curve, {"temp_c": 80.0, "n_points": 21, "h_max_a_per_m": 2e6}),
    (
        "Magnet.irreversible_loss",
        lambda: _magnet().irreversible_loss,
        {
            "temp_c": 120.0,
            "pc": 1.0,
            "h_applied_a_per_m": 0.0,
            "exposure_h": 1.0,
            "stabilised_c": 130.0,
            "stabilised_h": 2.0,
        },
    ),
    ("Magnet.max_working_temp_c", lambda: _magnet().max_working_temp_c, {"pc": 1.0, "loss_limit": 0.05}),
    ("Magnet.temperature_coefficients", lambda: _magnet().temperature_coefficients, {"temp_c": 150.0, "ref_c": 20.0}),
    (
        "magnet_properties",
        lambda: mp.magnet_properties,
        {"compositions": {"nd": [22.0, 21.4], "pr": [7.6, 7.1], "b": [0.98, 0.98]}, "temp_c": [20.0, 100.0]},
    ),
    ("motor.reference", lambda: mp.motor.reference, {"name": "server_fan_80mm"}),
    (
        "Motor.operating_point",
        lambda: _fan_motor().operating_point,
        {"speed_rpm": 9000.0, "torque_nm": 0.012, "ambient_c": 35.0},
    ),
    (
        "Motor.efficiency_map",
        lambda: _fan_motor().efficiency_map,
        {"speed_rpm": [6000.0, 9000.0], "torque_nm": [0.005, 0.01], "ambient_c": 35.0},
    ),
    ("Motor.demag_check", lambda: _fan_motor().demag_check, {"ambient_c": 45.0}),
    ("Motor.with_magnet", lambda: _fan_motor().with_magnet, {"magnet": mp.Magnet.from_grade("N42")}),
    ("motor.from_toml", lambda: mp.motor.from_toml, {"path": _example("my_fan_motor.toml"), "name": None}),
    (
        "motor.from_datasheet",
        lambda: mp.motor.from_datasheet,
        {
            "rated_power_w": 13.2,
            "speed_rpm": 10500.0,
            "kt_nm_per_a": 0.0105,
            "r_phase_ohm": 0.25,
            "l_phase_mh": 0.04,
            "no_load_loss_w": 1.5,
            "supply": "12V_dc",
            "ambient_c": 40.0,
            "name": "fan",
        },
    ),
    ("motor.induction_reference", lambda: mp.motor.induction_reference, {"rated_kw": 1.1, "ie_class": "IE3"}),
    (
        "cooling.required_flow_m3_s",
        lambda: mp.cooling.required_flow_m3_s,
        {"heat_w": 1000.0, "delta_t_k": 10.0, "fluid": "PG25", "inlet_c": 40.0},
    ),
    ("cooling.fan", lambda: mp.cooling.fan, {"name": "9GA0412P3K01"}),
    ("FanCurve.at_speed", lambda: mp.cooling.fan("9GA0412P3K01").at_speed, {"speed_rpm": 18000.0}),
    ("FanCurve.in_parallel", lambda: mp.cooling.fan("9GA0412P3K01").in_parallel, {"count": 8}),
    ("FanCurve.operating_point", lambda: mp.cooling.fan("9GA0412P3K01").operating_point, {"k_pa_s2_m6": 2.0e6}),
    ("cooling.Rack", lambda: mp.cooling.Rack, {"it_power_kw": 30.0, "cooling": "air", "inlet_c": 27.0}),
    ("Rack.max_it_power_kw", lambda: _rack().max_it_power_kw, {"air_delta_t_k": 15.0, "rel_tol": 1e-3}),
    (
        "economics.bill_of_materials",
        lambda: mp.economics.bill_of_materials,
        {"item": mp.Magnet.from_grade("N42SH"), "scenario": "ex_china_2025", "mass_kg": 1.0},
    ),
    (
        "economics.exposure",
        lambda: mp.economics.exposure,
        {"item": mp.Magnet.from_grade("N42SH"), "as_of": "2025-12-01", "recycled_share": 0.0},
    ),
    (
        "economics.price_monte_carlo",
        lambda: mp.economics.price_monte_carlo,
        {"magnets": [mp.Magnet.from_grade("N42")], "samples": 200, "seed": 1},
    ),
    ("economics.scenario", lambda: mp.economics.scenario, {"name": "ex_china_2025"}),
    (
        "economics.lifetime",
        lambda: mp.economics.lifetime,
        {"input_power_w": 100.0, "loss_w": 10.0, "hours_per_year": 8760.0, "life_years": 5.0},
    ),
    (
        "motor.size",
        lambda: mp.motor.size,
        {
            "torque_nm": 0.012,
            "speed_rpm": 9000.0,
            "ambient_c": 35.0,
            "magnet": mp.Magnet.from_grade("N42"),
            "magnet_price_usd_per_kg": 60.0,
            "stack_factors": [0.8, 1.0],
            "thickness_factors": [0.8, 1.0],
        },
    ),
    ("cooling.DataHall", lambda: mp.cooling.DataHall, {"rack": _rack(), "count": 10}),
    (
        "cooling.fleet_year",
        lambda: mp.cooling.fleet_year,
        {"hall": mp.cooling.DataHall(_rack(), 2), "climate": [20.0, 25.0, 30.0], "positions": 1, "spread_k": 0.0},
    ),
    (
        "Motor.transient",
        lambda: _fan_motor().transient,
        {"duty": [(60.0, 9000.0, 0.01, 35.0)], "dt_s": 5.0, "t0_c": 30.0},
    ),
    ("sweep.open_result", lambda: mp.sweep.open_result, {"path": _sweep_file()}),
    (
        "sweep.pareto",
        lambda: mp.sweep.pareto,
        {"path": _sweep_file(), "objectives": ["hcj_a_per_m@20:max", "dy:min"], "block": 1000},
    ),
    ("sweep.select", lambda: mp.sweep.select, {"ds": mp.sweep.open_result(_sweep_file()), "dy": 2.0}),
    (
        "sweep.front_of",
        lambda: mp.sweep.front_of,
        {"ds": mp.sweep.open_result(_sweep_file()), "objectives": ["hcj_a_per_m@20:max", "dy:min"]},
    ),
    (
        "cooling.sweep_motor_efficiency",
        lambda: mp.cooling.sweep_motor_efficiency,
        {"rack": _rack(), "efficiency": [0.7, 0.9]},
    ),
    ("cooling.fan_unit", lambda: mp.cooling.fan_unit, {"fan_name": "9GA0412P3K01", "motor_efficiency": 0.6}),
    (
        "design.compare",
        lambda: mp.design.compare,
        {
            "duty": mp.design.Duty.fan(flow_m3_s=0.03, pressure_pa=300.0, ambient_c=45.0),
            "routes": ["dy_free_sintered"],
            "as_of": "2025-12-01",
            "electricity_usd_per_kwh": 0.1,
        },
    ),
    (
        "design.Duty.fan",
        lambda: mp.design.Duty.fan,
        {"flow_m3_s": 0.03, "pressure_pa": 300.0, "ambient_c": 45.0},
    ),
    (
        "design.Duty.pump",
        lambda: mp.design.Duty.pump,
        {"flow_m3_s": 400 / 60000, "pressure_pa": 3.0e5, "coolant_c": 45.0},
    ),
]
