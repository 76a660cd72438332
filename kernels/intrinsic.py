"""Intrinsic properties of (R)2(Fe,Co)14B and the composition -> magnet record map.

Scalar ``register_jitable`` functions: plain Python, callable from ``@njit`` and
``@cuda.jit`` code alike (docs/design.md section 2). References for every constant are in
``constants.py``.

Model
-----
* Site fractions x_R of the rare-earth sublattice from the wt% composition.
* Curie temperature, Js(300 K) and mu0*HA(300 K) are site-fraction averages of the
  R2Fe14B end members (Js: moments add, heavy RE antiparallel already in their low Js;
  HA: linear in x as measured for (Nd,Dy)2Fe14B by Hirosawa et al., J. Appl. Phys. 59, 873
  (1986)); Co on the Fe site adds linear terms in y.
* Js(T) = Js(0) m(T/Tc) with the Kuz'min law m(tau); mu0*HA(T) = HA(0) m^k.
* Phase balance: the main phase is limited by R/2, B and (Fe+Co)/14; excess rare earth
  forms the non-magnetic grain-boundary phase, whose volume dilutes Br.
* Br(T) of a record (``remanence``) and the reversible recoil slope against HA(T)
  (``recoil_slope``), which the demag solves and the record's 20 C recoil permeability share.
"""

import math

from numba.extending import register_jitable

from . import constants as c
from . import layout as L
from . import status as st


@register_jitable
def kuzmin_m3(tau, s, p):
    """m^3 of Kuz'min's law (PRL 94, 107204, 2005): 1 - s tau^(3/2) - (1-s) tau^p, clipped to [0, 1]."""
    if tau >= 1.0:
        return 0.0
    if tau <= 0.0:
        return 1.0
    t15 = tau * math.sqrt(tau)
    tp = tau * t15 if p == 2.5 else tau**p  # p = 5/2 in practice: avoid a pow
    v = 1.0 - s * t15 - (1.0 - s) * tp
    return v if v > 0.0 else 0.0


@register_jitable
def kuzmin_m(tau, s, p):
    """Reduced spontaneous magnetization m = Ms(T)/Ms(0) of Kuz'min."""
    v = kuzmin_m3(tau, s, p)
    return v ** (1.0 / 3.0) if v > 0.0 else 0.0


@register_jitable
def neff_of_grain(grain_um):
    """Effective demagnetization factor N_eff(D) (Bance et al. 2014 / Ramesh ln-law)."""
    return c.NEFF_A + c.NEFF_B * math.log(grain_um)


@register_jitable
def gbd_layer_profile(z, thick, depth):
    """Relative diffusant concentration at depth z, diffusing in from both pole faces.

    Each face is a constant-source error-function profile erfc(z/(2 sqrt(D t))), the standard
    solution for grain-boundary diffusion from a surface coating over the treatment time.
    """
    return math.erfc(z / depth) + math.erfc((thick - z) / depth)


