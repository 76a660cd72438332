"""Full design chain: composition -> magnet -> scaled motor fixed point -> fan duty and rack -> cost.

    python benchmarks/bench_chain.py [--points 1000000] [--repeats 5]

One run evaluates the same random design points three ways: the fused ``design_chain`` kernel (both cores; the
arrays prepared beforehand), the sweep's in-memory chunk path (``magphys.sweep._chain.chain`` over chunks of
``--chunk`` points: points -> composition and microstructure rows -> kernel -> named outputs) and a
plain-NumPy whole-array version of the same chain written here (composition record for bulk alloys, rewound
motor, the kernel's fixed point from bench_motor_operating_points with per-point magnets, HcJ by safeguarded
Newton, fan duty, rack and cost). Points: sintered Nd-Pr-Dy-Co alloys (Dy 0-6, Co 0-2 wt%, grains 2-8 um) in
the 80 mm server-fan motor with stack 0.7-1.5x and magnet 0.6-1.4x, driving its fan at 6000-10500 rpm in
18-40 C inlet air for the 24 kW of residual air of a 120 kW direct-to-chip rack, with ex-China prices.
"""

from __future__ import annotations

import argparse
import math

import numpy as np
from _timing import median_time, print_table
from bench_magnet_properties import LN19, _fraction, _kuzmin, _newton
from bench_motor_operating_points import numpy_points

from magphys.kernels import constants as c
from magphys.kernels import launch
from magphys.kernels import layout as L
from magphys.materials._tables import intrinsic_table
from magphys.sweep._chain import _settings, chain
from magphys.sweep._points import chunk_points
from magphys.sweep._spec import load_spec
from magphys.sweep._stages import composition_rows


def spec(n: int):
    return load_spec(
        {
            "name": "bench",
            "stages": ["materials", "motor", "cooling", "cost"],
            "axes": {
                "dy": {"low": 0.0, "high": 6.0},
                "co": {"low": 0.0, "high": 2.0},
                "grain_size_um": {"low": 2.0, "high": 8.0},
                "stack_factor": {"low": 0.7, "high": 1.5},
                "thickness_factor": {"low": 0.6, "high": 1.4},
                "inlet_c": {"low": 18.0, "high": 40.0},
                "speed_rpm": {"low": 6000.0, "high": 10500.0},
            },
            "fixed": {"nd": 22.0, "pr": 7.3, "b": 0.98, "base": "server_fan_80mm", "scenario": "ex_china_2025"},
            "sampling": "random",
            "samples": n,
            "chunk_size": n,
        }
    )


class _Columns:
    """Per-point magnet records seen through numpy_points' ``mag[i]`` (a column instead of a scalar)."""

    def __init__(self, recs):
        self.recs = recs

    def __getitem__(self, i):
        return self.recs[:, i]


def numpy_records(comps, micros, table):
    """composition_record on arrays for one-layer (no GBD) alloys."""
    molar = table[:, L.T_MOLAR]
    n_r = comps[:, : L.N_RE] / molar
    n_re = n_r.sum(axis=1)
    x = n_r / n_re[:, None]
    n_fe, n_co, n_b = comps[:, L.I_FE] / c.M_FE, comps[:, L.I_CO] / c.M_CO, comps[:, L.I_B] / c.M_B
    n_tm = n_fe + n_co
    y = n_co / n_tm
    tc = x @ table[:, L.T_TC_K] + c.DTC_CO_K * y
    js_rt = x @ table[:, L.T_JS_T] + c.DJS_CO_T * y
    ha_rt = x @ table[:, L.T_HA_T] + c.DHA_CO_T * y
    m_r = x @ molar
    n_fu = np.minimum.reduce([n_re / 2, n_b, n_tm / 14])
    m_tm = (1 - y) * c.M_FE + y * c.M_CO
    m_fu = 2 * m_r + 14 * m_tm + c.M_B
    mass_main = n_fu * m_fu
    total = comps.sum(axis=1)
    mass_rest = np.maximum(total - mass_main, 0.0)
    rho_main = c.FU_PER_CELL * m_fu / c.N_AVOGADRO / (c.LATTICE_A_M**2 * c.LATTICE_C_M * 1e6)
    v_main, v_rest = mass_main / rho_main, mass_rest / c.RHO_GB_G_CM3
    m_ref = _kuzmin(c.T_REF_K / tc)
    grain = micros[:, L.M_GRAIN_UM]
    recs = np.zeros((len(comps), L.N_REC))
    recs[:, L.R_TC_K] = tc
    recs[:, L.R_JS0_T] = js_rt / m_ref
    recs[:, L.R_HA0_T] = ha_rt / m_ref**c.HA_EXPONENT
    recs[:, L.R_ALPHA] = micros[:, L.M_ALPHA] / m_ref**c.NUCLEATION_EXPONENT
    recs[:, L.R_NEFF] = micros[:, L.M_NEFF_SCALE] * (c.NEFF_A + c.NEFF_B * np.log(grain))
    recs[:, L.R_BR_FACTOR] = v_main / (v_main + v_rest) * micros[:, L.M_REL_DENSITY] * micros[:, L.M_ALIGN]
    recs[:, L.R_KAPPA_REV] = micros[:, L.M_KAPPA_REV]
    m20 = _kuzmin(293.15 / tc)
    recs[:, L.R_MU_REC] = 1 + recs[:, L.R_KAPPA_REV] * js_rt / m_ref * m20 * recs[:, L.R_BR_FACTOR] / (
        ha_rt / m_ref**c.HA_EXPONENT * m20**c.HA_EXPONENT
    )
    recs[:, L.R_SQUARENESS] = micros[:, L.M_SQUARENESS]
    recs[:, L.R_N_LAYERS] = 1
    recs[:, L.R_DENSITY] = total / (v_main + v_rest) * micros[:, L.M_REL_DENSITY] * 1000.0
    recs[:, L.R_V0_M3] = c.ACTIVATION_VOLUME_300K_M3 / m_ref**c.ACTIVATION_VOLUME_EXPONENT
    return recs


