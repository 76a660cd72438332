"""Generated cooling motors (issue 13): the sizing laws, the search over the generated space, drives and
supplies, like-for-like induction baselines, and the comparison over a grid of data-center duties."""

import math

import numpy as np
import pytest
from _duty_grid import duties as grid_duties
from _duty_grid import pump

import magphys as mp
from magphys.kernels import constraints as bc
from magphys.kernels import layout as L
from magphys.motor import _generate as g
from magphys.motor._induction import ie_efficiency, poles_nearest
from magphys.motor._motor import LOSS_KINDS

MAGNET_ROUTES = [r for r, (grade, _) in mp.design.ROUTES.items() if grade is not None]
SINTERED = ("dy_bulk", "dy_gbd", "tb_gbd", "dy_free_sintered", "hree_free_fine_grain", "ce_substituted")


@pytest.fixture(scope="module")
def grid():
    ds_duties = grid_duties()
    return ds_duties, mp.design.compare_many(ds_duties)


def test_the_grid_holds_thirty_duties_of_every_kind(grid):
    duties, _ = grid
    assert len(duties) >= 30
    movers = {d.defaults["mover"].split()[-2] if d.kind == "fan" else "pump" for d in duties}
    assert {"server", "plug", "pump"} <= movers
    assert {40.0, 60.0, 80.0, 92.0, 120.0} <= {
        float(d.defaults["mover"].split()[0]) for d in duties if "server" in d.defaults["mover"]
    }


def test_every_duty_gets_six_of_the_nine_magnet_routes(grid):
    duties, ds = grid
    feasible = ds.feasible.sel(route=MAGNET_ROUTES).values.sum(axis=1)
    short = [(d.name, int(n)) for d, n in zip(duties, feasible, strict=True) if n < 6]
    assert not short, short


def test_every_infeasible_route_names_its_binding_constraint(grid):
    duties, ds = grid
    names = set(bc.NAMES.values()) - {"none"}
    for i in range(len(duties)):
        for route in MAGNET_ROUTES:
            r = ds.isel(duty=i).sel(route=route)
            if not bool(r.feasible):
                assert str(r.binding_constraint.values) in names
                assert "binding: " + str(r.binding_constraint.values) in str(r.reason.values)


RELAX = {
    bc.BC_ENVELOPE_DIAMETER: lambda env: env.__setitem__(L.GE_ENV_OD_M, math.inf),
    bc.BC_ENVELOPE_LENGTH: lambda env: env.__setitem__(L.GE_ENV_LENGTH_M, math.inf),
    bc.BC_DRIVE_CURRENT: lambda env: env.__setitem__(L.GE_I_MAX_A, 1e9),
    bc.BC_WINDING_TEMPERATURE: lambda env: env.__setitem__(L.GE_MAX_WINDING_K, 1e4),
    bc.BC_DEMAGNETIZATION: lambda env: env.__setitem__(L.GE_LOSS_LIMIT, 1.0),
}


def test_relaxing_the_binding_constraint_admits_the_duty(grid):
    """The search names the constraint that alone keeps its best candidate out: relaxing it (and nothing else)
    makes the duty feasible."""
    duties, ds = grid
    checked = 0
    for i, d in enumerate(duties):
        for route in MAGNET_ROUTES:
            r = ds.isel(duty=i).sel(route=route)
            if bool(r.feasible):
                continue
            code = bc.CODES[str(r.binding_constraint.values)]
            assert code in RELAX, str(r.binding_constraint.values)
            mag = mp.Magnet.from_grade(mp.design.ROUTES[route][0])
            env = g.environment(
                d.torque_nm,
                d.speed_rpm,
                d.motor_ambient_c,
                mag,
                d.topology,
                d.motor_supply,
                d.motor_envelope,
                d.coolant,
                d.demag_c,
                d.cold_c,
                None,
                float(r.magnet_usd_per_kg),
                10.0,
                d.air_speed_m_s,
            )
            before = g.search(env[None], [g.candidate_grid(d.topology)], [0], mag.record[None], [0])
            assert before.result[0, L.SR_BEST] < 0 and int(before.result[0, L.SR_BINDING]) == code
            RELAX[code](env)
            after = g.search(env[None], [g.candidate_grid(d.topology)], [0], mag.record[None], [0])
            assert after.result[0, L.SR_BEST] >= 0, (d.name, route)
            checked += 1
    assert checked > 0


