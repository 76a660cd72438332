"""The fused full chain of sweeps (materials -> scaled motor -> fan/pump duty and rack -> cost): equal to
the public API point by point, energy balance of the rack, monotonic physics, statuses instead of NaN."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import magphys as mp
from magphys.kernels.status import DOES_NOT_FIT
from magphys.motor._sizing import _kt20, scaled_design
from magphys.sweep import open_result, run

AIR_IT_KW = 24.0  # a fan chain's default stream: the residual air of the 120 kW direct-to-chip rack (x 0.2)

FULL = {
    "name": "full",
    "stages": ["materials", "motor", "cooling", "cost"],
    "axes": {
        "dy": {"values": [0.0, 2.5]},
        "gbd_wt_pct": {"values": [0.0, 0.6]},
        "stack_factor": {"low": 0.7, "high": 1.5},
        "thickness_factor": {"low": 0.6, "high": 1.4},
        "inlet_c": {"low": 18.0, "high": 40.0},
        "speed_rpm": {"low": 6000.0, "high": 10500.0},
    },
    "fixed": {
        "nd": 22.0,
        "pr": 7.3,
        "b": 0.98,
        "co": 1.0,
        "gbd_element": "Tb",
        "thickness_mm": 3.0,
        "base": "server_fan_80mm",
        "scenario": "ex_china_2025",
        "check_temp_c": 120.0,
    },
    "sampling": "sobol",
    "samples": 24,
    "chunk_size": 25,
}


def _public(base_name, magnet, stack_factor, thickness_factor):
    """The scaled motor of a sweep point, built through the public design path."""
    base = mp.motor.reference_design(base_name)
    h = base.magnet_thickness_mm * thickness_factor
    stack = base.stack_mm * stack_factor
    kt_base = _kt20(base, mp.Magnet.from_grade(base.magnet))
    trial = base.with_changes(stack_mm=stack, magnet_thickness_mm=h)
    return mp.motor.Motor(scaled_design(base, stack, h, _kt20(trial, magnet) / kt_base), magnet)


def test_full_chain_equals_point_by_point_public_calls(tmp_path):
    ds = open_result(run(FULL, tmp_path / "f.h5", progress=False))
    assert ds.sizes["point"] == 96 and (ds.status.values == 0).mean() > 0.8
    rng = np.random.default_rng(3)
    ok = np.flatnonzero(ds.status.values == 0)
    for i in rng.choice(ok, 8, replace=False):
        p = ds.isel(point=i)
        gbd = {"element": "Tb", "wt_pct": float(p.gbd_wt_pct)} if float(p.gbd_wt_pct) > 0 else None
        m = mp.Magnet.from_composition(nd=22.0, pr=7.3, b=0.98, co=1.0, dy=float(p.dy), gbd=gbd, thickness_mm=3.0)
        motor = _public("server_fan_80mm", m, float(p.stack_factor), float(p.thickness_factor))
        unit = mp.cooling.fan_unit("San Ace 80 9GA0812P1G61", motor=motor)
        d = unit.duty(float(p.speed_rpm), 0.6, float(p.inlet_c), 15.0, AIR_IT_KW, rack_u=42, server_u=2)
        bom = mp.economics.bill_of_materials(motor, "ex_china_2025")
        ref = {
            "efficiency": d.point.shaft_power_w / d.point.input_power_w,
            "input_power_w": d.point.input_power_w,
            "magnet_c": d.point.magnet_c,
            "winding_c": d.point.winding_c,
            "torque_nm": d.point.torque_nm,
            "flow_m3_s": d.flow_m3_s,
            "pressure_pa": d.pressure_pa,
            "it_per_mover_w": d.it_per_mover_w,
            "movers_per_rack": d.movers_per_rack,
            "rack_cooling_kw": d.rack_cooling_kw,
            "ppue": d.ppue,
            "rack_heat_removed_kw": d.rack_heat_removed_kw,
            "magnet_kg": bom.mass_kg,
            "magnet_cost_usd": bom.magnet_cost_usd,
            "hree_g": bom.hree_g,
            "magnet_usd_per_kg": bom.magnet_usd_per_kg,
            "hcj_check_a_per_m": float(m.properties(temp_c=[120.0]).hcj_a_per_m[0]),
        }
        # the plant behind the rack: Plant.serve of the same heat (the movers' losses outside the stream heat the
        # room, the fans' air returns to the CRAHs at the stream inlet)
        room_w = d.movers_per_rack * (d.point.input_power_w - d.point.heat_to_stream_w)
        air_flow = d.movers_per_rack * d.flow_m3_s
        plant = mp.cooling.Plant().serve(d.rack_heat_removed_kw * 1e3 + room_w, air_flow, float(p.inlet_c), 0.0)
        ref["plant_kw"] = plant.power_w / 1e3
        it_load = AIR_IT_KW + d.rack_cooling_kw
        ref["site_ppue"] = (it_load + plant.power_w / 1e3) / it_load
        for name, v in ref.items():
            assert float(p[name]) == pytest.approx(v, rel=1e-6), name


def test_rack_energy_balance_and_statuses(tmp_path):
    ds = open_result(run(FULL, tmp_path / "f.h5", progress=False))
    ok = ds.status.values == 0
    it_kw = AIR_IT_KW
    # heat removed = IT + the movers' own heat; cooling power = movers x input; pPUE from the same numbers
    np.testing.assert_allclose(
        ds.rack_heat_removed_kw.values[ok],
        it_kw + ds.movers_per_rack.values[ok] * ds.heat_to_stream_w.values[ok] / 1e3,
        rtol=1e-9,
    )
    np.testing.assert_allclose(
        ds.rack_cooling_kw.values[ok], ds.movers_per_rack.values[ok] * ds.input_power_w.values[ok] / 1e3, rtol=1e-12
    )
    np.testing.assert_allclose(ds.ppue.values[ok], 1 + ds.rack_cooling_kw.values[ok] / it_kw, rtol=1e-9)
    # every mover input watt ends as heat in the air (the fan's drive sits in its hub)
    np.testing.assert_allclose(ds.heat_to_stream_w.values[ok], ds.input_power_w.values[ok], rtol=1e-6)
    # air rack: fan power 5-15 % of IT (issue 4's published range) for the 80 mm fan near rated speed
    fast = ok & (ds.speed_rpm.values > 9000)
    assert np.all((ds.ppue.values[fast] > 1.03) & (ds.ppue.values[fast] < 1.15))
    for name in ("efficiency", "ppue", "magnet_cost_usd", "rack_hree_g", "hcj_check_a_per_m"):  # no silent NaN
        v = ds[name].values
        assert np.all(np.isfinite(v[ok])) and np.all(ds.status.values[~np.isfinite(v)] != 0)


def test_off_curve_and_impossible_geometry_get_status_4(tmp_path):
    spec = {
        **FULL,
        "axes": {"flow_fraction": {"values": [0.1, 0.6]}, "thickness_factor": {"values": [1.0, 9.0]}},
        "fixed": {**FULL["fixed"], "speed_rpm": 9000.0, "dy": 1.0},
        "sampling": "grid",
        "samples": None,
    }
    ds = open_result(run(spec, tmp_path / "s.h5", progress=False))
    good = (ds.flow_fraction.values == 0.6) & (ds.thickness_factor.values == 1.0)
    assert np.all(ds.status.values[good] == 0) and np.all(ds.status.values[~good] == 4)
    assert np.all(np.isnan(ds.efficiency.values[~good]))


def test_fans_that_do_not_fit_the_rack_are_a_status_with_the_duty_kept(tmp_path):
    """A 120 kW all-air rack needs ~320 80 mm fans at 9000 rpm; 20 servers of 2 U hold 5 x 1 each (100). The
    chain says "does not fit" and keeps the count it needed; the same duty through DrivenMover.duty agrees,
    and 4 U servers (5 x 2 fans each, 10 servers) hold as many fans as 2 U ones."""
    spec = {
        **FULL,
        "axes": {"rack_it_kw": {"values": [12.0, 24.0, 120.0]}},
        "fixed": {**FULL["fixed"], "speed_rpm": 9000.0, "dy": 1.0, "stack_factor": 1.0, "thickness_factor": 1.0},
        "sampling": "grid",
        "samples": None,
    }
    ds = open_result(run(spec, tmp_path / "fit.h5", progress=False))
    need = ds.movers_per_rack.values
    assert np.all(np.isfinite(need)) and need[2] > 100 > need[1]
    assert list(ds.status.values) == [0, 0, DOES_NOT_FIT]
    unit = mp.cooling.fan_unit("San Ace 80 9GA0812P1G61")
    assert unit.duty(9000.0, 0.6, 27.0, 15.0, 120.0, rack_u=42, server_u=2).status == DOES_NOT_FIT
    assert unit.duty(9000.0, 0.6, 27.0, 15.0, 120.0).status == 0  # no rack given: no fit rule
    tall = open_result(run({**spec, "fixed": {**spec["fixed"], "server_u": 4}}, tmp_path / "tall.h5", progress=False))
    assert list(tall.status.values) == list(ds.status.values)
    one_u = {**spec, "fixed": {**spec["fixed"], "server_u": 1}}  # 80 mm fans are taller than 1 U: none fit
    assert np.all(open_result(run(one_u, tmp_path / "1u.h5", progress=False)).status.values == DOES_NOT_FIT)
    with pytest.raises(mp.MagphysValueError, match="server_u"):
        run({**spec, "fixed": {**spec["fixed"], "server_u": 41}}, tmp_path / "bad.h5", progress=False)


def test_pump_chain_with_a_catalogue_magnet_reproduces_the_dlc_rack():
    """The CDU pump driving its loop at 0.66 of rated speed: pPUE of the pump alone in the published
    1.005-1.02 band (issue 4: the DLC rack's pump draws 1.14 % of the liquid heat), equal to DrivenMover.duty."""
    from magphys.sweep._chain import chain
    from magphys.sweep._spec import load_spec

    spec = load_spec(
        {
            "stages": ["motor", "cooling"],
            "axes": {"speed_rpm": {"values": [0.66 * 3000.0, 3000.0]}},
            "fixed": {"base": "cdu_pump_3kw", "magnet": "N42SH", "inlet_c": 40.0, "rack_it_kw": 96.0},
        }
    )
    res = chain(spec, {"speed_rpm": np.array([0.66 * 3000.0, 3000.0])}, "cpu")
    assert np.all(res["status"] == 0)
    assert 1.005 < res["ppue"][0] < 1.02
    unit = mp.cooling.pump_unit("CDU pump 3 kW", coolant="PG25", coolant_c=40.0)
    d = unit.duty(0.66 * 3000.0, 0.6, 40.0, 10.0, 96.0, fluid="PG25", at_outlet=False)
    assert res["ppue"][0] == pytest.approx(d.ppue, rel=1e-6)
    assert res["magnet_c"][0] == pytest.approx(d.point.magnet_c, rel=1e-6)
    assert res["input_power_w"][1] > 2.5 * res["input_power_w"][0]  # affinity: power ~ n^3 (+ motor losses)


@settings(max_examples=15, deadline=None)
@given(dy=st.floats(0.0, 5.0), d_dy=st.floats(0.3, 2.0), inlet=st.floats(15.0, 40.0), d_in=st.floats(2.0, 10.0))
def test_chain_monotonicity(dy, d_dy, inlet, d_in):
    """More Dy: higher HcJ at the check temperature, lower Br, more HREE grams. Hotter inlet air: hotter
    magnet and winding, fewer IT watts per fan (less dense air carries less heat at the same rise)."""
    from magphys.sweep._chain import chain
    from magphys.sweep._spec import load_spec

    spec = load_spec(
        {
            **FULL,
            "axes": {"dy": {"values": [0.0, 7.0]}, "inlet_c": {"values": [15.0, 50.0]}},
            "fixed": {**FULL["fixed"], "speed_rpm": 9000.0},
            "sampling": "grid",
            "samples": None,
        }
    )
    pts = {"dy": np.array([dy, dy + d_dy, dy, dy]), "inlet_c": np.array([inlet, inlet, inlet, inlet + d_in])}
    r = chain(spec, pts, "cpu")
    assert np.all(r["status"] == 0)
    assert r["hcj_check_a_per_m"][1] > r["hcj_check_a_per_m"][0]
    assert r["br_t"][1] < r["br_t"][0]
    assert r["hree_g"][1] > r["hree_g"][0]
    assert r["magnet_c"][3] > r["magnet_c"][2] and r["winding_c"][3] > r["winding_c"][2]
    assert r["it_per_mover_w"][3] < r["it_per_mover_w"][2]


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"base": "server_fan_81mm"}, "spec.fixed.base"),
        ({"mover": "no such fan"}, "spec.fixed.mover"),
        ({"coolant": "PG25"}, "spec.fixed.coolant"),
        ({"scenario": "cheap"}, "spec.fixed.scenario"),
        ({"base": 3.0}, "spec.fixed"),
        ({"check_temp_c": -400.0}, "spec.fixed.check_temp_c"),
        ({"at_outlet": 0.5}, "spec.fixed.at_outlet"),
    ],
)
def test_bad_chain_names_fail_before_compute(tmp_path, bad, field):
    with pytest.raises(mp.MagphysValueError) as err:
        run({**FULL, "fixed": {**FULL["fixed"], **bad}}, tmp_path / "b.h5", progress=False)
    assert err.value.parameter == field
    assert not list(tmp_path.iterdir())


