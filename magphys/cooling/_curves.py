"""Turbomachine curves shared by fans and pumps: a measured or typed characteristic (pressure and shaft power
against flow), the similarity laws with the Reynolds correction, sets in parallel and in series, and the
operating point on a quadratic system curve. The relations are the kernels' (kernels/mover.py), which the
fused design chain runs too; this object holds a curve's data, validates it and builds its record."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from .._gate import Integer, Number, Text, check, validate
from ..errors import MagphysValueError, unknown_name
from ..kernels import layout as L
from ..kernels import status as st
from ..kernels.mover import (
    mover_duty,
    mover_efficiency,
    mover_flow_fraction,
    mover_pressure_pa,
    mover_shaft_power_w,
    mover_system_k,
    mover_torque_nm,
    reynolds_power_factor,
)
from ..materials._tables import read_csv

NODES = np.linspace(0.0, 1.0, L.N_MV_NODES)


@dataclass(frozen=True)
class CurvePoint:
    """Where a fan or pump set meets a system curve: the flow, the static pressure (fans) or head rise (pumps),
    the shaft power and efficiency of the set, the flow fraction x = Q / Q_free and a status name ("ok",
    "stall" left of the stable branch, "outside model range" beyond the curve); off the stable branch the
    values are those of the curve's model there, reported with the status, never as "ok"."""

    flow_m3_s: float
    static_pressure_pa: float
    shaft_power_w: float
    efficiency: float
    flow_fraction: float
    speed_rpm: float
    status: str
    input_power_w: float = math.nan


def normalized_shape(x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray) -> tuple[float, ...]:
    """A shape on the record's nodes from points (x, y) sorted by x: linear between the points, the end values
    held beyond them (the stable-branch limits keep callers off the held parts)."""
    return tuple(float(v) for v in np.interp(NODES, np.asarray(x, float), np.asarray(y, float)))


