"""Catalogue grades against the vendor tables (shared/data/ndfeb_*), class by class."""

import itertools
import re

import numpy as np
import pytest
from conftest import read_data_csv

import magphys as mp
from magphys.materials._tables import read_csv

CLASSES = {r["class"]: r for r in read_data_csv("class_ratings.csv")}
NDFEB_FAMILIES = (
    "sintered_ndfeb",
    "gbd_ndfeb",
    "ce_substituted_ndfeb",
    "fine_grain_ndfeb",
    "hot_deformed_ndfeb",
    "eutectic_gbd_ndfeb",
)
GRADES = [r for r in read_csv("grades.csv")]
SINTERED = [r["name"] for r in GRADES if r["family"] in NDFEB_FAMILIES]
BULK = [r["name"] for r in GRADES if r["family"] == "sintered_ndfeb"]


def vendor_br_bands():
    bands = {}
    for row in read_data_csv("ndfeb_vendor_grade_tables.csv"):
        m = re.match(r"N(\d+)", row["grade"])
        if not m:
            continue
        n = int(m.group(1))
        lo = float(row["Br_min_T"]) if row["Br_min_T"] else float(row["Br_max_or_typ_T"])
        hi = float(row["Br_max_or_typ_T"])
        b = bands.setdefault(n, [np.inf, -np.inf])
        b[0], b[1] = min(b[0], lo), max(b[1], hi)
    return bands


@pytest.fixture(scope="module")
def props20():
    mags = [mp.Magnet.from_grade(n) for n in SINTERED]
    return mags, mp.magnet_properties(mags, temp_c=[20.0, 100.0, 150.0])


def test_catalogue_covers_every_class_and_material_family():
    classes = {r["grade_class"] for r in GRADES}
    assert {"N", "M", "H", "SH", "UH", "EH", "AH"} <= classes
    fams = {r["family"] for r in GRADES} | {r["family"] for r in read_csv("coefficient_materials.csv")}
    assert {
        "sintered_ndfeb",
        "gbd_ndfeb",
        "ce_substituted_ndfeb",
        "bonded_ndfeb",
        "ferrite",
        "smco",
        "hot_deformed_ndfeb",
        "fine_grain_ndfeb",
        "eutectic_gbd_ndfeb",
    } <= fams
    gbd_elements = {r["gbd_element"] for r in GRADES}
    assert {"Dy", "Tb"} <= gbd_elements


def test_br_inside_vendor_band_at_20c(props20):
    mags, ds = props20
    bands = vendor_br_bands()
    for m in mags:
        n = int(re.search(r"(\d+)", m.name).group(1))
        br = float(ds.br_t.sel(magnet=m.name, temp_c=20.0))
        lo, hi = bands[n]
        assert lo <= br <= hi, (m.name, br, (lo, hi))


def test_hcj_between_class_minimum_and_1_3x(props20):
    mags, ds = props20
    for m in mags:
        hmin = float(CLASSES[m.grade_class]["hcj_min_a_per_m"])
        hcj = float(ds.hcj_a_per_m.sel(magnet=m.name, temp_c=20.0))
        assert hmin <= hcj <= 1.3 * hmin, (m.name, hcj, hmin)


AH_KNOWN = pytest.mark.xfail(
    strict=True,
    reason=(
        "model beta(HcJ) of the AH grades is -0.40 %/K, 0.01 flatter than the widened range; the shared data hold no "
        "AH-specific vendor beta (the -0.46..-0.70 range is HL Magnets' for GBD grades SH..AH)"
    ),
)


@pytest.mark.parametrize("cls", [c if c != "AH" else pytest.param(c, marks=AH_KNOWN) for c in CLASSES])
def test_temperature_coefficients_per_class_inside_vendor_ranges(cls, props20):
    """Mean alpha(Br) and beta(HcJ) over 20-150 C of the bulk-alloyed grades of a class, within the
    vendor range widened by 0.05 %/K (the spread between vendors for one class is 0.14 %/K)."""
    mags, ds = props20
    names = [m.name for m in mags if m.grade_class == cls and m.name in BULK]
    assert names
    sel = ds.sel(magnet=names)
    beta = ((sel.hcj_a_per_m.sel(temp_c=150.0) / sel.hcj_a_per_m.sel(temp_c=20.0) - 1) / 130 * 100).values
    alpha = ((sel.br_t.sel(temp_c=150.0) / sel.br_t.sel(temp_c=20.0) - 1) / 130 * 100).values
    lo, hi = float(CLASSES[cls]["beta_lo_pct_per_k"]), float(CLASSES[cls]["beta_hi_pct_per_k"])
    assert np.all((beta >= lo - 0.05) & (beta <= hi + 0.05)), (cls, beta, (lo, hi))
    assert np.all((alpha >= -0.13) & (alpha <= -0.095)), (cls, alpha)


