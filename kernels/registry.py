"""The one registry of kernels: name, signature and the CPU/CUDA implementations.

Tests iterate over ``KERNELS`` to compile every CUDA kernel to PTX (sm_80, sm_90) and to
run each one under the Numba CUDA simulator against its CPU twin.
"""

import os
from dataclasses import dataclass
from functools import cache

from numba import float64, int8, int32, int64

F0 = float64
I0 = int64

from . import cpu  # noqa: E402 (after the scalar type names, as cpu imports are slow to read)

F1 = float64[::1]
F2 = float64[:, ::1]
F3 = float64[:, :, ::1]
I1 = int64[::1]
S1 = int32[::1]
S2 = int32[:, ::1]
B1 = int8[::1]


@dataclass(frozen=True)
class KernelSpec:
    name: str
    signature: tuple
    outputs: tuple  # positions of the arguments the kernel writes
    size_arg: int  # position of the argument whose first dimension is the work size
    doc: str


KERNELS = {
    k.name: k
    for k in (
        KernelSpec(
            "composition_records", (F2, F2, F2, F2), (3,), 0, "wt% composition + microstructure -> magnet record"
        ),
        KernelSpec(
            "magnet_properties",
            (F2, F1, F3, S2),
            (2, 3),
            0,
            "records x temperatures -> Js, HA, Br, HcJ, HcB, Hk, BHmax",
        ),
        KernelSpec(
            "irreversible_loss",
            (F2, I1, F1, F1, F1, F1, F1, F1, F1, S1),
            (8, 9),
            1,
            "paired (record, T, Pc, Ha, hold time, stabilising T and time) -> irreversible loss",
        ),
        KernelSpec(
            "max_working_temp",
            (F2, I1, F1, F1, F1, F1, S1),
            (5, 6),
            1,
            "paired (record, Pc, loss limit, hold time) -> max working temperature",
        ),
        KernelSpec("demag_curve", (F2, I1, F1, F1, F2, S1), (4, 5), 1, "paired (record, T) x reverse-field grid -> J"),
        KernelSpec(
            "motor_operating_points",
            (F2, F2, I1, I1, F1, F1, F1, F2, S1),
            (7, 8),
            2,
            "paired (motor, magnet, speed, torque, ambient) -> coupled electro-thermal operating point",
        ),
        KernelSpec(
            "motor_transients",
            (F2, F2, I1, I1, F1, F1, F1, F1, F0, F1, F3, S1),
            (10, 11),
            2,
            "paired (motor, magnet) x duty profile -> backward-Euler thermal transient",
        ),
        KernelSpec(
            "fleet_year",
            (F2, F2, I1, I1, F2, F1, F1, F3, F2, F2, S1),
            (7, 8, 9, 10),
            2,
            "fleet members (motor, magnet, duty) x hourly climate and load -> energy, peak magnet temperature, "
            "hours above the safe temperature, irreversible loss",
        ),
        KernelSpec(
            "plant_year",
            (F1, F1, F1, F1, F1, F1, F2, F2, S1),
            (6, 7, 8),
            1,
            "hours of a plant (sink temperature, air heat and flow, supply air, liquid heat) -> CRAH fans, pumps, "
            "chiller, heat-rejection fans, deficit",
        ),
        KernelSpec(
            "price_monte_carlo",
            (F2, F1, F1, F1, I1, F1, F1, I0, F2, F2),
            (8, 9),
            9,
            "price samples (counter-based lognormal element prices) x routes -> magnet cost per kg",
        ),
        KernelSpec(
            "design_chain",
            (F2, F2, F2, F1, F1, F2, F1, F2, F2, F2, F2, F2, S1),
            (8, 9, 10, 11, 12),
            5,
            "design points: composition -> magnet -> scaled motor fixed point -> fan/pump duty and rack "
            "cooling -> magnet cost (one fused pass)",
        ),
        KernelSpec(
            "grain_switching_fields",
            (F2, F1, F1, F0, F0, F1),
            (5,),
            0,
            "grains (tilt, size, GBD layer, defect) x magnet record at T -> switching field per grain",
        ),
        KernelSpec(
            "grain_sweep",
            (F1, F1, B1, B1, F0, F0, I1),
            (3, 6),
            0,
            "one Jacobi sweep of the grain lattice: reverse field + reversed neighbours >= switching field",
        ),
        KernelSpec(
            "grain_moment",
            (F2, B1, F1),
            (2,),
            2,
            "grain states -> remanent polarization share, one partial sum per part of the grains (len(out) parts)",
        ),
        KernelSpec(
            "motor_design_search",
            (F2, F2, I1, I1, F2, I1, F2, F2, F2, F2, F2, F2, F2, F2, F2),
            (6, 7, 8, 9, 10, 11, 12, 13, 14),
            0,
            "(duty, magnet) pairs x generated candidates -> the least-cost feasible motor or the binding constraint",
        ),
        KernelSpec(
            "pareto_filter",
            (F2, F2, S1),
            (2,),
            1,
            "candidates x current Pareto front -> 1 where a front member dominates the candidate",
        ),
    )
}


def cpu_function(name: str):
    return getattr(cpu, name)


def cuda_pyfunc(name: str):
    """The undecorated Python function of a CUDA kernel (for compile_ptx or cuda.jit)."""
    from . import cuda_kernels

    return getattr(cuda_kernels, name)


@cache
def cuda_kernel(name: str):
    from numba import cuda

    return cuda.jit(cuda_pyfunc(name))


def _simulated() -> bool:
    return os.environ.get("NUMBA_ENABLE_CUDASIM", "0") == "1"


def launch(name: str, args: tuple, backend: str = "cpu") -> None:
    """Run kernel ``name`` on ``args`` (NumPy arrays; outputs are written in place)."""
    spec = KERNELS[name]
    if backend == "cpu":
        cpu_function(name)(*args)
        return
    if backend != "cuda":
        raise ValueError(f"backend must be 'cpu' or 'cuda', got {backend!r}")
    n = args[spec.size_arg].shape[0]
    if name == "magnet_properties":
        n *= args[1].shape[0]
    kern = cuda_kernel(name)
    # the simulator writes every argument back to the host; read-only inputs need a copy
    args = tuple(a.copy() if hasattr(a, "flags") and not a.flags.writeable else a for a in args)
    if _simulated():
        # the simulator runs each thread in Python: a small grid, grid-stride covers the rest
        kern[2, 8](*args)
        return
    threads = 128
    blocks = max(1, min((n + threads - 1) // threads, 4096))
    try:
        import cupy as cp

        dev = [cp.asarray(a) if hasattr(a, "shape") else a for a in args]
        kern[blocks, threads](*dev)
        for i in spec.outputs:
            args[i][...] = cp.asnumpy(dev[i])
    except ImportError:
        from numba import cuda

        dev = [cuda.to_device(a) if hasattr(a, "shape") else a for a in args]
        kern[blocks, threads](*dev)
        for i in spec.outputs:
            dev[i].copy_to_host(args[i])
