"""Calibration of the sintered-NdFeB model and generation of the grade catalogue.

Run ``python -m magphys.materials.calibrate`` to repeat it. Two steps:

1. Global microstructure constants on one Dy-free reference alloy (Nd22.9 Pr7.6 B0.98 Co1.0
   Cu0.1 Al0.1 wt%, 5 um grains): the sintered ``alpha``, the exponent n of its temperature
   dependence alpha0 m^n and the N_eff scale are solved so that HcJ(20 C) = 1.10 x the N-class
   minimum (955 kA/m), beta(HcJ, 20-100 C) = -0.72 %/K, the mean of the vendor N-class values
   (-0.76, -0.76, -0.75, -0.618 %/K: shared/data/ndfeb_grade_class_summary.csv), and the bulk-Dy
   gain is 130 kA/m per wt%. The activation volume is the magnetic-viscosity value
   (kernels/constants.py), not a fit. Nothing else is fitted globally.
2. Each catalogue grade: its Br band and HcJ class minimum come from the vendor tables;
   the heavy-rare-earth content (bulk Dy, Dy+Tb for EH/AH, or a GBD amount) is solved so that
   HcJ(20 C) = margin x class minimum, and the degree of alignment so that Br(20 C) is the
   middle of the band. The result is magphys/data/grades.csv.

Other classes' beta, alpha(Br), maximum working temperatures and the GBD data points are then
predictions, checked by the test suite.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import brentq, least_squares

from ..errors import MagphysValueError
from ..kernels import constants as c
from ..kernels import layout as L
from ..kernels.constants import ZERO_C_K
from ..kernels.demag import layer_terms, magnet_point, remanence
from ..kernels.intrinsic import composition_record, intrinsic_at, nucleation_fields
from ._composition import Composition
from ._process import micro_row
from ._tables import intrinsic_table

REFERENCE = dict(nd=22.9, pr=7.6, b=0.98, co=1.0, cu=0.1, al=0.1)
HCJ_TARGET_N = 1.10 * 955e3
BETA_TARGET_N = -0.72e-2
# HcJ gain per wt% bulk Dy: +100..160 kA/m (shared/data/ndfeb_hre_and_substitution_datapoints.csv,
# 'bulk Dy (estimate)'); the middle value. Sets N_eff through the Js term.
DY_GAIN_TARGET = 130e3

CLASS_HCJ_MIN = {"N": 955e3, "M": 1114e3, "H": 1353e3, "SH": 1592e3, "UH": 1990e3, "EH": 2388e3, "AH": 2786e3}
CLASS_TB_SHARE = {"N": 0.0, "M": 0.0, "H": 0.0, "SH": 0.0, "UH": 0.0, "EH": 0.35, "AH": 0.6}
GRADE_NUMBERS = {
    "N": (35, 38, 40, 42, 45, 48, 50, 52, 55),
    "M": (35, 38, 40, 42, 45, 48, 50, 52),
    "H": (33, 35, 38, 40, 42, 45, 48, 50),
    "SH": (33, 35, 38, 40, 42, 45, 48, 50, 52),
    "UH": (30, 33, 35, 38, 40, 42, 45),
    "EH": (30, 33, 35, 38, 40, 42),
    "AH": (30, 33, 35, 38),
}
NDPR_PR_SHARE = 0.25  # Pr share of the light rare earth: commercial PrNd (25:75) metal


def record(
    comp: dict, process="sintered", grain=None, gbd=None, thick=5.0, align=None, alpha=None, neff_scale=None
) -> np.ndarray:
    comp = {k: v for k, v in comp.items() if v}
    row = Composition.from_kwargs(**comp).row()
    rec = np.zeros(L.N_REC)
    micro = micro_row(process, grain, gbd, thick, align, None, alpha, neff_scale)
    composition_record(row, micro, intrinsic_table(), rec)
    return rec


def props(rec: np.ndarray, temp_c: float) -> np.ndarray:
    out = np.zeros(L.N_OUT)
    magnet_point(rec, temp_c + ZERO_C_K, out)
    return out


def switching_width_ref(rec: np.ndarray) -> float:
    """HcJ / (alpha HA) of a one-layer record at 20 C (medians, without the width): ``SWITCHING_WIDTH_REF``."""
    js, ha, mk, me, mn = intrinsic_at(rec, c.T_20C_K)
    ha_n, mk_n = nucleation_fields(ha, mk, mn)
    h50, h_alpha = layer_terms(rec, 0, c.THERMAL_BARRIER_KT * c.T_20C_K / me, ha_n, js, mk_n)
    return float(h50 / h_alpha)


def calibrate_globals() -> tuple[float, float, float]:
    """Solve (alpha, nucleation exponent n, N_eff scale) of the sintered route on the reference alloy.

    The activation volume is not fitted here: it is the magnetic-viscosity value of constants.py, so that the
    time dependence is that of the measured fluctuation field and the temperature dependence of HcJ is carried
    by the intrinsic terms and alpha(T) = alpha0 m^n."""

    def residuals(p):
        alpha, n, ns = p
        c.NUCLEATION_EXPONENT = n
        rec = record(REFERENCE, alpha=alpha, neff_scale=ns)
        c.SWITCHING_WIDTH_REF = switching_width_ref(rec)
        h20 = props(rec, 20.0)[L.O_HCJ]
        h100 = props(rec, 100.0)[L.O_HCJ]
        dy = dict(REFERENCE, nd=REFERENCE["nd"] - 1.5, pr=REFERENCE["pr"] - 0.5, dy=2.0)
        h_dy = props(record(dy, alpha=alpha, neff_scale=ns), 20.0)[L.O_HCJ]
        return [
            (h20 - HCJ_TARGET_N) / 1e5,
            ((h100 / h20 - 1.0) / 80.0 - BETA_TARGET_N) * 1e3,
            ((h_dy - h20) / 2.0 - DY_GAIN_TARGET) / 1e4,
        ]

    sol = least_squares(residuals, [0.55, 0.7, 1.4], bounds=([0.3, -3.0, 0.5], [0.95, 5.0, 2.5]), xtol=1e-12)
    c.NUCLEATION_EXPONENT = float(sol.x[1])
    c.SWITCHING_WIDTH_REF = switching_width_ref(record(REFERENCE, alpha=float(sol.x[0]), neff_scale=float(sol.x[2])))
    return float(sol.x[0]), float(sol.x[1]), float(sol.x[2])


# Sintered single-alloy (Nd,Ce)-Fe-B, HcJ relative to the Ce-free magnet at 5 / 10 / 15 wt% Ce (Chen et al., JMMM
# 2022, doi:10.1016/j.jmmm.2022.169477: 1053 -> 912 / 912 / 732 kA/m); Ce replaces the light rare earth pro rata.
CE_POINTS_WT = (5.0, 10.0, 15.0)
CE_POINTS_RATIO = (912.0 / 1053.0, 912.0 / 1053.0, 732.0 / 1053.0)


def with_ce(comp: dict, ce_wt: float) -> dict:
    """``comp`` with ``ce_wt`` wt% Ce in place of the same mass of Nd+Pr (pro rata)."""
    lre = comp["nd"] + comp.get("pr", 0.0)
    return dict(comp, nd=comp["nd"] * (1 - ce_wt / lre), pr=comp.get("pr", 0.0) * (1 - ce_wt / lre), ce=ce_wt)


def calibrate_ce(alpha: float, ns: float) -> float:
    """``CE_GB_DALPHA``: least squares on Chen's three HcJ ratios of the reference alloy with Ce."""

    def residuals(p):
        c.CE_GB_DALPHA = float(p[0])
        h0 = props(record(REFERENCE, alpha=alpha, neff_scale=ns), 20.0)[L.O_HCJ]
        return [
            props(record(with_ce(REFERENCE, w), alpha=alpha, neff_scale=ns), 20.0)[L.O_HCJ] / h0 - r
            for w, r in zip(CE_POINTS_WT, CE_POINTS_RATIO, strict=True)
        ]

    sol = least_squares(residuals, [0.2], bounds=([0.0], [1.0]), xtol=1e-12)
    c.CE_GB_DALPHA = float(sol.x[0])
    return c.CE_GB_DALPHA


