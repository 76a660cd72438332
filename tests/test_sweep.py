"""Sweeps: agreement with the public API, crash-safe resume (a real kill -9), chunking invariance,
Pareto fronts against brute force, and bad specs refused before any compute."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import h5py
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import magphys as mp
from magphys.sweep import load_spec, nondominated, open_result, pareto, run

SPEC = {
    "name": "t",
    "axes": {
        "dy": {"start": 0.0, "stop": 5.0, "num": 6},
        "ce": {"values": [0.0, 3.0]},
        "grain_size_um": {"low": 1.5, "high": 7.0},
    },
    "fixed": {"nd": 22.0, "pr": 7.3, "b": 0.98, "co": 1.0},
    "temp_c": [20.0, 120.0, 160.0],
    "sampling": "sobol",
    "samples": 16,
    "chunk_size": 50,
}


def test_sweep_equals_point_by_point_public_calls(tmp_path):
    ds = open_result(run(SPEC, tmp_path / "a.h5", progress=False))
    assert ds.sizes["point"] == 6 * 2 * 16
    rng = np.random.default_rng(0)
    for i in rng.choice(ds.sizes["point"], 8, replace=False):
        p = ds.isel(point=i)
        ref = mp.magnet_properties(
            {"nd": [22.0], "pr": [7.3], "b": [0.98], "co": [1.0], "dy": [float(p.dy)], "ce": [float(p.ce)]},
            temp_c=SPEC["temp_c"],
            grain_size_um=float(p.grain_size_um),
        ).isel(magnet=0)
        np.testing.assert_array_equal(p.status.values, ref.status.values)
        for var in ("br_t", "hcj_a_per_m", "bhmax_j_per_m3"):
            np.testing.assert_allclose(p[var].values, ref[var].values, rtol=1e-6, equal_nan=True)


def test_results_do_not_depend_on_chunking(tmp_path):
    a = open_result(run(SPEC, tmp_path / "a.h5", progress=False))
    b = open_result(run({**SPEC, "chunk_size": 37}, tmp_path / "b.h5", progress=False))
    c = open_result(run({**SPEC, "sampling": "random", "chunk_size": 37}, tmp_path / "c.h5", progress=False))
    d = open_result(run({**SPEC, "sampling": "random", "chunk_size": 150}, tmp_path / "d.h5", progress=False))
    for x, y in ((a, b), (c, d)):
        np.testing.assert_array_equal(x.grain_size_um.values, y.grain_size_um.values)
        np.testing.assert_array_equal(x.hcj_a_per_m.values, y.hcj_a_per_m.values)


def _h5_content(path):
    out = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda name, obj: out.__setitem__(name, obj[()]) if isinstance(obj, h5py.Dataset) else None)
        out["attrs"] = {k: v for k, v in f.attrs.items()}
    return out


def test_kill_9_then_resume_gives_the_same_file(tmp_path):
    """A real SIGKILL in the middle of a sweep; --resume finishes it without recomputing a finished chunk,
    and the file equals an uninterrupted run's."""
    spec_file = tmp_path / "spec.toml"
    spec_file.write_text(
        'name = "kill"\ntemp_c = [20.0, 150.0]\nsampling = "random"\nsamples = 30000\n'
        "chunk_size = 200\nseed = 3\n[fixed]\nnd = 22.0\npr = 7.3\nb = 0.98\n"
        "[axes.dy]\nlow = 0.0\nhigh = 6.0\n[axes.grain_size_um]\nlow = 1.0\nhigh = 8.0\n"
    )
    out = tmp_path / "killed.h5"
    parts = tmp_path / "killed.h5.parts"
    cmd = [sys.executable, "-m", "magphys.cli", "sweep", str(spec_file), "--out", str(out), "--no-progress"]
    proc = subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    while time.time() < deadline and len(list(parts.glob("chunk_*.npz"))) < 3:
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = len(list(parts.glob("chunk_*.npz")))
    assert 3 <= finished < 150 and not out.exists()  # killed mid-run (150 chunks in all)
    res = subprocess.run([*cmd, "--resume"], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr
    assert not parts.exists()
    ref = tmp_path / "ref.h5"
    run(spec_file, ref, progress=False)
    a, b = _h5_content(out), _h5_content(ref)
    assert set(a) == set(b)
    for k in a:
        if k == "attrs":
            assert a[k] == b[k]
        else:
            np.testing.assert_array_equal(a[k], b[k], err_msg=k)
    assert a["chunk_computations"].max() <= 1 and a["chunk_done"].all()


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 4), st.integers(1, 60), st.integers(0, 2**31 - 1))
def test_pareto_front_equals_brute_force(k, n, seed):
    rng = np.random.default_rng(seed)
    f = rng.integers(0, 6, size=(n, k)).astype(float)  # small integers: many ties and duplicates
    f[rng.random(n) < 0.1, 0] = np.nan
    got = np.sort(nondominated(f))
    ok = np.all(np.isfinite(f), axis=1)
    brute = [i for i in range(n) if ok[i] and not np.any(ok & np.all(f <= f[i], axis=1) & np.any(f < f[i], axis=1))]
    np.testing.assert_array_equal(got, brute)


