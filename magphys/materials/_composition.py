"""Alloy compositions: validated wt% rows in the order of ``layout.ELEMENTS`` (Fe = balance)."""

from dataclasses import dataclass, field

import numpy as np

from .._gate import Number, check
from ..errors import MagphysValueError
from ..kernels import layout as L
from ._tables import molar_masses

# kwarg name -> element symbol
KEYS = {e.lower(): e for e in L.ELEMENTS}


@dataclass(frozen=True)
class Composition:
    """Alloy composition in wt%, Fe as the balance.

    ``Composition.from_kwargs(nd=22, pr=7, dy=2, b=0.95, co=1, unit="wt%")``; with
    ``unit="at%"`` the given atomic percentages are converted.
    """

    wt_pct: dict = field(default_factory=dict)

    @classmethod
    def from_kwargs(cls, unit: str = "wt%", **amounts: float) -> "Composition":
        if unit not in ("wt%", "at%"):
            raise MagphysValueError("unit", unit, "'wt%' or 'at%'")
        vals = {}
        for key, v in amounts.items():
            if key.lower() not in KEYS or key.lower() == "fe":
                raise MagphysValueError(key, v, f"one of {sorted(k for k in KEYS if k != 'fe')} (Fe is the balance)")
            vals[KEYS[key.lower()]] = check(key, v, Number(0.0, 100.0, unit=unit))
        total = sum(vals.values())
        if total >= 100.0:
            raise MagphysValueError(
                "composition",
                vals,
                f"elements other than Fe summing below 100 {unit}",
                f"they sum to {total:g} {unit}: the fractions do not close",
            )
        vals["Fe"] = 100.0 - total
        if unit == "at%":
            mm = dict(zip(L.ELEMENTS, molar_masses(), strict=False))
            mass = {e: a * mm[e] for e, a in vals.items()}
            tot = sum(mass.values())
            vals = {e: 100.0 * m / tot for e, m in mass.items()}
        comp = cls({e: vals.get(e, 0.0) for e in L.ELEMENTS})
        comp.validate()
        return comp

    def validate(self) -> None:
        """Raise if the alloy is outside the R2Fe14B model (too little R or B, too much Ce+La); the
        phase balance is the composition kernel's own (kernels.intrinsic.composition_record)."""
        from ..kernels.constants import CE_LA_MAX_FRACTION, CO_Y_MAX, FREE_FE_MAX_WT, M_CO, M_FE
        from ..kernels.intrinsic import composition_record
        from ._process import micro_row
        from ._tables import intrinsic_table

        row = self.row()
        if row[: L.N_RE].sum() <= 0:
            raise MagphysValueError("rare earth", 0.0, "> 0 wt% of Nd, Pr, Dy, Tb, Ce, La, Ho, Gd or Y")
        if row[L.I_B] <= 0:
            raise MagphysValueError("b", 0.0, "> 0 wt% boron (about 0.9-1.1 wt% in sintered NdFeB)")
        rec = np.zeros(L.N_REC)
        composition_record(row, micro_row("sintered"), intrinsic_table(), rec)
        if rec[L.R_FREE_TM_WT] > FREE_FE_MAX_WT:
            raise MagphysValueError(
                "total rare earth",
                round(row[: L.N_RE].sum(), 3),
                "enough R and B for R2Fe14B (about >= 27 wt% R and 0.9 wt% B), or Ga to bind the excess Fe as R6Fe13Ga",
                f"{rec[L.R_FREE_TM_WT]:.2f} wt% would remain as soft alpha-Fe",
            )
        y_co = (row[L.I_CO] / M_CO) / (row[L.I_CO] / M_CO + row[L.I_FE] / M_FE)
        if y_co > CO_Y_MAX:
            raise MagphysValueError(
                "co", round(float(row[L.I_CO]), 3), f"Co/(Fe+Co) <= {CO_Y_MAX} atomic (the R2(Fe,Co)14B model's range)"
            )
        if rec[L.R_X_CE_LA] > CE_LA_MAX_FRACTION:
            raise MagphysValueError(
                "ce+la fraction of rare earth", round(rec[L.R_X_CE_LA], 3), f"<= {CE_LA_MAX_FRACTION}"
            )

    def row(self) -> np.ndarray:
        return np.array([self.wt_pct.get(e, 0.0) for e in L.ELEMENTS], dtype=float)

    def __getitem__(self, element: str) -> float:
        return self.wt_pct[KEYS[element.lower()]]

    def heavy_rare_earth_wt_pct(self) -> float:
        return self.wt_pct["Dy"] + self.wt_pct["Tb"] + self.wt_pct["Ho"] + self.wt_pct["Gd"]
