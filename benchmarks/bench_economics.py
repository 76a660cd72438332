"""Cost of substitution: price Monte Carlo (kernel vs NumPy), the facility comparison, and compare()
over many duties.

    python benchmarks/bench_economics.py [--samples 1000000] [--duties 10000] [--repeats 3]

1. Price Monte Carlo: finished-magnet cost per kg of 10 catalogue magnets over ``--samples`` joint
   lognormal price draws (the kernel) against a NumPy version that draws the same counter-based
   random numbers on whole arrays; samples per second and the ratio, agreement checked.
2. The 100 MW facility comparison (834 direct-liquid-cooled 120 kW racks, every route for their fans
   and pumps): wall time, median over repeats (goal of issue 5: under 2 s on 2 cores).
3. compare_many() over ``--duties`` (default 10,000) random server-fan, EC-fan and pump duties x all routes
   (goal of issue 13: <= 60 s on 2 cores), and compare() one duty per call: duties per second.
"""

from __future__ import annotations

import argparse
import math

import numpy as np
from _timing import median_time

import magphys as mp
from magphys.economics import _montecarlo

GRADES = ["N35", "N42", "N42SH", "N38UH", "N42EH", "G50SHT", "G50SH", "HD40SH", "N38-Ce", "BONDED-NDFEB-BN10"]
M32 = np.uint64(0xFFFFFFFF)


def _hash(x):
    x = x & M32
    x ^= x >> np.uint64(16)
    x = (x * np.uint64(0x7FEB352D)) & M32
    x ^= x >> np.uint64(15)
    x = (x * np.uint64(0x846CA68B)) & M32
    x ^= x >> np.uint64(16)
    return x


def numpy_monte_carlo(w, a, b, sigma, stream, extra, yld, seed, n):
    """The kernel's draws and cost on arrays (samples x elements)."""
    i = np.arange(n, dtype=np.uint64)
    h = _hash(_hash(np.full(n, seed, dtype=np.uint64)) ^ (i & M32))
    h = _hash(h ^ ((i >> np.uint64(32)) & M32))
    prices = np.empty((n, a.size))
    for j in range(a.size):
        h1 = _hash(h ^ np.uint64((2 * int(stream[j]) + 1) * 0x9E3779B9 & 0xFFFFFFFF))
        h2 = _hash(h1 ^ np.uint64(0x85EBCA6B))
        u1 = (h1.astype(float) + 0.5) / 4294967296.0
        u2 = (h2.astype(float) + 0.5) / 4294967296.0
        z = np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * math.pi * u2)
        prices[:, j] = a[j] * np.exp(sigma[j] * z) + b[j]
    return (prices @ w.T + extra) / yld


def random_duties(n: int, seed: int = 0) -> list:
    """Random data-center duties across the issue-13 range: server fans 2-100 W, EC plug fans 0.3-10 kW and
    pumps 0.2-30 kW (log-uniform shaft power), media 20-60 degC; flow and pressure from the mover coefficients
    of Duty's defaults."""
    from magphys.design._duty import PUMP_ETA_TOTAL, plug_fan_point, server_fan_point

    rng = np.random.default_rng(seed)
    out = []
    for k in range(n):
        t = float(rng.uniform(20.0, 60.0))
        kind = k % 3
        if kind == 0:  # server fan on a 40-120 mm frame
            p = float(np.exp(rng.uniform(np.log(2.0), np.log(100.0))))
            frame_mm = float(rng.choice([40.0, 60.0, 80.0, 92.0, 120.0]))
            out.append(mp.design.Duty.fan(*server_fan_point(frame_mm, p), t))
        elif kind == 1:  # EC plug fan near 1000-1800 rpm
            p = float(np.exp(rng.uniform(np.log(300.0), np.log(1e4))))
            out.append(mp.design.Duty.fan(*plug_fan_point(p, float(rng.uniform(1000.0, 1800.0))), t))
        else:  # pump against 1-3 bar
            p = float(np.exp(rng.uniform(np.log(200.0), np.log(3e4))))
            dp = float(rng.uniform(1e5, 3e5))
            out.append(mp.design.Duty.pump(p * PUMP_ETA_TOTAL / dp, dp, t))
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--samples", type=int, default=1_000_000)
    p.add_argument("--duties", type=int, default=10_000)
    p.add_argument("--repeats", type=int, default=3)
    args = p.parse_args(argv)
    mags = [mp.Magnet.from_grade(g) for g in GRADES]
    n = args.samples
    # capture the kernel's inputs by running the public call once (compiles too)
    captured = {}
    real_launch = _montecarlo.launch

    def spy(name, a, backend):
        captured["args"] = a
        return real_launch(name, a, backend)

    _montecarlo.launch = spy
    mp.economics.price_monte_carlo(mags, samples=1000, seed=3)
    _montecarlo.launch = real_launch
    w, a, b, sigma, stream, extra, yld, seed = captured["args"][:8]

    def kernel():
        out = np.zeros((n, len(mags)))
        mp.kernels.launch(
            "price_monte_carlo", (w, a, b, sigma, stream, extra, yld, seed, np.zeros((n, a.size)), out), "cpu"
        )
        return out

    t_k = median_time(kernel, args.repeats)
    t_np = median_time(lambda: numpy_monte_carlo(w, a, b, sigma, stream, extra, yld, seed, n), args.repeats)
    rel = np.max(np.abs(kernel() - numpy_monte_carlo(w, a, b, sigma, stream, extra, yld, seed, n)) / kernel())
    print(f"price Monte Carlo, {n:,} samples x {len(mags)} magnets x {a.size} elements (medians of {args.repeats}):")
    print(
        f"  cpu kernel {t_k:.3f} s ({n / t_k / 1e6:.2f} M samples/s), numpy {t_np:.3f} s "
        f"({n / t_np / 1e6:.2f} M samples/s): {t_np / t_k:.1f}x; max relative difference {rel:.1e}"
    )

    hall = mp.cooling.DataHall(mp.cooling.Rack(it_power_kw=120, cooling="liquid"), 834)
    mp.design.facility_compare(hall)  # warm: kernels loaded, fluid states cached
    t_f = median_time(lambda: mp.design.facility_compare(hall), args.repeats)
    print(
        f"facility comparison, {hall.it_power_mw:.1f} MW hall, all routes for fans and pumps: {t_f:.2f} s "
        f"(median of {args.repeats})"
    )

    duties = random_duties(args.duties)
    mp.design.compare_many(duties[:20])  # warm: kernels loaded
    t_c = median_time(lambda: mp.design.compare_many(duties), args.repeats)
    ds = mp.design.compare_many(duties[: min(len(duties), 500)])
    n_routes = len(mp.design.ROUTES)
    feasible = float(ds.feasible.values.mean())
    print(
        f"compare_many over {args.duties:,} random duties x {n_routes} routes: {t_c:.2f} s (median of "
        f"{args.repeats}; {args.duties / t_c:.0f} duties/s, goal 10,000 duties <= 60 s); "
        f"{100 * feasible:.0f} % of (duty, route) rows feasible"
    )
    few = duties[:20]
    t_1 = median_time(lambda: [mp.design.compare(d) for d in few], 1)
    print(
        f"compare (one duty per call, with price bands and text) over {len(few)} duties: {len(few) / t_1:.1f} duties/s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