def test_pareto_of_a_file_is_blockwise_exact(tmp_path):
    out = run(SPEC, tmp_path / "p.h5", progress=False)
    full = pareto(out, ["hcj_a_per_m@160:max", "dy:min", "ce:max"], block=10_000)
    small_blocks = pareto(out, ["hcj_a_per_m@160:max", "dy:min", "ce:max"], block=7)
    np.testing.assert_array_equal(full.point.values, small_blocks.point.values)
    assert (full.dy == 0).any()  # the Dy-free alloys with the best HcJ are on the front
    ds = open_result(out)  # the block-wise front (dominance filter + sweep) = the front of all points at once
    f = np.stack([-ds.hcj_a_per_m.sel(temp_c=160.0).values, ds.dy.values, -ds.ce.values], axis=1)
    np.testing.assert_array_equal(full.point.values, np.sort(nondominated(f)))


@pytest.mark.cuda
@pytest.mark.skipif(os.environ.get("NUMBA_ENABLE_CUDASIM", "0") != "1", reason="run with NUMBA_ENABLE_CUDASIM=1")
def test_pareto_filter_on_the_cuda_backend_equals_cpu(tmp_path):
    out = run({**SPEC, "samples": 4}, tmp_path / "g.h5", progress=False)
    objs = ["hcj_a_per_m@160:max", "dy:min"]
    np.testing.assert_array_equal(
        pareto(out, objs, block=9, backend="cuda").point.values, pareto(out, objs, block=9, backend="cpu").point.values
    )


@pytest.mark.parametrize(
    "change, field",
    [
        ({"axes": {"zz": {"values": [1.0]}}}, "spec.axes"),
        ({"axes": {"dy": {"start": 0.0, "stop": 1.0}}}, "spec.axes.dy"),
        ({"axes": {"dy": {"values": []}}}, "spec.axes.dy"),
        ({"axes": {"dy": {"values": "many"}}}, "spec.axes.dy.values"),
        ({"axes": {"dy": {"low": 1.0, "high": 0.5}}, "sampling": "random", "samples": 3}, "spec.axes.dy"),
        ({"axes": {"dy": {"low": 0.0, "high": 1.0}}, "sampling": "grid"}, "spec.sampling"),
        ({"fixed": {"dy": 1.0}}, "spec.fixed"),
        ({"stages": ["materials", "warp"]}, "spec.stages.1"),
        ({"chunk_size": 0}, "spec.chunk_size"),
        ({"outputs": ["colour"]}, "spec.outputs"),
        ({"axes": {"gbd_wt_pct": {"values": [0.5]}}}, "spec.fixed"),
    ],
)
def test_bad_specs_fail_before_compute_naming_the_field(tmp_path, change, field):
    bad = {**SPEC, **change}
    if "samples" not in change and not any(ax.get("low") is not None for ax in bad["axes"].values()):
        bad = {k: v for k, v in bad.items() if k not in ("samples", "sampling")}
    with pytest.raises(mp.MagphysValueError) as err:
        run(bad, tmp_path / "never.h5", progress=False)
    assert err.value.parameter.startswith(field), err.value.parameter
    assert not (tmp_path / "never.h5").exists() and not (tmp_path / "never.h5.parts").exists()


def test_existing_output_and_foreign_parts_are_refused(tmp_path):
    out = run(SPEC, tmp_path / "x.h5", progress=False)
    with pytest.raises(mp.MagphysValueError):
        run(SPEC, out, progress=False)
    assert run(SPEC, out, resume=True, progress=False) == Path(out)  # finished: nothing to do
    with pytest.raises(mp.MagphysValueError, match="finished run"):
        run({**SPEC, "name": "other"}, out, resume=True, progress=False)
    (tmp_path / "y.h5.parts").mkdir()
    (tmp_path / "y.h5.parts" / "spec.json").write_text(load_spec({**SPEC, "name": "other"}).model_dump_json())
    with pytest.raises(mp.MagphysValueError, match="interrupted run"):
        run(SPEC, tmp_path / "y.h5", resume=True, progress=False)


