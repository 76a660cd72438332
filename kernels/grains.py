"""Grain-ensemble demagnetization: per-grain switching fields and the cellular update of grain states.

Each grain of a 3-D lattice (x fastest, z along the easy axis = the magnet's thickness, between the
two pole faces) carries its easy-axis tilt theta, its size ln(D/D50), its microstructure factor
ln(a/alpha), its GBD layer (depth from the nearest pole face) and a defect flag. Its switching field
along the applied (-z) direction is

  H_sw = {[c_a a (alpha + dalpha_j) (mu0 HA(T) + dHA_j m^k) - N_eff(D) Js(T)] / mu0
          - 25 k_B T / (Js v(T))} / cos(theta)      (x the defect factor for defect grains)

the Kronmueller nucleation field of the materials engine (kernels/demag.layer_hcj: same HA(T),
Js(T), shell terms and thermal activation), with the grain's own microstructure factor a (Kronmueller's
alpha_K varies with the defect layer at each grain's surface; log-normal spread), N_eff(D) =
N_eff(D50) + s B ln(D/D50) (the engine's ln-law, Bance et al. 2014) and the 1/cos(theta) law of a
tilted grain (Kondorsky, J. Phys. USSR 2, 161 (1940): the field component along the easy axis
controls reversal; close to what Elbaz et al., J. Appl. Phys. 69, 5459 (1991) measured on sintered
NdFeB, R). c_a is the ensemble's calibration constant.

A grain reverses when the reverse field on it reaches H_sw: the uniform internal field (applied field,
or the load line of a magnet with permeance coefficient Pc) plus the dipolar field of reversed
neighbours. Relative to the saturated state a reversed grain adds -2 Ms to its cube; averaged over a
face-adjacent cube that changes the field by +2|N_ax| Ms = 0.270 Ms (reverse) for the two neighbours
along the easy axis and by -2 N_lat Ms = -0.135 Ms (forward) for the four lateral ones (mutual
demagnetizing factors of touching cubes, magphys.magnets._grain_lattice.cube_mutual_factors; the six cancel
for a random state, as cubic symmetry requires), both times the ensemble's interaction scale. Updates are
Jacobi sweeps (states read from one buffer, written to the other), so the result does not depend on
the order in which threads run; the moment is summed in parts of fixed extent (moment_part), each in
grain order, so it does not depend on the number of threads either.
"""

import math

from numba.extending import register_jitable

from . import constants as c
from . import layout as L
from .intrinsic import intrinsic_at, nucleation_fields

THETA_MAX = 1.2  # rad: tilts beyond are taken at this angle (1/cos diverges; such grains are a ~1e-9 share)


@register_jitable
def switching_field(grain, rec, ep, js_t, ha_t, mk, bt):
    """H_sw of one grain (A/m) at the temperature of (js_t, ha_t, mk); bt = barrier x T / m^e."""
    j = int(grain[L.G_LAYER])
    alpha = (rec[L.R_ALPHA] + rec[L.R_DALPHA + j]) * ep[L.EP_ALPHA_SCALE] * math.exp(grain[L.G_LN_ALPHA])
    neff = rec[L.R_NEFF] + ep[L.EP_NEFF_SLOPE] * grain[L.G_LN_D]
    h = (alpha * (ha_t + rec[L.R_DHA0 + j] * mk) - neff * js_t) / c.MU0
    if js_t > 0.0:
        h -= c.K_BOLTZMANN * bt / (js_t * rec[L.R_V0_M3])
    h /= math.cos(min(grain[L.G_THETA], THETA_MAX))
    if grain[L.G_DEFECT] > 0.0:
        h *= ep[L.EP_DEFECT_FACTOR]
    return h if h > 0.0 else 0.0


@register_jitable
def field_state(rec, temp_k, barrier):
    """(Js [T], Ms [A/m], mu0 HA m^n [T], m^k m^n, bt) of a record at temp_k with a thermal barrier (in k_B T)."""
    js_t, ha_t, mk, me, mn = intrinsic_at(rec, temp_k)
    ha_n, mk_n = nucleation_fields(ha_t, mk, mn)  # the nucleation factor alpha(T) folded in, as in demag
    return js_t, js_t / c.MU0, ha_n, mk_n, barrier * temp_k / me


@register_jitable
def grain_flip(i, ix, iy, iz, hsw, state, nx, ny, nz, h_rev, ms, k_ax, k_lat):
    """New state of grain i = (iz ny + iy) nx + ix (1 reversed, 0 not) from the states of its six
    neighbours; a reversed grain stays reversed (no forward field is applied in these protocols)."""
    if state[i] != 0:
        return 1
    nxy = nx * ny
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


@register_jitable
def sweep_row(r, hsw, state_in, state_out, nx, ny, nz, h_rev, ms, k_ax, k_lat):
    """Update row r = iz ny + iy of the lattice (x along the row); returns the grains it reversed.
    Inside the lattice every neighbour exists, so the update there is branch-free (the same rule as
    grain_flip, which handles the faces)."""
    iz = r // ny
    iy = r - iz * ny
    base = r * nx
    nxy = nx * ny
    n = 0
    if 0 < iz < nz - 1 and 0 < iy < ny - 1 and nx > 2:
        for ix in (0, nx - 1):
            i = base + ix
            s = grain_flip(i, ix, iy, iz, hsw, state_in, nx, ny, nz, h_rev, ms, k_ax, k_lat)
            state_out[i] = s
            n += s - state_in[i]
        for i in range(base + 1, base + nx - 1):
            n_ax = state_in[i - nxy] + state_in[i + nxy]
            n_lat = state_in[i - 1] + state_in[i + 1] + state_in[i - nx] + state_in[i + nx]
            h = h_rev + ms * (k_ax * n_ax - k_lat * n_lat)
            s = state_in[i] | (h >= hsw[i])  # states are 0/1: no branch, so the loop vectorizes
            state_out[i] = s
            n += s - state_in[i]
        return n
    for ix in range(nx):
        i = base + ix
        s = grain_flip(i, ix, iy, iz, hsw, state_in, nx, ny, nz, h_rev, ms, k_ax, k_lat)
        state_out[i] = s
        n += s - state_in[i]
    return n


@register_jitable
def moment_part(k, n_parts, grains, state):
    """Moment (sum of weight x (1 - 2 state)) of part k of the grains cut into n_parts contiguous parts of
    ceil(n / n_parts) grains (the last shorter), summed in grain order: a float reduction whose order is
    fixed by n_parts alone, never by how the parts are spread over threads."""
    n = state.shape[0]
    size = (n + n_parts - 1) // n_parts
    lo = k * size
    hi = min(lo + size, n)
    m = 0.0
    for i in range(lo, hi):
        m += grains[i, L.G_WEIGHT] * (1.0 - 2.0 * state[i])
    return m
