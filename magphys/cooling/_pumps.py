"""Pumps: the measured characteristics of mover_curves.csv and the pumps of pumps.csv on their type's shape;
the law that predicts a pump's electrical input at its best-efficiency point from its datasheet duty."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import TypeVar

import numpy as np
from scipy.optimize import least_squares

from .._gate import Choice, Number, validate
from ..errors import MagphysValueError
from ..kernels import layout as L
from ..materials._tables import read_csv
from ._curves import MoverCurve, library_row
from ._fans import curve_shape, measured_curves, type_shape

# Wire-to-shaft efficiency of the wet-rotor ECM circulators and inline pump motors whose curves give the
# electrical input (E: 0.7-0.9 for PM motors with their drive at 0.1-5 kW); the shaft power a motor model
# sees is this share of the measured input.
PUMP_MOTOR_EFFICIENCY = 0.8
PUMP_X_MIN = 0.1  # left of 10 % of the last catalogue flow the pumps' data are too sparse to trust (E)
WATER_RHO_REF = 998.0  # kg/m3, 20 degC water: the test fluid of pump catalogues (ISO 9906)


@dataclass(frozen=True)
class PumpCurve(MoverCurve):
    """A centrifugal pump (or an identical set): pressure rise and shaft power against flow; ``motor`` names
    the reference motor that drives it ('' for a measured pump with its own motor, whose input is the
    measured one through ``motor_efficiency``)."""

    motor: str = ""
    motor_efficiency: float = PUMP_MOTOR_EFFICIENCY

    def input_power_w(self, shaft_w: float) -> float:
        """Electrical input of the set at a shaft power of the set."""
        return shaft_w / self.motor_efficiency


def measured_pump(model: str) -> PumpCurve:
    """A pump of mover_curves.csv on its own measured curve."""
    c = measured_curves()[model]
    pressure, power, x_min = curve_shape(c)
    eta_m = PUMP_MOTOR_EFFICIENCY if c.power_kind == "electric" else 1.0
    shaft = c.power_w * eta_m
    return PumpCurve(
        c.model,
        float(c.q_m3_s[-1]),
        c.shutoff_pa,
        c.speed_rpm,
        float(shaft[-1]),
        pressure,
        power,
        float(np.max(c.q_m3_s * c.dp_pa / shaft)),
        WATER_RHO_REF,
        max(x_min, PUMP_X_MIN),
        rated_power_w=float(c.power_w[-1]) if c.power_kind == "electric" else math.nan,
        kind="pump",
        mover_type=c.mover_type,
        source=c.source,
        motor_efficiency=eta_m if c.power_kind == "electric" else PUMP_MOTOR_EFFICIENCY,
    )


def _table_pump(r: dict) -> PumpCurve:
    """A pump of pumps.csv: its two datasheet points and rated shaft power on its type's shape."""
    ts = type_shape(r["type"])
    q_max = float(r["q_max_l_min"]) / 60000.0
    p_max = float(r["p_max_kpa"]) * 1e3
    x = np.linspace(0.0, 1.0, len(ts.pressure))
    eta = float(r["eta_peak"])
    if not 0 < eta < 1:
        raise MagphysValueError("eta_peak", eta, "0 < eta < 1")
    # the shaft power at x = 1 that gives the type's shape this peak efficiency
    ratio = np.max((x * np.asarray(ts.pressure) / np.asarray(ts.power))[x >= ts.x_min])
    return PumpCurve(
        r["model"],
        q_max,
        p_max,
        float(r["speed_rpm"]),
        ratio * q_max * p_max / eta,
        ts.pressure,
        ts.power,
        eta,
        WATER_RHO_REF,
        max(ts.x_min, PUMP_X_MIN),
        kind="pump",
        mover_type=r["type"],
        source=r["source"],
        motor=r["motor"],
    )


def _rows() -> tuple[dict, ...]:
    pumps = [m for m, c in measured_curves().items() if c.kind == "pump"]
    return tuple(read_csv("pumps.csv")) + tuple({"model": m} for m in pumps)


def pump_names() -> list[str]:
    return [r["model"] for r in _rows()]


