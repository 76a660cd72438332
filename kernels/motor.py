"""Surface-PM brushless motor: magnetic circuit, losses, lumped thermal network, operating point.

Scalar ``register_jitable`` physics shared by the CPU, CUDA and pure-Python paths. The operating
point is the fixed point T_magnet -> Br -> gap flux -> current -> losses -> temperatures, solved
per point: each pass evaluates the losses at the current temperatures and solves the linear
thermal network exactly for them, until the temperatures stop changing.

Magnetic circuit (e.g. Hendershot & Miller, Design of Brushless PM Motors, ch. 4):
  B_g = k_leak Br / (1 + mu_rec k_C g / h_m); fundamental B_1 = (4/pi) B_g sin(alpha_p pi/2);
  torque constant (sinusoidal, i_d = 0) K_t = 3 sqrt(2) N k_w B_1 r L  [N m per A rms].
Losses:
  copper 3 I^2 R20 (1 + alpha_Cu (T_w - 20 C));
  iron m (k_h f B^2 + k_e f^2 B^2) with B = ratio x B_g (Steinmetz with alpha = beta = 2, the
  classical eddy term from lamination thickness and resistivity);
  magnet eddy V (pi f_s B_r w)^2 / (6 rho) per unit volume for the slot-ripple field B_r at the slot
  frequency f_s across a segment of width w (thin-conductor limit);
  bearing T_b omega; windage / fluid friction Cf pi rho omega^3 r^4 L (turbulent Couette) and a cooling fan's
  k omega^3;
  can pi sigma t L r^3 omega^2 B_1^2 (thin resistive can in the rotating field);
  drive 3 R_on I^2 + k_sw I + P_0 (inverter) + the rectifier and PFC stage of a mains supply (drive.py).
Electromagnetic torque covers the shaft torque plus every loss drawn through the gap, so
input = shaft + all losses holds exactly. Thermal network: winding, stator, magnet/rotor and
housing nodes, conductances from geometry (magphys.motor._design), convective ones scaled with
speed, solved steady or by backward Euler with heat capacities.
"""

import math

from numba.extending import register_jitable

from . import constants as c
from . import layout as L
from . import status as st
from .demag import remanence
from .drive import inverter_loss_w, supply_loss_w
from .intrinsic import intrinsic_at


@register_jitable
def gap_flux_density(mot, br, mu_rec):
    """Air-gap flux density over the magnet, T."""
    return mot[L.P_LEAKAGE] * br / (1.0 + mu_rec * mot[L.P_CARTER] * mot[L.P_GAP_M] / mot[L.P_MAG_THICK_M])


@register_jitable
def torque_constant(mot, bg):
    """K_t in N m per A rms (three-phase, sinusoidal, i_d = 0)."""
    b1 = 4.0 / math.pi * bg * math.sin(0.5 * math.pi * mot[L.P_POLE_ARC])
    return 3.0 * math.sqrt(2.0) * mot[L.P_TURNS] * mot[L.P_KW] * b1 * mot[L.P_R_GAP_M] * mot[L.P_STACK_M]


@register_jitable
def flux_at(mot, mag, t_magnet_k):
    """(Br [T], gap flux density [T], K_t [N m/A]) of motor ``mot`` with magnet ``mag`` at t_magnet_k."""
    js_t, _ha_t, mk, _me, _mn = intrinsic_at(mag, t_magnet_k)
    br = remanence(mag, js_t, mk)
    bg = gap_flux_density(mot, br, mag[L.R_MU_REC])
    return br, bg, torque_constant(mot, bg)


@register_jitable
def cooling_fan_w(mot, omega):
    """A TEFC frame's own cooling fan, W (fan law P ~ n^3): counted with windage, but its heat goes to the air
    outside the frame, not into the rotor."""
    return mot[L.P_FAN_W_PER_RAD3] * omega**3


