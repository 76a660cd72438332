"""The cooling plant behind the racks: CDU heat exchanger, CRAH coils, heat rejection to the outdoor air
(dry coolers, cooling towers) and a chiller where free cooling cannot reach the facility-water supply. The one
source of the relations ``magphys.cooling.Plant`` evaluates.

Scalar ``register_jitable`` code: the CPU and CUDA kernels can compile it, the Python objects call it as plain
Python with floats. Temperatures in K or degC as each docstring says (differences are the same in both).
"""

import math

from numba.extending import register_jitable


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
