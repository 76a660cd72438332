"""Surface-PM cooling motors from sizing laws: a candidate of the generated space -> design vector -> the
motor record of kernels/motor.py.

Scalar ``register_jitable`` code shared by the CPU, CUDA and pure-Python paths: the sizing search
(kernels/search.py) generates and evaluates its candidates with it on the device, ``magphys.motor.design_for``
calls the same functions, and ``magphys.motor.MotorDesign.record`` builds every record (the reference
designs' too) through ``design_record``.

Sizing laws (each a textbook relation; the numbers they take are the GE_* inputs, with their sources in
magphys/data/motor_generation.csv):

- Output equation: T = 2 sigma V_r with the rotor volume V_r = pi r^2 L at the gap radius r and the design
  shear stress sigma (Hendershot & Miller, Design of Brushless Permanent-Magnet Motors, 1994, ch. 2: torque
  per rotor volume TRV = 2 sigma); with the aspect L = lambda 2 r, r = (T / (4 pi sigma lambda))^(1/3).
- Teeth and yoke carry the gap flux at design flux densities: tooth width w_t = B_g tau_s / (k_st B_t);
  yoke (and the rotor's back iron) h_y = B_g alpha_p tau_p / (2 k_st B_y), tau_p = pi r / p.
- The slot takes the radial space left: outer rotor, between the tooth tips and the yoke on the shaft
  tube; inner rotor, between the bore and the yoke of a stator of outer diameter bore / split.
- Turns for the supply: the back-EMF at the duty is a fraction u of the largest phase voltage V_dc/sqrt(6);
  wire from the slot's copper (fill factor k_f): A_w = k_f A_slot Q / (6 N) (Q slots, double layer).
- Mean turn: a tooth coil, 2 (L + w_t) + pi w_slot / 2; a distributed coil of span c, 2 L + pi c (end
  turns as semicircles of the span, Hendershot & Miller ch. 5).
- Iron losses of the built core: the sheet's Steinmetz coefficients times a build factor (Pyrhonen,
  Jokinen & Hrabovcova, Design of Rotating Electrical Machines, 2nd ed., ch. 3: k_Fe 1.5-2.0; the value in
  motor_materials.csv), flux densities mass-weighted over teeth and yoke.
- Losses beyond the fundamental: IEC 60034-2-1's stray-load allowance (``stray_load_fraction``), the PWM
  supply's harmonic losses (``HARMONIC_LOSS_FRACTION``) and, on a TEFC frame, its cooling fan.
- Bearings: two ball bearings, M = 0.5 mu P d each (SKF rolling bearings catalogue, constant friction
  coefficient mu), P the rotor's weight plus a preload.
"""

import math

from numba.extending import register_jitable

from . import layout as L
from .demag import remanence
from .intrinsic import intrinsic_at
from .motor import gap_flux_density, torque_constant
from .scaling import carter_coefficient, copper_mass_kg, heat_capacities, magnet_volume_m3, phase_resistance_ohm

GRAVITY_M_S2 = 9.80665  # standard gravity (CGPM 1901)
LEAKAGE = 0.93  # E: magnet flux crossing the gap, as the reference designs (0.92-0.95)
POLE_ARC = 0.85  # E: magnet arc over pole pitch of a generated rotor (reference designs 0.8-0.9)
RIPPLE_TOOTH_COIL = 0.05  # E: slot-harmonic ripple / B_g, tooth coils (open slots of few teeth)
RIPPLE_DISTRIBUTED = 0.02  # E: distributed windings (many narrow slot openings)
PRELOAD_N = 5.0  # E: axial spring preload of a small ball-bearing pair
# R: IEC TS 60034-2-3:2013 (converter-fed AC motors): a PWM supply adds harmonic losses, typically 10-20 % of the
# motor's losses on a sine supply; E: 15 %, for every drive-fed motor of the model
HARMONIC_LOSS_FRACTION = 0.15
PALMGREN_F0 = 2.0  # R: Palmgren's lubrication factor of grease-lubricated deep-groove ball bearings (0.7-2)
FIN_AREA_FACTOR = 2.5  # E: finned frame or flange surface / plain surface (TEFC frames, EC-motor flanges)
HOUSING_FLANGE = 2.0  # E: outer rotor: the base flange and struts the stator sits on, twice the rotor end face


