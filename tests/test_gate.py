"""One gate for every input: wrong types and out-of-range values for each parameter of the public API
end as MagphysValueError (naming the parameter) before any compute, never as another exception or a
silently wrong result; the reproducers of issue 12 are regression tests."""

import datetime as dt
import math

import numpy as np
import pytest
from _fuzz_cases import BAD_VALUES, CASES
from hypothesis import given
from hypothesis import strategies as st

import magphys as mp
from magphys._gate import Choice, Date, Integer, Number, Numbers, Text, validate

WRONG = st.one_of(
    st.sampled_from(BAD_VALUES),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.text(max_size=8),
    st.lists(st.floats(allow_nan=True), max_size=3),
    st.booleans(),
    st.none(),
)


@pytest.mark.parametrize("label,factory,kwargs", CASES, ids=[c[0] for c in CASES])
def test_valid_call_of_each_case_runs(label, factory, kwargs):
    factory()(**kwargs)


@pytest.mark.parametrize("label,factory,kwargs", CASES, ids=[c[0] for c in CASES])
@given(data=st.data())
def test_wrong_values_end_as_magphys_value_error(label, factory, kwargs, data):
    """Each parameter in turn gets a wrong value: the call either accepts it (it was a valid value)
    or raises MagphysValueError naming that parameter; nothing else escapes."""
    func = factory()
    name = data.draw(st.sampled_from(sorted(kwargs)), label="parameter")
    bad = data.draw(WRONG, label="value")
    call = {**kwargs, name: bad}
    try:
        func(**call)
    except mp.MagphysValueError as exc:
        assert exc.parameter, exc
    # any other exception fails the test with its traceback


def test_gate_refuses_each_kind_of_wrong_value():
    @validate(x=Number(0.0, 10.0, unit="K"), t=Numbers(-60.0, 400.0), n=Integer(1, 5), c=Choice(("a", "b")))
    def f(x, t=20.0, n=1, c="a"):
        return x, t, n, c

    assert f(np.float32(3.0), [1, 2], 5.0, "A") == (3.0, pytest.approx(np.array([1.0, 2.0])), 5, "a")
    for kw in (
        {"x": None},
        {"x": "1"},
        {"x": math.nan},
        {"x": math.inf},
        {"x": True},
        {"x": [1.0]},
        {"x": 11.0},
        {"x": 10**400},
        {"t": []},
        {"t": [1.0, math.nan]},
        {"t": "abc"},
        {"t": [[1.0]]},
        {"n": 1.5},
        {"n": 0},
        {"c": "z"},
        {"c": 1},
    ):
        with pytest.raises(mp.MagphysValueError) as err:
            f(**{"x": 1.0, **kw})
        assert err.value.parameter in kw


def test_gate_dates_and_texts():
    @validate(d=Date(dt.date(2024, 1, 1), dt.date(2026, 1, 1)), s=Text())
    def g(d, s="x"):
        return d, s

    assert g(dt.datetime(2025, 3, 1, 12), "n")[0] == dt.date(2025, 3, 1)
    assert g("2025-03-01")[0] == dt.date(2025, 3, 1)
    for kw in ({"d": "2023-01-01"}, {"d": "March"}, {"d": 20250301}, {"s": ""}, {"s": 5}):
        with pytest.raises(mp.MagphysValueError):
            g(**{"d": "2025-01-01", **kw})


# --- the reproducers of issue 12 ------------------------------------------------------------------


def test_exposure_takes_a_datetime():
    m = mp.Magnet.from_grade("N42SH")
    assert mp.economics.exposure(m, as_of=dt.datetime(2025, 12, 1, 9, 30)).licence_required


def test_cobalt_beyond_the_model_is_refused_not_reported_as_br_zero():
    with pytest.raises(mp.MagphysValueError) as err:
        mp.Magnet.from_composition(nd=22.0, pr=7.3, b=0.98, co=60.0)
    assert err.value.parameter == "co"
    ds = mp.magnet_properties({"nd": [22.0, 22.0], "pr": [7.3, 7.3], "b": [0.98, 0.98], "co": [1.0, 60.0]}, [20.0])
    assert ds.status.values[:, 0].tolist() == [0, mp.kernels.status.OUT_OF_RANGE]


def test_a_fan_is_named_not_matched_by_a_number():
    with pytest.raises(mp.MagphysValueError):
        mp.cooling.fan(5)


def test_compare_refuses_a_nan_electricity_price():
    duty = mp.design.Duty.fan(flow_m3_s=0.03, pressure_pa=300.0, ambient_c=45.0)
    with pytest.raises(mp.MagphysValueError) as err:
        mp.design.compare(duty, routes=["dy_free_sintered"], electricity_usd_per_kwh=math.nan)
    assert err.value.parameter == "electricity_usd_per_kwh"


