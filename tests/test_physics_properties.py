"""Properties that must hold for all inputs (hypothesis), and the GBD data points."""

import numpy as np
import pytest
from conftest import read_data_csv
from hypothesis import assume, given
from hypothesis import strategies as st

import magphys as mp

BASE = dict(nd=22.9, pr=7.6, b=0.98, co=1.0, cu=0.1, al=0.1)


def with_hre(base, el, wt):
    """Replace wt% of the light rare earth (pro rata Nd:Pr) by a heavy rare earth, same TRE wt%."""
    out = dict(base)
    lre = out["nd"] + out.get("pr", 0.0)
    out["nd"] -= wt * out["nd"] / lre
    out["pr"] = out.get("pr", 0.0) * (1 - wt / lre)
    out[el] = out.get(el, 0.0) + wt
    return out


def hcj(m, t=20.0):
    return float(m.properties([t]).hcj_a_per_m[0])


def br(m, t=20.0):
    return float(m.properties([t]).br_t[0])


tre = st.floats(28.5, 33.0)
pr_share = st.floats(0.0, 0.5)
grain = st.floats(1.0, 10.0)


@st.composite
def base_alloys(draw):
    """Alloys inside the R2Fe14B model (enough R and B: no free alpha-Fe)."""
    t = draw(tre)
    p = draw(pr_share)
    alloy = dict(nd=t * (1 - p), pr=t * p, b=draw(st.floats(0.9, 1.1)), co=draw(st.floats(0.0, 3.0)))
    try:
        mp.Composition.from_kwargs(**alloy)
    except mp.MagphysValueError:
        assume(False)
    return alloy


@given(base_alloys(), grain, st.floats(-40.0, 140.0), st.floats(1.0, 40.0))
def test_hcj_falls_with_temperature(alloy, g, t, dt):
    m = mp.Magnet.from_composition(**alloy, grain_size_um=g)
    ds = m.properties([t, t + dt])
    h = ds.hcj_a_per_m.values
    assume(ds.status.values[0] == 0 and h[0] > 0)
    assert h[1] < h[0]


@given(base_alloys(), st.sampled_from(["dy", "tb"]), st.floats(0.2, 6.0))
def test_hre_raises_hcj_and_lowers_br(alloy, el, wt):
    m0 = mp.Magnet.from_composition(**alloy)
    m1 = mp.Magnet.from_composition(**with_hre(alloy, el, wt))
    assert hcj(m1) > hcj(m0)
    assert br(m1) < br(m0)


@given(base_alloys(), st.sampled_from(["dy", "tb"]), st.floats(0.2, 8.0), st.floats(-40.0, 150.0))
def test_squareness_does_not_fall_with_heavy_rare_earth(alloy, el, wt, t):
    """Dy and Tb raise the anisotropy the switching fields spread with less than they raise HcJ, so the knee of
    a heavy-rare-earth grade is at least as square as that of its base (vendors: UH-AH grades keep Hk/HcJ >=
    0.90-0.95 like N grades; docs/research/issue15_ndfeb_data.md section 1e). Where both still hold coercivity."""
    p0 = mp.Magnet.from_composition(**alloy).properties([t])
    p1 = mp.Magnet.from_composition(**with_hre(alloy, el, wt)).properties([t])
    assume(int(p0.status[0]) == 0 and int(p1.status[0]) == 0)
    assert float(p1.squareness[0]) >= float(p0.squareness[0]) - 1e-9


@given(base_alloys(), st.floats(0.2, 6.0), st.floats(20.0, 150.0))
def test_tb_beats_dy_per_wt_pct(alloy, wt, t):
    dy = mp.Magnet.from_composition(**with_hre(alloy, "dy", wt))
    tb = mp.Magnet.from_composition(**with_hre(alloy, "tb", wt))
    assert hcj(tb, t) > hcj(dy, t)


@given(st.sampled_from(["Dy", "Tb"]), st.floats(0.1, 0.8), st.floats(1.0, 4.0))
def test_gbd_beats_bulk_per_wt_pct_for_thin_magnets(el, wt, thick):
    base = mp.Magnet.from_composition(**BASE, thickness_mm=thick)
    bulk = mp.Magnet.from_composition(**with_hre(BASE, el.lower(), wt), thickness_mm=thick)
    gbd = mp.Magnet.from_composition(**BASE, gbd={"element": el, "wt_pct": wt}, thickness_mm=thick)
    h0 = hcj(base)
    assert hcj(gbd) - h0 > 1.5 * (hcj(bulk) - h0)


