"""Fan and pump characteristics: the one source of the mover relations that ``magphys.cooling.MoverCurve`` and
the fused design chain (kernels/chain.py) both use.

A mover is a record (layout.MV_*): free delivery, shut-off pressure and speed of one machine (or of a set:
``count`` in parallel multiply the flow and power, ``stages`` in series the pressure and power), the density
its datasheet was measured at, and two dimensionless shapes over the flow fraction x = Q / Q_free on the
nodes x_i = i / (N_MV_NODES - 1): the static pressure p / p_shut and the shaft power P / P_free, where P_free
is the shaft power at free delivery. The shapes come from measured curves (magphys/data/mover_curves.csv)
of the mover's type or of the machine itself; between nodes they are linear. The stable branch is
MV_X_MIN <= x <= MV_X_MAX; left of it a fan stalls.

Similarity: at a fixed diameter the curve moves with speed ratio r = n / n_0 as Q ~ r, p ~ rho r^2 and
P ~ rho r^3 (the affinity laws), and the efficiency with the Reynolds number Re ~ r by the Ackeret-type rule
of ISO 13348 / Pelz & Hess: (1 - eta) / (1 - eta_0) = 0.5 + 0.5 (Re_0 / Re)^0.2, applied to the shaft power
(P ~ eta_0 / eta). ``reynolds_power_factor`` is that rule; magphys.cooling applies it across sizes too.

Scalar ``register_jitable`` code: the CPU and CUDA kernels compile it, the Python objects call it as plain
Python with floats and NumPy records.
"""

import math

from numba.extending import register_jitable

from . import layout as L

# Ackeret's Reynolds exponent and the share of the losses that scale with Re (ISO 13348:2007, 6.3; Pelz, P. F.
# & Hess, M., J. Turbomach. 144(6), 061001, 2022).
RE_EXPONENT = 0.2
RE_SHARE = 0.5
# The rule is calibrated for Reynolds ratios of about 0.1-10 (ISO 13348 scope); far below it would drive the
# efficiency through zero, so it is held at this share of eta_0 there (E: a fan creeping at a few % of its speed).
ETA_FLOOR_SHARE = 0.25


@register_jitable
def reynolds_power_factor(eta0, re_ratio):
    """Factor on the shaft power of a machine whose Reynolds number is ``re_ratio`` times that of the
    curve it is scaled from (peak efficiency ``eta0`` there).

    Parameters
    ----------
    eta0 : float
        Peak efficiency of the curve at its own Reynolds number (0 < eta0 < 1).
    re_ratio : float
        Re / Re_0 (> 0); for one machine at another speed, n / n_0.

    Returns
    -------
    float
        eta_0 / eta with (1 - eta) / (1 - eta_0) = (1 - RE_SHARE) + RE_SHARE (1 / re_ratio)^RE_EXPONENT, eta held
        at or above ETA_FLOOR_SHARE x eta_0.

    References
    ----------
    ISO 13348:2007, Industrial fans -- Tolerances, methods of conversion and technical data presentation, 6.3
    (the Ackeret formula). Pelz, P. F. and Hess, M., "Efficiency scaling: influence of Reynolds and Mach number
    on fan performance", J. Turbomach. 144(6), 061001 (2022).
    """
    loss = (1.0 - eta0) * ((1.0 - RE_SHARE) + RE_SHARE * re_ratio ** (-RE_EXPONENT))
    return eta0 / max(1.0 - loss, ETA_FLOOR_SHARE * eta0)


@register_jitable
def shape_at(mv, first, x):
    """The shape stored at ``mv[first : first + N_MV_NODES]`` at flow fraction x (linear between nodes,
    the end segments extended)."""
    n = L.N_MV_NODES - 1
    f = x * n
    i = min(int(min(max(f, 0.0), float(n))), n - 1)  # int() of a clamped non-negative float: floor
    w = f - i
    return mv[first + i] * (1.0 - w) + mv[first + i + 1] * w


@register_jitable
def mover_pressure_pa(mv, x, rho, r):
    """Static pressure of the mover at flow fraction x, density ``rho`` and speed ratio r.

    Returns
    -------
    float
        p = p_shut (rho / rho_ref) r^2 s_p(x), s_p the pressure shape; 0 beyond the curve's end where the
        shape reaches 0 (free delivery) and never negative.
    """
    return max(0.0, mv[L.MV_P_SHUT] * rho / mv[L.MV_RHO_REF] * r * r * shape_at(mv, L.MV_PRESSURE, x))


