"""Sweeps under faults: one writer (a second run is refused while the first holds the output), SIGKILL at every
stage and at random moments, damaged, swapped and deleted state files, a full disk, bounded plans. Every
resumed file must equal the uninterrupted run's, data and bookkeeping, with no chunk computed twice."""

import errno
import multiprocessing
import os
import signal
import time
import tracemalloc

import h5py
import numpy as np
import pytest
from _sweep_trial import LOCKED, run_child

import magphys as mp
from magphys.cli import main
from magphys.sweep import SweepLimits, SweepLocked, SweepRepairWarning, load_spec, run, verify
from magphys.sweep import _parts as parts_mod

SPEC = {
    "name": "faults",
    "temp_c": [20.0, 150.0],
    "sampling": "random",
    "samples": 1200,
    "chunk_size": 100,
    "seed": 3,
    "fixed": {"nd": 22.0, "pr": 7.3, "b": 0.98},
    "axes": {"dy": {"low": 0.0, "high": 6.0}, "grain_size_um": {"low": 1.0, "high": 8.0}},
}
N_CHUNKS = 12
STAGES = ["compute", "write", "rename", "log", "assemble", "replace", "cleanup"]


def content(path):
    out = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda n, o: out.__setitem__(n, o[()]) if isinstance(o, h5py.Dataset) else None)
        out["attrs"] = dict(f.attrs.items())
    return out


def assert_same_file(a, b, bookkeeping=True):
    ca, cb = content(a), content(b)
    assert set(ca) == set(cb)
    for k in cb:
        if k == "attrs":
            assert ca[k] == cb[k]
        elif bookkeeping or k != "chunk_computations":
            np.testing.assert_array_equal(ca[k], cb[k], err_msg=k)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    return run(SPEC, tmp_path_factory.mktemp("ref") / "ref.h5", progress=False)


@pytest.fixture(scope="module")
def ctx():
    """A forkserver with magphys imported: children start in milliseconds, without the test process's threads."""
    c = multiprocessing.get_context("forkserver")
    c.set_forkserver_preload(["magphys.sweep", "magphys.kernels.cpu", "_sweep_trial"])
    return c


def child(ctx, out, fault=None, spec=SPEC):
    p = ctx.Process(target=run_child, args=(spec, out, fault))
    p.start()
    return p


def test_a_killed_run_at_every_stage_resumes_to_the_same_file(tmp_path, ctx, reference):
    for stage in STAGES:
        for n in (1, 5) if stage in ("compute", "write", "rename", "log", "assemble") else (1,):
            out = tmp_path / f"{stage}{n}.h5"
            p = child(ctx, out, f"{stage}:{n}")
            p.join(60)
            assert p.exitcode == -signal.SIGKILL, (stage, n, p.exitcode)
            assert not (tmp_path / f".{out.name}.{p.pid}.tmp").exists() or stage in ("assemble", "replace")
            assert run(SPEC, out, resume=True, progress=False) == out
            assert not out.with_name(out.name + ".parts").exists() and not out.with_name(out.name + ".lock").exists()
            assert_same_file(out, reference)
            assert verify(out).ok


def test_hundred_random_kills_and_concurrent_runs(tmp_path, ctx, reference):
    """100 trials: a run killed by a stage fault or at a random moment, some with a second run started on the same
    output while the first holds it (refused at once), then resumed until whole."""
    rng = np.random.default_rng(16)
    refused = 0
    for trial in range(100):
        out = tmp_path / f"t{trial}.h5"
        for _ in range(rng.integers(1, 4)):  # one to three interrupted attempts
            if rng.random() < 0.5:
                stage = STAGES[rng.integers(len(STAGES))]
                p = child(ctx, out, f"{stage}:{rng.integers(1, 8)}")
            else:
                p = child(ctx, out)
                time.sleep(rng.uniform(0.0, 0.5))
                if rng.random() < 0.4 and p.is_alive() and out.with_name(out.name + ".lock").exists():
                    second = child(ctx, out)
                    second.join(60)
                    if p.is_alive():  # still held: the second run must have been refused
                        assert second.exitcode == LOCKED, second.exitcode
                        refused += 1
                    else:
                        assert second.exitcode in (0, LOCKED)
                if p.is_alive():
                    os.kill(p.pid, signal.SIGKILL)
            p.join(60)
        assert run(SPEC, out, resume=True, progress=False) == out
        assert_same_file(out, reference)
        with h5py.File(out, "r") as f:
            assert f["chunk_computations"][:].max() == 1
    assert refused >= 10  # the concurrent case really happened


