"""CPU kernels = pure-Python physics (<= 1e-6 relative); backend selection never raises on 'auto'."""

import numpy as np
import pytest
from kernel_cases import kernel_args, shared_relations

import magphys as mp
from magphys.kernels import (
    KERNELS,
    chain,
    demag,
    fleet,
    grains,
    intrinsic,
    launch,
    motor,
    pareto,
    plant,
    prices,
    search,
)
from magphys.kernels import layout as L

PURE = {
    "composition_records": lambda a: [
        intrinsic.composition_record(a[0][i], a[1][i], a[2], a[3][i]) for i in range(len(a[0]))
    ],
    "magnet_properties": lambda a: [
        a[3].__setitem__((i, t), demag.magnet_point(a[0][i], a[1][t], a[2][i, t]))
        for i in range(a[0].shape[0])
        for t in range(a[1].shape[0])
    ],
    "irreversible_loss": lambda a: [
        (
            _set(
                a,
                8,
                9,
                k,
                demag.stabilised_loss_point(a[0][a[1][k]], a[2][k], a[3][k], a[4][k], a[5][k], a[6][k], a[7][k]),
            )
        )
        for k in range(len(a[1]))
    ],
    "max_working_temp": lambda a: [
        (_set(a, 5, 6, k, demag.max_working_temp_point(a[0][a[1][k]], a[2][k], a[3][k], a[4][k])))
        for k in range(len(a[1]))
    ],
    "motor_operating_points": lambda a: [
        a[8].__setitem__(k, motor.operating_point(a[0][a[2][k]], a[1][a[3][k]], a[4][k], a[5][k], a[6][k], a[7][k]))
        for k in range(len(a[2]))
    ],
    "motor_transients": lambda a: [
        a[11].__setitem__(
            k, motor.transient_run(a[0][a[2][k]], a[1][a[3][k]], a[4], a[5], a[6], a[7], a[8], a[9][k], a[10][k])
        )
        for k in range(len(a[2]))
    ],
    "fleet_year": lambda a: [
        a[10].__setitem__(
            k, fleet.fleet_run(a[0][a[2][k]], a[1][a[3][k]], a[4][k], a[5], a[6], a[7][k], a[8][k], a[9][k])
        )
        for k in range(len(a[2]))
    ],
    "plant_year": lambda a: [
        a[8].__setitem__(h, plant.plant_hour(a[0], a[1][h], a[2][h], a[3][h], a[4][h], a[5][h], a[6][h], a[7][h]))
        for h in range(a[1].shape[0])
    ],
    "price_monte_carlo": lambda a: [
        prices.price_sample(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], i, a[8][i], a[9][i])
        for i in range(a[9].shape[0])
    ],
    "design_chain": lambda a: [
        a[12].__setitem__(
            i,
            chain.design_point(
                a[0][i], a[1][i], a[2], a[3], a[4], a[5][i], a[6], a[7], a[8][i], a[9][i], a[10][i], a[11][i]
            ),
        )
        for i in range(a[5].shape[0])
    ],
    "grain_switching_fields": lambda a: _grain_fields(a),
    "grain_sweep": lambda a: _grain_sweep(a),
    "grain_moment": lambda a: a[2].__setitem__(
        0, sum(a[0][i, L.G_WEIGHT] * (1 - 2 * a[1][i]) for i in range(len(a[1])))
    ),
    "pareto_filter": lambda a: [
        a[2].__setitem__(i, pareto.dominated_by_any(a[0], a[1][i])) for i in range(a[1].shape[0])
    ],
    "motor_design_search": lambda a: [
        search.search_pair(
            a[0][k],
            a[1],
            a[2][k],
            a[3][k],
            a[4][a[5][k]],
            a[6][k],
            a[7][k],
            a[8][k],
            a[9][k],
            a[10][k],
            a[11][k],
            a[12][k],
            a[13][k],
            a[14][k],
        )
        for k in range(a[0].shape[0])
    ],
    "demag_curve": lambda a: [
        a[5].__setitem__(k, demag.demag_curve_point(a[0][a[1][k]], a[2][k], a[3], a[4][k])) for k in range(len(a[1]))
    ],
}


