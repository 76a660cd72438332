"""Demagnetization curve, operating point and irreversible loss: consistency and limits."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import magphys as mp
from magphys.errors import MagphysValueError
from magphys.kernels import constants as c

GRADES = ["N42", "N42SH", "N38UH", "G50SHT", "HD40SH", "FERRITE-C8", "SM2CO17-28", "BONDED-NDFEB-BN10"]


@pytest.mark.parametrize("name", GRADES)
def test_curve_passes_through_br_hcj_hcb_and_bhmax(name):
    m = mp.Magnet.from_grade(name)
    for t in (20.0, 100.0):
        p = m.properties([t]).isel(temp_c=0)
        ds = m.demag_curve(temp_c=t, n_points=20001)
        H, J, B = ds.h_a_per_m.values, ds.j_t.values, ds.b_t.values
        assert J[0] == pytest.approx(float(p.br_t), rel=1e-9)
        assert np.interp(-float(p.hcj_a_per_m), H[::-1], J[::-1]) == pytest.approx(0.0, abs=2e-3)
        assert np.interp(-float(p.hcb_a_per_m), H[::-1], B[::-1]) == pytest.approx(0.0, abs=2e-3)
        assert np.interp(-float(p.hk_a_per_m), H[::-1], J[::-1]) == pytest.approx(0.9 * float(p.br_t), rel=2e-3)
        bh = -(B * H)
        assert float(p.bhmax_j_per_m3) >= bh.max() * (1 - 1e-9)
        assert float(p.bhmax_j_per_m3) == pytest.approx(bh.max(), rel=1e-3)
        assert np.all(np.diff(J) <= 1e-12)  # J falls monotonically with reverse field
        assert np.allclose(B, J + c.MU0 * H)


def test_bhmax_of_an_ideal_linear_magnet():
    """Knee beyond the BHmax point: (BH)max = Br^2 / (4 mu0 mu_rec) (textbook limit), mu_rec the recoil line's
    at the temperature (kernels/intrinsic.py recoil_slope)."""
    from magphys.kernels.intrinsic import recoil_slope_at

    m = mp.Magnet.from_grade("N35AH")
    p = m.properties([20.0]).isel(temp_c=0)
    mu_rec = 1.0 + recoil_slope_at(m.record, 293.15) / c.MU0
    assert 1.02 < mu_rec < 1.04  # a high-coercivity grade (vendors: 1.02-1.03 for UH/EH)
    assert float(p.bhmax_j_per_m3) == pytest.approx(float(p.br_t) ** 2 / (4 * c.MU0 * mu_rec), rel=1e-3)


@pytest.mark.parametrize("name", ["N42", "N42SH", "N38UH"])
def test_irreversible_loss_limits(name):
    m = mp.Magnet.from_grade(name)
    assert m.irreversible_loss(20.0, pc=1.0) == pytest.approx(0.0, abs=1e-6)
    temps = np.linspace(20, m.curie_temp_c - 5, 25)
    loss = np.array([m.irreversible_loss(t, pc=1.0) for t in temps])
    assert np.all((loss >= 0) & (loss <= 1))
    assert np.all(np.diff(loss) >= -1e-12)  # hotter never loses less
    assert loss[-1] == pytest.approx(1.0)  # near Tc everything is lost
    tw = m.max_working_temp_c(pc=1.0, loss_limit=0.05)
    assert m.irreversible_loss(tw, pc=1.0) == pytest.approx(0.05, abs=1e-3)


@given(st.floats(40.0, 200.0), st.floats(0.3, 5.0), st.floats(0.0, 8e5))
def test_loss_grows_with_reverse_field_and_lower_permeance(t, pc, ha):
    """Up to the operating-point solve's tolerance (1e-9 of the field range), also where HcJ has
    fallen to ~0 near the top of the range and the loss approaches 1."""
    m = mp.Magnet.from_grade("N42SH")
    base = m.irreversible_loss(t, pc=pc, h_applied_a_per_m=ha)
    assert m.irreversible_loss(t, pc=pc, h_applied_a_per_m=ha + 2e5) >= base - 1e-9
    # with no coil field a lower permeance (larger gap) means a stronger self-demagnetizing field;
    # with a coil field part of it drops across the gap, so that case need not be monotonic
    no_coil = m.irreversible_loss(t, pc=pc)
    assert m.irreversible_loss(t, pc=pc / 2) >= no_coil - 1e-9


def test_longer_exposure_loses_more():
    """Thermal activation over higher barriers in longer holds (IEC TR 62518 aging)."""
    m = mp.Magnet.from_grade("N42SH")
    t = m.max_working_temp_c(pc=1.0) + 3.0
    assert m.irreversible_loss(t, pc=1.0, exposure_h=1000) > m.irreversible_loss(t, pc=1.0, exposure_h=1)


def test_ageing_is_slow_and_logarithmic_near_the_knee():
    """Time dependence is the magnetic viscosity, not a second temperature law. Near the knee (N42SH at Pc 1,
    where a 1 h hold loses 1-3 %) each decade of time adds less than 1 % of the flux, the decades add alike
    (log-time law, Street & Woolley 1949), and 10^5 h (11 years) lose less than three times the first hour:
    IEC TR 62518's classes (most of the irreversible loss at first exposure, the time-dependent part small)
    and the 0.5-1 % per decade near the knee of Haavisto et al., IEEE Trans. Magn. 47, 3823 (2011) ((R):
    recalled, an upper bound here). The first calibration (v = 113 nm^3) lost 1 % in 1 h, 12 % in 10 h and
    41 % in 1000 h at 143 C."""
    m = mp.Magnet.from_grade("N42SH")
    temps = np.arange(120.0, 200.0, 1.0)
    loss_1h = np.array([m.irreversible_loss(float(t), pc=1.0) for t in temps])
    t = float(temps[np.argmax(loss_1h >= 0.01)])
    hours = [1.0, 10.0, 100.0, 1e3, 1e4, 1e5]
    loss = np.array([m.irreversible_loss(t, pc=1.0, exposure_h=h) for h in hours])
    per_decade = np.diff(loss)
    assert 0.01 <= loss[0] <= 0.03, (t, loss[0])
    assert np.all(per_decade > 0.0) and np.all(per_decade < 0.01), per_decade
    assert per_decade.max() < 2.0 * per_decade.min(), per_decade
    assert loss[-1] < 3.0 * loss[0], loss


def test_room_temperature_ageing_of_a_block_magnet_is_imperceptible():
    """Measured at room temperature: HcJ 18 kOe (1432 kA/m) 10.2 mm cubes at Pc 2 for 4441 days, extrapolated
    to < 1 % at 30 years (Sanhuan Research Institute); HcJ 15.6 kOe at Pc 0.33-3.3 for a year, no perceptible
    loss (Haavisto et al. 2013): both via magnet-forever.com, 'Long-term stability of magnets at room
    temperature'. N40H (HcJ ~1420 kA/m) and N42M (~1170 kA/m) at 28 C."""
    h = mp.Magnet.from_grade("N40H")
    assert h.irreversible_loss(28.0, pc=2.0, exposure_h=30 * 8766.0) < 0.01
    mm = mp.Magnet.from_grade("N42M")
    for pc in (0.33, 1.1, 3.3):
        assert mm.irreversible_loss(28.0, pc=pc, exposure_h=8766.0) < 0.002, pc