@register_jitable
def mover_shaft_power_w(mv, x, rho, r):
    """Shaft power at flow fraction x, density ``rho`` and speed ratio r.

    Returns
    -------
    float
        P = P_free (rho / rho_ref) r^3 s_P(x) eta_0 / eta(r): the power shape s_P, the affinity laws and the
        Reynolds correction (``reynolds_power_factor``).
    """
    aff = rho / mv[L.MV_RHO_REF] * r * r * r
    return mv[L.MV_POWER_FREE_W] * aff * shape_at(mv, L.MV_POWER, x) * reynolds_power_factor(mv[L.MV_ETA_PEAK], r)


@register_jitable
def mover_torque_nm(shaft_w, speed_rpm, machines):
    """Shaft torque of each of ``machines`` machines sharing ``shaft_w`` at ``speed_rpm``: P / (machines omega),
    omega = n pi / 30."""
    omega = speed_rpm * math.pi / 30.0
    return shaft_w / machines / omega


@register_jitable
def mover_duty(mv, speed_rpm, x, rho):
    """The mover at ``speed_rpm`` where a quadratic system curve meets it at flow fraction x.

    Parameters
    ----------
    mv : array
        Mover record (layout.MV_*).
    speed_rpm : float
        Running speed.
    x : float
        Flow fraction where the system curve dp = k Q^2 meets the curve; the same at every speed and density,
        as the affinity laws move the curve along the system parabola.
    rho : float
        Density of the stream, kg/m3.

    Returns
    -------
    (q, p_static, shaft_w) : tuple of float
        Q = x Q_free r, p_s from ``mover_pressure_pa`` and the shaft power from ``mover_shaft_power_w``.
    """
    r = speed_rpm / mv[L.MV_RPM]
    return x * mv[L.MV_Q_FREE] * r, mover_pressure_pa(mv, x, rho, r), mover_shaft_power_w(mv, x, rho, r)


@register_jitable
def mover_system_k(mv, x, rho):
    """The quadratic system curve dp = k Q^2 (Pa s2/m6) that meets the mover at flow fraction x (> 0) at
    density ``rho``: k = p(x) / (x Q_free)^2 (at any speed)."""
    q = x * mv[L.MV_Q_FREE]
    return mover_pressure_pa(mv, x, rho, 1.0) / (q * q)


@register_jitable
def mover_flow_fraction(mv, k, rho):
    """Flow fraction where the mover meets the system curve dp = k Q^2 (k > 0).

    The largest root of s_p(x) = c x^2, c = k Q_free^2 rho_ref / (p_shut rho): on each linear segment of the
    pressure shape the root is that of a quadratic; the search runs from free delivery towards shut-off, so
    where a stall dip gives several roots the one on the stable side is found. Returns 1.0 + the excess of
    the system's need over the curve at its end where the curve ends above the system (a pump's last
    catalogue point), so callers read x > MV_X_MAX as outside the curve.
    """
    c = k * mv[L.MV_Q_FREE] * mv[L.MV_Q_FREE] * mv[L.MV_RHO_REF] / (mv[L.MV_P_SHUT] * rho)
    n = L.N_MV_NODES - 1
    end = mv[L.MV_PRESSURE + n]
    if end > c:  # the system would take more than the curve's last point: beyond the data
        return 1.0 + (end - c) / end
    for j in range(n - 1, -1, -1):
        x0 = j / n
        a = mv[L.MV_PRESSURE + j]
        b = (mv[L.MV_PRESSURE + j + 1] - a) * n  # slope of the segment
        # a + b (x - x0) = c x^2  ->  c x^2 - b x - (a - b x0) = 0
        disc = b * b + 4.0 * c * (a - b * x0)
        if disc >= 0.0:
            x = (b + math.sqrt(disc)) / (2.0 * c)
            if x0 - 1e-12 <= x <= x0 + 1.0 / n + 1e-12:
                return x
    return 0.0


@register_jitable
def mover_efficiency(q, p_static, shaft_w):
    """Static (fans) or hydraulic (pumps, p = total head rise) efficiency Q p / P; 0 where P is not positive."""
    return q * p_static / shaft_w if shaft_w > 0.0 else 0.0