@register_jitable
def gap_losses(mot, bg, omega, mag_rho):
    """Losses supplied through the gap at speed omega (rad/s): (iron, magnet, bearing, windage, can)."""
    n_hz = omega / (2.0 * math.pi)
    f = mot[L.P_POLE_PAIRS] * n_hz
    b_fe = mot[L.P_B_IRON_RATIO] * bg
    p_fe = mot[L.P_FE_MASS_KG] * (mot[L.P_KH] * f + mot[L.P_KE] * f * f) * b_fe * b_fe
    f_slot = mot[L.P_SLOTS] * n_hz
    b_r = mot[L.P_RIPPLE] * bg
    p_mag = 0.0
    if mag_rho > 0.0:
        p_mag = mot[L.P_MAG_VOL_M3] * (math.pi * f_slot * b_r * mot[L.P_MAG_SEG_M]) ** 2 / (6.0 * mag_rho)
    p_bear = mot[L.P_BEARING_NM] * omega
    r = mot[L.P_R_GAP_M]
    p_wind = 0.0
    if omega > 0.0:
        re = omega * r * mot[L.P_GAP_M] / mot[L.P_FLUID_NU]
        cf = c.CF_COEFF * re**c.CF_EXP
        p_wind = cf * math.pi * mot[L.P_FLUID_RHO] * omega**3 * r**4 * mot[L.P_STACK_M]
        p_wind += cooling_fan_w(mot, omega)
    p_can = 0.0
    if mot[L.P_CAN_T_M] > 0.0:
        b1 = 4.0 / math.pi * bg * math.sin(0.5 * math.pi * mot[L.P_POLE_ARC])
        r_can = r + mot[L.P_GAP_M]
        p_can = math.pi * mot[L.P_CAN_SIGMA] * mot[L.P_CAN_T_M] * mot[L.P_STACK_M] * r_can**3 * omega**2 * b1**2
    return p_fe, p_mag, p_bear, p_wind, p_can


@register_jitable
def conductance_scale(mot, omega):
    """Forced-convection scaling of the speed-dependent conductances, Nu ~ Re^x (floor 5 %)."""
    n_rpm = omega * 60.0 / (2.0 * math.pi)
    s = (n_rpm / mot[L.P_SPEED_REF_RPM]) ** mot[L.P_CONV_EXP] if n_rpm > 0.0 else 0.0
    return s if s > 0.05 else 0.05


@register_jitable
def magnet_resistivity(mag):
    """Sintered NdFeB conducts (~1.4e-6 Ohm m, vendor data); the coefficient-table materials here
    (ferrite, bonded NdFeB; SmCo is treated alike, a conservative omission) carry no eddy loss."""
    return 1.4e-6 if mag[L.R_KIND] == L.KIND_R2FE14B else 0.0


