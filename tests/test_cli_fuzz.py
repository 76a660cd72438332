"""Fuzzing the command line: every command, one argument at a time replaced by a wrong value.

A command either runs (exit 0, or 1 for a rack whose cooling falls short, output on stdout and nothing on
stderr) or refuses (exit 2, exactly one stderr line ``magphys ...: error: ...``); it never shows a
traceback. Each command's base invocation is small, so an accepted wrong value costs little.
"""

import itertools
import re
from pathlib import Path

import h5py
import pytest
from cli_cases import ERROR_LINE, TINY_SPEC, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import magphys._backend as backend_mod
from magphys.cli import main
from magphys.sweep import run

# wrong values by kind; a value a command accepts must still be cheap (no large grain count, no Dask address)
NUMBER = ["abc", "", " ", "nan", "NaN", "inf", "-inf", "-1", "-0.5", "0", "1,2", "0x10"]
NUMBER += ["1e300", "-1e300", "1e20", "1.7e308", "5e-324", "1e-30"]  # beyond the float range the models survive
INTEGER = [*NUMBER, "2.5", "1e-3", "99999999999999999999999"]
TEMPS = ["", ",", "abc", "20,abc", "nan", "20,inf", "-300", "1e300", "-1e300", "20;80", "1e20,20"]
NAME = ["", " ", "bogus", "N42 SH", "../etc/passwd", "ñ", "x" * 300, "-", "--"]
NAMES = ["", ",", " , ", "bogus", "N42,bogus", "N42;N42SH"]
DATE = ["bogus", "", "2025-13-01", "1800-01-01", "2025-02-30", "2025-12-01T00:00"]
OBJECTIVES = ["", ":", "bogus:max,dy:min", "hcj_a_per_m@150:max", "hcj_a_per_m@nan:max,dy:min", "a:min,b:min,c:min"]
OBJECTIVES += ["hcj_a_per_m@150:max,dy:sideways", "hcj_a_per_m@150:max,dy:min,ce:min,br_t@20:max,js_t@20:max"]
WHERE = ["bogus", "bogus=1", "dy=abc", "dy=0.5", "dy=nan", "=", ",", "dy=1e300", "dy=0,", "ce=2=3"]
BACKEND = ["bogus", "", "CPU", "cuda"]  # cuda: on a machine without a device (patched below)
SCHEDULER = ["bogus", "", "local:", "tcp:"]


def _paths(d):
    """Wrong paths of each kind, under ``d`` ("" stays empty, "." is ``d`` itself)."""

    def under(*names):
        return [str(d / n) if n else "" for n in names]

    return {
        "out": under("no/such/x.png", ".", "", "x.unknown", "notes.txt/x.png"),
        "csv": under("no/such/f.csv", ".", ""),
        "result": under("missing.h5", "notes.txt", "tiny.toml", "other.h5", "."),
        "spec": under("missing.toml", "notes.txt", "bad.toml", "tiny.h5", "binary.csv", ".", ""),
        "climate": [
            "bogus",
            *under("", "missing.csv", "notes.txt", "nan.csv", "neg.csv", "binary.csv", "tiny.h5", "."),
        ],
        "h5out": under("tiny.h5", ".", ""),
    }


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli_fuzz")
    (d / "tiny.toml").write_text(TINY_SPEC)
    run(d / "tiny.toml", d / "tiny.h5", progress=False)
    (d / "notes.txt").write_text("not an HDF5 file\n")
    (d / "bad.toml").write_text('name = "b"\nstages = ["nowhere"]\n[axes.dy]\nvalues = []\n')
    (d / "nan.csv").write_text("temp_c,it_load\nnan,1\n20,1\n")
    (d / "neg.csv").write_text("temp_c,it_load\n20,-1\n25,5\n")
    (d / "binary.csv").write_bytes(b"temp_c\n\x89\xff\n")
    with h5py.File(d / "other.h5", "w") as f:
        f["x"] = [1.0, 2.0]
    return d


