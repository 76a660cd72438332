"""Composition x temperature property evaluation: CPU kernel vs plain NumPy vs pure Python.

    python benchmarks/bench_magnet_properties.py [--compositions 2000] [--temps 500] [--repeats 5]

The same model in three forms:
* CPU kernel: ``magphys.kernels`` ``magnet_properties`` (numba, parallel over both cores);
* NumPy: the model written with whole-array operations (below), single-layer (non-GBD) magnets;
* pure Python: the kernel's scalar ``register_jitable`` functions called from Python.

Reports medians over repeats (these machines are noisy) and checks that the three agree.
"""

from __future__ import annotations

import argparse

import numpy as np
from _timing import median_time, print_table

from magphys.kernels import constants as c
from magphys.kernels import layout as L
from magphys.kernels.demag import magnet_point
from magphys.kernels.registry import launch
from magphys.magnets import _compute
from magphys.materials._process import micro_row

LN19 = np.log(19.0)


def compositions(n: int, seed: int = 0) -> np.ndarray:
    """Sintered alloys: TRE 29-32 wt%, Dy 0-6 wt%, Nd:Pr 3:1, Co 0-2 wt%, B 0.98 wt%."""
    rng = np.random.default_rng(seed)
    comps = np.zeros((n, L.N_ELEM))
    tre = rng.uniform(29.0, 32.0, n)
    dy = rng.uniform(0.0, 6.0, n)
    comps[:, L.RARE_EARTHS.index("Dy")] = dy
    comps[:, L.RARE_EARTHS.index("Nd")] = 0.75 * (tre - dy)
    comps[:, L.RARE_EARTHS.index("Pr")] = 0.25 * (tre - dy)
    comps[:, L.I_B] = 0.98
    comps[:, L.I_CO] = rng.uniform(0.0, 2.0, n)
    comps[:, L.I_FE] = 100.0 - comps.sum(axis=1)
    return comps


# --- the model in NumPy (one layer: no GBD) -----------------------------------------------------
def _kuzmin(tau):
    v = 1.0 - c.KUZMIN_S_R2FE14B * tau**1.5 - (1.0 - c.KUZMIN_S_R2FE14B) * tau**c.KUZMIN_P
    return np.where(tau < 1.0, np.cbrt(np.clip(v, 0.0, None)), 0.0)


def _fraction(h, h50, inv_w):
    u = (h - h50) * inv_w
    e = np.exp(-np.abs(u))
    r = 1.0 / (1.0 + e)
    sg = np.where(u >= 0, r, e * r)
    d1 = sg * (1.0 - sg)
    return sg, d1 * inv_w, d1 * (1.0 - 2.0 * sg) * inv_w * inv_w


def _newton(res, lo, hi, x0, iters=40, tol_rel=1e-9):
    """Vectorised safeguarded Newton (residual > 0 at lo), the kernel's algorithm with masks."""
    x = np.clip(x0, lo + 1e-9 * (hi - lo), hi - 1e-9 * (hi - lo))
    done = np.zeros(x.shape, dtype=bool)
    tol = tol_rel * (np.abs(hi) + np.abs(lo)) + 1e-6
    for _ in range(iters):
        g, dg = res(x)
        done |= np.abs(g) <= np.abs(dg) * tol
        if done.all():
            break
        pos = g > 0
        lo = np.where(~done & pos, x, lo)
        hi = np.where(~done & ~pos, x, hi)
        xn = x - g / np.where(dg != 0, dg, 1.0)
        xn = np.where((xn > lo) & (xn < hi), xn, 0.5 * (lo + hi))
        x = np.where(done, x, xn)
    return x


def _line_crossing(h, h50, w, br, s, a):
    """kernels/demag.py ``_line_crossing`` on arrays: a fixed-point step toward Br (1 - 2F) = a + s h."""
    f = 0.5 * (1.0 - (a + s * h) / br)
    inside = (f > 0.0) & (f < 1.0)
    fc = np.clip(f, 1e-300, 1.0 - 1e-16)
    return np.where(inside, h50 + w * np.log(fc / (1.0 - fc)), h)