@register_jitable
def stray_load_fraction(shaft_power_w):
    """Additional load losses over input power at rated load: IEC 60034-2-1's assigned allowance
    0.025 - 0.005 log10(P / 1 kW) between 1 kW and 10 MW, 0.025 below 1 kW, 0.005 above (stated for induction
    motors; taken for PM motors too, whose tooth-tip, end-region and harmonic losses it stands for)."""
    if shaft_power_w <= 1e3:
        return 0.025
    if shaft_power_w >= 1e7:
        return 0.005
    return 0.025 - 0.005 * math.log10(shaft_power_w / 1e3)


@register_jitable
def stray_coefficient(shaft_power_w, torque_nm):
    """W per (N m)^2 of shaft torque: the allowance at the rated point, scaled with the square of the torque."""
    if torque_nm <= 0.0:
        return 0.0
    return stray_load_fraction(shaft_power_w) * shaft_power_w / (torque_nm * torque_nm)


@register_jitable
def bearing_torque_nm(mu, load_n, bore_m, nu_cst, speed_rpm):
    """Friction torque of two ball bearings, N m: a load term 0.5 mu P d each (SKF rolling bearings catalogue,
    constant friction coefficient) and Palmgren's viscous term M0 = 1e-7 f0 (nu n)^(2/3) d_m^3 N mm each
    (nu n >= 2000; else 160e-7 f0 d_m^3), f0 = 2 for grease-lubricated deep-groove bearings (Harris, Rolling
    Bearing Analysis, ch. on friction; R), the pitch diameter d_m = 1.5 d (E)."""
    d_m_mm = 1.5 * bore_m * 1e3
    vn = nu_cst * speed_rpm
    if vn >= 2000.0:
        m0_nmm = 1e-7 * PALMGREN_F0 * vn ** (2.0 / 3.0) * d_m_mm**3
    else:
        m0_nmm = 160e-7 * PALMGREN_F0 * d_m_mm**3
    return 2.0 * (0.5 * mu * load_n * bore_m + m0_nmm * 1e-3)


@register_jitable
def gap_conductance(omega, r, gap, stack, nu, k):
    """Stator-rotor conductance across the gap, W/K: Taylor-Couette Nusselt number Nu = 0.409 Ta^0.241
    (Becker & Kaye 1962), at least 2 (conduction), over the gap's surface 2 pi r L."""
    ta = omega * omega * r * gap**3 / (nu * nu)
    nu_gap = max(2.0, 0.409 * ta**0.241)
    return nu_gap * k / (2.0 * gap) * 2.0 * math.pi * r * stack


@register_jitable
def plate_conductance(area, length, speed, nu, k, pr):
    """Forced convection from a surface of ``area`` and flow length ``length`` in a stream of ``speed``,
    W/K: laminar flat plate Nu = 0.664 Re^0.5 Pr^(1/3) (Incropera & DeWitt eq. 7.30)."""
    re = speed * length / nu
    h = 0.664 * re**0.5 * pr ** (1.0 / 3.0) * k / length
    return h * area


