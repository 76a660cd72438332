"""Grain-ensemble demagnetization: limits, the knee against the distributions, GBD depth and thickness,
calibration against the materials engine, protocols, and the CUDA path under the simulator."""

import functools
import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import magphys as mp
from magphys._gate import specs_of
from magphys.magnets import EnsembleParams, GrainEnsemble, calibrate
from magphys.magnets._grain_lattice import cube_mutual_factors

N42SH = mp.Magnet.from_grade("N42SH")
IDEAL = EnsembleParams(alpha_scale=1.0, sigma_ln_alpha=0.0, sigma_theta_rad=0.0, sigma_ln_d=0.0, interaction=0.0)


def test_mutual_demagnetizing_factors_of_cubes():
    """The integration reproduces N = 1/3 of a cube; a neighbour along the axis sees a field along M,
    a lateral one against it, and the six neighbours cancel (cubic symmetry: the Lorentz sum is zero)."""
    n_self, n_ax, n_lat = cube_mutual_factors()
    assert n_self == pytest.approx(1 / 3, rel=1e-9)
    assert n_ax < 0 < n_lat
    assert 2 * n_ax + 4 * n_lat == pytest.approx(0.0, abs=1e-9)


def test_aligned_identical_grains_without_interaction_reverse_at_one_field():
    ens = GrainEnsemble(N42SH, (4.0, 4.0, 4.0), 4096, params=IDEAL)
    d = ens.demag_curve(20.0, steps=200)
    f = d.reversed_fraction.values
    assert f[0] == 0.0 and f[-1] == 1.0
    jump = np.flatnonzero(np.diff(f) > 0)
    assert jump.size == 1 and np.diff(f)[jump[0]] == 1.0  # everything between two field steps
    assert d.attrs["squareness"] > 0.98
    # that one field is the Kronmueller switching field of the grain (the engine's layer median)
    h_step = -np.diff(d.h_a_per_m.values)[0]
    assert abs(-d.h_a_per_m.values[jump[0] + 1] - ens._switching(293.15, 25.0)[0][0]) <= h_step


@pytest.mark.parametrize("width", ["sigma_ln_alpha", "sigma_theta_rad", "sigma_ln_d"])
def test_wider_distributions_soften_the_knee_monotonically(width):
    sq = []
    for w in (0.0, 0.05, 0.1, 0.2, 0.3):
        params = EnsembleParams(
            **{"alpha_scale": 1.0, "sigma_ln_alpha": 0.0, "sigma_theta_rad": 0.0, "sigma_ln_d": 0.0, width: w}
        )
        sq.append(
            GrainEnsemble(N42SH, (4.0, 4.0, 4.0), 8000, seed=3, params=params).demag_curve(20.0).attrs["squareness"]
        )
    assert np.all(np.diff(sq) < 0), sq