def test_second_run_is_refused_naming_the_holder_and_a_dead_holder_is_taken_over(tmp_path, ctx, reference):
    out = tmp_path / "held.h5"
    slow = {**SPEC, "samples": 6000}
    p = child(ctx, out, spec=slow)
    deadline = time.time() + 60
    while time.time() < deadline and not list(out.with_name(out.name + ".parts").glob("chunk_*.npz")):
        time.sleep(0.01)
    with pytest.raises(SweepLocked, match=f"pid {p.pid}"):
        run(slow, out, resume=True, progress=False)
    assert (
        main(["sweep", "--out", str(out), "--resume", "--no-progress", "--backend", "cpu", _toml(tmp_path, slow)]) == 2
    )
    os.kill(p.pid, signal.SIGKILL)
    p.join()
    assert run(slow, out, resume=True, progress=False) == out  # the OS released the dead run's lock
    ref = run(slow, tmp_path / "slow_ref.h5", progress=False)
    assert_same_file(out, ref)


def _toml(tmp_path, spec):
    lines = [f'name = "{spec["name"]}"', f"temp_c = {spec['temp_c']}", f'sampling = "{spec["sampling"]}"']
    lines += [f"samples = {spec['samples']}", f"chunk_size = {spec['chunk_size']}", f"seed = {spec['seed']}"]
    lines += ["[fixed]", *(f"{k} = {v}" for k, v in spec["fixed"].items())]
    for a, ax in spec["axes"].items():
        lines += [f"[axes.{a}]", *(f"{k} = {v}" for k, v in ax.items())]
    path = tmp_path / f"{spec['name']}.toml"
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def _interrupted(tmp_path, ctx, name):
    """An interrupted run with every part written (killed at the start of its assembly)."""
    out = tmp_path / f"{name}.h5"
    p = child(ctx, out, "assemble:1")
    p.join(60)
    assert p.exitcode == -signal.SIGKILL
    parts = out.with_name(out.name + ".parts")
    assert len(list(parts.glob("chunk_*.npz"))) == N_CHUNKS
    return out, parts