def numpy_hcj(recs, temp_k):
    m = _kuzmin(temp_k / recs[:, L.R_TC_K])
    js, ha = recs[:, L.R_JS0_T] * m, recs[:, L.R_HA0_T] * m**c.HA_EXPONENT
    v = recs[:, L.R_V0_M3] * m**c.ACTIVATION_VOLUME_EXPONENT
    h_alpha = recs[:, L.R_ALPHA] * m**c.NUCLEATION_EXPONENT * ha / c.MU0
    h50 = h_alpha - recs[:, L.R_NEFF] * js / c.MU0 - c.K_BOLTZMANN * c.THERMAL_BARRIER_KT * temp_k / (js * v)
    br = js * recs[:, L.R_BR_FACTOR]
    cr = c.MU0 * recs[:, L.R_KAPPA_REV] * br / ha  # kernels/intrinsic.py recoil_slope
    inv_w = LN19 / ((1 - recs[:, L.R_SQUARENESS]) * c.SWITCHING_WIDTH_REF * h_alpha)

    def res(h):
        f, df, _ = _fraction(h, h50, inv_w)
        return br * (1 - 2 * f) - cr * h, -2 * br * df - cr

    hcj = _newton(res, np.zeros_like(h50), np.maximum(h50, 1.0), np.maximum(h50, 1.0))
    return np.where(h50 > 0, hcj, 0.0)  # no coercivity left (the kernel's DEMAGNETIZED: HcJ = 0)


def numpy_scaled(template, sc, recs, sf, tf):
    """scale_motor on arrays: (motor records, magnet kg)."""
    mu, rho_m = recs[:, L.R_MU_REC], recs[:, L.R_DENSITY]
    br20 = recs[:, L.R_JS0_T] * _kuzmin(293.15 / recs[:, L.R_TC_K]) * recs[:, L.R_BR_FACTOR]
    stack, h = sc[L.SC_STACK_MM] * sf, sc[L.SC_H_MM] * tf
    g = (sc[L.SC_GAP_MM] + h / mu) * 1e-3
    b0 = sc[L.SC_SLOT_OPENING_MM] * 1e-3
    tau_s = 2 * math.pi * (sc[L.SC_R_GAP_MM] + sc[L.SC_GAP_MM]) * 1e-3 / sc[L.SC_SLOTS]
    kc = tau_s / (tau_s - (b0 / g) ** 2 / (5 + b0 / g) * g)
    bg = sc[L.SC_LEAKAGE] * br20 / (1 + mu * kc * sc[L.SC_GAP_MM] / h)
    kt = (
        3
        * math.sqrt(2)
        * sc[L.SC_TURNS]
        * sc[L.SC_KW]
        * 4
        / math.pi
        * bg
        * math.sin(0.5 * math.pi * sc[L.SC_POLE_ARC])
        * sc[L.SC_R_GAP_MM]
        * 1e-3
        * stack
        * 1e-3
    )
    turns = np.maximum(1.0, np.round(sc[L.SC_TURNS] / (kt / sc[L.SC_KT_BASE])))
    k = stack / sc[L.SC_STACK_MM]
    wire = sc[L.SC_WIRE_AREA_M2] * sc[L.SC_TURNS] / turns
    mean_turn = (sc[L.SC_MEAN_TURN_MM] + 2 * (stack - sc[L.SC_STACK_MM])) * 1e-3
    r_out = sc[L.SC_R_GAP_MM] * 1e-3 + h * 1e-3 * sc[L.SC_OUTER_ROTOR]
    vol = math.pi * (r_out**2 - (r_out - h * 1e-3) ** 2) * stack * 1e-3 * sc[L.SC_POLE_ARC]
    M = np.repeat(template[None, :], len(sf), axis=0)
    M[:, L.P_MAG_THICK_M], M[:, L.P_STACK_M], M[:, L.P_TURNS], M[:, L.P_CARTER] = h * 1e-3, stack * 1e-3, turns, kc
    M[:, L.P_R20_OHM] = sc[L.SC_RHO_CU_OHM_M] * turns * mean_turn / wire
    M[:, L.P_FE_MASS_KG] = sc[L.SC_STATOR_IRON_KG] * k
    M[:, L.P_MAG_VOL_M3] = vol
    for col in (L.P_G_WS, L.P_G_SM, L.P_G_SH, L.P_G_MA):
        M[:, col] = template[col] * k
    return M, vol * rho_m