def test_gbd_magnet_reverses_from_the_interior_and_thicker_loses_more():
    g = mp.Magnet.from_grade("G50SHT")  # Tb diffused from both pole faces of a 3 mm magnet
    cal = calibrate(g)
    thin = GrainEnsemble(g, (6.0, 6.0, 3.0), 30_000, seed=2, params=cal.params)
    loss = thin.irreversible_loss(temp_c=170.0, pc=0.5)
    frac = loss.reversed_fraction.values
    assert 0.0 < loss.attrs["loss"] < 1.0
    mid, faces = frac[frac.size // 2 - 1 : frac.size // 2 + 1].mean(), np.r_[frac[:2], frac[-2:]].mean()
    assert mid > faces  # the diffused shell protects the faces; reversal starts inside
    thick = GrainEnsemble(g, (6.0, 6.0, 6.0), 30_000, seed=2, params=cal.params)
    assert thick.irreversible_loss(temp_c=170.0, pc=0.5).attrs["loss"] > loss.attrs["loss"]


def test_block_field_is_strongest_under_the_pole_faces_and_the_engine_quadrature_is_its_cube_distribution():
    """The block's own demagnetizing factor N_zz (solid angle of its pole faces): mean 1/3 over a cube, largest
    under the middle of the pole faces, smallest at the middles of the side edges, 1/3 at the corners (by symmetry);
    the engine's local-permeance quadrature
    (kernels/demag.py PC_NODE_*) is the cube's distribution of ln(Pc_local / Pc) by volume share, to 0.01."""
    from magphys.kernels.demag import PC_NODE_LN, PC_NODE_W
    from magphys.magnets._grain_lattice import local_demag_factor

    n = 60
    nzz = local_demag_factor((1.0, 1.0, 1.0), (n, n, n)).reshape(n, n, n)  # (z, y, x)
    assert nzz.mean() == pytest.approx(1.0 / 3.0, abs=1e-6)
    pole, side, corner = nzz[0, n // 2, n // 2], nzz[n // 2, 0, 0], nzz[0, 0, 0]
    assert pole == pytest.approx(nzz.max(), rel=1e-3) and side == pytest.approx(nzz.min(), rel=1e-2)
    assert pole > 1.5 * corner > 1.5 * side and corner == pytest.approx(1.0 / 3.0, rel=1e-6)
    ln = np.sort(np.log((1.0 - nzz.ravel()) / nzz.ravel() / 2.0))
    edges = np.r_[0.0, np.cumsum(PC_NODE_W)]
    assert edges[-1] == pytest.approx(1.0)
    for lo, hi, want in zip(edges[:-1], edges[1:], PC_NODE_LN, strict=True):
        assert ln[int(lo * ln.size) : int(hi * ln.size)].mean() == pytest.approx(want, abs=0.01)


def test_ensemble_on_a_load_line_reverses_first_at_the_pole_faces():
    """Without diffusion the layers next to the pole faces (where the block's own field is strongest) reverse first,
    the opposite of the GBD magnet's protected faces."""
    ens = GrainEnsemble(N42SH, (6.0, 6.0, 3.0), 30_000, seed=2, params=calibrate(N42SH).params)
    loss = ens.irreversible_loss(temp_c=160.0, pc=1.0)
    frac = loss.reversed_fraction.values
    assert 0.0 < loss.attrs["loss"] < 1.0
    mid, faces = frac[frac.size // 2 - 1 : frac.size // 2 + 1].mean(), np.r_[frac[:2], frac[-2:]].mean()
    assert faces > mid


def test_calibrated_ensemble_predicts_the_engine_hcj_at_other_temperatures():
    cal = calibrate(N42SH)
    assert cal.hcj_a_per_m == pytest.approx(cal.hcj_target_a_per_m, rel=2e-3)
    assert abs(cal.squareness - cal.squareness_target) < 0.03
    ens = GrainEnsemble(N42SH, (10.0, 10.0, 5.0), 64_000, seed=7, params=cal.params)  # another seed and size
    for t in (80.0, 120.0, 150.0):
        hcj = ens.demag_curve(t, steps=150).attrs["hcj_a_per_m"]
        assert hcj == pytest.approx(float(N42SH.properties(temp_c=[t]).hcj_a_per_m[0]), rel=0.10), t


def test_loss_grows_with_temperature_and_falls_with_pc_and_cycles_accumulate():
    ens = GrainEnsemble(N42SH, (5.0, 5.0, 4.0), 8000, seed=1, params=calibrate(N42SH).params)
    losses = [ens.irreversible_loss(t, pc=1.0).attrs["loss"] for t in (60.0, 150.0, 170.0, 190.0)]
    assert losses[0] == 0.0 and np.all(np.diff(losses) >= 0) and losses[-1] > 0.05
    assert ens.irreversible_loss(170.0, pc=3.0).attrs["loss"] < ens.irreversible_loss(170.0, pc=0.5).attrs["loss"]
    cyc = ens.thermal_cycle([150.0, 180.0, 180.0, 120.0], pc=1.0).loss.values
    assert np.all(np.diff(cyc) >= 0)
    assert cyc[2] == cyc[1] and cyc[3] == cyc[2]  # a repeated or cooler excursion reverses nothing more
    grid = ens.loss_map([150.0, 170.0], [0.5, 3.0])
    assert grid.loss.dims == ("temp_c", "pc") and grid.reversed_fraction.sizes["depth_mm"] == ens.dims[2]
    assert float(grid.loss.sel(temp_c=170.0, pc=0.5)) == pytest.approx(ens.irreversible_loss(170.0, 0.5).attrs["loss"])
    # an applied reverse field at the same temperature adds loss
    assert ens.irreversible_loss(150.0, pc=1.0, h_applied_a_per_m=3e5).attrs["loss"] > losses[1]


def test_recoil_line_has_the_recoil_permeability():
    ens = GrainEnsemble(N42SH, (5.0, 5.0, 4.0), 8000, seed=1, params=calibrate(N42SH).params)
    hcj = ens.demag_curve(20.0).attrs["hcj_a_per_m"]
    r = ens.recoil_loop(20.0, h_reverse_a_per_m=0.97 * hcj)
    up = r.where(r.branch == "up", drop=True)
    slope = np.polyfit(up.h_a_per_m.values, up.j_t.values, 1)[0]
    mu_rec = float(N42SH.record[mp.kernels.layout.R_MU_REC])
    assert slope == pytest.approx((mu_rec - 1) * 4e-7 * np.pi, rel=1e-9)
    assert 0 < r.attrs["recoil_remanence_t"] < float(N42SH.properties([20.0]).br_t[0])  # flux lost at the knee


def test_fixed_seed_is_reproducible_and_bad_inputs_are_refused():
    a = GrainEnsemble(N42SH, (4.0, 4.0, 2.0), 2000, seed=9, params=IDEAL).grains
    b = GrainEnsemble(N42SH, (4.0, 4.0, 2.0), 2000, seed=9, params=IDEAL).grains
    np.testing.assert_array_equal(a, b)
    with pytest.raises(mp.MagphysValueError, match="magnet"):
        GrainEnsemble(mp.Magnet.from_grade("FERRITE-C8"), params=IDEAL)
    with pytest.raises(mp.MagphysValueError, match="size_mm"):
        GrainEnsemble(N42SH, (4.0, 0.0, 2.0), params=IDEAL)
    with pytest.raises(mp.MagphysValueError, match="grains"):
        GrainEnsemble(N42SH, grains=3, params=IDEAL)
    ens = GrainEnsemble(N42SH, (4.0, 4.0, 2.0), 2000, params=IDEAL)
    with pytest.raises(mp.MagphysValueError, match="temp_c"):
        ens.demag_curve(400.0)
    with pytest.raises(mp.MagphysValueError, match="pc"):
        ens.irreversible_loss(100.0, pc=-1.0)
    with pytest.raises(mp.MagphysValueError, match="sigma_theta_rad"):
        EnsembleParams(sigma_theta_rad=2.0)
    with pytest.raises(mp.MagphysValueError, match="sigma_ln_alpha"):
        EnsembleParams(sigma_ln_alpha=-0.1)


@pytest.mark.cuda
@pytest.mark.skipif(os.environ.get("NUMBA_ENABLE_CUDASIM", "0") != "1", reason="run with NUMBA_ENABLE_CUDASIM=1")
def test_simulated_cuda_ensemble_equals_cpu():
    params = EnsembleParams(alpha_scale=1.0, sigma_ln_alpha=0.05, sigma_ln_d=0.2, defect_fraction=0.05)
    g = mp.Magnet.from_grade("G50SHT")
    cpu = GrainEnsemble(g, (2.0, 2.0, 3.0), 216, seed=4, params=params, backend="cpu")
    gpu = GrainEnsemble(g, (2.0, 2.0, 3.0), 216, seed=4, params=params, backend="cuda")
    a, b = cpu.demag_curve(120.0, steps=20), gpu.demag_curve(120.0, steps=20)
    np.testing.assert_allclose(b.j_t.values, a.j_t.values, rtol=1e-9, atol=1e-12)
    la, lb = cpu.irreversible_loss(160.0, pc=0.7), gpu.irreversible_loss(160.0, pc=0.7)
    assert la.attrs["loss"] == pytest.approx(lb.attrs["loss"], abs=1e-12)
    np.testing.assert_array_equal(la.reversed_fraction.values, lb.reversed_fraction.values)


def test_grains_command_prints_the_knee_against_the_engine_and_plots(tmp_path, capsys):
    from magphys.cli import main

    png = tmp_path / "knee.png"
    assert (
        main(
            [
                "grains",
                "N42SH",
                "--temp-c",
                "120,150",
                "--grains",
                "8e3",
                "--steps",
                "60",
                "--pc",
                "1",
                "--plot",
                str(png),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "calibrated" in out and "irreversible loss" in out and "engine" in out
    assert png.stat().st_size > 10_000
    assert main(["grains", "FERRITE-C8"]) == 2  # no grains for a datasheet material: a clear error


# -- the input gate ----------------------------------------------------------------------------------------
NAN, INF = float("nan"), float("inf")
# wrong types and values any parameter of a public entry refuses, unless named in its ``allowed``
WRONG = {
    "str": "20",
    "none": None,
    "nan": NAN,
    "inf": INF,
    "-inf": -INF,
    "bool": True,
    "list": [20.0],
    "empty": [],
    "negative": -1.0,
    "huge": 1e300,
}
T_MIN_C = mp.kernels.constants.T_MIN_R2FE14B_K - 273.15
CURIE_C = N42SH.curie_temp_c


@functools.cache
def _tiny() -> GrainEnsemble:
    return GrainEnsemble(N42SH, (4.0, 4.0, 2.0), 2000, seed=1, params=IDEAL)


def _below(x):
    return st.floats(max_value=x, exclude_max=True)


def _above(x):
    return st.floats(min_value=x, exclude_min=True)


TEMP = _below(T_MIN_C) | st.floats(min_value=CURIE_C)  # the model's range: 150 K up to the Curie point
TEMPS = TEMP.map(lambda t: [20.0, t]) | st.just([]) | st.just([[20.0]]) | st.just("20,30")
PC = _below(0.01) | _above(100.0)
PCS = PC.map(lambda p: [1.0, p]) | st.just([])
H_REV = _below(0.0) | _above(1e8)
EXPOSURE = _below(1.0 / 3600.0) | _above(1e6)
STEPS = st.integers(max_value=9) | st.integers(min_value=100_001) | st.just(20.5)
SEED = st.integers(max_value=-1) | st.integers(min_value=2**32, max_value=2**53) | st.just(1.5)
GRAINS = st.integers(max_value=7) | st.integers(min_value=200_000_001, max_value=2**53) | st.just(4096.5)
SIZE = st.lists(st.floats(min_value=1.0, max_value=10.0), min_size=3, max_size=3).flatmap(
    lambda s: st.sampled_from([s[:2], [*s, 1.0], [s[0], 0.0, s[2]], [s[0], s[1], NAN], [s[0], 2000.0, s[2]]])
)
MAGNET = st.sampled_from([mp.Magnet.from_grade("FERRITE-C8"), "N42SH", 42])


# entry -> (call, valid keyword arguments, {parameter: (strategy of refused values, WRONG keys it accepts)})
ENTRIES = {
    "GrainEnsemble": (
        lambda **kw: GrainEnsemble(**kw),
        dict(magnet=N42SH, size_mm=(4.0, 4.0, 2.0), grains=2000, seed=1, params=IDEAL, backend="cpu"),
        {
            "magnet": (MAGNET, ()),
            "size_mm": (SIZE, ()),
            "grains": (GRAINS, ()),
            "seed": (SEED, ()),
            "params": (st.just({"alpha_scale": 1.0}), ("none",)),
            "backend": (st.sampled_from(["gpu", "", "CPU0"]), ("none",)),
        },
    ),
    "demag_curve": (
        lambda **kw: _tiny().demag_curve(**kw),
        dict(temp_c=20.0, steps=20, h_max_a_per_m=None, progress=False),
        {
            "temp_c": (TEMP, ("negative",)),
            "steps": (STEPS, ()),
            "h_max_a_per_m": (H_REV | st.just(0.0), ("none",)),
            "progress": (st.sampled_from([1, 0, "yes"]), ("bool",)),
        },
    ),
    "irreversible_loss": (
        lambda **kw: _tiny().irreversible_loss(**kw),
        dict(temp_c=60.0, pc=1.0, h_applied_a_per_m=0.0, exposure_h=1.0),
        {
            "temp_c": (TEMP, ("negative",)),
            "pc": (PC, ()),
            "h_applied_a_per_m": (H_REV, ()),
            "exposure_h": (EXPOSURE, ()),
        },
    ),
    "loss_map": (
        lambda **kw: _tiny().loss_map(**kw),
        dict(temp_c=[60.0], pc=[1.0], h_applied_a_per_m=0.0, exposure_h=1.0),
        {
            "temp_c": (TEMPS, ("list", "negative")),
            "pc": (PCS, ("list",)),
            "h_applied_a_per_m": (H_REV, ()),
            "exposure_h": (EXPOSURE, ()),
        },
    ),
    "thermal_cycle": (
        lambda **kw: _tiny().thermal_cycle(**kw),
        dict(temps_c=[60.0], pc=1.0, exposure_h=1.0),
        {"temps_c": (TEMPS, ("list", "negative")), "pc": (PC, ()), "exposure_h": (EXPOSURE, ())},
    ),
    "recoil_loop": (
        lambda **kw: _tiny().recoil_loop(**kw),
        dict(temp_c=20.0, h_reverse_a_per_m=5e5, steps=20),
        {
            "temp_c": (TEMP, ("negative",)),
            "h_reverse_a_per_m": (H_REV | st.just(0.0), ()),
            "steps": (st.integers(max_value=1) | st.integers(min_value=100_001) | st.just(2.5), ()),
        },
    ),
    "calibrate": (
        lambda **kw: calibrate(**kw),
        dict(magnet=N42SH, seed=1, grains=2000, base=IDEAL, steps=20),
        {
            "magnet": (MAGNET, ()),
            "seed": (SEED, ()),
            "grains": (GRAINS, ()),
            "base": (st.just({"alpha_scale": 1.0}), ("none",)),
            "steps": (STEPS, ()),
        },
    ),
    "EnsembleParams": (
        lambda **kw: EnsembleParams(**kw),
        dict(IDEAL.__dict__),
        {
            "alpha_scale": (st.just(0.0) | _above(10.0), ()),
            "sigma_ln_alpha": (_above(2.0), ()),
            "sigma_theta_rad": (_above(1.0), ("none",)),
            "sigma_ln_d": (_above(2.0), ()),
            "defect_fraction": (_above(1.0), ()),
            "defect_factor": (_above(1.0), ()),
            "interaction": (_above(5.0), ()),
        },
    ),
}


def _refused(entry, parameter, value):
    call, valid, _ = ENTRIES[entry]
    with pytest.raises(mp.MagphysValueError) as err:
        call(**{**valid, parameter: value})
    assert err.value.parameter.split("[")[0] == parameter, (entry, parameter, value, err.value)


@pytest.mark.parametrize("entry", list(ENTRIES))
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_every_public_entry_refuses_wrong_inputs_with_a_value_error_naming_the_parameter(entry, data):
    """One parameter at a time, the others valid: a wrong type, a non-finite or out-of-range number, a
    list for a scalar, an empty list, each before any compute, as MagphysValueError naming the parameter."""
    _, _, params = ENTRIES[entry]
    parameter = data.draw(st.sampled_from(sorted(params)), label="parameter")
    refused, allowed = params[parameter]
    wrong = st.sampled_from([v for k, v in WRONG.items() if k not in allowed])
    _refused(entry, parameter, data.draw(wrong | refused, label="value"))


def test_every_public_entry_is_gated():
    """The specs the entries declare (read by specs_of) cover every parameter the fuzz test feeds."""
    declared = {
        "GrainEnsemble": GrainEnsemble.__init__,
        "demag_curve": GrainEnsemble.demag_curve,
        "irreversible_loss": GrainEnsemble.irreversible_loss,
        "loss_map": GrainEnsemble.loss_map,
        "thermal_cycle": GrainEnsemble.thermal_cycle,
        "recoil_loop": GrainEnsemble.recoil_loop,
        "calibrate": calibrate,
    }
    for entry, func in declared.items():
        assert set(specs_of(func)) == set(ENTRIES[entry][2]), entry


def test_empty_loss_map_names_temp_c_and_curie_point_is_checked_before_any_excursion():
    ens = _tiny()
    with pytest.raises(mp.MagphysValueError, match="temp_c") as err:
        ens.loss_map(temp_c=[])
    assert err.value.parameter == "temp_c"
    with pytest.raises(mp.MagphysValueError, match="pc"):
        ens.loss_map(temp_c=[60.0], pc=[])
    u0 = ens.updates
    for bad in ([60.0, CURIE_C + 1.0], [60.0, -130.0]):
        with pytest.raises(mp.MagphysValueError, match=r"temps_c(\[1\]|=.*entry 1 of)"):
            ens.thermal_cycle(bad)
        with pytest.raises(mp.MagphysValueError, match=r"temp_c(\[1\]|=.*entry 1 of)"):
            ens.loss_map(bad)
    assert ens.updates == u0  # nothing ran
    # the model's own bounds: 150 K is inside, the Curie point is not
    assert ens.demag_curve(T_MIN_C, steps=20).attrs["temp_c"] == pytest.approx(T_MIN_C)
    with pytest.raises(mp.MagphysValueError, match="Curie"):
        ens.demag_curve(CURIE_C, steps=20)


def test_moment_and_curves_are_the_same_bits_on_one_and_on_two_threads():
    """The moment is summed in parts of fixed extent (kernels/grains.moment_part), never as a float reduction
    across threads: a demagnetization curve and a load-line loss give identical bits on 1 and 2 threads."""
    import numba

    if numba.config.NUMBA_NUM_THREADS < 2:
        pytest.skip("one Numba thread only on this machine")
    params = EnsembleParams(alpha_scale=1.0, sigma_ln_alpha=0.1, sigma_ln_d=0.1)
    ens = GrainEnsemble(N42SH, (8.0, 8.0, 4.0), 40_000, seed=3, params=params)
    state = (np.random.default_rng(1).random(ens.n_grains) < 0.3).astype(np.int8)
    before = numba.get_num_threads()
    runs = []
    try:
        for n in (1, 2):
            numba.set_num_threads(n)
            curve = ens.demag_curve(100.0, steps=30)
            loss = ens.irreversible_loss(150.0, pc=1.0)
            runs.append((ens._moment(state), curve.j_t.values, loss.attrs["loss"], loss.reversed_fraction.values))
    finally:
        numba.set_num_threads(before)
    (m1, j1, l1, f1), (m2, j2, l2, f2) = runs
    assert m1 == m2 and l1 == l2
    np.testing.assert_array_equal(j1, j2)
    np.testing.assert_array_equal(f1, f2)
    assert 0.0 < l1 < 1.0  # the load line did reverse grains: the moment fed back into the field
