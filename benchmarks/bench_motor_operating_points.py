"""Coupled electro-thermal operating points: CPU kernel vs plain NumPy vs pure Python.

    python benchmarks/bench_motor_operating_points.py [--points 1000000] [--repeats 5]

Each point is a fan motor (the 80 mm reference with a random stack, magnet thickness and turns) with an N42SH
rotor at a random speed (3000-11000 rpm), torque (2-15 mN m) and cooling-air temperature (15-45 C), solved to
the fixed point T_magnet -> Br -> current -> losses -> temperatures (|dT| < 1e-9 K; the linear thermal network
is solved exactly in each pass). The NumPy version runs the same iteration on whole arrays, masking converged
points. Medians over repeats; agreement is checked.
"""

from __future__ import annotations

import argparse
import math

import numpy as np
from _timing import median_time, print_table

import magphys as mp
from magphys.kernels import constants as c
from magphys.kernels import layout as L
from magphys.kernels.motor import operating_point
from magphys.motor._motor import run_operating_points


def designs(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    mag = mp.Magnet.from_grade("N42SH")
    base = mp.motor.reference_design("server_fan_80mm")
    recs = []
    for s, t, k in zip(rng.uniform(0.6, 1.6, n), rng.uniform(0.6, 1.5, n), rng.uniform(0.3, 0.6, n), strict=False):
        d = base.with_changes(
            stack_mm=base.stack_mm * s,
            magnet_thickness_mm=base.magnet_thickness_mm * t,
            turns_per_phase=round(base.turns_per_phase * k),
        )
        recs.append(d.record(mag.record[L.R_MU_REC], mag.density_kg_m3))
    return np.stack(recs), mag


def numpy_points(M, mag, speed_rpm, torque_nm, ambient_k, max_iter=500):
    """The kernel's fixed point on arrays: M (n, N_MOTOR) motor records, one magnet record."""
    n = M.shape[0]
    omega = speed_rpm * 2 * math.pi / 60
    col = lambda i: M[:, i]  # noqa: E731
    s = np.maximum(np.where(speed_rpm > 0, (speed_rpm / col(L.P_SPEED_REF_RPM)) ** col(L.P_CONV_EXP), 0.0), 0.05)
    g_ws, g_sh = col(L.P_G_WS), col(L.P_G_SH)
    g_sm, g_ma, g_ha = col(L.P_G_SM) * s, col(L.P_G_MA) * s, col(L.P_G_HA) * s
    t_w = ambient_k.copy()
    t_s, t_m, t_h = t_w.copy(), t_w.copy(), t_w.copy()
    active = np.ones(n, bool)
    p = {}
    sin_arc = np.sin(0.5 * math.pi * col(L.P_POLE_ARC))
    for _ in range(max_iter):
        tau = t_m / mag[L.R_TC_K]
        v = 1 - c.KUZMIN_S_R2FE14B * tau**1.5 - (1 - c.KUZMIN_S_R2FE14B) * tau**2.5
        m = np.cbrt(np.clip(v, 0, None))
        br = mag[L.R_JS0_T] * m * mag[L.R_BR_FACTOR]
        bg = col(L.P_LEAKAGE) * br / (1 + mag[L.R_MU_REC] * col(L.P_CARTER) * col(L.P_GAP_M) / col(L.P_MAG_THICK_M))
        b1 = 4 / math.pi * bg * sin_arc
        kt = 3 * math.sqrt(2) * col(L.P_TURNS) * col(L.P_KW) * b1 * col(L.P_R_GAP_M) * col(L.P_STACK_M)
        n_hz = omega / (2 * math.pi)
        f = col(L.P_POLE_PAIRS) * n_hz
        b_fe = col(L.P_B_IRON_RATIO) * bg
        p_fe = col(L.P_FE_MASS_KG) * (col(L.P_KH) * f + col(L.P_KE) * f * f) * b_fe**2
        p_mag = (
            col(L.P_MAG_VOL_M3)
            * (math.pi * col(L.P_SLOTS) * n_hz * col(L.P_RIPPLE) * bg * col(L.P_MAG_SEG_M)) ** 2
            / (6 * 1.4e-6)
        )
        p_bear = col(L.P_BEARING_NM) * omega
        re = omega * col(L.P_R_GAP_M) * col(L.P_GAP_M) / col(L.P_FLUID_NU)
        p_wind = (
            np.where(
                omega > 0,
                c.CF_COEFF
                * np.maximum(re, 1e-300) ** c.CF_EXP
                * math.pi
                * col(L.P_FLUID_RHO)
                * omega**3
                * col(L.P_R_GAP_M) ** 4
                * col(L.P_STACK_M),
                0.0,
            )
            + col(L.P_FAN_W_PER_RAD3) * omega**3
        )
        p_stray = col(L.P_STRAY_W_PER_NM2) * torque_nm**2
        t_em = torque_nm + np.where(
            omega > 0, (p_fe + p_mag + p_bear + p_wind + p_stray) / np.maximum(omega, 1e-300), 0.0
        )
        cur = t_em / kt
        p_cu = 3 * col(L.P_R20_OHM) * (1 + c.CU_ALPHA_PER_K * (t_w - c.T_20C_K)) * cur**2
        p_harm = col(L.P_HARMONIC_FRAC) * (p_cu + p_fe + p_mag + p_stray)
        p_inv = 3 * col(L.P_DRIVE_R_OHM) * cur**2 + col(L.P_DRIVE_SW_W_PER_A) * cur + col(L.P_DRIVE_FIXED_W)
        p_dc = t_em * omega + p_cu + p_harm + p_inv
        p_dr = p_inv + col(L.P_RECT_DROP_V) * p_dc / col(L.P_DC_BUS_V) + col(L.P_PFC_LOSS_FRAC) * p_dc
        p_stray = p_stray + p_harm
        q_h = p_bear + np.where(col(L.P_DRIVE_IN_HOUSING) > 0, p_dr, 0.0)
        # exact network solve (steady state), as in kernels.motor.network_solve
        r_m = p_mag + p_wind + g_ma * ambient_k
        r_h = q_h + g_ha * ambient_k
        d_m = g_sm + g_ma
        d_h = g_sh + g_ha
        q_s = p_fe + p_stray
        n_s = (q_s + p_cu + g_sm * r_m / d_m + g_sh * r_h / d_h) / (g_sh + g_sm - g_sm**2 / d_m - g_sh**2 / d_h)
        n_w = n_s + p_cu / g_ws
        n_m = (r_m + g_sm * n_s) / d_m
        n_h = (r_h + g_sh * n_s) / d_h
        d = np.maximum.reduce([abs(n_w - t_w), abs(n_s - t_s), abs(n_m - t_m), abs(n_h - t_h)])
        t_w = np.where(active, n_w, t_w)
        t_s = np.where(active, n_s, t_s)
        t_m = np.where(active, n_m, t_m)
        t_h = np.where(active, n_h, t_h)
        for k, val in (
            ("cu", p_cu),
            ("fe", p_fe),
            ("mag", p_mag),
            ("bear", p_bear),
            ("wind", p_wind),
            ("dr", p_dr),
            ("stray", p_stray),
            ("cur", cur),
        ):
            p[k] = np.where(active, val, p.get(k, val))
        active &= d >= 1e-9
        if not active.any():
            break
    p_in = torque_nm * omega + p["cu"] + p["fe"] + p["mag"] + p["bear"] + p["wind"] + p["dr"] + p["stray"]
    return np.stack([p["cur"], p_in, t_w, t_m], axis=1)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--points", type=int, default=1_000_000)
    p.add_argument("--designs", type=int, default=500)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--python-points", type=int, default=1000)
    args = p.parse_args(argv)
    rng = np.random.default_rng(1)
    M, mag = designs(args.designs)
    n = args.points
    idx = rng.integers(0, len(M), n)
    speed = rng.uniform(3000, 11000, n)
    torque = rng.uniform(0.002, 0.015, n)
    amb = rng.uniform(15, 45, n)
    zeros = np.zeros(n, int)
    run_operating_points(M, mag.record[None, :], idx[:10], zeros[:10], speed[:10], torque[:10], amb[:10])  # compile
    t_k = median_time(
        lambda: run_operating_points(M, mag.record[None, :], idx, zeros, speed, torque, amb), args.repeats
    )
    out, status = run_operating_points(M, mag.record[None, :], idx, zeros, speed, torque, amb)
    t_np = median_time(lambda: numpy_points(M[idx], mag.record, speed, torque, amb + 273.15), max(1, args.repeats // 2))
    ref = numpy_points(M[idx], mag.record, speed, torque, amb + 273.15)
    pick = rng.integers(0, n, args.python_points)
    o = np.zeros(L.N_OP)

    def py():
        for k in pick:
            operating_point(M[idx[k]], mag.record, speed[k], torque[k], amb[k] + 273.15, o)

    t_py = median_time(py, 1) * n / args.python_points
    ok = status == 0
    kern = np.stack([out[:, L.OP_CURRENT_A], out[:, L.OP_P_IN_W], out[:, L.OP_T_WINDING_K], out[:, L.OP_T_MAGNET_K]], 1)
    rel = np.max(np.abs(ref[ok] - kern[ok]) / np.abs(kern[ok]))
    import numba

    print(
        f"points: {n:,} ({ok.mean():.1%} converged); numba threads {numba.get_num_threads()}; medians of {args.repeats}"
    )
    print_table(n, {"cpu kernel": t_k, "numpy": t_np, "pure python": t_py})
    print(f"max relative difference numpy vs kernel (current, input power, temperatures): {rel:.1e}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