@register_jitable
def losses_at(mot, mag, omega, torque_nm, t_w, t_m):
    """Electromagnetic state and losses at winding/magnet temperatures t_w, t_m (K).

    Returns (status, current, kt, bg, p_cu, p_fe, p_mag, p_bear, p_wind, p_can, p_drive, p_stray); status is
    OK, CURRENT_LIMIT, VOLTAGE_LIMIT or THERMAL_RUNAWAY (magnet outside its model range, winding past
    T_RUNAWAY_K).
    """
    if not (mag[L.R_T_MIN_K] <= t_m < mag[L.R_T_MAX_K]) or t_w > c.T_RUNAWAY_K:
        return st.THERMAL_RUNAWAY, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
    _br, bg, kt = flux_at(mot, mag, t_m)
    p_fe, p_mag, p_bear, p_wind, p_can = gap_losses(mot, bg, omega, magnet_resistivity(mag))
    # additional (stray) load losses ~ torque^2 (IEC 60034-2-1's allowance, the coefficient from the design)
    p_stray = mot[L.P_STRAY_W_PER_NM2] * torque_nm * torque_nm
    t_em = torque_nm
    if omega > 0.0:
        t_em += (p_fe + p_mag + p_bear + p_wind + p_can + p_stray) / omega
    current = t_em / kt if kt > 0.0 else math.inf
    limits = mot[L.P_LIMITS_ON] > 0.0
    if limits and current > mot[L.P_I_MAX_A]:
        return st.CURRENT_LIMIT, current, kt, bg, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
    if not math.isfinite(current):
        return st.OUT_OF_RANGE, current, kt, bg, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
    r_ph = winding_resistance(mot, t_w)
    if limits and phase_voltage(mot, mag, kt, omega, current, t_w) > max_phase_voltage(mot):
        return st.VOLTAGE_LIMIT, current, kt, bg, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
    p_cu = 3.0 * r_ph * current * current
    # the PWM supply's harmonic losses in copper, iron and magnets, a share of the fundamental losses (drawn
    # from the drive, not through the gap); reported with the stray load losses
    p_harm = mot[L.P_HARMONIC_FRAC] * (p_cu + p_fe + p_mag + p_stray)
    p_inv = inverter_loss_w(mot[L.P_DRIVE_R_OHM], mot[L.P_DRIVE_SW_W_PER_A], mot[L.P_DRIVE_FIXED_W], current)
    p_dc = t_em * omega + p_cu + p_harm + p_inv
    p_drive = p_inv + supply_loss_w(p_dc, mot[L.P_DC_BUS_V], mot[L.P_RECT_DROP_V], mot[L.P_PFC_LOSS_FRAC])
    return st.OK, current, kt, bg, p_cu, p_fe, p_mag, p_bear, p_wind, p_can, p_drive, p_stray + p_harm


@register_jitable
def winding_resistance(mot, t_w):
    """Phase resistance at winding temperature t_w (K), Ohm: R20 (1 + alpha_Cu (T - 20 C))."""
    return mot[L.P_R20_OHM] * (1.0 + c.CU_ALPHA_PER_K * (t_w - c.T_20C_K))


@register_jitable
def max_phase_voltage(mot):
    """Largest phase voltage the drive applies, V rms: the space-vector PWM limit V_dc / sqrt(6)."""
    return mot[L.P_DC_BUS_V] / math.sqrt(6.0)


@register_jitable
def phase_voltage(mot, mag, kt, omega, current, t_w):
    """Phase voltage with i_d = 0, V rms: |E + R I + j X I| (no field weakening)."""
    e = kt * omega / 3.0
    r_ph = winding_resistance(mot, t_w)
    x = mot[L.P_POLE_PAIRS] * omega * synchronous_inductance(mot, mag[L.R_MU_REC])
    return math.sqrt((e + r_ph * current) ** 2 + (x * current) ** 2)


@register_jitable
def network_solve(mot, omega, q_w, q_s, q_m, q_h, ambient_k, c_dt_w, c_dt_s, c_dt_m, c_dt_h, o_w, o_s, o_m, o_h):
    """Exact solution of the network W-S, S-H, S-M, M-A, H-A (A: cooling medium) for given sources.

    The winding, magnet and housing nodes each touch the stator only (besides A), so eliminating
    them leaves one equation for T_s. Backward Euler adds C_i/dt (passed as c_dt_i) to node i's
    diagonal and C_i/dt T_i_old to its source; with all c_dt = 0 this is the steady state.
    Returns (t_w, t_s, t_m, t_h).
    """
    s = conductance_scale(mot, omega)
    g_ws = mot[L.P_G_WS]
    g_sh = mot[L.P_G_SH]
    g_sm = mot[L.P_G_SM] * s
    g_ma = mot[L.P_G_MA] * s
    g_ha = mot[L.P_G_HA] * s
    d_w = g_ws + c_dt_w
    d_m = g_sm + g_ma + c_dt_m
    d_h = g_sh + g_ha + c_dt_h
    r_w = q_w + c_dt_w * o_w
    r_m = q_m + g_ma * ambient_k + c_dt_m * o_m
    r_h = q_h + g_ha * ambient_k + c_dt_h * o_h
    diag = g_ws + g_sh + g_sm + c_dt_s - g_ws * g_ws / d_w - g_sm * g_sm / d_m - g_sh * g_sh / d_h
    t_s = (q_s + c_dt_s * o_s + g_ws * r_w / d_w + g_sm * r_m / d_m + g_sh * r_h / d_h) / diag
    return (r_w + g_ws * t_s) / d_w, t_s, (r_m + g_sm * t_s) / d_m, (r_h + g_sh * t_s) / d_h