def bases(d):
    """Each command's valid, quick invocation as (option, value, wrong values) slots; option None for a
    positional, value None for a flag."""
    p = _paths(d)
    png = str(d / "out.png")
    h5 = str(d / "tiny.h5")
    return {
        "overview": [
            ("overview", None, []),
            ("--grades", "N42,N42SH", NAMES),
            ("--temp-c", "20,150", TEMPS),
            ("--plot", png, p["out"]),
            ("--backend", "cpu", BACKEND),
        ],
        "magnet": [
            ("magnet", None, []),
            (None, "N42SH", NAME),
            ("--temp-c", "20,150", TEMPS),
            ("--pc", "1", NUMBER),
            ("--thickness-mm", "3", NUMBER),
            ("--plot", png, p["out"]),
            ("--backend", "cpu", BACKEND),
        ],
        "grains": [
            ("grains", None, []),
            (None, "N42SH", NAME),
            ("--grains", "2000", INTEGER),
            ("--steps", "20", INTEGER),
            ("--temp-c", "120", TEMPS),
            ("--size-mm", "10", NUMBER),
            ("--thickness-mm", "4", NUMBER),
            ("--pc", "1", NUMBER),
            ("--seed", "1", [v for v in INTEGER if v != "0"]),  # another valid seed would recalibrate (seconds)
            ("--plot", png, p["out"]),
            ("--backend", "cpu", BACKEND),
        ],
        "motor": [
            ("motor", None, []),
            (None, "server_fan_80mm", NAME),
            ("--magnet", "BONDED-NDFEB-BN10", NAME),
            ("--speed-rpm", "9000", NUMBER),
            ("--torque-nm", "0.012", NUMBER),
            ("--ambient-c", "35", NUMBER),
            ("--map", png, p["out"]),
            ("--backend", "cpu", BACKEND),
        ],
        "rack": [
            ("rack", None, []),
            ("--it-kw", "30", NUMBER),
            ("--cooling", "air", NAME),
            ("--inlet-c", "27", NUMBER),
            ("--server-u", "1", INTEGER),
            ("--rack-u", "42", INTEGER),
            ("--air-class", "A2", NAME),
            ("--fan", "San Ace 40 9GA0412P3K01", NAME),
            ("--plot", png, p["out"]),
            ("--backend", "cpu", BACKEND),
        ],
        "rack-liquid": [
            ("rack", None, []),
            ("--it-kw", "120", NUMBER),
            ("--cooling", "hybrid", NAME),
            ("--liquid-fraction", "0.7", NUMBER),
            ("--coolant", "PG25", NAME),
            ("--supply-c", "35", NUMBER),
            ("--server-u", "1", INTEGER),
            ("--fan-count", "400", INTEGER),
        ],
        "rack-water-class": [
            ("rack", None, []),
            ("--cooling", "liquid", NAME),
            ("--water-class", "W32", NAME),
            ("--outdoor-c", "20", NUMBER),
            ("--heat-rejection", "tower", NAME),
        ],
        "hall": [
            ("hall", None, []),
            ("--racks", "10", INTEGER),
            ("--cooling", "liquid", NAME),
            ("--climate", "cold", p["climate"]),
            ("--chillerless", None, []),
            ("--it-kw", "120", NUMBER),
            ("--backend", "cpu", BACKEND),
        ],
        "hall-compare": [  # apart: the route comparison is the slow part of a hall
            ("hall", None, []),
            ("--racks", "10", []),
            ("--compare", None, []),
            ("--scenario", "ex_china_2025", NAME),
        ],
        "compare-fan": [
            ("compare", None, []),
            ("--duty", "fan", NAME),
            ("--routes", "dy_bulk,ferrite", NAMES),
            ("--flow-cfm", "60", NUMBER),
            ("--pressure-pa", "300", NUMBER),
            ("--ambient-c", "45", NUMBER),
            ("--hours-per-year", "8760", NUMBER),
            ("--life-years", "7", NUMBER),
            ("--scenario", "ex_china_2025", NAME),
            ("--as-of", "2025-12-01", DATE),
            ("--electricity-usd-per-kwh", "0.1", NUMBER),
            ("--plot", png, p["out"]),
            ("--backend", "cpu", BACKEND),
        ],
        "compare-pump": [
            ("compare", None, []),
            ("--duty", "pump", NAME),
            ("--routes", "dy_bulk", NAMES),
            ("--flow-l-min", "400", NUMBER),
            ("--pressure-pa", "3e5", NUMBER),
        ],
        "compare-m3-s": [
            ("compare", None, []),
            ("--duty", "pump", NAME),
            ("--routes", "ferrite", NAMES),
            ("--flow-m3-s", "0.006", NUMBER),
        ],
        "sweep": [
            ("sweep", None, []),
            (None, str(d / "tiny.toml"), p["spec"]),
            ("--out", "{fresh}", p["h5out"]),
            ("--scheduler", None, SCHEDULER),  # appended with a wrong value only
            ("--no-progress", None, []),
            ("--max-points", "1e6", INTEGER),
            ("--max-gb", "10", NUMBER),
            ("--backend", "cpu", BACKEND),
        ],
        "verify": [
            ("verify", None, []),
            (None, h5, p["result"]),
            ("--no-progress", None, []),
        ],
        "pareto": [
            ("pareto", None, []),
            (None, h5, p["result"]),
            ("--objectives", "hcj_a_per_m@150:max,dy:min", OBJECTIVES),
            ("--out", str(d / "front.csv"), p["csv"]),
            ("--backend", "cpu", BACKEND),
        ],
        "plot": [
            ("plot", None, []),
            (None, h5, p["result"]),
            ("--var", "hcj_a_per_m", NAME),
            ("--temp-c", "150", NUMBER),
            ("--x", "dy", NAME),
            ("--y", "ce", NAME),
            ("--front", "hcj_a_per_m@150:max,dy:min", OBJECTIVES),
            ("--where", "ce=2", WHERE),
            ("--out", png, p["out"]),
        ],
        "grades": [
            ("grades", None, []),
            ("--backend", "cpu", BACKEND),
        ],
    }


