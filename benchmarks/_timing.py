"""Shared timing helper of the benchmark scripts."""

import statistics
import time


def median_time(fn, repeats: int) -> float:
    """Median wall time of ``repeats`` calls (these machines are noisy)."""
    times = []
    for _ in range(max(1, repeats)):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def print_table(n_points: int, seconds: dict, baseline: str = "numpy") -> None:
    """Seconds, M points/s and speed-up over ``baseline`` for each path (name -> seconds)."""
    print(f"{'path':<14}{'seconds':>10}{'M points/s':>12}{'vs NumPy':>10}")
    for name, t in seconds.items():
        print(f"{name:<14}{t:10.3f}{n_points / t / 1e6:12.3f}{seconds[baseline] / t:10.2f}")
