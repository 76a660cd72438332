"""Turbomachine curves shared by fans and pumps: pressure against flow from two datasheet points,
affinity laws, sets in parallel and in series, the operating point on a quadratic system curve,
and shaft power from a total-pressure efficiency. The relations are the kernels' (kernels/mover.py),
which the fused design chain runs too; this object holds a curve's data and validates it."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from .._gate import Integer, Number, Text, check, validate
from ..errors import MagphysValueError, unknown_name
from ..kernels.mover import (
    mover_at_speed,
    mover_duty,
    mover_operating_point,
    mover_pressure_pa,
    mover_shaft_power_w,
    mover_system_k,
    mover_torque_nm,
    mover_total_pressure_pa,
)
from ..materials._tables import read_csv


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

    @validate(speed_rpm=Number(0.0, 1e6, lo_open=True, unit="rpm"))
    def at_speed(self, speed_rpm: float):
        """Affinity laws at fixed diameter: Q ~ n, p ~ n^2 (and shaft power ~ n^3)."""
        q_max, p_max, power_ratio = mover_at_speed(self.q_max_m3_s, self.p_max_pa, self.speed_rpm, speed_rpm)
        return replace(
            self,
            q_max_m3_s=q_max,
            p_max_pa=p_max,
            speed_rpm=speed_rpm,
            rated_power_w=self.rated_power_w * power_ratio,
        )

    @validate(count=Integer(1, 100_000))
    def in_parallel(self, count: int):
        """``count`` of these sets side by side (flows add at one pressure)."""
        return replace(self, count=self.count * count)

    @validate(stages=Integer(1, 100))
    def in_series(self, stages: int):
        """``stages`` of these sets one after the other (pressures add at one flow)."""
        return replace(self, stages=self.stages * stages)

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
        return mover_pressure_pa(self.shutoff_pa, self.flow_fraction(q_m3_s))

    @property
    def outlet_m2(self) -> float:
        """Outlet area of the set (each machine in parallel has its own outlet)."""
        return self.count * self.outlet_area_m2

    def total_pressure_pa(self, q_m3_s: float, density_kg_m3: float) -> float:
        """Static plus dynamic pressure at the outlet of each machine (each carries q/count)."""
        return mover_total_pressure_pa(self.pressure_pa(q_m3_s), q_m3_s, density_kg_m3, self.outlet_m2)

    def shaft_power_w(self, q_m3_s: float, density_kg_m3: float) -> float:
        """Shaft power of the whole set at total flow q: Q p_t / eta_total."""
        return mover_shaft_power_w(q_m3_s, self.pressure_pa(q_m3_s), density_kg_m3, self.outlet_m2, self.eta_total)

    def torque_nm(self, q_m3_s: float, density_kg_m3: float) -> float:
        """Shaft torque of each machine of the set at total flow q and this curve's speed."""
        return mover_torque_nm(self.shaft_power_w(q_m3_s, density_kg_m3), self.speed_rpm, self.machines)

    def duty(self, speed_rpm: float, x: float, density_kg_m3: float) -> tuple[float, float, float]:
        """(flow, static pressure, shaft power) of the set at ``speed_rpm`` where a quadratic system curve
        meets it at flow fraction ``x`` (the fused chain's mover duty)."""
        return mover_duty(
            self.free_flow_m3_s,
            self.shutoff_pa,
            self.speed_rpm,
            self.outlet_m2,
            self.eta_total,
            speed_rpm,
            x,
            density_kg_m3,
        )

    def system_k(self, x: float) -> float:
        """The quadratic system curve dp = k Q^2 that meets this set at flow fraction x."""
        return mover_system_k(self.free_flow_m3_s, self.shutoff_pa, x)

    @validate(k_pa_s2_m6=Number(0.0, None, lo_open=True, unit="Pa s2/m6 (system curve dp = k Q^2)"))
    def operating_point(self, k_pa_s2_m6: float) -> tuple[float, float]:
        """(flow, pressure) where the set meets the system curve dp = k Q^2 (k > 0)."""
        return mover_operating_point(self.free_flow_m3_s, self.shutoff_pa, k_pa_s2_m6)


def library_row(kind: str, name, table: str, match: Callable[[str, Sequence[dict]], list[dict]]) -> dict:
    """The one row of the built-in ``kind`` library (``table`` in magphys/data) that ``match`` finds for
    ``name``; a name that is not a string, or matches no row or several, raises naming ``kind``."""
    key = check(kind, name, Text(f"a {kind} model name (mp.cooling.{kind}_names())"))
    rows = read_csv(table)
    hits = match(key, rows)
    if len(hits) != 1:
        raise unknown_name(
            kind,
            name,
            [r["model"] for r in rows],
            f"a model of the built-in {kind} library (mp.cooling.{kind}_names())",
            cutoff=0.3,
        )
    return hits[0]
