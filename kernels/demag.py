"""Demagnetization curve, operating point and irreversible loss of one magnet record.

Model (docs/design.md section 7, 'Demagnetization'):

* Each layer j of the magnet (one layer, or the GBD depth layers) has a switching-field
  distribution: the reversed fraction at reverse field h is the logistic
  F_j(h) = 1/(1+exp(-(h-HcJ_j)/w_j)). The width follows the grains' spread of the nucleation factor,
  w_j = (1-sq)/ln 19 x SWITCHING_WIDTH_REF x alpha HA_j (``layer_switching``): the reference N alloy
  at 20 C has 5 % switched at h = sq*HcJ (sq = the process's squareness); heavy rare earths and cold
  make the knee squarer, heat near the end of the coercivity softer.
* HcJ_j from Kronmueller with Givord's thermal-activation term:
  mu0 HcJ = (alpha+dalpha_j) m^n (mu0 HA + dHA_j) - N_eff Js - 25 k_B T mu0/(Js v(T))
  (Kronmueller & Durst, JMMM 74, 291 (1988); Givord et al., IEEE Trans. Magn. 24, 1921 (1988));
  catalogue materials use their datasheet
  HcJ(T) = HcJ(20 C)(1 + beta (T-20 C)).
* Polarization J(h) = Br (1 - 2 F(h)) - cr h, F the layer average: reversed grains
  contribute -Br, and the reversible (recoil) susceptibility adds the same -cr h whichever way a
  grain points. For R2Fe14B the slope is that of the magnetization rotating away from the easy axes
  against the anisotropy field: cr = mu0 kappa Br(T) / (mu0 HA(T)) (``recoil_slope`` in intrinsic.py; Stoner &
  Wohlfarth's small-angle susceptibility Js <sin^2 theta> / HA of a textured ensemble, with kappa an
  effective <sin^2 theta> calibrated on the N-class recoil permeability), so the slope falls with
  the anisotropy field (heavy rare earths, cold) and the knee of high-coercivity grades is not
  pinned by a constant mu_rec; datasheet materials keep their constant mu_rec.
* Operating point on the load line B = -Pc mu0 (H + Ha) of a magnetic circuit with
  permeance coefficient Pc and applied reverse field Ha (Ampere's law for magnet + gap + coil).
* Irreversible loss: flux of the grains reversed at the hottest operating point, relative
  to the stabilised state at 20 C in the same circuit, averaged over the volume of a block whose
  regions under the pole faces work at a lower local permeance than its mean (``PC_NODE_LN``).
* Time: a hold of duration t crosses barriers of ln(f0 t) k_B T, so the switching fields fall by the
  fluctuation field S_v = k_B T / (Ms v) per e-fold of time (magnetic viscosity, ~8-10 kA/m per decade
  with the measured-order v of constants.py); the temperature dependence of HcJ is carried by HA(T),
  Js(T) and the nucleation factor alpha(T), not by the time term.

Fields here are reverse-field magnitudes h = -H >= 0 in A/m; polarizations in T.
"""

import math

from numba.extending import register_jitable

from . import constants as c
from . import layout as L
from . import status as st
from .intrinsic import intrinsic_at, nucleation_fields, recoil_slope, remanence

LN19 = math.log(19.0)

# Volume distribution of the local permeance coefficient in a block magnet, as ln(Pc_local / Pc) at five
# volume shares (the weakest 1 %, the next 2 %, 7 %, 20 % and the remaining 70 %; means of each share).
# Computed for a uniformly magnetised cube from the solid angles its charged pole faces subtend
# (Pc_local = (1 - N_zz)/N_zz with the local demagnetizing factor N_zz; the mean N_zz = 1/3 gives
# Pc = 2): the 10 % of its volume under the middle of the pole faces (N_zz up to 0.56) works at 0.40-0.48 x
# the magnet's Pc; the middles of its side edges (N_zz ~0.15) work highest. Blocks of L/D 0.35-1.5 spread
# alike (std of ln Pc_local 0.40-0.51 against the cube's 0.43): docs/research/local_permeance_of_a_block.py
# computes both, and tests/test_grains.py checks these numbers against the grain ensemble's block field.
# Vendors note that a block demagnetizes unevenly, "edges and corners first" (chinahpmg.com, Time Dependent
# Losses): there the transverse field, which this axial model leaves out, tilts the magnetization.
PC_NODE_W = (0.01, 0.02, 0.07, 0.2, 0.7)
PC_NODE_LN = (-0.912, -0.862, -0.728, -0.380, 0.260)