@pytest.mark.parametrize("ambient_c", [-45.0, 200.0, 400.0])
def test_an_ambient_outside_the_model_is_not_a_thermal_runaway(ambient_c):
    """The 80 mm fan's bonded magnet is modelled from -40 to 160 degC: outside, a scalar call raises
    naming ambient_c, and a vectorised call flags status 4 (outside model range), not 2 (runaway)."""
    motor = mp.motor.reference("server_fan_80mm")
    with pytest.raises(mp.MagphysValueError) as err:
        motor.operating_point(9000.0, 0.012, ambient_c)
    assert err.value.parameter == "ambient_c"
    ds = mp.motor.operating_points(motor, 9000.0, 0.012, [35.0, ambient_c])
    assert ds.status.values.tolist() == [0, mp.kernels.status.OUT_OF_RANGE]


def test_price_monte_carlo_refuses_a_non_list_of_magnets():
    for bad in (None, 1.0, "N42", [], ["N42"]):
        with pytest.raises(mp.MagphysValueError):
            mp.economics.price_monte_carlo(bad, samples=10)


def test_sweep_files_that_are_not_results_are_refused(tmp_path):
    junk = tmp_path / "junk.h5"
    junk.write_text("not hdf5")
    with pytest.raises(mp.MagphysValueError):
        mp.sweep.open_result(junk)
    with pytest.raises(mp.MagphysValueError):
        mp.sweep.pareto(junk, ["dy:min", "hcj_a_per_m@20:max"])
    binary = tmp_path / "spec.toml"
    binary.write_bytes(b"\x89HDF\r\n")
    with pytest.raises(mp.MagphysValueError):
        mp.sweep.run(binary, tmp_path / "out.h5", progress=False)


def test_a_rack_whose_full_speed_holds_the_rise_to_the_tolerance_solves():
    """Issue 12: scipy's 'f(a) and f(b) must have different signs' escaped from a valid rack whose fans at
    full speed just hold the rise (found by its own max_it_power_kw)."""
    boundary = mp.cooling.Rack(it_power_kw=25.0, fan_count=80).max_it_power_kw()
    res = mp.cooling.Rack(it_power_kw=boundary, fan_count=80).solve()
    assert res.status == "ok"
    assert res.air.speed_fraction == pytest.approx(1.0, abs=1e-3)
    assert res.heat_removed_kw == pytest.approx(res.it_power_kw + res.motor_heat_kw, rel=1e-6)


def test_a_rack_fan_must_be_a_name_or_a_curve():
    with pytest.raises(mp.MagphysValueError) as err:
        mp.cooling.Rack(it_power_kw=30.0, fan=5)
    assert err.value.parameter == "fan"


def test_zero_is_a_value_not_a_default():
    """max_it_power_kw(air_delta_t_k=0) is refused (a zero rise carries no heat) instead of silently
    becoming the design rise."""
    rack = mp.cooling.Rack(it_power_kw=30.0)
    with pytest.raises(mp.MagphysValueError) as err:
        rack.max_it_power_kw(air_delta_t_k=0.0)
    assert err.value.parameter == "air_delta_t_k"


def test_a_negative_magnet_price_is_refused_by_sizing():
    """Issue 12: a negative price made motor.size pick the largest magnet."""
    with pytest.raises(mp.MagphysValueError) as err:
        mp.motor.size(0.012, 9000.0, 35.0, mp.Magnet.from_grade("N42"), magnet_price_usd_per_kg=-5.0)
    assert err.value.parameter == "magnet_price_usd_per_kg"


def test_duties_and_racks_outside_sane_magnitudes_are_refused():
    """The CLI fuzz found ZeroDivision/Overflow deep inside for these (issue 12 review)."""
    for make in (
        lambda: mp.design.Duty.fan(0.0283, 5e-324),
        lambda: mp.design.Duty.pump(1.7e308, 3e5),
        lambda: mp.cooling.Rack(it_power_kw=1e-300, cooling="liquid"),
    ):
        with pytest.raises(mp.MagphysValueError):
            make()


def test_a_bad_scheduler_leaves_no_parts_folder(tmp_path):
    spec = {"axes": {"dy": {"values": [0.0, 2.0]}}, "fixed": {"nd": 22.0, "pr": 7.3, "b": 0.98}, "temp_c": [20.0]}
    with pytest.raises(mp.MagphysValueError) as err:
        mp.sweep.run(spec, tmp_path / "s.h5", scheduler="bogus", progress=False)
    assert err.value.parameter == "scheduler"
    assert not list(tmp_path.iterdir())
