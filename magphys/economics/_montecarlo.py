"""Price uncertainty: magnet cost per kg of several magnets over lognormal element prices (kernel
``price_monte_carlo``), with a spread per element taken from the documented scenario gap."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import xarray as xr

from .._backend import resolve_backend
from .._gate import Flag, Instances, Integer, check, validate
from ..kernels import launch
from ..magnets import Magnet
from ._bom import magnet_elements_wt_pct, magnet_route, route_processing
from ._prices import CONVERSION_USD_PER_KG, DEFAULT_SCENARIO, OXIDE, REAL_KEYS
from ._prices import scenario as get_scenario

# log-spread of a rare-earth price: half the log gap between China-domestic and ex-China prices of 2025
# (price_scenarios.toml), at least SIGMA_MIN; base metals SIGMA_BASE (E: +-10 % at one sigma)
SPREAD_FROM = ("china_domestic_2025", "ex_china_2025")
SIGMA_MIN = 0.05
SIGMA_BASE = 0.10


def element_sigma(element: str) -> float:
    """Log standard deviation of an element's price (see module constants)."""
    if element not in OXIDE:
        return SIGMA_BASE
    key = REAL_KEYS.get(element, element)
    lo, hi = (get_scenario(s).oxide_usd_per_kg.get(key) for s in SPREAD_FROM)
    if not lo or not hi:
        return SIGMA_BASE
    return max(SIGMA_MIN, 0.5 * abs(math.log(hi / lo)))


@validate(samples=Integer(1, 100_000_000), seed=Integer(0, 2**32 - 1), keep_samples=Flag())
def price_monte_carlo(
    magnets,
    scenario=DEFAULT_SCENARIO,
    samples: int = 100_000,
    seed: int = 0,
    backend: str | None = None,
    keep_samples: bool = False,
) -> xr.Dataset:
    """Finished-magnet cost per kg of each magnet over ``samples`` joint draws of element prices
    (lognormal around ``scenario``, independent between elements except Nd and Pr, spreads from ``element_sigma``).
    Returns mean, standard deviation and 5/50/95 % quantiles over ``magnet`` (and the samples with
    ``keep_samples``). The same seed gives the same draws on every backend."""
    mags = check("magnets", magnets, Instances(Magnet, "a Magnet or a non-empty sequence of Magnets"))
    sc = get_scenario(scenario)
    comps = [magnet_elements_wt_pct(m) for m in mags]
    elements = sorted({el for c in comps for el in c})
    a = np.array([sc.price_usd_per_kg(el) - (CONVERSION_USD_PER_KG if el in OXIDE else 0.0) for el in elements])
    b = np.array([CONVERSION_USD_PER_KG if el in OXIDE else 0.0 for el in elements])
    sigma = np.array([element_sigma(el) for el in elements])
    keys = [REAL_KEYS.get(el, el) for el in elements]  # Nd and Pr draw the NdPr price together
    stream = np.array([sorted(set(keys)).index(k) for k in keys], dtype=np.int64)
    w = np.array([[c.get(el, 0.0) / 100.0 for el in elements] for c in comps])
    extra, yld = [], []
    for m in mags:
        proc, y = route_processing(magnet_route(m), m.gbd.wt_pct if m.gbd else 0.0)
        extra.append(float(proc))
        yld.append(y)
    n = int(samples)
    out = np.zeros((n, len(mags)))
    launch(
        "price_monte_carlo",
        (
            np.ascontiguousarray(w),
            a,
            b,
            sigma,
            stream,
            np.array(extra),
            np.array(yld),
            int(seed),
            np.zeros((n, len(elements))),
            out,
        ),
        resolve_backend(backend),
    )
    q = np.quantile(out, [0.05, 0.5, 0.95], axis=0)
    data: dict[str, Any] = {
        "mean_usd_per_kg": ("magnet", out.mean(axis=0)),
        "std_usd_per_kg": ("magnet", out.std(axis=0)),
        "p05_usd_per_kg": ("magnet", q[0]),
        "p50_usd_per_kg": ("magnet", q[1]),
        "p95_usd_per_kg": ("magnet", q[2]),
    }
    if keep_samples:
        data["samples_usd_per_kg"] = (("sample", "magnet"), out)
    ds = xr.Dataset(data, coords={"magnet": [m.name for m in mags]})
    ds.attrs.update(
        scenario=sc.name,
        samples=n,
        seed=int(seed),
        sigma={el: float(s) for el, s in zip(elements, sigma, strict=False)}.__repr__(),
    )
    return ds
