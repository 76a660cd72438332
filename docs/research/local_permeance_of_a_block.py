"""Volume distribution of the local permeance coefficient inside a uniformly magnetised block.

Reproduces the quadrature ``PC_NODE_LN`` / ``PC_NODE_W`` of kernels/demag.py (run: python
docs/research/local_permeance_of_a_block.py; tests/test_grains.py checks the constants against the same
function). The field of a block magnetised along z is that of its two charged pole faces (surface charge
+-M): the local demagnetizing factor N_zz is the solid angle the faces subtend over 4 pi
(``magphys.magnets._grain_lattice.local_demag_factor``, which the grain ensemble uses too), and the local
permeance coefficient (1 - N_zz) / N_zz (recoil permeability 1, the transverse components neglected). The mean
N_zz of a cube is 1/3: Pc = 2.
"""

import itertools

import numpy as np

from magphys.magnets._grain_lattice import local_demag_factor


def main():
    blocks = {"cube": (1, 1, 1), "L/D 0.35": (1, 1, 0.35), "L/D 0.7": (1, 1, 0.7), "L/D 1.5": (1, 1, 1.5)}
    for name, size in blocks.items():
        nzz = local_demag_factor(size, (100, 100, 100))
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