MU_REC_TARGET_N = 1.05  # N-class recoil permeability (vendors 1.05; UH/EH 1.02-1.03 follow from HA: a check)


def calibrate_recoil(process: str = "sintered") -> float:
    """The reversible-rotation factor kappa of a process (kernels/intrinsic.py recoil_slope) that gives the
    reference alloy mu_rec = MU_REC_TARGET_N at 20 C: kappa = (mu_rec - 1) mu0 HA / Br."""
    rec = record(REFERENCE, process=process)
    js, ha, mk, _me, _mn = intrinsic_at(rec, c.T_20C_K)
    return (MU_REC_TARGET_N - 1.0) * ha / remanence(rec, js, mk)


def vendor_br_bands(path: Path) -> dict[int, tuple[float, float]]:
    bands: dict[int, list] = {}
    with open(path) as fh:
        for row in csv.DictReader(fh):
            name = row["grade"]
            if not name.startswith("N"):
                continue
            num = int("".join(ch for ch in name[1:] if ch.isdigit()))
            lo = float(row["Br_min_T"]) if row["Br_min_T"] else None
            hi = float(row["Br_max_or_typ_T"])
            b = bands.setdefault(num, [np.inf, -np.inf])
            b[0] = min(b[0], lo if lo is not None else hi)
            b[1] = max(b[1], hi)
    return {k: (v[0], v[1]) for k, v in bands.items()}