@register_jitable
def composition_record(comp, micro, table, rec):
    """Fill ``rec`` (layout.R_*) for one composition row (wt%) and one microstructure row."""
    for i in range(L.N_REC):
        rec[i] = 0.0
    rec[L.R_KIND] = L.KIND_R2FE14B
    status = st.OK

    # moles per 100 g
    n_re = 0.0
    m_re_sum = 0.0
    for r in range(L.N_RE):
        n = comp[r] / table[r, L.T_MOLAR]
        n_re += n
        m_re_sum += comp[r]
    n_fe = comp[L.I_FE] / c.M_FE
    n_co = comp[L.I_CO] / c.M_CO
    n_b = comp[L.I_B] / c.M_B
    n_tm = n_fe + n_co
    if n_re <= 0.0 or n_tm <= 0.0 or n_b <= 0.0:
        rec[L.R_STATUS] = st.OUT_OF_RANGE
        return

    tc = 0.0
    js_rt = 0.0
    ha_rt = 0.0
    m_r = 0.0
    for r in range(L.N_RE):
        x = comp[r] / table[r, L.T_MOLAR] / n_re
        tc += x * table[r, L.T_TC_K]
        js_rt += x * table[r, L.T_JS_T]
        ha_rt += x * table[r, L.T_HA_T]
        m_r += x * table[r, L.T_MOLAR]
    x_ce = comp[L.I_CE] / table[L.I_CE, L.T_MOLAR] / n_re
    x_ce_la = x_ce + comp[L.I_LA] / table[L.I_LA, L.T_MOLAR] / n_re
    y_co = n_co / n_tm
    tc += c.DTC_CO_K * y_co
    js_rt += c.DJS_CO_T * y_co
    ha_rt += c.DHA_CO_T * y_co
    if x_ce_la > c.CE_LA_MAX_FRACTION or y_co > c.CO_Y_MAX:
        status = st.OUT_OF_RANGE

    # phase balance (per 100 g)
    n_fu = n_re / 2.0
    if n_b < n_fu:
        n_fu = n_b
    if n_tm / 14.0 < n_fu:
        n_fu = n_tm / 14.0
    m_tm = (1.0 - y_co) * c.M_FE + y_co * c.M_CO
    m_fu = 2.0 * m_r + 14.0 * m_tm + c.M_B
    mass_main = n_fu * m_fu
    # below the 2:14:1 boron the excess Fe would be soft alpha-Fe; with Ga it forms the R6Fe13Ga grain-boundary
    # phase instead (the low-B, Ga-doped route of heavy-rare-earth-free sintered magnets: B 0.85-0.95 wt% with
    # Ga 0.2-0.75 wt% and [Fe] > 72.3 [B], e.g. US10923256B2), taking 13 Fe and 6 R per Ga
    n_free = n_tm - 14.0 * n_fu
    n_613 = min(comp[L.I_GA] / c.M_GA, n_free / 13.0, max(n_re - 2.0 * n_fu, 0.0) / 6.0)
    if n_613 > 0.0:
        n_free -= 13.0 * n_613
    free_tm_wt = max(n_free, 0.0) * m_tm
    rec[L.R_FREE_TM_WT] = free_tm_wt
    rec[L.R_X_CE_LA] = x_ce_la
    if free_tm_wt > c.FREE_FE_MAX_WT:
        status = st.OUT_OF_RANGE
    total = 0.0
    for e in range(L.N_ELEM):
        total += comp[e]
    mass_rest = total - mass_main
    if mass_rest < 0.0:
        mass_rest = 0.0
    cell_m3 = c.LATTICE_A_M * c.LATTICE_A_M * c.LATTICE_C_M
    rho_main = c.FU_PER_CELL * m_fu / c.N_AVOGADRO / (cell_m3 * 1.0e6)  # g/cm3
    v_main = mass_main / rho_main
    v_rest = mass_rest / c.RHO_GB_G_CM3
    # a light-RE eutectic diffused in stays in the boundaries: non-magnetic volume per 100 g of magnet
    v_eut = 0.0
    m_eut = 0.0
    if int(micro[L.M_GBD_KIND]) == L.GBD_EUTECTIC and micro[L.M_GBD_WT] > 0.0:
        m_eut = micro[L.M_GBD_WT] * total / 100.0
        v_eut = m_eut / c.EUTECTIC_RHO_G_CM3
    vol_frac_main = v_main / (v_main + v_rest + v_eut)
    rel_density = micro[L.M_REL_DENSITY]
    rho = (total + m_eut) / (v_main + v_rest + v_eut) * rel_density * 1000.0  # kg/m3

    grain = micro[L.M_GRAIN_UM]
    if grain < c.GRAIN_MIN_UM or grain > c.GRAIN_MAX_UM:
        status = st.OUT_OF_RANGE
        grain = min(max(grain, c.GRAIN_MIN_UM), c.GRAIN_MAX_UM)

    s = c.KUZMIN_S_R2FE14B
    m_ref = kuzmin_m(c.T_REF_K / tc, s, c.KUZMIN_P)
    mk_ref = m_ref**c.HA_EXPONENT

    # grain-boundary diffusion: layers over half the thickness (symmetric about the centre)
    kind = int(micro[L.M_GBD_KIND])
    n_layers = 1
    js_shell_loss = 0.0
    if kind != L.GBD_NONE and micro[L.M_GBD_WT] > 0.0:
        n_layers = L.N_LAYERS_MAX
        thick = micro[L.M_THICK_M]
        depth = micro[L.M_GBD_DEPTH_M]
        wt = micro[L.M_GBD_WT]
        p_mean = 0.0
        for j in range(n_layers):
            z = (j + 0.5) / n_layers * 0.5 * thick
            p_mean += gbd_layer_profile(z, thick, depth)
        p_mean /= n_layers
        elem = int(micro[L.M_GBD_ELEM])
        for j in range(n_layers):
            z = (j + 0.5) / n_layers * 0.5 * thick
            c_j = wt * gbd_layer_profile(z, thick, depth) / p_mean  # local wt%
            if kind == L.GBD_HRE:
                dx_bulk = c_j / table[elem, L.T_MOLAR] / n_re
                # the shells fill up: linear (SHELL_ENRICHMENT) for little diffusant, saturating at SHELL_X_MAX
                dx_shell = c.SHELL_X_MAX * (1.0 - math.exp(-c.SHELL_ENRICHMENT * dx_bulk / c.SHELL_X_MAX))
                rec[L.R_DHA0 + j] = dx_shell * (table[elem, L.T_HA_T] - ha_rt) / mk_ref
                js_shell_loss += c.SHELL_VOLUME_FRACTION * dx_shell * (js_rt - table[elem, L.T_JS_T])
            else:
                rec[L.R_DALPHA + j] = (
                    c.EUTECTIC_DALPHA_MAX * (1.0 - math.exp(-c_j / c.EUTECTIC_C0_WT)) / m_ref**c.NUCLEATION_EXPONENT
                )
        js_shell_loss /= n_layers
    js_rt_eff = js_rt - js_shell_loss

    rec[L.R_TC_K] = tc
    rec[L.R_JS0_T] = js_rt_eff / m_ref
    rec[L.R_HA0_T] = ha_rt / mk_ref
    # alpha and its eutectic increments are given at T_REF_K; the record holds them referred to m = 1
    # the Ce-rich REFe2 grain-boundary phase decouples the grains (CE_GB_DALPHA)
    rec[L.R_ALPHA] = (micro[L.M_ALPHA] + c.CE_GB_DALPHA * x_ce) / m_ref**c.NUCLEATION_EXPONENT
    rec[L.R_NEFF] = micro[L.M_NEFF_SCALE] * neff_of_grain(grain)
    rec[L.R_BR_FACTOR] = vol_frac_main * rel_density * micro[L.M_ALIGN]
    rec[L.R_KAPPA_REV] = micro[L.M_KAPPA_REV]
    rec[L.R_SQUARENESS] = micro[L.M_SQUARENESS]
    rec[L.R_N_LAYERS] = n_layers
    rec[L.R_T_MIN_K] = c.T_MIN_R2FE14B_K
    rec[L.R_T_MAX_K] = tc
    rec[L.R_DENSITY] = rho
    rec[L.R_STATUS] = status
    # activation volume referred to m = 1 so that v(T) = v0 m^e needs only m = Js(T)/Js(0)
    rec[L.R_V0_M3] = c.ACTIVATION_VOLUME_300K_M3 / m_ref**c.ACTIVATION_VOLUME_EXPONENT
    # the recoil permeability at 20 degC that the motor models use: the demag slope there
    rec[L.R_MU_REC] = 1.0 + recoil_slope_at(rec, c.T_20C_K) / c.MU0


