"""The sizing search over the generated space: every candidate of a grid generated (generate.py), run at the
duty (motor.py), checked against the envelope, the supply, the drive, the winding and the demagnetization
events, and the least objective (magnet cost + the lifetime cost of the losses) kept.

Scalar ``register_jitable`` code shared by the CPU, CUDA and pure-Python paths; one (duty, magnet) pair per
call, the candidates in order, so the result does not depend on threads.

Demagnetization events (constraints.EV_*): a stall at the drive's overload current (1.5 x the motor's rated
current, the drive's limit set from the nameplate) and a short circuit at
the duty speed with the transient current, each at the coldest magnet (standstill in the coldest
medium) and at the hottest (the steady point in the hot check's medium), held until the drive's protection
trips; the whole current on the demagnetizing d axis. The worst event's irreversible loss must stay within
the limit.
"""

import math

from numba.extending import register_jitable

from . import constraints as bc
from . import layout as L
from . import status as st
from .demag import irreversible_loss_point
from .generate import generate
from .motor import (
    armature_field_per_amp,
    flux_at,
    max_phase_voltage,
    operating_point,
    permeance_coefficient,
    phase_voltage,
    short_circuit_transient_current,
)

MIN_HOLD_S = 1.0  # the shortest hold the magnet model's thermal activation covers (kernels/demag.py)
PRUNED = -1  # evaluate's mask of a candidate that cannot beat the best found, or lies outside the space
DRIVE_OVERLOAD = 1.5  # R: heavy-duty overload of a drive, 150 % of rated current for 60 s (IEC 61800-2 duty cycles)


@register_jitable
def material_cost(env, gi):
    """Magnet, copper and laminations of a generated candidate, USD."""
    return (
        env[L.GE_PRICE_USD_PER_KG] * gi[L.GI_MAGNET_KG]
        + env[L.GE_COPPER_USD_PER_KG] * gi[L.GI_COPPER_KG]
        + env[L.GE_STEEL_USD_PER_KG] * gi[L.GI_IRON_KG]
    )


@register_jitable
def evaluate(cand, env, mag, dv, gi, rec, op, bound):
    """(failed-constraint mask, objective) of one candidate; ``op`` holds its point at the duty.

    With a feasible best of objective ``bound`` already found (else inf), a candidate that cannot beat it is
    not run at the duty: one whose geometry fails, or whose materials alone cost more (mask PRUNED)."""
    if cand[L.GC_POLE_PAIRS] * env[L.GE_SPEED_RPM] / 60.0 > env[L.GE_F_E_MAX_HZ]:
        return 1 << bc.BC_DRIVE_FREQUENCY, math.inf
    if not generate(cand, env, mag, dv, gi, rec):
        return 1 << bc.BC_GEOMETRY, math.inf
    mask = 0
    if gi[L.GI_OUTER_D_M] > env[L.GE_ENV_OD_M]:
        mask |= 1 << bc.BC_ENVELOPE_DIAMETER
    if gi[L.GI_LENGTH_M] > env[L.GE_ENV_LENGTH_M]:
        mask |= 1 << bc.BC_ENVELOPE_LENGTH
    if bound < math.inf and (mask != 0 or material_cost(env, gi) >= bound):
        return PRUNED, math.inf
    rec[L.P_LIMITS_ON] = 0.0
    status = operating_point(rec, mag, env[L.GE_SPEED_RPM], env[L.GE_TORQUE_NM], env[L.GE_AMBIENT_K], op)
    if status != st.OK:
        return mask | (1 << bc.BC_WINDING_TEMPERATURE), math.inf
    if op[L.OP_T_WINDING_K] > env[L.GE_MAX_WINDING_K]:
        mask |= 1 << bc.BC_WINDING_TEMPERATURE
    current = op[L.OP_CURRENT_A]
    if current > env[L.GE_I_MAX_A]:
        mask |= 1 << bc.BC_DRIVE_CURRENT
    omega = env[L.GE_SPEED_RPM] * 2.0 * math.pi / 60.0
    v = phase_voltage(rec, mag, op[L.OP_KT_NM_PER_A], omega, current, op[L.OP_T_WINDING_K])
    if v > max_phase_voltage(rec):
        mask |= 1 << bc.BC_SUPPLY_VOLTAGE
    loss = op[L.OP_P_IN_W] - op[L.OP_P_SHAFT_W]
    return mask, material_cost(env, gi) + env[L.GE_LOSS_USD_PER_W] * loss