def numpy_chain(comps, micros, table, template, sc, duty, cs, fluid):
    """The whole chain on arrays; returns (efficiency, rack cooling W, magnet cost USD, HcJ at the check, site
    partial PUE through the plant)."""
    recs = numpy_records(comps, micros, table)
    hcj = numpy_hcj(recs, cs[L.CS_CHECK_T_K])
    M, mass = numpy_scaled(template, sc, recs, duty[:, L.DU_STACK_FACTOR], duty[:, L.DU_THICKNESS_FACTOR])
    speed, x, dt, t_in = (
        duty[:, L.DU_SPEED_RPM],
        duty[:, L.DU_FLOW_FRACTION],
        duty[:, L.DU_DELTA_T_K],
        duty[:, L.DU_MEDIUM_K],
    )
    grid = cs[L.CS_FLUID_T0_K] + cs[L.CS_FLUID_DT_K] * np.arange(len(fluid))
    rho, cp = np.interp(t_in, grid, fluid[:, L.FT_RHO]), np.interp(t_in + 0.5 * dt, grid, fluid[:, L.FT_CP])
    mv = cs[L.CS_MOVER : L.CS_MOVER + L.N_MV]
    r = speed / mv[L.MV_RPM]
    q = x * mv[L.MV_Q_FREE] * r
    nodes = np.linspace(0.0, 1.0, L.N_MV_NODES)
    shape = np.interp(x, nodes, mv[L.MV_POWER : L.MV_POWER + L.N_MV_NODES])
    eta0 = mv[L.MV_ETA_PEAK]
    re_factor = eta0 / (1 - (1 - eta0) * (0.5 + 0.5 * r**-0.2))
    shaft = mv[L.MV_POWER_FREE_W] * rho / mv[L.MV_RHO_REF] * r**3 * shape * re_factor
    res = numpy_points(M, _Columns(recs), speed, shaft / (speed * math.pi / 30), t_in + dt * cs[L.CS_AT_OUTLET])
    p_in = res[:, 1]
    served = rho * q * cp * dt - p_in  # the fan's drive sits in its hub: every input watt heats the air
    movers = duty[:, L.DU_RACK_IT_W] / served
    w = comps / comps.sum(axis=1, keepdims=True) * 100
    usd_per_kg = (w @ cs[L.CS_PRICE : L.CS_PRICE + L.N_ELEM] / 100 + cs[L.CS_PROC_USD_PER_KG]) / cs[L.CS_YIELD]
    it_load = duty[:, L.DU_RACK_IT_W] + movers * p_in  # fans are IT load; all of it returns in the room air
    plant = numpy_plant(it_load, movers * q, t_in - 273.15, cs[L.CS_PLANT : L.CS_PLANT + L.N_PL])
    return np.stack([shaft / p_in, movers * p_in, mass * usd_per_kg, hcj, (it_load + plant) / it_load], axis=1)