# residual kinds for the shared safeguarded Newton solver
_RES_J = 0  # J(h)                     -> HcJ
_RES_KNEE = 1  # J(h) - 0.9 J(0)       -> Hk
_RES_B = 2  # B(h)                     -> HcB
_RES_BH = 3  # d(hB)/dh                 -> (BH)max
_RES_LOAD = 4  # h - J/(mu0(1+Pc)) - Pc Ha/(1+Pc) -> operating point


@register_jitable
def layer_terms(rec, j, bt, ha_t, js_t, mk):
    """(median switching field, its anisotropy term alpha HA / mu0) of layer j of an R2Fe14B record, A/m: the
    Kronmueller relation with the thermal-activation term (arguments as ``layer_switching``)."""
    alpha = rec[L.R_ALPHA] + rec[L.R_DALPHA + j]
    h_alpha = alpha * (ha_t + rec[L.R_DHA0 + j] * mk) / c.MU0
    h = h_alpha - rec[L.R_NEFF] * js_t / c.MU0
    if js_t > 0.0:
        h -= c.K_BOLTZMANN * bt / (js_t * rec[L.R_V0_M3])
    return h, h_alpha


@register_jitable
def layer_switching(rec, j, bt, ha_t, js_t, mk):
    """(median switching field, logistic width) of layer j, A/m (the median may be <= 0: no coercivity left).

    ``bt`` = (thermal barrier in units of k_B T) x temperature [K] / m^e: 25 T for a measured
    curve, ln(f0 t) T after a hold of duration t; the division by m^e (from ``intrinsic_at``)
    turns v0 into the activation volume at temperature.

    The width is that of the grains' spread in the nucleation factor: alpha varies from grain to grain, so the
    switching fields spread in proportion to alpha HA, not to what is left of it after the N_eff Js and
    thermal terms. ``SWITCHING_WIDTH_REF`` is HcJ / (alpha HA) of the reference N alloy at 20 C, so that its
    squareness is the process's; a grade whose anisotropy dominates (heavy rare earths, cold) is squarer,
    and one near the end of its coercivity (hot) softer.
    """
    sqw = (1.0 - rec[L.R_SQUARENESS]) / LN19
    if rec[L.R_KIND] == L.KIND_LINEAR:
        # datasheet HcJ is where J = 0: Br (1 - 2F) = (mu_rec - 1) mu0 HcJ; return the median
        # switching field that puts J = 0 there
        hcj = rec[L.R_LIN_HCJ20_A_PER_M] * mk
        br = js_t / rec[L.R_JS_OVER_BR]
        f = 0.5 * (1.0 - (rec[L.R_MU_REC] - 1.0) * c.MU0 * hcj / br)
        if hcj <= 0.0 or f <= 0.0:
            return hcj, hcj * sqw
        h50 = hcj / (1.0 + sqw * math.log(f / (1.0 - f)))
        return h50, h50 * sqw
    h, h_alpha = layer_terms(rec, j, bt, ha_t, js_t, mk)
    return h, sqw * c.SWITCHING_WIDTH_REF * h_alpha


@register_jitable
def layer_hcj(rec, j, bt, ha_t, js_t, mk):
    """Median switching field (HcJ of a homogeneous layer) of layer j, A/m: ``layer_switching``'s first value."""
    h, _w = layer_switching(rec, j, bt, ha_t, js_t, mk)
    return h


