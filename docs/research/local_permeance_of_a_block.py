"""Volume distribution of the local permeance coefficient inside a uniformly magnetised block.

Reproduces the quadrature ``PC_NODE_LN`` / ``PC_NODE_W`` of kernels/demag.py (run: python
docs/research/local_permeance_of_a_block.py). The field of a block magnetised along z is that of its two
charged pole faces (surface charge +-M): the z component at a point inside is -M (Omega_top + Omega_bottom) /
(4 pi), Omega the solid angle a face subtends, so the local demagnetizing factor is N_zz = (Omega_top +
Omega_bottom) / (4 pi) and the local permeance coefficient (1 - N_zz) / N_zz (recoil permeability 1, the
transverse components neglected). The mean N_zz of a cube is 1/3: Pc = 2.
"""

import itertools

import numpy as np


def solid_angle(x, y, z, a, b):
    """Solid angle of the rectangle [-a, a] x [-b, b] seen from (x, y) at height z > 0 above its plane."""
    s = 0.0
    for sx, xa in ((1, a - x), (-1, -a - x)):
        for sy, yb in ((1, b - y), (-1, -b - y)):
            r = np.sqrt(xa**2 + yb**2 + z**2)
            s = s + sx * sy * np.arctan(xa * yb / (z * r))
    return s


def local_nzz(hx, hy, hz, n=100):
    """N_zz on an n^3 midpoint grid of the block [-hx, hx] x [-hy, hy] x [-hz, hz]."""
    g = (np.arange(n) + 0.5) / n * 2 - 1
    x, y, z = np.meshgrid(g * hx, g * hy, g * hz, indexing="ij")
    return ((solid_angle(x, y, hz - z, hx, hy) + solid_angle(x, y, hz + z, hx, hy)) / (4 * np.pi)).ravel()


def main():
    blocks = {"cube": (1, 1, 1), "L/D 0.35": (1, 1, 0.35), "L/D 0.7": (1, 1, 0.7), "L/D 1.5": (1, 1, 1.5)}
    for name, half in blocks.items():
        nzz = local_nzz(*half)
        pc_mean = (1 - nzz.mean()) / nzz.mean()
        ln = np.sort(np.log((1 - nzz) / nzz / pc_mean))
        print(f"{name}: Pc of the mean N_zz {pc_mean:.2f}, std of ln(Pc_local/Pc) {ln.std():.3f}")
        if name == "cube":
            edges = [0.0, 0.01, 0.03, 0.1, 0.3, 1.0]
            nodes = [(b - a, ln[int(a * ln.size) : int(b * ln.size)].mean()) for a, b in itertools.pairwise(edges)]
            shown = [(round(w, 3), round(float(x), 3)) for w, x in nodes]
            print("  nodes (volume share, mean ln(Pc_local/Pc)):", shown)


if __name__ == "__main__":
    main()