@register_jitable
def event_loss(mag, temp_k, pc, h_applied, hold_s):
    """Irreversible loss of one event (1 where the magnet model cannot say: outside its range). Holds shorter
    than the magnet model's shortest (1 s) are taken as 1 s: a longer hold loses more, so the check errs safe."""
    if not (mag[L.R_T_MIN_K] <= temp_k < mag[L.R_T_MAX_K]):
        return 1.0
    loss, status = irreversible_loss_point(mag, temp_k, pc, h_applied, max(hold_s, MIN_HOLD_S))
    if status != st.OK:
        return 1.0
    # the loss is a difference of reversed fractions: below 1e-12 it is rounding, and the worst event of
    # several lossless ones must not depend on it
    return loss if loss > 1e-12 else 0.0


@register_jitable
def event_currents(rec, mag, t_magnet_k, t_winding_k, speed_rpm, i_rated_a, trip_s, sc_peak):
    """(stall current, short-circuit current) of the demagnetization events, A rms: the drive's overload
    current (its limit set to the motor's rated current ``i_rated_a``, as drives are parameterised from the
    nameplate) with the rotor locked, and a sudden short circuit at the duty speed until the protection trips."""
    kt = flux_at(rec, mag, t_magnet_k)[2]
    i_sc = short_circuit_transient_current(rec, kt, mag[L.R_MU_REC], speed_rpm, t_winding_k, trip_s, sc_peak)
    return DRIVE_OVERLOAD * i_rated_a, i_sc


@register_jitable
def event_losses(rec, mag, t_cold_k, t_hot_k, i_stall, i_sc_cold, i_sc_hot, stall_s, trip_s):
    """Irreversible losses (stall cold, stall hot, short cold, short hot) of a motor record for the events'
    currents (``event_currents``): the whole event current on the demagnetizing d axis, the reverse field
    per A from the winding's MMF, at the magnet's permeance coefficient."""
    pc = permeance_coefficient(rec)
    h_per_a = armature_field_per_amp(rec)
    return (
        event_loss(mag, t_cold_k, pc, h_per_a * i_stall, stall_s),
        event_loss(mag, t_hot_k, pc, h_per_a * i_stall, stall_s),
        event_loss(mag, t_cold_k, pc, h_per_a * i_sc_cold, trip_s),
        event_loss(mag, t_hot_k, pc, h_per_a * i_sc_hot, trip_s),
    )


@register_jitable
def demag_worst(env, mag, rec, op_hot):
    """(worst irreversible loss, its event EV_*, hottest magnet K) of a candidate whose record is ``rec``:
    the steady point in the hot check's medium sets the hottest magnet and winding."""
    rec[L.P_LIMITS_ON] = 0.0
    status = operating_point(rec, mag, env[L.GE_SPEED_RPM], env[L.GE_TORQUE_NM], env[L.GE_HOT_K], op_hot)
    if status != st.OK:
        return 1.0, bc.EV_STALL_HOT, math.nan
    t_hot = op_hot[L.OP_T_MAGNET_K]
    t_cold = max(env[L.GE_COLD_K], mag[L.R_T_MIN_K])
    speed, i_rated, trip, peak = env[L.GE_SPEED_RPM], op_hot[L.OP_CURRENT_A], env[L.GE_TRIP_S], env[L.GE_SC_PEAK]
    i_stall, i_sc_cold = event_currents(rec, mag, t_cold, t_cold, speed, i_rated, trip, peak)
    _, i_sc_hot = event_currents(rec, mag, t_hot, op_hot[L.OP_T_WINDING_K], speed, i_rated, trip, peak)
    losses = event_losses(rec, mag, t_cold, t_hot, i_stall, i_sc_cold, i_sc_hot, env[L.GE_STALL_S], trip)
    worst = losses[0]
    event = bc.EV_STALL_COLD
    if losses[1] > worst:
        worst = losses[1]
        event = bc.EV_STALL_HOT
    if losses[2] > worst:
        worst = losses[2]
        event = bc.EV_SHORT_COLD
    if losses[3] > worst:
        worst = losses[3]
        event = bc.EV_SHORT_HOT
    return worst, event, t_hot