@pytest.mark.parametrize("name", [n for n in BULK if int(re.match(r"N(\d+)", n).group(1)) < 50])
def test_max_working_temperature_matches_class_rating(name):
    """Tw at Pc = 1 (1 h hold, 5 % loss) from 5 K below to 25 K above the class rating; higher at Pc = 2.

    A rating holds for a magnet at the class's minimum HcJ; the catalogue grades sit at 1.05-1.10 x that
    minimum, which at the class beta is 8-13 K of temperature, and vendors rate with margin (their Tw at
    L/D 0.7, Pc ~ 2, is a lower bound: docs/research/issue15_ndfeb_data.md section 1d). The model's Tw at
    Pc 1 lies 10-20 K above the ratings. (N50 and above are rated 60-70 C by several vendors, so the N-class
    80 C applies below N50.)"""
    m = mp.Magnet.from_grade(name)
    tw1 = m.max_working_temp_c(pc=1.0)
    tw2 = m.max_working_temp_c(pc=2.0)
    rating = float(CLASSES[m.grade_class]["tw_c"])
    assert rating - 5.0 <= tw1 <= rating + 25.0, (name, tw1, rating)
    assert tw2 > tw1


def test_sintered_densities_in_vendor_range(props20):
    mags, _ = props20
    for m in mags:
        assert 7400 <= m.density_kg_m3 <= 7700, (m.name, m.density_kg_m3)  # 7.5-7.65 g/cm3 (magnet_materials.csv) +-1 %


def test_heavy_rare_earth_grows_with_class():
    """Bulk-alloyed classes need more Dy+Tb as the class rises (vendor practice: N 0 ... AH 9-11 wt%)."""
    hre = {}
    for r in GRADES:
        if r["family"] == "sintered_ndfeb":
            hre.setdefault(r["grade_class"], []).append(float(r["dy"]) + float(r["tb"]))
    order = ["N", "M", "H", "SH", "UH", "EH", "AH"]
    means = [np.mean(hre[c]) for c in order]
    assert all(a < b for a, b in itertools.pairwise(means))
    assert means[0] < 0.1


def test_lookup_is_case_insensitive_and_suggests_close_matches():
    assert mp.Magnet.from_grade("n42sh").name == "N42SH"
    with pytest.raises(mp.UnknownNameError) as err:
        mp.Magnet.from_grade("N42XS")
    assert "N42SH" in str(err.value) and "grade" in str(err.value)
    with pytest.raises(ValueError):
        mp.Magnet.from_grade("unobtainium")


def test_coefficient_materials_follow_their_datasheets():
    fe = mp.Magnet.from_grade("FERRITE-C8")
    ds = fe.properties([20.0, 100.0])
    assert float(ds.hcj_a_per_m[1]) > float(ds.hcj_a_per_m[0])  # ferrite: beta > 0
    tc = fe.temperature_coefficients(100.0)
    assert tc["alpha_br_pct_per_k"] == pytest.approx(-0.20, abs=1e-9)
    assert tc["beta_hcj_pct_per_k"] == pytest.approx(0.27, abs=1e-9)
    smco = mp.Magnet.from_grade("SM2CO17-28")
    assert smco.temperature_coefficients(150.0)["alpha_br_pct_per_k"] == pytest.approx(-0.03, abs=1e-9)


def test_every_grade_holds_its_class_rating_on_the_vendors_load_line():
    """Vendors rate a class's maximum working temperature at L/D = 0.7, Pc ~ 2 (shared/data/
    ndfeb_grade_class_summary.csv: shanghaimagnet, jjmagnet, duramag; sdsdxt 'PC=2.17'). Each composition
    grade loses at most 5 % in 1 h at Pc 2 up to its class's rating, to 5 K (the GBD N48SH-N52SH and the GBD
    UH grades sit 2-4 K under it). Not fitted: the catalogue is calibrated on HcJ and Br at 20 degC only."""
    rated = {"N": 80.0, "M": 100.0, "H": 120.0, "SH": 150.0, "UH": 180.0, "EH": 200.0, "AH": 220.0}
    n = 0
    for g in mp.grade_names():
        m = mp.Magnet.from_grade(g)
        if m.grade_class in rated and m.composition is not None:
            n += 1
            assert m.max_working_temp_c(pc=2.0, loss_limit=0.05) >= rated[m.grade_class] - 5.0, g
    assert n >= 60
