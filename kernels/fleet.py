"""Fleet over a year: every motor of a fleet through an hourly climate and load series, the time loop
inside the kernel.

Per motor, a table of coupled operating points (``motor.operating_point``, the full electro-thermal
fixed point) over speed fraction x medium temperature is built first; the hourly loop then
interpolates it bilinearly. The movers follow the fan/pump laws (flow ~ s, torque ~ s^2) and a
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
from .motor import operating_point, permeance_coefficient

NEAR_PEAK_K = 2.0  # hours within this of the peak magnet temperature count as the hold time at the peak


@register_jitable
def fleet_tables(mot, mag, mem, t_lo_k, t_hi_k, table, op):
    """Fill ``table[(i_s * FLEET_NT + i_t), :]`` with (input W, magnet K) at the node speeds and medium
    temperatures; a failed point (runaway, current or voltage limit) stores NaN. Returns the worst status."""
    worst = st.OK
    for i_s in range(L.FLEET_NS):
        s = mem[L.FL_S_MIN] + (1.0 - mem[L.FL_S_MIN]) * i_s / (L.FLEET_NS - 1)
        for i_t in range(L.FLEET_NT):
            t = t_lo_k + (t_hi_k - t_lo_k) * i_t / (L.FLEET_NT - 1)
            code = operating_point(mot, mag, s * mem[L.FL_RATED_RPM], mem[L.FL_TORQUE1_NM] * s * s, t, op)
            k = i_s * L.FLEET_NT + i_t
            if code == st.OK or code == st.NOT_CONVERGED:
                table[k, 0] = op[L.OP_P_IN_W]
                table[k, 1] = op[L.OP_T_MAGNET_K]
            else:
                table[k, 0] = math.nan
                table[k, 1] = math.nan
                worst = code
    return worst


@register_jitable
def _interp(table, j, s, s_min, t, t_lo_k, t_hi_k):
    fs = (s - s_min) / (1.0 - s_min) * (L.FLEET_NS - 1)
    i_s = min(max(int(fs), 0), L.FLEET_NS - 2)
    ws = fs - i_s
    ft = (t - t_lo_k) / (t_hi_k - t_lo_k) * (L.FLEET_NT - 1)
    i_t = min(max(int(ft), 0), L.FLEET_NT - 2)
    wt = ft - i_t
    k = i_s * L.FLEET_NT + i_t
    return ((1.0 - ws) * ((1.0 - wt) * table[k, j] + wt * table[k + 1, j])
            + ws * ((1.0 - wt) * table[k + L.FLEET_NT, j] + wt * table[k + L.FLEET_NT + 1, j]))


@register_jitable
def _hour(mem, climate_k, load):
    """(speed fraction, medium temperature K, insufficient flag) of one hour."""
    t_in = min(max(climate_k + mem[L.FL_APPROACH_K], mem[L.FL_INLET_MIN_K]), mem[L.FL_INLET_MAX_K])
    dt_d = mem[L.FL_DT_DESIGN_K]
    allowed = mem[L.FL_OUTLET_LIMIT_K] - t_in  # holding the outlet: a cooler inlet allows a larger rise
    short = 0
    if allowed <= 0.0:
        s = 1.0
        short = 1
    else:
        s = mem[L.FL_S_DESIGN] * load * dt_d / allowed
        if s > 1.0:
            s = 1.0
            short = 1
    if s < mem[L.FL_S_MIN]:
        s = mem[L.FL_S_MIN]
    rise = dt_d * load * mem[L.FL_S_DESIGN] / s
    t_med = t_in + rise if mem[L.FL_AT_OUTLET] > 0.0 else t_in
    return s, t_med, short


@register_jitable
def fleet_run(mot, mag, mem, climate_k, load, table, op, out):
    """One motor through the year; fills ``out`` (layout.FO_*). Returns OK or the status of a failed
    table point the year reached (then the outputs are NaN)."""
    for i in range(L.N_FO):
        out[i] = math.nan
    n = climate_k.shape[0]
    # the medium-temperature range the year visits
    t_lo = 1e9
    t_hi = -1e9
    for h in range(n):
        r = _hour(mem, climate_k[h], load[h])
        t_lo = min(t_lo, r[1])
        t_hi = max(t_hi, r[1])
    if t_hi - t_lo < 1.0:
        t_hi = t_lo + 1.0
    worst = fleet_tables(mot, mag, mem, t_lo, t_hi, table, op)
    energy = 0.0
    peak_t = -1.0
    peak_p = 0.0
    above = 0.0
    short = 0.0
    for h in range(n):
        r = _hour(mem, climate_k[h], load[h])
        p = _interp(table, 0, r[0], mem[L.FL_S_MIN], r[1], t_lo, t_hi)
        tm = _interp(table, 1, r[0], mem[L.FL_S_MIN], r[1], t_lo, t_hi)
        if not (p == p and tm == tm):
            return worst
        energy += p
        peak_p = max(peak_p, p)
        peak_t = max(peak_t, tm)
        if tm > mem[L.FL_T_SAFE_K]:
            above += 1.0
        short += r[2]
    near = 0.0
    for h in range(n):
        r = _hour(mem, climate_k[h], load[h])
        if _interp(table, 1, r[0], mem[L.FL_S_MIN], r[1], t_lo, t_hi) >= peak_t - NEAR_PEAK_K:
            near += 1.0
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
