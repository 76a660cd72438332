"""A user's own motor: a design read from a TOML file (mp.motor.from_toml) and a motor calibrated to a
datasheet (mp.motor.from_datasheet)."""

import math
from pathlib import Path

import numpy as np
import pytest

import magphys as mp
from magphys.errors import MagphysValueError
from magphys.kernels import layout as L
from magphys.kernels.motor import flux_at
from magphys.motor._datasheet import KE_TO_KT
from magphys.motor._files import design_toml

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "my_fan_motor.toml"


def kt20(motor) -> float:
    return float(flux_at(motor.record, motor.magnet.record, 293.15)[2])


# --- from_toml ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", mp.motor.reference_names())
def test_a_reference_design_round_trips_through_toml(tmp_path, name):
    ref = mp.motor.reference_design(name)
    path = tmp_path / "design.toml"
    path.write_text(design_toml(ref), encoding="utf-8")
    back = mp.motor.from_toml(path)
    assert back.name == name
    assert back == ref
    np.testing.assert_allclose(back.record(1.05), ref.record(1.05), rtol=1e-12, atol=0.0)


def test_a_generated_design_round_trips_through_toml(tmp_path):
    m = mp.motor.from_datasheet(13.2, 10500, kt_nm_per_a=0.0105, r_phase_ohm=0.25, no_load_loss_w=1.5)
    path = tmp_path / "gen.toml"
    path.write_text(design_toml(m.design), encoding="utf-8")
    back = mp.motor.from_toml(path)
    assert back == m.design
    rho, mu = m.magnet.density_kg_m3, float(m.magnet.record[L.R_MU_REC])
    np.testing.assert_allclose(back.record(mu, rho), m.record, rtol=1e-12, atol=0.0)


def test_the_example_file_is_a_working_motor():
    d = mp.motor.from_toml(EXAMPLE)
    assert d.name == "my_fan_motor" and d.turns_per_phase == 22
    m = mp.motor.Motor(d, mp.Magnet.from_grade(d.magnet))
    op = m.operating_point(**m.rated_point())
    assert op.status == "ok" and 0.5 < op.efficiency < 1.0


def test_name_picks_one_of_several_tables():
    path = ROOT / "magphys" / "data" / "motor_designs.toml"
    assert mp.motor.from_toml(path, "ec_fan_1kw") == mp.motor.reference_design("ec_fan_1kw")
    with pytest.raises(MagphysValueError, match=r"name=None.*holds 4 designs"):
        mp.motor.from_toml(path)
    with pytest.raises(MagphysValueError, match="did you mean ec_fan_1kw"):
        mp.motor.from_toml(path, "ec_fan_1k")


def test_keys_at_the_top_level_are_one_design_named_after_the_file(tmp_path):
    body = EXAMPLE.read_text().split("[my_fan_motor]\n", 1)[1]
    path = tmp_path / "flat_fan.toml"
    path.write_text(body)
    assert mp.motor.from_toml(path).name == "flat_fan"
    assert mp.motor.from_toml(path, "mine").name == "mine"


def _edited(tmp_path, old: str | None, new: str) -> Path:
    """The example with line ``old`` (a key = value line, matched by its key) replaced by ``new``, or ``new``
    appended where ``old`` is None."""
    lines = EXAMPLE.read_text().splitlines()
    if old is None:
        lines.append(new)
    else:
        lines = [new if ln.split("=")[0].strip() == old else ln for ln in lines]
    path = tmp_path / "bad.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        (None, "r_gap_in = 1.0", "r_gap_in"),  # unknown key
        (None, "turns_per_phse = 22", "turns_per_phse"),  # a typo: close match suggested
        ("stack_mm", "", "stack_mm"),  # missing required key
        ("stack_mm", 'stack_mm = "13"', "stack_mm"),  # wrong type
        ("drive_in_housing", "drive_in_housing = 1", "drive_in_housing"),  # a number is not a flag
        ("pole_pairs", "pole_pairs = 2.5", "pole_pairs"),  # not an integer
        ("description", "description = 3", "description"),
        ("stack_mm", "stack_mm = -13.0", "stack_mm"),  # out of range
        ("pole_arc", "pole_arc = 1.2", "pole_arc"),
        ("ripple", "ripple = nan", "ripple"),  # not finite
        ("rated_torque_nm", "rated_torque_nm = inf", "rated_torque_nm"),
        ("magnet_thickness_mm", "magnet_thickness_mm = 20.0", "magnet_thickness_mm"),  # does not fit the rotor
        ("fluid", 'fluid = "steam"', "fluid"),
        ("lamination", 'lamination = "M999"', "lamination"),
        ("magnet", 'magnet = "N42XS"', "magnet"),
        ("topology", 'topology = "pancake"', "topology"),
        (None, "iron_loss_factor = 0.0", "iron_loss_factor"),
    ],
)
def test_a_bad_design_file_names_the_key(tmp_path, old, new, key):
    path = _edited(tmp_path, old, new)
    with pytest.raises(MagphysValueError) as info:
        mp.motor.from_toml(path)
    assert info.value.parameter == key, str(info.value)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("content", [b"[a\nb = ", b"\xff\xfe\x00binary", b""], ids=["not-toml", "binary", "empty"])
