"""The heat balance of a cooling stream and the rack a mover serves: the one source of the relations that
``magphys.cooling`` (DrivenMover.duty, Rack.solve) and the fused design chain (kernels/chain.py) both use.

Scalar ``register_jitable`` code: the CPU and CUDA kernels compile it, the Python objects call it as plain
Python with floats.
"""

import math

from numba.extending import register_jitable

# Rack geometry. EIA-310: 1 U = 44.45 mm; a 19-in rack's rail opening is 450.85 mm, so a server's front face
# holds fans across ~430 mm of chassis width (E = engineering choice: 19-in chassis are 430-440 mm wide).
U_MM = 44.45
RESERVED_U = 2  # E: top-of-rack switches and PDUs take 2 U of a compute rack
RACK_U = 42  # the default rack: 42U EIA-310 (2000 mm class)
SERVER_U = 2  # E: the default server height
SERVER_FACE_WIDTH_MM = 430.0


@register_jitable
def stream_heat_w(rho, q, cp, rise_k):
    """Heat a stream carries at a temperature rise.

    Parameters
    ----------
    rho : float
        Density of the stream, kg/m3 (at the inlet, where the flow is set).
    q : float
        Volume flow, m3/s.
    cp : float
        Specific heat at the mean stream temperature, J/(kg K).
    rise_k : float
        Outlet minus inlet temperature, K.

    Returns
    -------
    float
        Q_heat = rho Q cp dT, W: the steady-flow energy balance of the stream (first law for an open
        system, kinetic and potential terms neglected; e.g. Incropera & DeWitt, eq. 1.11e).
    """
    return rho * q * cp * rise_k


@register_jitable
def stream_outlet_k(t_in, heat_w, rho, q, cp):
    """Outlet temperature of a stream that takes up ``heat_w``: T_out = T_in + heat / (rho Q cp), the balance
    of ``stream_heat_w`` solved for the rise."""
    return t_in + heat_w / stream_heat_w(rho, q, cp, 1.0)


@register_jitable
def stream_flow_m3_s(heat_w, rho, cp, rise_k):
    """Flow that carries ``heat_w`` at a temperature rise: Q = heat / (rho cp dT), the balance of
    ``stream_heat_w`` solved for the flow."""
    return heat_w / stream_heat_w(rho, 1.0, cp, rise_k)


@register_jitable
def mover_rack(carried_w, mover_heat_w, p_in_w, rack_it_w):
    """The rack one mover's stream serves.

    Parameters
    ----------
    carried_w : float
        Heat one mover's stream carries at the design rise (``stream_heat_w``), W.
    mover_heat_w : float
        The mover's own heat in its stream (its shaft work plus the motor losses reaching the stream), W.
    p_in_w : float
        Electrical input of one mover, W.
    rack_it_w : float
        IT heat of the rack, W.

    Returns
    -------
    (served, movers, cooling_w, heat_w, ppue) : tuple of float
        IT heat one mover serves (carried - own heat), movers per rack (continuous: rack IT / served),
        the rack's cooling power (movers x input), the heat removed (movers x carried = IT + the movers'
        own heat, the energy balance) and the partial PUE 1 + input / served. Where ``served`` is not
        positive (the mover heats its stream more than the rise allows) all but ``served`` are NaN.
    """
    served = carried_w - mover_heat_w
    if not served > 0.0:
        return served, math.nan, math.nan, math.nan, math.nan
    movers = rack_it_w / served
    return served, movers, movers * p_in_w, movers * carried_w, 1.0 + p_in_w / served


@register_jitable
def fans_fit(rack_u, server_u, frame_mm):
    """The servers of a rack and the fans of one frame size their front faces hold.

    Parameters
    ----------
    rack_u : float
        Rack height in U (EIA-310); ``RESERVED_U`` of them hold switches and PDUs.
    server_u : float
        Server height in U.
    frame_mm : float
        Square frame of the fan, mm.

    Returns
    -------
    (servers, per_server) : tuple of float
        Whole servers in the rack, and the whole fans of the frame across a server's face (columns in
        ``SERVER_FACE_WIDTH_MM`` times rows in the server's height). Zero fans where the frame is not a
        positive size.

    References
    ----------
    EIA-310-E, Cabinets, racks, panels and associated equipment (1 U = 44.45 mm, 19-in rail opening).
    """
    servers = math.floor((rack_u - RESERVED_U) / server_u)
    if not frame_mm > 0.0:
        return servers, 0.0
    per = math.floor(SERVER_FACE_WIDTH_MM / frame_mm) * math.floor(server_u * U_MM / frame_mm)
    return servers, per
