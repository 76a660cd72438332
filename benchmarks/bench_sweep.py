"""Materials-stage sweeps end to end: points per second and peak memory against sweep size.

    python benchmarks/bench_sweep.py [--sizes 100000,1000000] [--temps 3] [--chunk 100000]

Each size runs in its own process (so peak RSS is that run's): a random sweep over Dy, Ce and grain
size at ``--temps`` temperatures, chunked, written as part files and assembled into HDF5 — the whole
path of `magphys sweep`, timed after the kernels are loaded. Time per point should stay flat with size
and memory bounded by the chunk, not the sweep.
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
n, temps, chunk, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
spec = {"name": "bench", "axes": {"dy": {"low": 0, "high": 6}, "ce": {"low": 0, "high": 4},
        "grain_size_um": {"low": 1, "high": 8}}, "fixed": {"nd": 22.0, "pr": 7.3, "b": 0.98, "co": 1.0},
        "temp_c": [20.0 + 160.0 * i / max(1, temps - 1) for i in range(temps)], "sampling": "random",
        "samples": n, "chunk_size": chunk}
mp.sweep.run({**spec, "samples": 1000, "chunk_size": 1000}, out + ".warm", progress=False)
t = time.perf_counter()
mp.sweep.run(spec, out, progress=False)
dt = time.perf_counter() - t
print(json.dumps({"n": n, "seconds": dt, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "file_mb": os.path.getsize(out) / 2**20}))
"""


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="100000,1000000")
    p.add_argument("--temps", type=int, default=3)
    p.add_argument("--chunk", type=int, default=100000)
    args = p.parse_args(argv)
    print(f"{'points':>10} {'seconds':>8} {'k points/s':>11} {'us/point':>9} {'peak RSS MB':>12} {'file MB':>8}")
    for n in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            res = subprocess.run([sys.executable, "-c", CHILD, str(n), str(args.temps), str(args.chunk),
                                  f"{tmp}/run.h5"], capture_output=True, text=True, check=True)
            r = json.loads(res.stdout.strip().splitlines()[-1])
        print(f"{n:>10,} {r['seconds']:8.2f} {n / r['seconds'] / 1e3:11.1f} {1e6 * r['seconds'] / n:9.2f} "
              f"{r['rss_mb']:12.0f} {r['file_mb']:8.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
