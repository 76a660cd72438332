"""Motor geometry: the one source of the design relations that ``magphys.motor.MotorDesign`` (its record),
``magphys.motor._sizing.scaled_design`` and the fused design chain's ``scale_motor`` (kernels/chain.py) use.

Scalar ``register_jitable`` code: the CPU and CUDA kernels compile it, the Python objects call it as plain
Python with floats (``carter_coefficient`` and ``magnet_volume_m3`` also with arrays of the magnet
thickness). Lengths in mm as a design states them, results in SI units unless the name says otherwise.
"""

import math

from numba.extending import register_jitable


@register_jitable
def round_half_even(x):
    """Nearest integer, ties to even (as Python's ``round`` and NumPy's ``rint``), written out for the CUDA
    target: floor(x + 1/2), one less where that lands on an odd integer from an exact tie."""
    r = math.floor(x + 0.5)
    if r - x == 0.5 and r - 2.0 * math.floor(0.5 * r) == 1.0:
        r -= 1.0
    return r


@register_jitable
def carter_coefficient(gap_mm, magnet_mm, mu_rec, slot_opening_mm, r_gap_mm, slots):
    """Carter's coefficient of a slotted stator for the effective gap of a surface-magnet rotor.

    Parameters
    ----------
    gap_mm : float
        Mechanical gap between magnet surface and stator bore (can or sleeve included), mm.
    magnet_mm : float or array
        Magnet thickness, mm; the magnet adds h_m / mu_rec to the magnetic gap.
    mu_rec : float
        Relative recoil permeability of the magnet.
    slot_opening_mm, r_gap_mm : float
        Slot opening b_0 and the gap radius at the magnet surface, mm.
    slots : float
        Number of stator slots.

    Returns
    -------
    float or array
        k_C = tau_s / (tau_s - gamma g) with g = g_mech + h_m / mu_rec, the slot pitch
        tau_s = 2 pi (r + g_mech) / Q_s and gamma = (b_0 / g)^2 / (5 + b_0 / g) (Carter's coefficient,
        Pyrhonen, Jokinen & Hrabovcova, Design of Rotating Electrical Machines, 2nd ed., eq. 3.1).
    """
    g = (gap_mm + magnet_mm / mu_rec) * 1e-3
    b0 = slot_opening_mm * 1e-3
    tau_s = 2.0 * math.pi * (r_gap_mm + gap_mm) * 1e-3 / slots
    gamma = (b0 / g) ** 2 / (5.0 + b0 / g)
    return tau_s / (tau_s - gamma * g)


@register_jitable
def magnet_volume_m3(r_gap_mm, magnet_mm, stack_mm, pole_arc, outer_rotor):
    """Volume of the rotor's magnet ring.

    Parameters
    ----------
    r_gap_mm : float
        Radius of the magnet surface facing the gap, mm.
    magnet_mm, stack_mm : float
        Magnet thickness and stack (magnet) length, mm.
    pole_arc : float
        Magnet arc over pole pitch.
    outer_rotor : float
        > 0: the magnets sit outside the gap radius (outer rotor, r_gap the ring's inner radius); else
        inside it (inner rotor, r_gap the ring's outer radius).

    Returns
    -------
    float
        V = pi (r_out^2 - r_in^2) L alpha_p, m3: the annulus r_in = r_out - h_m over the stack, times the
        share of the circumference the magnets cover.
    """
    r_out = r_gap_mm * 1e-3 + (magnet_mm * 1e-3 if outer_rotor > 0.0 else 0.0)
    r_in = r_out - magnet_mm * 1e-3
    return math.pi * (r_out * r_out - r_in * r_in) * stack_mm * 1e-3 * pole_arc


@register_jitable
def rewind(turns, kt_ratio, mean_turn_mm, stack_mm, new_stack_mm):
    """The scaling law of a rewound motor: another stack, the winding changed to keep the base's K_t.

    Parameters
    ----------
    turns : float
        Series turns per phase of the base.
    kt_ratio : float
        K_t of the trial (new stack and magnet, base turns) over the base's K_t (at 20 C, each with its
        own magnet); K_t ~ turns, so turns / kt_ratio keep the base's back-EMF on the same drive voltage.
    mean_turn_mm, stack_mm : float
        Mean turn length and stack of the base, mm.
    new_stack_mm : float
        The new stack, mm.

    Returns
    -------
    (turns, wire_area_ratio, mean_turn_mm, stack_ratio) : tuple of float
        Turns = max(1, round(N / kt_ratio)), ties to even (``round_half_even``); the wire cross-section
        ratio N_base / N (the slot's copper area is kept); the mean turn, longer by twice the stack change
        (two axial sides per turn, end windings unchanged); and k = L / L_base, the factor of the iron,
        rotor iron and the stack-long surfaces and conductances.
    """
    new_turns = max(1.0, round_half_even(turns / kt_ratio))
    return (
        new_turns,
        turns / new_turns,
        mean_turn_mm + 2.0 * (new_stack_mm - stack_mm),
        new_stack_mm / stack_mm,
    )


@register_jitable
def phase_resistance_ohm(resistivity, turns, mean_turn_m, wire_area_m2):
    """Phase resistance of a winding: R = rho N l_turn / A_wire (DC, at the resistivity's temperature)."""
    return resistivity * turns * mean_turn_m / wire_area_m2


@register_jitable
def copper_mass_kg(turns, mean_turn_m, wire_area_m2, density):
    """Copper of a three-phase winding: 3 N l_turn A_wire rho_Cu."""
    return 3.0 * turns * mean_turn_m * wire_area_m2 * density


@register_jitable
def heat_capacities(copper_kg, stator_iron_kg, magnet_kg, rotor_iron_kg, cp_copper, cp_steel, cp_magnet):
    """(winding, stator, magnet + rotor iron) heat capacities of the thermal nodes, J/K: C = sum m c_p."""
    return (
        copper_kg * cp_copper,
        stator_iron_kg * cp_steel,
        magnet_kg * cp_magnet + rotor_iron_kg * cp_steel,
    )
