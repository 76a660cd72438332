"""The cooling plant behind the racks: CDU heat exchanger, CRAH coils, heat rejection to the outdoor air
(dry coolers, cooling towers) and a chiller where free cooling cannot reach the facility-water supply. The one
source of the relations ``magphys.cooling.Plant`` evaluates.

Scalar ``register_jitable`` code: the CPU and CUDA kernels can compile it, the Python objects call it as plain
Python with floats. Temperatures in K or degC as each docstring says (differences are the same in both).
"""

import math

from numba.extending import register_jitable

from . import layout as L
from . import status as st
from .constants import ZERO_C_K


@register_jitable
def counterflow_effectiveness(ntu, c_ratio):
    """Effectiveness of a counterflow heat exchanger.

    Parameters
    ----------
    ntu : float
        Number of transfer units UA / C_min (>= 0).
    c_ratio : float
        C_min / C_max (0..1).

    Returns
    -------
    float
        eps = (1 - exp(-NTU (1 - Cr))) / (1 - Cr exp(-NTU (1 - Cr))), and NTU / (1 + NTU) at Cr = 1
        (Incropera & DeWitt, Fundamentals of Heat and Mass Transfer, 6th ed., Table 11.3).
    """
    if c_ratio > 1.0 - 1e-9:
        return ntu / (1.0 + ntu)
    e = math.exp(-ntu * (1.0 - c_ratio))
    return (1.0 - e) / (1.0 - c_ratio * e)


@register_jitable
def hx_cold_outlet(heat_w, c_hot, c_cold, ua, t_cold_in):
    """A counterflow exchanger that must pass ``heat_w`` from a hot stream (capacity rate ``c_hot`` W/K) to a
    cold one (``c_cold``) entering at ``t_cold_in``: (hot inlet, hot outlet, cold outlet).

    With eps from ``counterflow_effectiveness(UA / C_min, C_min / C_max)``, the duty Q = eps C_min (T_h,in -
    T_c,in) fixes the hot inlet; the outlets follow from the two stream balances. The approach of a CDU is
    T_h,out - T_c,in (technology-coolant supply over facility-water supply)."""
    c_min = min(c_hot, c_cold)
    eps = counterflow_effectiveness(ua / c_min, c_min / max(c_hot, c_cold))
    t_hot_in = t_cold_in + heat_w / (eps * c_min)
    return t_hot_in, t_hot_in - heat_w / c_hot, t_cold_in + heat_w / c_cold


@register_jitable
def chiller_cop(t_evap_k, t_cond_k, carnot_fraction, cop_max):
    """Chiller COP at an evaporating and condensing temperature.

    Returns
    -------
    float
        min(cop_max, f T_e / (T_c - T_e)): a fraction f of the Carnot COP (real chillers reach 0.5-0.7 of it), and
        ``cop_max`` where the lift becomes small (compressor, motor and drive losses do not vanish with the lift).
        The lift T_c - T_e must be positive; a non-positive lift needs no chiller (callers use free cooling).

    References
    ----------
    Carnot COP of refrigeration T_e / (T_c - T_e); fraction of Carnot of vapour-compression chillers 0.5-0.7
    (docs/research/issue14_sources.md, section 6).
    """
    lift = t_cond_k - t_evap_k
    if not lift > 0.0:
        return cop_max
    return min(cop_max, carnot_fraction * t_evap_k / lift)


@register_jitable
def water_side_economizer(heat_w, t_supply_c, t_return_c, t_sink_c, approach_k):
    """Split of the facility-water heat between free cooling and the chiller.

    Parameters
    ----------
    heat_w : float
        Heat the facility water carries from t_return_c down to t_supply_c, W.
    t_supply_c, t_return_c : float
        Facility-water supply and return temperatures.
    t_sink_c : float
        Temperature of the heat sink the free cooler works against (dry-bulb for dry coolers, wet-bulb for towers).
    approach_k : float
        Approach of the free cooler: the coldest water it delivers is t_sink + approach.

    Returns
    -------
    (free_w, chiller_w) : tuple of float
        The free cooler cools the return water as far as t_sink + approach (an integrated economizer in series
        before the chiller); the chiller takes the rest down to the supply. The water's heat is linear in its
        temperature (constant cp).
    """
    span = t_return_c - t_supply_c
    t_free = t_sink_c + approach_k
    if t_free <= t_supply_c:
        return heat_w, 0.0
    if t_free >= t_return_c:
        return 0.0, heat_w
    free = heat_w * (t_return_c - t_free) / span
    return free, heat_w - free


@register_jitable
def free_cooler_fan_w(heat_w, design_w_per_w, t_supply_c, t_return_c, t_sink_c, approach_k):
    """Fan power of a dry cooler or tower rejecting ``heat_w`` of water cooled from t_return to t_supply.

    At design the cooler brings the water to sink + approach with the mean water-to-sink difference
    approach + range / 2 and draws ``design_w_per_w`` per watt. With a larger difference (a colder sink) the same
    coil needs proportionally less air (Q ~ m_air dT) and the fans, by the affinity laws, the cube of that:
    P = design x heat x min(1, dT_design / dT)^3.
    """
    span = t_return_c - t_supply_c
    d_design = approach_k + 0.5 * span
    d_actual = 0.5 * (t_supply_c + t_return_c) - t_sink_c
    r = 1.0 if d_actual <= d_design else d_design / d_actual
    return design_w_per_w * heat_w * r * r * r


