"""The cost of substitution: lifetime energy, duties, and the side-by-side comparison of routes."""

import pytest

import magphys as mp
from magphys.design import Duty, compare

FAN = Duty.fan(flow_m3_s=60 / 2118.88, pressure_pa=300.0, ambient_c=45.0)


def test_lifetime_counts_the_cooling_of_losses_and_scales_with_price():
    e = mp.economics
    a = e.lifetime(1000.0, 100.0, 8760, 10, electricity_usd_per_kwh=0.10, heat_removal_kw_per_kw=0.25)
    assert a.input_kwh_per_year == pytest.approx(8760.0)
    assert a.overhead_kwh_per_year == pytest.approx(0.25 * 876.0)
    b = e.lifetime(1000.0, 100.0, 8760, 10, electricity_usd_per_kwh=0.20, heat_removal_kw_per_kw=0.25)
    assert b.energy_cost_usd == pytest.approx(2 * a.energy_cost_usd, rel=1e-12)
    assert a.co2_t == pytest.approx(b.co2_t)
    assert (
        e.lifetime(1000.0, 100.0, 8760, 10, discount_rate=0.05).energy_cost_usd
        < e.lifetime(1000.0, 100.0, 8760, 10).energy_cost_usd
    )
    with pytest.raises(mp.MagphysValueError):
        e.lifetime(-1.0, 0.0, 8760, 10)


def test_cool_duty_dy_free_is_feasible_and_cheaper():
    """A hot-aisle fan at 45 degC (demag check at 60 degC): the Dy-free grade meets it with less magnet
    money and no licence; the Dy grade needs one."""
    ds = compare(FAN, routes=["dy_bulk", "dy_free_sintered", "induction_ie3"], scenario="ex_china_2025")
    dy, free = ds.sel(route="dy_bulk"), ds.sel(route="dy_free_sintered")
    assert bool(dy.feasible) and bool(free.feasible)
    assert float(free.magnet_cost_usd) < float(dy.magnet_cost_usd)
    assert float(free.hree_g) == 0 and float(dy.hree_g) > 0
    assert bool(dy.licence_required) and not bool(free.licence_required)
    # the price band: Dy's China/Europe gap makes the Dy route's band the wider one
    for r in (dy, free):
        assert float(r.magnet_usd_per_kg_p05) < float(r.magnet_usd_per_kg) < float(r.magnet_usd_per_kg_p95)
    width = lambda r: float(r.magnet_usd_per_kg_p95) / float(r.magnet_usd_per_kg_p05)  # noqa: E731
    assert width(dy) > width(free)
    assert not bool(ds.sel(route="induction_ie3").feasible)  # a 12 V DC server fan: said, not raised
    assert "mains" in str(ds.sel(route="induction_ie3").reason.values)


def test_hot_duty_hree_free_is_infeasible_or_pays_and_says_so():
    """A canned pump in 115 degC coolant (check at 130 degC): the plain Dy-free grade pays in magnet or cannot
    make it and the table says which limit; every other route's row says what it costs against Dy-bulk."""
    duty = Duty.pump(flow_m3_s=400 / 60000, pressure_pa=3.0e5, coolant_c=115.0, topology="canned")
    ds = compare(duty, routes=["dy_bulk", "dy_free_sintered", "hree_free_fine_grain"], scenario="china_domestic_2025")
    dy = ds.sel(route="dy_bulk")
    assert bool(dy.feasible) and float(dy.magnet_c) > 115.0  # the rotor sits in the 115 degC coolant
    n42 = ds.sel(route="dy_free_sintered")
    # the plain Dy-free grade survives the stall at 130 degC only with a much thicker magnet, or not at all
    assert (bool(n42.feasible) and float(n42.magnet_kg) > 1.5 * float(dy.magnet_kg)) or (
        not bool(n42.feasible) and "demagnetization" in str(n42.reason.values)
    )
    fg = ds.sel(route="hree_free_fine_grain")
    reason = str(fg.reason.values)
    assert (not bool(fg.feasible) and reason.startswith("infeasible")) or (
        bool(fg.feasible) and f"magnet x{float(fg.magnet_kg) / float(dy.magnet_kg):.2f}" in reason
    )


def test_compare_energy_and_bad_input():
    ds = compare(FAN, routes=["ferrite"], scenario="china_domestic_2025", electricity_usd_per_kwh=0.10)
    r = ds.sel(route="ferrite")
    p_in, loss = float(r.input_power_w), float(r.loss_w)
    assert float(r.energy_mwh_per_year) == pytest.approx((p_in + 0.25 * loss) * 8760 / 1e6, rel=1e-9)
    assert float(r.tco_usd) == pytest.approx(float(r.magnet_cost_usd) + float(r.energy_cost_usd), rel=1e-12)
    with pytest.raises(mp.UnknownNameError):
        compare(FAN, routes=["unobtainium"])
    with pytest.raises(mp.UnknownNameError):
        compare(FAN, routes=["ferrite"], scenario="mars_2030")
    with pytest.raises(mp.MagphysValueError):
        Duty.fan(flow_m3_s=-1.0, pressure_pa=300.0)
    with pytest.raises(mp.MagphysValueError):
        Duty("compressor", 1.0, 1.0, 20.0)


def test_facility_view_adds_up_the_hall():
    """A 100 MW hall: each route's totals are its per-machine figures times the hall's fans and pumps;
    the Dy/Tb avoided by an HREE-free route is all of Dy-bulk's."""
    hall = mp.cooling.DataHall(mp.cooling.Rack(it_power_kw=120, cooling="liquid"), 834)
    routes = ["dy_bulk", "tb_gbd", "hree_free_fine_grain"]
    ds = mp.design.facility_compare(hall, routes=routes)
    parts = [(compare(d, routes), n) for d, n in mp.design.hall_duties(hall)]
    assert sum(n for _, n in parts) == pytest.approx(hall.rollup()["fans"] + 834)
    for r in routes:
        e = sum(float(p.sel(route=r).energy_mwh_per_year) * n for p, n in parts) / 1e3
        assert float(ds.energy_gwh_per_year.sel(route=r)) == pytest.approx(e, rel=1e-9)
    assert float(ds.hree_avoided_kg.sel(route="hree_free_fine_grain")) == pytest.approx(
        float(ds.hree_kg.sel(route="dy_bulk"))
    )
    assert 0 < float(ds.hree_avoided_kg.sel(route="tb_gbd")) < float(ds.hree_kg.sel(route="dy_bulk"))


def test_facility_compare_prices_the_cooling_of_losses_by_the_halls_plant():
    """The energy of a route includes the cooling of its motors' losses at the hall's plant: per kW of heat the
    plant draws less with W45 water than with W17 on a 30 degC day, so the same route uses less energy."""
    from magphys.design._facility import hall_duties

    halls = [
        mp.cooling.DataHall(
            mp.cooling.Rack(it_power_kw=120, cooling="liquid", plant=mp.cooling.Plant(water_class=w, outdoor_c=30.0)),
            10,
        )
        for w in ("W17", "W45")
    ]
    per_kw = [hall_duties(h)[0][0].heat_removal_kw_per_kw for h in halls]
    assert per_kw[0] > per_kw[1] > 0
    e = [float(mp.design.facility_compare(h, routes=["dy_bulk"]).energy_gwh_per_year[0]) for h in halls]
    assert e[0] > e[1]
