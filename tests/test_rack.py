"""Racks and data halls: heat balance, published ranges of fan and pump power, partial PUE, motor
efficiency and magnet effects, insufficient cooling, the maximum IT power, bad input."""

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import magphys as mp
from magphys.cooling import DataHall, Plant, Rack, sweep_motor_efficiency


@pytest.fixture(scope="module")
def air30():
    """A 30 kW air-cooled rack of 1 U servers with 40 mm fans (reference motor server_fan_40mm)."""
    return Rack(it_power_kw=30, cooling="air", inlet_c=27.0, server_u=1, fan="San Ace 9GA0412P3K01")


@pytest.fixture(scope="module")
def dlc120():
    return Rack(it_power_kw=120, cooling="liquid", coolant="PG25", supply_c=40.0)


@settings(max_examples=12, deadline=None)
@given(st.floats(0.02, 1.0), st.floats(15.0, 35.0), st.sampled_from(["air", "liquid", "hybrid"]))
def test_heat_balance_closes_from_it_to_the_outdoor_air(load, inlet_c, cooling):
    """Heat removed (m_dot cp dT of each stream) = IT power + the heat the movers leave in the streams, and the
    plant rejects to the outdoor air every watt the site draws: compute, fans, pumps and plant (<= 1e-6).
    Air from 6 to 32 kW (what 2 U servers' 80 mm fans carry); liquid racks (80 % liquid) from 100 kW (one 3 kW
    CDU pump's stable branch) to 160 kW, hybrid ones (75 %) from 110 to 128 kW (32 kW of air at most)."""
    lo, hi = {"air": (6.0, 32.0), "liquid": (100.0, 160.0), "hybrid": (110.0, 128.0)}[cooling]
    it_kw = lo + load * (hi - lo)
    rack = Rack(
        it_power_kw=it_kw, cooling=cooling, inlet_c=inlet_c, liquid_fraction=0.75 if cooling == "hybrid" else None
    )
    res = rack.solve()
    assert res.status == "ok"
    assert res.heat_removed_kw == pytest.approx(it_kw + res.motor_heat_kw, rel=1e-6)
    for s in (res.air, res.liquid):
        if s is not None:
            assert s.heat_removed_kw == pytest.approx(s.heat_it_kw + s.motor_heat_kw, rel=1e-6)
            assert s.outlet_c - s.inlet_c == pytest.approx(
                rack.air_delta_t_k if s.medium == "air" else rack.coolant_delta_t_k, rel=1e-6
            )
    assert res.heat_to_outdoor_kw == pytest.approx(res.site_power_kw, rel=1e-6)


def test_a_120_kw_air_rack_says_it_does_not_fit():
    """Issue 14: 120 kW of air at a 15 K rise is ~6.9 m3/s; 1 U servers hold 10 x 40 mm fans, 2 U servers
    5 x 80 mm, and neither set carries it: the rack reports how many fans it needs, how many fit and the
    deficit of those that fit, never a rack of 1109 fans on a 0.85 m2 face."""
    for server_u in (1, 2):
        res = Rack(it_power_kw=120, cooling="air", server_u=server_u).solve()
        assert res.status == "does not fit"
        assert res.fit["fans_needed"] > res.fit["fans_fit"] == res.counts["fan"]
        assert res.deficit_kw > 0 and "fit" in res.message
    small = Rack(it_power_kw=30, cooling="air").solve()
    assert small.status == "ok" and small.counts["fan"] <= small.fit["fans_fit"]
    assert small.counts["fan"] % small.fit["servers"] == 0  # a whole number of fans per server
    with_liquid = Rack(it_power_kw=120, cooling="liquid").solve()
    assert with_liquid.status == "ok"  # the residual 20 % of air fits


def test_air_cooled_fan_share_of_it(air30):
    """In-server fans against the IT load they belong to (The Green Grid): a few % at design inlet and 80 %
    design speed headroom; Intel (IDF 2009) measured 11 % of server power at full fan duty (docs/research/
    issue14_plant.md section 7)."""
    res = air30.solve()
    assert res.status == "ok"
    assert 0.01 <= res.fan_share_of_it <= 0.16
    assert res.magnet_c["fan"] > res.temps["air_exhaust"]  # the magnet runs above the air around it
    assert res.it_load_kw == pytest.approx(30 + res.air.power_kw)
    assert res.cooling_with_fans_kw == pytest.approx(res.facility_cooling_kw + res.air.power_kw)


