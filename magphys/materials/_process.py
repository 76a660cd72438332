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

# Grain-boundary diffusivity of Dy: 9.8e-8 cm2/s at 800 C and 2.4e-7 cm2/s at 900 C (e-beam Dy film, JMMM 2017,
# shared/data/ndfeb_hre_and_substitution_datapoints.csv); an Arrhenius law through the two points (activation
# energy 94 kJ/mol). The default diffusion length 2 sqrt(D t) is that of an 8 h treatment at 900 C.
DY_GB_DIFFUSIVITY_CM2_S = ((800.0, 9.8e-8), (900.0, 2.4e-7))
GBD_DEFAULT_TEMP_C = 900.0
GBD_DEFAULT_TIME_H = 8.0
GBD_TEMP_RANGE_C = (700.0, 1000.0)  # E: the treatment window of the data (800-900 C) widened by 100 K each way


def dy_gb_diffusivity_cm2_s(temp_c: float) -> float:
    """D_gb of Dy in sintered Nd-Fe-B at ``temp_c``: the Arrhenius law through DY_GB_DIFFUSIVITY_CM2_S."""
    (t1, d1), (t2, d2) = DY_GB_DIFFUSIVITY_CM2_S
    k1, k2, k = t1 + 273.15, t2 + 273.15, temp_c + 273.15
    q_over_r = math.log(d2 / d1) / (1.0 / k1 - 1.0 / k2)
    return d2 * math.exp(-q_over_r * (1.0 / k - 1.0 / k2))


def gbd_depth_mm(temp_c: float, time_h: float) -> float:
    """Diffusion length 2 sqrt(D t) of Dy after ``time_h`` hours at ``temp_c``, mm."""
    return 2.0 * math.sqrt(dy_gb_diffusivity_cm2_s(temp_c) * time_h * 3600.0) * 10.0


GBD_DEPTH_DEFAULT_MM = gbd_depth_mm(GBD_DEFAULT_TEMP_C, GBD_DEFAULT_TIME_H)


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
        form = (
            "None or {'element': 'Tb'|'Dy'|'Ho'|'NdCu'|'PrCu', 'wt_pct': x[, 'depth_mm': d]} "
            "(Dy: or 'temp_c' and 'time_h' of the treatment in place of depth_mm)"
        )
        if not isinstance(gbd, dict) or "element" not in gbd or "wt_pct" not in gbd:
            raise MagphysValueError("gbd", gbd, form)
        el = str(gbd["element"]).lower().replace("-", "")
        if el not in GBD_ELEMENTS:
            raise MagphysValueError("gbd.element", gbd["element"], "'Tb', 'Dy', 'Ho', 'NdCu' or 'PrCu'")
        wt = check("gbd.wt_pct", gbd["wt_pct"], Number(0.0, 3.0, unit="wt% taken up by the magnet"))
        if "temp_c" in gbd or "time_h" in gbd:
            if el != "dy":
                raise MagphysValueError(
                    "gbd.temp_c/time_h",
                    (gbd.get("temp_c"), gbd.get("time_h")),
                    f"Dy only (the one sourced grain-boundary diffusivity); give depth_mm for {gbd['element']}",
                )
            if "depth_mm" in gbd:
                raise MagphysValueError("gbd.depth_mm", gbd["depth_mm"], "not with temp_c/time_h (they set it)")
            lo, hi = GBD_TEMP_RANGE_C
            t = check("gbd.temp_c", gbd.get("temp_c", GBD_DEFAULT_TEMP_C), Number(lo, hi, unit="degC"))
            h = check("gbd.time_h", gbd.get("time_h", GBD_DEFAULT_TIME_H), Number(0.1, 100.0, unit="h"))
            depth = check("gbd.depth_mm", gbd_depth_mm(t, h), Number(0.05, 20.0, unit="mm"))
        else:
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
