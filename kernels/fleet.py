"""Fleet over a year: every motor of a fleet through an hourly climate and load series, the time loop
inside the kernel.

Per motor, a table of coupled operating points (``motor.operating_point``, the full electro-thermal
fixed point) over speed fraction x medium temperature is built first; the hourly loop then
interpolates it bilinearly. The movers follow the fan/pump laws (flow ~ s, torque ~ s^2 times the Reynolds
correction of kernels/mover.py) and a
controller that holds the design outlet temperature (servers control fans on component temperatures,
which sit a fixed step above the outlet air): flow ~ load / (outlet limit - inlet), never below the
drive's minimum speed. The movers' own heat is
left out of the stream's temperature rise (it is a few % of the IT heat; the rack solve includes it).
"""

import math

from numba.extending import register_jitable

from . import layout as L
from . import status as st
from .demag import irreversible_loss_point
from .motor import permeance_coefficient, solve_thermal, write_point
from .mover import reynolds_power_factor

# The hold time at the peak magnet temperature (for the thermally activated irreversible loss) counts each hour
# with weight exp(-(T_peak - T)/NEAR_PEAK_K): an hour 1 K under the peak counts ~0.6, 3 K under ~0.2, more
# than 8 K under not at all (E).
NEAR_PEAK_K = 2.0


@register_jitable
def fleet_tables(mot, mag, mem, t_lo_k, t_hi_k, table, op):
    """Fill ``table[(i_s * FLEET_NT + i_t), :]`` with (input W, magnet K) at the node speeds and medium
    temperatures. Returns the worst status (runaway, current or voltage limit) met at any node.
    Each fixed point starts from its neighbour's temperature rises (same answer, fewer passes)."""
    worst = st.OK
    if mag[L.R_STATUS] != st.OK:
        return st.OUT_OF_RANGE
    for i_s in range(L.FLEET_NS):
        s = mem[L.FL_S_MIN] + (1.0 - mem[L.FL_S_MIN]) * i_s / (L.FLEET_NS - 1)
        omega = s * mem[L.FL_RATED_RPM] * 2.0 * math.pi / 60.0
        torque = mem[L.FL_TORQUE1_NM] * s * s * reynolds_power_factor(mem[L.FL_ETA_PEAK], s)
        d_w = d_s = d_m = d_h = 0.0  # rises over the medium of the last converged neighbour
        for i_t in range(L.FLEET_NT):
            t = t_lo_k + (t_hi_k - t_lo_k) * i_t / (L.FLEET_NT - 1)
            r = solve_thermal(mot, mag, omega, torque, t, t + d_w, t + d_s, t + d_m, t + d_h, 0.0, t, t, t, t, 500)
            k = i_s * L.FLEET_NT + i_t
            if r[0] == st.OK or r[0] == st.NOT_CONVERGED:
                write_point(op, mot, omega, torque, t, r)
                table[k, 0] = op[L.OP_P_IN_W]
                table[k, 1] = op[L.OP_T_MAGNET_K]
                d_w, d_s, d_m, d_h = r[2] - t, r[3] - t, r[4] - t, r[5] - t
            else:
                table[k, 0] = math.nan
                table[k, 1] = math.nan
                worst = r[0]
    return worst