def test_thermal_stabilisation_removes_the_time_dependent_loss():
    """IEC TR 62518: a magnet pre-aged above its use temperature loses its weak grains once, and then keeps its
    flux at the use temperature (the time-dependent loss vanishes). N42SH at Pc 1, 145 C for 10^5 h: 2.9 % lost
    unstabilised; after 2 h at 160 C (which itself costs ~6 %), < 0.1 % more. A stabilisation at 20 C for the
    same time as the hold is no stabilisation."""
    m = mp.Magnet.from_grade("N42SH")
    plain = m.irreversible_loss(145.0, pc=1.0, exposure_h=1e5)
    stab = m.irreversible_loss(145.0, pc=1.0, exposure_h=1e5, stabilised_c=160.0, stabilised_h=2.0)
    assert plain > 0.02
    assert stab < 1e-3
    assert m.irreversible_loss(160.0, pc=1.0, exposure_h=2.0) > 0.03
    assert m.irreversible_loss(150.0, pc=1.0, stabilised_c=20.0, stabilised_h=1.0) == pytest.approx(
        m.irreversible_loss(150.0, pc=1.0), abs=1e-15
    )
    # a stabilisation below the use temperature helps less than one above it
    low = m.irreversible_loss(145.0, pc=1.0, exposure_h=1e5, stabilised_c=130.0, stabilised_h=2.0)
    assert stab < low <= plain + 1e-12
    with pytest.raises(MagphysValueError, match="stabilised_c"):
        m.irreversible_loss(145.0, stabilised_c=400.0)