def _grain_fields(a):
    js_t, _ms, ha_t, mk, bt = grains.field_state(a[1], a[3], a[4])
    for i in range(a[0].shape[0]):
        a[5][i] = grains.switching_field(a[0][i], a[1], a[2], js_t, ha_t, mk, bt)


def _grain_sweep(a):
    hsw, ep, s_in, s_out, h, ms, flips = a
    nx, ny, nz = (int(ep[k]) for k in (L.EP_NX, L.EP_NY, L.EP_NZ))
    flips[0] = sum(
        grains.sweep_row(r, hsw, s_in, s_out, nx, ny, nz, h, ms, ep[L.EP_K_AX], ep[L.EP_K_LAT]) for r in range(ny * nz)
    )


def _set(a, iv, is_, k, res):
    a[iv][k], a[is_][k] = res


def assert_same(a, b, rtol=1e-6):
    for x, y in zip(a, b, strict=False):
        if np.issubdtype(x.dtype, np.integer):
            np.testing.assert_array_equal(x, y)
        else:
            np.testing.assert_allclose(x, y, rtol=rtol, atol=1e-9, equal_nan=True)


@pytest.mark.parametrize("name", sorted(KERNELS))
def test_cpu_kernel_equals_pure_python(name):
    cpu_args = kernel_args(name)
    launch(name, cpu_args, "cpu")
    py_args = kernel_args(name)
    PURE[name](py_args)
    spec = KERNELS[name]
    assert_same([cpu_args[i] for i in spec.outputs], [py_args[i] for i in spec.outputs])
    # the outputs are not trivially zero
    assert np.any(cpu_args[spec.outputs[0]] != 0)


def test_every_kernel_has_a_pure_python_oracle():
    assert set(PURE) == set(KERNELS)


@pytest.mark.parametrize("name", sorted(shared_relations()))
def test_shared_relation_compiled_equals_plain_python(name):
    """The relations the Python objects call as plain Python are the ones the kernels compile: the same
    numbers either way (to rounding: Numba may evaluate x**2 as x*x)."""
    from numba import njit

    func, args = shared_relations()[name]
    np.testing.assert_allclose(njit(func)(*args), func(*args), rtol=1e-14, atol=0.0)


def test_every_shared_relation_is_checked():
    """Each function of the shared-relation modules is compiled by the tests (CPU here, PTX in test_cuda)."""
    import inspect

    from magphys.kernels import cost, drive, mover, plant, rack, scaling

    defined = {
        f"{m.__name__.rsplit('.', 1)[-1]}.{n}"
        for m in (cost, drive, mover, plant, rack, scaling)
        for n, f in inspect.getmembers(m, inspect.isfunction)
        if f.__module__ == m.__name__
    }
    assert defined <= set(shared_relations())


def test_auto_backend_never_raises(monkeypatch):
    monkeypatch.setenv("MAGPHYS_BACKEND", "auto")
    assert mp.resolve_backend() in ("cpu", "cuda")
    monkeypatch.setenv("MAGPHYS_BACKEND", "cpu")
    assert mp.resolve_backend() == "cpu"
    assert mp.resolve_backend("CPU") == "cpu"


def test_cuda_without_device_is_a_clear_error(monkeypatch):
    from magphys import _backend

    monkeypatch.delenv("NUMBA_ENABLE_CUDASIM", raising=False)
    monkeypatch.setattr(_backend, "cuda_device_available", lambda: False)
    with pytest.raises(mp.BackendError, match="cuda"):
        mp.resolve_backend("cuda")
    assert mp.resolve_backend("auto") == "cpu"


def test_detection_survives_a_broken_numba_cuda(monkeypatch):
    import builtins

    from magphys import _backend

    real_import = builtins.__import__

    def broken(name, *args, **kwargs):
        if name.startswith("numba.cuda") or (name == "numba" and args and args[2] and "cuda" in args[2]):
            raise OSError("libcuda.so: cannot open shared object file")
        return real_import(name, *args, **kwargs)

    monkeypatch.delenv("NUMBA_ENABLE_CUDASIM", raising=False)
    monkeypatch.setattr(builtins, "__import__", broken)
    assert _backend.cuda_device_available() is False