def test_pm_with_sintered_ndfeb_beats_ie3_induction_on_the_same_drive_for_pumps(grid):
    """0.5-10 kW pumps, same architecture (canned or dry) and drive: the PM route's system efficiency wins."""
    duties, ds = grid
    n = 0
    for i, d in enumerate(duties):
        if d.kind != "pump" or not (500.0 <= d.shaft_power_w <= 10e3):
            continue
        r = ds.isel(duty=i)
        im = r.sel(route="induction_ie3")
        assert bool(im.feasible) and str(im.topology.values) == str(r.sel(route="dy_bulk").topology.values)
        pm = [float(r.sel(route=k).efficiency) for k in SINTERED if bool(r.sel(route=k).feasible)]
        assert pm and min(pm) > float(im.efficiency), d.name
        n += 1
    assert n >= 9


def test_server_fan_motor_and_drive_stay_at_or_below_85_percent(grid):
    duties, ds = grid
    for i, d in enumerate(duties):
        if d.motor_supply.endswith("_dc"):
            eff = ds.isel(duty=i).efficiency.sel(route=MAGNET_ROUTES).values
            assert np.nanmax(eff) <= 0.85, d.name


# the model's smallest mains motors run above the IE5 level (see the note in docs/design.md section 8)
IE5_KNOWN_ABOVE = {"pump_200W", "ec_300W"}


def test_no_pm_motor_and_drive_above_ie5_for_its_rating(grid):
    """IEC TS 60034-30-2: IE5 losses 20 % below IE4 (motor only); a PM motor with its drive stays below that
    level for its rating and speed class (>= 0.12 kW)."""
    duties, ds = grid
    above = []
    for i, d in enumerate(duties):
        if d.motor_supply.endswith("_dc") or d.shaft_power_w < 120.0:
            continue
        cap = ie_efficiency(min(d.shaft_power_w / 1e3, 30.0), "IE5", poles_nearest(d.speed_rpm))
        best = np.nanmax(ds.isel(duty=i).efficiency.sel(route=MAGNET_ROUTES).values)
        if best > cap:
            above.append(d.name.rsplit("_", 1)[0])
    assert set(above) <= IE5_KNOWN_ABOVE, above
    assert above, "the known exceedance is gone: drop it from IE5_KNOWN_ABOVE"


def test_designs_fit_their_envelope_magnet_limits_and_shear_class(grid):
    duties, ds = grid
    for i, d in enumerate(duties):
        box = d.motor_envelope
        shear_lo, shear_hi = g.rules()["topology"][d.topology]["shear_kpa"]
        for route in MAGNET_ROUTES:
            r = ds.isel(duty=i).sel(route=route)
            if not bool(r.feasible):
                continue
            lo, hi, _ = g.magnet_limits(mp.Magnet.from_grade(mp.design.ROUTES[route][0]))
            assert float(r.outer_diameter_mm) <= box.outer_diameter_mm * (1 + 1e-12)
            assert float(r.length_mm) <= box.length_mm * (1 + 1e-12)
            assert lo * (1 - 1e-9) <= float(r.magnet_mm) <= hi * (1 + 1e-9)
            assert shear_lo * (1 - 1e-9) <= float(r.shear_stress_kpa) <= shear_hi * (1 + 1e-9)


