"""The fused design chain: composition -> magnet record -> scaled motor -> coupled operating point ->
fan/pump duty and rack cooling -> magnet cost, for one design point (DESIGN.md section 2).

Scalar ``register_jitable`` code shared by the CPU, CUDA and pure-Python paths; every relation is the
one the separate kernels and the public API use (composition_record, flux_at, operating_point), so a
sweep point equals the point-by-point calls of the API.

Scaled motor (magphys.motor._sizing.scaled_design): stack and magnet thickness times per-point factors,
turns rounded so that K_t at 20 C stays that of the base with its own magnet (same back-EMF on the same
drive), slot copper area kept (wire cross-section ~ 1/turns), iron, rotor iron, conductances and
surfaces ~ stack. Carter's coefficient for the effective gap g + h_m/mu_rec (Pyrhonen et al., Design of
Rotating Electrical Machines, eq. 3.1).

Mover duty at a fixed system (magphys.cooling): the mover runs at speed n on the quadratic curve
p = p_max (n/n_0)^2 (1 - x^2) at flow Q = x Q_max n/n_0, with x the flow fraction where the system
curve dp = k Q^2 meets it (x is speed-independent); shaft power Q p_t / eta_total with p_t the static
plus the dynamic pressure in the outlet annulus. The stream carries rho Q cp dT at the design rise dT;
the mover's own heat (shaft work + the motor's losses reaching the stream) takes part of it, the rest is
the IT heat one mover serves. A rack of IT power P needs P / (that) movers; heat removed = P + movers x
mover heat (energy balance), partial PUE = 1 + mover input / IT heat served.
"""

import math

from numba.extending import register_jitable

from . import layout as L
from . import status as st
from .demag import coercivity_at, remanence
from .intrinsic import composition_record, intrinsic_at
from .motor import operating_point

HOURS_PER_YEAR = 8760.0


@register_jitable
def _round_half_even(x):
    """round() as Python and NumPy do it (ties to even), written out for the CUDA target."""
    r = math.floor(x + 0.5)
    if r - x == 0.5 and r - 2.0 * math.floor(0.5 * r) == 1.0:
        r -= 1.0
    return r


@register_jitable
def carter(sc, mu_rec, h_mm):
    """Carter's coefficient of the base slotting for the effective gap g + h_m/mu_rec."""
    g = (sc[L.SC_GAP_MM] + h_mm / mu_rec) * 1e-3
    b0 = sc[L.SC_SLOT_OPENING_MM] * 1e-3
    tau_s = 2.0 * math.pi * (sc[L.SC_R_GAP_MM] + sc[L.SC_GAP_MM]) * 1e-3 / sc[L.SC_SLOTS]
    gamma = (b0 / g) ** 2 / (5.0 + b0 / g)
    return tau_s / (tau_s - gamma * g)


@register_jitable
def scale_motor(template, sc, mag, stack_factor, thickness_factor, out):
    """Fill ``out`` (layout.P_*) with the base ``template`` scaled by the two factors and rewound for
    magnet ``mag``; returns (valid, magnet mass kg). An invalid geometry (non-positive, or a magnet not
    thinner than the gap radius) leaves the template and returns (False, 0)."""
    for i in range(L.N_MOTOR):
        out[i] = template[i]
    stack_mm = sc[L.SC_STACK_MM] * stack_factor
    h_mm = sc[L.SC_H_MM] * thickness_factor
    if not (stack_mm > 0.0 and h_mm > 0.0 and h_mm < sc[L.SC_R_GAP_MM] and stack_mm < 1e9):
        return False, 0.0
    mu_rec = mag[L.R_MU_REC]
    rho_m = mag[L.R_DENSITY]
    js20, _ha20, mk20, _me20 = intrinsic_at(mag, 293.15)
    br20 = remanence(mag, js20, mk20)
    kc = carter(sc, mu_rec, h_mm)
    # K_t of the trial with the base turns, then the turns that keep the base's K_t
    bg = sc[L.SC_LEAKAGE] * br20 / (1.0 + mu_rec * kc * sc[L.SC_GAP_MM] / h_mm)
    b1 = 4.0 / math.pi * bg * math.sin(0.5 * math.pi * sc[L.SC_POLE_ARC])
    kt_trial = 3.0 * math.sqrt(2.0) * sc[L.SC_TURNS] * sc[L.SC_KW] * b1 * sc[L.SC_R_GAP_MM] * 1e-3 * stack_mm * 1e-3
    if not kt_trial > 0.0:
        return False, 0.0
    turns = max(1.0, _round_half_even(sc[L.SC_TURNS] / (kt_trial / sc[L.SC_KT_BASE])))
    k = stack_mm / sc[L.SC_STACK_MM]
    wire_area = sc[L.SC_WIRE_AREA_M2] * sc[L.SC_TURNS] / turns
    mean_turn = (sc[L.SC_MEAN_TURN_MM] + 2.0 * (stack_mm - sc[L.SC_STACK_MM])) * 1e-3
    r_out = sc[L.SC_R_GAP_MM] * 1e-3 + (h_mm * 1e-3 if sc[L.SC_OUTER_ROTOR] > 0.0 else 0.0)
    r_in = r_out - h_mm * 1e-3
    mag_vol = math.pi * (r_out * r_out - r_in * r_in) * stack_mm * 1e-3 * sc[L.SC_POLE_ARC]
    copper_kg = 3.0 * turns * mean_turn * wire_area * sc[L.SC_DENSITY_CU]
    out[L.P_MAG_THICK_M] = h_mm * 1e-3
    out[L.P_STACK_M] = stack_mm * 1e-3
    out[L.P_TURNS] = turns
    out[L.P_CARTER] = kc
    out[L.P_R20_OHM] = sc[L.SC_RHO_CU_OHM_M] * turns * mean_turn / wire_area
    out[L.P_FE_MASS_KG] = sc[L.SC_STATOR_IRON_KG] * k
    out[L.P_MAG_VOL_M3] = mag_vol
    # slot liner, gap, stator-housing interface and rotor surface scale with the stack; housing unchanged
    out[L.P_G_WS] = template[L.P_G_WS] * k
    out[L.P_G_SM] = template[L.P_G_SM] * k
    out[L.P_G_SH] = template[L.P_G_SH] * k
    out[L.P_G_MA] = template[L.P_G_MA] * k
    out[L.P_C_WINDING] = copper_kg * sc[L.SC_CP_COPPER]
    out[L.P_C_STATOR] = sc[L.SC_STATOR_IRON_KG] * k * sc[L.SC_CP_STEEL]
    out[L.P_C_MAGNET] = mag_vol * rho_m * sc[L.SC_CP_MAGNET] + sc[L.SC_ROTOR_IRON_KG] * k * sc[L.SC_CP_STEEL]
    return True, mag_vol * rho_m


