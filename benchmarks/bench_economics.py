"""Cost of substitution: price Monte Carlo (kernel vs NumPy), the facility comparison, and compare()
over many duties.

    python benchmarks/bench_economics.py [--samples 1000000] [--duties 100] [--repeats 3]

1. Price Monte Carlo: finished-magnet cost per kg of 10 catalogue magnets over ``--samples`` joint
   lognormal price draws (the kernel) against a NumPy version that draws the same counter-based
   random numbers on whole arrays; samples per second and the ratio, agreement checked.
2. The 100 MW facility comparison (834 direct-liquid-cooled 120 kW racks, every route for their fans
   and pumps): wall time, median over repeats (goal of issue 5: under 2 s on 2 cores).
3. compare() over ``--duties`` random fan and pump duties x all routes: duties per second.
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


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--samples", type=int, default=1_000_000)
    p.add_argument("--duties", type=int, default=100)
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

    rng = np.random.default_rng(0)
    duties = []
    for k in range(args.duties):
        if k % 2:
            duties.append(mp.design.Duty.fan(rng.uniform(0.004, 0.03), rng.uniform(150, 450), rng.uniform(30, 50)))
        else:
            duties.append(mp.design.Duty.pump(rng.uniform(2e-3, 8e-3), rng.uniform(1.0e5, 3.0e5), rng.uniform(30, 60)))
    t_c = median_time(lambda: [mp.design.compare(d) for d in duties], 1)
    print(
        f"compare over {args.duties} duties x {len(mp.design.ROUTES)} routes: {t_c:.2f} s "
        f"({args.duties / t_c:.1f} duties/s; 10,000 duties at this rate: {1e4 / (args.duties / t_c) / 60:.0f} min)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
