"""Sweeps end to end: points per second and peak memory against sweep size.

    python benchmarks/bench_sweep.py [--chain materials|full] [--sizes 100000,1000000] [--temps 3] [--chunk 100000]
        [--integrity on|off|both] [--repeats 1]

Each size runs in its own process (so peak RSS is that run's), chunked, written as part files and
assembled into HDF5 — the whole path of `magphys sweep`, timed after the kernels are loaded. Time per
point should stay flat with size and memory bounded by the chunk, not the sweep.

* ``materials``: a random sweep over Dy, Ce and grain size at ``--temps`` temperatures (all outputs).
* ``full``: the fused chain (composition -> 80 mm fan motor scaled per point -> fan duty and 120 kW rack
  -> cost), random over Dy, stack, magnet thickness and inlet air, storing efficiency, pPUE, magnet cost,
  HcJ at 150 C and the status (65 bytes per point with the four axes).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile

CHILD = r"""
import json, os, resource, sys, time
import magphys as mp
n, temps, chunk, out, kind = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
if kind == "materials":
    spec = {"name": "bench", "axes": {"dy": {"low": 0, "high": 6}, "ce": {"low": 0, "high": 4},
            "grain_size_um": {"low": 1, "high": 8}}, "fixed": {"nd": 22.0, "pr": 7.3, "b": 0.98, "co": 1.0},
            "temp_c": [20.0 + 160.0 * i / max(1, temps - 1) for i in range(temps)], "sampling": "random",
            "samples": n, "chunk_size": chunk}
else:
    spec = {"name": "bench", "stages": ["materials", "motor", "cooling", "cost"],
            "axes": {"dy": {"low": 0, "high": 6}, "stack_factor": {"low": 0.7, "high": 1.5},
                     "thickness_factor": {"low": 0.6, "high": 1.4}, "inlet_c": {"low": 18, "high": 40}},
            "fixed": {"nd": 22.0, "pr": 7.3, "b": 0.98, "co": 1.0, "base": "server_fan_80mm", "speed_rpm": 9000.0,
                      "scenario": "ex_china_2025"},
            "outputs": ["efficiency", "ppue", "magnet_cost_usd", "hcj_check_a_per_m", "status"],
            "sampling": "random", "samples": n, "chunk_size": chunk}
if sys.argv[7] == "off":  # the same sweep without its lock, checksums, verification and directory fsyncs
    import contextlib, zipfile
    from magphys.sweep import _engine, _parts
    _engine.RunLock = lambda out: contextlib.nullcontext()
    _parts.chunk_digest = lambda arrays: "0" * 64
    _parts.fsync_dir = _engine.fsync_dir = lambda path: None
    zipfile.ZipFile.testzip = lambda self: None
mp.sweep.run({**spec, "samples": 1000, "chunk_size": 1000}, out + ".warm", progress=False)
t = time.perf_counter()
mp.sweep.run(spec, out, progress=False)
dt = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
fronts = {}
for objs in filter(None, sys.argv[6].split(";")):
    t = time.perf_counter()
    front = mp.sweep.pareto(out, objs.split(","))
    fronts[objs] = [time.perf_counter() - t, front.sizes["point"]]
print(json.dumps({"n": n, "seconds": dt, "rss_mb": rss, "file_mb": os.path.getsize(out) / 2**20, "fronts": fronts,
                  "rss_after_pareto_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _child(n: int, args, tmp: str, integrity: str) -> dict:
    argv = [str(n), str(args.temps), str(args.chunk), f"{tmp}/run.h5", args.chain, args.pareto, integrity]
    res = subprocess.run(
        [sys.executable, "-c", CHILD, *argv],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(res.stdout.strip().splitlines()[-1])


def _overhead(args) -> int:
    """Seconds with and without the integrity machinery, alternating runs; the median of each and their ratio."""
    import statistics

    print(f"{'points':>10} {'on s':>8} {'off s':>8} {'overhead':>9}   (runs on / off)")
    for n in (int(s) for s in args.sizes.split(",")):
        times: dict[str, list[float]] = {"on": [], "off": []}
        for _ in range(args.repeats):
            for mode in ("off", "on"):
                with tempfile.TemporaryDirectory() as tmp:
                    times[mode].append(_child(n, args, tmp, mode)["seconds"])
        on, off = statistics.median(times["on"]), statistics.median(times["off"])
        runs = " ".join(f"{a:.2f}/{b:.2f}" for a, b in zip(times["on"], times["off"], strict=True))
        print(f"{n:>10,} {on:8.2f} {off:8.2f} {100 * (on / off - 1):8.1f}%   ({runs})")
    return 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--chain", choices=("materials", "full"), default="materials")
    p.add_argument("--sizes", default="100000,1000000")
    p.add_argument("--temps", type=int, default=3)
    p.add_argument("--chunk", type=int, default=100000)
    p.add_argument(
        "--pareto",
        default="",
        help="fronts to time after each sweep, e.g. 'ppue:min,magnet_cost_usd:min' (several separated by ';')",
    )
    p.add_argument(
        "--integrity",
        choices=("on", "off", "both"),
        default="on",
        help="'off': the same sweep without the lock, checksums and verification; 'both': each size both ways, "
        "alternating, --repeats times, with the median overhead",
    )
    p.add_argument("--repeats", type=int, default=1)
    args = p.parse_args(argv)
    if args.integrity == "both":
        return _overhead(args)
    print(f"{'points':>10} {'seconds':>8} {'k points/s':>11} {'us/point':>9} {'peak RSS MB':>12} {'file MB':>8}")
    for n in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            r = _child(n, args, tmp, args.integrity)
        print(
            f"{n:>10,} {r['seconds']:8.2f} {n / r['seconds'] / 1e3:11.1f} {1e6 * r['seconds'] / n:9.2f} "
            f"{r['rss_mb']:12.0f} {r['file_mb']:8.0f}"
        )
        for objs, (sec, size) in r["fronts"].items():
            print(
                f"{'':>10} Pareto {objs}: {sec:.2f} s, {n / sec / 1e6:.1f} M points/s, {size} on the front, "
                f"peak RSS {r['rss_after_pareto_mb']:.0f} MB"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