@register_jitable
def single_hcj(rec, bt, ha_t, js_t, mk):
    """(median switching field, inverse logistic width) of a one-layer magnet, computed once per
    temperature. The width says which case applies (no NaN sentinels: the CPU launchers use
    fastmath): > 0 one layer, < 0 one layer without coercivity, 0 a layered magnet."""
    if int(rec[L.R_N_LAYERS]) == 1:
        h1, w1 = layer_switching(rec, 0, bt, ha_t, js_t, mk)
        inv_w1 = 1.0 / w1 if h1 > 0.0 and w1 > 0.0 else -1.0
        return h1, inv_w1
    return 0.0, 0.0


@register_jitable
def _logistic(h, h50, inv_w):
    """Logistic reversed fraction of one layer with median h50 and width 1/inv_w, with two derivatives."""
    u = (h - h50) * inv_w
    e = math.exp(-abs(u))
    r = 1.0 / (1.0 + e)
    sg = r if u >= 0.0 else e * r
    d1 = sg * (1.0 - sg)
    return sg, d1 * inv_w, d1 * (1.0 - 2.0 * sg) * inv_w * inv_w


@register_jitable
def switched_fraction(h, rec, bt, ha_t, js_t, mk, h1, inv_w1):
    """Layer-averaged reversed fraction F(h) and its first two derivatives in h.

    ``h1``, ``inv_w1``: median and inverse width of a one-layer magnet, computed once per
    temperature by the caller (``single_hcj``); inv_w1 = 0 marks a layered (GBD) magnet, whose
    layer medians are evaluated in ``_layered_fraction``.
    """
    if inv_w1 > 0.0:
        return _logistic(h, h1, inv_w1)
    if inv_w1 < 0.0:
        return 0.5, 0.0, 0.0  # no coercivity: no remanence
    return _layered_fraction(h, rec, bt, ha_t, js_t, mk)


@register_jitable
def _layered_fraction(h, rec, bt, ha_t, js_t, mk):
    n = int(rec[L.R_N_LAYERS])
    f = 0.0
    df = 0.0
    d2f = 0.0
    for j in range(n):
        hcj, w = layer_switching(rec, j, bt, ha_t, js_t, mk)
        if hcj <= 0.0:
            f += 0.5  # a layer without coercivity holds no remanence
            continue
        sg, d1, d2 = _logistic(h, hcj, 1.0 / w)
        f += sg
        df += d1
        d2f += d2
    inv_n = 1.0 / n
    return f * inv_n, df * inv_n, d2f * inv_n


@register_jitable
def _j_of_fraction(h, br, cr, f, df, d2f):
    """J = Br (1 - 2F) - cr h and its two derivatives, from F and its derivatives."""
    return br * (1.0 - 2.0 * f) - cr * h, -2.0 * br * df - cr, -2.0 * br * d2f


@register_jitable
def polarization(h, br, cr, rec, bt, ha_t, js_t, mk, h1, inv_w1):
    """J(h) with dJ/dh and d2J/dh2 (h = reverse field, A/m; cr = (mu_rec - 1) mu0)."""
    f, df, d2f = switched_fraction(h, rec, bt, ha_t, js_t, mk, h1, inv_w1)
    return _j_of_fraction(h, br, cr, f, df, d2f)


@register_jitable
def _residual_from_j(kind, h, j, dj, d2j, a, b):
    if kind == _RES_J:
        return j, dj
    if kind == _RES_KNEE:  # a = 0.9 Br
        return j - a, dj
    bb = j - c.MU0 * h
    db = dj - c.MU0
    if kind == _RES_B:
        return bb, db
    if kind == _RES_BH:
        return bb + h * db, 2.0 * db + h * d2j
    # load line: a = 1/(mu0 (1+Pc)), b = Pc Ha/(1+Pc)
    return h - j * a - b, 1.0 - dj * a


@register_jitable
def _residual_one_layer(kind, h, br, cr, h1, inv_w1, a, b):
    """Residual of a one-layer magnet: small enough to be inlined into the Newton loop."""
    f, df, d2f = _logistic(h, h1, inv_w1)
    j, dj, d2j = _j_of_fraction(h, br, cr, f, df, d2f)
    return _residual_from_j(kind, h, j, dj, d2j, a, b)