@register_jitable
def copy_row(src, dst):
    """dst[:] = src[: len(dst)] (no slicing assignment on the CUDA target)."""
    for i in range(dst.shape[0]):
        dst[i] = src[i]


@register_jitable
def search_pair(env, cands, c0, c1, mag, dv, gi, rec, op, op_hot, res, best_op, best_dv, best_gi):
    """Search candidates ``cands[c0:c1]`` for one (duty, magnet) pair; fills ``res`` (layout.SR_*) and the
    best candidate's point, design vector and geometry (NaN rows where none is feasible).

    The least objective among the feasible candidates is exact: a candidate's demagnetization events are
    evaluated whenever it meets every other constraint and beats the best so far. While no candidate is
    feasible, a candidate that fails one constraint has its demagnetization evaluated too, so the binding
    constraint reported is one whose relaxation alone admits that candidate."""
    for i in range(L.N_SR):
        res[i] = 0.0
    for i in range(L.N_OP):
        best_op[i] = math.nan
    for i in range(L.N_DV):
        best_dv[i] = math.nan
    for i in range(L.N_GI):
        best_gi[i] = math.nan
    best = -1
    best_obj = math.inf
    n_ok = 0
    single_code = bc.BC_NONE
    single_obj = math.inf
    n_single = 0
    fewest = 99
    fewest_code = bc.BC_NONE
    limit = env[L.GE_LOSS_LIMIT]
    for k in range(c0, c1):
        mask, obj = evaluate(cands[k], env, mag, dv, gi, rec, op, best_obj)
        if mask == PRUNED:
            continue
        if mask == 0:
            n_ok += 1
            if obj >= best_obj:
                continue
            loss, event, t_hot = demag_worst(env, mag, rec, op_hot)
            if loss <= limit:
                best = k
                best_obj = obj
                res[L.SR_DEMAG_LOSS] = loss
                res[L.SR_DEMAG_EVENT] = event
                res[L.SR_HOT_MAGNET_K] = t_hot
                res[L.SR_CURRENT_DENSITY] = op[L.OP_CURRENT_A] / (dv[L.DV_WIRE_AREA_M2] * 1e6)
                copy_row(op, best_op)
                copy_row(dv, best_dv)
                copy_row(gi, best_gi)
                continue
            mask = 1 << bc.BC_DEMAGNETIZATION
        if best >= 0:
            continue
        # infeasible so far: which constraint alone keeps this candidate out
        count = 0
        code = bc.BC_NONE
        for c in range(1, bc.N_BC):
            if mask & (1 << c):
                count += 1
                code = c
        if count == 1 and code != bc.BC_DEMAGNETIZATION and code != bc.BC_GEOMETRY and code != bc.BC_DRIVE_FREQUENCY:
            # everything else holds: does it survive the demagnetization events?
            loss, _event, _t = demag_worst(env, mag, rec, op_hot)
            if loss > limit:
                count = 2
        if count == 1:
            n_single += 1
            if obj < single_obj or single_code == bc.BC_NONE:
                single_obj = obj
                single_code = code
        if count < fewest:
            fewest = count
            fewest_code = code
    res[L.SR_BEST] = best
    res[L.SR_OBJECTIVE] = best_obj if best >= 0 else math.nan
    res[L.SR_N_FEASIBLE] = n_ok
    if best >= 0:
        res[L.SR_BINDING] = bc.BC_NONE
    elif single_code != bc.BC_NONE:
        res[L.SR_BINDING] = single_code
        res[L.SR_N_SINGLE] = n_single
    else:
        res[L.SR_BINDING] = fewest_code
        res[L.SR_N_SINGLE] = 0