def tre_for(number: int) -> float:
    """Total rare earth (wt%) by energy grade: more boundary phase in low grades."""
    return 30.5 + 0.15 * (42 - number)


def _lre_split(lre: float, ce_share: float = 0.0) -> dict:
    ce = lre * ce_share
    rest = lre - ce
    return dict(nd=round(rest * (1 - NDPR_PR_SHARE), 4), pr=round(rest * NDPR_PR_SHARE, 4), ce=round(ce, 4))


def _hcj(comp, **kw) -> float:
    return props(record(comp, **kw), 20.0)[L.O_HCJ]


def _aligned(row: dict, br_target: float) -> dict:
    """Set the alignment so that Br(20 C) = br_target (Br is proportional to it)."""
    kw = dict(
        process=row["process"],
        grain=row["grain_um"],
        thick=row["thickness_mm"],
        gbd={"element": row["gbd_element"], "wt_pct": row["gbd_wt_pct"]} if row["gbd_element"] else None,
    )
    comp = {k: row[k] for k in COMP_KEYS}
    br0 = props(record(comp, **kw), 20.0)[L.O_BR]
    row["alignment"] = round(row["alignment"] * br_target / br0, 4)
    return row


COMP_KEYS = ("nd", "pr", "dy", "tb", "ce", "b", "co", "cu", "al")


# GBD grades are specified for magnets up to 3 mm thick: the depth a 900 C / 8 h treatment reaches
# (3.0 mm, e-beam Dy point in shared/data/ndfeb_hre_and_substitution_datapoints.csv).
GBD_THICKNESS_MM = 3.0


def _row(name, family, cls, comp, process="sintered", grain=5.0, gbd_el="", gbd_wt=0.0, source=""):
    align = {"sintered": 0.955, "hot_deformed": 0.92}[process]
    row = dict(
        name=name,
        family=family,
        grade_class=cls,
        process=process,
        grain_um=grain,
        alignment=align,
        gbd_element=gbd_el,
        gbd_wt_pct=round(gbd_wt, 3),
        thickness_mm=GBD_THICKNESS_MM if gbd_el else 5.0,
        source=source,
    )
    row.update({k: comp.get(k, 0.0) for k in COMP_KEYS})
    return row


ALIGN_MAX = 0.975  # best texture of pressed sintered magnets (Br/Js/v_main ~ 0.97)
TRE_MIN = 28.0  # leaner alloys leave too little grain-boundary phase to sinter and decouple grains