def test_loss_against_temperature_rises_gradually():
    """A block demagnetizes unevenly (vendors: "edges and corners demagnetize first", chinahpmg.com, Time Dependent
    Losses; in the axial model the regions under its pole faces work at the lowest local permeance), so the loss at
    Pc 1 rises from 1 % to 10 % over more than 12 K, not at one temperature (the uniform-field model went from 1 %
    to 10 % within 7 K)."""
    m = mp.Magnet.from_grade("N42SH")
    temps = np.arange(120.0, 200.0, 0.5)
    loss = np.array([m.irreversible_loss(float(t), pc=1.0) for t in temps])
    t1 = temps[np.argmax(loss >= 0.01)]
    t10 = temps[np.argmax(loss >= 0.10)]
    assert t10 - t1 >= 12.0, (t1, t10)
    assert np.all(np.diff(loss) >= -1e-9)


def test_operating_point_on_the_load_line():
    """At the operating point the field satisfies B = -Pc mu0 (H + Ha) with B = J + mu0 H."""
    from magphys.kernels.demag import polarization, reversed_at_load, single_hcj
    from magphys.kernels.intrinsic import intrinsic_at, nucleation_fields, recoil_slope_at

    m = mp.Magnet.from_grade("N42")
    rec = m.record
    for pc, ha, tk in [(1.0, 0.0, 293.15), (0.5, 3e5, 373.15), (3.0, 1e5, 353.15)]:
        _f, h, conv = reversed_at_load(rec, tk, pc, ha, 3600.0)
        assert conv
        js, ha_t, mk, me, mn = intrinsic_at(rec, tk)
        ha_t, mk = nucleation_fields(ha_t, mk, mn)
        bt = np.log(c.ATTEMPT_FREQUENCY_HZ * 3600.0) * tk / me
        h1, iw = single_hcj(rec, bt, ha_t, js, mk)
        j, _, _ = polarization(h, js * rec[6], recoil_slope_at(rec, tk), rec, bt, ha_t, js, mk, h1, iw)
        H = -h
        # the solvers stop at 1e-9 relative in h (plus 1e-6 A/m): B agrees to ~1e-7 T
        assert j + c.MU0 * H == pytest.approx(-pc * c.MU0 * (H + ha), rel=1e-6, abs=1e-7)


def test_max_working_temperature_rises_with_permeance_and_class():
    tws = [
        mp.Magnet.from_grade(g).max_working_temp_c(pc=1.0) for g in ["N42", "N42M", "N42H", "N42SH", "N38UH", "N38EH"]
    ]
    assert all(a < b for a, b in itertools.pairwise(tws))
    m = mp.Magnet.from_grade("N42SH")
    assert m.max_working_temp_c(pc=0.5) < m.max_working_temp_c(pc=1.0) < m.max_working_temp_c(pc=4.0)