@register_jitable
def fluid_at(fluid, cs, temp_k):
    """(density, cp) of the stream from the table (linear in temperature; the table's step keeps the
    interpolation error below 1e-7 for air and glycol-water); NaN outside the table."""
    x = (temp_k - cs[L.CS_FLUID_T0_K]) / cs[L.CS_FLUID_DT_K]
    n = fluid.shape[0]
    if not (0.0 <= x <= n - 1.0):
        return math.nan, math.nan
    i = min(int(x), n - 2)
    f = x - i
    return (
        fluid[i, L.FT_RHO] * (1.0 - f) + fluid[i + 1, L.FT_RHO] * f,
        fluid[i, L.FT_CP] * (1.0 - f) + fluid[i + 1, L.FT_CP] * f,
    )


@register_jitable
def magnet_cost(comp, micro, cs):
    """(finished cost USD/kg, heavy rare earth wt%) of an alloy row (wt%) with its GBD addition:
    raw materials at the scenario's metal prices, plus processing (and the GBD step), over the
    machining yield (magphys.economics.bill_of_materials on one alloy)."""
    gbd = micro[L.M_GBD_WT] if micro[L.M_GBD_KIND] != L.GBD_NONE else 0.0
    total = 0.0
    for e in range(L.N_ELEM):
        total += comp[e] + gbd * cs[L.CS_GBD_ADD + e]
    raw = 0.0
    hree = 0.0
    for e in range(L.N_ELEM):
        w = 100.0 * (comp[e] + gbd * cs[L.CS_GBD_ADD + e]) / total
        raw += w * cs[L.CS_PRICE + e] / 100.0
        hree += w * cs[L.CS_HREE + e]
    proc = cs[L.CS_PROC_USD_PER_KG] + (cs[L.CS_GBD_STEP_USD_PER_KG] if gbd > 0.0 else 0.0)
    return (raw + proc) / cs[L.CS_YIELD], hree