@register_jitable
def fleet_run(mot, mag, mem, climate_k, load, table, op, out):
    """One motor through the year; fills ``out`` (layout.FO_*). Returns OK, or the status of a table
    point the motor cannot run inside the year's envelope of speed and temperature (outputs NaN)."""
    for i in range(L.N_FO):
        out[i] = math.nan
    n = climate_k.shape[0]
    # the medium-temperature range the year can visit, from the climate's extremes: an outlet member sits
    # at the outlet limit while its movers have headroom, below it at minimum speed, above it when short
    c_lo = climate_k[0]
    c_hi = climate_k[0]
    l_hi = load[0]
    for h in range(1, n):
        c_lo = min(c_lo, climate_k[h])
        c_hi = max(c_hi, climate_k[h])
        l_hi = max(l_hi, load[h])
    in_lo = min(max(c_lo + mem[L.FL_APPROACH_K], mem[L.FL_INLET_MIN_K]), mem[L.FL_INLET_MAX_K])
    in_hi = min(max(c_hi + mem[L.FL_APPROACH_K], mem[L.FL_INLET_MIN_K]), mem[L.FL_INLET_MAX_K])
    t_lo = in_lo
    t_hi = in_hi
    if mem[L.FL_AT_OUTLET] > 0.0:
        t_hi = max(mem[L.FL_OUTLET_LIMIT_K], in_hi + mem[L.FL_DT_DESIGN_K] * mem[L.FL_S_DESIGN] * l_hi)
    if t_hi - t_lo < 1.0:
        t_hi = t_lo + 1.0
    worst = fleet_tables(mot, mag, mem, t_lo, t_hi, table, op)
    if worst != st.OK:  # the year's envelope holds a point the motor cannot run (no NaN tests: fastmath)
        return worst
    energy = 0.0
    peak_t = 0.0
    peak_p = 0.0
    above = 0.0
    short = 0.0
    near = 0.0  # hours weighted exp(-(peak - T)/NEAR_PEAK_K), rescaled whenever the running peak rises
    # one hour: the inlet follows the climate within [min, max]; the movers run at the speed that holds the
    # outlet (flow ~ load / allowed rise), between their minimum and full speed; then a bilinear table lookup
    s_min = mem[L.FL_S_MIN]
    s_d = mem[L.FL_S_DESIGN]
    dt_d = mem[L.FL_DT_DESIGN_K]
    approach = mem[L.FL_APPROACH_K]
    in_min = mem[L.FL_INLET_MIN_K]
    in_max = mem[L.FL_INLET_MAX_K]
    limit = mem[L.FL_OUTLET_LIMIT_K]
    safe = mem[L.FL_T_SAFE_K]
    at_outlet = mem[L.FL_AT_OUTLET] > 0.0
    fs_scale = (L.FLEET_NS - 1) / (1.0 - s_min)
    ft_scale = (L.FLEET_NT - 1) / (t_hi - t_lo)
    for h in range(n):
        t_in = min(max(climate_k[h] + approach, in_min), in_max)
        allowed = limit - t_in
        s = 1.0
        if allowed > 0.0:
            s = s_d * load[h] * dt_d / allowed
        if allowed <= 0.0 or s > 1.0:
            s = 1.0
            short += 1.0
        if s < s_min:
            s = s_min
        t_med = t_in + dt_d * load[h] * s_d / s if at_outlet else t_in
        fs = (s - s_min) * fs_scale
        i_s = min(max(int(fs), 0), L.FLEET_NS - 2)
        ws = fs - i_s
        ft = (t_med - t_lo) * ft_scale
        i_t = min(max(int(ft), 0), L.FLEET_NT - 2)
        wt = ft - i_t
        k = i_s * L.FLEET_NT + i_t
        w00 = (1.0 - ws) * (1.0 - wt)
        w01 = (1.0 - ws) * wt
        w10 = ws * (1.0 - wt)
        w11 = ws * wt
        k1 = k + L.FLEET_NT
        p = w00 * table[k, 0] + w01 * table[k + 1, 0] + w10 * table[k1, 0] + w11 * table[k1 + 1, 0]
        tm = w00 * table[k, 1] + w01 * table[k + 1, 1] + w10 * table[k1, 1] + w11 * table[k1 + 1, 1]
        energy += p
        peak_p = max(peak_p, p)
        if tm > peak_t:
            near = near * math.exp((peak_t - tm) / NEAR_PEAK_K) + 1.0
            peak_t = tm
        elif tm > peak_t - 4.0 * NEAR_PEAK_K:  # colder hours weigh < 2 %: skip their exp
            near += math.exp((tm - peak_t) / NEAR_PEAK_K)
        if tm > safe:
            above += 1.0
    loss, code = irreversible_loss_point(mag, peak_t, permeance_coefficient(mot), 0.0, 3600.0 * near)
    out[L.FO_ENERGY_KWH] = energy / 1000.0
    out[L.FO_PEAK_MAGNET_K] = peak_t
    out[L.FO_HOURS_ABOVE_SAFE] = above
    out[L.FO_HOURS_INSUFFICIENT] = short
    out[L.FO_PEAK_INPUT_W] = peak_p
    out[L.FO_MEAN_INPUT_W] = energy / n
    out[L.FO_IRREVERSIBLE_LOSS] = loss
    out[L.FO_HOURS_NEAR_PEAK] = near
    return st.OK if code == st.OK or code == st.NOT_CONVERGED else code
