"""Fleet over a year: agreement with the rack solve at design conditions, climate monotonicity,
chiller-less hot hours, rack-position spread, climate input and its errors."""

import numpy as np
import pytest

import magphys as mp
from magphys.cooling import DataHall, Rack, climate_series, fleet_year
from magphys.cooling._fleet import ECONOMIZER_APPROACH_K


@pytest.fixture(scope="module")
def hall():
    return DataHall(Rack(it_power_kw=120, cooling="liquid"), 100)


def test_a_year_at_design_conditions_reproduces_the_rack_solve(hall):
    """Constant climate that puts the inlets at their design values, full load: every hour is the rack's
    design point, so a year's energy is 8760 h x the rack solve's mover power (table interpolation and the
    fleet model's neglect of the movers' own heat in the stream rise: <= 0.5 %)."""
    rack = hall.rack
    # the air inlet sits at its design value when climate + approach = design (the pump side is then cooler)
    temps = np.full(48, rack.inlet_c - ECONOMIZER_APPROACH_K["air"])
    ds = fleet_year(hall, temps)
    res = rack.solve()
    fan = ds.sel(member=ds.kind == "fan")
    assert float(fan.mean_input_w[0]) * res.air.count == pytest.approx(res.air.power_kw * 1e3, rel=5e-3)
    assert float(fan.peak_magnet_c[0]) == pytest.approx(res.magnet_c["fan"], abs=0.3)
    assert float(fan.energy_mwh[0]) == pytest.approx(res.air.power_kw * hall.count * 48 / 1e3, rel=5e-3)


def test_hotter_climates_cost_energy_and_heat_the_magnets(hall):
    years = {c: fleet_year(hall, c, trim=False) for c in ("cold", "temperate", "hot")}
    e = [years[c].attrs["cooling_energy_mwh"] for c in ("cold", "temperate", "hot")]
    assert e[0] < e[1] < e[2]
    peak = [float(years[c].peak_magnet_c.max()) for c in ("cold", "temperate", "hot")]
    assert peak[0] < peak[1] < peak[2]
    hot = years["hot"]
    assert (hot.hours_insufficient > 0).all()  # a chiller-less hot site runs out of cooling on hot hours
    assert (hot.status == 0).all()
    trimmed = fleet_year(hall, "hot", trim=True)
    assert (trimmed.hours_insufficient == 0).all()
    assert trimmed.attrs["cooling_energy_mwh"] < hot.attrs["cooling_energy_mwh"]


def test_hot_spots_raise_magnet_temperature_and_energy(hall):
    ds = fleet_year(hall, "temperate", positions=4, spread_k=12.0, trim=False)
    fan = ds.sel(member=ds.kind == "fan")
    assert np.all(np.diff(fan.peak_magnet_c.values) > 0)
    assert np.all(np.diff(fan.energy_kwh_per_motor.values) > 0)
    assert float(fan.motors.sum()) == pytest.approx(hall.rack.counts()["fan"] * hall.count)


def test_a_magnet_near_its_limit_counts_hours_above_safe():
    """A thin (1.5 mm) Ce-substituted rotor in the pump of a 60 degC heat-reuse loop: its 1 %-loss
    temperature at that permeance is ~75 degC, which hot hours (chiller-less) exceed."""
    pump = mp.motor.reference("cdu_pump_3kw").with_design(magnet_thickness_mm=1.5)
    rack = Rack(
        it_power_kw=120, cooling="liquid", supply_c=60.0, pump_motor=pump.with_magnet(mp.Magnet.from_grade("N38-Ce"))
    )
    temps = np.r_[np.full(12, 40.0), np.full(12, 75.0)]
    ds = fleet_year(DataHall(rack, 10), temps, trim=False)
    p = ds.sel(member=ds.kind == "pump")
    assert float(p.peak_magnet_c[0]) > float(p.safe_magnet_c[0])
    assert 0 < float(p.hours_above_safe[0]) <= 12
    assert float(p.irreversible_loss[0]) > 0.01


def test_climate_csv_round_trip_and_errors(tmp_path):
    t, _load, _ = climate_series("temperate")
    assert t.size == 8760 and -10 < t.min() < 0 < 20 < t.max() < 30  # a temperate year (no weather noise)
    path = tmp_path / "site.csv"
    path.write_text("# hourly\nhour,temp_c,it_load\n" + "".join(f"{h},{v:.6f},0.8\n" for h, v in enumerate(t[:48])))
    tc, lc, _ = climate_series(str(path))
    np.testing.assert_allclose(tc, t[:48], atol=1e-6)
    assert np.all(lc == 0.8)
    bad = tmp_path / "bad.csv"
    bad.write_text("hour,temp_c\n0,12.5\n1,warm\n")
    with pytest.raises(mp.MagphysValueError) as err:
        climate_series(str(bad))
    assert "line 3" in str(err.value) and "column 2" in str(err.value)
    (tmp_path / "nohdr.csv").write_text("hour,t\n0,1\n")
    with pytest.raises(mp.MagphysValueError, match="temp_c"):
        climate_series(str(tmp_path / "nohdr.csv"))
    with pytest.raises(mp.MagphysValueError):
        climate_series("tropical")


