"""Motor records of many scaled designs at once: the reference geometry with per-point stack and
magnet-thickness factors, rewound to keep the back-EMF — ``_sizing.scaled_design(...).record(...)``
on arrays, for sweeps over geometry."""

from __future__ import annotations

import math

import numpy as np

from ..kernels import layout as L
from ..kernels.motor import flux_at
from ..magnets import Magnet
from ._design import MotorDesign, material


def scaled_records(base: MotorDesign, magnet: Magnet, stack_factor, thickness_factor):
    """(records (n, N_MOTOR), magnet mass kg (n,), valid (n,)) of ``base`` with its stack and magnet
    thickness scaled and the turns set so that K_t at 20 C stays that of the base with its own magnet
    (as ``_sizing.scaled_design``); invalid geometries (magnet not thinner than the gap radius, or
    non-positive) get the base record, NaN mass and valid False."""
    sf = np.atleast_1d(np.asarray(stack_factor, dtype=float))
    tf = np.atleast_1d(np.asarray(thickness_factor, dtype=float))
    sf, tf = np.broadcast_arrays(sf, tf)
    mu_rec, rho_m = float(magnet.record[L.R_MU_REC]), magnet.density_kg_m3
    template = base.record(mu_rec, rho_m)
    base_own = base.record(*_mu_rho(Magnet.from_grade(base.magnet)))
    kt_base = flux_at(base_own, Magnet.from_grade(base.magnet).record, 293.15)[2]
    br20 = flux_at(template, magnet.record, 293.15)[0]

    stack_mm = base.stack_mm * sf
    h_mm = base.magnet_thickness_mm * tf
    valid = np.isfinite(stack_mm) & np.isfinite(h_mm) & (stack_mm > 0) & (h_mm > 0) & (h_mm < base.r_gap_mm)
    h_mm = np.where(valid, h_mm, base.magnet_thickness_mm)
    stack_mm = np.where(valid, stack_mm, base.stack_mm)
    carter = base.carter_factor(mu_rec, h_mm)
    # K_t of the trial (base turns) -> the turns that keep the base's K_t (kernels.motor.torque_constant)
    bg = base.leakage * br20 / (1.0 + mu_rec * carter * base.gap_mm / h_mm)
    b1 = 4.0 / math.pi * bg * math.sin(0.5 * math.pi * base.pole_arc)
    kt_trial = 3.0 * math.sqrt(2.0) * base.turns_per_phase * base.winding_factor * b1 * base.r_gap_mm * 1e-3 \
        * stack_mm * 1e-3
    turns = np.maximum(1.0, np.round(base.turns_per_phase / (kt_trial / kt_base)))
    k = stack_mm / base.stack_mm
    wire_area = math.pi / 4 * (base.wire_diameter_mm * 1e-3) ** 2 * base.turns_per_phase / turns
    mean_turn = (base.mean_turn_mm + 2 * (stack_mm - base.stack_mm)) * 1e-3
    r_out = base.r_gap_mm * 1e-3 + (h_mm * 1e-3 if base.topology == "outer_rotor" else 0.0)
    mag_vol = math.pi * (r_out**2 - (r_out - h_mm * 1e-3) ** 2) * stack_mm * 1e-3 * base.pole_arc
    copper_kg = 3 * turns * mean_turn * wire_area * material("density", "copper", "density")
    cp = lambda name: material("heat_capacity", name, "specific_heat")  # noqa: E731

    recs = np.repeat(np.array(template)[None, :], sf.size, axis=0)
    recs[:, L.P_MAG_THICK_M] = h_mm * 1e-3
    recs[:, L.P_STACK_M] = stack_mm * 1e-3
    recs[:, L.P_TURNS] = turns
    recs[:, L.P_CARTER] = carter
    recs[:, L.P_R20_OHM] = material("copper", "annealed", "resistivity_20c") * turns * mean_turn / wire_area
    recs[:, L.P_FE_MASS_KG] = base.stator_iron_g * 1e-3 * k
    recs[:, L.P_MAG_VOL_M3] = mag_vol
    # conductances: slot liner and gap convection scale with the stack, the interface and rotor surface
    # areas are scaled with it by scaled_design; housing unchanged
    recs[:, L.P_G_WS] = template[L.P_G_WS] * k
    recs[:, L.P_G_SM] = template[L.P_G_SM] * k
    recs[:, L.P_G_SH] = template[L.P_G_SH] * k
    recs[:, L.P_G_MA] = template[L.P_G_MA] * k
    recs[:, L.P_C_WINDING] = copper_kg * cp("copper")
    recs[:, L.P_C_STATOR] = base.stator_iron_g * 1e-3 * k * cp("electrical_steel")
    recs[:, L.P_C_MAGNET] = mag_vol * rho_m * cp("magnet") + base.rotor_iron_g * 1e-3 * k * cp("electrical_steel")
    recs[~valid] = template  # a harmless record; the caller marks these points out of range
    return recs, np.where(valid, mag_vol * rho_m, np.nan), valid


def _mu_rho(m: Magnet) -> tuple[float, float]:
    return float(m.record[L.R_MU_REC]), m.density_kg_m3