@register_jitable
def heat_out(mot, omega, t_m, t_h, ambient_k):
    """Heat leaving the network to the cooling medium, W (with the cooling fan's, which heats the medium
    directly)."""
    s = conductance_scale(mot, omega)
    return mot[L.P_G_MA] * s * (t_m - ambient_k) + mot[L.P_G_HA] * s * (t_h - ambient_k) + cooling_fan_w(mot, omega)


@register_jitable
def solve_thermal(mot, mag, omega, torque_nm, ambient_k, t_w, t_s, t_m, t_h, dt, o_w, o_s, o_m, o_h, max_iter):
    """Fixed point of losses and temperatures: steady (dt <= 0) or one backward-Euler step of dt.

    Returns (status, iterations, t_w, t_s, t_m, t_h, current, kt, bg, p_cu, p_fe, p_mag, p_bear, p_wind,
    p_can, p_drive, p_stray)."""
    c_w = mot[L.P_C_WINDING] / dt if dt > 0.0 else 0.0
    c_s = mot[L.P_C_STATOR] / dt if dt > 0.0 else 0.0
    c_m = mot[L.P_C_MAGNET] / dt if dt > 0.0 else 0.0
    c_h = mot[L.P_C_HOUSING] / dt if dt > 0.0 else 0.0
    status = st.NOT_CONVERGED
    current = kt = bg = p_cu = p_fe = p_mag = p_bear = p_wind = p_can = p_drive = p_stray = 0.0
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007 (the count is returned)
        res = losses_at(mot, mag, omega, torque_nm, t_w, t_m)
        s = res[0]
        current, kt, bg, p_cu, p_fe, p_mag, p_bear, p_wind, p_can, p_drive, p_stray = res[1:]
        if s != st.OK:
            status = s
            break
        # heat sources per node: windage heats the fluid at the rotor, the can sits on the stator bore, the
        # stray load losses (teeth and tooth-tip eddies, end regions) go to the stator
        q_h = p_bear + (p_drive if mot[L.P_DRIVE_IN_HOUSING] > 0.0 else 0.0)
        n_w, n_s, n_m, n_h = network_solve(
            mot,
            omega,
            p_cu,
            p_fe + p_can + p_stray,
            p_mag + p_wind - cooling_fan_w(mot, omega),
            q_h,
            ambient_k,
            c_w,
            c_s,
            c_m,
            c_h,
            o_w,
            o_s,
            o_m,
            o_h,
        )
        d = max(abs(n_w - t_w), abs(n_s - t_s), abs(n_m - t_m), abs(n_h - t_h))
        t_w, t_s, t_m, t_h = n_w, n_s, n_m, n_h
        if d < 1e-9:
            status = st.OK
            break
    return (status, it, t_w, t_s, t_m, t_h, current, kt, bg, p_cu, p_fe, p_mag, p_bear, p_wind, p_can, p_drive, p_stray)


