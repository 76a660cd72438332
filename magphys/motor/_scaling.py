"""The inputs of the kernels' ``scale_motor`` (kernels/chain.py): a reference design's geometry as one
vector, so that sweeps scale stack and magnet thickness and rewind per point on the device —
``_sizing.scaled_design(...).record(...)`` without building a design object per point."""

from __future__ import annotations

import numpy as np

from ..kernels import layout as L
from ..kernels.motor import flux_at
from ..magnets import Magnet
from ._design import MotorDesign, material


def kt_base(base: MotorDesign) -> float:
    """K_t at 20 C of ``base`` with its own magnet: what a rewound scaled design keeps."""
    own = Magnet.from_grade(base.magnet)
    return flux_at(base.record(float(own.record[L.R_MU_REC]), own.density_kg_m3), own.record, 293.15)[2]


def scaling_vector(base: MotorDesign) -> np.ndarray:
    """The layout.SC_* vector of ``base``."""
    sc = np.zeros(L.N_SC)
    cp = lambda name: material("heat_capacity", name, "specific_heat")  # noqa: E731
    vals = {
        L.SC_STACK_MM: base.stack_mm,
        L.SC_H_MM: base.magnet_thickness_mm,
        L.SC_R_GAP_MM: base.r_gap_mm,
        L.SC_GAP_MM: base.gap_mm,
        L.SC_SLOT_OPENING_MM: base.slot_opening_mm,
        L.SC_SLOTS: base.slots,
        L.SC_TURNS: base.turns_per_phase,
        L.SC_KW: base.winding_factor,
        L.SC_POLE_ARC: base.pole_arc,
        L.SC_LEAKAGE: base.leakage,
        L.SC_WIRE_AREA_M2: base.wire_area_m2(),
        L.SC_MEAN_TURN_MM: base.mean_turn_mm,
        L.SC_OUTER_ROTOR: 1.0 if base.topology == "outer_rotor_fan" else 0.0,
        L.SC_STATOR_IRON_KG: base.stator_iron_g * 1e-3,
        L.SC_ROTOR_IRON_KG: base.rotor_iron_g * 1e-3,
        L.SC_CP_COPPER: cp("copper"),
        L.SC_CP_STEEL: cp("electrical_steel"),
        L.SC_CP_MAGNET: cp("magnet"),
        L.SC_RHO_CU_OHM_M: material("copper", "annealed", "resistivity_20c"),
        L.SC_DENSITY_CU: material("density", "copper", "density"),
        L.SC_KT_BASE: kt_base(base),
    }
    for k, v in vals.items():
        sc[k] = v
    return sc


def template_record(base: MotorDesign, mu_rec: float) -> np.ndarray:
    """The base record that ``scale_motor`` overwrites per point (geometry-dependent fields, heat
    capacities); ``mu_rec`` of the swept magnets."""
    return np.array(base.record(mu_rec, 7500.0))
