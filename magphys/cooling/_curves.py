"""Turbomachine curves shared by fans and pumps: pressure against flow from two datasheet points,
affinity laws, sets in parallel and in series, the operating point on a quadratic system curve,
and shaft power from a total-pressure efficiency."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ..errors import MagphysValueError


@dataclass(frozen=True)
class MoverCurve:
    """Static pressure against flow, p(Q) = p_max (1 - (Q/Q_max)^2), at ``speed_rpm``.

    The two datasheet points (free delivery, shut-off) fix the curve; the quadratic shape is the
    textbook approximation of the stable branch (no stall dip). ``count``/``stages``: identical
    machines in parallel / in series. Shaft power is Q p_t / eta_total with p_t the static pressure
    plus the dynamic pressure at ``outlet_area_m2`` (per machine) and ``eta_total`` constant on
    the valid branch ``x_min <= Q/Q_free <= x_max``; by the affinity laws at fixed diameter it then
    scales with speed cubed (Reynolds effects neglected).
    """

    name: str
    q_max_m3_s: float
    p_max_pa: float
    speed_rpm: float
    rated_power_w: float = math.nan
    count: int = 1
    stages: int = 1
    outlet_area_m2: float = math.inf
    eta_total: float = 0.5
    x_min: float = 0.0
    x_max: float = 1.0

    def __post_init__(self):
        for nm in ("q_max_m3_s", "p_max_pa", "speed_rpm", "outlet_area_m2"):
            v = getattr(self, nm)
            if not (v > 0 and not math.isnan(v)):
                raise MagphysValueError(nm, v, "> 0")
        if not (0 < self.eta_total <= 1):
            raise MagphysValueError("eta_total", self.eta_total, "0 < eta_total <= 1")
        if self.count < 1 or self.stages < 1:
            raise MagphysValueError("count/stages", (self.count, self.stages), ">= 1")

    def at_speed(self, speed_rpm: float):
        """Affinity laws at fixed diameter: Q ~ n, p ~ n^2 (and shaft power ~ n^3)."""
        if not (math.isfinite(speed_rpm) and speed_rpm > 0):
            raise MagphysValueError("speed_rpm", speed_rpm, "> 0")
        r = speed_rpm / self.speed_rpm
        return replace(
            self,
            q_max_m3_s=self.q_max_m3_s * r,
            p_max_pa=self.p_max_pa * r * r,
            speed_rpm=speed_rpm,
            rated_power_w=self.rated_power_w * r**3,
        )

    def in_parallel(self, count: int):
        return replace(self, count=self.count * int(count))

    def in_series(self, stages: int):
        return replace(self, stages=self.stages * int(stages))

    @property
    def machines(self) -> int:
        return self.count * self.stages

    @property
    def free_flow_m3_s(self) -> float:
        return self.q_max_m3_s * self.count

    @property
    def shutoff_pa(self) -> float:
        return self.p_max_pa * self.stages

    def flow_fraction(self, q_m3_s: float) -> float:
        """Q / free delivery of the set: the position on the curve, independent of speed."""
        return q_m3_s / self.free_flow_m3_s

    def on_valid_branch(self, q_m3_s: float) -> bool:
        return self.x_min <= self.flow_fraction(q_m3_s) <= self.x_max

    def pressure_pa(self, q_m3_s: float) -> float:
        """Static pressure of the set at total flow q (0 beyond free delivery)."""
        x = self.flow_fraction(q_m3_s)
        return self.shutoff_pa * max(0.0, 1.0 - x * x)

    def total_pressure_pa(self, q_m3_s: float, density_kg_m3: float) -> float:
        """Static plus dynamic pressure at the outlet of each machine (each carries q/count)."""
        v = q_m3_s / (self.count * self.outlet_area_m2)
        return self.pressure_pa(q_m3_s) + 0.5 * density_kg_m3 * v * v

    def shaft_power_w(self, q_m3_s: float, density_kg_m3: float) -> float:
        """Shaft power of the whole set at total flow q: Q p_t / eta_total."""
        return q_m3_s * self.total_pressure_pa(q_m3_s, density_kg_m3) / self.eta_total

    def torque_nm(self, q_m3_s: float, density_kg_m3: float) -> float:
        """Shaft torque of each machine of the set at total flow q and this curve's speed."""
        omega = self.speed_rpm * math.pi / 30.0
        return self.shaft_power_w(q_m3_s, density_kg_m3) / self.machines / omega

    def system_k(self, x: float) -> float:
        """The quadratic system curve dp = k Q^2 that meets this set at flow fraction x."""
        q = x * self.free_flow_m3_s
        return self.pressure_pa(q) / (q * q)

    def operating_point(self, k_pa_s2_m6: float) -> tuple[float, float]:
        """(flow, pressure) where the set meets the system curve dp = k Q^2 (k > 0)."""
        if not (math.isfinite(k_pa_s2_m6) and k_pa_s2_m6 > 0):
            raise MagphysValueError("k_pa_s2_m6", k_pa_s2_m6, "> 0 (system curve dp = k Q^2)")
        q = self.free_flow_m3_s / math.sqrt(1.0 + k_pa_s2_m6 * self.free_flow_m3_s**2 / self.shutoff_pa)
        return q, k_pa_s2_m6 * q * q