@given(st.sampled_from(["Dy", "Tb"]), st.floats(0.1, 0.8), st.floats(1.0, 6.0), st.floats(1.5, 4.0))
def test_gbd_advantage_shrinks_with_thickness(el, wt, thin, factor):
    thick = thin * factor

    def gain(t):
        base = mp.Magnet.from_composition(**BASE, thickness_mm=t)
        gbd = mp.Magnet.from_composition(**BASE, gbd={"element": el, "wt_pct": wt}, thickness_mm=t)
        return hcj(gbd) - hcj(base)

    assert gain(thick) < gain(thin)


def test_gbd_gain_saturates_with_the_uptake():
    """The grain shells fill up (towards the Dy/(Nd+Dy) ~ 0.5 Loewe et al. 2015 found next to the coated face), so
    each further 0.5 wt% of diffused Tb in a 3 mm magnet gains less than the one before, and the sixth less than a
    third of the first (the linear shell law gave +37 kOe for 2 wt%)."""
    base = hcj(mp.Magnet.from_composition(**BASE, thickness_mm=3))
    wts = np.arange(0.0, 3.01, 0.5)
    gains = [
        hcj(mp.Magnet.from_composition(**BASE, thickness_mm=3, gbd={"element": "Tb", "wt_pct": float(w)})) - base
        if w > 0
        else 0.0
        for w in wts
    ]
    steps = np.diff(gains)
    assert np.all(steps > 0) and np.all(np.diff(steps) < 0), steps
    assert steps[-1] < steps[0] / 3, steps


def test_gbd_on_a_very_thick_magnet_helps_less_than_bulk():
    """All the diffusant sits near the faces of a 40 mm block: the interior keeps the base HcJ."""
    base = mp.Magnet.from_composition(**BASE, thickness_mm=40)
    gbd = mp.Magnet.from_composition(**BASE, gbd={"element": "Tb", "wt_pct": 0.5}, thickness_mm=40)
    bulk = mp.Magnet.from_composition(**with_hre(BASE, "tb", 0.5), thickness_mm=40)
    assert hcj(gbd) - hcj(base) < hcj(bulk) - hcj(base)


def test_gbd_keeps_br():
    """GBD changes Br by < 1 % ('no significant reduction', shared GBD data) while bulk HRE for the same
    HcJ gain costs ~2 % per wt% (-0.025 T per wt%)."""
    base = mp.Magnet.from_composition(**BASE, thickness_mm=3)
    gbd = mp.Magnet.from_composition(**BASE, gbd={"element": "Tb", "wt_pct": 0.5}, thickness_mm=3)
    assert abs(br(gbd) / br(base) - 1) < 0.01
    bulk = mp.Magnet.from_composition(**with_hre(BASE, "dy", 1.0))
    assert br(bulk) - br(base) == pytest.approx(-0.025, abs=0.01)


def gbd_points():
    rows = read_data_csv("gbd_points.csv")
    return [pytest.param(r, id=r["label"]) for r in rows]


@pytest.mark.parametrize("point", gbd_points())
def test_gbd_data_points_within_25_pct(point):
    thick = float(point["thickness_mm"])
    base = mp.Magnet.from_composition(**BASE, thickness_mm=thick)
    gbd = mp.Magnet.from_composition(
        **BASE, thickness_mm=thick, gbd={"element": point["element"], "wt_pct": float(point["uptake_wt_pct"])}
    )
    gain = hcj(gbd) - hcj(base)
    assert gain == pytest.approx(float(point["gain_a_per_m"]), rel=0.25)


def test_tb_over_dy_gbd_ratio_matches_same_process_data():
    """Uenohara et al., Mater. Trans. 61, 782 (2020): from 1003 kA/m, DyF3 GBD -> 1319, TbF3 -> 1580 kA/m
    under the same treatment: Tb/Dy gain ratio 1.83 (independent of the unknown uptake)."""
    ratios = []
    for wt in (0.3, 0.5, 0.7):
        base = mp.Magnet.from_composition(**BASE, thickness_mm=4)
        g = {
            el: hcj(mp.Magnet.from_composition(**BASE, thickness_mm=4, gbd={"element": el, "wt_pct": wt})) - hcj(base)
            for el in ("Dy", "Tb")
        }
        ratios.append(g["Tb"] / g["Dy"])
    assert np.allclose(ratios, (1580 - 1003) / (1319 - 1003), rtol=0.25)


