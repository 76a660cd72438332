"""Fans: curves from datasheet points, affinity laws, fans in parallel and in series, and the
operating point on a system (impedance) curve."""

from __future__ import annotations

from dataclasses import dataclass, replace
import math

from ..errors import MagphysValueError, unknown_name
from ..materials._tables import read_csv


@dataclass(frozen=True)
class FanCurve:
    """Static pressure against flow, p(Q) = p_max (1 - (Q/Q_max)^2) at ``speed_rpm``.

    The two datasheet points of every fan (free-air flow, shut-off pressure) fix the curve; the
    quadratic shape is the textbook approximation of an axial fan's stable branch (no stall dip).
    ``count``/``stages``: identical fans in parallel / in series.
    """

    name: str
    q_max_m3_s: float
    p_max_pa: float
    speed_rpm: float
    rated_power_w: float = math.nan
    count: int = 1
    stages: int = 1

    def __post_init__(self):
        for nm in ("q_max_m3_s", "p_max_pa", "speed_rpm"):
            v = getattr(self, nm)
            if not (math.isfinite(v) and v > 0):
                raise MagphysValueError(nm, v, "> 0")
        if self.count < 1 or self.stages < 1:
            raise MagphysValueError("count/stages", (self.count, self.stages), ">= 1")

    def at_speed(self, speed_rpm: float) -> "FanCurve":
        """Affinity laws at fixed diameter: Q ~ n, p ~ n^2 (and shaft power ~ n^3)."""
        if not (math.isfinite(speed_rpm) and speed_rpm > 0):
            raise MagphysValueError("speed_rpm", speed_rpm, "> 0")
        r = speed_rpm / self.speed_rpm
        return replace(self, q_max_m3_s=self.q_max_m3_s * r, p_max_pa=self.p_max_pa * r * r, speed_rpm=speed_rpm,
                       rated_power_w=self.rated_power_w * r**3)

    def in_parallel(self, count: int) -> "FanCurve":
        return replace(self, count=self.count * int(count))

    def in_series(self, stages: int) -> "FanCurve":
        return replace(self, stages=self.stages * int(stages))

    @property
    def free_flow_m3_s(self) -> float:
        return self.q_max_m3_s * self.count

    @property
    def shutoff_pa(self) -> float:
        return self.p_max_pa * self.stages

    def pressure_pa(self, q_m3_s: float) -> float:
        """Static pressure of the set at total flow q (0 beyond free delivery)."""
        x = q_m3_s / self.free_flow_m3_s
        return self.shutoff_pa * max(0.0, 1.0 - x * x)

    def operating_point(self, k_pa_s2_m6: float) -> tuple[float, float]:
        """(flow, pressure) where the set meets the system curve dp = k Q^2 (k > 0)."""
        if not (math.isfinite(k_pa_s2_m6) and k_pa_s2_m6 > 0):
            raise MagphysValueError("k_pa_s2_m6", k_pa_s2_m6, "> 0 (system curve dp = k Q^2)")
        q = self.free_flow_m3_s / math.sqrt(1.0 + k_pa_s2_m6 * self.free_flow_m3_s**2 / self.shutoff_pa)
        return q, k_pa_s2_m6 * q * q


def _m3_s(m3_per_min: str) -> float:
    return float(m3_per_min) / 60.0


def fan_names() -> list[str]:
    return [r["model"] for r in read_csv("server_fans.csv")]


def fan(name: str) -> FanCurve:
    """A fan of the built-in library (magphys/data/server_fans.csv) by model name; a unique
    case-insensitive substring of the model also works ('9GA0412P3K01')."""
    rows = read_csv("server_fans.csv")
    hits = [r for r in rows if r["model"].lower() == str(name).lower()] or \
        [r for r in rows if str(name).lower() in r["model"].lower()]
    if len(hits) != 1:
        raise unknown_name("fan", name, [r["model"] for r in rows],
                           "a model of the built-in fan library (mp.cooling.fan_names())", cutoff=0.3)
    r = hits[0]
    if not (r["airflow_m3min"] and r["static_Pa"] and r["rpm"]):
        raise MagphysValueError("fan", name, "a fan with airflow, static pressure and speed in its datasheet row")
    speed = float(r["rpm"].split("/")[0])  # counter-rotating fans list both rotors: the front one
    return FanCurve(r["model"], _m3_s(r["airflow_m3min"]), float(r["static_Pa"]), speed,
                    float(r["power_W"]) if r["power_W"] else math.nan)
