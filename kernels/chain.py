"""The fused design chain: composition -> magnet record -> scaled motor -> coupled operating point ->
fan/pump duty and rack cooling -> magnet cost, for one design point (docs/design.md section 2).

Scalar ``register_jitable`` code shared by the CPU, CUDA and pure-Python paths, and a composition of the
relations the separate kernels and the public API use, each written once in kernels/: the magnet
(intrinsic.composition_record, demag), the scaling law of a rewound motor (scaling.py: rewind, Carter's
coefficient, magnet volume; what magphys.motor._sizing.scaled_design applies), the operating point
(motor.py), the fan/pump curve and its affinity laws (mover.py: what magphys.cooling.MoverCurve
evaluates), the stream's heat balance and the rack a mover serves (rack.py: DrivenMover.duty, Rack.solve)
and the magnet cost (cost.py: magphys.economics.bill_of_materials). So a sweep point equals the
point-by-point calls of the API.

Scaled motor: stack and magnet thickness times per-point factors, turns rounded so that K_t at 20 C stays
that of the base with its own magnet (same back-EMF on the same drive), slot copper area kept (wire
cross-section ~ 1/turns), iron, rotor iron, conductances and surfaces ~ stack.

Mover duty at a fixed system: the mover runs at speed n on its curve at the flow fraction x where the
system curve dp = k Q^2 meets it (x is speed-independent). The stream carries rho Q cp dT at the design
rise dT; the mover's own heat (shaft work + the motor's losses reaching the stream) takes part of it, the
rest is the IT heat one mover serves; a rack of IT power P needs P / (that) movers (continuous; Rack rounds
up to whole fans per server). More movers than the rack holds (CS_MOVERS_FIT, kernels/rack.py ``fans_fit``,
what Rack.fit evaluates) is DOES_NOT_FIT, with the values of the duty kept.
"""

import math

from numba.extending import register_jitable

from . import layout as L
from . import status as st
from .constants import ZERO_C_K
from .cost import content_g, magnet_cost_usd_per_kg, processing_usd_per_kg
from .demag import coercivity_at, remanence
from .intrinsic import composition_record, intrinsic_at
from .motor import gap_flux_density, operating_point, torque_constant
from .mover import mover_duty, mover_torque_nm
from .plant import plant_power
from .rack import mover_rack, stream_heat_w
from .scaling import carter_coefficient, copper_mass_kg, heat_capacities, magnet_volume_m3, phase_resistance_ohm, rewind

HOURS_PER_YEAR = 8760.0


