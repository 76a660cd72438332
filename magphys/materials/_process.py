"""Process routes and microstructure: the second input row of the composition kernel."""

import math
from dataclasses import dataclass

import numpy as np

from .._gate import Choice, Number, check
from ..errors import MagphysValueError
from ..kernels import constants as c
from ..kernels import layout as L
from ._tables import read_csv

GBD_ELEMENTS = {
    "dy": ("Dy", L.GBD_HRE),
    "tb": ("Tb", L.GBD_HRE),
    "ho": ("Ho", L.GBD_HRE),
    "ndcu": ("Nd", L.GBD_EUTECTIC),
    "prcu": ("Pr", L.GBD_EUTECTIC),
}

# Default diffusion length 2*sqrt(D t): D_gb(Dy) = 2.4e-7 cm2/s at 900 C (e-beam Dy film,
# JMMM 2017, shared/data/ndfeb_hre_and_substitution_datapoints.csv) over an 8 h treatment.
GBD_DEPTH_DEFAULT_MM = 2.0 * math.sqrt(2.4e-7 * 8 * 3600) * 10.0


def processes() -> dict:
    return {r["process"]: r for r in read_csv("processes.csv")}


@dataclass(frozen=True)
class Gbd:
    """Grain-boundary diffusion treatment: diffused element, amount taken up, depth scale."""

    element: str
    wt_pct: float
    depth_mm: float = GBD_DEPTH_DEFAULT_MM

    @classmethod
    def parse(cls, gbd) -> "Gbd | None":
        if gbd is None:
            return None
        if isinstance(gbd, Gbd):
            return gbd
        if not isinstance(gbd, dict) or "element" not in gbd or "wt_pct" not in gbd:
            raise MagphysValueError(
                "gbd", gbd, "None or {'element': 'Tb'|'Dy'|'Ho'|'NdCu'|'PrCu', 'wt_pct': x[, 'depth_mm': d]}"
            )
        el = str(gbd["element"]).lower().replace("-", "")
        if el not in GBD_ELEMENTS:
            raise MagphysValueError("gbd.element", gbd["element"], "'Tb', 'Dy', 'Ho', 'NdCu' or 'PrCu'")
        wt = check("gbd.wt_pct", gbd["wt_pct"], Number(0.0, 3.0, unit="wt% taken up by the magnet"))
        depth = check("gbd.depth_mm", gbd.get("depth_mm", GBD_DEPTH_DEFAULT_MM), Number(0.05, 20.0, unit="mm"))
        return cls(element=str(gbd["element"]), wt_pct=wt, depth_mm=depth)


def micro_row(
    process: str = "sintered",
    grain_size_um: float | None = None,
    gbd=None,
    thickness_mm: float = 5.0,
    alignment: float | None = None,
    squareness: float | None = None,
    alpha: float | None = None,
    neff_scale: float | None = None,
) -> np.ndarray:
    """The microstructure row (layout.M_*) for a process, with validation."""
    table = processes()
    process = check("process", process, Choice(tuple(table)))
    p = table[process]

    def given(name, value, spec, default):
        return float(default) if value is None else check(name, value, spec)

    grain = given("grain_size_um", grain_size_um, Number(c.GRAIN_MIN_UM, c.GRAIN_MAX_UM, unit="um"), p["grain_um"])
    thick = check("thickness_mm", thickness_mm, Number(0.1, 100.0, unit="mm"))
    align = given("alignment", alignment, Number(0.5, 1.0, unit="(<cos theta> of the easy axes)"), p["alignment"])
    sq = given("squareness", squareness, Number(0.3, 1.0, hi_open=True, unit="(Hk/HcJ)"), p["squareness"])
    a = given("alpha", alpha, Number(0.05, 1.0, unit="(Kronmueller microstructure factor)"), p["alpha"])
    if neff_scale is not None:
        neff_scale = check("neff_scale", neff_scale, Number(0.0, 10.0, lo_open=True))
    row = np.zeros(L.N_MICRO)
    row[L.M_ALPHA] = a
    row[L.M_GRAIN_UM] = grain
    row[L.M_ALIGN] = align
    row[L.M_REL_DENSITY] = float(p["rel_density"])
    row[L.M_SQUARENESS] = sq
    row[L.M_KAPPA_REV] = float(p["recoil_kappa"])
    row[L.M_NEFF_SCALE] = float(p["neff_scale"]) if neff_scale is None else float(neff_scale)
    row[L.M_THICK_M] = thick * 1e-3
    g = Gbd.parse(gbd)
    if g is not None:
        sym, kind = GBD_ELEMENTS[g.element.lower().replace("-", "")]
        row[L.M_GBD_KIND] = kind
        row[L.M_GBD_ELEM] = L.RARE_EARTHS.index(sym)
        row[L.M_GBD_WT] = g.wt_pct
        row[L.M_GBD_DEPTH_M] = g.depth_mm * 1e-3
    return row