def test_system_efficiency_is_motor_times_drive(grid):
    _, ds = grid
    ok = ds.feasible.values
    sys_eff = ds.efficiency.values[ok]
    np.testing.assert_allclose(sys_eff, (ds.motor_efficiency * ds.drive_efficiency).values[ok], rtol=1e-12)
    assert np.all(sys_eff < 1.0) and np.all(sys_eff > 0.3)


@pytest.mark.parametrize("name", mp.motor.reference_names())
def test_the_generator_at_a_reference_rating_lands_near_its_geometry(name):
    d = mp.motor.reference_design(name)
    supply = {"server_fan_40mm": "12V_dc", "server_fan_80mm": "12V_dc"}.get(name, "400V_3ph")
    mag = mp.Magnet.from_grade(d.magnet)
    m = mp.motor.design_for(
        d.rated_torque_nm,
        d.rated_speed_rpm,
        topology=d.topology,
        supply=supply,
        magnet=mag,
        ambient_c=d.rated_ambient_c,
        magnet_price_usd_per_kg=35.0,
    )
    assert m.design.topology == d.topology
    assert 0.5 <= m.design.r_gap_mm / d.r_gap_mm <= 2.0
    assert 0.5 <= m.design.stack_mm / d.stack_mm <= 2.5
    ratio = m.design.magnet_volume_m3() / d.magnet_volume_m3()
    assert 0.1 <= ratio <= 3.0


def test_a_generated_motor_is_one_record_and_conserves_energy():
    """design_for's Motor has the record the search evaluated (one design_record), and its losses add up."""
    mag = mp.Magnet.from_grade("N42SH")
    box = {"outer_diameter_mm": 40.0, "length_mm": 38.0}
    m = mp.motor.design_for(
        torque_nm=0.05, speed_rpm=9000, topology="outer_rotor_fan", supply="12V_dc", envelope=box, magnet=mag
    )
    env = g.environment(
        0.05,
        9000.0,
        40.0,
        mag,
        "outer_rotor_fan",
        "12V_dc",
        g.as_envelope(box),
        magnet_price_usd_per_kg=34.0,
        loss_usd_per_w=9.3,
    )
    r = g.search(env[None], [g.candidate_grid("outer_rotor_fan")], [0], mag.record[None], [0])
    rec = np.zeros(L.N_MOTOR)
    from magphys.kernels.generate import design_record

    design_record(r.design[0], rec)
    np.testing.assert_allclose(m.record, rec, rtol=1e-12, atol=0.0)
    op = m.operating_point(9000, 0.05, 40.0)
    assert op.input_power_w == pytest.approx(op.shaft_power_w + sum(op.losses_w[k] for k in LOSS_KINDS), rel=1e-12)
    assert 0.5 < op.efficiency <= 0.85
    assert (
        m.design.rotor_outer_diameter_mm() * (1 + g.rules()["topology"]["outer_rotor_fan"]["wall_fraction"])
        <= 40.0 + 1e-9
    )


def test_a_larger_envelope_never_costs_more():
    """The search's least objective cannot rise when the space grows."""
    mag = mp.Magnet.from_grade("N42")
    obj = []
    for od in (60.0, 90.0, 200.0):
        env = g.environment(
            1.0, 3000.0, 40.0, mag, "outer_rotor_fan", "230V_1ph", g.Envelope(od, 60.0), magnet_price_usd_per_kg=20.0
        )
        obj.append(
            g.search(env[None], [g.candidate_grid("outer_rotor_fan")], [0], mag.record[None], [0]).result[
                0, L.SR_OBJECTIVE
            ]
        )
    obj = [math.inf if math.isnan(o) else o for o in obj]  # infeasible: no design at any cost
    assert obj[0] >= obj[1] >= obj[2] and math.isfinite(obj[2])