@register_jitable
def _residual_layered(kind, h, br, cr, rec, bt, ha_t, js_t, mk, h1, inv_w1, a, b):
    j, dj, d2j = polarization(h, br, cr, rec, bt, ha_t, js_t, mk, h1, inv_w1)
    return _residual_from_j(kind, h, j, dj, d2j, a, b)


@register_jitable
def solve_h(kind, lo, hi, x0, br, cr, rec, bt, ha_t, js_t, mk, h1, inv_w1, a, b):
    """Root of a residual on [lo, hi] that is positive at lo for every kind except the load line
    (negative there), as the callers guarantee: Newton from the guess x0, falling back to bisection
    whenever a step leaves the bracket. Returns (h, converged)."""
    g_lo = -1.0 if kind == _RES_LOAD else 1.0
    sign_lo = g_lo > 0.0
    tol = 1e-9 * (abs(hi) + abs(lo)) + 1e-6
    quad = 3e-6 * (abs(hi) + abs(lo))
    x = min(max(x0, lo + 1e-9 * (hi - lo)), hi - 1e-9 * (hi - lo))
    dx_old = hi - lo
    for _ in range(200):
        if inv_w1 > 0.0:
            g, dg = _residual_one_layer(kind, x, br, cr, h1, inv_w1, a, b)
        else:
            g, dg = _residual_layered(kind, x, br, cr, rec, bt, ha_t, js_t, mk, h1, inv_w1, a, b)
        if g == 0.0 or abs(g) <= abs(dg) * tol:  # the Newton step is below the tolerance
            return x, True
        if (g > 0.0) == sign_lo:
            lo = x
        else:
            hi = x
        if hi - lo < tol:
            return 0.5 * (lo + hi), True
        x_new = x - g / dg if dg != 0.0 else 0.5 * (lo + hi)
        if not (lo < x_new < hi) or abs(x_new - x) > 0.5 * dx_old:
            # out of the bracket, or not converging faster than bisection (rtsafe's rule, Press et al.,
            # Numerical Recipes 9.4): bisect, which bounds the count at ~log2(range / tol)
            x_new = 0.5 * (lo + hi)
        elif abs(x_new - x) < quad:
            # Newton converges quadratically: after a step this small the next one is below tol
            # (error ~ step^2 / (2 w) with the knee width w >~ 1e-2 h), so skip its evaluation
            return x_new, True
        dx_old = abs(x_new - x)
        x = x_new
    return x, False


@register_jitable
def _line_crossing(h, h1, w, br, s, a):
    """One fixed-point step toward the crossing of a one-layer curve Br (1 - 2F(h)) with the line a + s h (F the
    logistic of median h1, width w): h -> h1 + w logit(F) with F = (1 - (a + s h)/Br)/2. Near the knee the map
    contracts by ~2 w s/Br per step (1e-2 for HcJ), so one or two steps give Newton a start within its tolerance;
    where the line misses the logistic's range the guess is returned unchanged."""
    f = 0.5 * (1.0 - (a + s * h) / br)
    if not 0.0 < f < 1.0:
        return h
    return h1 + w * math.log(f / (1.0 - f))


@register_jitable
def _energy_product_step(h, h1, w, br, s):
    """One fixed-point step toward the (BH)max field of a one-layer curve B = Br (1 - 2F) - s h: d(hB)/dh = 0 is
    a quadratic in F at given h, q F^2 - (1 + q) F + (1 - 2 s h/Br)/2 = 0 with q = h/w (F' = F(1 - F)/w); its
    smaller root gives h -> h1 + w logit(F). The map contracts by ~w/h where the knee shapes the maximum; on the
    straight recoil line (1 - 2 s h/Br -> 0) it does not, and the guess is returned unchanged."""
    q = h / w
    a = 0.5 * (1.0 - 2.0 * s * h / br)
    if not (q > 0.0 and a > 0.0):
        return h
    p = 1.0 + q
    f = 2.0 * a / (p + math.sqrt(p * p - 4.0 * q * a))  # the smaller root, without cancellation
    if not 0.0 < f < 1.0:
        return h
    return h1 + w * math.log(f / (1.0 - f))