_fresh = itertools.count()
MISSING = object()  # the option without its value, or the positional left out


def argv_of(slots, d, replace=None):
    """The command line of ``slots``, with slot ``replace = (index, value)`` given that value."""
    argv = []
    for i, (option, value, _) in enumerate(slots):
        if replace is not None and replace[0] == i:
            value = replace[1]
        elif option == "--scheduler":  # only ever given wrong
            continue
        if value is MISSING:
            value = None
        elif value == "{fresh}":  # a sweep writes a new file each time
            value = str(d / f"run{next(_fresh)}.h5")
        argv += [a for a in (option, value) if a is not None]
    return argv


def check(capsys, argv, command):
    rc = run_cli(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err, (argv, err)
    if rc == 2:
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) == 1, (argv, err)
        assert re.match(ERROR_LINE, lines[0]), (argv, lines[0])
    else:
        assert rc in ((0, 1) if command == "rack" else (0,)), (argv, rc, err)
        assert out.strip() and not err.strip(), (argv, out, err)


@pytest.fixture(scope="module")
def warm(fuzz_dir):
    """Each base invocation once (compiles the kernels and caches the grain calibration): valid, exit 0."""
    for name, slots in bases(fuzz_dir).items():
        argv = argv_of(slots, fuzz_dir)
        assert main(argv) == 0, (name, argv)
    return fuzz_dir


def _mutations(slots):
    """Every (slot, wrong value) of a command: the curated ones, and generated text for names and numbers."""
    curated = [(i, v) for i, (_, _, wrong) in enumerate(slots) for v in [*wrong, *([MISSING] if wrong else [])]]
    names = [i for i, (_, _, wrong) in enumerate(slots) if wrong is NAME]
    numbers = [i for i, (_, _, wrong) in enumerate(slots) if wrong is NUMBER]
    # text as a shell can pass it: no NUL, no lone surrogates
    text = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=12)
    strategies = [st.sampled_from(curated)]
    if names:
        strategies.append(st.tuples(st.sampled_from(names), text))
    if numbers:
        strategies.append(st.tuples(st.sampled_from(numbers), st.floats().map(repr) | text))
    return st.one_of(strategies)


@pytest.mark.parametrize("name", list(bases(Path("."))))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_one_wrong_argument_is_one_line_and_exit_2(capsys, warm, name, data):
    # capsys is drained by each example (readouterr), so sharing it across examples is safe
    slots = bases(warm)[name]
    index, value = data.draw(_mutations(slots), label="slot, value")
    argv = argv_of(slots, warm, (index, value))
    with pytest.MonkeyPatch.context() as mp:  # 'cuda' means a machine without a device
        mp.setattr(backend_mod, "simulator_enabled", lambda: False)
        mp.setattr(backend_mod, "cuda_device_available", lambda: False)
        check(capsys, argv, slots[0][0])
