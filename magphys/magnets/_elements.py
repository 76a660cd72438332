"""Element content of a magnet (wt%): its alloy plus what grain-boundary diffusion added, or the
tabulated composition of a datasheet material (magphys/data/coefficient_compositions.csv)."""

from __future__ import annotations

from functools import cache

import numpy as np

from ..errors import MagphysValueError
from ..kernels.constants import ATOMIC_MASS_G_PER_MOL as _M
from ..kernels.cost import diffused_total_wt, diffused_wt_pct
from ..materials._tables import read_csv

HREE = ("Dy", "Tb", "Ho", "Gd")  # heavy rare earths as Composition.heavy_rare_earth_wt_pct counts them
RARE_EARTHS = ("Nd", "Pr", "Dy", "Tb", "Ce", "La", "Ho", "Gd", "Y", "Sm")
# Nd-Cu / Pr-Cu grain-boundary diffusion sources are the eutectic R70Cu30 (at.%), e.g. Sepehri-Amin et al.,
# Acta Mater. 60, 819 (2012) use Nd70Cu30 (R). Mass fraction of R from IUPAC atomic weights.
EUTECTIC_R_WT = {r: 0.7 * _M[r] / (0.7 * _M[r] + 0.3 * _M["Cu"]) for r in ("Nd", "Pr")}


@cache
def _coefficient_compositions() -> dict:
    out = {}
    for r in read_csv("coefficient_compositions.csv"):
        out[r["name"]] = {k: float(v) for k, v in (p.split(":") for p in r["composition"].split(";"))}
    return out


def gbd_addition(element: str, wt_pct) -> dict:
    """What diffusing ``wt_pct`` of ``element`` adds, by element (wt% of the alloy before diffusion;
    ``wt_pct`` may be an array): a heavy rare earth itself, or Nd/Pr and Cu from an R70Cu30 eutectic."""
    el = element.capitalize()
    if el.endswith("cu") and el[:2] in EUTECTIC_R_WT:
        r = el[:2]
        return {r: wt_pct * EUTECTIC_R_WT[r], "Cu": wt_pct * (1 - EUTECTIC_R_WT[r])}
    return {el: wt_pct}


def element_rows(magnet) -> tuple[tuple[str, ...], np.ndarray, float, np.ndarray]:
    """(elements, alloy wt% before diffusion, wt% diffused, what 1 wt% diffused adds) of ``magnet``: the
    arrays of the kernels' cost and mass balance (kernels/cost.py) over the elements the magnet contains
    (its alloy's, then those the diffusion brings in)."""
    if magnet.composition is None:
        comp = _coefficient_compositions().get(magnet.name)
        if comp is None:
            raise MagphysValueError("magnet", magnet.name, "a magnet with a composition on file")
        return tuple(comp), np.array(list(comp.values())), 0.0, np.zeros(len(comp))
    w = {k: v for k, v in magnet.composition.wt_pct.items() if v > 0}
    g = magnet.gbd
    gbd_wt, add = 0.0, {}
    if g is not None and g.wt_pct > 0:
        gbd_wt, add = float(g.wt_pct), gbd_addition(g.element, 1.0)
        w.update({k: 0.0 for k in add if k not in w})
    names = tuple(w)
    return names, np.array([w[k] for k in names]), gbd_wt, np.array([add.get(k, 0.0) for k in names])


def elements_wt_pct(magnet) -> dict:
    """Element content (wt%, summing to 100) of ``magnet``: its alloy plus the diffused addition, normalised
    (kernels/cost.py: diffused_wt_pct); a datasheet material's tabulated composition as it stands."""
    names, comp, gbd_wt, add = element_rows(magnet)
    if magnet.composition is None:
        return dict(zip(names, comp.tolist(), strict=True))
    total = diffused_total_wt(comp, gbd_wt, add)
    return {k: float(diffused_wt_pct(c, gbd_wt, a, total)) for k, c, a in zip(names, comp, add, strict=True)}