def test_a_hotter_demagnetization_check_never_makes_a_design_cheaper():
    """Tightening a constraint shrinks the feasible set: the least objective cannot fall."""
    mag = mp.Magnet.from_grade("N42")
    obj = []
    for hot in (60.0, 90.0, 120.0):
        env = g.environment(
            9.9,
            2900.0,
            45.0,
            mag,
            "canned",
            "400V_3ph",
            g.Envelope(175.0, 200.0),
            hot_c=hot,
            magnet_price_usd_per_kg=20.0,
        )
        r = g.search(env[None], [g.candidate_grid("canned")], [0], mag.record[None], [0])
        obj.append(r.result[0, L.SR_OBJECTIVE])
    obj = [math.inf if math.isnan(o) else o for o in obj]
    assert obj[0] <= obj[1] <= obj[2] and math.isfinite(obj[0])


def test_winding_factors_from_the_star_of_slots():
    wf = mp.motor.winding_factor
    assert wf(2, 6, 1) == pytest.approx(math.sqrt(3) / 2, rel=1e-12)  # 4 poles / 6 slots
    assert wf(5, 12, 1) == pytest.approx(0.9330, abs=5e-5)  # 10 poles / 12 slots
    assert wf(4, 9, 1) == pytest.approx(0.9452, abs=5e-5)  # 8 poles / 9 slots
    assert wf(1, 12, 6) == pytest.approx(0.9659, abs=5e-5)  # q = 2, full pitch: k_d = sin(30)/(2 sin(15))
    assert wf(2, 36, 9) == pytest.approx(0.9598, abs=5e-5)  # q = 3, full pitch
    with pytest.raises(mp.MagphysValueError):
        wf(2, 8, 1)  # not divisible by three phases


def test_drive_losses_follow_their_parts():
    """A DC fan supply has no rectifier or PFC; the mains drive's share of loss falls with power."""
    from magphys.kernels.drive import inverter_loss_w, supply_loss_w

    dc = g.drive_for("12V_dc", 20.0)
    assert dc.rect_drop_v == 0.0 and dc.pfc_loss_frac == 0.0 and supply_loss_w(20.0, 12.0, 0.0, 0.0) == 0.0
    shares = []
    for p in (500.0, 3000.0, 30000.0):
        drv = g.drive_for("400V_3ph", p)
        i = p / (3 * 0.85 * drv.dc_bus_v / math.sqrt(6))
        loss = inverter_loss_w(drv.r_on_ohm, drv.switching_w_per_a, drv.fixed_w, i)
        loss += supply_loss_w(p + loss, drv.dc_bus_v, drv.rect_drop_v, drv.pfc_loss_frac)
        shares.append(loss / p)
    assert shares[0] > shares[1] > shares[2] > 0.005


def test_induction_baseline_is_like_for_like():
    """The pole count the speed needs, the same drive; canned where the duty is canned (can and wet rotor)."""
    from magphys.motor._induction import poles_for

    assert poles_for(2900.0) == 2 and poles_for(1400.0) == 4 and poles_for(900.0) == 6
    dry = mp.motor.induction_for(3000.0, 2900.0, "400V_3ph", "inner_rotor_dry", "IE3")
    canned = mp.motor.induction_for(3000.0, 2900.0, "400V_3ph", "canned", "IE3")
    assert dry.canned_loss_w == 0.0 and canned.canned_loss_w > 0.0
    assert canned.efficiency < dry.efficiency < dry.motor_efficiency
    assert dry.motor.poles == 2 and dry.motor.rated_kw == 3.0
    ie4 = mp.motor.induction_for(3000.0, 2900.0, "400V_3ph", "inner_rotor_dry", "IE4")
    assert ie4.efficiency > dry.efficiency
    # IE5: losses 20 % below IE4
    e4, e5 = ie_efficiency(3.0, "IE4", 2), ie_efficiency(3.0, "IE5", 2)
    assert 3.0 * (1 / e5 - 1) == pytest.approx(0.8 * 3.0 * (1 / e4 - 1), rel=1e-12)
    with pytest.raises(mp.MagphysValueError):
        mp.motor.induction_for(20.0, 9000.0, "12V_dc", "outer_rotor_fan")