@given(st.floats(28.5, 33.0), st.floats(0.0, 6.0), st.floats(0.0, 3.0), st.floats(1.0, 8.0), st.floats(-40.0, 200.0))
def test_derived_quantities_respect_their_physical_bounds(tre, dy, tb, grain, temp_c):
    """For any alloy and temperature: 0 < Hk < HcJ; HcB <= min(HcJ, Br/(mu0 mu_rec));
    (BH)max <= Br^2/(4 mu0 mu_rec) (the ideal straight-line magnet); squareness in (0, 1)."""
    from magphys.kernels.intrinsic import recoil_slope_at

    alloy = dict(nd=0.75 * (tre - dy - tb), pr=0.25 * (tre - dy - tb), dy=dy, tb=tb, b=1.0, co=1.0)
    try:
        m = mp.Magnet.from_composition(**alloy, grain_size_um=grain)
        p = m.properties([temp_c]).isel(temp_c=0)
    except mp.MagphysValueError:
        return
    if int(p.status) != 0:
        return
    br, hcj, hcb, hk, bh = (float(p[v]) for v in ("br_t", "hcj_a_per_m", "hcb_a_per_m", "hk_a_per_m", "bhmax_j_per_m3"))
    mu_rec = 1.0 + recoil_slope_at(m.record, temp_c + 273.15) / c.MU0
    assert 0 < hk < hcj
    assert hcb <= min(hcj, br / (c.MU0 * mu_rec)) * (1 + 1e-9)
    assert 0 < bh <= br**2 / (4 * c.MU0 * mu_rec) * (1 + 1e-9)
    assert 0 < float(p.squareness) < 1


def test_loss_near_zero_coercivity_and_layered_low_permeance():
    """Cases hypothesis found: where HcJ has shrunk to ~0 (N42SH at 211 C: 10 kA/m) the loss approaches 1 and
    still grows as the permeance falls; a GBD magnet on a very low load line (Pc 0.15) converges."""
    m = mp.Magnet.from_grade("N42SH")
    assert float(m.properties(211.0).hcj_a_per_m.values.ravel()[0]) < 20e3
    losses = [m.irreversible_loss(211.0, pc=pc) for pc in (1.0, 0.5, 0.25)]
    assert losses[0] > 0.999 and np.all(np.diff(losses) >= -1e-9)
    g = mp.Magnet.from_grade("G50SHT")
    assert 0.0 < g.irreversible_loss(130.015625, pc=0.15) <= 1.0


# rated (maximum working) temperature per class, degC: shared/data/ndfeb_grade_class_summary.csv (Tw column)
RATED_C = {"N": 80.0, "M": 100.0, "H": 120.0, "SH": 150.0, "UH": 180.0, "EH": 200.0, "AH": 220.0}


def _bulk_sintered():
    out = []
    for g in mp.grade_names():
        m = mp.Magnet.from_grade(g)
        if m.family in ("sintered_ndfeb", "ce_substituted_ndfeb", "fine_grain_ndfeb") and m.grade_class in RATED_C:
            out.append(m)
    return out


def test_squareness_of_bulk_sintered_grades_from_minus_40_c_to_their_rating():
    """Hk/HcJ >= 0.90 from -40 degC to the class's rated temperature for every bulk-alloyed sintered catalogue
    grade (vendors: >= 0.90 cnzkmag, >= 0.95 jjmagnet; docs/research/issue15_ndfeb_data.md section 1e). The
    recoil slope follows the anisotropy field (kernels/intrinsic.py recoil_slope), so high-coercivity grades keep
    their knee; with a constant mu_rec of 1.05, N38AH had 0.58 at -40 degC."""
    grades = _bulk_sintered()
    assert len(grades) >= 40
    for m in grades:
        temps = np.linspace(-40.0, RATED_C[m.grade_class], 9)
        sq = m.properties(temps).squareness.values
        assert np.all(sq >= 0.90), (m.name, temps[np.argmin(sq)], float(sq.min()))