def test_dask_local_cluster_equals_single_process_and_survives_a_killed_worker(tmp_path):
    """Two worker processes over loopback; one is SIGKILLed once chunks are flowing: Dask reruns its
    chunks elsewhere and the file equals the single-process one."""
    import threading

    from dask.distributed import Client, LocalCluster

    spec = {**SPEC, "samples": 400, "chunk_size": 16}  # 300 small chunks: the kill lands mid-run
    ref = run(spec, tmp_path / "ref.h5", progress=False)  # also fills the kernel cache the workers load
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        same = run(spec, tmp_path / "dask.h5", progress=False, scheduler=client)
        a, b = _h5_content(same), _h5_content(ref)
        for k in b:
            if k != "attrs":
                np.testing.assert_array_equal(a[k], b[k], err_msg=k)
        # the fused full chain on the workers = in this process
        import tomllib

        chain = {
            **tomllib.loads((Path(__file__).parents[1] / "examples" / "sweep_rack_fans.toml").read_text()),
            "chunk_size": 300,
        }
        ca = _h5_content(run(chain, tmp_path / "chain_dask.h5", progress=False, scheduler=client))
        cb = _h5_content(run(chain, tmp_path / "chain_ref.h5", progress=False))
        for k in cb:
            if k != "attrs":
                np.testing.assert_array_equal(ca[k], cb[k], err_msg=k)
        pids = client.run(os.getpid)
        out = tmp_path / "killed.h5"
        parts = tmp_path / "killed.h5.parts"
        errors = []
        th = threading.Thread(
            target=lambda: (
                errors.append(None) if run({**spec, "name": "k"}, out, progress=False, scheduler=client) else None
            )
        )
        th.start()
        deadline = time.time() + 120
        while time.time() < deadline and len(list(parts.glob("chunk_*.npz"))) < 2:
            time.sleep(0.01)
        killed_at = len(list(parts.glob("chunk_*.npz")))
        os.kill(next(iter(pids.values())), signal.SIGKILL)
        assert not out.exists() and killed_at < load_spec({**spec, "name": "k"}).n_chunks  # really mid-run
        th.join(timeout=300)
        assert not th.is_alive() and out.exists()
    c = _h5_content(out)
    for k in b:
        if k not in ("attrs", "chunk_computations"):
            np.testing.assert_array_equal(c[k], b[k], err_msg=k)


def test_lazy_read_and_plot(tmp_path):
    out = run(SPEC, tmp_path / "l.h5", progress=False)
    eager, lazy = open_result(out), open_result(out, lazy=True)
    assert type(lazy.hcj_a_per_m.data).__name__ == "Array"  # dask, read on demand
    assert type(lazy.dy.data).__name__ == "Array"  # the axes too: at 10^8 points they alone are GBs
    np.testing.assert_array_equal(lazy.hcj_a_per_m.values, eager.hcj_a_per_m.values)
    from magphys.cli import main

    png = tmp_path / "s.png"
    assert (
        main(["plot", str(out), "--x", "dy", "--y", "ce", "--front", "hcj_a_per_m@160:max,dy:min", "--out", str(png)])
        == 0
    )
    assert png.stat().st_size > 10_000


MOTOR_SPEC = {
    "name": "m",
    "stages": ["motor", "cost"],
    "axes": {
        "stack_factor": {"values": [0.6, 1.0, 1.4]},
        "thickness_factor": {"low": 0.4, "high": 1.2},
        "ambient_c": {"values": [25.0, 60.0]},
    },
    "fixed": {
        "base": "server_fan_80mm",
        "magnet": "N42",
        "speed_rpm": 10500.0,
        "torque_nm": 0.012,
        "scenario": "ex_china_2025",
    },
    "sampling": "random",
    "samples": 5,
    "chunk_size": 7,
}