def test_compare_reports_the_like_for_like_columns():
    ds = mp.design.compare(pump(3000.0, 45.0))
    for col in ("efficiency", "motor_efficiency", "drive_efficiency", "topology", "supply", "binding_constraint"):
        assert col in ds
    assert set(ds.topology.values) == {"inner_rotor_dry"} and set(ds.supply.values) == {"400V_3ph"}
    assert float(ds.sel(route="dy_bulk").efficiency) > float(ds.sel(route="induction_ie4").efficiency)


def test_design_for_says_which_constraint_binds():
    mag = mp.Magnet.from_grade("N42SH")
    with pytest.raises(mp.MagphysValueError) as err:
        mp.motor.design_for(
            5.0,
            3000.0,
            topology="outer_rotor_fan",
            supply="400V_3ph",
            envelope={"outer_diameter_mm": 20.0, "length_mm": 10.0},
            magnet=mag,
        )
    assert "binding: envelope" in str(err.value) or "binding: geometry" in str(err.value)
    with pytest.raises(mp.MagphysValueError):
        mp.motor.design_for(0.05, 9000.0, supply="9V_battery", magnet=mag)
    with pytest.raises(mp.MagphysValueError):
        mp.motor.design_for(0.05, 9000.0, envelope={"diameter": 40.0}, magnet=mag)
    with pytest.raises(mp.MagphysValueError):
        mp.motor.design_for(0.05, 9000.0, envelope={"outer_diameter_mm": -1.0, "length_mm": 10.0}, magnet=mag)
    with pytest.raises(mp.MagphysValueError):
        mp.motor.design_for(0.05, 9000.0, magnet=mp.Magnet.from_grade("BONDED-NDFEB-BN10"), ambient_c=170.0)
    with pytest.raises(mp.MagphysValueError):
        mp.motor.design_for(0.05, 9000.0, topology="axial_flux", magnet=mag)


def test_compare_never_raises_for_a_duty_no_design_meets():
    """A 30 kW pump squeezed into a 40 mm envelope: every magnet route says why, the table still comes."""
    d = mp.design.Duty.pump(0.1, 2.1e5, envelope={"outer_diameter_mm": 40.0, "length_mm": 40.0})
    ds = mp.design.compare(d, routes=["dy_bulk", "ferrite", "induction_ie3"])
    assert not bool(ds.sel(route="dy_bulk").feasible) and not bool(ds.sel(route="ferrite").feasible)
    assert str(ds.sel(route="dy_bulk").binding_constraint.values) in (
        "geometry",
        "envelope diameter",
        "envelope length",
    )


def test_a_supply_the_drive_cannot_use_is_a_reason_not_an_exception():
    d = mp.design.Duty.pump(0.01, 2.0e5, supply="12V_dc")  # 2.9 kW on a 12 V fan supply
    ds = mp.design.compare(d, routes=["dy_bulk", "ferrite", "induction_ie3"])
    assert not ds.feasible.values.any()
    assert str(ds.sel(route="dy_bulk").binding_constraint.values) == "supply rating"
    with pytest.raises(mp.MagphysValueError) as err:
        mp.motor.design_for(10.0, 2900.0, topology="canned", supply="12V_dc")
    assert err.value.parameter == "supply"


def test_a_pump_envelope_is_the_frame_of_its_speed_class():
    """2.2 kW: IEC frame 90 for a 2-pole motor, 100 for a 4-pole one (iec_frames.csv)."""
    fast = mp.design.Duty.pump(2200 * 0.7 / 2.5e5, 2.5e5, coolant_c=30.0)
    slow = mp.design.Duty.pump(2200 * 0.7 / 2.5e5, 2.5e5, coolant_c=30.0, speed_rpm=1450.0)
    assert fast.motor_envelope.outer_diameter_mm == pytest.approx(1.75 * 90)
    assert slow.motor_envelope.outer_diameter_mm == pytest.approx(1.75 * 100)