def test_the_year_runs_through_the_plant():
    """fleet_year's attrs carry the plant through the same hours: warmer facility water (W17 -> W32 -> W45) needs
    less plant energy and less site energy over a temperate year; a ferrite fan motor (lower efficiency) costs
    the site more energy than the bonded NdFeB one; the site's energy is IT + movers + plant."""
    from magphys.cooling import Plant

    years = [
        fleet_year(DataHall(Rack(it_power_kw=120, cooling="liquid", plant=Plant(water_class=w)), 10), "temperate")
        for w in ("W17", "W32", "W45")
    ]
    plant = [y.attrs["plant_energy_mwh"] for y in years]
    site = [y.attrs["site_energy_mwh"] for y in years]
    assert plant[0] > plant[1] > plant[2] > 0 and site[0] > site[1] > site[2]
    assert years[0].attrs["chiller_energy_mwh"] > years[1].attrs["chiller_energy_mwh"]
    y = years[1]
    it = y.attrs["it_power_mw"] * y.attrs["hours"]
    assert y.attrs["site_energy_mwh"] == pytest.approx(
        it + y.attrs["cooling_energy_mwh"] + y.attrs["plant_energy_mwh"], rel=1e-12
    )
    assert 1.02 < y.attrs["ppue_year"] < 1.1
    motor = mp.motor.reference("server_fan_40mm")
    kw = dict(it_power_kw=30, cooling="air", server_u=1, fan="San Ace 9GA0412P3K01", fan_count=280)
    e = [
        fleet_year(DataHall(Rack(**kw, fan_motor=motor.with_magnet(mp.Magnet.from_grade(g))), 10), "temperate").attrs[
            "site_energy_mwh"
        ]
        for g in ("BONDED-NDFEB-BN10", "FERRITE-C8")
    ]
    assert e[1] > e[0]


def test_plant_year_is_plant_serve_hour_by_hour():
    """The plant kernel's hours equal Plant.serve at each hour's weather (the dry-bulb for a dry cooler; for a
    tower the dry-bulb less the plant's wet-bulb depression), the heat scaled by the load; a plant without a
    chiller counts the hot hours it cannot serve, with the heat left over."""
    from dataclasses import replace

    from magphys.cooling import Plant
    from magphys.cooling._fleet import plant_year

    temps = np.array([-60.0, -5.0, 12.0, 24.0, 31.0, 38.0, 60.0])  # held to the Plant's -50..55 degC
    load = np.array([0.3, 1.0, 0.8, 1.0, 0.6, 1.0, 1.0])
    for plant, hours in (
        (Plant(water_class="W27"), slice(None)),
        (Plant(water_class="W32", heat_rejection="tower", wet_bulb_c=20.0), slice(1, 6)),  # wet-bulb <= 40 degC
    ):
        rack = Rack(it_power_kw=100, cooling="liquid", plant=plant)
        res = rack.solve()
        liq = res.liquid.heat_removed_kw * 1e3
        air = res.plant.heat_in_w - liq
        t_h, f_h = temps[hours], load[hours]
        y = plant_year(DataHall(rack, 3), t_h, f_h)
        depression = plant.outdoor_c - plant.sink_c
        power = 0.0
        for t, f in zip(t_h, f_h, strict=True):
            t = float(np.clip(t, -50.0, 55.0))
            hour = replace(plant, outdoor_c=t, wet_bulb_c=t - depression if plant.heat_rejection == "tower" else None)
            power += hour.serve(air * f, res.air.flow_m3_s * f, rack.inlet_c, liq * f).power_w
        assert y["plant_energy_mwh"] == pytest.approx(power * 3 * 3600 / 3.6e9, rel=1e-9)
        assert y["plant_deficit_hours"] == 0
    hot = Plant(water_class="W17", chiller=False)
    y = plant_year(DataHall(Rack(it_power_kw=100, cooling="liquid", plant=hot), 3), temps, load)
    assert y["plant_deficit_hours"] >= 3 and y["plant_deficit_mwh"] > 0 and y["chiller_energy_mwh"] == 0.0