@pytest.mark.parametrize(("ce_wt", "ratio"), [(5.0, 912 / 1053), (10.0, 912 / 1053), (15.0, 732 / 1053)])
def test_cerium_costs_the_measured_share_of_hcj_in_sintered_magnets(ce_wt, ratio):
    """Sintered single-alloy (Nd,Ce)-Fe-B: HcJ 1053 -> 912 / 912 / 732 kA/m at 5 / 10 / 15 wt% Ce (Chen et al.,
    JMMM 2022, doi:10.1016/j.jmmm.2022.169477). These three ratios are what CE_GB_DALPHA is fitted to (the Ce-rich
    REFe2 grain-boundary phase); the model gives 0.94 / 0.84 / 0.69. The measured drop then plateau (CeFe2 appears
    between 5 and 10 wt%) is not a smooth function of Ce, so a smooth fit misses the 5 wt% point by 0.075: within
    0.08. Linear mixing alone gave 0.75 / 0.51 / 0.26."""
    from magphys.materials.calibrate import REFERENCE, with_ce

    h0 = hcj(mp.Magnet.from_composition(**REFERENCE))
    assert hcj(mp.Magnet.from_composition(**with_ce(REFERENCE, ce_wt))) / h0 == pytest.approx(ratio, abs=0.08)


def _lre_substituted(comp, el, x):
    """``comp`` with the atomic share x of its Nd+Pr replaced by ``el``."""
    from magphys.kernels.constants import ATOMIC_MASS_G_PER_MOL as M

    n = comp["nd"] / M["Nd"] + comp["pr"] / M["Pr"]
    return dict(comp, nd=comp["nd"] * (1 - x), pr=comp["pr"] * (1 - x), **{el.lower(): x * n * M[el]})


@pytest.mark.parametrize(
    ("el", "ratio"),
    [
        ("Ce", 1.0),
        ("Y", 1.22 / 1.41),
        pytest.param(
            "La",
            0.67 / 1.41,
            marks=pytest.mark.xfail(
                strict=True,
                reason="La: model 0.79 of the LRE-free HcJ against 0.48; the Hono group names the lack of an "
                "intergranular phase, which the model does not carry (issue 15 scope 4)",
            ),
        ),
    ],
)
def test_hot_deformed_light_rare_earth_substitution(el, ratio):
    """(Nd0.8LRE0.2)-Fe-B hot-deformed: mu0 HcJ 1.41 T with Ce (as the LRE-free magnet), 1.22 T with Y, 0.67 T with
    La (Hono group, via staging.scite.ai; shared/data/ndfeb_hre_and_substitution_datapoints.csv). Not fitted:
    within 0.10 of the ratio to the LRE-free magnet."""
    from magphys.materials.calibrate import REFERENCE

    h0 = hcj(mp.Magnet.from_composition(**REFERENCE, process="hot_deformed"))
    h = hcj(mp.Magnet.from_composition(**_lre_substituted(REFERENCE, el, 0.2), process="hot_deformed"))
    assert h / h0 == pytest.approx(ratio, abs=0.10)


def test_low_boron_gallium_route_binds_the_excess_iron():
    """The HRE-free low-B route (B 0.89-0.95 wt% with Ga 0.3-0.7 wt%, Cu, Al and [Fe] > 72.3 [B]: US10923256B2's
    window) is a valid magnet: the Fe beyond the 2:14:1 boron forms R6Fe13Ga, not alpha-Fe. Without Ga the same
    alloy is refused, and the non-magnetic 6:13:1 phase costs Br against the stoichiometric alloy. (Its coercivity
    gain from the decoupling 6:13:1 boundaries is not modelled: issue 15 scope 5.)"""
    from magphys.kernels import layout as L

    low_b = dict(nd=22.5, pr=7.5, b=0.90, ga=0.5, cu=0.1, al=0.1)
    m = mp.Magnet.from_composition(**low_b)
    assert m.record[L.R_FREE_TM_WT] <= 1e-9
    assert br(m) < br(mp.Magnet.from_composition(**dict(low_b, b=0.98)))
    with pytest.raises(mp.MagphysValueError, match="alpha-Fe"):
        mp.Magnet.from_composition(**dict(low_b, ga=0.0))