@register_jitable
def scale_motor(template, sc, mag, stack_factor, thickness_factor, out):
    """Fill ``out`` (layout.P_*) with the base ``template`` scaled by the two factors and rewound for
    magnet ``mag``; returns (valid, magnet mass kg). An invalid geometry (non-positive, or a magnet not
    thinner than the gap radius) leaves the template and returns (False, 0).

    The scaling law is kernels/scaling.py's (``rewind``, Carter's coefficient, magnet volume, winding
    resistance and copper, heat capacities), which magphys.motor._sizing.scaled_design applies too; the
    trial K_t is kernels/motor.py's ``torque_constant`` of the record with the new stack and magnet and
    the base turns (what magphys.motor._sizing._kt20 evaluates on the trial design)."""
    for i in range(L.N_MOTOR):
        out[i] = template[i]
    stack_mm = sc[L.SC_STACK_MM] * stack_factor
    h_mm = sc[L.SC_H_MM] * thickness_factor
    if not (stack_mm > 0.0 and h_mm > 0.0 and h_mm < sc[L.SC_R_GAP_MM] and stack_mm < 1e9):
        return False, 0.0
    mu_rec = mag[L.R_MU_REC]
    rho_m = mag[L.R_DENSITY]
    js20, _ha20, mk20, _me20, _mn20 = intrinsic_at(mag, 293.15)
    br20 = remanence(mag, js20, mk20)
    # the trial: new stack and magnet, base turns; then the turns that keep the base's K_t
    out[L.P_MAG_THICK_M] = h_mm * 1e-3
    out[L.P_STACK_M] = stack_mm * 1e-3
    out[L.P_CARTER] = carter_coefficient(
        sc[L.SC_GAP_MM], h_mm, mu_rec, sc[L.SC_SLOT_OPENING_MM], sc[L.SC_R_GAP_MM], sc[L.SC_SLOTS]
    )
    kt_trial = torque_constant(out, gap_flux_density(out, br20, mu_rec))
    if not kt_trial > 0.0:
        for i in range(L.N_MOTOR):
            out[i] = template[i]
        return False, 0.0
    turns, wire_ratio, mean_turn_mm, k = rewind(
        sc[L.SC_TURNS], kt_trial / sc[L.SC_KT_BASE], sc[L.SC_MEAN_TURN_MM], sc[L.SC_STACK_MM], stack_mm
    )
    wire_area = sc[L.SC_WIRE_AREA_M2] * wire_ratio
    mean_turn = mean_turn_mm * 1e-3
    mag_vol = magnet_volume_m3(sc[L.SC_R_GAP_MM], h_mm, stack_mm, sc[L.SC_POLE_ARC], sc[L.SC_OUTER_ROTOR])
    stator_kg = sc[L.SC_STATOR_IRON_KG] * k
    c_w, c_s, c_m = heat_capacities(
        copper_mass_kg(turns, mean_turn, wire_area, sc[L.SC_DENSITY_CU]),
        stator_kg,
        mag_vol * rho_m,
        sc[L.SC_ROTOR_IRON_KG] * k,
        sc[L.SC_CP_COPPER],
        sc[L.SC_CP_STEEL],
        sc[L.SC_CP_MAGNET],
    )
    out[L.P_TURNS] = turns
    out[L.P_R20_OHM] = phase_resistance_ohm(sc[L.SC_RHO_CU_OHM_M], turns, mean_turn, wire_area)
    out[L.P_FE_MASS_KG] = stator_kg
    out[L.P_MAG_VOL_M3] = mag_vol
    # slot liner, gap, stator-housing interface and rotor surface scale with the stack; housing unchanged
    out[L.P_G_WS] = template[L.P_G_WS] * k
    out[L.P_G_SM] = template[L.P_G_SM] * k
    out[L.P_G_SH] = template[L.P_G_SH] * k
    out[L.P_G_MA] = template[L.P_G_MA] * k
    out[L.P_C_WINDING] = c_w
    out[L.P_C_STATOR] = c_s
    out[L.P_C_MAGNET] = c_m
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
    """(finished cost USD/kg, heavy rare earth wt%) of an alloy row (wt%) with its GBD addition at the
    chain's prices (kernels/cost.py, the cost model of magphys.economics.bill_of_materials)."""
    gbd = micro[L.M_GBD_WT] if micro[L.M_GBD_KIND] != L.GBD_NONE else 0.0
    _raw, _blank, usd_per_kg, hree_wt = magnet_cost_usd_per_kg(
        comp,
        gbd,
        cs[L.CS_GBD_ADD : L.CS_GBD_ADD + L.N_ELEM],
        cs[L.CS_PRICE : L.CS_PRICE + L.N_ELEM],
        cs[L.CS_HREE : L.CS_HREE + L.N_ELEM],
        processing_usd_per_kg(cs[L.CS_PROC_USD_PER_KG], cs[L.CS_GBD_STEP_USD_PER_KG], gbd),
        cs[L.CS_YIELD],
    )
    return usd_per_kg, hree_wt