def bulk_grade(
    cls: str, number: int, band, margin: float = 1.05, ce_share: float = 0.0, suffix: str = "", tre: float | None = None
) -> dict | None:
    """Sintered grade with bulk-alloyed heavy rare earth solved for HcJ = margin x class minimum.

    Returns None when no alloy with TRE >= TRE_MIN and alignment <= ALIGN_MAX reaches the Br band:
    such grades (high Br with high HcJ) are made by grain-boundary diffusion, not bulk alloying.
    """
    tre = tre_for(number) if tre is None else tre
    tb_share = CLASS_TB_SHARE[cls]
    target = margin * CLASS_HCJ_MIN[cls]

    def comp_of(hre):
        comp = _lre_split(tre - hre, ce_share)
        comp.update(
            dy=round(hre * (1 - tb_share), 4),
            tb=round(hre * tb_share, 4),
            b=0.98,
            co=1.0 if cls in ("N", "M") else 2.0,
            cu=0.1,
            al=0.1,
        )
        return comp

    hre = 0.0
    try:
        if _hcj(comp_of(0.0)) < target:
            hre = round(brentq(lambda x: _hcj(comp_of(x)) - target, 0.0, 20.0, xtol=1e-4), 2)
    except MagphysValueError:  # below R2Fe14B stoichiometry: no such alloy
        return None
    name = f"N{number}{'' if cls == 'N' else cls}{suffix}"
    src = (
        "vendor Br band by grade number and HcJ class minimum (shared/data/ndfeb_vendor_grade_tables.csv, "
        "ndfeb_grade_class_summary.csv); HRE and alignment solved by calibrate.py"
    )
    row = _row(name, "sintered_ndfeb" if not ce_share else "ce_substituted_ndfeb", cls, comp_of(hre), source=src)
    row = _aligned(row, 0.5 * (band[0] + band[1]))
    if row["alignment"] > ALIGN_MAX:
        if tre - 0.5 < TRE_MIN:
            return None
        return bulk_grade(cls, number, band, margin, ce_share, suffix, tre - 0.5)
    return row


# Dy/Tb GBD grades of the HL Magnets table (shared/data/ndfeb_vendor_grade_tables.csv, hl_magnets_GBD):
# name -> (class, Br min, Br max, HcJ min A/m); 'T' suffix = Tb diffused, else Dy.
GBD_GRADES = {
    "G50SH": ("SH", 1.39, 1.44, 1592e3),
    "G50SHT": ("SH", 1.39, 1.44, 1751e3),
    "G52SH": ("SH", 1.42, 1.46, 1592e3),
    "G52SHT": ("SH", 1.42, 1.46, 1751e3),
    "G45UH": ("UH", 1.32, 1.37, 1990e3),
    "G48UH": ("UH", 1.36, 1.40, 1990e3),
    "G48UHT": ("UH", 1.36, 1.40, 2149e3),
    "G50UH": ("UH", 1.39, 1.44, 1990e3),
    "G45EH": ("EH", 1.32, 1.37, 2388e3),
    "G45EHT": ("EH", 1.32, 1.37, 2547e3),
    "G42EHT": ("EH", 1.28, 1.33, 2547e3),
    "G40AH": ("AH", 1.25, 1.29, 2786e3),
    "G40AHT": ("AH", 1.25, 1.29, 2945e3),
    "G42AH": ("AH", 1.28, 1.33, 2786e3),
    "G38AHT": ("AH", 1.21, 1.26, 2945e3),
}
# typical uptake of a 3-6 mm magnet: 0.3-0.6 wt% Tb or Dy (industrial figures recalled, not verified here);
# the upper end, since the HL grades are among the highest-HcJ GBD grades on the market
GBD_UPTAKE_WT = 0.6