def pump(name) -> PumpCurve:
    """A pump of the built-in library by model name (case-insensitive): pumps.csv or mover_curves.csv."""
    if isinstance(name, PumpCurve):
        return name
    rows = _rows()
    r = library_row(
        "pump", name, "pumps.csv", lambda key, _rows: [r for r in rows if r["model"].lower() == key.lower()]
    )
    return _table_pump(r) if "speed_rpm" in r else measured_pump(r["model"])


# --- the rated-input law of pumps ----------------------------------------------------------------------------
# The motor behind each measured pump series (R: Wilo product literature): Stratos circulators have EC
# (permanent-magnet, electronically commutated) wet-rotor motors; TOP-S circulators asynchronous wet-rotor
# motors; VeroLine IP-E and CronoLine IL dry-rotor IEC induction motors (IP-E with a frequency converter).
PUMP_MOTOR_KIND = {
    "Wilo Stratos": "pm",
    "Wilo TopS": "induction",
    "Wilo VeroLine": "induction",
    "Wilo Cronoline": "induction",
}


def motor_kind(model: str) -> str:
    """'pm' or 'induction': the motor of a measured pump series (PUMP_MOTOR_KIND)."""
    for prefix, kind in PUMP_MOTOR_KIND.items():
        if model.lower().startswith(prefix.lower()):
            return kind
    raise MagphysValueError("pump", model, f"a pump series with a known motor ({sorted(PUMP_MOTOR_KIND)})")


@dataclass(frozen=True)
class PumpInputLaw:
    """P_el = Q dp / eta with eta = eta_max (P_h / (P_h + p_ref_w))^m (1 - induction_penalty x induction) at the
    best-efficiency point: a pump's wire-to-water efficiency rises with its hydraulic power P_h = Q dp
    (Gulich, Centrifugal Pumps, 2nd ed. 2010, Fig. 3.21: efficiency against flow and specific speed; small
    circulators sit far below kW-size inline pumps), and an induction motor loses a share that a permanent-magnet
    motor keeps. Fitted (``fit_pump_law``) to the measured pumps' best-efficiency points."""

    eta_max: float
    p_ref_w: float
    m: float
    induction_penalty: float

    def input_w(self, q_m3_s: float, dp_pa: float, induction: float = 0.0) -> float:
        ph = q_m3_s * dp_pa
        eta = self.eta_max * (ph / (ph + self.p_ref_w)) ** self.m * (1.0 - self.induction_penalty * induction)
        return ph / eta


def pump_points() -> list[tuple[str, float, float, float, float]]:
    """(model, flow, pressure rise, electrical input, 1 for an induction motor else 0) at the best-efficiency
    point of each measured pump with electrical input; curves listed twice under two names (the same
    hydraulics in two connection sizes) count once."""
    out = []
    seen = set()
    for m, c in measured_curves().items():
        if c.kind != "pump" or c.power_kind != "electric":
            continue
        key = (tuple(c.q_m3_s), tuple(c.dp_pa), tuple(c.power_w))
        if key in seen:
            continue
        seen.add(key)
        i = int(np.argmax(c.efficiency()))
        ind = 1.0 if motor_kind(m) == "induction" else 0.0
        out.append((m, float(c.q_m3_s[i]), float(c.dp_pa[i]), float(c.power_w[i]), ind))
    return out


def fit_pump_law(points: Sequence[tuple]) -> PumpInputLaw:
    """PumpInputLaw fitted to (model, flow, dp, input, induction) points (least squares on log(predicted /
    measured))."""
    pts = np.array([p[1:] for p in points], float)
    ph = pts[:, 0] * pts[:, 1]

    def resid(th):
        eta = th[0] * (ph / (ph + th[1])) ** th[2] * (1.0 - th[3] * pts[:, 3])
        return np.log(ph / eta / pts[:, 2])

    fit = least_squares(resid, [0.7, 100.0, 0.3, 0.2], bounds=([0.05, 1e-3, 0.01, 0.0], [0.95, 1e5, 3.0, 0.9]))
    return PumpInputLaw(*(float(v) for v in fit.x))


@cache
def pump_law() -> PumpInputLaw:
    """The pump input law fitted to every measured pump."""
    return fit_pump_law(pump_points())