@register_jitable
def operating_point(mot, mag, speed_rpm, torque_nm, ambient_k, out):
    """Steady operating point of motor ``mot`` with magnet record ``mag``; fills ``out`` (layout.OP_*).

    Returns a status: OK, NOT_CONVERGED, THERMAL_RUNAWAY, CURRENT_LIMIT or OUT_OF_RANGE (also for a
    cooling medium outside the magnet's model range: the magnet cannot be colder than its coolant, and
    calling that a runaway would blame the motor for the model's limit).
    """
    for i in range(L.N_OP):
        out[i] = math.nan
    if speed_rpm < 0.0 or torque_nm < 0.0 or mag[L.R_STATUS] != st.OK:
        return st.OUT_OF_RANGE
    if not (mag[L.R_T_MIN_K] <= ambient_k < mag[L.R_T_MAX_K]):
        return st.OUT_OF_RANGE
    omega = speed_rpm * 2.0 * math.pi / 60.0
    r = solve_thermal(
        mot, mag, omega, torque_nm, ambient_k, ambient_k, ambient_k, ambient_k, ambient_k, 0.0, 0.0, 0.0, 0.0, 0.0, 500
    )
    status = r[0]
    out[L.OP_ITERATIONS] = r[1]
    if status == st.CURRENT_LIMIT or status == st.THERMAL_RUNAWAY or status == st.VOLTAGE_LIMIT:
        return status
    if status == st.OUT_OF_RANGE:
        return status
    write_point(out, mot, omega, torque_nm, ambient_k, r)
    return status


@register_jitable
def write_point(out, mot, omega, torque_nm, ambient_k, r):
    """Fill an OP_* row from a ``solve_thermal`` result."""
    p_shaft = torque_nm * omega
    out[L.OP_T_WINDING_K] = r[2]
    out[L.OP_T_STATOR_K] = r[3]
    out[L.OP_T_MAGNET_K] = r[4]
    out[L.OP_T_HOUSING_K] = r[5]
    out[L.OP_CURRENT_A] = r[6]
    out[L.OP_KT_NM_PER_A] = r[7]
    out[L.OP_BG_T] = r[8]
    out[L.OP_P_CU_W] = r[9]
    out[L.OP_P_FE_W] = r[10]
    out[L.OP_P_MAGNET_W] = r[11]
    out[L.OP_P_BEARING_W] = r[12]
    out[L.OP_P_WINDAGE_W] = r[13]
    out[L.OP_P_CAN_W] = r[14]
    out[L.OP_P_DRIVE_W] = r[15]
    out[L.OP_P_STRAY_W] = r[16]
    out[L.OP_P_SHAFT_W] = p_shaft
    out[L.OP_P_IN_W] = p_shaft + r[9] + r[10] + r[11] + r[12] + r[13] + r[14] + r[15] + r[16]
    out[L.OP_HEAT_OUT_W] = heat_out(mot, omega, r[4], r[5], ambient_k)


@register_jitable
def transient_run(mot, mag, seg_end_s, seg_speed_rpm, seg_torque_nm, seg_ambient_k, dt, t0_k, out):
    """Backward-Euler time march over a duty profile of segments (end time, speed, torque, cooling
    temperature), starting with every node at t0_k. ``out[k]`` (layout.OP_*) is the state at
    t = (k+1) dt. Returns the worst status met (runaway or current limit stop the march)."""
    n_steps = out.shape[0]
    for k in range(n_steps):
        for i in range(L.N_OP):
            out[k, i] = math.nan
    t_w = t_s = t_m = t_h = t0_k
    seg = 0
    for k in range(n_steps):
        time = (k + 1) * dt
        while seg < seg_end_s.shape[0] - 1 and time > seg_end_s[seg] + 1e-9 * dt:
            seg += 1
        omega = seg_speed_rpm[seg] * 2.0 * math.pi / 60.0
        amb = seg_ambient_k[seg]
        r = solve_thermal(mot, mag, omega, seg_torque_nm[seg], amb, t_w, t_s, t_m, t_h, dt, t_w, t_s, t_m, t_h, 200)
        if r[0] == st.CURRENT_LIMIT or r[0] == st.THERMAL_RUNAWAY or r[0] == st.VOLTAGE_LIMIT:
            return r[0]
        write_point(out[k], mot, omega, seg_torque_nm[seg], amb, r)
        out[k, L.OP_ITERATIONS] = r[1]
        t_w, t_s, t_m, t_h = r[2], r[3], r[4], r[5]
    return st.OK