def test_recoil_permeability_falls_with_the_anisotropy_field():
    """mu_rec at 20 degC: the N class at the calibration target 1.05 (within the Br spread of its grades), UH and
    EH at the vendors' 1.02-1.03 (+0.006: the model's HA), AH below EH; hotter, HA falls faster than Br and the
    slope rises."""
    from magphys.kernels import layout as L
    from magphys.kernels.intrinsic import recoil_slope_at

    mu = {m.name: float(m.record[L.R_MU_REC]) for m in _bulk_sintered()}
    assert all(1.04 <= mu[g] <= 1.055 for g in ("N35", "N42", "N52"))
    assert all(1.02 <= mu[g] <= 1.036 for g in ("N38UH", "N38EH", "N35EH"))
    assert mu["N38AH"] < mu["N38EH"] < mu["N38UH"] < mu["N38SH"] < mu["N38"]
    m = mp.Magnet.from_grade("N42SH")
    slopes = [recoil_slope_at(m.record, t + 273.15) for t in (-40.0, 20.0, 100.0, 150.0)]
    assert all(a < b for a, b in itertools.pairwise(slopes))
    assert 1.0 + slopes[1] / c.MU0 == pytest.approx(mu["N42SH"], rel=1e-9)


@pytest.mark.xfail(
    reason="GBD depth layers switch independently (issue 15 scope 3): their layered knee is soft "
    "(G50SHT Hk/HcJ ~0.84 at 20 C). Coupling them in series through B (one logistic of their mean) squares it "
    "but raises the gains of the TbF3 and e-beam Dy points by ~40 % (beyond +-25 %), and needle domains in a "
    "thick core need no such coupling: a measured GBD J(H) curve must decide",
    strict=True,
)
def test_squareness_of_gbd_grades_at_20_c():
    for g in mp.grade_names():
        m = mp.Magnet.from_grade(g)
        if m.family == "gbd_ndfeb":
            assert float(m.properties([20.0]).squareness[0]) >= 0.90, m.name


def _monotonic_where_ok(m, n=200):
    ts = np.linspace(-40.0, m.curie_temp_c - 0.5, n)
    p = m.properties(ts)
    ok = p.status.values == 0
    h = p.hcj_a_per_m.values[ok]
    return bool(np.all(np.diff(h) <= 1e-6 * h[0])), ts, p


def test_hcj_falls_with_temperature_for_every_catalogue_route():
    """Every composition-based catalogue grade (bulk, GBD, Ce, fine-grain, hot-deformed, eutectic): HcJ never
    rises with temperature among the points reported ok, up to the Curie point."""
    for g in mp.grade_names():
        m = mp.Magnet.from_grade(g)
        if m.composition is not None:
            assert _monotonic_where_ok(m)[0], g


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(["Dy", "Tb", "NdCu"]), st.floats(0.05, 3.0), st.floats(1.0, 20.0))
def test_no_depth_layer_without_coercivity_is_reported_ok(element, wt, thick):
    """A GBD magnet whose core (or any depth layer) has lost its coercivity at a temperature is reported
    'demagnetized' there, never ok; and HcJ falls with temperature among the ok points."""
    from magphys.kernels import layout as L
    from magphys.kernels.demag import layer_hcj
    from magphys.kernels.intrinsic import intrinsic_at, nucleation_fields

    m = mp.Magnet.from_composition(
        nd=22.9, pr=7.6, b=0.98, co=1.0, cu=0.1, al=0.1, gbd={"element": element, "wt_pct": wt}, thickness_mm=thick
    )
    mono, ts, p = _monotonic_where_ok(m, 80)
    assert mono
    rec = m.record
    for t, s in zip(ts, p.status.values, strict=True):
        if s != 0:
            continue
        js, ha, mk, me, mn = intrinsic_at(rec, t + 273.15)
        ha, mk = nucleation_fields(ha, mk, mn)
        bt = c.THERMAL_BARRIER_KT * (t + 273.15) / me
        assert all(layer_hcj(rec, j, bt, ha, js, mk) > 0 for j in range(int(rec[L.R_N_LAYERS]))), t