@register_jitable
def design_point(comp, micro, table, template, sc, duty, cs, fluid, rec, mot, op, out):
    """One design through the whole chain; fills ``out`` (layout.CH_*), returns a status: the motor's
    (OK, NOT_CONVERGED, THERMAL_RUNAWAY, CURRENT_LIMIT, VOLTAGE_LIMIT), OUT_OF_RANGE (alloy, geometry
    or mover duty outside the model), INSUFFICIENT_COOLING (the plant cannot reject the heat) or
    DOES_NOT_FIT (more movers than the rack holds; the rack's values are those of the duty). ``rec``,
    ``mot`` and ``op`` are this point's scratch magnet record, motor record and operating point; ``rec``
    holds the magnet on entry when CS_FROM_COMPOSITION is 0."""
    for i in range(L.N_CH):
        out[i] = math.nan
    if cs[L.CS_FROM_COMPOSITION] > 0.0:
        composition_record(comp, micro, table, rec)
    if rec[L.R_STATUS] != st.OK:
        return st.OUT_OF_RANGE
    js20, _ha20, mk20, _me20, _mn20 = intrinsic_at(rec, 293.15)
    out[L.CH_BR_T] = remanence(rec, js20, mk20)
    t_check = cs[L.CS_CHECK_T_K]
    code, hcj, _conv, _js_t, _ha_n, _mk_n, _bt, _br, _cr, _h1, _iw, _hmax, _ha_t = coercivity_at(rec, t_check)
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
    out[L.CH_HREE_G] = content_g(mass, hree_wt)

    speed = duty[L.DU_SPEED_RPM]
    rho = cp = q = 0.0
    if cs[L.CS_COOLING] > 0.0:
        x = duty[L.DU_FLOW_FRACTION]
        dt = duty[L.DU_DELTA_T_K]
        t_in = duty[L.DU_MEDIUM_K]
        rho = fluid_at(fluid, cs, t_in)[0]
        cp = fluid_at(fluid, cs, t_in + 0.5 * dt)[1]
        mv = cs[L.CS_MOVER : L.CS_MOVER + L.N_MV]
        if not (
            mv[L.MV_X_MIN] <= x <= mv[L.MV_X_MAX]
            and speed > 0.0
            and dt > 0.0
            and rho > 0.0
            and cp > 0.0
            and duty[L.DU_RACK_IT_W] > 0.0
        ):
            return st.OUT_OF_RANGE
        q, p_s, shaft = mover_duty(mv, speed, x, rho)
        torque = mover_torque_nm(shaft, speed, 1.0)
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
        served, movers, cooling_w, rack_heat_w, ppue = mover_rack(
            stream_heat_w(rho, q, cp, duty[L.DU_DELTA_T_K]), heat, p_in, duty[L.DU_RACK_IT_W]
        )
        out[L.CH_HEAT_TO_STREAM_W] = heat
        out[L.CH_IT_PER_MOVER_W] = served
        if not served > 0.0:  # the mover heats its stream more than the design rise allows
            return st.OUT_OF_RANGE
        out[L.CH_MOVERS] = movers
        out[L.CH_RACK_COOLING_W] = cooling_w
        out[L.CH_RACK_HEAT_W] = rack_heat_w
        out[L.CH_PPUE] = ppue
        out[L.CH_RACK_MAGNET_USD] = movers * mass * usd_per_kg
        out[L.CH_RACK_HREE_G] = content_g(movers * mass, hree_wt)
        out[L.CH_RACK_ENERGY_USD_YR] = cooling_w * 1e-3 * HOURS_PER_YEAR * cs[L.CS_USD_PER_KWH]
        if cs[L.CS_PLANT_ON] > 0.0:
            plant_w, site_ppue, deficit = rack_plant(cs, duty[L.DU_RACK_IT_W], rack_heat_w, movers, p_in, heat, q, t_in)
            out[L.CH_PLANT_W] = plant_w
            out[L.CH_SITE_PPUE] = site_ppue
            if deficit > 0.0:
                return st.INSUFFICIENT_COOLING
        # the values stay: they say what the duty would need; the status says the rack cannot hold it
        if movers > cs[L.CS_MOVERS_FIT]:
            return st.DOES_NOT_FIT
    return status


@register_jitable
def rack_plant(cs, rack_it_w, rack_heat_w, movers, p_in, heat_to_stream, q, t_in_k):
    """The plant behind one chain rack (kernels/plant.py ``plant_power``, what magphys.cooling.Plant.serve
    evaluates): (plant W, site partial PUE, deficit W). Fans' streams are room air (to the CRAHs, supplied at
    the stream inlet), pumps' the coolant (to the CDUs); the movers' losses that miss their stream heat the room.
    The partial PUE counts in-server fans as IT load (The Green Grid) and pumps as facility cooling."""
    pl = cs[L.CS_PLANT : L.CS_PLANT + L.N_PL]
    room = movers * (p_in - heat_to_stream)
    if cs[L.CS_AIR_STREAM] > 0.0:
        crah, pumps, chill, fans, deficit, _f, _w, _t, _c = plant_power(
            rack_heat_w + room, movers * q, t_in_k - ZERO_C_K, 0.0, pl
        )
        it_load = rack_it_w + movers * p_in
        facility = 0.0
    else:
        crah, pumps, chill, fans, deficit, _f, _w, _t, _c = plant_power(room, 0.0, cs[L.CS_ROOM_AIR_C], rack_heat_w, pl)
        it_load = rack_it_w
        facility = movers * p_in
    plant = crah + pumps + chill + fans
    return plant, (it_load + facility + plant) / it_load, deficit