@register_jitable
def design_point(comp, micro, table, template, sc, duty, cs, fluid, rec, mot, op, out):
    """One design through the whole chain; fills ``out`` (layout.CH_*), returns a status: the motor's
    (OK, NOT_CONVERGED, THERMAL_RUNAWAY, CURRENT_LIMIT, VOLTAGE_LIMIT) or OUT_OF_RANGE (alloy, geometry
    or mover duty outside the model). ``rec``, ``mot`` and ``op`` are this point's scratch magnet record,
    motor record and operating point; ``rec`` holds the magnet on entry when CS_FROM_COMPOSITION is 0."""
    for i in range(L.N_CH):
        out[i] = math.nan
    if cs[L.CS_FROM_COMPOSITION] > 0.0:
        composition_record(comp, micro, table, rec)
    if rec[L.R_STATUS] != st.OK:
        return st.OUT_OF_RANGE
    js20, _ha20, mk20, _me20 = intrinsic_at(rec, 293.15)
    out[L.CH_BR_T] = remanence(rec, js20, mk20)
    t_check = cs[L.CS_CHECK_T_K]
    code, hcj, _conv, _js_t, _ha_t, _mk, _bt, _br, _cr, _h1, _iw, _hmax = coercivity_at(rec, t_check)
    if code == st.OUT_OF_RANGE:
        if not (rec[L.R_KIND] == L.KIND_R2FE14B and t_check >= rec[L.R_T_MAX_K]):
            return st.OUT_OF_RANGE  # the check temperature lies outside a datasheet material's range
        hcj = 0.0  # above the Curie point: no coercivity
    out[L.CH_HCJ_CHECK] = hcj

    valid, mass = scale_motor(template, sc, rec, duty[L.DU_STACK_FACTOR], duty[L.DU_THICKNESS_FACTOR], mot)
    if not valid:
        return st.OUT_OF_RANGE
    out[L.CH_MAGNET_KG] = mass
    if cs[L.CS_FROM_COMPOSITION] > 0.0:
        usd_per_kg, hree_wt = magnet_cost(comp, micro, cs)
    else:
        usd_per_kg, hree_wt = cs[L.CS_FIXED_USD_PER_KG], cs[L.CS_FIXED_HREE_WT]
    out[L.CH_USD_PER_KG] = usd_per_kg
    out[L.CH_HREE_WT] = hree_wt
    out[L.CH_MAGNET_USD] = mass * usd_per_kg
    out[L.CH_HREE_G] = mass * hree_wt * 10.0  # wt% of kg -> g

    speed = duty[L.DU_SPEED_RPM]
    omega = speed * math.pi / 30.0
    rho = cp = q = shaft = 0.0
    if cs[L.CS_COOLING] > 0.0:
        x = duty[L.DU_FLOW_FRACTION]
        dt = duty[L.DU_DELTA_T_K]
        t_in = duty[L.DU_MEDIUM_K]
        rho = fluid_at(fluid, cs, t_in)[0]
        cp = fluid_at(fluid, cs, t_in + 0.5 * dt)[1]
        if not (
            cs[L.CS_X_MIN] <= x <= cs[L.CS_X_MAX]
            and speed > 0.0
            and dt > 0.0
            and rho > 0.0
            and cp > 0.0
            and duty[L.DU_RACK_IT_W] > 0.0
        ):
            return st.OUT_OF_RANGE
        r = speed / cs[L.CS_MOVER_RPM]
        q = x * cs[L.CS_Q_MAX] * r
        p_s = cs[L.CS_P_MAX] * r * r * (1.0 - x * x)
        v = q / cs[L.CS_OUTLET_AREA_M2]
        shaft = q * (p_s + 0.5 * rho * v * v) / cs[L.CS_ETA_TOTAL]
        torque = shaft / omega
        medium = t_in + (dt if cs[L.CS_AT_OUTLET] > 0.0 else 0.0)
        out[L.CH_FLOW_M3_S] = q
        out[L.CH_PRESSURE_PA] = p_s
    else:
        torque = duty[L.DU_TORQUE_NM]
        medium = duty[L.DU_MEDIUM_K]
    out[L.CH_TORQUE_NM] = torque

    status = operating_point(mot, rec, speed, torque, medium, op)
    if status != st.OK and status != st.NOT_CONVERGED:
        return status
    p_in = op[L.OP_P_IN_W]
    p_shaft = op[L.OP_P_SHAFT_W]
    out[L.CH_EFFICIENCY] = p_shaft / p_in
    out[L.CH_P_IN_W] = p_in
    out[L.CH_LOSS_W] = p_in - p_shaft
    out[L.CH_CURRENT_A] = op[L.OP_CURRENT_A]
    out[L.CH_MAGNET_K] = op[L.OP_T_MAGNET_K]
    out[L.CH_WINDING_K] = op[L.OP_T_WINDING_K]
    if cs[L.CS_COOLING] > 0.0:
        # shaft work ends as heat in the stream; the motor's losses reach it through the network
        heat = p_shaft + op[L.OP_HEAT_OUT_W]
        carried = rho * q * cp * duty[L.DU_DELTA_T_K]
        served = carried - heat
        out[L.CH_HEAT_TO_STREAM_W] = heat
        if not served > 0.0:  # the mover heats its stream more than the design rise allows
            out[L.CH_IT_PER_MOVER_W] = served
            return st.OUT_OF_RANGE
        movers = duty[L.DU_RACK_IT_W] / served
        out[L.CH_IT_PER_MOVER_W] = served
        out[L.CH_MOVERS] = movers
        out[L.CH_RACK_COOLING_W] = movers * p_in
        out[L.CH_RACK_HEAT_W] = movers * carried
        out[L.CH_PPUE] = 1.0 + p_in / served
        out[L.CH_RACK_MAGNET_USD] = movers * mass * usd_per_kg
        out[L.CH_RACK_HREE_G] = movers * mass * hree_wt * 10.0
        out[L.CH_RACK_ENERGY_USD_YR] = movers * p_in * 1e-3 * HOURS_PER_YEAR * cs[L.CS_USD_PER_KWH]
    return status
