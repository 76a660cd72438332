"""Grain-ensemble demagnetization: grain updates per second, kernel vs NumPy, and a whole demag curve.

    python benchmarks/bench_grains.py [--grains 1000000] [--repeats 5] [--steps 200]

1. One Jacobi sweep of the lattice (each grain: its state, six neighbours, the reverse field against
   its switching field) on 10^6 grains of a calibrated N42SH ensemble, half-way down the knee at
   120 C so that reversed and unreversed grains mix: the ``grain_sweep`` kernel (both cores) against
   the same update in NumPy on the 3-D array (shifted slices for the neighbours). Both give the same
   new state (checked).
2. The demagnetization curve of that ensemble at 120 C with ``--steps`` field steps, each settled until
   no grain switches (the sweeps per step and the grain updates are counted).
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from _timing import median_time

import magphys as mp
from magphys.kernels import launch
from magphys.kernels import layout as L
from magphys.kernels.intrinsic import recoil_slope_at
from magphys.magnets import GrainEnsemble, calibrate


def numpy_sweep(hsw, state, dims, h_rev, ms, k_ax, k_lat):
    """grain_sweep on whole arrays."""
    nx, ny, nz = dims
    s = state.reshape(nz, ny, nx).astype(np.int16)
    n_ax = np.zeros_like(s)
    n_ax[1:] += s[:-1]
    n_ax[:-1] += s[1:]
    n_lat = np.zeros_like(s)
    n_lat[:, :, 1:] += s[:, :, :-1]
    n_lat[:, :, :-1] += s[:, :, 1:]
    n_lat[:, 1:, :] += s[:, :-1, :]
    n_lat[:, :-1, :] += s[:, 1:, :]
    h = h_rev + ms * (k_ax * n_ax - k_lat * n_lat)
    new = (s > 0) | (h >= hsw.reshape(nz, ny, nx))
    return new.astype(np.int8).ravel()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--grains", type=float, default=1e6)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--steps", type=int, default=200)
    args = p.parse_args(argv)
    m = mp.Magnet.from_grade("N42SH")
    ens = GrainEnsemble(m, (10.0, 10.0, 4.0), int(args.grains), seed=1, params=calibrate(m).params)
    n = ens.n_grains
    hsw, ms, _br = ens._switching(393.15, 25.0)
    h_rev = float(np.quantile(hsw, 0.3))  # a third of the grains would switch on their own
    state = (np.random.default_rng(0).random(n) < 0.2).astype(np.int8)
    out = np.empty_like(state)
    flips = np.zeros(1, dtype=np.int64)
    sweep = (hsw, ens.ep, state, out, h_rev, ms, flips)
    launch("grain_sweep", sweep, "cpu")
    t_k = median_time(lambda: launch("grain_sweep", sweep, "cpu"), args.repeats)
    ref = numpy_sweep(hsw, state, ens.dims, h_rev, ms, ens.ep[L.EP_K_AX], ens.ep[L.EP_K_LAT])
    t_np = median_time(
        lambda: numpy_sweep(hsw, state, ens.dims, h_rev, ms, ens.ep[L.EP_K_AX], ens.ep[L.EP_K_LAT]), args.repeats
    )
    same = bool(np.array_equal(ref, out))
    import numba

    print(
        f"grains: {n:,} ({ens.dims[0]} x {ens.dims[1]} x {ens.dims[2]}); numba threads {numba.get_num_threads()}; "
        f"medians of {args.repeats}; kernel = NumPy state: {same}"
    )
    print(f"{'path':<14}{'s per sweep':>12}{'M grain-updates/s':>19}{'vs NumPy':>10}")
    for name, t in (("cpu kernel", t_k), ("numpy", t_np)):
        print(f"{name:<14}{t:12.4f}{n / t / 1e6:19.1f}{t_np / t:10.2f}")
    u0 = ens.updates
    t0 = time.perf_counter()
    curve = ens.demag_curve(120.0, steps=args.steps)
    dt = time.perf_counter() - t0
    upd = ens.updates - u0
    print(
        f"demagnetization curve at 120 C, {args.steps} field steps: {dt:.2f} s, {upd / n:.0f} sweeps "
        f"({upd / n / (args.steps + 1):.1f} per step), {upd / dt / 1e6:.0f} M grain-updates/s; HcJ "
        f"{curve.attrs['hcj_a_per_m'] / 1e3:.0f} kA/m, Hk/HcJ {curve.attrs['squareness']:.3f}"
    )
    t0 = time.perf_counter()
    j_np = numpy_curve(ens, 120.0, args.steps)
    dt_np = time.perf_counter() - t0
    same_curve = bool(np.allclose(j_np, curve.j_t.values, rtol=1e-12, atol=1e-12))
    print(f"the same curve in NumPy: {dt_np:.2f} s ({dt_np / dt:.2f}x the kernel path); equal: {same_curve}")
    return 0 if same and same_curve else 1


def numpy_curve(ens, temp_c, steps):
    """GrainEnsemble.demag_curve with the NumPy sweep and moment (switching fields from the kernel)."""
    from magphys.kernels import constants as c

    hsw, ms, br = ens._switching(temp_c + 273.15, c.THERMAL_BARRIER_KT)
    h = np.linspace(0.0, 1.05 * hsw.max() + 4.0 * ens.ep[L.EP_K_LAT] * ms, steps + 1)
    w = ens.grains[:, L.G_WEIGHT]
    cr = recoil_slope_at(ens.magnet.record, temp_c + 273.15)
    state = np.zeros(ens.n_grains, dtype=np.int8)
    j = np.empty(h.size)
    for k, hk in enumerate(h):
        while True:
            new = numpy_sweep(hsw, state, ens.dims, hk, ms, ens.ep[L.EP_K_AX], ens.ep[L.EP_K_LAT])
            changed = new.sum() != state.sum()
            state = new
            if not changed:
                break
        j[k] = br * float(w @ (1.0 - 2.0 * state)) - cr * hk
    return j


if __name__ == "__main__":
    raise SystemExit(main())