def test_liquid_loop_pump_power(dlc120):
    """Pump power ~0.6-1.8 % of the heat load (issue 4); ~1.5 L/min/kW of PG25 at 10 K."""
    res = dlc120.solve()
    assert res.status == "ok"
    assert 0.006 <= res.liquid.power_kw / res.liquid.heat_it_kw <= 0.018
    assert res.flow["coolant_l_min"] / res.liquid.heat_it_kw == pytest.approx(1.50, rel=0.05)


def test_ppue_in_published_ranges():
    """Partial PUE as The Green Grid defines it (in-server fans are IT load):
    - all-liquid DLC on W32 water with dry coolers on a 10 degC day: 1.02-1.05 (Uptime Institute: most DLC
      implementations 1.02-1.03, docs/research/issue14_sources.md section 6; facility pumps add ~1 %);
    - air-cooled with CRAHs and a chiller on a 25 degC day: 1.15-1.5, below the industry's average PUE of 1.58
      (Uptime 2023), which adds power-distribution losses; economized on a 10 degC day, lower."""
    cold = Plant(outdoor_c=10.0)
    dlc = Rack(it_power_kw=120, cooling="liquid", liquid_fraction=1.0, plant=cold).solve()
    assert dlc.status == "ok" and 1.02 <= dlc.ppue <= 1.05
    air = Rack(it_power_kw=30, cooling="air", plant=Plant(outdoor_c=25.0)).solve()
    assert air.status == "ok" and 1.15 <= air.ppue <= 1.5 and air.plant.chiller_w > 0
    econ = Rack(it_power_kw=30, cooling="air", plant=cold).solve()
    assert econ.plant.chiller_w == 0.0 and 1.02 < econ.ppue < air.ppue


def test_immersion_rack_has_no_fans_and_a_low_ppue():
    """Single-phase immersion (servers without fans in PNF mineral oil, pumped through the CDU): pPUE on W32
    water with dry coolers on a 10 degC day 1.02-1.05 (vendor claims of mechanical pPUE 1.02-1.03, GRC and
    Allied Control, docs/research/issue14_immersion.md section 4; the thick mineral oil errs high), higher on a
    25 degC design day (dry-cooler fans at full duty). The same compute in an 80/20 direct-to-chip rack draws
    more at the site: its server fans are gone under oil. The oil loop's pump takes 1-3 % of the heat (the
    viscous correction of its water curve included: oil at ~25 cSt costs the pump ~15 % of efficiency)."""
    cold = Plant(outdoor_c=10.0)
    imm = Rack(it_power_kw=100, cooling="immersion", plant=cold).solve()
    assert imm.status == "ok" and imm.counts["fan"] == 0 and imm.fan_power_kw == 0.0
    assert 1.02 <= imm.ppue <= 1.05
    assert 0.01 <= imm.liquid.power_kw / imm.it_power_kw <= 0.03
    hot = Rack(it_power_kw=100, cooling="immersion", plant=Plant(outdoor_c=25.0)).solve()
    assert imm.ppue < hot.ppue < 1.1
    dlc = Rack(it_power_kw=100, cooling="liquid", plant=cold).solve()
    assert imm.site_power_kw < dlc.site_power_kw
    assert imm.heat_to_outdoor_kw == pytest.approx(imm.site_power_kw, rel=1e-6)  # every site watt leaves as heat
    with pytest.raises(mp.MagphysValueError, match="liquid_fraction"):
        Rack(it_power_kw=100, cooling="immersion", liquid_fraction=0.8)