def gbd_grade(name: str, margin: float = 1.05, tre: float | None = None, spec=None, el=None) -> dict | None:
    """GBD grade: diffused Dy or Tb (GBD_UPTAKE_WT, 5 mm magnet) plus the bulk Dy still needed."""
    cls, br_lo, br_hi, hmin = GBD_GRADES[name] if spec is None else spec
    el = el or ("Tb" if name.endswith("T") else "Dy")
    number = int("".join(ch for ch in name if ch.isdigit()))
    tre = tre_for(number) if tre is None else tre
    target = margin * hmin

    def comp_of(dy):
        comp = _lre_split(tre - dy)
        comp.update(dy=round(dy, 4), b=0.98, co=2.0, cu=0.1, al=0.1)
        return comp

    def h(dy, wt):
        return _hcj(comp_of(dy), gbd={"element": el, "wt_pct": wt}, thick=GBD_THICKNESS_MM)

    try:
        if h(0.0, GBD_UPTAKE_WT) >= target:
            dy, wt = 0.0, round(brentq(lambda w: h(0.0, w) - target, 0.0, GBD_UPTAKE_WT, xtol=1e-4), 3)
        else:
            dy, wt = round(brentq(lambda d: h(d, GBD_UPTAKE_WT) - target, 0.0, 20.0, xtol=1e-4), 2), GBD_UPTAKE_WT
    except MagphysValueError:  # below R2Fe14B stoichiometry: no such alloy
        return None
    src = (
        "HL Magnets Dy/Tb GBD grade table (shared/data/ndfeb_vendor_grade_tables.csv); bulk Dy / GBD uptake "
        "and alignment solved by calibrate.py for a 3 mm magnet"
    )
    row = _row(name, "gbd_ndfeb", cls, comp_of(dy), gbd_el=el, gbd_wt=wt, source=src)
    row = _aligned(row, 0.5 * (br_lo + br_hi))
    if row["alignment"] > ALIGN_MAX:
        return None if tre - 0.5 < TRE_MIN else gbd_grade(name, margin, tre - 0.5, spec, el)
    return row


HD_HCJ_TARGET = 1650e3  # HRE-free hot-deformed: HcJ > 1600 kA/m (STAM 2021, PMC7850326)


def calibrate_hot_deformed() -> float:
    return brentq(
        lambda a: props(record(REFERENCE, process="hot_deformed", alpha=a), 20.0)[L.O_HCJ] - HD_HCJ_TARGET,
        0.2,
        0.95,
        xtol=1e-8,
    )


def hre_free_grades(bands) -> list[dict]:
    rows = []
    comp = dict(_lre_split(tre_for(42)), b=0.98, co=1.0, cu=0.1, al=0.1, dy=0.0, tb=0.0)
    # fine-grain Dy-free sintered (He jet milling, ~1.1 um grains: Une & Sagawa, J. Japan Inst. Met. 76, 12 (2012))
    r = _row(
        "FG42H",
        "fine_grain_ndfeb",
        "H",
        comp,
        grain=1.1,
        source="HRE-free fine-grain sintered route; grain size of Une & Sagawa 2012; N_eff(D) of Bance 2014",
    )
    rows.append(_aligned(r, 0.5 * sum(bands[42])))
    # hot-deformed HRE-free (Daido type, >1600 kA/m: PMC7850326)
    r = _row(
        "HD40SH",
        "hot_deformed_ndfeb",
        "SH",
        comp,
        process="hot_deformed",
        grain=0.3,
        source="HRE-free hot-deformed route (STAM 2021, PMC7850326); alpha of processes.csv",
    )
    rows.append(_aligned(r, 0.5 * sum(bands[40])))
    # Pr-Cu eutectic GBD on a Dy-free sintered magnet (UNIST: 1.85 T with Pr70Cu15Al10Ga5): the
    # amount is solved for HcJ = 1.05 x the H-class minimum on a 3 mm plate
    base45 = dict(comp, **_lre_split(tre_for(45)))
    wt = brentq(
        lambda w: (
            _hcj(base45, gbd={"element": "PrCu", "wt_pct": w}, thick=GBD_THICKNESS_MM) - 1.05 * CLASS_HCJ_MIN["H"]
        ),
        0.01,
        3.0,
        xtol=1e-4,
    )
    r = _row(
        "N45H-PrCu",
        "eutectic_gbd_ndfeb",
        "H",
        base45,
        gbd_el="PrCu",
        gbd_wt=wt,
        source="HRE-free Pr-Cu eutectic GBD route (UNIST; Huber et al. arXiv 1903.02233); "
        "amount solved by calibrate.py",
    )
    rows.append(_aligned(r, 0.5 * sum(bands[45])))
    return rows


