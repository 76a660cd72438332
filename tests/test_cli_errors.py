"""Bad command lines: each ends as one stderr line ``magphys <command>: error: ...`` and exit status 2, never a
traceback; the checks that can run before any compute do."""

import re
import subprocess
import sys
from pathlib import Path

import h5py
import pytest
from cli_cases import ERROR_LINE, TINY_SPEC, run_cli

import magphys._backend as backend_mod
from magphys.cli import main
from magphys.sweep import run

EXAMPLE_DESIGN = Path(__file__).parents[1] / "examples" / "my_fan_motor.toml"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A tiny sweep spec and its result, and files that are not what a command wants."""
    d = tmp_path_factory.mktemp("cli_errors")
    spec = d / "tiny.toml"
    spec.write_text(TINY_SPEC)
    result = run(spec, d / "tiny.h5", progress=False)
    text = d / "notes.txt"
    text.write_text("not an HDF5 file\n")
    other_h5 = d / "other.h5"
    with h5py.File(other_h5, "w") as f:
        f["x"] = [1.0, 2.0]
    design = d / "bad_design.toml"  # a user's motor with a misspelt key
    design.write_text(EXAMPLE_DESIGN.read_text().replace("stack_mm =", "stack_length_mm ="))
    return {
        "dir": d,
        "spec": spec,
        "result": result,
        "text": text,
        "other_h5": other_h5,
        "design": design,
        "example": EXAMPLE_DESIGN,
    }


@pytest.fixture
def no_cuda(monkeypatch):
    """A machine without a CUDA device (and without the simulator), whatever this one has."""
    monkeypatch.setattr(backend_mod, "simulator_enabled", lambda: False)
    monkeypatch.setattr(backend_mod, "cuda_device_available", lambda: False)


def assert_usage_error(capsys, argv, *needles):
    rc = run_cli(argv)
    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.strip()]
    assert rc == 2, (rc, out, err)
    assert len(lines) == 1, err
    assert "Traceback" not in err + out
    assert re.match(ERROR_LINE, lines[0]), lines[0]
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


# --- the examples of the issue: each printed a traceback before -------------------------------------------


def test_a_non_number_temperature_is_an_argument_error(capsys):
    line = assert_usage_error(capsys, ["magnet", "N42SH", "--temp-c", "abc"], "argument --temp-c", "'abc'")
    assert line.startswith("magphys magnet: error: ")


@pytest.mark.parametrize(
    "argv",
    [["--backend", "cuda", "overview"], ["overview", "--backend", "cuda"], ["--backend", "cuda"]],
    ids=["global", "after-command", "default-job"],
)
def test_cuda_without_a_device_is_reported_before_compute(capsys, no_cuda, argv, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the default job would write its plot here
    line = assert_usage_error(capsys, argv, "no CUDA device")
    assert line.startswith("magphys overview: error:" if "overview" in argv else "magphys compare: error:")
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(("value", "needle"), [("cuda", "no CUDA device"), ("bogus", "backend='bogus'")])
def test_a_bad_magphys_backend_variable_is_reported_before_compute(capsys, no_cuda, monkeypatch, value, needle):
    monkeypatch.setenv("MAGPHYS_BACKEND", value)
    line = assert_usage_error(capsys, ["overview", "--grades", "N42", "--temp-c", "20"], needle)
    assert line.startswith("magphys overview: error:")
    assert not capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["overview", "--grades", "N42", "--temp-c", "20", "--plot", "{missing}/x.png"],
        ["magnet", "N42SH", "--plot", "{missing}/x.png"],
        ["grains", "N42SH", "--grains", "2000", "--plot", "{missing}/x.png"],
        ["motor", "server_fan_80mm", "--map", "{missing}/x.png"],
        ["rack", "--plot", "{missing}/x.png"],
        ["compare", "--duty", "fan", "--plot", "{missing}/x.png"],
        ["plot", "{result}", "--out", "{missing}/x.png"],
        ["pareto", "{result}", "--objectives", "hcj_a_per_m@150:max,dy:min", "--out", "{missing}/f.csv"],
    ],
    ids=lambda a: a[0],
)
def test_an_output_in_a_missing_folder_fails_before_compute(capsys, files, argv):
    argv = [a.format(missing=files["dir"] / "no" / "such", result=files["result"]) for a in argv]
    assert_usage_error(capsys, argv, "does not exist")


@pytest.mark.parametrize("kind", ["text", "spec", "other_h5", "missing", "dir"])
@pytest.mark.parametrize("command", ["pareto", "plot"])
def test_a_result_that_is_not_a_sweep_file(capsys, files, kind, command):
    path = files["dir"] / "missing.h5" if kind == "missing" else files[kind]
    extra = ["--objectives", "hcj_a_per_m@150:max,dy:min"] if command == "pareto" else []
    assert_usage_error(capsys, [command, path, *extra], "argument result")


@pytest.mark.parametrize("option", ["--var", "--x", "--y"])
def test_plot_of_an_unknown_variable_names_the_valid_ones(capsys, files, tmp_path, option):
    line = assert_usage_error(capsys, ["plot", files["result"], option, "bogus", "--out", tmp_path / "p.png"])
    assert "bogus" in line and ("hcj_a_per_m" in line if option == "--var" else "dy" in line)
    assert not (tmp_path / "p.png").exists()


# --- values the library would take silently, or fail on deep inside: checked by the converters ----------------


@pytest.mark.parametrize(
    "argv",
    [
        ["overview", "--temp-c", ""],  # an empty table before
        ["overview", "--temp-c", "-300"],  # below absolute zero
        ["overview", "--grades", ","],
        ["grains", "N42SH", "--grains", "abc"],  # ValueError
        ["grains", "N42SH", "--grains", "nan"],  # ValueError
        ["grains", "N42SH", "--grains", "inf"],  # OverflowError
        ["grains", "N42SH", "--grains", "2.5"],  # silently 2 grains before
        ["grains", "N42SH", "--grains", "2000", "--seed", "-1"],  # numpy's ValueError
        ["grains", "N42SH", "--grains", "2000", "--temp-c", "abc"],
        ["compare", "--duty", "fan", "--electricity-usd-per-kwh", "nan"],  # every route 'infeasible' before
        ["compare", "--duty", "fan", "--electricity-usd-per-kwh", "-1"],  # negative prices before
        ["compare", "--duty", "fan", "--flow-cfm", "0"],  # silently the default 60 CFM before
        ["compare", "--duty", "fan", "--pressure-pa", "0"],  # silently the default 300 Pa before
        ["compare", "--duty", "fan", "--life-years", "0"],  # silently the default 7 years before
        ["compare", "--routes", ""],  # silently all routes before
        ["plot", "{result}", "--temp-c", "nan"],  # KeyError
        ["sweep", "{spec}", "--out", "{dir}/s.h5", "--scheduler", "bogus"],  # left a parts folder before
        ["overview", "--plot", "{dir}"],  # a folder: matplotlib wrote '<folder>.png' before
        ["overview", "--plot", "{dir}/x.unknown"],  # matplotlib's ValueError after the compute
        ["overview", "--plot", ""],  # silently no plot before
        # magnitudes the models' float arithmetic does not survive
        ["rack", "--cooling", "liquid", "--it-kw", "1e-30"],  # OverflowError
        ["rack", "--cooling", "liquid", "--it-kw", "1e-300"],  # ZeroDivisionError
        ["rack", "--cooling", "hybrid", "--liquid-fraction", "1e-30"],  # OverflowError
        ["rack", "--it-kw", "1.7e308"],  # OverflowError
        ["hall", "--racks", "1.7e308"],  # OverflowError
        ["compare", "--duty", "fan", "--pressure-pa", "5e-324"],  # ZeroDivisionError
        ["compare", "--duty", "pump", "--flow-m3-s", "1.7e308"],  # ValueError: math domain error
        ["magnet", "N42SH", "--pc", "1.7e308", "--plot", "{dir}/pc.png"],  # overflow in the load line
        ["grains", "N42SH", "--grains", "1e300"],  # a 300-digit grain count in the library's message
    ],
)
def test_bad_values_are_caught_by_the_converters(capsys, files, argv):
    argv = [a.format(**files) for a in argv]
    assert_usage_error(capsys, argv, "argument ")
    assert not (files["dir"] / "s.h5.parts").exists()


@pytest.mark.parametrize("option", [["--compare", "--scenario", "nowhere"], ["--climate", "nowhere"]])
def test_hall_checks_scenario_and_climate_before_the_roll_up(capsys, option):
    rc = run_cli(["hall", "--racks", "10", *option])
    out, err = capsys.readouterr()
    assert rc == 2 and "nowhere" in err
    assert not out  # nothing computed, nothing printed


def test_help_is_status_0(capsys):
    assert run_cli(["sweep", "--help"]) == 0
    assert "--resume" in capsys.readouterr().out


def test_a_zero_degree_medium_is_no_longer_the_default(capsys):
    assert run_cli(["compare", "--duty", "fan", "--routes", "dy_bulk", "--ambient-c", "0"]) == 0
    assert "0 degC" in capsys.readouterr().out  # `args.ambient_c or 45` made it 45 before


# --- errors the library raises, converted in one place ---------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["magnet", "N42XS"], "N42SH"),  # close matches
        (["magnet", "N42SH", "--temp-c", "5000"], "Curie"),
        (["motor", "bogus"], "reference"),
        (["motor"], "reference=None"),
        # a user's design file: a misspelt key, a file that is not TOML, none at all, a table it lacks
        (["motor", "--design", "{design}"], "stack_length_mm"),
        (["motor", "--design", "{text}"], "valid TOML"),
        (["motor", "--design", "{dir}/nowhere.toml"], "that exists"),
        (["motor", "other_fan", "--design", "{example}"], "my_fan_motor"),
        (["rack", "--fan", "bogus"], "fan"),
        (["hall", "--racks", "10", "--climate", "{dir}/nowhere.csv"], "climate"),
        (["hall", "--racks", "10", "--climate", "{text}"], "climate"),
        (["compare", "--duty", "fan", "--as-of", "someday"], "as_of"),
        # a flow in the other duty's unit was dropped for the default flow before
        (["compare", "--duty", "pump", "--flow-cfm", "100"], "flow_cfm"),
        (["compare", "--duty", "fan", "--flow-l-min", "100"], "flow_l_min"),
        (["compare", "--duty", "pump", "--flow-l-min", "100", "--flow-m3-s", "0.002"], "flow_m3_s"),
        (["sweep", "{text}", "--out", "{dir}/t.h5"], "spec"),
        (["sweep", "{spec}", "--out", "{result}"], "out"),  # exists
        (["pareto", "{result}", "--objectives", "bogus:max,dy:min"], "objectives"),
        (["plot", "{result}", "--where", "dy=0.5", "--out", "{dir}/w.png"], "where.dy"),
        # the nearest temperature was plotted before, labelled with the one asked for
        (["plot", "{result}", "--temp-c", "151", "--out", "{dir}/t.png"], "one of the sweep's temperatures"),
    ],
)
def test_library_errors_are_one_line(capsys, files, argv, needle):
    argv = [a.format(**files) for a in argv]
    line = assert_usage_error(capsys, argv, needle)
    assert "argument " not in line  # these pass the converters: the library names the parameter


def test_an_os_error_while_writing_is_one_line(capsys, files, monkeypatch):
    import magphys.plot

    def refuse(plt, fig, path):
        plt.close(fig)
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(magphys.plot, "_save", refuse)
    line = assert_usage_error(capsys, ["magnet", "N42SH", "--temp-c", "20", "--plot", files["dir"] / "d.png"])
    assert line.endswith("d.png: Permission denied")


@pytest.mark.parametrize(
    "argv",
    [
        ["bogus"],
        ["--backend", "bogus", "overview"],
        ["overview", "--bogus"],
        ["magnet"],
        ["rack", "--cooling", "steam"],
        ["pareto", "{result}"],  # --objectives is required
    ],
)
def test_argparse_errors_are_one_line_without_the_usage_block(capsys, files, argv):
    assert_usage_error(capsys, [a.format(**files) for a in argv])


def test_a_bug_still_shows_its_traceback(monkeypatch):
    import magphys.cli.magnets as magnets

    def broken():
        raise ZeroDivisionError("a bug, not bad input")

    monkeypatch.setattr(magnets, "grade_names", broken)
    with pytest.raises(ZeroDivisionError):
        main(["grades"])


def test_the_console_script_prints_one_line_and_exits_2(tmp_path):
    res = subprocess.run(
        [sys.executable, "-m", "magphys.cli", "magnet", "N42SH", "--temp-c", "abc"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )
    assert res.returncode == 2
    assert res.stderr.count("\n") == 1 and "Traceback" not in res.stderr
    assert res.stderr.startswith("magphys magnet: error: argument --temp-c")