def test_chain_result_plots_and_fronts_from_the_cli(tmp_path, capsys):
    from magphys.cli import main

    out = run(FULL, tmp_path / "f.h5", progress=False)
    assert (
        main(
            [
                "pareto",
                str(out),
                "--objectives",
                "rack_magnet_cost_usd:min,ppue:min,rack_hree_g:min",
                "--backend",
                "cpu",
            ]
        )
        == 0
    )  # --backend also after the command, as the issue writes it
    assert "non-dominated" in capsys.readouterr().out
    png = tmp_path / "p.png"
    assert (
        main(
            [
                "plot",
                str(out),
                "--x",
                "stack_factor",
                "--y",
                "inlet_c",
                "--var",
                "ppue",
                "--front",
                "rack_magnet_cost_usd:min,ppue:min",
                "--out",
                str(png),
            ]
        )
        == 0
    )
    assert png.stat().st_size > 10_000
    # a slice (one alloy) with the front of the slice; a value the sweep lacks names the nearest ones
    assert (
        main(
            [
                "plot",
                str(out),
                "--x",
                "stack_factor",
                "--y",
                "thickness_factor",
                "--var",
                "ppue",
                "--where",
                "dy=2.5,gbd_wt_pct=0",
                "--front",
                "rack_magnet_cost_usd:min,ppue:min",
                "--out",
                str(png),
            ]
        )
        == 0
    )
    assert main(["plot", str(out), "--where", "dy=2.4", "--out", str(png)]) == 2
    assert "nearest" in capsys.readouterr().err