@dataclass(frozen=True)
class MoverCurve:
    """A fan or pump (or a set of identical ones): static pressure and shaft power against flow.

    ``q_max_m3_s`` is the free delivery (fans: zero static pressure) or the curve's last flow (pumps), and
    ``p_max_pa`` the shut-off pressure, of one machine at ``speed_rpm`` in fluid of density ``rho_ref_kg_m3``;
    ``power_free_w`` is its shaft power at q_max. ``pressure_shape`` and ``power_shape`` are p / p_max and
    P / power_free on the nodes x = 0, 0.05, ..., 1 of Q / q_max (kernels/mover.py), from measured curves.
    ``eta_peak`` is the peak efficiency at ``speed_rpm`` (the Reynolds correction with speed). The stable
    branch is ``x_min <= x <= x_max``. ``count``/``stages``: identical machines in parallel / in series.
    ``rated_power_w`` is the datasheet's electrical input at the rated point (free delivery for fans).
    """

    name: str
    q_max_m3_s: float
    p_max_pa: float
    speed_rpm: float
    power_free_w: float
    pressure_shape: tuple[float, ...]
    power_shape: tuple[float, ...]
    eta_peak: float
    rho_ref_kg_m3: float
    x_min: float
    x_max: float = 1.0
    rated_power_w: float = math.nan
    kind: str = "fan"
    mover_type: str = "axial"
    count: int = 1
    stages: int = 1
    source: str = ""

    def __post_init__(self):
        for nm in ("q_max_m3_s", "p_max_pa", "speed_rpm", "power_free_w", "rho_ref_kg_m3"):
            v = getattr(self, nm)
            if not (v > 0 and math.isfinite(v)):
                raise MagphysValueError(nm, v, "> 0 and finite")
        if not (0 < self.eta_peak < 1):
            raise MagphysValueError("eta_peak", self.eta_peak, "0 < eta_peak < 1")
        for nm in ("pressure_shape", "power_shape"):
            v = np.asarray(getattr(self, nm), float)
            if v.shape != (L.N_MV_NODES,) or not np.all(np.isfinite(v)) or np.any(v < 0):
                raise MagphysValueError(nm, getattr(self, nm), f"{L.N_MV_NODES} finite values >= 0")
        if not (0 <= self.x_min < self.x_max <= 1):
            raise MagphysValueError("x_min/x_max", (self.x_min, self.x_max), "0 <= x_min < x_max <= 1")
        if self.count < 1 or self.stages < 1:
            raise MagphysValueError("count/stages", (self.count, self.stages), ">= 1")

    # --- the set ------------------------------------------------------------------------------------
    @property
    def machines(self) -> int:
        return self.count * self.stages

    @property
    def free_flow_m3_s(self) -> float:
        return self.q_max_m3_s * self.count

    @property
    def shutoff_pa(self) -> float:
        return self.p_max_pa * self.stages

    def record(self) -> np.ndarray:
        """The kernels' record of the set (layout.MV_*): flows x count, pressures x stages, power x both."""
        mv = np.zeros(L.N_MV)
        mv[L.MV_Q_FREE] = self.free_flow_m3_s
        mv[L.MV_P_SHUT] = self.shutoff_pa
        mv[L.MV_RPM] = self.speed_rpm
        mv[L.MV_RHO_REF] = self.rho_ref_kg_m3
        mv[L.MV_POWER_FREE_W] = self.power_free_w * self.machines
        mv[L.MV_ETA_PEAK] = self.eta_peak
        mv[L.MV_X_MIN] = self.x_min
        mv[L.MV_X_MAX] = self.x_max
        mv[L.MV_PRESSURE : L.MV_PRESSURE + L.N_MV_NODES] = self.pressure_shape
        mv[L.MV_POWER : L.MV_POWER + L.N_MV_NODES] = self.power_shape
        return mv

    @cached_property
    def _mv(self) -> np.ndarray:
        """The record, built once per (frozen) curve."""
        return self.record()

    def _rho(self, rho: float | None) -> float:
        return self.rho_ref_kg_m3 if rho is None else float(rho)

    # --- similarity and sets ----------------------------------------------------------------------
    @validate(speed_rpm=Number(0.0, 1e6, lo_open=True, unit="rpm"))
    def at_speed(self, speed_rpm: float):
        """The same machine at ``speed_rpm``: Q ~ n, p ~ n^2, shaft power ~ n^3 times the Reynolds correction
        (kernels/mover.py), the peak efficiency moved with it; the rated input scales with the shaft power."""
        r = speed_rpm / self.speed_rpm
        factor = r**3 * reynolds_power_factor(self.eta_peak, r)
        return replace(
            self,
            q_max_m3_s=self.q_max_m3_s * r,
            p_max_pa=self.p_max_pa * r * r,
            speed_rpm=speed_rpm,
            power_free_w=self.power_free_w * factor,
            eta_peak=self.eta_peak / reynolds_power_factor(self.eta_peak, r),
            rated_power_w=self.rated_power_w * factor,
        )

    @validate(count=Integer(1, 100_000))
    def in_parallel(self, count: int):
        """``count`` of these sets side by side (flows add at one pressure)."""
        return replace(self, count=self.count * count)

    @validate(stages=Integer(1, 100))
    def in_series(self, stages: int):
        """``stages`` of these sets one after the other (pressures add at one flow)."""
        return replace(self, stages=self.stages * stages)

    # --- the curve --------------------------------------------------------------------------------
    def flow_fraction(self, q_m3_s: float) -> float:
        """Q / free delivery of the set: the position on the curve, independent of speed."""
        return q_m3_s / self.free_flow_m3_s

    def pressure_pa(self, q_m3_s: float, rho: float | None = None) -> float:
        """Static pressure of the set at total flow q (0 beyond free delivery)."""
        return mover_pressure_pa(self._mv, self.flow_fraction(q_m3_s), self._rho(rho), 1.0)

    def shaft_power_w(self, q_m3_s: float, rho: float | None = None) -> float:
        """Shaft power of the whole set at total flow q."""
        return mover_shaft_power_w(self._mv, self.flow_fraction(q_m3_s), self._rho(rho), 1.0)

    def efficiency(self, q_m3_s: float, rho: float | None = None) -> float:
        """Static (fans) or hydraulic (pumps) efficiency Q p / P of the set at total flow q."""
        return mover_efficiency(q_m3_s, self.pressure_pa(q_m3_s, rho), self.shaft_power_w(q_m3_s, rho))

    def torque_nm(self, q_m3_s: float, rho: float | None = None) -> float:
        """Shaft torque of each machine of the set at total flow q and this curve's speed."""
        return mover_torque_nm(self.shaft_power_w(q_m3_s, rho), self.speed_rpm, self.machines)

    def duty(self, speed_rpm: float, x: float, rho: float | None = None) -> tuple[float, float, float]:
        """(flow, static pressure, shaft power) of the set at ``speed_rpm`` where a quadratic system curve
        meets it at flow fraction ``x`` (the fused chain's mover duty)."""
        return mover_duty(self._mv, speed_rpm, x, self._rho(rho))

    def system_k(self, x: float, rho: float | None = None) -> float:
        """The quadratic system curve dp = k Q^2 that meets this set at flow fraction x."""
        return mover_system_k(self._mv, x, self._rho(rho))

    def branch_status(self, x: float) -> str:
        """ "ok" on the stable branch, "stall" left of it, "outside model range" beyond the curve."""
        if x < self.x_min - 1e-12:
            return st.NAMES[st.STALL]
        if x > self.x_max + 1e-12:
            return st.NAMES[st.OUT_OF_RANGE]
        return st.NAMES[st.OK]

    @validate(
        k_pa_s2_m6=Number(0.0, None, lo_open=True, unit="Pa s2/m6 (system curve dp = k Q^2)"),
        rho=Number(0.01, 2000.0, unit="kg/m3", optional=True),
        speed_rpm=Number(0.0, 1e6, lo_open=True, unit="rpm", optional=True),
    )
    def operating_point(
        self, k_pa_s2_m6: float, rho: float | None = None, speed_rpm: float | None = None
    ) -> CurvePoint:
        """Where the set meets the system curve dp = k Q^2 (k > 0) at density ``rho`` (default: the curve's)
        and ``speed_rpm`` (default: the curve's); a point off the stable branch carries its status."""
        rho_v = self._rho(rho)
        n = self.speed_rpm if speed_rpm is None else float(speed_rpm)
        x = mover_flow_fraction(self._mv, k_pa_s2_m6, rho_v)
        status = self.branch_status(x)
        xx = min(x, 1.0)
        q, p, w = mover_duty(self._mv, n, xx, rho_v)
        if x > 1.0:  # the system curve meets the extension past the last point: report the last point's flow
            p = k_pa_s2_m6 * q * q
        model = getattr(self, "input_power_w", None)  # fans and pumps carry an input model; a bare curve none
        return CurvePoint(q, p, w, mover_efficiency(q, p, w), x, n, status, model(w) if model else math.nan)


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