@register_jitable
def in_range(rec, temp_k):
    return rec[L.R_STATUS] == st.OK and rec[L.R_T_MIN_K] <= temp_k < rec[L.R_T_MAX_K]


@register_jitable
def coercivity_at(rec, temp_k):
    """HcJ at temp_k and the state the other demagnetization solves start from.

    Returns (status, hcj, converged, js_t, ha_n, mk_n, bt, br, cr, h1, iw, hmax, ha_t); ha_n and mk_n are the
    anisotropy field and m^k scaled by the nucleation factor (``nucleation_fields``: what the layer solves take),
    ha_t the main phase's mu0 HA; status is OK,
    OUT_OF_RANGE or DEMAGNETIZED: no coercivity left (hcj = 0, hmax <= 0), or a GBD depth layer has lost its
    coercivity at this temperature (the core, hot: the values are those of the layers that keep it, but the
    magnet has reversed where that layer lies)."""
    if not in_range(rec, temp_k):
        return st.OUT_OF_RANGE, 0.0, False, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0
    js_t, ha_true, mk_true, me, mn = intrinsic_at(rec, temp_k)
    bt = c.THERMAL_BARRIER_KT * temp_k / me
    br = remanence(rec, js_t, mk_true)
    cr = recoil_slope(rec, br, ha_true)
    ha_t, mk = nucleation_fields(ha_true, mk_true, mn)
    n = int(rec[L.R_N_LAYERS])
    h1, iw = single_hcj(rec, bt, ha_t, js_t, mk)
    layer_lost = False
    if n == 1:
        hmax = h1
    else:
        hmax = 0.0
        for j in range(n):
            hj = layer_hcj(rec, j, bt, ha_t, js_t, mk)
            hmax = max(hmax, hj)
            layer_lost = layer_lost or not hj > 0.0
    if not hmax > 0.0:
        return st.DEMAGNETIZED, 0.0, True, js_t, ha_t, mk, bt, br, cr, h1, iw, hmax, ha_true
    # J = 0 lies below the largest layer median (J < 0 there: more than half reversed, and the
    # recoil term is negative) and above 0 (J(0) = Br > 0); start each solve from the answer of
    # the ideal curve (sharp knee, linear recoil) so that Newton needs only a few steps
    h0 = 0.5 * hmax
    if iw > 0.0:
        w1 = 1.0 / iw
        h0 = _line_crossing(_line_crossing(h1, h1, w1, br, cr, 0.0), h1, w1, br, cr, 0.0)
    hcj, ok = solve_h(_RES_J, 0.0, hmax, h0, br, cr, rec, bt, ha_t, js_t, mk, h1, iw, 0.0, 0.0)
    return st.DEMAGNETIZED if layer_lost else st.OK, hcj, ok, js_t, ha_t, mk, bt, br, cr, h1, iw, hmax, ha_true


