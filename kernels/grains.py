"""Grain-ensemble demagnetization: per-grain switching fields and the cellular update of grain states.

Each grain of a 3-D lattice (x fastest, z along the easy axis = the magnet's thickness, between the
two pole faces) carries its easy-axis tilt theta, its size ln(D/D50), its GBD layer (depth from the
nearest pole face) and a defect flag. Its switching field along the applied (-z) direction is

  H_sw = [c_a f_SW(theta) (alpha + dalpha_j) (mu0 HA(T) + dHA_j m^k) - N_eff(D) Js(T)] / mu0
         - 25 k_B T / (Js v(T))                    (x the defect factor for defect grains)

the Kronmueller nucleation field of the materials engine (kernels/demag.layer_hcj: same HA(T),
Js(T), shell terms and thermal activation) with the grain's own angular factor
f_SW = (cos^(2/3) t + sin^(2/3) t)^(-3/2) (Stoner-Wohlfarth; Kronmueller, Phys. Stat. Sol. (b) 144,
385 (1987), alpha_psi) and N_eff(D) = N_eff(D50) + s B ln(D/D50) (the engine's ln-law, Bance et al.
2014). c_a is the ensemble's calibration constant (it takes over the average angular factor that the
engine's alpha holds).

A grain reverses when the reverse field on it reaches H_sw: the uniform internal field (applied field,
or the load line of a magnet with permeance coefficient Pc) plus the dipolar field of reversed
neighbours. Relative to the saturated state a reversed grain adds -2 Ms to its cube; averaged over a
face-adjacent cube that changes the field by +2|N_ax| Ms = 0.270 Ms (reverse) for the two neighbours
along the easy axis and by -2 N_lat Ms = -0.135 Ms (forward) for the four lateral ones (mutual
demagnetizing factors of touching cubes, magphys.magnets._ensemble.cube_mutual_factors). Updates are
Jacobi sweeps (states read from one buffer, written to the other), so the result does not depend on
the order in which threads run.
"""

import math

from numba.extending import register_jitable

from . import constants as c
from . import layout as L
from .intrinsic import intrinsic_at


@register_jitable
def stoner_wohlfarth(theta):
    """Switching field of a Stoner-Wohlfarth particle at angle theta to the field, in units of HA."""
    cs = abs(math.cos(theta)) ** (2.0 / 3.0)
    sn = abs(math.sin(theta)) ** (2.0 / 3.0)
    return (cs + sn) ** -1.5


@register_jitable
def switching_field(grain, rec, ep, js_t, ha_t, mk, bt):
    """H_sw of one grain (A/m) at the temperature of (js_t, ha_t, mk); bt = barrier x T / m^e."""
    j = int(grain[L.G_LAYER])
    alpha = (rec[L.R_ALPHA] + rec[L.R_DALPHA + j]) * ep[L.EP_ALPHA_SCALE] * stoner_wohlfarth(grain[L.G_THETA])
    neff = rec[L.R_NEFF] + ep[L.EP_NEFF_SLOPE] * grain[L.G_LN_D]
    h = (alpha * (ha_t + rec[L.R_DHA0 + j] * mk) - neff * js_t) / c.MU0
    if js_t > 0.0:
        h -= c.K_BOLTZMANN * bt / (js_t * rec[L.R_V0_M3])
    if grain[L.G_DEFECT] > 0.0:
        h *= ep[L.EP_DEFECT_FACTOR]
    return h if h > 0.0 else 0.0


@register_jitable
def field_state(rec, temp_k, barrier):
    """(Js [T], Ms [A/m], mu0 HA [T], m^k, bt) of a record at temp_k with a thermal barrier (in k_B T)."""
    js_t, ha_t, mk, me = intrinsic_at(rec, temp_k)
    return js_t, js_t / c.MU0, ha_t, mk, barrier * temp_k / me


@register_jitable
def grain_flip(i, hsw, state, nx, ny, nz, h_rev, ms, k_ax, k_lat):
    """New state of grain i (1 reversed, 0 not) from the states of its six neighbours; a reversed
    grain stays reversed (no forward field is applied in these protocols)."""
    if state[i] != 0:
        return 1
    nxy = nx * ny
    iz = i // nxy
    r = i - iz * nxy
    iy = r // nx
    ix = r - iy * nx
    n_ax = 0
    if iz > 0:
        n_ax += state[i - nxy]
    if iz < nz - 1:
        n_ax += state[i + nxy]
    n_lat = 0
    if ix > 0:
        n_lat += state[i - 1]
    if ix < nx - 1:
        n_lat += state[i + 1]
    if iy > 0:
        n_lat += state[i - nx]
    if iy < ny - 1:
        n_lat += state[i + nx]
    h = h_rev + ms * (k_ax * n_ax - k_lat * n_lat)
    return 1 if h >= hsw[i] else 0