def test_a_file_that_is_not_a_design(tmp_path, content):
    path = tmp_path / "x.toml"
    path.write_bytes(content)
    with pytest.raises(MagphysValueError, match="path="):
        mp.motor.from_toml(path)


def test_a_missing_file_and_a_bad_path(tmp_path):
    with pytest.raises(MagphysValueError, match=r"path=.*that exists"):
        mp.motor.from_toml(tmp_path / "nowhere.toml")
    with pytest.raises(MagphysValueError, match="path=3"):
        mp.motor.from_toml(3)


def test_top_level_keys_beside_tables_are_refused(tmp_path):
    path = tmp_path / "mixed.toml"
    path.write_text("stray = 1\n" + EXAMPLE.read_text())
    with pytest.raises(MagphysValueError, match=r"stray=1.*mixes"):
        mp.motor.from_toml(path)


def test_iron_loss_factor_scales_the_core_coefficients():
    d = mp.motor.reference_design("server_fan_80mm")
    r1, r2 = d.record(1.05), d.with_changes(iron_loss_factor=1.7).record(1.05)
    assert r2[L.P_KH] == pytest.approx(1.7 * r1[L.P_KH], rel=1e-14)
    assert r2[L.P_KE] == pytest.approx(1.7 * r1[L.P_KE], rel=1e-14)
    with pytest.raises(MagphysValueError, match="iron_loss_factor"):
        d.with_changes(iron_loss_factor=-1.0)


# --- from_datasheet ------------------------------------------------------------------------------------------

FAN = dict(rated_power_w=13.2, speed_rpm=10500, kt_nm_per_a=0.0105, r_phase_ohm=0.25, no_load_loss_w=1.5)
# a mains motor winds ~180 turns: the turn rounding leaves K_t within 0.3 %
MAINS = dict(
    rated_power_w=500.0,
    speed_rpm=3000,
    kt_nm_per_a=1.25,
    r_phase_ohm=3.0,
    no_load_loss_w=12.0,
    l_phase_mh=20.0,
    supply="230V_1ph",
)


@pytest.fixture(scope="module")
def fan():
    return mp.motor.from_datasheet(**FAN, name="my_fan")


@pytest.fixture(scope="module")
def mains():
    return mp.motor.from_datasheet(**MAINS)


def _no_load_w(motor, speed_rpm, ambient_c=40.0):
    losses = motor.operating_point(speed_rpm, 0.0, ambient_c).losses_w
    return losses["iron"] + losses["bearing"] + losses["windage"]


@pytest.mark.parametrize("case", ["fan", "mains"])
def test_the_calibrated_motor_has_the_datasheet_constants(request, case):
    m = request.getfixturevalue(case)
    sheet = FAN if case == "fan" else MAINS
    n = m.design.turns_per_phase
    assert n == round(n)
    # K_t within the turn rounding 0.5 / N (the stated tolerance), R exact
    assert abs(kt20(m) / sheet["kt_nm_per_a"] - 1.0) <= 0.5 / n + 1e-12
    assert m.record[L.P_R20_OHM] == pytest.approx(sheet["r_phase_ohm"], rel=1e-12)
    assert _no_load_w(m, sheet["speed_rpm"]) == pytest.approx(sheet["no_load_loss_w"], rel=1e-4)


