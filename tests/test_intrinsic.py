"""Intrinsic properties of R2Fe14B against literature anchors (tests/data; docs/design.md section 7)."""

import numpy as np
import pytest
from conftest import read_data_csv
from hypothesis import given
from hypothesis import strategies as st_

from magphys import Magnet
from magphys.kernels import constants as c
from magphys.kernels import layout as L
from magphys.kernels.intrinsic import composition_record, intrinsic_at, kuzmin_m
from magphys.materials._process import micro_row
from magphys.materials._tables import intrinsic_table


def pure_record(**wt):
    """Record of an R2Fe14B alloy (pure-Python kernel call, no front-end validation so that
    pure Ce2Fe14B and La2Fe14B end members can be checked)."""
    comp = np.zeros(L.N_ELEM)
    for k, v in wt.items():
        comp[[e.lower() for e in L.ELEMENTS].index(k)] = v
    comp[L.I_FE] = 100.0 - comp.sum()
    rec = np.zeros(L.N_REC)
    composition_record(comp, micro_row("sintered"), intrinsic_table(), rec)
    return rec


def stoich(r: str, excess: float = 0.3) -> dict:
    """wt% of R2Fe14B for rare earth r with a small R excess (so no free Fe)."""
    t = intrinsic_table()
    m_r = t[L.RARE_EARTHS.index(r), L.T_MOLAR]
    m = 2 * m_r + 14 * c.M_FE + c.M_B
    return {r.lower(): 100 * 2 * m_r / m + excess, "b": 100 * c.M_B / m + 0.02}


@pytest.mark.parametrize("r", L.RARE_EARTHS)
def test_room_temperature_values_reproduce_table(r):
    """At 300 K a pure R2Fe14B record gives the tabulated Tc, Js and HA (the Kuz'min law is anchored there)."""
    rec = pure_record(**stoich(r))
    rec[L.R_STATUS] = 0  # Ce, La end members are outside the magnet model, not outside the intrinsic law
    row = intrinsic_table()[L.RARE_EARTHS.index(r)]
    assert rec[L.R_TC_K] == pytest.approx(row[L.T_TC_K], rel=1e-9)
    js, ha, _, _, _ = intrinsic_at(rec, 300.0)
    assert js == pytest.approx(row[L.T_JS_T], rel=1e-9)
    assert ha == pytest.approx(row[L.T_HA_T], rel=1e-9)


def test_nd2fe14b_literature_anchors():
    """Js(4.2 K) = 1.85 T (Herbst 1991) within 5 %; K1(295 K) = HA Js / (2 mu0) within 4.2-4.9 MJ/m3
    (shared/data/ndfeb_anchor_points.csv); Js(295 K) 1.60-1.62 T."""
    rec = pure_record(**stoich("Nd"))
    js0, _, _, _, _ = intrinsic_at(rec, 4.2)
    assert js0 == pytest.approx(1.85, rel=0.05)
    js, ha, _, _, _ = intrinsic_at(rec, 295.0)
    assert 1.59 <= js <= 1.62
    k1 = ha * js / (2 * c.MU0)
    assert 4.2e6 <= k1 <= 4.9e6


def test_ms_shape_against_atomistic_spin_dynamics():
    """Reduced Ms(T/Tc) of Nd2Fe14B vs the UppASD curve (MaMMoS): within 4 % up to 0.9 Tc."""
    rows = read_data_csv("ndfeb_mammos_spindynamics_Ms_T.csv")
    data = np.array([[float(r["T_K"]), float(r["Ms_sim_A_per_m"])] for r in rows])
    t, ms = data[:, 0], data[:, 1]
    tc_sim = 600.7  # Curie point of the simulation (Kuz'min fit in the data file header)
    m_sim = ms / ms[0]
    m_model = np.array([kuzmin_m(x / tc_sim, c.KUZMIN_S_R2FE14B, c.KUZMIN_P) for x in t])
    sel = t / tc_sim <= 0.9
    assert np.max(np.abs(m_model[sel] - m_sim[sel])) < 0.04
    # and the law is a proper magnetization curve: 1 at 0 K, 0 at Tc, decreasing
    assert kuzmin_m(0.0, c.KUZMIN_S_R2FE14B, c.KUZMIN_P) == 1.0
    assert kuzmin_m(1.0, c.KUZMIN_S_R2FE14B, c.KUZMIN_P) == 0.0
    grid = np.linspace(0, 1, 200)
    vals = [kuzmin_m(x, c.KUZMIN_S_R2FE14B, c.KUZMIN_P) for x in grid]
    assert np.all(np.diff(vals) <= 0)


def test_cobalt_raises_curie_point_10k_per_at_pct():
    """About +10 K per at.% Co of the alloy (Matsuura 1985 via magnetweb; DESIGN: Co raises Tc)."""
    base = Magnet.from_composition(nd=23, pr=7.5, b=0.98)
    with_co = Magnet.from_composition(nd=23, pr=7.5, b=0.98, co=2.0)
    wt = with_co.composition.row()
    moles = wt / np.array(
        [
            intrinsic_table()[i, L.T_MOLAR] if i < L.N_RE else m
            for i, m in enumerate([0] * L.N_RE + [c.M_CO, c.M_B, c.M_CU, c.M_AL, c.M_GA, c.M_FE])
        ]
    )
    at_pct_co = 100 * moles[L.I_CO] / moles.sum()
    assert with_co.curie_temp_c - base.curie_temp_c == pytest.approx(10.0 * at_pct_co, rel=0.25)


@given(ce=st_.floats(1.0, 12.0))
def test_cerium_lowers_tc_js_and_ha(ce):
    base = Magnet.from_composition(nd=23, pr=7.5, b=0.98, co=1.0)
    sub = Magnet.from_composition(nd=23 - ce * 0.75, pr=7.5 - ce * 0.25, ce=ce, b=0.98, co=1.0)
    assert sub.curie_temp_c < base.curie_temp_c
    p0 = base.properties([20.0])
    p1 = sub.properties([20.0])
    assert float(p1.js_t[0]) < float(p0.js_t[0])
    assert float(p1.mu0_ha_t[0]) < float(p0.mu0_ha_t[0])