@register_jitable
def magnet_point(rec, temp_k, out):
    """Js, mu0HA, Br, HcJ, HcB, Hk, (BH)max (layout.O_*) at temp_k; returns a status code."""
    for i in range(L.N_OUT):
        out[i] = math.nan
    code, hcj, ok, js_t, ha_t, mk, bt, br, cr, h1, iw, hmax, ha_true = coercivity_at(rec, temp_k)
    if code == st.OUT_OF_RANGE:
        return code
    out[L.O_JS] = js_t
    out[L.O_HA] = ha_true
    if code == st.DEMAGNETIZED and not hmax > 0.0:
        out[L.O_BR] = 0.0
        out[L.O_HCJ] = 0.0
        out[L.O_HCB] = 0.0
        out[L.O_HK] = 0.0
        out[L.O_BHMAX] = 0.0
        return st.DEMAGNETIZED
    mu_rec = 1.0 + cr / c.MU0  # the recoil line's relative permeability at this temperature
    w = 1.0 / iw if iw > 0.0 else hmax * (1.0 - rec[L.R_SQUARENESS]) / LN19  # (a layered magnet: a guess only)
    # J(0) differs from Br only by the (negligible) logistic tail of weak layers; for one layer with h1 > 39
    # widths (2F < 2.3e-17 at h = 0, below half an ulp of 1) J(0) is Br to the last bit: its exp is skipped
    j0 = br
    if not (iw > 0.0 and h1 * iw > 39.0):
        j0, _, _ = polarization(0.0, br, cr, rec, bt, ha_t, js_t, mk, h1, iw)
    out[L.O_BR] = j0
    out[L.O_HCJ] = hcj
    # knee guess: the logistic at F = 0.05 less the share of the 10 % drop taken by the recoil slope
    hk0 = hcj - LN19 * w
    f_knee = 0.05 - 0.5 * cr * hk0 / br
    if f_knee > 1e-6:
        hk0 = hmax + w * math.log(f_knee / (1.0 - f_knee))
    if iw > 0.0:
        hk0 = _line_crossing(hk0, h1, w, br, cr, 0.9 * j0)
    hk, conv = solve_h(_RES_KNEE, 0.0, hcj, hk0, br, cr, rec, bt, ha_t, js_t, mk, h1, iw, 0.9 * j0, 0.0)
    ok = ok and conv
    out[L.O_HK] = hk
    h_lin = br / (c.MU0 * mu_rec)
    if iw > 0.0 and (h_lin - h1) * iw < -18.0:
        # the knee lies far beyond B = 0 (switched fraction < 1.5e-8 there): HcB and (BH)max are
        # those of the straight recoil line, with the tail's first-order correction (what is left is
        # second order in that fraction: < 1e-12 relative against the Newton solve, below its 1e-9)
        f_lin, _, _ = _logistic(h_lin, h1, iw)
        hcb = h_lin * (1.0 - 2.0 * f_lin)
        out[L.O_HCB] = hcb
        f_half, _, _ = _logistic(0.5 * hcb, h1, iw)
        out[L.O_BHMAX] = 0.25 * br * br * (1.0 - 2.0 * f_half) ** 2 / (c.MU0 * mu_rec)
        return code if code != st.OK else (st.OK if ok else st.NOT_CONVERGED)
    hcb0 = min(h_lin, hk)
    if iw > 0.0:
        hcb0 = _line_crossing(_line_crossing(hcb0, h1, w, br, c.MU0 * mu_rec, 0.0), h1, w, br, c.MU0 * mu_rec, 0.0)
    hcb, conv = solve_h(_RES_B, 0.0, hcj, hcb0, br, cr, rec, bt, ha_t, js_t, mk, h1, iw, 0.0, 0.0)
    ok = ok and conv
    out[L.O_HCB] = hcb
    hbh0 = min(0.5 * h_lin, hk)
    if iw > 0.0 and hk < 0.5 * h_lin:
        hbh0 = _energy_product_step(_energy_product_step(hbh0, h1, w, br, c.MU0 * mu_rec), h1, w, br, c.MU0 * mu_rec)
    hbh, conv = solve_h(_RES_BH, 0.0, hcb, hbh0, br, cr, rec, bt, ha_t, js_t, mk, h1, iw, 0.0, 0.0)
    ok = ok and conv
    jb, _, _ = polarization(hbh, br, cr, rec, bt, ha_t, js_t, mk, h1, iw)
    out[L.O_BHMAX] = hbh * (jb - c.MU0 * hbh)
    return code if code != st.OK else (st.OK if ok else st.NOT_CONVERGED)