def _flip(path, member="out/hcj_a_per_m.npy"):
    """Flip one bit in the data of a member of a part (past its local zip header and .npy header)."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        info = z.getinfo(member)
    data = bytearray(path.read_bytes())
    data[info.header_offset + 30 + len(info.filename) + 128 + 400] ^= 0x10
    path.write_bytes(bytes(data))


DAMAGE = {
    "truncated": lambda parts: (parts / "chunk_00000003.npz").write_bytes(
        (parts / "chunk_00000003.npz").read_bytes()[:500]
    ),
    "emptied": lambda parts: (parts / "chunk_00000003.npz").write_bytes(b""),
    "bit-flipped": lambda parts: _flip(parts / "chunk_00000003.npz"),
    "swapped": lambda parts: (
        os.replace(parts / "chunk_00000003.npz", parts / "x"),
        os.replace(parts / "chunk_00000004.npz", parts / "chunk_00000003.npz"),
        os.replace(parts / "x", parts / "chunk_00000004.npz"),
    ),
    "foreign": lambda parts: (parts / "chunk_00000099.npz").write_bytes(b"junk"),
}


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damaged_parts_are_named_and_computed_again(tmp_path, ctx, reference, kind):
    out, parts = _interrupted(tmp_path, ctx, kind)
    DAMAGE[kind](parts)
    with pytest.warns(SweepRepairWarning, match="chunk_0000009|chunk 3"):
        run(SPEC, out, resume=True, progress=False)
    assert_same_file(out, reference, bookkeeping=False)
    with h5py.File(out, "r") as f:
        n = f["chunk_computations"][:]
    damaged = {"swapped": [3, 4], "foreign": []}.get(kind, [3])
    assert [c for c in range(N_CHUNKS) if n[c] == 2] == damaged and n.min() == 1


def test_deleted_state_files(tmp_path, ctx, reference):
    # a deleted part: computed again (the log says it was computed before: the count is 2)
    out, parts = _interrupted(tmp_path, ctx, "part")
    (parts / "chunk_00000005.npz").unlink()
    run(SPEC, out, resume=True, progress=False)
    assert_same_file(out, reference, bookkeeping=False)
    assert content(out)["chunk_computations"][5] == 2
    # a deleted log is rebuilt from the parts: nothing recomputed, the bookkeeping as if uninterrupted
    out, parts = _interrupted(tmp_path, ctx, "log")
    (parts / "finished.log").unlink()
    run(SPEC, out, resume=True, progress=False)
    assert_same_file(out, reference)
    # a deleted spec.json with a changed spec: every part is from another spec, so all are computed again at the
    # new temperatures (before: 608k of 1.06M values silently at the old ones)
    out, parts = _interrupted(tmp_path, ctx, "spec")
    (parts / "spec.json").unlink()
    changed = {**SPEC, "temp_c": [20.0, 120.0]}
    with pytest.warns(SweepRepairWarning, match="from another spec"):
        run(changed, out, resume=True, progress=False)
    assert_same_file(out, run(changed, tmp_path / "changed_ref.h5", progress=False), bookkeeping=False)
    # with spec.json in place, a changed spec is refused (the interrupted run is kept)
    out, parts = _interrupted(tmp_path, ctx, "kept")
    with pytest.raises(mp.MagphysValueError, match="interrupted run"):
        run(changed, out, resume=True, progress=False)


def test_a_damaged_result_fails_verify_naming_the_chunk(tmp_path, reference, capsys):
    out = tmp_path / "r.h5"
    out.write_bytes(reference.read_bytes())
    assert verify(out).ok and main(["verify", str(out), "--no-progress"]) == 0
    with h5py.File(out, "r+") as f:
        f["out/hcj_a_per_m"][730, 1] *= 1.0 + 1e-15
    v = verify(out)
    assert not v.ok and v.bad_chunks == (7,)
    assert main(["verify", str(out), "--no-progress"]) == 1
    assert "1 of 12 chunks do not match their checksums: 7" in capsys.readouterr().out


def test_full_disk_mid_run_leaves_a_resumable_state(tmp_path, reference, monkeypatch):
    calls = {"n": 0}
    savez = np.savez

    def full_disk(fh, **arrays):
        calls["n"] += 1
        if calls["n"] == 4:
            fh.write(b"partial")
            raise OSError(errno.ENOSPC, "No space left on device")
        return savez(fh, **arrays)

    monkeypatch.setattr(parts_mod.np, "savez", full_disk)
    out = tmp_path / "full.h5"
    with pytest.raises(OSError, match="resume") as err:
        run(SPEC, out, progress=False)
    assert err.value.errno == errno.ENOSPC
    parts = out.with_name(out.name + ".parts")
    assert not list(parts.glob(".*tmp")) and len(list(parts.glob("chunk_*.npz"))) == 3
    assert not out.with_name(out.name + ".lock").exists()
    run(SPEC, out, resume=True, progress=False)
    assert_same_file(out, reference)


def test_the_disk_and_size_limits_refuse_before_any_file(tmp_path, monkeypatch):
    out = tmp_path / "big.h5"
    with pytest.raises(mp.MagphysValueError, match=r"limits\.max_bytes"):
        run(SPEC, out, progress=False, limits=SweepLimits(max_bytes=10_000))
    import shutil

    monkeypatch.setattr(shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(10**9, 10**9 - 1000, 1000))
    with pytest.raises(mp.MagphysValueError, match="free"):
        run(SPEC, out, progress=False)
    assert list(tmp_path.iterdir()) == []


def test_astronomical_specs_are_refused_and_large_ones_plan_in_bounded_memory(tmp_path):
    huge = {"name": "huge", "axes": {a: {"start": 0.0, "stop": 5.0, "num": 10**6} for a in ("dy", "ce", "tb")}}
    huge["fixed"] = {"nd": 22.0, "pr": 7.3, "b": 0.98}
    with pytest.raises(mp.MagphysValueError, match="1e\\+18 points"):
        run(huge, tmp_path / "huge.h5", progress=False)
    many = {"name": "many", "axes": {"dy": {"start": 0.0, "stop": 5.0, "num": 10**9}}, "chunk_size": 1}
    many["fixed"] = huge["fixed"]
    with pytest.raises(mp.MagphysValueError, match="chunk_size"):
        run(many, tmp_path / "many.h5", progress=False)
    assert list(tmp_path.iterdir()) == []
    # 10^9 points in 10^5 chunks: the plan and the last chunk's points without per-point or per-chunk objects
    from magphys.sweep._limits import check_size
    from magphys.sweep._parts import todo
    from magphys.sweep._points import chunk_points

    tracemalloc.start()
    spec = load_spec({**many, "chunk_size": 10_000})
    check_size(spec, SweepLimits())
    plan = todo(spec.n_chunks, {0, 1})
    first = [next(plan) for _ in range(3)]
    last = chunk_points(spec, spec.n_chunks - 1)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert first == [2, 3, 4] and spec.n_points == 10**9 and last["dy"][-1] == 5.0
    assert peak < 5e6, peak  # the last chunk's 10^4 points (80 kB each array), nothing per chunk of the plan


def test_a_value_that_fails_only_at_compute_leaves_nothing_behind(tmp_path):
    bad = {**SPEC, "fixed": {**SPEC["fixed"], "nd": "abc"}}
    with pytest.raises(Exception):  # noqa: B017 - whatever the stage raises, it must leave no state
        run(bad, tmp_path / "bad.h5", progress=False)
    assert list(tmp_path.iterdir()) == []
    run(SPEC, tmp_path / "bad.h5", progress=False)  # the fixed spec runs without --resume


def test_a_read_only_output_folder_is_a_clear_error(tmp_path, monkeypatch):
    ro = tmp_path / "ro"
    ro.mkdir()
    if os.geteuid() == 0:  # root writes into read-only folders: the refusal the OS would give, injected
        from magphys.sweep import _lock

        class ReadOnly:
            def __getattr__(self, name):
                return getattr(os, name)

            def open(self, path, *args, **kwargs):
                raise PermissionError(errno.EACCES, "Permission denied", str(path))

        monkeypatch.setattr(_lock, "os", ReadOnly())
    ro.chmod(0o500)
    try:
        with pytest.raises(mp.MagphysValueError, match="can write"):
            run(SPEC, ro / "x.h5", progress=False)
    finally:
        ro.chmod(0o700)
    assert list(ro.iterdir()) == []
