"""Fans: curves from datasheet points, affinity laws, fan sets, the operating point on a system
curve, and shaft power; the built-in library of server fans (magphys/data/server_fans.csv)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import MagphysValueError
from ..materials._tables import read_csv
from ._curves import MoverCurve, library_row

# Total-pressure efficiency of a small axial fan, taken constant on the stable branch. Shigemitsu et al.,
# Open J. Fluid Dyn. 8, 181 (2018): 46.7 % peak static efficiency measured on a 40 mm (contra-rotating)
# server fan; 0.45 is used as the representative total efficiency of one rotor (E).
FAN_ETA_TOTAL = 0.45
# Below ~30 % of free delivery small axial fans enter the stall dip that the quadratic curve does not
# describe (fan curves of the San Ace catalogue); points there are reported out of range (E).
FAN_X_MIN = 0.3


@dataclass(frozen=True)
class FanCurve(MoverCurve):
    """An axial fan (or an identical set of them): static pressure against flow and shaft power.

    ``outlet_area_m2`` is the annulus between hub and blade tips; ``eta_total`` the total-pressure
    efficiency (module constant FAN_ETA_TOTAL by default). Valid from 30 % of free delivery up to free
    delivery (the stable branch)."""

    eta_total: float = FAN_ETA_TOTAL
    x_min: float = FAN_X_MIN


def _match(name: str, rows: Sequence[dict]) -> list[dict]:
    """Rows whose model equals ``name``, else those containing every word of it (case-insensitive):
    'San Ace 9GA0412P3K01' finds 'San Ace 40 9GA0412P3K01'."""
    key = str(name).lower()
    exact = [r for r in rows if r["model"].lower() == key]
    return exact or [r for r in rows if all(w in r["model"].lower() for w in key.split())]


def fan_names() -> list[str]:
    return [r["model"] for r in read_csv("server_fans.csv")]


def fan(name: str) -> FanCurve:
    """A fan of the built-in library (magphys/data/server_fans.csv) by model name; the words of a
    unique model also work ('9GA0412P3K01', 'San Ace 9GA0412P3K01')."""
    if isinstance(name, FanCurve):
        return name
    r = library_row("fan", name, "server_fans.csv", _match)
    if not (r["airflow_m3min"] and r["static_Pa"] and r["rpm"] and r["tip_mm"] and r["hub_mm"]):
        raise MagphysValueError(
            "fan", name, "a fan with airflow, static pressure, speed and rotor size in its datasheet row"
        )
    speed = float(r["rpm"].split("/")[0])  # counter-rotating fans list both rotors: the front one
    area = math.pi / 4 * (float(r["tip_mm"]) ** 2 - float(r["hub_mm"]) ** 2) * 1e-6
    return FanCurve(
        r["model"],
        float(r["airflow_m3min"]) / 60.0,
        float(r["static_Pa"]),
        speed,
        float(r["power_W"]) if r["power_W"] else math.nan,
        outlet_area_m2=area,
    )
