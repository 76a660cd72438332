"""The same inputs give the same bits: every CPU kernel's outputs, a materials and a full-chain sweep file and the
grain ensemble, compiled afresh (an empty Numba cache) or loaded from the cache, on 2 threads or on 1."""

import json
import os
import subprocess
import sys
from pathlib import Path

from magphys.kernels import KERNELS

HERE = Path(__file__).resolve().parent


def _digests(cache: Path, out: Path, threads: int) -> dict:
    out.mkdir()
    env = {**os.environ, "NUMBA_CACHE_DIR": str(cache), "NUMBA_NUM_THREADS": str(threads)}
    env.pop("NUMBA_ENABLE_CUDASIM", None)
    res = subprocess.run(
        [sys.executable, str(HERE / "_digests.py"), str(out)],
        cwd=HERE,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert res.returncode == 0, res.stderr[-3000:]
    return json.loads(res.stdout.strip().splitlines()[-1])


def test_cold_and_warm_cache_and_one_or_two_threads_give_identical_bits(tmp_path):
    cache = tmp_path / "numba-cache"
    cold = _digests(cache, tmp_path / "cold", 2)
    assert any(cache.rglob("*.nbi"))  # the first run compiled into the empty cache
    warm = _digests(cache, tmp_path / "warm", 2)
    one = _digests(cache, tmp_path / "one", 1)
    assert set(cold) == {*KERNELS, "chain_sweep", "materials_sweep", "grains"}
    for name in cold:
        assert warm[name] == cold[name], f"{name}: warm cache differs from the compiling run"
        assert one[name] == cold[name], f"{name}: one thread differs from two"