def test_motor_sweep_equals_public_operating_points(tmp_path):
    from magphys.motor._sizing import _kt20, scaled_design

    ds = open_result(run(MOTOR_SPEC, tmp_path / "m.h5", progress=False))
    assert ds.sizes["point"] == 30 and ds.efficiency.dims == ("point",)
    base = mp.motor.reference_design("server_fan_80mm")
    mag = mp.Magnet.from_grade("N42")
    kt_base = _kt20(base, mp.Magnet.from_grade(base.magnet))
    price = mp.economics.bill_of_materials(mag, "ex_china_2025").magnet_usd_per_kg
    for i in (0, 11, 29):
        p = ds.isel(point=i)
        h_m = base.magnet_thickness_mm * float(p.thickness_factor)
        stack = base.stack_mm * float(p.stack_factor)
        trial = base.with_changes(stack_mm=stack, magnet_thickness_mm=h_m)
        motor = mp.motor.Motor(scaled_design(base, stack, h_m, _kt20(trial, mag) / kt_base), mag)
        op = motor.operating_point(10500.0, 0.012, float(p.ambient_c))
        assert float(p.efficiency) == pytest.approx(op.efficiency, rel=1e-6)
        assert float(p.magnet_c) == pytest.approx(op.temp_c["magnet"], rel=1e-6)
        bom = mp.economics.bill_of_materials(motor, "ex_china_2025")
        assert float(p.magnet_kg) == pytest.approx(bom.mass_kg, rel=1e-9)
        assert float(p.magnet_cost_usd) == pytest.approx(bom.mass_kg * price, rel=1e-9)
    front = pareto(tmp_path / "m.h5", ["magnet_cost_usd:min", "efficiency:max"])
    assert front.sizes["point"] >= 1


def test_conflicting_stages_and_missing_motor_parameters_are_refused():
    with pytest.raises(mp.MagphysValueError) as err:
        load_spec({**MOTOR_SPEC, "stages": ["materials", "cooling"]})  # cooling needs a motor
    assert err.value.parameter == "spec.stages"
    with pytest.raises(mp.MagphysValueError) as err:
        load_spec({**MOTOR_SPEC, "stages": ["motor", "materials"]})  # the chain runs materials first
    assert err.value.parameter == "spec.stages"
    with pytest.raises(mp.MagphysValueError) as err:  # a composition chain makes its own magnet
        load_spec({**MOTOR_SPEC, "stages": ["materials", "motor"]})
    assert err.value.parameter == "spec.fixed" and "magnet" in str(err.value)
    with pytest.raises(mp.MagphysValueError) as err:
        load_spec({**MOTOR_SPEC, "fixed": {"base": "server_fan_80mm", "speed_rpm": 1.0, "torque_nm": 0.01}})
    assert err.value.parameter == "spec.fixed"
    with pytest.raises(mp.MagphysValueError) as err:
        load_spec({**MOTOR_SPEC, "axes": {"dy": {"values": [1.0]}}})
    assert err.value.parameter == "spec.axes"


def test_materials_cost_stage_equals_bill_of_materials(tmp_path):
    """The cheapest alloy that keeps HcJ at 150 C: cost per kg on the sweep = the public bill of materials."""
    spec = {
        "name": "c",
        "stages": ["materials", "cost"],
        "axes": {
            "dy": {"values": [0.0, 2.0, 4.0]},
            "gbd_wt_pct": {"values": [0.0, 0.5]},
            "grain_size_um": {"values": [2.0, 5.0]},
        },
        "fixed": {
            "nd": 22.0,
            "pr": 7.3,
            "b": 0.98,
            "co": 1.0,
            "gbd_element": "Tb",
            "thickness_mm": 4.0,
            "scenario": "ex_china_2025",
        },
        "temp_c": [20.0, 150.0],
    }
    ds = open_result(run(spec, tmp_path / "c.h5", progress=False))
    for i in range(ds.sizes["point"]):
        p = ds.isel(point=i)
        gbd = {"element": "Tb", "wt_pct": float(p.gbd_wt_pct)} if float(p.gbd_wt_pct) > 0 else None
        m = mp.Magnet.from_composition(
            nd=22.0,
            pr=7.3,
            b=0.98,
            co=1.0,
            dy=float(p.dy),
            gbd=gbd,
            thickness_mm=4.0,
            grain_size_um=float(p.grain_size_um),
        )
        bom = mp.economics.bill_of_materials(m, "ex_china_2025")
        assert float(p.magnet_usd_per_kg) == pytest.approx(bom.magnet_usd_per_kg, rel=1e-9)
        assert float(p.hree_wt_pct) * 10 == pytest.approx(bom.hree_g, rel=1e-9)  # 1 kg: wt% x 10 = g
        np.testing.assert_allclose(
            p.hcj_a_per_m.values, m.properties(temp_c=[20.0, 150.0]).hcj_a_per_m.values, rtol=1e-6
        )
    front = pareto(tmp_path / "c.h5", ["magnet_usd_per_kg:min", "hcj_a_per_m@150:max"])
    assert front.sizes["point"] >= 2  # cheap and weak vs dear and strong
