"""Fluid properties from CoolProp, cross-checked against textbook tables."""

import pytest
from conftest import read_data_csv

import magphys as mp
from magphys.materials._fluids import fluid_state

TABLE = {}
for row in read_data_csv("incropera_fluids.csv"):
    TABLE[(row["name"], row["property"])] = float(row["value"])


@pytest.mark.parametrize("fluid, temp_k", [("air", 300.0), ("water", 315.0)])
def test_coolprop_agrees_with_incropera_tables(fluid, temp_k):
    s = fluid_state(fluid, temp_k - 273.15, 101325.0)
    assert s.density_kg_m3 == pytest.approx(TABLE[(fluid, "density")], rel=0.01)
    assert s.kinematic_viscosity_m2_s == pytest.approx(TABLE[(fluid, "kinematic_viscosity")], rel=0.02)
    assert s.conductivity_w_per_m_k == pytest.approx(TABLE[(fluid, "conductivity")], rel=0.02)
    assert s.prandtl == pytest.approx(TABLE[(fluid, "prandtl")], rel=0.02)


def test_glycol_mixture_is_denser_and_holds_less_heat_than_water():
    w = fluid_state("water", 30.0)
    pg = fluid_state("PG25", 30.0)
    assert pg.density_kg_m3 > w.density_kg_m3
    assert pg.cp_j_per_kg_k < w.cp_j_per_kg_k
    assert pg.viscosity_pa_s > w.viscosity_pa_s


@pytest.mark.parametrize("fluid, temp_c", [("PG25", -60.0), ("air", -300.0), ("kerosene", 20.0)])
def test_states_coolprop_cannot_evaluate_raise(fluid, temp_c):
    with pytest.raises(mp.MagphysValueError):
        fluid_state(fluid, temp_c)
