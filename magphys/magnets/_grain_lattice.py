"""The lattice of a grain ensemble: its dimensions and the mutual demagnetizing factors of touching cubes.

Grains sit on an nx x ny x nz lattice (x fastest, z along the easy axis = the magnet's thickness). A
reversed grain changes the field on its six face neighbours by the mutual demagnetizing factors of
touching, uniformly magnetized cubes (``cube_mutual_factors``), which the sweep kernel
(kernels/grains.py) reads as its axial and lateral coupling constants.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np


def _sheet_hz(x, y, z, a, z0, sigma, b=None):
    """z field of a uniformly charged rectangular sheet (sides a along x and b along y, b = a by default, centred
    at (0, 0, z0)), the closed form of the Coulomb integral (e.g. Aharoni, Introduction to the Theory of
    Ferromagnetism, ch. 2): sigma / (4 pi) times the solid angle the sheet subtends, signed by the side."""
    b = a if b is None else b
    zz = z - z0
    tot = 0.0
    for i, xp in enumerate((-a / 2, a / 2)):
        for j, yp in enumerate((-b / 2, b / 2)):
            xx, yy = x - xp, y - yp
            r = np.sqrt(xx * xx + yy * yy + zz * zz)
            tot = tot + (-1) ** (i + j) * np.arctan(xx * yy / (zz * r))
    return sigma / (4 * math.pi) * tot


def local_demag_factor(size_mm, dims) -> np.ndarray:
    """N_zz at the centre of every lattice cell (x fastest) of a block ``size_mm`` = (x, y, thickness) magnetized
    uniformly along z: -H_z / M from the charge sheets of its two pole faces. The mean over a cube is 1/3; its
    regions under the middle of its pole faces have the largest N_zz (the lowest local permeance, where a block
    reverses first), the middles of its side edges the smallest (at a cube's corners N_zz = 1/3 by symmetry)."""
    a, b, t = (float(v) for v in size_mm)
    nx, ny, nz = dims
    x = (np.arange(nx) + 0.5) / nx * a - a / 2
    y = (np.arange(ny) + 0.5) / ny * b - b / 2
    z = (np.arange(nz) + 0.5) / nz * t - t / 2
    zz, yy, xx = np.meshgrid(z, y, x, indexing="ij")  # lattice order: x fastest, then y, then z
    h = _sheet_hz(xx, yy, zz, a, t / 2, 1.0, b) + _sheet_hz(xx, yy, zz, a, -t / 2, -1.0, b)
    return -h.ravel()


@cache
def cube_mutual_factors(n: int = 16) -> tuple[float, float, float]:
    """(self, axial, lateral) demagnetizing factors of unit cubes: -<H_z>/M over a cube from a cube
    magnetized along z, itself, face-adjacent along z, and face-adjacent across z (charge sheets on
    the source's z faces, Gauss-Legendre average over the target). Self = 1/3 checks the integration."""
    g, w = np.polynomial.legendre.leggauss(n)
    wt = (w[:, None, None] * w[None, :, None] * w[None, None, :]) / 8.0

    def factor(center):
        x, y, z = np.meshgrid(center[0] + g / 2, center[1] + g / 2, center[2] + g / 2, indexing="ij")
        h = _sheet_hz(x, y, z, 1.0, 0.5, 1.0) + _sheet_hz(x, y, z, 1.0, -0.5, -1.0)
        return float(-(wt * h).sum())

    return factor((0, 0, 0)), factor((0, 0, 1)), factor((1, 0, 0))


def lattice_dims(size_mm, grains: int) -> tuple[int, int, int]:
    """(nx, ny, nz) of cubic grains of one pitch that fill ``size_mm`` = (x, y, thickness) with about
    ``grains`` grains (at least one along each side)."""
    a, b, t = size_mm
    pitch = (a * b * t / grains) ** (1.0 / 3.0)
    nx, ny, nz = (max(1, round(s / pitch)) for s in (a, b, t))
    return nx, ny, nz