@register_jitable
def armature_field_per_amp(mot):
    """Reverse field in the magnet per A rms of demagnetizing (d-axis) current, A/m per A.

    Fundamental armature MMF per pole F = (3 sqrt(2)/pi) N k_w I / p (three-phase winding; e.g.
    Hendershot & Miller, Design of Brushless PM Motors, ch. 4), referred to the magnet length as in
    the load line B = -Pc mu0 (H + F/h_m) of a magnet + gap + coil circuit.
    """
    f_per_a = 3.0 * math.sqrt(2.0) / math.pi * mot[L.P_TURNS] * mot[L.P_KW] / mot[L.P_POLE_PAIRS]
    return f_per_a / mot[L.P_MAG_THICK_M]


@register_jitable
def permeance_coefficient(mot):
    """Pc = h_m / (k_C g) of a surface magnet facing the stator across the gap (no flux focusing)."""
    return mot[L.P_MAG_THICK_M] / (mot[L.P_CARTER] * mot[L.P_GAP_M])


@register_jitable
def synchronous_inductance(mot, mu_rec):
    """Phase synchronous inductance, H: magnetizing L_m = (6/pi) mu0 (k_w N)^2 r L / (p^2 g_e) with
    g_e = k_C g + h_m/mu_rec (Pyrhonen et al., Design of Rotating Electrical Machines, eq. 3.111 with
    tau_p = pi r / p), plus 30 % slot and end-winding leakage (SLOT_LEAKAGE)."""
    g_e = mot[L.P_CARTER] * mot[L.P_GAP_M] + mot[L.P_MAG_THICK_M] / mu_rec
    kn = mot[L.P_KW] * mot[L.P_TURNS]
    lm = 6.0 / math.pi * c.MU0 * kn * kn * mot[L.P_R_GAP_M] * mot[L.P_STACK_M] / (mot[L.P_POLE_PAIRS] ** 2 * g_e)
    return lm * (1.0 + c.SLOT_LEAKAGE)


@register_jitable
def short_circuit_current(mot, kt, mu_rec, speed_rpm, t_winding_k):
    """Steady three-phase terminal short-circuit current, A rms: I = E / sqrt(R^2 + (omega_e L)^2),
    entirely on the d axis (demagnetizing) as omega_e L >> R."""
    omega = speed_rpm * 2.0 * math.pi / 60.0
    e = kt * omega / 3.0
    r = winding_resistance(mot, t_winding_k)
    x = mot[L.P_POLE_PAIRS] * omega * synchronous_inductance(mot, mu_rec)
    return e / math.sqrt(r * r + x * x)


@register_jitable
def short_circuit_transient_current(mot, kt, mu_rec, speed_rpm, t_winding_k, duration_s, peak_factor):
    """Demagnetizing current of a sudden three-phase short circuit held for ``duration_s``, A rms equivalent.

    In the rotor frame the d-axis current of a short from no load is I_sc (1 - cos omega_e t) (flux linkage
    conserved at the instant of the fault), rising to twice the steady short-circuit current I_sc at
    omega_e t = pi; resistance damps that peak to ``peak_factor`` x I_sc (1.5-2 for surface magnets, Welchko
    et al., IEEE Trans. Energy Convers. 18(2), 2003). A protection that trips within a fraction of an
    electrical period stops the current on its way up: I = I_sc (peak/2) (1 - cos(min(omega_e t, pi)))."""
    omega_e = mot[L.P_POLE_PAIRS] * speed_rpm * 2.0 * math.pi / 60.0
    phase = min(omega_e * duration_s, math.pi)
    i_sc = short_circuit_current(mot, kt, mu_rec, speed_rpm, t_winding_k)
    return i_sc * 0.5 * peak_factor * (1.0 - math.cos(phase))