@register_jitable
def load_line(pc, ha_applied):
    """The load line of a magnetic circuit as h = a J + b.

    Parameters
    ----------
    pc : float
        Permeance coefficient of the circuit.
    ha_applied : float
        Applied reverse field (armature), A/m.

    Returns
    -------
    (a, b) : tuple of float
        a = 1 / (mu0 (1 + Pc)), b = Pc Ha / (1 + Pc): the load line B = mu0 (H + J) = -Pc mu0 (H + Ha) of
        the module's model (Ampere's law for magnet, gap and coil) solved for the reverse field h = -H.
    """
    return 1.0 / (c.MU0 * (1.0 + pc)), pc * ha_applied / (1.0 + pc)


@register_jitable
def recoil_load_field(br, cr, a, b):
    """Reverse field where the linear recoil line J = Br - cr h (cr = (mu_rec - 1) mu0) meets the load
    line h = a J + b (``load_line``): h = (Br a + b) / (1 + cr a), A/m."""
    return (br * a + b) / (1.0 + cr * a)


@register_jitable
def reversed_at_load(rec, temp_k, pc, ha_applied, exposure_s):
    """Reversed fraction at the operating point (temp_k, Pc, Ha) after a hold of exposure_s;
    returns (F, h, converged)."""
    js_t, ha_true, mk_true, me, mn = intrinsic_at(rec, temp_k)
    bt = math.log(c.ATTEMPT_FREQUENCY_HZ * exposure_s) * temp_k / me
    br = remanence(rec, js_t, mk_true)
    a, b = load_line(pc, ha_applied)
    hi = br * a + b
    ha_t, mk = nucleation_fields(ha_true, mk_true, mn)
    h1, iw = single_hcj(rec, bt, ha_t, js_t, mk)
    cr = recoil_slope(rec, br, ha_true)
    x0 = recoil_load_field(br, cr, a, b)  # on the linear recoil line
    if iw < 0.0:  # no coercivity left: half the grains reversed at any field, J = -cr h on the load line
        return 0.5, b / (1.0 + cr * a), True
    h, conv = solve_h(_RES_LOAD, 0.0, hi, x0, br, cr, rec, bt, ha_t, js_t, mk, h1, iw, a, b)
    # F from the load line, J = (h - b)/a = Br (1 - 2F) - cr h: well conditioned even where the
    # switching distribution has shrunk to a step (HcJ -> 0 near the top of the range), where F(h)
    # from the distribution would depend on the last digits of h
    f = 0.5 * (1.0 - ((h - b) / a + cr * h) / br)
    f = min(max(f, 0.0), 1.0)
    return f, h, conv


@register_jitable
def stabilised_loss_point(rec, temp_k, pc, ha_applied, exposure_s, stab_k, stab_s):
    """Fraction of the flux not recovered at 20 C after holding (temp_k, Pc, Ha) for exposure_s, against the
    state the magnet had after a stabilising hold at stab_k for stab_s in the same circuit (no applied field;
    IEC TR 62518's thermal stabilisation), and returning to 20 C; (loss, status).

    Pc is the magnet's permeance coefficient (that of its mean demagnetizing factor); the field inside a
    block is not uniform, and the regions under its pole faces work at a lower local Pc and reverse first. The loss is
    the volume average over the local permeances ``PC_NODE_LN`` (weights ``PC_NODE_W``). A grain reversed
    by the stabilisation stays reversed, so each volume share keeps the larger of its reversed fractions;
    with stab_k = 20 C and stab_s = exposure_s this is ``irreversible_loss_point``."""
    if (
        not in_range(rec, temp_k)
        or not in_range(rec, c.T_20C_K)
        or not in_range(rec, stab_k)
        or pc <= 0.0
        or ha_applied < 0.0
        or exposure_s < 1.0
        or stab_s < 1.0
    ):
        return math.nan, st.OUT_OF_RANGE
    stabilising = stab_k != c.T_20C_K or stab_s != exposure_s
    f_ref = 0.0
    f = 0.0
    ok = True
    for q in range(len(PC_NODE_W)):
        pc_q = pc * math.exp(PC_NODE_LN[q])
        f_ref_q, _, conv0 = reversed_at_load(rec, c.T_20C_K, pc_q, 0.0, exposure_s)
        if stabilising:
            f_s_q, _, conv_s = reversed_at_load(rec, stab_k, pc_q, 0.0, stab_s)
            f_ref_q = max(f_ref_q, f_s_q)
            ok = ok and conv_s
        f_q, _, conv = reversed_at_load(rec, temp_k, pc_q, ha_applied, exposure_s)
        f_ref += PC_NODE_W[q] * f_ref_q
        f += PC_NODE_W[q] * max(f_q, f_ref_q)
        ok = ok and conv0 and conv
    if f_ref >= 0.5:
        return 1.0, st.DEMAGNETIZED
    loss = 1.0 - (1.0 - 2.0 * f) / (1.0 - 2.0 * f_ref)
    if loss > 1.0:
        loss = 1.0
    status = st.OK if ok else st.NOT_CONVERGED
    if loss >= 1.0 and status == st.OK:
        status = st.DEMAGNETIZED
    return loss, status