@register_jitable
def circuit_power(heat_w, t_supply_c, pl):
    """One water circuit of the plant (layout.PL_* settings ``pl``) carrying ``heat_w`` back from t_supply + the
    facility rise: (pump W, free-cooled W, chiller compressor W, heat-rejection fan W, deficit W, COP).

    Its pumps add their work to the water; the economizer free-cools the water as far as sink + approach
    (``water_side_economizer``); the chiller, where there is one, takes the rest at ``chiller_cop`` (evaporating
    under the supply, condensing over the free cooler's leaving temperature) and its condenser rejects the heat
    plus the compressor's work through the same coolers; without a chiller the rest is a deficit. The coolers'
    fans run at design air flow while the chiller runs and slow down with free cooling alone
    (``free_cooler_fan_w``)."""
    if not heat_w > 0.0:
        return 0.0, 0.0, 0.0, 0.0, 0.0, math.nan
    dt = pl[L.PL_DELTA_T_K]
    pump = heat_w * pl[L.PL_PUMP_W_PER_W]
    water = heat_w + pump
    free, chill = water_side_economizer(water, t_supply_c, t_supply_c + dt, pl[L.PL_SINK_C], pl[L.PL_APPROACH_K])
    deficit = 0.0
    if chill > 0.0 and not pl[L.PL_CHILLER] > 0.0:
        deficit = chill
        chill = 0.0
    comp = 0.0
    cop = math.nan
    if chill > 0.0:
        t_evap = t_supply_c - pl[L.PL_EVAP_APPROACH_K] + ZERO_C_K
        t_cond = pl[L.PL_SINK_C] + pl[L.PL_APPROACH_K] + pl[L.PL_COND_APPROACH_K] + ZERO_C_K
        cop = chiller_cop(t_evap, t_cond, pl[L.PL_CARNOT_FRACTION], pl[L.PL_COP_MAX])
        comp = chill / cop
        fans = pl[L.PL_REJECTION_W_PER_W] * (water + comp)
    else:
        fans = free_cooler_fan_w(
            water, pl[L.PL_REJECTION_W_PER_W], t_supply_c, t_supply_c + dt, pl[L.PL_SINK_C], pl[L.PL_APPROACH_K]
        )
    return pump, free, comp, fans, deficit, cop


@register_jitable
def plant_power(air_heat_w, air_flow_m3_s, air_supply_c, liquid_heat_w, pl):
    """The plant's draw for room air returning ``air_heat_w`` in ``air_flow_m3_s`` (supplied at ``air_supply_c``)
    and ``liquid_heat_w`` handed over in the CDUs: (CRAH fans, facility pumps, chiller, heat-rejection fans,
    deficit, free-cooled water heat, all water heat, chilled-water supply degC, COP), all W but the last two.

    The CDUs' facility water circuit runs at the facility supply; the CRAHs' at the chilled-water temperature
    min(facility supply, supply air - CRAH approach), their fans' work joining the heat they move
    (``circuit_power`` for each)."""
    t_chw = min(pl[L.PL_SUPPLY_C], air_supply_c - pl[L.PL_CRAH_APPROACH_K])
    crah = pl[L.PL_CRAH_W_PER_M3_S] * air_flow_m3_s
    p1, f1, c1, r1, d1, cop1 = circuit_power(liquid_heat_w, pl[L.PL_SUPPLY_C], pl)
    air_water = air_heat_w + crah
    p2, f2, c2, r2, d2, cop2 = circuit_power(air_water, t_chw, pl)
    water = (max(liquid_heat_w, 0.0) + max(air_water, 0.0)) * (1.0 + pl[L.PL_PUMP_W_PER_W])
    cop = cop2 if c2 > 0.0 else cop1
    return crah, p1 + p2, c1 + c2, r1 + r2, d1 + d2, f1 + f2, water, t_chw, cop


@register_jitable
def plant_hour(pl, sink_c, air_heat_w, air_flow_m3_s, air_supply_c, liquid_heat_w, scratch, out):
    """One hour of a plant: ``plant_power`` with the free cooler's sink at the hour's ``sink_c`` (dry-bulb for a
    dry cooler, wet-bulb for a tower), every other setting from ``pl``. Fills ``out`` (layout.PH_*) and
    returns OK, or INSUFFICIENT_COOLING where heat is left over (a plant without a chiller on a hot hour).
    ``scratch`` (N_PL) holds the hour's settings."""
    for i in range(L.N_PL):
        scratch[i] = pl[i]
    scratch[L.PL_SINK_C] = sink_c
    crah, pumps, chill, fans, deficit, free, _water, _t, _cop = plant_power(
        air_heat_w, air_flow_m3_s, air_supply_c, liquid_heat_w, scratch
    )
    out[L.PH_CRAH_W] = crah
    out[L.PH_PUMPS_W] = pumps
    out[L.PH_CHILLER_W] = chill
    out[L.PH_REJECTION_W] = fans
    out[L.PH_DEFICIT_W] = deficit
    out[L.PH_FREE_W] = free
    return st.INSUFFICIENT_COOLING if deficit > 0.0 else st.OK
