"""Monte Carlo over element prices: magnet cost per kg of several routes for many price samples.

Each element price is lognormal around its scenario value, p = a exp(sigma z) + b (a: the oxide or
metal price times the oxide factor, b: the oxide->metal conversion), z standard normal and independent
between elements. The random numbers come from a counter-based hash (one stream per sample and
element), so the CPU, CUDA and pure-Python paths draw the same numbers for the same seed.
"""

import math

from numba.extending import register_jitable

from .cost import finished_usd_per_kg

M32 = 0xFFFFFFFF


@register_jitable
def hash32(x):
    """Integer hash of a 32-bit value ("lowbias32", C. Wellons, 2018: two xorshift-multiply rounds).
    Products may exceed 63 bits; only their low 32 bits are kept, which wrap-around arithmetic and
    Python's exact integers give alike."""
    x = int(x) & M32  # int(): exact Python integers on the pure-Python path (numpy int64 would warn)
    x ^= x >> 16
    x = (x * 0x7FEB352D) & M32
    x ^= x >> 15
    x = (x * 0x846CA68B) & M32
    x ^= x >> 16
    return x


@register_jitable
def normal(seed, sample, element):
    """Standard normal number of stream (seed, sample, element) by Box-Muller from two hashed uniforms."""
    h = hash32(hash32(seed) ^ (sample & M32))
    h = hash32(h ^ ((sample >> 32) & M32))
    h1 = hash32(h ^ ((2 * element + 1) * 0x9E3779B9 & M32))
    h2 = hash32(h1 ^ 0x85EBCA6B)
    u1 = (h1 + 0.5) / 4294967296.0
    u2 = (h2 + 0.5) / 4294967296.0
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


@register_jitable
def price_sample(w, a, b, sigma, stream, extra, yld, seed, i, prices, out):
    """Magnet cost per kg of every route (rows of ``w``, wt fractions) for price sample ``i``: the blank
    (processing ``extra`` + raw materials) over the yield (cost.finished_usd_per_kg); elements with the
    same ``stream`` share their random number (Nd and Pr trade as NdPr); ``prices`` is scratch of one row
    per element."""
    for j in range(a.shape[0]):
        prices[j] = a[j] * math.exp(sigma[j] * normal(seed, i, stream[j])) + b[j]
    for r in range(w.shape[0]):
        c = extra[r]
        for j in range(a.shape[0]):
            c += w[r, j] * prices[j]
        out[r] = finished_usd_per_kg(c, yld[r])
