"""Prediction bands of magnet properties (Monte Carlo on the property kernel): they hold the nominal value, have
the widths of the spreads they were built from, widen where the data say less (hot HcJ), repeat with their seed,
and for a magnet fitted to noisy data they cover the truth as often as a 90 % band should."""

import numpy as np
import pytest

import magphys as mp
from magphys.magnets import _uncertainty as U
from magphys.magnets._fit import R2FE14B_PARAMS, _apply

Z90 = 1.6449  # the 95th percentile of the standard normal


def test_catalogue_bands_have_the_widths_of_the_vendor_spreads():
    """N42SH: Br's band is +-1.645 x 1.5 % at 20 degC and HcJ's +-1.645 x 5 % (to the Monte Carlo error of 1000
    samples); the beta spread makes HcJ's band wider hot; every band holds the nominal value."""
    m = mp.Magnet.from_grade("N42SH")
    ds = m.properties([20.0, 100.0, 150.0], uncertainty=True, samples=1000)
    for v in ("br_t", "hcj_a_per_m", "hk_a_per_m", "bhmax_j_per_m3", "squareness"):
        assert np.all(ds[f"{v}_p05"] <= ds[v]) and np.all(ds[v] <= ds[f"{v}_p95"]), v
    half = lambda v: (ds[f"{v}_p95"] - ds[f"{v}_p05"]).values / 2 / ds[v].values  # noqa: E731
    assert half("br_t")[0] == pytest.approx(Z90 * U.BR_REL_SIGMA, rel=0.15)
    assert half("hcj_a_per_m")[0] == pytest.approx(Z90 * U.HCJ_REL_SIGMA, rel=0.15)
    assert half("hcj_a_per_m")[0] < half("hcj_a_per_m")[1] < half("hcj_a_per_m")[2]


def test_bands_repeat_with_their_seed():
    m = mp.Magnet.from_grade("N38UH")
    a = m.properties([120.0], uncertainty=True, samples=64, seed=3)
    b = m.properties([120.0], uncertainty=True, samples=64, seed=3)
    c = m.properties([120.0], uncertainty=True, samples=64, seed=4)
    assert float(a.hcj_a_per_m_p05[0]) == float(b.hcj_a_per_m_p05[0]) != float(c.hcj_a_per_m_p05[0])


def test_coefficient_material_bands():
    ds = mp.Magnet.from_grade("FERRITE-C8").properties([20.0, 80.0], uncertainty=True, samples=1000)
    assert float((ds.br_t_p95 - ds.br_t_p05)[0] / 2 / ds.br_t[0]) == pytest.approx(Z90 * U.BR_REL_SIGMA, rel=0.15)


def test_fitted_bands_cover_the_truth_like_a_90_percent_band():
    """Ten fits of Br/HcJ at 20, 60, 100 degC measured with 1 % noise: the 90 % band of HcJ at 150 degC (an
    extrapolation) holds the truth in at least 7 of 10 (binomial: P(<= 6 of 10 | 0.9) = 1.3 %)."""
    base = mp.Magnet.from_grade("N42SH")
    names = ("br_scale", "alpha", "neff_scale")
    truth = mp.Magnet(
        name="truth", family=base.family, record=_apply(base.record.copy(), R2FE14B_PARAMS, names, [0.98, 0.6, 1.2])
    )
    t = [20.0, 60.0, 100.0]
    p = truth.properties(t)
    hot = float(truth.properties([150.0]).hcj_a_per_m[0])
    rng = np.random.default_rng(11)
    hits = 0
    for _ in range(10):
        br = p.br_t.values * (1 + 0.01 * rng.standard_normal(3))
        hcj = p.hcj_a_per_m.values * (1 + 0.01 * rng.standard_normal(3))
        fit = mp.Magnet.fit(base, t, br, hcj)
        q = fit.properties([150.0], uncertainty=True, samples=400)
        hits += float(q.hcj_a_per_m_p05[0]) <= hot <= float(q.hcj_a_per_m_p95[0])
    assert hits >= 7
