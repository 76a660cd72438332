"""Cooling-motor electro-thermal model: conservation, limits, monotonicity, bad input."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import magphys as mp
from magphys.kernels import layout as L
from magphys.kernels import status as sc
from magphys.kernels.motor import operating_point
from magphys.motor._motor import LOSS_KINDS

REFS = mp.motor.reference_names()


def kernel_point(motor_rec, mag_rec, speed, torque, ambient_c):
    out = np.zeros(L.N_OP)
    status = operating_point(motor_rec, mag_rec, speed, torque, ambient_c + 273.15, out)
    return out, status


def test_reference_designs_are_shipped():
    assert {"server_fan_40mm", "server_fan_80mm", "ec_fan_1kw", "cdu_pump_3kw"} <= set(REFS)
    for name in REFS:
        m = mp.motor.reference(name)
        rp = m.rated_point()
        assert set(rp) == {"speed_rpm", "torque_nm", "ambient_c"}
        assert m.design.magnet_volume_m3() > 0 and m.design.duty_source


@pytest.mark.parametrize("name", REFS)
def test_energy_and_heat_balance_at_rated_point(name):
    m = mp.motor.reference(name)
    op = m.operating_point(**m.rated_point())
    assert op.status == "ok"
    total = op.shaft_power_w + sum(op.losses_w.values())
    assert op.input_power_w == pytest.approx(total, rel=1e-9)
    in_network = sum(v for k, v in op.losses_w.items() if k != "drive" or m.design.drive_in_housing)
    assert op.heat_to_coolant_w == pytest.approx(in_network, rel=1e-6)
    assert 0.5 < op.efficiency < 0.98
    assert all(t > op.ambient_c for t in op.temp_c.values())


@given(st.sampled_from(REFS), st.floats(0.1, 1.1), st.floats(0.05, 1.2), st.floats(-10.0, 60.0))
def test_energy_balance_everywhere(name, speed_frac, torque_frac, ambient):
    m = mp.motor.reference(name)
    rp = m.rated_point()
    ds = m.efficiency_map([rp["speed_rpm"] * speed_frac], [rp["torque_nm"] * torque_frac], ambient_c=ambient)
    if int(ds.status[0, 0]) != sc.OK:
        return
    losses = sum(float(ds[f"loss_{k}_w"][0, 0]) for k in LOSS_KINDS)
    assert float(ds.input_power_w[0, 0]) == pytest.approx(float(ds.shaft_power_w[0, 0]) + losses, rel=1e-9)


def lossless(rec):
    r = rec.copy()
    for i in (
        L.P_R20_OHM,
        L.P_FE_MASS_KG,
        L.P_RIPPLE,
        L.P_BEARING_NM,
        L.P_FLUID_RHO,
        L.P_CAN_T_M,
        L.P_DRIVE_R_OHM,
        L.P_DRIVE_SW_W_PER_A,
        L.P_DRIVE_FIXED_W,
        L.P_RECT_DROP_V,
        L.P_PFC_LOSS_FRAC,
        L.P_STRAY_W_PER_NM2,
        L.P_FAN_W_PER_RAD3,
        L.P_HARMONIC_FRAC,
    ):
        r[i] = 0.0
    return r


@pytest.mark.parametrize("name", REFS)
def test_zero_loss_limit_gives_efficiency_one(name):
    m = mp.motor.reference(name)
    rp = m.rated_point()
    out, s = kernel_point(lossless(m.record), m.magnet.record, rp["speed_rpm"], rp["torque_nm"], rp["ambient_c"])
    assert s == sc.OK
    assert out[L.OP_P_SHAFT_W] / out[L.OP_P_IN_W] == pytest.approx(1.0, abs=1e-12)
    assert out[L.OP_T_WINDING_K] == pytest.approx(rp["ambient_c"] + 273.15, abs=1e-6)


def test_copper_loss_scales_with_current_squared_at_fixed_temperature():
    m = mp.motor.reference("ec_fan_1kw")
    rec = m.record.copy()
    for i in (L.P_G_WS, L.P_G_SH, L.P_G_SM, L.P_G_MA, L.P_G_HA):
        rec[i] = 1e9  # an isothermal machine: every node at the coolant temperature
    ratios = []
    for tq in (1.0, 2.0, 4.0, 8.0):
        out, s = kernel_point(rec, m.magnet.record, 1600.0, tq, 35.0)
        assert s == sc.OK
        ratios.append(out[L.OP_P_CU_W] / out[L.OP_CURRENT_A] ** 2)
    np.testing.assert_allclose(ratios, ratios[0], rtol=1e-9)


@given(st.sampled_from(REFS), st.floats(0.2, 1.0), st.floats(-20.0, 40.0), st.floats(5.0, 40.0))
def test_hotter_magnet_means_less_flux_and_more_current(name, torque_frac, ambient, delta):
    m = mp.motor.reference(name)
    rp = m.rated_point()
    cold = m.operating_point(rp["speed_rpm"], rp["torque_nm"] * torque_frac, ambient)
    hot = m.operating_point(rp["speed_rpm"], rp["torque_nm"] * torque_frac, ambient + delta)
    assert hot.temp_c["magnet"] > cold.temp_c["magnet"]
    assert hot.gap_flux_density_t < cold.gap_flux_density_t
    assert hot.current_a > cold.current_a


def test_thermal_runaway_is_detected_not_looped_on():
    m = mp.motor.reference("server_fan_40mm")
    rec = m.record.copy()
    for i in (L.P_G_MA, L.P_G_HA):
        rec[i] = 1e-4  # a motor that can barely shed heat
    out, s = kernel_point(rec, m.magnet.record, 22000.0, 0.006, 35.0)
    assert s == sc.THERMAL_RUNAWAY
    assert out[L.OP_ITERATIONS] < 500
    assert math.isnan(out[L.OP_P_IN_W])


def test_pump_is_cooled_by_its_coolant():
    p = mp.motor.reference("cdu_pump_3kw")
    op = p.operating_point(**p.rated_point())
    assert op.losses_w["can"] > 0 and op.losses_w["windage"] > op.losses_w["bearing"]
    assert op.temp_c["magnet"] - op.ambient_c < 20.0  # wet rotor


def test_substituting_the_magnet_changes_flux_and_needs_a_rewind():
    """N42SH in the bonded-ring fan rotor doubles the gap flux: the back-EMF no longer fits the 12 V
    drive until the winding has proportionally fewer turns. Rewound to the same torque constant, the
    733 Hz stator sees twice the flux density (4x iron loss) and the conducting sintered magnet adds
    eddy loss the bonded ring does not have: at 22000 rpm the stronger magnet costs efficiency."""
    fan = mp.motor.reference("server_fan_40mm")
    sint = fan.with_magnet(mp.Magnet.from_grade("N42SH"))
    rp = fan.rated_point()
    a = fan.operating_point(**rp)
    with pytest.raises(mp.MagphysValueError) as err:
        sint.operating_point(**rp)
    assert err.value.parameter == "speed_rpm" and "12 V" in str(err.value)
    ds = sint.efficiency_map([rp["speed_rpm"]], [rp["torque_nm"]], rp["ambient_c"])
    assert int(ds.status[0, 0]) == sc.VOLTAGE_LIMIT
    from magphys.motor._sizing import scaled_design

    d = fan.design
    kt_ratio = sint.operating_point(rp["speed_rpm"] / 3, rp["torque_nm"], rp["ambient_c"]).kt_nm_per_a / a.kt_nm_per_a
    rewound = mp.motor.Motor(scaled_design(d, d.stack_mm, d.magnet_thickness_mm, kt_ratio), sint.magnet)
    b = rewound.operating_point(**rp)
    assert b.status == "ok"
    assert b.gap_flux_density_t == pytest.approx(2 * a.gap_flux_density_t, rel=0.1)
    assert b.kt_nm_per_a == pytest.approx(a.kt_nm_per_a, rel=0.05)  # turns are whole numbers
    assert b.losses_w["iron"] == pytest.approx(
        a.losses_w["iron"] * (b.gap_flux_density_t / a.gap_flux_density_t) ** 2, rel=1e-6
    )
    assert b.losses_w["magnet"] > 0.0 == a.losses_w["magnet"]
    assert b.efficiency < a.efficiency


def test_efficiency_map_shape_and_status():
    m = mp.motor.reference("server_fan_40mm")
    ds = m.efficiency_map(speed_rpm=[5000, 11000, 22000], torque_nm=[0.001, 0.003, 0.1], ambient_c=35.0)
    assert ds.efficiency.dims == ("speed_rpm", "torque_nm")
    assert np.all(ds.status.values[:, 2] == sc.CURRENT_LIMIT)
    ok = ds.status.values == sc.OK
    assert np.all((ds.efficiency.values[ok] > 0) & (ds.efficiency.values[ok] < 1))
    assert np.all(np.isnan(ds.efficiency.values[~ok]))


@pytest.mark.parametrize(
    "changes, parameter",
    [
        (dict(gap_mm=0.0), "gap_mm"),
        (dict(gap_mm=-0.1), "gap_mm"),
        (dict(magnet_thickness_mm=20.0), "magnet_thickness_mm"),
        (dict(pole_arc=1.5), "pole_arc"),
        (dict(topology="linear"), "topology"),
    ],
)
def test_non_physical_geometry_is_rejected(changes, parameter):
    m = mp.motor.reference("server_fan_40mm")
    with pytest.raises(mp.MagphysValueError) as err:
        m.with_design(**changes)
    assert err.value.parameter == parameter


def test_bad_operating_inputs():
    m = mp.motor.reference("server_fan_40mm")
    with pytest.raises(mp.MagphysValueError) as err:
        m.operating_point(speed_rpm=-1.0, torque_nm=0.003, ambient_c=35.0)
    assert err.value.parameter == "speed_rpm"
    with pytest.raises(mp.MagphysValueError) as err:
        m.operating_point(speed_rpm=22000, torque_nm=1.0, ambient_c=35.0)
    assert err.value.parameter == "torque_nm" and "current limit" in str(err.value)
    with pytest.raises(mp.UnknownNameError):
        mp.motor.reference("server_fan_50mm")


def test_demag_check_covers_stall_and_short_circuit_cold_and_hot():
    """Four events; the stall at 1.5 x the rated current (a drive parameterised from the nameplate); a short
    circuit cut after microseconds carries a small fraction of the steady short-circuit current."""
    pump = mp.motor.reference("cdu_pump_3kw")
    chk = pump.demag_check(ambient_c=60.0)
    assert len(chk.cases) == 4 and chk.passed
    assert chk.cold_c < chk.magnet_temp_c
    rp = pump.rated_point()
    i_rated = pump.operating_point(rp["speed_rpm"], rp["torque_nm"], 60.0).current_a
    assert chk.stall.current_a == pytest.approx(1.5 * i_rated, rel=1e-12)
    slow = pump.demag_check(ambient_c=60.0, trip_s=1.0)  # a protection that never cuts within a period
    assert chk.short_circuit.current_a < 1e-3 * slow.short_circuit.current_a
    assert slow.short_circuit.current_a > chk.stall.current_a


def test_short_circuit_current_rises_as_one_minus_cosine_until_the_peak():
    """Sudden short from no load: I(t) = I_sc (peak/2) (1 - cos w_e t), quadratic in t early, peak x I_sc
    from half an electrical period on."""
    from magphys.kernels.motor import flux_at, short_circuit_current, short_circuit_transient_current

    m = mp.motor.reference("cdu_pump_3kw")
    rec, mag = m.record, m.magnet.record
    kt = flux_at(rec, mag, 333.15)[2]
    steady = short_circuit_current(rec, kt, 1.05, 3000.0, 353.15)
    f_e = rec[L.P_POLE_PAIRS] * 3000.0 / 60.0
    i = [short_circuit_transient_current(rec, kt, 1.05, 3000.0, 353.15, t, 1.8) for t in (1e-6, 2e-6, 1 / f_e)]
    assert i[1] / i[0] == pytest.approx(4.0, rel=1e-4)
    assert i[2] == pytest.approx(1.8 * steady, rel=1e-12)


def test_ferrite_is_weakest_cold_and_ndfeb_hot():
    """The knee margin of ferrite (HcJ rises with temperature) is smallest at the coldest magnet; NdFeB's at the
    hottest."""
    fan = mp.motor.reference("server_fan_80mm")
    ferrite = fan.with_magnet(mp.Magnet.from_grade("FERRITE-C8")).with_design(magnet_thickness_mm=3.0)
    f = ferrite.demag_check(ambient_c=45.0, cold_c=0.0)
    n = (
        mp.motor.reference("ec_fan_1kw")
        .with_magnet(mp.Magnet.from_grade("N42"))
        .demag_check(ambient_c=45.0, cold_c=0.0)
    )
    assert f.case("stall", hot=False).margin_a_per_m < f.case("stall", hot=True).margin_a_per_m
    assert n.case("stall", hot=False).margin_a_per_m > n.case("stall", hot=True).margin_a_per_m


def test_a_slow_protection_demagnetizes_dy_free_before_dy_alloyed():
    pump = mp.motor.reference("cdu_pump_3kw")
    sh = pump.demag_check(ambient_c=60.0, trip_s=1.0)
    n42 = pump.with_magnet(mp.Magnet.from_grade("N42")).demag_check(ambient_c=60.0, trip_s=1.0)
    assert n42.short_circuit.margin_a_per_m < sh.short_circuit.margin_a_per_m
    assert n42.short_circuit.irreversible_loss >= sh.short_circuit.irreversible_loss


def test_demag_risk_grows_with_cooling_temperature():
    fan = mp.motor.reference("ec_fan_1kw").with_magnet(mp.Magnet.from_grade("N42"))
    checks = [fan.demag_check(ambient_c=t) for t in (20.0, 40.0, 60.0)]
    temps = [c.magnet_temp_c for c in checks]
    losses = [c.short_circuit.irreversible_loss for c in checks]
    margins = [c.short_circuit.margin_a_per_m for c in checks]
    assert temps == sorted(temps)
    assert losses == sorted(losses)
    assert margins == sorted(margins, reverse=True)


def test_armature_field_per_ampere_turn():
    """F = (3 sqrt 2 / pi) N k_w I / p per pole over the magnet length."""
    from magphys.kernels.motor import armature_field_per_amp

    m = mp.motor.reference("cdu_pump_3kw")
    d = m.design
    expected = (
        3
        * math.sqrt(2)
        / math.pi
        * d.turns_per_phase
        * d.winding_factor
        / d.pole_pairs
        / (d.magnet_thickness_mm * 1e-3)
    )
    assert armature_field_per_amp(m.record) == pytest.approx(expected, rel=1e-12)


def test_induction_reference_reproduces_ie3_and_pm_beats_it():
    """IEC 60034-30-1: IE3 4-pole 1.1 kW 84.1 %, 3 kW 87.7 %. The 1 kW EC fan motor (PM, N42SH) beats the
    same-rating IE3 motor even with its drive losses counted."""
    im = mp.motor.induction_reference(1.1, "IE3")
    assert im.rated_efficiency == pytest.approx(0.841, abs=1e-9)
    assert im.efficiency_at(1.0) == pytest.approx(0.841, abs=1e-9)
    assert mp.motor.induction_reference(3.0, "IE3").rated_efficiency == pytest.approx(0.877, abs=1e-9)
    # efficiency peaks where constant = load losses (load sqrt(0.3/0.7) = 0.65) and falls at light load
    loads = np.linspace(0.1, 1.2, 111)
    eff = [im.efficiency_at(x) for x in loads]
    assert loads[int(np.argmax(eff))] == pytest.approx(math.sqrt(0.3 / 0.7), abs=0.01)
    assert im.efficiency_at(0.25) < im.efficiency_at(1.0)
    ec = mp.motor.reference("ec_fan_1kw")
    op = ec.operating_point(**ec.rated_point())
    assert op.efficiency > im.efficiency_at(op.shaft_power_w / 1100.0)
    motor_only = op.shaft_power_w / (op.input_power_w - op.losses_w["drive"])
    assert motor_only > mp.motor.ie_efficiency(1.1, "IE4")
    with pytest.raises(mp.MagphysValueError):
        mp.motor.induction_reference(100.0)


@pytest.mark.parametrize("name", REFS)
def test_transient_settles_on_the_steady_state(name):
    m = mp.motor.reference(name)
    rp = m.rated_point()
    tau = sum(m.record[i] for i in (L.P_C_WINDING, L.P_C_STATOR, L.P_C_MAGNET, L.P_C_HOUSING)) / m.record[L.P_G_HA]
    ds = m.transient([(20 * tau, rp["speed_rpm"], rp["torque_nm"], rp["ambient_c"])], dt_s=tau / 50)
    op = m.operating_point(**rp)
    assert ds.attrs["status"] == "ok"
    for node in ("winding", "stator", "magnet", "housing"):
        assert float(ds[f"temp_{node}_c"][-1]) == pytest.approx(op.temp_c[node], abs=0.01)
    assert np.all(np.diff(ds.temp_magnet_c.values) > -1e-9)  # start-up heats monotonically


def test_transient_conserves_energy_step_by_step():
    """Backward Euler: heat stored in the node capacities = (heat generated - heat to coolant) dt."""
    m = mp.motor.reference("ec_fan_1kw")
    duty = [(300, 1600, 6.0, 35.0), (300, 800, 1.5, 45.0), (300, 1600, 6.0, 25.0)]
    ds = m.transient(duty, dt_s=2.0, t0_c=30.0)
    caps = {
        k: m.record[i]
        for k, i in (
            ("winding", L.P_C_WINDING),
            ("stator", L.P_C_STATOR),
            ("magnet", L.P_C_MAGNET),
            ("housing", L.P_C_HOUSING),
        )
    }
    temps = {k: np.concatenate([[30.0], ds[f"temp_{k}_c"].values]) for k in caps}
    stored = sum(caps[k] * np.diff(temps[k]) for k in caps)
    gen = sum(ds[f"loss_{k}_w"].values for k in LOSS_KINDS)
    np.testing.assert_allclose(stored, 2.0 * (gen - ds.heat_to_coolant_w.values), rtol=1e-6, atol=1e-6)


def test_transient_stops_at_runaway_and_rejects_bad_duty():
    m = mp.motor.reference("server_fan_40mm")
    with pytest.raises(mp.MagphysValueError):
        m.transient([(10, 1000, -1.0, 35.0)])
    with pytest.raises(mp.MagphysValueError):
        m.transient([(10, 1000, 0.001)])
    ds = m.transient([(60, 22000, 0.0032, 35.0), (60, 22000, 0.5, 35.0)], dt_s=1.0)
    assert ds.attrs["status"] == "beyond current limit"
    assert np.isnan(ds.temp_winding_c.values[-1]) and np.isfinite(ds.temp_winding_c.values[0])


def test_sizing_meets_its_constraints_and_is_the_cheapest_feasible_candidate():
    mag = mp.Magnet.from_grade("N42SH")
    sf, tf = [0.5, 1.0, 2.0], [0.5, 1.0, 2.0]
    r = mp.motor.size(
        torque_nm=6.0,
        speed_rpm=1600,
        ambient_c=40.0,
        magnet=mag,
        objective="magnet_mass",
        base="ec_fan_1kw",
        stack_factors=sf,
        thickness_factors=tf,
        max_winding_c=150.0,
    )
    assert r.operating_point.status == "ok" and r.operating_point.temp_c["winding"] <= 150.0
    assert r.demag.passed
    # brute force over the same grid: every feasible candidate that survives demagnetization is heavier
    ok = []
    for s in sf:
        for t in tf:
            base = mp.motor.reference_design("ec_fan_1kw").with_changes(
                rated_speed_rpm=1600, rated_torque_nm=6.0, rated_ambient_c=40.0
            )
            m = r.candidates  # grid of the search
            v = float(m.objective.sel(stack_mm=base.stack_mm * s, magnet_thickness_mm=base.magnet_thickness_mm * t))
            w = float(m.winding_c.sel(stack_mm=base.stack_mm * s, magnet_thickness_mm=base.magnet_thickness_mm * t))
            if np.isfinite(w) and w <= 150.0:
                ok.append(v)
    assert r.objective_value == pytest.approx(r.motor.design.magnet_volume_m3() * mag.density_kg_m3)
    assert r.objective_value >= min(ok) - 1e-12  # never below a candidate that met the thermal limits
    assert r.objective_value in ok


def test_dy_free_magnet_needs_more_magnet_for_the_same_hot_duty():
    """In 100 degC air (check at 115 degC) the stall demagnetizes a thin Dy-free magnet: N42 needs a thicker one
    than N42SH (at 50 degC the two are alike: the credible events spare both)."""
    kw = dict(torque_nm=6.0, speed_rpm=1600, ambient_c=100.0, objective="magnet_mass")
    sh = mp.motor.size(magnet=mp.Magnet.from_grade("N42SH"), **kw)
    n = mp.motor.size(magnet=mp.Magnet.from_grade("N42"), **kw)
    assert n.objective_value > sh.objective_value
    assert n.motor.design.magnet_thickness_mm > sh.motor.design.magnet_thickness_mm


def test_sizing_bad_input():
    mag = mp.Magnet.from_grade("N42SH")
    with pytest.raises(mp.MagphysValueError) as err:
        mp.motor.size(torque_nm=6.0, speed_rpm=1600, ambient_c=40.0, magnet=mag, objective="beauty")
    assert err.value.parameter == "objective"
    with pytest.raises(mp.MagphysValueError) as err:
        mp.motor.size(torque_nm=6.0, speed_rpm=1600, ambient_c=40.0, magnet=mp.Magnet.from_grade("FERRITE-C8"))
    assert err.value.parameter == "magnet_price_usd_per_kg"
    with pytest.raises(mp.MagphysValueError) as err:
        mp.motor.size(torque_nm=-1.0, speed_rpm=1600, ambient_c=40.0, magnet=mag)
    assert err.value.parameter == "torque_nm"


def test_vectorised_operating_points_match_scalar_calls():
    fans = [
        mp.motor.reference("server_fan_40mm"),
        mp.motor.reference("server_fan_80mm"),
        mp.motor.reference("cdu_pump_3kw").with_magnet(mp.Magnet.from_grade("N38UH")),
    ]
    ds = mp.motor.operating_points(
        fans, speed_rpm=[20000, 9000, 2900], torque_nm=[0.003, 0.009, 9.0], ambient_c=[30, 35, 45]
    )
    assert list(ds.magnet.values) == ["BONDED-NDFEB-BN10", "BONDED-NDFEB-BN10", "N38UH"]
    for k, m in enumerate(fans):
        op = m.operating_point(float(ds.speed_rpm[k]), float(ds.torque_nm[k]), float(ds.ambient_c[k]))
        assert float(ds.input_power_w[k]) == pytest.approx(op.input_power_w, rel=1e-12)
        assert float(ds.temp_magnet_c[k]) == pytest.approx(op.temp_c["magnet"], rel=1e-12)
    one = mp.motor.operating_points(fans[0], speed_rpm=np.linspace(5000, 30000, 6), torque_nm=0.003, ambient_c=35)
    assert one.sizes["point"] == 6 and int(one.status[-1]) == sc.VOLTAGE_LIMIT
    with pytest.raises(mp.MagphysValueError):
        mp.motor.operating_points(fans, speed_rpm=[1, 2], torque_nm=0.001, ambient_c=35)


SCALED = [
    ("server_fan_80mm", "N42"),
    ("cdu_pump_3kw", "N38-Ce"),
    ("ec_fan_1kw", "FERRITE-C8"),
    ("server_fan_40mm", "BONDED-NDFEB-BN10"),
]


def _scaled_points(base, grade):
    """(design, magnet, scaling vector, template, factor pairs) of a reference design rewound for ``grade``."""
    b = mp.motor.reference_design(base)
    mag = mp.Magnet.from_grade(grade)
    from magphys.motor._scaling import scaling_vector, template_record

    rng = np.random.default_rng(1)
    sf, tf = rng.uniform(0.3, 3.0, 12), rng.uniform(0.3, 2.5, 12)
    return b, mag, scaling_vector(b), template_record(b, float(mag.record[L.R_MU_REC])), list(zip(sf, tf, strict=True))


@pytest.mark.parametrize("base, grade", SCALED)
def test_rewound_motor_keeps_the_base_torque_constant(base, grade):
    """The kernels' scale_motor (sweeps, the fused chain): the rewound motor's K_t at 20 C with its magnet is the
    base's with its own magnet to the rounding of the turns, the slot's copper area is kept (R_20 = rho N^2 l /
    (N_0 A_0), copper mass independent of N), the magnet mass is density x ring volume, and an impossible
    geometry is refused with the template left in place."""
    from magphys.kernels.chain import scale_motor
    from magphys.kernels.motor import flux_at
    from magphys.motor._sizing import _kt20

    b, mag, sc, tpl, factors = _scaled_points(base, grade)
    assert sc[L.SC_KT_BASE] == pytest.approx(_kt20(b, mp.Magnet.from_grade(b.magnet)), rel=1e-15)
    out = np.zeros(L.N_MOTOR)
    n0, a0 = b.turns_per_phase, math.pi / 4 * (b.wire_diameter_mm * 1e-3) ** 2
    rho_cu = sc[L.SC_RHO_CU_OHM_M]
    checked = 0
    for s, t in factors:
        h, stack = b.magnet_thickness_mm * t, b.stack_mm * s
        valid, mass = scale_motor(tpl, sc, mag.record, s, t, out)
        assert valid == (h < b.r_gap_mm)
        if not valid:
            np.testing.assert_array_equal(out, tpl)
            continue
        n = out[L.P_TURNS]
        assert n == round(n) and n >= 1
        kt = flux_at(out, mag.record, 293.15)[2]
        if n > 1:  # |n - N0 / ratio| <= 1/2
            assert abs(kt / sc[L.SC_KT_BASE] - 1.0) <= 0.5 / (n - 0.5)
        turn_m = (b.mean_turn_mm + 2 * (stack - b.stack_mm)) * 1e-3
        assert out[L.P_R20_OHM] == pytest.approx(rho_cu * n * n * turn_m / (n0 * a0), rel=1e-12)
        cu_kg = 3 * n0 * a0 * turn_m * sc[L.SC_DENSITY_CU]
        assert out[L.P_C_WINDING] == pytest.approx(cu_kg * sc[L.SC_CP_COPPER], rel=1e-12)
        r_out = b.r_gap_mm + (h if b.topology == "outer_rotor_fan" else 0.0)
        ring = math.pi * ((r_out * 1e-3) ** 2 - ((r_out - h) * 1e-3) ** 2) * stack * 1e-3 * b.pole_arc
        assert out[L.P_MAG_VOL_M3] == pytest.approx(ring, rel=1e-12)
        assert mass == pytest.approx(ring * mag.density_kg_m3, rel=1e-12)
        checked += 1
    assert checked >= 6
    for s, t in ((1.0, 100.0), (-1.0, 1.0)):  # a magnet thicker than the gap radius; a negative stack
        out[:] = 0.0
        assert not scale_motor(tpl, sc, mag.record, s, t, out)[0]
        np.testing.assert_array_equal(out, tpl)


@pytest.mark.parametrize("base, grade", SCALED)
def test_stack_scaled_conductances_equal_the_rebuilt_design(base, grade):
    """scale_motor scales the template's stack-long conductances (slot liner, gap, stator-housing interface,
    rotor surface), iron and heat capacities with the stack instead of evaluating the correlations again
    (MotorDesign.conductances): the correlations are linear in the stack at a fixed speed, so the record equals
    that of the design the scaling law rebuilds (the same turns: the winding is the scaling law's own)."""
    from magphys.kernels.chain import scale_motor
    from magphys.motor._sizing import scaled_design

    b, mag, sc, tpl, factors = _scaled_points(base, grade)
    out = np.zeros(L.N_MOTOR)
    cols = [L.P_G_WS, L.P_G_SM, L.P_G_SH, L.P_G_MA, L.P_G_HA, L.P_FE_MASS_KG, L.P_C_STATOR, L.P_C_MAGNET]
    cols += [L.P_CARTER, L.P_MAG_VOL_M3, L.P_STACK_M, L.P_MAG_THICK_M]
    for s, t in factors:
        h, stack = b.magnet_thickness_mm * t, b.stack_mm * s
        if not scale_motor(tpl, sc, mag.record, s, t, out)[0]:
            continue
        d = scaled_design(b, stack, h, b.turns_per_phase / out[L.P_TURNS])
        assert d.turns_per_phase == out[L.P_TURNS]
        rec = d.record(float(mag.record[L.R_MU_REC]), mag.density_kg_m3)
        np.testing.assert_allclose(out[cols], rec[cols], rtol=1e-12)


@given(st.integers(1, 400), st.floats(0.05, 20.0), st.floats(5.0, 80.0), st.floats(0.2, 4.0))
def test_rewind_rounds_the_turns_as_python_and_keeps_the_copper_area(turns, kt_ratio, stack_mm, stack_factor):
    """The scaling law (kernels/scaling.py, used by scaled_design and scale_motor): turns = max(1, round(N/r))
    with Python's ties-to-even, wire area x turns kept, the mean turn longer by twice the stack change."""
    from magphys.kernels.scaling import rewind, round_half_even

    n, wire, mean_turn, k = rewind(float(turns), kt_ratio, 60.0, stack_mm, stack_mm * stack_factor)
    assert n == max(1, round(turns / kt_ratio))
    assert n * wire == pytest.approx(turns, rel=1e-15)
    assert mean_turn == pytest.approx(60.0 + 2 * (stack_factor - 1) * stack_mm, rel=1e-12, abs=1e-12)
    assert k == pytest.approx(stack_factor, rel=1e-15)
    for x in (0.5, 1.5, 2.5, 3.5, -0.5, -1.5, 1e6 + 0.5, 2.4999999999999996, 2.5000000000000004):
        assert round_half_even(x) == round(x)