@register_jitable
def design_record(dv, rec):
    """Fill ``rec`` (layout.P_*) from design vector ``dv`` (layout.DV_*): the one place a design becomes
    the kernels' motor record (Carter's coefficient, resistance, conductances, heat capacities)."""
    for i in range(L.N_MOTOR):
        rec[i] = 0.0
    mu_rec = dv[L.DV_MU_REC]
    r_gap = dv[L.DV_R_GAP_M]
    gap = dv[L.DV_GAP_M]
    stack = dv[L.DV_STACK_M]
    h_m = dv[L.DV_MAG_M]
    slots = dv[L.DV_SLOTS]
    carter = carter_coefficient(gap * 1e3, h_m * 1e3, mu_rec, dv[L.DV_SLOT_OPENING_M] * 1e3, r_gap * 1e3, slots)
    omega = dv[L.DV_SPEED_REF_RPM] * 2.0 * math.pi / 60.0
    g_ws = dv[L.DV_K_LINER] * slots * dv[L.DV_SLOT_PERIMETER_M] * stack / dv[L.DV_LINER_M]
    g_sh = dv[L.DV_H_CONTACT] * dv[L.DV_CONTACT_AREA_M2]
    g_sm = gap_conductance(omega, r_gap, gap, stack, dv[L.DV_GAP_NU], dv[L.DV_GAP_K])
    g_ma = plate_conductance(
        dv[L.DV_ROTOR_AREA_M2],
        dv[L.DV_ROTOR_LENGTH_M],
        dv[L.DV_ROTOR_SPEED_M_S],
        dv[L.DV_ROTOR_NU],
        dv[L.DV_ROTOR_K],
        dv[L.DV_ROTOR_PR],
    )
    g_ha = plate_conductance(
        dv[L.DV_HOUSING_AREA_M2],
        dv[L.DV_HOUSING_LENGTH_M],
        dv[L.DV_HOUSING_SPEED_M_S],
        dv[L.DV_HOUSING_NU],
        dv[L.DV_HOUSING_K],
        dv[L.DV_HOUSING_PR],
    )
    mag_vol = magnet_volume_m3(r_gap * 1e3, h_m * 1e3, stack * 1e3, dv[L.DV_POLE_ARC], dv[L.DV_OUTER_ROTOR])
    turns = dv[L.DV_TURNS]
    mean_turn = dv[L.DV_MEAN_TURN_M]
    wire = dv[L.DV_WIRE_AREA_M2]
    cu_kg = copper_mass_kg(turns, mean_turn, wire, dv[L.DV_CU_DENSITY])
    c_w, c_s, c_m = heat_capacities(
        cu_kg,
        dv[L.DV_STATOR_IRON_KG],
        mag_vol * dv[L.DV_MAG_DENSITY],
        dv[L.DV_ROTOR_IRON_KG],
        dv[L.DV_CP_CU],
        dv[L.DV_CP_FE],
        dv[L.DV_CP_MAG],
    )
    rec[L.P_POLE_PAIRS] = dv[L.DV_POLE_PAIRS]
    rec[L.P_SLOTS] = slots
    rec[L.P_R_GAP_M] = r_gap
    rec[L.P_GAP_M] = gap
    rec[L.P_MAG_THICK_M] = h_m
    rec[L.P_POLE_ARC] = dv[L.DV_POLE_ARC]
    rec[L.P_STACK_M] = stack
    rec[L.P_TURNS] = turns
    rec[L.P_KW] = dv[L.DV_KW]
    rec[L.P_CARTER] = carter
    rec[L.P_LEAKAGE] = dv[L.DV_LEAKAGE]
    rec[L.P_R20_OHM] = phase_resistance_ohm(dv[L.DV_RHO_CU], turns, mean_turn, wire)
    rec[L.P_FE_MASS_KG] = dv[L.DV_STATOR_IRON_KG]
    rec[L.P_KH] = dv[L.DV_KH]
    rec[L.P_KE] = dv[L.DV_KE]
    rec[L.P_B_IRON_RATIO] = dv[L.DV_B_IRON_RATIO]
    rec[L.P_MAG_VOL_M3] = mag_vol
    rec[L.P_MAG_SEG_M] = dv[L.DV_SEGMENT_M]
    rec[L.P_RIPPLE] = dv[L.DV_RIPPLE]
    rec[L.P_BEARING_NM] = dv[L.DV_BEARING_NM]
    rec[L.P_FLUID_RHO] = dv[L.DV_GAP_RHO]
    rec[L.P_FLUID_NU] = dv[L.DV_GAP_NU]
    rec[L.P_CAN_T_M] = dv[L.DV_CAN_M]
    rec[L.P_CAN_SIGMA] = dv[L.DV_CAN_SIGMA]
    rec[L.P_DRIVE_R_OHM] = dv[L.DV_DRIVE_R_OHM]
    rec[L.P_DRIVE_SW_W_PER_A] = dv[L.DV_DRIVE_SW_W_PER_A]
    rec[L.P_DRIVE_FIXED_W] = dv[L.DV_DRIVE_FIXED_W]
    rec[L.P_I_MAX_A] = dv[L.DV_I_MAX_A]
    rec[L.P_G_WS] = g_ws
    rec[L.P_G_SH] = g_sh
    rec[L.P_G_SM] = g_sm
    rec[L.P_G_MA] = g_ma + dv[L.DV_SHAFT_G_W_K]
    rec[L.P_G_HA] = g_ha
    rec[L.P_SPEED_REF_RPM] = dv[L.DV_SPEED_REF_RPM]
    rec[L.P_CONV_EXP] = 0.5  # laminar plate: Nu ~ Re^0.5
    rec[L.P_DRIVE_IN_HOUSING] = dv[L.DV_DRIVE_IN_HOUSING]
    rec[L.P_C_WINDING] = c_w
    rec[L.P_C_STATOR] = c_s
    rec[L.P_C_MAGNET] = c_m
    rec[L.P_C_HOUSING] = dv[L.DV_HOUSING_KG] * dv[L.DV_CP_HOUSING]
    rec[L.P_DC_BUS_V] = dv[L.DV_DC_BUS_V]
    rec[L.P_RECT_DROP_V] = dv[L.DV_RECT_DROP_V]
    rec[L.P_PFC_LOSS_FRAC] = dv[L.DV_PFC_LOSS_FRAC]
    rec[L.P_LIMITS_ON] = 1.0
    rec[L.P_STRAY_W_PER_NM2] = dv[L.DV_STRAY_W_PER_NM2]
    rec[L.P_FAN_W_PER_RAD3] = dv[L.DV_FAN_W_PER_RAD3]
    rec[L.P_HARMONIC_FRAC] = HARMONIC_LOSS_FRACTION