def test_a_many_turn_winding_matches_kt_within_1_percent(mains):
    assert mains.design.turns_per_phase >= 50
    assert kt20(mains) == pytest.approx(MAINS["kt_nm_per_a"], rel=0.01)
    assert mains.record[L.P_R20_OHM] == pytest.approx(MAINS["r_phase_ohm"], rel=0.01)
    assert _no_load_w(mains, MAINS["speed_rpm"]) == pytest.approx(MAINS["no_load_loss_w"], rel=0.02)
    assert "synchronous inductance" in mains.design.notes and "datasheet 20 mH" in mains.design.notes


def test_the_datasheet_motor_is_named_and_rated(fan):
    assert fan.name == "my_fan"
    assert fan.design.rated_speed_rpm == FAN["speed_rpm"]
    assert fan.design.rated_shaft_power_w() == pytest.approx(FAN["rated_power_w"], rel=1e-12)
    assert "datasheet" in fan.design.duty_source and "rewound" in fan.design.notes


def test_ke_gives_the_same_motor_as_its_kt():
    ke = FAN["kt_nm_per_a"] / KE_TO_KT  # V rms line-to-line per 1000 rpm
    assert ke == pytest.approx(FAN["kt_nm_per_a"] * 1000 * 2 * math.pi / 60 / math.sqrt(3))
    sheet = {k: v for k, v in FAN.items() if k != "kt_nm_per_a"}
    by_ke = mp.motor.from_datasheet(**sheet, ke_v_per_krpm=ke)
    by_kt = mp.motor.from_datasheet(**FAN)
    np.testing.assert_allclose(by_ke.record, by_kt.record, rtol=1e-9)
    both = mp.motor.from_datasheet(**FAN, ke_v_per_krpm=1.03 * ke)  # within 5 %: K_t is used
    np.testing.assert_allclose(both.record, by_kt.record, rtol=1e-9)


def test_without_no_load_loss_the_core_is_the_laminations(fan):
    sheet = {k: v for k, v in FAN.items() if k != "no_load_loss_w"}
    m = mp.motor.from_datasheet(**sheet)
    assert m.design.iron_loss_factor == 1.0
    assert m.design.turns_per_phase == fan.design.turns_per_phase


@pytest.mark.parametrize("case", ["fan", "mains"])
def test_losses_add_up_at_the_rated_point(request, case):
    m = request.getfixturevalue(case)
    op = m.operating_point(**m.rated_point())
    assert op.status == "ok"
    assert 0.0 < op.efficiency < 1.0
    total = op.shaft_power_w + sum(op.losses_w.values())
    assert total == pytest.approx(op.input_power_w, rel=1e-9)
    assert op.shaft_power_w == pytest.approx(m.design.rated_shaft_power_w(), rel=1e-9)


@pytest.mark.parametrize(
    ("changes", "param", "needle"),
    [
        (dict(ke_v_per_krpm=0.0105 / KE_TO_KT * 1.08), "kt_nm_per_a", "within 5 %"),
        (dict(r_phase_ohm=5.0), "r_phase_ohm", "copper loss"),
        (dict(kt_nm_per_a=0.05), "kt_nm_per_a", "back-EMF"),
        (dict(kt_nm_per_a=None, ke_v_per_krpm=0.05 / KE_TO_KT), "ke_v_per_krpm", "back-EMF"),
        (dict(kt_nm_per_a=None), "kt_nm_per_a/ke_v_per_krpm", "K_t or K_e"),
        (dict(no_load_loss_w=1e-3), "no_load_loss_w", "bearing and windage"),
        (dict(r_phase_ohm=0.0), "r_phase_ohm", ">= 1e-06"),
        (dict(kt_nm_per_a=-0.01), "kt_nm_per_a", ">= 1e-06"),
        (dict(kt_nm_per_a=1e-4, r_phase_ohm=1e-6), "kt_nm_per_a", "below one turn"),
        (dict(supply="12V_ac"), "supply", "12V_dc"),
        (dict(topology="pancake"), "topology", "outer_rotor_fan"),
    ],
)
def test_a_datasheet_that_contradicts_itself_is_refused(changes, param, needle):
    with pytest.raises(MagphysValueError) as info:
        mp.motor.from_datasheet(**{**FAN, **changes})
    assert info.value.parameter == param, str(info.value)
    assert needle in str(info.value)


def test_r_phase_ohm_is_required():
    sheet = {k: v for k, v in FAN.items() if k != "r_phase_ohm"}
    with pytest.raises(TypeError, match="r_phase_ohm"):
        mp.motor.from_datasheet(**sheet)
