"""Cooling basics: heat carried by a stream, fan curves, affinity laws, fan sets, system curves."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

import magphys as mp
from magphys.cooling import FanCurve, fan, required_flow_m3_s

CFM = 2118.88  # m3/s -> ft3/min


def test_flow_needed_per_kw_matches_the_design_rules():
    """shared/data/cdu_liquid_params.csv and rack practice: water ~1.44 L/min per kW at 10 K, PG25 ~1.50;
    air ~117 CFM per kW at 15 K."""
    assert required_flow_m3_s(1000, 10, "water", 30.0) * 60000 == pytest.approx(1.44, rel=0.02)
    assert required_flow_m3_s(1000, 10, "PG25", 30.0) * 60000 == pytest.approx(1.50, rel=0.03)
    assert required_flow_m3_s(1000, 15, "air", 25.0) * CFM == pytest.approx(117, rel=0.05)


@given(st.floats(100.0, 1e6), st.floats(2.0, 30.0), st.sampled_from(["air", "water", "PG25"]))
def test_heat_balance_closes(heat_w, dt, fluid):
    """m_dot cp dT of the returned flow gives back the heat (cp at the mean, density at the inlet)."""
    q = required_flow_m3_s(heat_w, dt, fluid, 25.0)
    inlet = mp.cooling.fluid_state(fluid, 25.0)
    mean = mp.cooling.fluid_state(fluid, 25.0 + dt / 2)
    assert q * inlet.density_kg_m3 * mean.cp_j_per_kg_k * dt == pytest.approx(heat_w, rel=1e-9)


def test_affinity_laws_20_pct_slower_cuts_power_by_49_pct():
    f = fan("9GA0412P3K01")
    slow = f.at_speed(0.8 * f.speed_rpm)
    assert slow.q_max_m3_s == pytest.approx(0.8 * f.q_max_m3_s)
    assert slow.p_max_pa == pytest.approx(0.64 * f.p_max_pa)
    assert 1 - slow.rated_power_w / f.rated_power_w == pytest.approx(0.488, abs=0.005)


@given(st.floats(1e3, 1e7), st.integers(1, 6), st.integers(1, 3))
def test_operating_point_lies_on_both_curves(k, count, stages):
    f = fan("9GA0812P1G61").in_parallel(count).in_series(stages)
    q, p = f.operating_point(k)
    assert p == pytest.approx(f.pressure_pa(q), rel=1e-9)
    assert p == pytest.approx(k * q * q, rel=1e-9)
    q2, _ = f.operating_point(2 * k)
    assert q2 < q  # a more restrictive system passes less air


def test_fans_in_parallel_add_flow_in_series_add_pressure():
    f = fan("San Ace 40 9GA0412P3K01")
    assert f.in_parallel(4).free_flow_m3_s == pytest.approx(4 * f.free_flow_m3_s)
    assert f.in_series(2).shutoff_pa == pytest.approx(2 * f.shutoff_pa)
    assert f.in_parallel(2).pressure_pa(f.q_max_m3_s) == pytest.approx(0.75 * f.p_max_pa)


def test_fan_library_and_bad_names():
    names = mp.cooling.fan_names()
    assert "San Ace 80 9GA0812P1G61" in names
    with pytest.raises(mp.UnknownNameError) as err:
        fan("9GA0412P3K02")
    assert "9GA0412P3K01" in str(err.value)
    with pytest.raises(mp.MagphysValueError):
        fan("Delta THD1348HE")  # no airflow or pressure in its datasheet row
    with pytest.raises(mp.MagphysValueError):
        FanCurve("x", -1.0, 100.0, 1000.0)
    with pytest.raises(mp.MagphysValueError):
        required_flow_m3_s(1000, 10, "kerosene")
    with pytest.raises(mp.MagphysValueError):
        required_flow_m3_s(-5, 10, "air")


# --- fan shaft power and the motors that drive the fans --------------------------------------------------------


def test_shaft_power_follows_the_cube_of_speed_at_a_fixed_system():
    f = fan("9GA0412P3K01").in_parallel(10)
    k = f.system_k(0.6)
    rho = mp.cooling.fluid_state("air", 25.0).density_kg_m3
    q1, _ = f.operating_point(k)
    slow = f.at_speed(0.8 * f.speed_rpm)
    q2, _ = slow.operating_point(k)
    assert q2 == pytest.approx(0.8 * q1, rel=1e-12)  # a quadratic system keeps the point on the curve
    assert 1 - slow.shaft_power_w(q2, rho) / f.shaft_power_w(q1, rho) == pytest.approx(0.488, abs=0.001)


def test_fan_hubs_enclose_the_reference_motors():
    """The library's hub diameters of the two fans with reference motors are the motors' outer-rotor
    diameters plus the 2 x 1 mm moulded shell (server_fans.csv header)."""
    for ref in ("server_fan_40mm", "server_fan_80mm"):
        d = mp.motor.reference_design(ref)
        row = next(r for r in mp.materials._tables.read_csv("server_fans.csv") if r["model"] == d.fan_model)
        assert float(row["hub_mm"]) == pytest.approx(d.rotor_outer_diameter_mm() + 2.0, abs=0.5)


@pytest.mark.parametrize("ref", ["server_fan_40mm", "server_fan_80mm"])
def test_reference_fan_motors_draw_the_rated_input_on_their_fan_curve(ref):
    """Issue 3: the reference motor driving its server_fans.csv fan at rated speed and free delivery (the
    datasheet's rated condition, 25 degC air) draws the datasheet input within +-25 %."""
    motor = mp.motor.reference(ref)
    f = fan(motor.design.fan_model)
    assert f.speed_rpm == motor.design.rated_speed_rpm
    rho = mp.cooling.fluid_state("air", 25.0).density_kg_m3
    op = motor.operating_point(f.speed_rpm, f.torque_nm(f.free_flow_m3_s, rho), ambient_c=25.0)
    assert op.status == "ok"
    assert op.input_power_w == pytest.approx(f.rated_power_w, rel=0.25)


def test_library_fans_without_a_motor_use_their_datasheet_efficiency():
    unit = mp.cooling.fan_unit("San Ace 120 9RA1212P4G001")
    assert unit.motor is None and 0.3 < unit.motor_efficiency < 0.95
    assert mp.cooling.fan_unit("San Ace 9GA0412P3K01").motor.name == "server_fan_40mm"


def test_pump_library_matches_its_motor_rating():
    """The CDU pump's curve is sized so its reference motor's rated 3 kW is the duty near 400 L/min."""
    p = mp.cooling.pump("CDU pump 3 kW")
    motor = mp.motor.reference(p.motor)
    rho = mp.cooling.fluid_state("PG25", 40.0).density_kg_m3
    assert p.shaft_power_w(400 / 60000, rho) == pytest.approx(
        motor.design.rated_torque_nm * motor.design.rated_speed_rpm * 3.14159265 / 30, rel=0.05
    )
    with pytest.raises(mp.UnknownNameError):
        mp.cooling.pump("CDU pump 30 kW")


@given(st.floats(0.05, 0.95), st.floats(0.2, 2.0), st.floats(0.3, 1.3), st.sampled_from([0.004, 0.02, float("inf")]))
def test_mover_duty_moves_along_the_system_parabola(x, s, rho, area):
    """kernels/mover.py (MoverCurve and the fused chain): at a fixed system the flow scales with speed, the
    pressure with its square and the shaft power with its cube (affinity laws), and the point stays on the
    system curve dp = k Q^2 that meets the curve at x."""
    from magphys.kernels.mover import mover_duty, mover_operating_point, mover_system_k

    q_max, p_max, n0 = 0.02, 120.0, 10500.0
    q1, p1, w1 = mover_duty(q_max, p_max, n0, area, 0.45, n0, x, rho)
    q2, p2, w2 = mover_duty(q_max, p_max, n0, area, 0.45, s * n0, x, rho)
    assert (q2 / q1, p2 / p1, w2 / w1) == pytest.approx((s, s * s, s**3), rel=1e-12)
    k = mover_system_k(q_max, p_max, x)
    assert p2 == pytest.approx(k * q2 * q2, rel=1e-12)
    assert mover_operating_point(q_max, p_max, k) == pytest.approx((q1, p1), rel=1e-12)
    assert w1 >= q1 * p1 / 0.45  # the dynamic pressure only adds


def test_mover_curve_duty_is_the_chain_duty_of_the_set():
    """A set of fans through MoverCurve (parallel count, outlets per machine) gives the duty the fused chain
    computes for one machine times the count; the pressure is zero beyond free delivery."""
    f = fan("San Ace 80 9GA0812P1G61")
    one, three = f.duty(8000.0, 0.6, 1.15), f.in_parallel(3).duty(8000.0, 0.6, 1.15)
    assert three == pytest.approx((3 * one[0], one[1], 3 * one[2]), rel=1e-12)
    q = 0.6 * f.at_speed(8000.0).free_flow_m3_s
    assert f.at_speed(8000.0).shaft_power_w(q, 1.15) == pytest.approx(one[2], rel=1e-12)
    assert f.pressure_pa(1.2 * f.free_flow_m3_s) == 0.0