def test_hre_free_routes_reach_their_literature_coercivity():
    """Fine grains (Neff(D), Bance 2014): ~1.1 um Dy-free sintered reaches 1.4-1.7 MA/m (Une & Sagawa 2012,
    recalled ~20 kOe); hot-deformed HRE-free > 1600 kA/m (STAM 2021) is the calibration of its alpha."""
    fg = mp.Magnet.from_composition(**BASE, grain_size_um=1.1)
    coarse = mp.Magnet.from_composition(**BASE, grain_size_um=5.0)
    assert 1.35e6 <= hcj(fg) <= 1.75e6
    assert hcj(fg) > hcj(coarse)
    hd = mp.Magnet.from_composition(**BASE, process="hot_deformed")
    assert hcj(hd) > 1.6e6


@given(st.floats(0.05, 1.0), st.floats(1.0, 5.0))
def test_eutectic_gbd_raises_hcj_without_heavy_rare_earth(wt, thick):
    base = mp.Magnet.from_composition(**BASE, thickness_mm=thick)
    ndcu = mp.Magnet.from_composition(**BASE, thickness_mm=thick, gbd={"element": "NdCu", "wt_pct": wt})
    assert hcj(ndcu) > hcj(base)
    assert ndcu.hre_wt_pct == 0.0


@pytest.mark.parametrize("wt", [0.5, 1.5, 3.0])
def test_eutectic_gbd_dilutes_br_by_its_volume(wt):
    """The Nd-Cu eutectic stays in the grain boundaries: Br falls by the non-magnetic volume it adds,
    phi = (w / rho_eut) / (100 / rho_magnet + w / rho_eut) (mass balance; rho_eut 7.4 g/cm3, Nd70Cu30 by the
    rule of mixtures), and the density moves towards the eutectic's; a heavy-RE GBD (in the shells) does not."""
    base = mp.Magnet.from_composition(**BASE, thickness_mm=4)
    ndcu = mp.Magnet.from_composition(**BASE, thickness_mm=4, gbd={"element": "NdCu", "wt_pct": wt})
    rho = base.density_kg_m3 / 1000.0
    phi = (wt / 7.4) / (100.0 / rho + wt / 7.4)
    assert br(ndcu) / br(base) == pytest.approx(1.0 - phi, rel=2e-3)
    assert (ndcu.density_kg_m3 - base.density_kg_m3) * (7400.0 - base.density_kg_m3) >= 0.0
    tb = mp.Magnet.from_composition(**BASE, thickness_mm=4, gbd={"element": "Tb", "wt_pct": wt})
    assert tb.density_kg_m3 == pytest.approx(base.density_kg_m3, rel=1e-12)


def test_dy_gbd_from_its_treatment_temperature_and_time():
    """gbd={'element': 'Dy', 'temp_c', 'time_h'}: the diffusion length 2 sqrt(D t) with D_gb of Dy on the
    Arrhenius law through the two measured points (9.8e-8 cm2/s at 800 C, 2.4e-7 at 900 C; e-beam Dy film, JMMM
    2017): the default depth is 900 C / 8 h, depth ~ sqrt(t), hotter is deeper; at the same uptake a deeper
    profile wastes less Dy at the capped surface and gains more in a 6 mm magnet. Other elements have no sourced
    diffusivity: their treatment must be given as depth_mm."""
    from magphys.materials._process import GBD_DEPTH_DEFAULT_MM, dy_gb_diffusivity_cm2_s

    assert dy_gb_diffusivity_cm2_s(800.0) == pytest.approx(9.8e-8, rel=1e-12)
    assert dy_gb_diffusivity_cm2_s(900.0) == pytest.approx(2.4e-7, rel=1e-12)

    def magnet(**treat):
        return mp.Magnet.from_composition(**BASE, thickness_mm=6, gbd={"element": "Dy", "wt_pct": 0.6, **treat})

    assert magnet(temp_c=900.0, time_h=8.0).gbd.depth_mm == pytest.approx(GBD_DEPTH_DEFAULT_MM, rel=1e-12)
    assert magnet(temp_c=900.0, time_h=32.0).gbd.depth_mm == pytest.approx(2 * GBD_DEPTH_DEFAULT_MM, rel=1e-12)
    assert magnet(temp_c=850.0, time_h=8.0).gbd.depth_mm < GBD_DEPTH_DEFAULT_MM
    gains = [hcj(magnet(temp_c=900.0, time_h=t)) for t in (2.0, 8.0, 32.0)]
    assert gains[0] < gains[1] < gains[2]
    with pytest.raises(mp.MagphysValueError, match="Dy only"):
        mp.Magnet.from_composition(**BASE, gbd={"element": "Tb", "wt_pct": 0.5, "temp_c": 900.0})
    with pytest.raises(mp.MagphysValueError, match=r"gbd\.temp_c"):
        magnet(temp_c=1200.0, time_h=8.0)
