"""The command line and the examples, as a user runs them."""

import subprocess
import sys
from pathlib import Path

import pytest

from magphys.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_overview_prints_table_and_writes_png(tmp_path, capsys):
    png = tmp_path / "overview.png"
    assert main(["overview", "--grades", "N42,N42SH,FERRITE-C8", "--temp-c", "20,100,150", "--plot", str(png)]) == 0
    out = capsys.readouterr().out
    assert "N42SH" in out and "FERRITE-C8" in out and "Tw(Pc=1)" in out
    assert out.count(" ok") == 9  # 3 grades x 3 temperatures, all inside the model
    assert png.stat().st_size > 10_000


def test_magnet_command_reports_loss_and_plots(tmp_path, capsys):
    png = tmp_path / "demag.png"
    assert main(["magnet", "n42sh", "--temp-c", "20,80,150", "--pc", "1", "--plot", str(png)]) == 0
    out = capsys.readouterr().out
    assert "irreversible loss after 1 h at 150 degC" in out
    assert png.stat().st_size > 10_000


def test_unknown_grade_exits_2_with_suggestions(capsys):
    assert main(["magnet", "N42XS"]) == 2
    assert "N42SH" in capsys.readouterr().err


def test_console_script_runs_default_job(tmp_path):
    res = subprocess.run(
        [sys.executable, "-m", "magphys.cli", "overview", "--grades", "N42", "--temp-c", "20"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )
    assert res.returncode == 0, res.stderr
    assert "N42" in res.stdout


@pytest.mark.parametrize("script", sorted((ROOT / "examples").glob("*.py")), ids=lambda p: p.name)
def test_example_runs(script, tmp_path):
    res = subprocess.run(
        [sys.executable, str(script), "--plot", str(tmp_path / "ex.png")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "ex.png").exists()


def test_motor_command_prints_the_operating_point_and_map(tmp_path, capsys):
    png = tmp_path / "map.png"
    assert (
        main(
            [
                "motor",
                "server_fan_80mm",
                "--speed-rpm",
                "9000",
                "--torque-nm",
                "0.012",
                "--ambient-c",
                "35",
                "--map",
                str(png),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "efficiency" in out and "winding" in out and "-> ok" in out
    assert png.stat().st_size > 10_000
    assert main(["motor", "server_fan_80mm", "--torque-nm", "5"]) == 2
    assert "current limit" in capsys.readouterr().err


def test_motor_command_runs_a_users_design_file(capsys):
    example = ROOT / "examples" / "my_fan_motor.toml"
    assert main(["motor", "--design", str(example)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("my_fan_motor with BONDED-NDFEB-BN10:")
    assert "9500 rpm, 0.012 N m, cooling medium 35 degC -> ok" in out
    assert main(["motor", "my_fan_motor", "--design", str(example), "--speed-rpm", "8000"]) == 0
    assert "8000 rpm" in capsys.readouterr().out


def test_readme_python_example_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the example writes a sweep file
    text = (ROOT / "README.md").read_text()
    block = text.split("```python", 1)[1].split("```", 1)[0]
    exec(compile(block, "README.md", "exec"), {})


def test_rack_and_hall_commands(tmp_path, capsys):
    png = tmp_path / "rack.png"
    assert main(["rack", "--it-kw", "30", "--cooling", "air", "--inlet-c", "27", "--plot", str(png)]) == 0
    out = capsys.readouterr().out
    assert "partial PUE" in out and "fans" in out and "plant" in out and png.stat().st_size > 10_000
    assert main(["rack", "--it-kw", "120", "--cooling", "air"]) == 1  # the fans it needs do not fit
    assert "does not fit" in capsys.readouterr().out
    assert main(["rack", "--it-kw", "30", "--cooling", "air", "--server-u", "1", "--fan-count", "100"]) == 1
    assert "short" in capsys.readouterr().out
    assert main(["hall", "--racks", "10", "--cooling", "liquid", "--climate", "cold", "--compare"]) == 0
    out = capsys.readouterr().out
    assert "Dy_kg_per_mw" in out and "peak magnet" in out and "cooling energy" in out and "avoided kg" in out
    assert main(["rack", "--it-kw", "-3"]) == 2


def test_compare_command_prints_both_duties_and_plots(tmp_path, capsys):
    png = tmp_path / "cmp.png"
    assert main(["compare", "--routes", "dy_bulk,ferrite,induction_ie3", "--plot", str(png)]) == 0
    out = capsys.readouterr().out
    assert "fan duty" in out and "pump duty" in out and "ferrite" in out and png.stat().st_size > 10_000
    assert main(["compare", "--duty", "fan", "--routes", "dy_bulk", "--scenario", "nowhere"]) == 2


def test_compare_command_takes_the_motor_options_and_a_users_motor(capsys):
    args = ["compare", "--duty", "fan", "--flow-cfm", "120", "--pressure-pa", "318", "--routes", "bonded"]
    assert (
        main(
            [
                *args,
                "--envelope-mm",
                "40",
                "38",
                "--supply",
                "24V_dc",
                "--motor",
                str(ROOT / "examples" / "my_fan_motor.toml"),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "24V_dc in 40 x 38 mm" in out and "user_motor" in out
    assert main([*args, "--topology", "axial_flux"]) == 2
    assert main([*args, "--supply", "9V_battery"]) == 2


def test_sweep_and_pareto_commands(tmp_path, capsys):
    out = tmp_path / "run.h5"
    assert main(["sweep", str(ROOT / "examples" / "sweep_dy_ce_gbd.toml"), "--out", str(out), "--no-progress"]) == 0
    assert "3,328 points" in capsys.readouterr().out
    assert (
        main(["pareto", str(out), "--objectives", "hcj_a_per_m@150:max,dy:min", "--out", str(tmp_path / "f.csv")]) == 0
    )
    assert "non-dominated" in capsys.readouterr().out and (tmp_path / "f.csv").exists()
    assert main(["sweep", str(ROOT / "examples" / "sweep_dy_ce_gbd.toml"), "--out", str(out)]) == 2  # exists
    assert main(["pareto", str(out), "--objectives", "hcj_a_per_m@151:max,dy:min"]) == 2
