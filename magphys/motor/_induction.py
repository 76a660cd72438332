"""Magnet-free reference: a 4-pole 50 Hz induction motor at its IE-class efficiency.

Rated efficiency from IEC 60034-30-1 (interpolated in log power between the tabulated ratings).
Part load: losses split into a constant part (iron, friction and windage) and a part growing with
the square of the load (stator and rotor copper, stray load); the constant share
CONSTANT_LOSS_SHARE = 0.3 of the rated losses is typical of the loss segregation of IEC 60034-2-1
tests on 1-30 kW motors (iron 15-25 %, friction and windage 5-10 %; estimate).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._gate import Choice, Number, validate
from ..errors import MagphysValueError
from ..materials._tables import read_csv

CONSTANT_LOSS_SHARE = 0.3
SYNC_RPM = 1500.0  # 4 poles at 50 Hz
RATED_SLIP = 0.03


def ie_efficiency(p_kw: float, ie_class: str = "IE3") -> float:
    """Nominal efficiency (0..1) of the class at rating p_kw (0.12-30 kW)."""
    col = {"IE2": "ie2_pct", "IE3": "ie3_pct", "IE4": "ie4_pct", "IE5": "ie5_est_pct"}.get(ie_class.upper())
    if col is None:
        raise MagphysValueError("ie_class", ie_class, "'IE2', 'IE3', 'IE4' or 'IE5'")
    rows = read_csv("ie_efficiency_4pole_50hz.csv")
    p = np.array([float(r["p_kw"]) for r in rows])
    eta = np.array([float(r[col]) for r in rows]) / 100.0
    if not (p[0] <= p_kw <= p[-1]):
        raise MagphysValueError("rated_kw", p_kw, f"{p[0]}..{p[-1]} kW (IEC 60034-30-1 table)")
    return float(np.interp(math.log(p_kw), np.log(p), eta))


@dataclass(frozen=True)
class InductionMotor:
    """A magnet-free motor for substitution studies (no magnet, no demagnetization risk)."""

    rated_kw: float
    ie_class: str = "IE3"

    @property
    def name(self) -> str:
        return f"induction_{self.ie_class.lower()}_{self.rated_kw:g}kw"

    @property
    def rated_efficiency(self) -> float:
        return ie_efficiency(self.rated_kw, self.ie_class)

    def rated_point(self) -> dict:
        speed = SYNC_RPM * (1 - RATED_SLIP)
        return dict(speed_rpm=speed, torque_nm=self.rated_kw * 1e3 / (speed * 2 * math.pi / 60), ambient_c=40.0)

    def efficiency_at(self, load: float) -> float:
        """Efficiency at a fraction ``load`` of rated shaft power."""
        if not (0 < load <= 1.5):
            raise MagphysValueError("load", load, "0 < load <= 1.5 of rated power")
        p_r = self.rated_kw * 1e3
        loss_r = p_r * (1 / self.rated_efficiency - 1)
        loss = loss_r * (CONSTANT_LOSS_SHARE + (1 - CONSTANT_LOSS_SHARE) * load**2)
        return load * p_r / (load * p_r + loss)


@validate(rated_kw=Number(0.0, None, lo_open=True, unit="kW"), ie_class=Choice(("IE2", "IE3", "IE4", "IE5")))
def induction_reference(rated_kw: float, ie_class: str = "IE3") -> InductionMotor:
    """The magnet-free reference: a 4-pole induction motor of ``rated_kw`` at its IEC 60034-30-1
    class efficiency (0.12-30 kW)."""
    m = InductionMotor(rated_kw, ie_class)
    _ = m.rated_efficiency  # validates rating and class
    return m