@register_jitable
def intrinsic_at(rec, temp_k):
    """(Js [T], mu0*HA [T], m^k, m^e, m^n) of the main phase at temp_k for a record.

    m^e scales the thermal-activation volume, v = v0 m^e; m^n the nucleation factor alpha, alpha(T) =
    alpha0 m^n (``NUCLEATION_EXPONENT``). One log of m^3 serves all the powers of m (this runs once per
    point of every sweep).
    """
    if rec[L.R_KIND] == L.KIND_LINEAR:
        dt = temp_k - c.T_20C_K
        br = rec[L.R_LIN_BR20_T] * (1.0 + rec[L.R_LIN_ALPHA_PER_K] * dt)
        scale = 1.0 + rec[L.R_LIN_BETA_PER_K] * dt
        return br * rec[L.R_JS_OVER_BR], rec[L.R_LIN_HA20_T] * scale, scale, 1.0, 1.0
    v = kuzmin_m3(temp_k / rec[L.R_TC_K], c.KUZMIN_S_R2FE14B, c.KUZMIN_P)
    if v <= 0.0:
        return 0.0, 0.0, 0.0, 1.0, 0.0
    lm = math.log(v) / 3.0
    m = math.exp(lm)
    mk = math.exp(c.HA_EXPONENT * lm)
    return (
        rec[L.R_JS0_T] * m,
        rec[L.R_HA0_T] * mk,
        mk,
        math.exp(c.ACTIVATION_VOLUME_EXPONENT * lm),
        math.exp(c.NUCLEATION_EXPONENT * lm),
    )


