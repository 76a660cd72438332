"""Fan and pump curves: the one source of the mover relations that ``magphys.cooling.MoverCurve`` and the
fused design chain (kernels/chain.py) both use.

Scalar ``register_jitable`` code: the CPU and CUDA kernels compile it, the Python objects call it as plain
Python with floats. A *set* is ``count`` identical machines in parallel and ``stages`` in series; its free
delivery is ``count`` x that of one machine, its shut-off pressure ``stages`` x, its outlet area ``count`` x.
"""

import math

from numba.extending import register_jitable


@register_jitable
def mover_at_speed(q_max, p_max, speed0_rpm, speed_rpm):
    """Affinity laws at fixed diameter: a curve of free delivery ``q_max`` and shut-off ``p_max`` at
    ``speed0_rpm`` run at ``speed_rpm``.

    Parameters
    ----------
    q_max, p_max : float
        Free delivery (m3/s) and shut-off static pressure (Pa) at ``speed0_rpm``.
    speed0_rpm, speed_rpm : float
        Speed of the datasheet curve and the speed wanted.

    Returns
    -------
    (q_max_n, p_max_n, power_ratio) : tuple of float
        Q_n = Q r, p_n = p r^2 and the power ratio r^3, with r = n / n_0.

    Notes
    -----
    The fan/pump affinity laws for geometrically similar operation at fixed impeller diameter
    (e.g. Eck, Fans, 1973; Karassik et al., Pump Handbook, 4th ed., ch. 2): Q ~ n, p ~ n^2, P ~ n^3,
    Reynolds-number effects neglected.
    """
    r = speed_rpm / speed0_rpm
    return q_max * r, p_max * r * r, r * r * r


@register_jitable
def mover_pressure_pa(p_max, x):
    """Static pressure on the quadratic curve at flow fraction ``x`` = Q / Q_max.

    Parameters
    ----------
    p_max : float
        Shut-off static pressure of the set at this speed, Pa.
    x : float
        Flow as a fraction of the set's free delivery (speed-independent position on the curve).

    Returns
    -------
    float
        p = p_max (1 - x^2), and 0 beyond free delivery (x > 1).

    Notes
    -----
    The curve through the two datasheet points (free delivery, shut-off): the textbook quadratic
    approximation of the stable branch of a fan or centrifugal pump curve, without the stall dip.
    """
    return p_max * max(0.0, 1.0 - x * x)


@register_jitable
def mover_total_pressure_pa(p_static, q, rho, outlet_area):
    """Total pressure: static plus the dynamic pressure in the outlet.

    Parameters
    ----------
    p_static : float
        Static pressure, Pa.
    q : float
        Flow through ``outlet_area``, m3/s.
    rho : float
        Density of the stream, kg/m3.
    outlet_area : float
        Outlet area the flow leaves through (of the whole set), m2; ``inf`` for no dynamic pressure.

    Returns
    -------
    float
        p_t = p_s + rho v^2 / 2 with v = Q / A (Bernoulli; the fan-total pressure of ISO 5801).
    """
    v = q / outlet_area
    return p_static + 0.5 * rho * v * v


@register_jitable
def mover_shaft_power_w(q, p_static, rho, outlet_area, eta):
    """Shaft power of a set delivering ``q`` at static pressure ``p_static``.

    Parameters
    ----------
    q : float
        Flow of the set, m3/s.
    p_static : float
        Static pressure of the set, Pa.
    rho : float
        Density of the stream, kg/m3.
    outlet_area : float
        Outlet area of the set (machines x area of one), m2.
    eta : float
        Total-pressure efficiency, constant on the valid branch.

    Returns
    -------
    float
        P = Q p_t / eta_total (air or hydraulic power over efficiency), p_t from ``mover_total_pressure_pa``.
    """
    return q * mover_total_pressure_pa(p_static, q, rho, outlet_area) / eta


@register_jitable
def mover_torque_nm(shaft_w, speed_rpm, machines):
    """Shaft torque of each of ``machines`` machines sharing ``shaft_w`` at ``speed_rpm``: P / (machines omega),
    omega = n pi / 30."""
    omega = speed_rpm * math.pi / 30.0
    return shaft_w / machines / omega


@register_jitable
def mover_duty(q_max, p_max, speed0_rpm, outlet_area, eta, speed_rpm, x, rho):
    """A set at ``speed_rpm`` where a quadratic system curve meets it at flow fraction ``x``.

    Parameters
    ----------
    q_max, p_max, speed0_rpm : float
        The set's free delivery (m3/s) and shut-off pressure (Pa) at ``speed0_rpm``.
    outlet_area, eta : float
        Outlet area of the set (m2) and total-pressure efficiency.
    speed_rpm : float
        Running speed.
    x : float
        Flow fraction where the system curve dp = k Q^2 meets the curve; the same at every speed, as the
        affinity laws scale the curve along the system parabola.
    rho : float
        Density of the stream, kg/m3.

    Returns
    -------
    (q, p_static, shaft_w) : tuple of float
        Q = x Q_max r, p_s = p_max r^2 (1 - x^2) and the shaft power Q p_t / eta (``mover_at_speed``,
        ``mover_pressure_pa``, ``mover_shaft_power_w``).
    """
    q_n, p_n, _power = mover_at_speed(q_max, p_max, speed0_rpm, speed_rpm)
    q = x * q_n
    p_s = mover_pressure_pa(p_n, x)
    return q, p_s, mover_shaft_power_w(q, p_s, rho, outlet_area, eta)


@register_jitable
def mover_system_k(q_max, p_max, x):
    """The quadratic system curve dp = k Q^2 that meets a curve (free delivery ``q_max``, shut-off ``p_max``)
    at flow fraction ``x``: k = p(x) / (x Q_max)^2."""
    q = x * q_max
    return mover_pressure_pa(p_max, x) / (q * q)


@register_jitable
def mover_operating_point(q_max, p_max, k):
    """(flow, pressure) where the curve meets the system curve dp = k Q^2 (k > 0).

    Parameters
    ----------
    q_max, p_max : float
        Free delivery (m3/s) and shut-off pressure (Pa) of the set.
    k : float
        System-curve coefficient, Pa s2/m6.

    Returns
    -------
    (q, dp) : tuple of float
        p_max (1 - Q^2/Q_max^2) = k Q^2 solved for Q: Q = Q_max / sqrt(1 + k Q_max^2 / p_max), dp = k Q^2.
    """
    q = q_max / math.sqrt(1.0 + k * (q_max * q_max) / p_max)
    return q, k * q * q