def test_rear_door_replaces_the_crah_fans_with_server_fan_work():
    """A passive rear door (rdhx): the exhaust returns to the room through a water coil in the door, so the CRAH
    fans go and the server fans push the air through the door as well (more fan power, counted as IT). Its
    pPUE lies below the air rack's on the same plant, inside the recalled
    1.15-1.3 of rear doors on a 25 degC design day (docs/research/issue14_immersion.md section 4, (R)); with the
    door's pressure drop the fan power rises monotonically, and at zero it is the air rack's."""
    kw = dict(it_power_kw=30, fan_count=100)
    for plant in (Plant(outdoor_c=10.0), Plant(outdoor_c=25.0)):
        air = Rack(**kw, cooling="air", plant=plant).solve()
        door = Rack(**kw, cooling="rdhx", plant=plant).solve()
        assert air.status == door.status == "ok" and door.plant.crah_fans_w == 0.0 < air.plant.crah_fans_w
        assert door.fan_power_kw > air.fan_power_kw and door.air.pressure_pa > air.air.pressure_pa
        assert door.ppue < air.ppue and door.cooling_with_fans_kw < air.cooling_with_fans_kw
        assert door.heat_to_outdoor_kw == pytest.approx(door.site_power_kw, rel=1e-6)
    assert 1.15 <= door.ppue <= 1.3
    fans = [Rack(**kw, cooling="rdhx", door_dp_pa=dp).solve().fan_power_kw for dp in (0.0, 25.0, 50.0, 100.0)]
    assert all(a < b for a, b in itertools.pairwise(fans))
    assert fans[0] == pytest.approx(Rack(**kw, cooling="air").solve().fan_power_kw, rel=1e-9)
    with pytest.raises(mp.MagphysValueError, match="liquid_fraction"):
        Rack(it_power_kw=30, cooling="rdhx", liquid_fraction=0.5)


def test_warmer_facility_water_needs_less_chiller_energy():
    """W17 -> W45: less chiller work and less site power, monotonically (a hot 30 degC day, where W17 needs a
    chiller and W40/W45 only for the CRAHs that take the pumps' drive losses from the room)."""
    plants = [Plant(water_class=w, outdoor_c=30.0) for w in ("W17", "W27", "W32", "W40", "W45")]
    res = [Rack(it_power_kw=120, cooling="liquid", liquid_fraction=1.0, plant=p).solve() for p in plants]
    chiller = [r.plant.chiller_w for r in res]
    site = [r.site_power_kw for r in res]
    assert all(r.status == "ok" for r in res)
    assert all(a >= b - 0.1 for a, b in itertools.pairwise(chiller))  # W
    assert chiller[-1] < 0.01 * chiller[0]
    assert all(a > b for a, b in itertools.pairwise(site))


def test_a_plant_without_chiller_reports_the_heat_it_cannot_reject():
    res = Rack(it_power_kw=120, cooling="liquid", plant=Plant(outdoor_c=35.0, chiller=False)).solve()
    assert res.status == "insufficient cooling"
    assert res.plant.deficit_w > 0 and "chiller" in res.message


def test_lower_motor_efficiency_costs_site_power_monotonically(dlc120):
    ds = sweep_motor_efficiency(dlc120, [0.5, 0.6, 0.7, 0.8, 0.9, 1.0])
    assert (ds.status == "ok").all()
    for var in ("cooling_power_kw", "motor_heat_kw", "heat_removed_kw", "plant_power_kw", "site_power_kw"):
        assert (ds[var].diff("motor_efficiency") < 0).all(), var
    # at efficiency 1 the movers still add their shaft work to the streams
    assert float(ds.motor_heat_kw[-1]) > 0


def test_weaker_or_hotter_fan_magnets_raise_rack_cooling_power(air30):
    """Lower Br -> more current for the same torque -> lower fan-motor efficiency -> more cooling power."""
    base = air30.solve()
    n = air30.counts()["fan"]
    motor = mp.motor.reference("server_fan_40mm")
    kw = dict(it_power_kw=30, server_u=1, fan="San Ace 9GA0412P3K01", fan_count=n)
    weak = Rack(**kw, fan_motor=motor.with_magnet(mp.Magnet.from_grade("FERRITE-C8"))).solve()
    assert weak.cooling_power_kw > base.cooling_power_kw * 1.01
    # the same fans in the cooler inlet air: cooler magnet and winding, less power
    cool = Rack(**kw, fan_position="inlet").solve()
    assert cool.magnet_c["fan"] < base.magnet_c["fan"] - 5
    assert cool.cooling_power_kw < base.cooling_power_kw