@register_jitable
def nucleation_fields(ha_t, mk, mn):
    """(mu0 HA m^n, m^k m^n): the anisotropy terms of the Kronmueller relation with the nucleation factor's
    temperature dependence alpha(T) = alpha0 m^n folded in (m^n from ``intrinsic_at``), so that the switching-field
    functions of demag.py and grains.py need no extra argument."""
    return ha_t * mn, mk * mn


@register_jitable
def recoil_slope(rec, br, ha_t):
    """Reversible slope cr = dJ/dh of the unswitched (and of the switched) grains, T per A/m.

    Parameters
    ----------
    rec : array
        Magnet record (layout.R_*).
    br : float
        Remanence at the temperature, T.
    ha_t : float
        mu0 HA of the main phase at the temperature, T.

    Returns
    -------
    float
        R2Fe14B: mu0 kappa Br / (mu0 HA), the small-angle rotation of the magnetization against the
        anisotropy field (Stoner & Wohlfarth, Phil. Trans. R. Soc. A 240, 599 (1948): chi = Js sin^2 theta /
        (mu0 HA) for an easy axis at theta), kappa = ``R_KAPPA_REV``; datasheet materials:
        (mu_rec - 1) mu0 with their constant mu_rec.
    """
    if rec[L.R_KIND] == L.KIND_LINEAR or not ha_t > 0.0:
        return (rec[L.R_MU_REC] - 1.0) * c.MU0
    return c.MU0 * rec[L.R_KAPPA_REV] * br / ha_t


@register_jitable
def recoil_slope_at(rec, temp_k):
    """``recoil_slope`` at temp_k (the intrinsic state evaluated here), T per A/m: the slope every demag solve
    uses, and (at 20 degC) the recoil permeability of the record that the motor models read."""
    js_t, ha_t, mk, _me, _mn = intrinsic_at(rec, temp_k)
    return recoil_slope(rec, remanence(rec, js_t, mk), ha_t)


@register_jitable
def remanence(rec, js_t, mk):
    """Br [T] of a record at the temperature for which js_t, mk were evaluated."""
    if rec[L.R_KIND] == L.KIND_LINEAR:
        return js_t / rec[L.R_JS_OVER_BR]
    return js_t * rec[L.R_BR_FACTOR]
