"""Pumps: curves and affinity laws (shared with fans), the built-in library (magphys/data/pumps.csv)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import MagphysValueError
from ..materials._tables import read_csv
from ._curves import MoverCurve, library_row

PUMP_X_MIN, PUMP_X_MAX = 0.2, 0.9  # valid branch of the constant-efficiency model (pumps.csv header)


@dataclass(frozen=True)
class PumpCurve(MoverCurve):
    """A centrifugal pump (or an identical set): pressure against flow and shaft power; ``motor`` names
    the reference motor that drives it."""

    x_min: float = PUMP_X_MIN
    x_max: float = PUMP_X_MAX
    motor: str = ""


def pump_names() -> list[str]:
    return [r["model"] for r in read_csv("pumps.csv")]


def pump(name) -> PumpCurve:
    """A pump of the built-in library by model name (case-insensitive)."""
    if isinstance(name, PumpCurve):
        return name
    r = library_row("pump", name, "pumps.csv", lambda key, rows: [r for r in rows if r["model"].lower() == key.lower()])
    area = math.pi / 4 * (float(r["outlet_mm"]) * 1e-3) ** 2
    eta = float(r["eta_total"])
    if not 0 < eta <= 1:
        raise MagphysValueError("eta_total", eta, "0 < eta <= 1")
    return PumpCurve(
        r["model"],
        float(r["q_max_l_min"]) / 60000.0,
        float(r["p_max_kpa"]) * 1e3,
        float(r["speed_rpm"]),
        outlet_area_m2=area,
        eta_total=eta,
        motor=r["motor"],
    )