def _energy_product_step(h, h50, w, br, s):
    """kernels/demag.py ``_energy_product_step`` on arrays: a fixed-point step toward d(hB)/dh = 0."""
    q = h / w
    a = 0.5 * (1.0 - 2.0 * s * h / br)
    p = 1.0 + q
    f = 2.0 * a / (p + np.sqrt(np.clip(p * p - 4.0 * q * a, 0.0, None)))
    inside = (q > 0.0) & (a > 0.0) & (f > 0.0) & (f < 1.0)
    fc = np.clip(f, 1e-300, 1.0 - 1e-16)
    return np.where(inside, h50 + w * np.log(fc / (1.0 - fc)), h)


def numpy_properties(recs: np.ndarray, temps_k: np.ndarray) -> np.ndarray:
    """(n, m, N_OUT) Js, HA, Br, HcJ, HcB, Hk, BHmax for one-layer records (NaN where demagnetized)."""
    R = recs[:, None, :]
    T = temps_k[None, :]
    m = _kuzmin(T / R[..., L.R_TC_K])
    mk = m**c.HA_EXPONENT
    js = R[..., L.R_JS0_T] * m
    ha = R[..., L.R_HA0_T] * mk
    v = R[..., L.R_V0_M3] * m**c.ACTIVATION_VOLUME_EXPONENT
    h_alpha = R[..., L.R_ALPHA] * m**c.NUCLEATION_EXPONENT * (ha + R[..., L.R_DHA0] * mk) / c.MU0
    h50 = h_alpha - R[..., L.R_NEFF] * js / c.MU0 - c.K_BOLTZMANN * c.THERMAL_BARRIER_KT * T / (js * v)
    br = js * R[..., L.R_BR_FACTOR]
    cr = c.MU0 * R[..., L.R_KAPPA_REV] * br / ha  # kernels/intrinsic.py recoil_slope (R2Fe14B records)
    mu_rec = 1.0 + cr / c.MU0
    ok = h50 > 0
    h50 = np.where(ok, h50, 1.0)
    w = (1.0 - R[..., L.R_SQUARENESS]) / LN19 * c.SWITCHING_WIDTH_REF * np.where(ok, h_alpha, 1.0)
    inv_w = 1.0 / w

    def pol(h):
        f, df, d2f = _fraction(h, h50, inv_w)
        return br * (1 - 2 * f) - cr * h, -2 * br * df - cr, -2 * br * d2f

    zero = np.zeros_like(h50)
    hcj0 = _line_crossing(_line_crossing(h50, h50, w, br, cr, 0.0), h50, w, br, cr, 0.0)
    hcj = _newton(lambda h: pol(h)[:2], zero, h50, hcj0)
    j0 = pol(zero)[0]
    hk0 = hcj - LN19 * w
    fk = 0.05 - 0.5 * cr * hk0 / br
    hk0 = np.where(fk > 1e-6, h50 + w * np.log(np.clip(fk, 1e-300, None) / (1 - fk)), hk0)
    hk0 = _line_crossing(hk0, h50, w, br, cr, 0.9 * j0)
    hk = _newton(lambda h: (pol(h)[0] - 0.9 * j0, pol(h)[1]), zero, hcj, hk0)
    h_lin = br / (c.MU0 * mu_rec)

    def bres(h):
        j, dj, _ = pol(h)
        return j - c.MU0 * h, dj - c.MU0

    def bhres(h):
        j, dj, d2j = pol(h)
        return j - c.MU0 * h + h * (dj - c.MU0), 2 * (dj - c.MU0) + h * d2j

    # as in the kernel: where the knee lies far beyond B = 0, the straight recoil line gives HcB and
    # (BH)max in closed form; Newton only on the other points
    far = (h_lin - h50) * inv_w < -18.0
    f_lin = _fraction(h_lin, h50, inv_w)[0]
    hcb = h_lin * (1 - 2 * f_lin)
    bh = 0.25 * br**2 * (1 - 2 * _fraction(0.5 * hcb, h50, inv_w)[0]) ** 2 / (c.MU0 * mu_rec)
    near = ~far
    if near.any():
        sub = lambda a: np.broadcast_to(a, near.shape)[near]  # noqa: E731
        h50, inv_w, br, cr, w, sb = sub(h50), sub(inv_w), sub(br), sub(cr), sub(w), sub(c.MU0 * mu_rec)
        z, hcj_n, hk_n, hl_n = sub(zero), sub(hcj), sub(hk), sub(h_lin)
        hcb0 = _line_crossing(_line_crossing(np.minimum(hl_n, hk_n), h50, w, br, sb, 0.0), h50, w, br, sb, 0.0)
        hcb_n = _newton(bres, z, hcj_n, hcb0)
        hbh0 = np.minimum(0.5 * hl_n, hk_n)
        knee = hk_n < 0.5 * hl_n
        hbh0 = np.where(knee, _energy_product_step(_energy_product_step(hbh0, h50, w, br, sb), h50, w, br, sb), hbh0)
        hbh = _newton(bhres, z, hcb_n, hbh0)
        hcb[near] = hcb_n
        bh[near] = hbh * (pol(hbh)[0] - c.MU0 * hbh)
    out = np.stack([js, ha, j0, hcj, hcb, hk, bh], axis=-1)
    out[~ok, 2:] = 0.0
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--compositions", type=int, default=2000)
    p.add_argument("--temps", type=int, default=500)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--python-points", type=int, default=2000)
    args = p.parse_args(argv)

    comps = compositions(args.compositions)
    micro = np.ascontiguousarray(np.broadcast_to(micro_row("sintered"), (len(comps), L.N_MICRO)))
    temps = np.linspace(253.15, 453.15, args.temps)
    n_pts = len(comps) * len(temps)

    recs = _compute.records_from_compositions(comps, micro, "cpu")  # compile
    _compute.properties(recs[:4], temps[:4], "cpu")

    def kernel():
        r = _compute.records_from_compositions(comps, micro, "cpu")
        return _compute.properties(r, temps, "cpu")

    t_kernel = median_time(kernel, args.repeats)
    out_k, status = kernel()

    # the same launch into output arrays that are already mapped (as a chunked sweep reuses its buffers): on
    # a virtual machine, first-touch page faults of 60 MB of fresh output cost a quarter of the call
    out_r, status_r = np.zeros_like(out_k), np.zeros_like(status)

    def kernel_reused():
        r = _compute.records_from_compositions(comps, micro, "cpu")
        launch("magnet_properties", (r, temps, out_r, status_r), "cpu")

    t_reused = median_time(kernel_reused, args.repeats)
    assert np.array_equal(out_r, out_k, equal_nan=True) and np.array_equal(status_r, status)

    # NumPy in chunks of compositions (bounded memory), records from the same kernel
    def numpy_run():
        r = _compute.records_from_compositions(comps, micro, "cpu")
        return np.concatenate([numpy_properties(r[i : i + 200], temps) for i in range(0, len(r), 200)])

    t_numpy = median_time(numpy_run, max(1, args.repeats // 2))
    out_np = numpy_run()

    rng = np.random.default_rng(1)
    pick = rng.integers(0, n_pts, args.python_points)
    out_py = np.zeros((args.python_points, L.N_OUT))

    def python_run():
        for q, k in enumerate(pick):
            magnet_point(recs[k // len(temps)], temps[k % len(temps)], out_py[q])

    t_py = median_time(python_run, 1) * n_pts / args.python_points

    ok = status == 0
    rel_np = np.nanmax(np.abs(out_np[ok] - out_k[ok]) / np.maximum(np.abs(out_k[ok]), 1e-30))
    k_py = out_k.reshape(-1, L.N_OUT)[pick]
    s_py = status.reshape(-1)[pick] == 0
    rel_py = np.max(np.abs(out_py[s_py] - k_py[s_py]) / np.maximum(np.abs(k_py[s_py]), 1e-30))

    import numba

    print(
        f"points: {len(comps)} compositions x {len(temps)} temperatures = {n_pts:,}; "
        f"numba threads: {numba.get_num_threads()}; medians of {args.repeats} runs"
    )
    print_table(n_pts, {"cpu kernel": t_kernel, "kernel, reused": t_reused, "numpy": t_numpy, "pure python": t_py})
    print(f"max relative difference vs kernel: numpy {rel_np:.1e}, pure python {rel_py:.1e}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