@validate(
    q_m3_s=Number(0.0, 10.0, lo_open=True, unit="m3/s"),
    head_pa=Number(0.0, 1e7, lo_open=True, unit="Pa"),
    motor=Choice(("pm", "induction")),
)
def pump_input_w(q_m3_s: float, head_pa: float, motor: str = "pm") -> float:
    """Electrical input of a pump at its best-efficiency duty (``pump_law``) with a permanent-magnet or an
    induction motor."""
    return pump_law().input_w(q_m3_s, head_pa, 1.0 if motor == "induction" else 0.0)


# --- viscous liquids -------------------------------------------------------------------------------------------
# ANSI/HI 9.6.7-2015 "Effects of Liquid Viscosity on Rotodynamic Pump Performance" (R: the standard's equations as
# recalled; the same in Gulich, Centrifugal Pumps, 2nd ed. 2010, sec. 13.1): the parameter
# B = 16.5 nu^0.5 H_bep^0.0625 / (Q_bep^0.375 n^0.25) (nu cSt, H m, Q m3/h, n rpm) sets the factors on flow,
# head and efficiency of the water curve; for B <= 1 they are 1, the method is stated for 1 < B < 40.
HI_B_MAX = 40.0
C = TypeVar("C", bound=MoverCurve)
GRAVITY_M_S2 = 9.80665


def hi_viscosity_factors(nu_m2_s: float, q_bep_m3_s: float, head_bep_m: float, speed_rpm: float) -> tuple:
    """(B, C_Q, C_H at the best-efficiency point, C_eta) of ANSI/HI 9.6.7 for a pump whose water curve has its
    best efficiency at ``q_bep_m3_s`` and ``head_bep_m``, pumping a liquid of kinematic viscosity ``nu_m2_s``.

    C_Q = 2.71^(-0.165 (log10 B)^3.15) = C_H(bep); C_eta = B^(-0.0547 B^0.69); all 1 for B <= 1."""
    b = 16.5 * math.sqrt(nu_m2_s * 1e6) * head_bep_m**0.0625 / ((q_bep_m3_s * 3600.0) ** 0.375 * speed_rpm**0.25)
    if b > HI_B_MAX:
        raise MagphysValueError(
            "coolant viscosity", nu_m2_s, f"a liquid with HI 9.6.7 parameter B <= {HI_B_MAX:g} (B = {b:.3g})"
        )
    if b <= 1.0:
        return b, 1.0, 1.0, 1.0
    c_q = 2.71 ** (-0.165 * math.log10(b) ** 3.15)
    return b, c_q, c_q, b ** (-0.0547 * b**0.69)


def viscous_pump(curve: C, nu_m2_s: float) -> C:
    """``curve`` (a water curve) pumping a liquid of kinematic viscosity ``nu_m2_s`` (ANSI/HI 9.6.7): flows x
    C_Q, heads x C_H(Q) = 1 - (1 - C_Q) (Q / Q_bep)^0.75, efficiencies x C_eta, so the shaft power is
    rho g Q H / eta of the corrected point. The same curve where the liquid is as thin as water (B <= 1)."""
    x = np.linspace(0.0, 1.0, L.N_MV_NODES)
    p = np.asarray(curve.pressure_shape) * curve.p_max_pa
    w = np.asarray(curve.power_shape) * curve.power_free_w
    stable = x >= curve.x_min
    eta = np.where(stable, x * curve.q_max_m3_s * p / w, 0.0)
    i = int(np.argmax(eta))
    head = p[i] / (curve.rho_ref_kg_m3 * GRAVITY_M_S2)
    _b, c_q, c_h_bep, c_eta = hi_viscosity_factors(nu_m2_s, x[i] * curve.q_max_m3_s, head, curve.speed_rpm)
    if c_q == 1.0 and c_eta == 1.0:
        return curve
    c_h = 1.0 - (1.0 - c_h_bep) * (x / x[i]) ** 0.75
    power = w * c_q * c_h / c_eta
    return replace(
        curve,
        name=f"{curve.name} (nu {nu_m2_s * 1e6:.3g} cSt)",
        q_max_m3_s=curve.q_max_m3_s * c_q,
        pressure_shape=tuple(float(v) for v in np.asarray(curve.pressure_shape) * c_h),
        power_free_w=float(power[-1]),
        power_shape=tuple(float(v) for v in power / power[-1]),
        eta_peak=curve.eta_peak * c_eta,
        source=f"{curve.source}; ANSI/HI 9.6.7 viscosity correction",
    )
