"""Bad input: a ValueError subclass naming parameter, value and valid range; per-point status codes
in vectorised calls; never a silent NaN."""

import numpy as np
import pytest

import magphys as mp
from magphys.kernels import status as st


@pytest.mark.parametrize(
    "kwargs, parameter",
    [
        (dict(nd=-1.0, pr=7.0, b=1.0), "nd"),
        (dict(nd=60.0, pr=45.0, b=1.0), "composition"),
        (dict(nd=float("nan"), b=1.0), "nd"),
        (dict(nd=20.0, b=1.0), "total rare earth"),
        (dict(nd=29.0, b=0.0), "b"),
        (dict(nd=10.0, ce=20.0, b=1.0), "ce+la fraction of rare earth"),
        (dict(nd=29.0, b=1.0, unit="mol"), "unit"),
        (dict(nd=29.0, b=1.0, process="sputtered"), "process"),
        (dict(nd=29.0, b=1.0, grain_size_um=0.0), "grain_size_um"),
        (dict(nd=29.0, b=1.0, gbd={"element": "Sm", "wt_pct": 0.5}), "gbd.element"),
        (dict(nd=29.0, b=1.0, gbd={"element": "Tb", "wt_pct": -0.5}), "gbd.wt_pct"),
        (dict(nd=29.0, b=1.0, thickness_mm=-2.0), "thickness_mm"),
        (dict(nd=29.0, b=1.0, xx=1.0), "xx"),
    ],
)
def test_bad_compositions_name_the_parameter(kwargs, parameter):
    with pytest.raises(mp.MagphysValueError) as err:
        mp.Magnet.from_composition(**kwargs)
    assert err.value.parameter == parameter
    assert "valid" in str(err.value) and parameter in str(err.value)


def test_at_pct_input_is_converted():
    m_at = mp.Magnet.from_composition(nd=11.0, pr=3.0, b=6.0, unit="at%")
    assert 28.0 < m_at.composition["Nd"] + m_at.composition["Pr"] < 33.0  # Nd2Fe14B-like alloy is ~30 wt% R


@pytest.mark.parametrize("temp_c", [-300.0, float("nan"), float("inf"), 400.0, -200.0])
def test_bad_temperatures(temp_c):
    m = mp.Magnet.from_grade("N42SH")
    with pytest.raises(mp.MagphysValueError) as err:
        m.properties(temp_c=[20.0, temp_c])
    assert err.value.parameter == "temp_c"


def test_above_curie_point_message_names_the_range():
    m = mp.Magnet.from_grade("N42")
    with pytest.raises(ValueError, match="Curie"):
        m.properties(temp_c=m.curie_temp_c + 1.0)


@pytest.mark.parametrize(
    "kwargs, parameter",
    [
        (dict(temp_c=100.0, pc=0.0), "pc"),
        (dict(temp_c=100.0, pc=-1.0), "pc"),
        (dict(temp_c=100.0, pc=float("nan")), "pc"),
        (dict(temp_c=100.0, pc=1.0, h_applied_a_per_m=-5.0), "h_applied_a_per_m"),
        (dict(temp_c=100.0, pc=1.0, exposure_h=0.0), "exposure_h"),
    ],
)
def test_bad_operating_points(kwargs, parameter):
    m = mp.Magnet.from_grade("N42SH")
    with pytest.raises(mp.MagphysValueError) as err:
        m.irreversible_loss(**kwargs)
    assert err.value.parameter == parameter


def test_bad_max_working_temp_inputs():
    m = mp.Magnet.from_grade("N42SH")
    with pytest.raises(mp.MagphysValueError):
        m.max_working_temp_c(pc=0.0)
    with pytest.raises(mp.MagphysValueError):
        m.max_working_temp_c(pc=1.0, loss_limit=1.5)


def test_vectorised_call_flags_points_instead_of_raising():
    comps = {
        "nd": [22.9, -3.0, 22.9, 20.0, float("nan"), 22.9],
        "pr": [7.6, 7.6, 7.6, 0.0, 7.6, 7.6],
        "b": [0.98, 0.98, 0.98, 0.98, 0.98, 0.98],
        "co": [1.0, 1.0, 80.0, 1.0, 1.0, 1.0],
    }
    ds = mp.magnet_properties(comps, temp_c=[20.0, 150.0, 500.0])
    s = ds.status.values
    assert s.shape == (6, 3)
    assert np.all(s[0, :2] == st.OK) and s[0, 2] == st.OUT_OF_RANGE  # 500 C is above Tc
    for bad in (1, 2, 3, 4):  # negative, fractions do not close, RE-lean, NaN
        assert np.all(s[bad] == st.OUT_OF_RANGE), bad
    # no silent NaN: every NaN value sits at a non-OK status, every OK value is finite
    for var in ("br_t", "hcj_a_per_m", "hcb_a_per_m", "hk_a_per_m", "bhmax_j_per_m3", "js_t", "mu0_ha_t"):
        v = ds[var].values
        assert np.all(np.isfinite(v[s == st.OK])), var
        assert np.all(s[~np.isfinite(v)] != st.OK), var


def test_vectorised_demagnetized_point_gets_status():
    ds = mp.magnet_properties([mp.Magnet.from_grade("N42")], temp_c=[20.0, 200.0])
    assert ds.status.values[0, 1] == st.DEMAGNETIZED
    assert ds.hcj_a_per_m.values[0, 1] == 0.0


def test_vectorised_call_matches_scalar_calls():
    m = mp.Magnet.from_composition(nd=21.0, pr=7.0, dy=2.0, b=0.98, co=1.0)
    vec = mp.magnet_properties({"nd": [21.0], "pr": [7.0], "dy": [2.0], "b": [0.98], "co": [1.0]}, temp_c=[20.0, 120.0])
    sca = m.properties([20.0, 120.0])
    for var in ("br_t", "hcj_a_per_m", "bhmax_j_per_m3"):
        np.testing.assert_allclose(vec[var].values[0], sca[var].values, rtol=1e-12)


def test_unknown_backend_is_a_value_error():
    with pytest.raises(mp.MagphysValueError):
        mp.resolve_backend("tpu")