def numpy_plant(air_heat, air_flow, supply_air_c, pl, sink=None):
    """kernels/plant.py plant_power for room air alone (the CRAH circuit), on arrays: its plant watts. ``sink``:
    the free cooler's sink temperature per point (default the plant's)."""
    t_s = np.minimum(pl[L.PL_SUPPLY_C], supply_air_c - pl[L.PL_CRAH_APPROACH_K])
    crah = pl[L.PL_CRAH_W_PER_M3_S] * air_flow
    water = (air_heat + crah) * (1 + pl[L.PL_PUMP_W_PER_W])
    dt, app = pl[L.PL_DELTA_T_K], pl[L.PL_APPROACH_K]
    sink = pl[L.PL_SINK_C] if sink is None else sink
    share = np.clip((t_s + dt - (sink + app)) / dt, 0.0, 1.0)  # free-cooled share of the water's heat
    chill = water * (1 - share)
    t_e, t_c = t_s - pl[L.PL_EVAP_APPROACH_K] + 273.15, sink + app + pl[L.PL_COND_APPROACH_K] + 273.15
    lift = t_c - t_e
    cop = np.where(
        lift > 0,
        np.minimum(pl[L.PL_COP_MAX], pl[L.PL_CARNOT_FRACTION] * t_e / np.where(lift > 0, lift, 1)),
        pl[L.PL_COP_MAX],
    )
    comp = chill / cop
    d_design, d_actual = app + 0.5 * dt, t_s + 0.5 * dt - sink
    ratio = np.where(d_actual <= d_design, 1.0, d_design / d_actual)
    spec = pl[L.PL_REJECTION_W_PER_W]
    fans = np.where(chill > 0, spec * (water + comp), spec * water * ratio**3)
    return crah + (air_heat + crah) * pl[L.PL_PUMP_W_PER_W] + comp + fans


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--points", type=int, default=1_000_000)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--chunk", type=int, default=100_000, help="points per chunk of the sweep path")
    p.add_argument("--backend", default="cpu", choices=("cpu", "cuda"), help="where the kernel paths run")
    args = p.parse_args(argv)
    n = args.points
    sp = spec(n)
    pts = chunk_points(sp, 0)
    template, sc, cs, fluid, _ = _settings(sp.model_dump_json())
    comps, micros, _bad = composition_rows(sp, pts)
    duty = np.zeros((n, L.N_DU))
    duty[:, L.DU_STACK_FACTOR], duty[:, L.DU_THICKNESS_FACTOR] = pts["stack_factor"], pts["thickness_factor"]
    duty[:, L.DU_SPEED_RPM], duty[:, L.DU_MEDIUM_K] = pts["speed_rpm"], pts["inlet_c"] + 273.15
    duty[:, L.DU_FLOW_FRACTION], duty[:, L.DU_DELTA_T_K], duty[:, L.DU_RACK_IT_W] = 0.6, 15.0, 2.4e4
    table = np.ascontiguousarray(intrinsic_table())
    scratch = (
        np.empty((n, L.N_REC)),
        np.empty((n, L.N_MOTOR)),
        np.empty((n, L.N_OP)),
        np.empty((n, L.N_CH)),
        np.zeros(n, dtype=np.int32),
    )
    args_k = (comps, micros, table, template, sc, duty, cs, fluid, *scratch)

    def kernel():
        launch("design_chain", args_k, args.backend)

    kernel()  # compile / load from the cache
    chain(sp, {k: v[:100] for k, v in pts.items()}, args.backend)
    t_k = median_time(kernel, args.repeats)
    chunks = [{k: v[lo : lo + args.chunk] for k, v in pts.items()} for lo in range(0, n, args.chunk)]
    t_c = median_time(lambda: [chain(sp, ch, args.backend) for ch in chunks], args.repeats)
    t_np = median_time(
        lambda: numpy_chain(comps, micros, table, template, sc, duty, cs, fluid), max(1, args.repeats // 2)
    )
    ref = numpy_chain(comps, micros, table, template, sc, duty, cs, fluid)
    out, status = scratch[3], scratch[4]
    ok = status == 0
    kern = np.stack(
        [
            out[:, L.CH_EFFICIENCY],
            out[:, L.CH_RACK_COOLING_W],
            out[:, L.CH_MAGNET_USD],
            out[:, L.CH_HCJ_CHECK],
            out[:, L.CH_SITE_PPUE],
        ],
        axis=1,
    )
    rel = np.max(np.abs(ref[ok] - kern[ok]) / np.maximum(np.abs(kern[ok]), 1.0), axis=0)  # HcJ = 0 where demagnetized
    import numba

    print(
        f"points: {n:,} ({ok.mean():.1%} ok); backend {args.backend}; numba threads {numba.get_num_threads()}; "
        f"medians of {args.repeats}"
    )
    print_table(n, {f"{args.backend} kernel": t_k, "sweep chunks": t_c, "numpy": t_np})
    print(
        "max relative difference numpy vs kernel (efficiency, rack cooling, magnet cost, HcJ at check, site pPUE): "
        + ", ".join(f"{r:.1e}" for r in rel)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
