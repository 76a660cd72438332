"""The CUDA path without a GPU (docs/design.md section 2).

* Every registered kernel compiles to PTX for sm_80 and sm_90 (real NVVM compilation: the simulator
  would accept device code that the GPU compiler rejects). Runs in the normal test process.
* Every registered kernel runs under the Numba CUDA simulator and matches the CPU kernel. Marked
  ``cuda``; runs only in a process started with NUMBA_ENABLE_CUDASIM=1 (set before Numba loads).
"""

import os
from types import SimpleNamespace

import numpy as np
import pytest
from kernel_cases import kernel_args, shared_relations

from magphys.kernels import KERNELS, launch

SIMULATOR = os.environ.get("NUMBA_ENABLE_CUDASIM", "0") == "1"


def _numba_cuda():
    try:
        import numba.cuda as cuda
        import numba.cuda.dispatcher as dispatcher
    except Exception as exc:
        pytest.skip(f"numba-cuda not importable: {exc}")
    return cuda, dispatcher


@pytest.mark.skipif(SIMULATOR, reason="PTX compilation needs the real CUDA target, not the simulator")
@pytest.mark.parametrize("cc", [(8, 0), (9, 0)], ids=["sm_80", "sm_90"])
@pytest.mark.parametrize("name", sorted(KERNELS))
def test_kernel_compiles_to_ptx(name, cc, monkeypatch):
    cuda, dispatcher = _numba_cuda()
    from magphys.kernels.registry import cuda_pyfunc

    # With no driver, a kernel calling device functions asks the current device for its compute
    # capability; answer with the target we compile for.
    monkeypatch.setattr(dispatcher, "get_current_device", lambda: SimpleNamespace(compute_capability=cc), raising=False)
    ptx, _ = cuda.compile_ptx(cuda_pyfunc(name), KERNELS[name].signature, cc=cc)
    assert f".target sm_{cc[0]}{cc[1]}" in ptx
    assert ".entry" in ptx


@pytest.mark.skipif(SIMULATOR, reason="PTX compilation needs the real CUDA target, not the simulator")
@pytest.mark.parametrize("cc", [(8, 0), (9, 0)], ids=["sm_80", "sm_90"])
@pytest.mark.parametrize("name", sorted(shared_relations()))
def test_shared_relation_compiles_to_ptx(name, cc, monkeypatch):
    """Each relation the Python objects share with the kernels compiles as a CUDA device function on its own
    (also those the fused chain does not call)."""
    cuda, dispatcher = _numba_cuda()
    from numba import typeof

    monkeypatch.setattr(dispatcher, "get_current_device", lambda: SimpleNamespace(compute_capability=cc), raising=False)
    func, args = shared_relations()[name]
    ptx, _ = cuda.compile_ptx(func, tuple(typeof(a) for a in args), device=True, cc=cc)
    assert f".target sm_{cc[0]}{cc[1]}" in ptx


@pytest.mark.cuda
@pytest.mark.skipif(not SIMULATOR, reason="run with NUMBA_ENABLE_CUDASIM=1 (second pytest process)")
@pytest.mark.parametrize("name", sorted(KERNELS))
def test_simulated_cuda_matches_cpu(name):
    spec = KERNELS[name]
    cpu = kernel_args(name)
    launch(name, cpu, "cpu")
    sim = kernel_args(name)
    launch(name, sim, "cuda")
    for i in spec.outputs:
        if np.issubdtype(cpu[i].dtype, np.integer):
            np.testing.assert_array_equal(sim[i], cpu[i])
        else:
            np.testing.assert_allclose(sim[i], cpu[i], rtol=1e-6, atol=1e-9, equal_nan=True)
    assert np.any(sim[spec.outputs[0]] != 0)


@pytest.mark.cuda
@pytest.mark.skipif(not SIMULATOR, reason="run with NUMBA_ENABLE_CUDASIM=1 (second pytest process)")
def test_public_api_on_the_cuda_backend():
    import magphys as mp

    mags = [mp.Magnet.from_grade(g) for g in ("N42SH", "G50SHT")]
    gpu = mp.magnet_properties(mags, temp_c=[20.0, 150.0], backend="cuda")
    cpu = mp.magnet_properties(mags, temp_c=[20.0, 150.0], backend="cpu")
    for var in ("br_t", "hcj_a_per_m", "hk_a_per_m", "bhmax_j_per_m3"):
        np.testing.assert_allclose(gpu[var].values, cpu[var].values, rtol=1e-6)
    assert mags[0].irreversible_loss(160.0, pc=1.0, backend="cuda") == pytest.approx(
        mags[0].irreversible_loss(160.0, pc=1.0, backend="cpu"), rel=1e-6
    )