def build_catalogue(shared: Path) -> list[dict]:
    bands = vendor_br_bands(shared / "ndfeb_vendor_grade_tables.csv")
    rows: list[dict] = []
    skipped: list[str] = []

    def keep(name: str, row: dict | None) -> None:
        if row is None:
            skipped.append(name)
        else:
            rows.append(row)

    for cls, numbers in GRADE_NUMBERS.items():
        for n in numbers:
            name = f"N{n}{'' if cls == 'N' else cls}"
            row = bulk_grade(cls, n, bands[n])
            if row is None:  # high Br with high HcJ: made with Tb diffusion, as vendors do
                spec = (cls, bands[n][0], bands[n][1], CLASS_HCJ_MIN[cls])
                row = gbd_grade(name, 1.05, None, spec, "Tb")
            keep(name, row)
    for name in GBD_GRADES:
        keep(name, gbd_grade(name))
    # Ce-substituted grades (China 'N38 (Ce)' and '45SH (Ce)' blanks, shared/data/magnet_prices.csv)
    keep("N38-Ce", bulk_grade("N", 38, bands[38], ce_share=0.2, suffix="-Ce"))
    keep("N42SH-Ce", bulk_grade("SH", 42, bands[42], ce_share=0.1, suffix="-Ce"))
    rows += hre_free_grades(bands)
    print("not reachable within alignment/TRE limits (left out):", skipped)
    return [r for r in rows if r]


FIELDS = (
    "name",
    "family",
    "grade_class",
    "process",
    "nd",
    "pr",
    "dy",
    "tb",
    "ce",
    "b",
    "co",
    "cu",
    "al",
    "grain_um",
    "alignment",
    "gbd_element",
    "gbd_wt_pct",
    "thickness_mm",
    "source",
)


def write_catalogue(rows: list[dict], path: Path) -> None:
    with open(path, "w", newline="") as fh:
        fh.write(
            "# Composition-based catalogue grades (wt%, Fe = balance), "
            "generated by python -m magphys.materials.calibrate\n"
        )
        fh.write("# with alpha_sintered and the activation volume of kernels/constants.py and processes.csv.\n")
        w = csv.DictWriter(fh, fieldnames=FIELDS, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r)


def main(argv=None) -> int:
    shared = Path(argv[0]) if argv else Path(__file__).resolve().parents[3] / "shared" / "data"
    print(
        f"recoil_kappa: sintered {calibrate_recoil('sintered'):.4f}, hot_deformed "
        f"{calibrate_recoil('hot_deformed'):.4f} (processes.csv)"
    )
    alpha, n, ns = calibrate_globals()
    print(
        f"sintered alpha = {alpha:.4f}, neff_scale = {ns:.4f} (processes.csv); "
        f"NUCLEATION_EXPONENT = {n:.4f}, SWITCHING_WIDTH_REF = {c.SWITCHING_WIDTH_REF:.4f} (constants.py)"
    )
    print(f"CE_GB_DALPHA = {calibrate_ce(alpha, ns):.4f} (constants.py)")
    print(f"hot_deformed alpha = {calibrate_hot_deformed():.4f} (processes.csv)")
    rows = build_catalogue(shared)
    out = Path(__file__).resolve().parents[1] / "data" / "grades.csv"
    write_catalogue(rows, out)
    for r in rows:
        print(
            f"{r['name']:>12} Dy {r['dy']:5.2f} Tb {r['tb']:5.2f} GBD {r['gbd_element'] or '-':>4} "
            f"{r['gbd_wt_pct']:.2f} align {r['alignment']:.3f}"
        )
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