def test_a_pump_far_too_big_for_its_loop_is_out_of_range():
    """On its own (racks_per_cdu=1) a 5 kW rack's loop meets the 3 kW CDU pump left of its stable branch: a
    status, not a duty; by default the rack shares a row CDU and is served."""
    res = Rack(it_power_kw=5, cooling="liquid", racks_per_cdu=1).solve()
    assert res.status in ("outside model range", "stall")
    assert res.status in res.liquid.status
    shared = Rack(it_power_kw=5, cooling="liquid").solve()
    assert shared.status == "ok" and shared.racks_per_cdu > 10


def test_too_few_fans_report_insufficient_cooling_with_the_deficit(air30):
    n = air30.counts()["fan"]
    res = Rack(it_power_kw=30, server_u=1, fan="San Ace 9GA0412P3K01", fan_count=n // 2).solve()
    assert res.status == "insufficient cooling"
    assert res.air.speed_fraction == 1.0
    assert res.deficit_kw > 0
    # the deficit is the heat the full-speed flow cannot carry at the design rise
    cap = res.air.heat_removed_kw * 15.0 / (res.air.outlet_c - res.air.inlet_c)
    assert res.deficit_kw == pytest.approx(30 + res.air.motor_heat_kw - cap, rel=1e-6)


def test_max_it_power_is_where_the_fans_run_out(air30):
    p_max = air30.max_it_power_kw()
    assert p_max > 30  # the design leaves 20 % speed headroom
    n = air30.counts()["fan"]
    kw = dict(server_u=1, fan="San Ace 9GA0412P3K01", fan_count=n)
    at = Rack(it_power_kw=p_max, **kw).solve()
    assert at.status == "ok" and at.air.speed_fraction > 0.999
    assert Rack(it_power_kw=p_max * 1.01, **kw).solve().status != "ok"


def test_data_hall_rollup_scales_per_mw(dlc120):
    small, big = DataHall(dlc120, 100).rollup(), DataHall(dlc120, 1000).rollup()
    assert big["it_power_mw"] == pytest.approx(120.0)
    assert big["fans_per_mw"] == pytest.approx(small["fans_per_mw"])
    assert big["magnet_kg_per_mw"] == pytest.approx(small["magnet_kg_per_mw"], rel=0.02)  # pumps round up
    assert big["cooling_energy_mwh_per_year"] == pytest.approx(big["cooling_power_mw"] * 8760)
    # sintered N42SH pump magnets and bonded fan rings: rare earths ~26-31 wt%; Dy only in the pumps
    ree = sum(big[f"{e}_kg"] for e in ("Nd", "Pr", "Dy", "Tb", "Ce"))
    assert 0.25 < ree / big["magnet_kg"] < 0.32
    pump = mp.motor.reference("cdu_pump_3kw")
    dy_per_pump = pump.design.magnet_volume_m3() * pump.magnet.density_kg_m3 * pump.magnet.composition["Dy"] / 100
    assert big["Dy_kg"] == pytest.approx(big["pumps"] * dy_per_pump, rel=1e-9)


def test_bad_rack_input_names_the_parameter():
    cases = [
        dict(it_power_kw=-5),
        dict(it_power_kw=100, inlet_c=90),
        dict(it_power_kw=100, fan="no such fan"),
        dict(it_power_kw=100, cooling="two_phase_immersion"),
        dict(it_power_kw=100, cooling="liquid", coolant="kerosene"),
        dict(it_power_kw=100, inlet_c=38.0, air_class="A1"),
        dict(it_power_kw=100, cooling="hybrid"),
        dict(it_power_kw=100, fan_count=0),
        dict(it_power_kw=100, water_class="W99"),
        dict(it_power_kw=100, server_u=41),
        dict(it_power_kw=100, rack_u=2),
        dict(it_power_kw=100, plant="chiller"),
    ]
    for kw in cases:
        with pytest.raises(mp.MagphysValueError) as err:
            Rack(**kw)
        assert err.value.parameter in {
            "it_power_kw",
            "inlet_c",
            "fan",
            "cooling",
            "coolant",
            "liquid_fraction",
            "fan_count",
            "water_class",
            "server_u",
            "rack_u",
            "plant",
        }
    assert math.isclose(Rack(it_power_kw=100, cooling="liquid", water_class="W32").coolant_supply_c, 36.0)


@given(st.floats(0.5, 1100.0), st.floats(1e-4, 0.1), st.floats(1000.0, 4200.0), st.floats(2.0, 30.0))
def test_stream_heat_balance_inverts(rho, q, cp, rise):
    """kernels/rack.py (DrivenMover.duty, Rack.solve, the fused chain): the heat a stream carries at a rise, the
    outlet temperature that heat gives and the flow that carries it are one balance rho Q cp dT."""
    from magphys.kernels.rack import stream_flow_m3_s, stream_heat_w, stream_outlet_k

    heat = stream_heat_w(rho, q, cp, rise)
    assert stream_outlet_k(300.0, heat, rho, q, cp) == pytest.approx(300.0 + rise, rel=1e-14)
    assert stream_flow_m3_s(heat, rho, cp, rise) == pytest.approx(q, rel=1e-14)


@given(st.floats(50.0, 500.0), st.floats(0.0, 0.3), st.floats(1.0, 2.0), st.floats(1e4, 3e5))
def test_mover_rack_closes_the_energy_balance(carried, heat_share, input_over_heat, rack_it):
    """A rack's movers remove its IT heat plus their own, draw movers x input, and pPUE = 1 + cooling / IT;
    a mover that heats its stream beyond the rise serves nothing (NaN, never a negative rack)."""
    from magphys.kernels.rack import mover_rack

    heat = heat_share * carried
    served, movers, cooling, removed, ppue = mover_rack(carried, heat, input_over_heat * heat, rack_it)
    assert served == pytest.approx(carried - heat)
    assert removed == pytest.approx(rack_it + movers * heat, rel=1e-12)
    assert ppue == pytest.approx(1.0 + cooling / rack_it, rel=1e-12)
    assert cooling == pytest.approx(movers * input_over_heat * heat, rel=1e-12)
    served, *rest = mover_rack(carried, 1.01 * carried, carried, rack_it)
    assert served < 0 and all(math.isnan(v) for v in rest)


def test_small_liquid_racks_share_a_row_cdu():
    """A 20-80 kW direct-to-chip rack meets the 3 kW CDU pump far left on its curve: it shares a row CDU with as
    many racks as put the pump mid-branch, and carries its share, so the pump draws 1-2 % of the liquid heat at
    every rack size (as the 100-120 kW racks on their own pump; the OCP RPU figure of issue 4: ~1.1 %). A given
    racks_per_cdu is kept; the heat balance closes from IT to the outdoor air."""
    shares = []
    for kw in (20.0, 30.0, 40.0, 80.0, 120.0):
        res = Rack(it_power_kw=kw, cooling="liquid", liquid_fraction=1.0).solve()
        assert res.status == "ok", (kw, res.message)
        shares.append(res.liquid.power_kw / res.liquid.heat_it_kw)
        assert res.heat_to_outdoor_kw == pytest.approx(res.site_power_kw, rel=1e-6)
        assert res.liquid.heat_it_kw == pytest.approx(kw, rel=1e-9)  # the rack's share, not the CDU's
    assert all(0.01 <= s <= 0.02 for s in shares), shares
    assert Rack(it_power_kw=30.0, cooling="liquid", liquid_fraction=1.0).counts()["racks_per_cdu"] > 1
    assert Rack(it_power_kw=120.0, cooling="liquid", liquid_fraction=1.0).counts()["racks_per_cdu"] == 1
    own = Rack(it_power_kw=30.0, cooling="liquid", liquid_fraction=1.0, racks_per_cdu=1).solve()
    assert own.status == "stall" and own.racks_per_cdu == 1