@register_jitable
def coil_geometry(cand, r_s, l_stack, w_t, h_s, a_slot, slots):
    """(mean turn m, end-winding overhang m) of a tooth coil (pitch 1) or a distributed coil."""
    w_slot = a_slot / h_s
    pitch = cand[L.GC_COIL_PITCH]
    if pitch <= 1.0:
        return 2.0 * (l_stack + w_t) + 0.5 * math.pi * w_slot, 0.5 * w_slot
    span = pitch * 2.0 * math.pi * r_s / slots
    return 2.0 * l_stack + math.pi * span, 0.5 * span


@register_jitable
def generate(cand, env, mag, dv, gi, rec):
    """Design vector ``dv``, geometry ``gi`` (layout.GI_*) and record ``rec`` of candidate ``cand``
    (layout.GC_*) for the duty, supply and materials ``env`` (layout.GE_*) with magnet record ``mag``.

    Returns False where the geometry cannot be built (the magnet's manufacturing range does not fit the
    rotor, or teeth and yoke leave no slot); ``dv``, ``gi`` and ``rec`` are then incomplete."""
    for i in range(L.N_DV):
        dv[i] = 0.0
    for i in range(L.N_GI):
        gi[i] = math.nan
    topo = env[L.GE_TOPOLOGY]
    outer = topo == L.TOPO_OUTER_ROTOR_FAN
    p = cand[L.GC_POLE_PAIRS]
    slots = cand[L.GC_SLOTS]
    torque = env[L.GE_TORQUE_NM]
    omega = env[L.GE_SPEED_RPM] * 2.0 * math.pi / 60.0
    sigma = cand[L.GC_SHEAR_PA]
    lam = cand[L.GC_ASPECT]
    if not (torque > 0.0 and omega > 0.0 and sigma > 0.0 and lam > 0.0):
        return False
    r = (torque / (4.0 * math.pi * sigma * lam)) ** (1.0 / 3.0)
    l_stack = 2.0 * lam * r
    gap = env[L.GE_GAP_M]
    h_lo = env[L.GE_MAG_MIN_M]
    h_hi = min(env[L.GE_MAG_MAX_M], 0.35 * r)
    if h_hi < h_lo:
        return False
    h_m = h_lo * (h_hi / h_lo) ** cand[L.GC_MAG_POSITION]
    r_s = r - gap if outer else r + gap  # stator surface at the gap
    if r_s <= 0.0:
        return False
    tau_s = 2.0 * math.pi * r_s / slots
    b0 = env[L.GE_OPENING_FRACTION] * tau_s
    mu_rec = mag[L.R_MU_REC]
    # gap flux density at the duty's medium temperature (the teeth and yoke are sized for it)
    js, _ha, mk, _me, _mn = intrinsic_at(mag, env[L.GE_AMBIENT_K])
    br = remanence(mag, js, mk)
    rec[L.P_LEAKAGE] = LEAKAGE
    rec[L.P_GAP_M] = gap
    rec[L.P_MAG_THICK_M] = h_m
    rec[L.P_CARTER] = carter_coefficient(gap * 1e3, h_m * 1e3, mu_rec, b0 * 1e3, r * 1e3, slots)
    bg = gap_flux_density(rec, br, mu_rec)
    k_st = env[L.GE_STACKING]
    b_t = env[L.GE_B_TOOTH_T]
    b_y = env[L.GE_B_YOKE_T]
    w_t = bg * tau_s / (k_st * b_t)
    h_y = bg * POLE_ARC * math.pi * r_s / (2.0 * p * k_st * b_y)
    h_tip = env[L.GE_TIP_FRACTION] * tau_s
    r_shaft = env[L.GE_SHAFT_FRACTION] * r
    if outer:
        h_s = r_s - h_tip - h_y - r_shaft
        r_hi = r_s - h_tip
        r_lo = r_hi - h_s
        r_yoke_in = r_shaft
        r_yoke_out = r_shaft + h_y
        r_rotor_out = r + h_m + h_y
        od = 2.0 * r_rotor_out * (1.0 + env[L.GE_WALL_FRACTION])
    else:
        r_so = r_s / cand[L.GC_SPLIT]
        h_s = r_so - r_s - h_tip - h_y
        r_lo = r_s + h_tip
        r_hi = r_lo + h_s
        r_yoke_in = r_so - h_y
        r_yoke_out = r_so
        r_rotor_out = r
        od = 2.0 * r_so * (1.0 + env[L.GE_WALL_FRACTION])
    if h_s <= 0.0:
        return False
    a_slot = (math.pi * (r_hi * r_hi - r_lo * r_lo) - slots * w_t * h_s) / slots
    if a_slot <= 0.0:
        return False
    mean_turn, overhang = coil_geometry(cand, r_s, l_stack, w_t, h_s, a_slot, slots)
    length = l_stack + 2.0 * overhang
    rho_fe = env[L.GE_FE_DENSITY]
    m_teeth = rho_fe * k_st * l_stack * slots * w_t * (h_s + h_tip)
    m_yoke = rho_fe * k_st * l_stack * math.pi * (r_yoke_out * r_yoke_out - r_yoke_in * r_yoke_in)
    m_stator = m_teeth + m_yoke
    if outer:
        rotor_iron = rho_fe * l_stack * math.pi * (r_rotor_out * r_rotor_out - (r + h_m) * (r + h_m))
    else:
        rotor_iron = rho_fe * l_stack * math.pi * (r - h_m) * (r - h_m)
    b_iron = math.sqrt((m_teeth * b_t * b_t + m_yoke * b_y * b_y) / m_stator)
    outer_flag = 1.0 if outer else 0.0
    mag_kg = magnet_volume_m3(r * 1e3, h_m * 1e3, l_stack * 1e3, POLE_ARC, outer_flag) * mag[L.R_DENSITY]
    rotor_kg = mag_kg + rotor_iron
    d_shaft = 2.0 * r_shaft
    load = 0.5 * rotor_kg * GRAVITY_M_S2 + PRELOAD_N
    bearing = bearing_torque_nm(env[L.GE_BEARING_MU], load, d_shaft, env[L.GE_BEARING_NU_CST], env[L.GE_SPEED_RPM])
    arc_width = POLE_ARC * math.pi * r / p
    segment = min(arc_width, env[L.GE_SEGMENT_MAX_M])
    r_out = 0.5 * od
    if outer:
        rotor_area = 2.0 * math.pi * r_rotor_out * l_stack + math.pi * r_rotor_out * r_rotor_out
        rotor_length = l_stack
        housing_area = FIN_AREA_FACTOR * HOUSING_FLANGE * math.pi * r_rotor_out * r_rotor_out
        housing_length = 2.0 * r_rotor_out
        contact = 2.0 * math.pi * r_shaft * l_stack
        housing_kg = env[L.GE_HOUSING_DENSITY] * math.pi * r_rotor_out * r_rotor_out * env[L.GE_WALL_FRACTION] * r_out
    else:
        rotor_area = 2.0 * math.pi * r * r
        if topo == L.TOPO_CANNED:
            rotor_area += 2.0 * math.pi * r * l_stack
        rotor_length = l_stack
        housing_length = length + 2.0 * overhang
        housing_area = FIN_AREA_FACTOR * 2.0 * math.pi * r_out * housing_length + 2.0 * math.pi * r_out * r_out
        contact = 2.0 * math.pi * r_yoke_out * l_stack
        wall = env[L.GE_WALL_FRACTION] * r_out
        housing_kg = env[L.GE_HOUSING_DENSITY] * (2.0 * math.pi * r_out * wall * housing_length)
    rotor_speed = env[L.GE_ROTOR_SPEED_M_S]
    if rotor_speed <= 0.0:
        rotor_speed = omega * r  # the rotor's own surface speed in the medium around it
    dv[L.DV_POLE_PAIRS] = p
    dv[L.DV_SLOTS] = slots
    dv[L.DV_R_GAP_M] = r
    dv[L.DV_GAP_M] = gap
    dv[L.DV_MAG_M] = h_m
    dv[L.DV_POLE_ARC] = POLE_ARC
    dv[L.DV_STACK_M] = l_stack
    dv[L.DV_KW] = cand[L.GC_KW]
    dv[L.DV_SLOT_OPENING_M] = b0
    dv[L.DV_MEAN_TURN_M] = mean_turn
    dv[L.DV_LEAKAGE] = LEAKAGE
    dv[L.DV_STATOR_IRON_KG] = m_stator
    dv[L.DV_KH] = env[L.GE_KH] * env[L.GE_BUILD_FE]
    dv[L.DV_KE] = env[L.GE_KE] * env[L.GE_BUILD_FE]
    dv[L.DV_B_IRON_RATIO] = b_iron / bg
    dv[L.DV_RIPPLE] = RIPPLE_TOOTH_COIL if cand[L.GC_COIL_PITCH] <= 1.0 else RIPPLE_DISTRIBUTED
    dv[L.DV_SEGMENT_M] = segment
    dv[L.DV_BEARING_NM] = bearing
    dv[L.DV_GAP_RHO] = env[L.GE_GAP_RHO]
    dv[L.DV_GAP_NU] = env[L.GE_GAP_NU]
    dv[L.DV_GAP_K] = env[L.GE_GAP_K]
    dv[L.DV_GAP_PR] = env[L.GE_GAP_PR]
    dv[L.DV_ROTOR_NU] = env[L.GE_ROTOR_NU]
    dv[L.DV_ROTOR_K] = env[L.GE_ROTOR_K]
    dv[L.DV_ROTOR_PR] = env[L.GE_ROTOR_PR]
    dv[L.DV_HOUSING_NU] = env[L.GE_HOUSING_NU]
    dv[L.DV_HOUSING_K] = env[L.GE_HOUSING_K]
    dv[L.DV_HOUSING_PR] = env[L.GE_HOUSING_PR]
    dv[L.DV_CAN_M] = env[L.GE_CAN_M]
    dv[L.DV_CAN_SIGMA] = env[L.GE_CAN_SIGMA]
    dv[L.DV_DRIVE_R_OHM] = env[L.GE_DRIVE_R_OHM]
    dv[L.DV_DRIVE_SW_W_PER_A] = env[L.GE_DRIVE_SW_W_PER_A]
    dv[L.DV_DRIVE_FIXED_W] = env[L.GE_DRIVE_FIXED_W]
    dv[L.DV_RECT_DROP_V] = env[L.GE_RECT_DROP_V]
    dv[L.DV_PFC_LOSS_FRAC] = env[L.GE_PFC_LOSS_FRAC]
    dv[L.DV_DRIVE_IN_HOUSING] = env[L.GE_DRIVE_IN_HOUSING]
    dv[L.DV_I_MAX_A] = env[L.GE_I_MAX_A]
    dv[L.DV_DC_BUS_V] = env[L.GE_DC_BUS_V]
    dv[L.DV_LINER_M] = env[L.GE_LINER_M]
    dv[L.DV_K_LINER] = env[L.GE_K_LINER]
    dv[L.DV_SLOT_PERIMETER_M] = 2.0 * h_s + 2.0 * a_slot / h_s
    dv[L.DV_H_CONTACT] = env[L.GE_H_CONTACT]
    dv[L.DV_CONTACT_AREA_M2] = contact
    dv[L.DV_ROTOR_AREA_M2] = rotor_area
    dv[L.DV_ROTOR_LENGTH_M] = rotor_length
    dv[L.DV_ROTOR_SPEED_M_S] = rotor_speed
    dv[L.DV_HOUSING_AREA_M2] = housing_area
    dv[L.DV_HOUSING_LENGTH_M] = housing_length
    dv[L.DV_HOUSING_SPEED_M_S] = env[L.GE_HOUSING_SPEED_M_S]
    dv[L.DV_ROTOR_IRON_KG] = rotor_iron
    dv[L.DV_HOUSING_KG] = housing_kg
    dv[L.DV_SPEED_REF_RPM] = env[L.GE_SPEED_RPM]
    dv[L.DV_OUTER_ROTOR] = outer_flag
    dv[L.DV_RHO_CU] = env[L.GE_RHO_CU]
    dv[L.DV_CU_DENSITY] = env[L.GE_CU_DENSITY]
    dv[L.DV_CP_CU] = env[L.GE_CP_CU]
    dv[L.DV_CP_FE] = env[L.GE_CP_FE]
    dv[L.DV_CP_MAG] = env[L.GE_CP_MAG]
    dv[L.DV_CP_HOUSING] = env[L.GE_CP_HOUSING]
    dv[L.DV_MAG_DENSITY] = mag[L.R_DENSITY]
    dv[L.DV_MU_REC] = mu_rec
    if not outer:
        # the rotor's heat also leaves through the shaft to the bearings and end shields, which run near the
        # frame's temperature (taken to the medium: E)
        reach = 0.5 * l_stack + overhang + r_shaft
        dv[L.DV_SHAFT_G_W_K] = 2.0 * env[L.GE_K_SHAFT] * math.pi * r_shaft * r_shaft / reach
    dv[L.DV_STRAY_W_PER_NM2] = stray_coefficient(torque * omega, torque)
    omega_3000 = 3000.0 * math.pi / 30.0
    dv[L.DV_FAN_W_PER_RAD3] = env[L.GE_FAN_LOSS_FRACTION] * torque * omega / omega_3000**3
    # turns for the supply: the back-EMF per turn from the record with one turn
    dv[L.DV_TURNS] = 1.0
    dv[L.DV_WIRE_AREA_M2] = env[L.GE_FILL] * a_slot * slots / 6.0
    design_record(dv, rec)
    e_turn = torque_constant(rec, bg) * omega / 3.0
    v_ph = env[L.GE_DC_BUS_V] / math.sqrt(6.0)
    turns = max(1.0, math.floor(cand[L.GC_VOLT_UTIL] * v_ph / e_turn))
    dv[L.DV_TURNS] = turns
    dv[L.DV_WIRE_AREA_M2] = env[L.GE_FILL] * a_slot * slots / (6.0 * turns)
    design_record(dv, rec)
    gi[L.GI_OUTER_D_M] = od
    gi[L.GI_LENGTH_M] = length
    gi[L.GI_SHEAR_PA] = torque / (2.0 * math.pi * r * r * l_stack)
    gi[L.GI_SLOT_AREA_M2] = a_slot
    gi[L.GI_TOOTH_M] = w_t
    gi[L.GI_YOKE_M] = h_y
    gi[L.GI_SLOT_DEPTH_M] = h_s
    gi[L.GI_MAGNET_KG] = mag_kg
    gi[L.GI_COPPER_KG] = copper_mass_kg(turns, mean_turn, dv[L.DV_WIRE_AREA_M2], env[L.GE_CU_DENSITY])
    gi[L.GI_IRON_KG] = m_stator + rotor_iron
    return True