def test_select_and_front_of_a_slice(tmp_path):
    from magphys.sweep import front_of, pareto, select

    out = run(FULL, tmp_path / "f.h5", progress=False)
    ds = open_result(out)
    objs = ["rack_magnet_cost_usd:min", "ppue:min"]
    np.testing.assert_array_equal(front_of(ds, objs).point.values, pareto(out, objs).point.values)
    sl = select(ds, dy=2.5, gbd_wt_pct=0.6)
    assert sl.sizes["point"] == 24 and np.all(sl.dy == 2.5)
    f = front_of(sl, objs)
    cost, ppue = sl.rack_magnet_cost_usd.values, sl.ppue.values
    for i in f.point.values:  # brute force: nothing in the slice dominates a front point
        k = int(np.flatnonzero(sl.point.values == i)[0])
        assert not np.any((cost <= cost[k]) & (ppue <= ppue[k]) & ((cost < cost[k]) | (ppue < ppue[k])))


def test_hcj_above_the_curie_point_is_zero_not_nan():
    from magphys.sweep._chain import chain
    from magphys.sweep._spec import load_spec

    spec = load_spec(
        {
            **FULL,
            "axes": {"dy": {"values": [0.0]}},
            "fixed": {**FULL["fixed"], "speed_rpm": 9000.0, "check_temp_c": 400.0},
            "sampling": "grid",
            "samples": None,
        }
    )  # Nd2Fe14B: Tc = 585 K = 312 C
    r = chain(spec, {"dy": np.array([0.0, 1.0])}, "cpu")
    assert np.all(r["status"] == 0) and np.all(r["hcj_check_a_per_m"] == 0.0)


@pytest.mark.parametrize("bad", [{"inlet_c": "abc"}, {"speed_rpm": float("nan")}, {"rack_it_kw": "big"}])
def test_a_fixed_number_that_is_not_one_is_refused_by_name(bad, tmp_path):
    spec = {
        "stages": ["motor", "cooling"],
        "axes": {"stack_factor": {"values": [1.0]}},
        "fixed": {"base": "cdu_pump_3kw", "magnet": "N42SH", "speed_rpm": 2000.0, **bad},
    }
    with pytest.raises(mp.MagphysValueError, match=f"spec.fixed.{next(iter(bad))}"):
        run(spec, tmp_path / "bad.h5", progress=False)