@register_jitable
def irreversible_loss_point(rec, temp_k, pc, ha_applied, exposure_s):
    """Fraction of the 20 C flux not recovered after holding (temp_k, Pc, Ha) for exposure_s and
    returning to 20 C; (loss, status). The reference is the state stabilised at 20 C in the same
    circuit for the same time; the volume average of ``stabilised_loss_point``."""
    return stabilised_loss_point(rec, temp_k, pc, ha_applied, exposure_s, c.T_20C_K, exposure_s)


@register_jitable
def max_working_temp_point(rec, pc, loss_limit, exposure_s):
    """Highest temperature (K) with irreversible loss <= loss_limit at Pc; (temp_k, status).

    Bisection from 20 C up to the top of the model range; assumes the loss grows with
    temperature (true where HcJ falls with T). If the limit is never reached the top of
    the valid range is returned with status OUT_OF_RANGE; if it is exceeded already at
    20 C, 20 C is returned with status DEMAGNETIZED.
    """
    if rec[L.R_STATUS] != st.OK or pc <= 0.0 or not (0.0 < loss_limit < 1.0):
        return math.nan, st.OUT_OF_RANGE
    lo = c.T_20C_K
    hi = rec[L.R_T_MAX_K] - 1e-6
    loss_lo, s_lo = irreversible_loss_point(rec, lo, pc, 0.0, exposure_s)
    if s_lo == st.OUT_OF_RANGE:
        return math.nan, st.OUT_OF_RANGE
    if loss_lo > loss_limit:
        return lo, st.DEMAGNETIZED
    loss_hi, _ = irreversible_loss_point(rec, hi, pc, 0.0, exposure_s)
    if loss_hi <= loss_limit:
        return hi, st.OUT_OF_RANGE
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        loss, _ = irreversible_loss_point(rec, mid, pc, 0.0, exposure_s)
        if loss > loss_limit:
            hi = mid
        else:
            lo = mid
        if hi - lo < 1e-6:
            break
    return 0.5 * (lo + hi), st.OK


@register_jitable
def demag_curve_point(rec, temp_k, h, j_out):
    """J(h) [T] on the reverse-field grid h (A/m) at temp_k; returns a status code."""
    if not in_range(rec, temp_k):
        for q in range(h.shape[0]):
            j_out[q] = math.nan
        return st.OUT_OF_RANGE
    js_t, ha_true, mk_true, me, mn = intrinsic_at(rec, temp_k)
    br = remanence(rec, js_t, mk_true)
    bt = c.THERMAL_BARRIER_KT * temp_k / me
    ha_t, mk = nucleation_fields(ha_true, mk_true, mn)
    h1, iw = single_hcj(rec, bt, ha_t, js_t, mk)
    cr = recoil_slope(rec, br, ha_true)
    for q in range(h.shape[0]):
        jq, _, _ = polarization(h[q], br, cr, rec, bt, ha_t, js_t, mk, h1, iw)
        j_out[q] = jq
    return st.OK
