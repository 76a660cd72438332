"""Drive losses: the inverter and, on a mains supply, the rectifier and power-factor-correction stage.

One model for the PM motor's drive and the induction motor's VFD (IEC 61800-9-2 splits a complete drive
module's losses the same way: semiconductor conduction, growing with the current and its square,
switching, growing with the current at a given DC-link voltage and switching frequency, a fixed part for
control, gate drive and cooling, and the input rectifier).
"""

from numba.extending import register_jitable


@register_jitable
def inverter_loss_w(r_on_ohm, switching_w_per_a, fixed_w, current_a):
    """Inverter losses, W: 3 R_on I^2 (conduction of the switch in each phase's path) + k_sw I (switching,
    and the threshold part of the conduction drop) + P_0 (control, gate drive).

    Parameters
    ----------
    r_on_ohm : float
        Conduction resistance in one phase's path (a high- or low-side switch), Ohm.
    switching_w_per_a : float
        Losses per A rms of phase current, W/A.
    fixed_w : float
        Losses independent of the load, W.
    current_a : float
        Phase current, A rms.
    """
    return 3.0 * r_on_ohm * current_a * current_a + switching_w_per_a * current_a + fixed_w


@register_jitable
def supply_loss_w(dc_power_w, dc_bus_v, rect_drop_v, pfc_loss_frac):
    """Losses of the input stage delivering ``dc_power_w`` to a DC link of ``dc_bus_v``, W.

    A diode bridge conducts the DC current through ``rect_drop_v`` (two diode drops): P = V_drop P_dc / V_dc;
    a boost power-factor-correction stage loses ``pfc_loss_frac`` of what it passes. A DC supply has
    neither (both 0)."""
    if dc_power_w <= 0.0:
        return 0.0
    return rect_drop_v * dc_power_w / dc_bus_v + pfc_loss_frac * dc_power_w
