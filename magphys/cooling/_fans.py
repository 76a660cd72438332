"""Fans from data: measured characteristics by fan type (magphys/data/mover_curves.csv), fans built from their
datasheet points with the similarity laws and a Reynolds correction, the law that predicts a small fan's
rated input from its datasheet points, and the built-in library (server_fans.csv and the measured curves)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np
from scipy.optimize import least_squares

from .._gate import Choice, Number, Text, validate
from ..errors import MagphysValueError
from ..kernels.mover import reynolds_power_factor
from ..materials._fluids import fluid_state
from ..materials._tables import read_csv
from ._curves import MoverCurve, library_row, normalized_shape

DATASHEET_AIR_C = 25.0  # fan datasheets are measured in 25 degC air (Sanyo Denki and Delta test conditions)
# The measured curves whose shapes stand for a fan or pump type (the others of mover_curves.csv validate them).
TYPE_FIT = {
    "centrifugal_backward": ("Greenheck BIDW12",),
    "circulator_pump": ("Wilo Stratos 25/1-6",),
    "inline_pump": ("Wilo VeroLine 50/150-4/2",),
}
FAN_TYPES = ("axial", "counter_rotating", "centrifugal_backward")
# Motor and drive efficiency of a small DC fan from shaft power to electrical input above its no-load draw: what
# magphys's 40 mm reference motor (server_fan_40mm, issue 3, built from its geometry) gives at its fan's rated
# 11.04 W input, 0.848 (tests/test_cooling.py recomputes it and checks the 80 mm motor against it).
FAN_MOTOR_EFFICIENCY = 0.85
# A counter-rotating fan is two rotors in a frame deeper than ~1.2 x its side (San Ace 9CRA 38x48, 9CRB/9CRH
# 40x56 mm in server_fans.csv; single-rotor frames there are 15-38 mm deep).
COUNTER_ROTATING_DEPTH_RATIO = 1.2
# No-load draw (drive IC, Hall sensor, bearings) as a share of the rated input: the median of the five lowest-PWM
# points of server_fans.csv (0.48 W of 14.4, 0.72 of 6.6, 0.84 of 8.64, 0.72 of 30.24, 1.92 of 25.2 W: 2.4-11 %),
# where the shaft power left at that speed is 1-5 % of the draw.
NO_LOAD_SHARE = 0.076
AIR_NU_M2_S = 1.56e-5  # kinematic viscosity of air at 25 degC (CoolProp), for the Reynolds number u D / nu
PHI_REF = 0.15  # reference flow coefficient of the rated-input law (the library's median is ~0.15)


@dataclass(frozen=True)
class MeasuredCurve:
    """One measured characteristic of mover_curves.csv (SI units; ``power_kind`` 'shaft' or 'electric')."""

    model: str
    kind: str
    mover_type: str
    diameter_mm: float
    speed_rpm: float
    q_m3_s: np.ndarray = field(repr=False)
    dp_pa: np.ndarray = field(repr=False)
    power_w: np.ndarray = field(repr=False)
    power_kind: str
    source: str

    def __hash__(self) -> int:
        return hash(self.model)

    @property
    def x(self) -> np.ndarray:
        return self.q_m3_s / self.q_m3_s[-1]

    @property
    def shutoff_pa(self) -> float:
        """Shut-off pressure: the first point's (the curves start at or near zero flow, where fans and
        pumps of these types are flat)."""
        return float(self.dp_pa[0])

    def efficiency(self) -> np.ndarray:
        return self.q_m3_s * self.dp_pa / self.power_w


@cache
def measured_curves() -> dict[str, MeasuredCurve]:
    """The measured characteristics of magphys/data/mover_curves.csv by model name."""
    rows: dict[str, list[dict]] = {}
    for r in read_csv("mover_curves.csv"):
        rows.setdefault(r["model"], []).append(r)
    out = {}
    for model, unsorted in rows.items():
        rs = sorted(unsorted, key=lambda r: float(r["q_m3_s"]))

        def col(k: str, rs: list[dict] = rs) -> np.ndarray:
            return np.array([float(r[k]) for r in rs])

        r0 = rs[0]
        out[model] = MeasuredCurve(
            model,
            r0["kind"],
            r0["type"],
            float(r0["diameter_mm"]) if r0["diameter_mm"] else math.nan,
            float(r0["speed_rpm"]),
            col("q_m3_s"),
            col("dp_pa"),
            col("power_w"),
            r0["power_kind"],
            r0["source"],
        )
    return out


@dataclass(frozen=True)
class TypeShape:
    """A fan or pump type's dimensionless characteristic: pressure and power shapes on the record's nodes and
    the stable branch from ``x_min``."""

    mover_type: str
    pressure: tuple[float, ...]
    power: tuple[float, ...]
    x_min: float
    source: str


def curve_shape(c: MeasuredCurve) -> tuple[tuple[float, ...], tuple[float, ...], float]:
    """(pressure shape, power shape, x_min) of a measured curve: p / shut-off and P / P(last point) over
    x = Q / Q(last point); the stable branch starts at the first measured point, or where a stall dip ends
    (the pressure's last local maximum going towards shut-off)."""
    x = c.x
    p = c.dp_pa / c.shutoff_pa
    w = c.power_w / c.power_w[-1]
    x_min = float(x[0])
    for i in range(len(x) - 2, 0, -1):
        if p[i] > p[i - 1]:  # rising towards shut-off stops here: left of it the dip
            x_min = float(x[i])
            break
    return normalized_shape(x, p), normalized_shape(x, w), x_min


def reynolds_number(diameter_m: float, speed_rpm: float, nu_m2_s: float = AIR_NU_M2_S) -> float:
    """Re = u D / nu with the tip speed u = pi D n / 60."""
    return math.pi * diameter_m * speed_rpm / 60.0 * diameter_m / nu_m2_s


# Small axial fans: no measured P-Q-power curve with numbers was found (docs/research/issue14_sources.md, section
# 1: the San Ace plots survive only as axis ticks). Until one is digitized the type's shape is read off the San Ace
# catalogue curves as recalled (R): pressure falls steeply from shut-off into the stall saddle at 30-50 % of free
# delivery, then nearly linearly to free delivery; the shaft power falls gently with flow (Eck, Fans, 1973, ch. 9:
# axial fans draw their largest power near shut-off). Left of the saddle the fan stalls.
AXIAL_PRESSURE = ((0.0, 1.0), (0.1, 0.80), (0.2, 0.60), (0.3, 0.47), (0.4, 0.42), (0.5, 0.38), (0.6, 0.31),
                  (0.7, 0.23), (0.8, 0.15), (0.9, 0.07), (1.0, 0.0))  # fmt: skip
AXIAL_POWER = ((0.0, 1.25), (0.5, 1.1), (1.0, 1.0))
AXIAL_X_STALL = 0.4


def _axial_shape() -> TypeShape:
    px, py = zip(*AXIAL_PRESSURE, strict=True)
    wx, wy = zip(*AXIAL_POWER, strict=True)
    return TypeShape(
        "axial",
        normalized_shape(px, py),
        normalized_shape(wx, wy),
        AXIAL_X_STALL,
        "San Ace catalogue curve shape as recalled (R; no measured axial curve on file)",
    )


@cache
def type_shape(mover_type: str) -> TypeShape:
    """The characteristic of ``mover_type``: the mean shape of its TYPE_FIT curves (axial: ``_axial_shape``)."""
    if mover_type in ("axial", "counter_rotating"):
        return _axial_shape()
    if mover_type not in TYPE_FIT:
        raise MagphysValueError("fan_type", mover_type, f"one of {sorted(TYPE_FIT)} (types with measured curves)")
    curves = [measured_curves()[m] for m in TYPE_FIT[mover_type]]
    shapes = [curve_shape(c) for c in curves]
    pressure = tuple(float(v) for v in np.mean([s[0] for s in shapes], axis=0))
    power = tuple(float(v) for v in np.mean([s[1] for s in shapes], axis=0))
    return TypeShape(mover_type, pressure, power, max(s[2] for s in shapes), "; ".join(c.source for c in curves))


# --- the rated-input law of small DC fans ------------------------------------------------------------------
def flow_coefficient(free_air_m3_s: float, frame_mm: float, speed_rpm: float) -> float:
    """phi = Q / (pi/4 D^2 u) on the frame side D and the tip speed u = pi D n / 60."""
    d = frame_mm * 1e-3
    return free_air_m3_s / (math.pi / 4.0 * d * d * (math.pi * d * speed_rpm / 60.0))


def _law_terms(frame_mm, speed_rpm, free_air_m3_s, max_static_pa, eta_ref, re_ref):
    """(Q p_max x Reynolds factor, phi / PHI_REF) of a fan for the rated-input law."""
    re = reynolds_number(frame_mm * 1e-3, speed_rpm)
    air = free_air_m3_s * max_static_pa * reynolds_power_factor(eta_ref, re / re_ref)
    return air, flow_coefficient(free_air_m3_s, frame_mm, speed_rpm) / PHI_REF


@dataclass(frozen=True)
class InputLaw:
    """P_in = c Q p_max (eta_0 / eta(Re)) (phi / PHI_REF)^a + P_0: the electrical input of a small DC fan at
    free delivery from its datasheet points. Q p_max sets the scale of the air power; the Reynolds factor
    (kernels/mover.py) makes small, slow fans less efficient; phi^a carries the exit loss, which grows with
    the flow coefficient (high-flow designs leave more kinetic energy in the jet); P_0 is the drive
    electronics' and bearings' draw. ``c``, ``a`` and ``p0_w`` are fitted (``fit_input_law``) to the rated
    inputs of server_fans.csv; the Reynolds reference is a 40 mm fan at 20000 rpm with peak efficiency
    ``eta_ref`` (Shigemitsu et al., Open J. Fluid Dyn. 8, 181 (2018): 46.7 % peak static efficiency
    measured on a 40 mm server fan)."""

    c: float
    a: float
    p0_w: float
    eta_ref: float = 0.45
    re_ref: float = reynolds_number(0.040, 20000.0)

    def input_w(self, frame_mm, speed_rpm, free_air_m3_s, max_static_pa) -> float:
        air, phi = _law_terms(frame_mm, speed_rpm, free_air_m3_s, max_static_pa, self.eta_ref, self.re_ref)
        return self.c * air * phi**self.a + self.p0_w


def library_points(rows: Sequence[dict] | None = None) -> list[tuple]:
    """(model, frame_mm, speed_rpm, free_air_m3_s, max_static_pa, rated_input_w) of the library's fans."""
    rows = read_csv("server_fans.csv") if rows is None else rows
    return [
        (
            r["model"],
            float(r["frame_mm"]),
            float(r["rpm"]),
            float(r["airflow_m3min"]) / 60.0,
            float(r["static_Pa"]),
            float(r["power_W"]),
        )
        for r in rows
    ]


def fit_input_law(points: Sequence[tuple]) -> InputLaw:
    """The InputLaw fitted to (model, frame_mm, speed_rpm, free_air_m3_s, max_static_pa, rated_input_w) points by
    least squares on log(predicted / rated) (relative errors weigh alike for a 1 W and a 50 W fan)."""
    law0 = InputLaw(1.0, 0.0, 0.0)
    terms = np.array([_law_terms(p[1], p[2], p[3], p[4], law0.eta_ref, law0.re_ref) for p in points])
    rated = np.array([p[5] for p in points])

    def resid(th):
        return np.log((th[0] * terms[:, 0] * terms[:, 1] ** th[1] + th[2]) / rated)

    fit = least_squares(resid, [0.5, 1.0, 0.5], bounds=([1e-3, -3.0, 0.0], [10.0, 3.0, 5.0]))
    return InputLaw(float(fit.x[0]), float(fit.x[1]), float(fit.x[2]))


@cache
def input_law() -> InputLaw:
    """The rated-input law fitted to every fan of server_fans.csv."""
    return fit_input_law(library_points())


# --- fans --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FanCurve(MoverCurve):
    """A fan (or a set of identical fans): a MoverCurve with its frame and, for small DC fans, the input model
    P_in = P_shaft / ``motor_efficiency`` + ``no_load_w`` that the datasheet calibrates."""

    frame_mm: float = math.nan
    depth_mm: float = math.nan
    voltage_v: float = 12.0
    motor_efficiency: float = FAN_MOTOR_EFFICIENCY
    no_load_w: float = 0.0

    def input_power_w(self, shaft_w: float) -> float:
        """Electrical input of the set at a shaft power of the set (the input model)."""
        return shaft_w / self.motor_efficiency + self.no_load_w * self.machines

    def rated_input_w_predicted(self) -> float:
        """The input predicted at free delivery and this fan's speed from its datasheet points alone: for small
        DC fans (axial, counter-rotating) the rated-input law (``input_law``) on frame, speed, free-air flow and
        shut-off pressure, the rated input unused; for a fan on a measured curve the input model at free
        delivery."""
        if self.mover_type in ("axial", "counter_rotating") and math.isfinite(self.frame_mm):
            one = input_law().input_w(self.frame_mm, self.speed_rpm, self.q_max_m3_s, self.p_max_pa)
            return one * self.machines
        return self.input_power_w(self.power_free_w * self.machines)


def _fan_type(fan_type: str | None, frame_mm: float, depth_mm: float) -> str:
    if fan_type is not None:
        return fan_type
    return "counter_rotating" if depth_mm >= COUNTER_ROTATING_DEPTH_RATIO * frame_mm else "axial"


def _points(curve, name: str) -> np.ndarray:
    try:
        pts = np.asarray(curve, dtype=float)
    except (TypeError, ValueError):
        raise MagphysValueError(name, curve, "(flow m3/s, static pressure Pa[, shaft power W]) points") from None
    if pts.ndim != 2 or pts.shape[1] not in (2, 3) or pts.shape[0] < 3 or not np.all(np.isfinite(pts)):
        raise MagphysValueError(name, curve, "at least 3 (flow m3/s, static pressure Pa[, shaft power W]) rows")
    pts = pts[np.argsort(pts[:, 0])]
    if np.any(pts[:, :2] < 0) or np.any(np.diff(pts[:, 0]) <= 0):
        raise MagphysValueError(name, curve, "distinct flows >= 0 with pressures >= 0")
    return pts


def _shapes(mover_type: str, pts: np.ndarray | None, free_air_m3_s: float, max_static_pa: float):
    """(pressure shape, power shape or None, x_min, shaft power at free delivery or None) from the type or
    from the datasheet's own curve."""
    ts = type_shape(mover_type)
    if pts is None:
        return ts.pressure, ts.power, ts.x_min, None
    x = pts[:, 0] / free_air_m3_s
    p = pts[:, 1] / max_static_pa
    if x[-1] > 1.05 or np.max(p) > 1.05:
        raise MagphysValueError(
            "curve",
            pts.tolist(),
            "points inside the datasheet's free-air flow and maximum static pressure (5 % tolerance)",
        )
    # the datasheet's two points close the curve: shut-off at x = 0, free delivery at x = 1
    if x[0] > 0.0:
        x, p = np.concatenate([[0.0], x]), np.concatenate([[1.0], p])
    if x[-1] < 1.0:
        x, p = np.concatenate([x, [1.0]]), np.concatenate([p, [0.0]])
    measured = MeasuredCurve("curve", "fan", mover_type, math.nan, 1.0, x, p, np.ones_like(x), "shaft", "")
    pressure, _, x_min = curve_shape(measured)
    x_min = max(x_min, float(pts[0, 0] / free_air_m3_s))  # left of the first point the curve is not known
    if pts.shape[1] == 2:
        return pressure, None, x_min, None
    xw = pts[:, 0] / free_air_m3_s
    w_free = float(np.interp(1.0, xw, pts[:, 2]))
    return pressure, normalized_shape(xw, pts[:, 2] / w_free), x_min, w_free


@validate(
    frame_mm=Number(10.0, 2000.0, unit="mm (frame side or wheel diameter)"),
    depth_mm=Number(1.0, 2000.0, unit="mm"),
    speed_rpm=Number(10.0, 100_000.0, unit="rpm"),
    free_air_m3_s=Number(0.0, 100.0, lo_open=True, unit="m3/s (free delivery)"),
    max_static_pa=Number(0.0, 20_000.0, lo_open=True, unit="Pa (shut-off)"),
    rated_input_w=Number(0.0, 100_000.0, lo_open=True, unit="W (input at free delivery)", optional=True),
    voltage_v=Number(1.0, 1000.0, unit="V"),
    fan_type=Choice(FAN_TYPES, optional=True),
    motor_efficiency=Number(0.05, 1.0, unit="(shaft / input above no-load)", optional=True),
    name=Text("a name", optional=True),
)
def fan_from_datasheet(
    frame_mm: float,
    depth_mm: float,
    speed_rpm: float,
    free_air_m3_s: float,
    max_static_pa: float,
    rated_input_w: float | None = None,
    voltage_v: float = 12.0,
    curve=None,
    fan_type: str | None = None,
    motor_efficiency: float | None = None,
    name: str | None = None,
) -> FanCurve:
    """A fan from its datasheet points.

    Parameters
    ----------
    frame_mm, depth_mm : float
        Frame side (or wheel diameter) and depth. A frame deeper than 1.2 x its side is counter-rotating.
    speed_rpm : float
        Rated speed (the front rotor's for a counter-rotating fan).
    free_air_m3_s, max_static_pa : float
        Free delivery and shut-off pressure at the rated speed, 25 degC air.
    rated_input_w : float, optional
        Electrical input at free delivery. Without it the rated-input law (``input_law``) stands in.
    voltage_v : float
        Rated voltage (kept with the fan; the input model does not depend on it).
    curve : array of (flow m3/s, static pressure Pa[, shaft power W]) rows, optional
        The datasheet's P-Q curve; its shape replaces the type's.
    fan_type : {"axial", "counter_rotating", "centrifugal_backward"}, optional
        Default: from the frame's depth.
    motor_efficiency : float, optional
        Shaft power over input above the no-load draw; default FAN_MOTOR_EFFICIENCY (small DC fans).
    name : str, optional

    Returns
    -------
    FanCurve
        Pressure and power shapes of the type (or the curve), scaled to the two points; the shaft power at
        free delivery is motor_efficiency x (rated input - no-load draw). ``rated_input_w_predicted()`` is
        the law's prediction from the points alone.

    Raises
    ------
    MagphysValueError
        For points that contradict each other: a rated input at or below the no-load draw, or a shaft power
        that would make the fan's peak static efficiency exceed 0.9 (no fan of this size reaches it).

    References
    ----------
    ISO 5801:2017 (fan test conventions: free delivery, static pressure); ISO 13348:2007, 6.3 (Reynolds
    conversion); the shapes' sources are in magphys/data/mover_curves.csv.
    """
    kind = _fan_type(fan_type, frame_mm, depth_mm)
    pts = None if curve is None else _points(curve, "curve")
    pressure, power, x_min, w_free = _shapes(kind, pts, free_air_m3_s, max_static_pa)
    ts = type_shape(kind)
    law = input_law()
    rated = law.input_w(frame_mm, speed_rpm, free_air_m3_s, max_static_pa) if rated_input_w is None else rated_input_w
    no_load = NO_LOAD_SHARE * rated if kind != "centrifugal_backward" else 0.0
    eta_m = FAN_MOTOR_EFFICIENCY if motor_efficiency is None else motor_efficiency
    power_free = eta_m * (rated - no_load) if w_free is None else w_free
    pw = ts.power if power is None else power
    x = np.linspace(0.0, 1.0, len(pressure))
    stable = x >= x_min
    eta = x * np.asarray(pressure) * free_air_m3_s * max_static_pa / (power_free * np.asarray(pw))
    eta_peak = float(np.max(eta[stable]))
    if not eta_peak < 0.9:
        raise MagphysValueError(
            "rated_input_w",
            rated,
            "an input that leaves the fan's peak static efficiency below 0.9",
            f"{free_air_m3_s:g} m3/s and {max_static_pa:g} Pa on a {kind} curve with {power_free:.3g} W at the "
            f"shaft give {eta_peak:.2f}",
        )
    label = name or f"{kind} {frame_mm:g}x{depth_mm:g} mm {speed_rpm:g} rpm"
    return FanCurve(
        label,
        free_air_m3_s,
        max_static_pa,
        speed_rpm,
        power_free,
        tuple(pressure),
        tuple(pw),
        eta_peak,
        fluid_state("air", DATASHEET_AIR_C).density_kg_m3,
        x_min,
        rated_power_w=math.nan if rated_input_w is None else float(rated_input_w),
        kind="fan",
        mover_type=kind,
        source="datasheet points" + (" and curve" if pts is not None else f"; shape of {ts.source}"),
        frame_mm=frame_mm,
        depth_mm=depth_mm,
        voltage_v=voltage_v,
        motor_efficiency=eta_m,
        no_load_w=no_load,
    )


def measured_fan(model: str, motor_efficiency: float = 0.85) -> FanCurve:
    """A fan of mover_curves.csv on its own measured curve (shaft power as measured; input through
    ``motor_efficiency``, default 0.85: an EC motor with its drive of 1-10 kW, E)."""
    c = measured_curves()[model]
    pressure, power, x_min = curve_shape(c)
    rho = fluid_state("air", 20.0).density_kg_m3  # AMCA 210 standard air, 1.2 kg/m3 (the catalogues' rating)
    return FanCurve(
        c.model,
        float(c.q_m3_s[-1]),
        c.shutoff_pa,
        c.speed_rpm,
        float(c.power_w[-1]),
        pressure,
        power,
        float(np.max(c.efficiency())),
        rho,
        x_min,
        kind="fan",
        mover_type=c.mover_type,
        source=c.source,
        frame_mm=c.diameter_mm,
        motor_efficiency=motor_efficiency,
    )


def _match(name: str, rows: Sequence[dict]) -> list[dict]:
    """Rows whose model equals ``name``, else those containing every word of it (case-insensitive):
    '9GA0412P3K01' finds 'San Ace 40 9GA0412P3K01'."""
    key = str(name).lower()
    exact = [r for r in rows if r["model"].lower() == key]
    return exact or [r for r in rows if all(w in r["model"].lower() for w in key.split())]


def _library_rows() -> tuple[dict, ...]:
    fans = [m for m, c in measured_curves().items() if c.kind == "fan"]
    return tuple(read_csv("server_fans.csv")) + tuple({"model": m} for m in fans)


def fan_names() -> list[str]:
    return [r["model"] for r in _library_rows()]


def fan(name) -> FanCurve:
    """A fan of the built-in library by model name: server_fans.csv (built from its datasheet points) or a
    measured curve of mover_curves.csv; the words of a unique model also work ('9GA0412P3K01')."""
    if isinstance(name, FanCurve):
        return name
    rows = _library_rows()
    r = library_row("fan", name, "server_fans.csv", lambda key, _rows: _match(key, rows))
    if "frame_mm" not in r:
        return measured_fan(r["model"])
    return _library_fan(r["model"])


@cache
def _library_fan(model: str) -> FanCurve:
    r = next(r for r in read_csv("server_fans.csv") if r["model"] == model)
    return fan_from_datasheet(
        float(r["frame_mm"]),
        float(r["depth_mm"]),
        float(r["rpm"]),
        float(r["airflow_m3min"]) / 60.0,
        float(r["static_Pa"]),
        float(r["power_W"]),
        float(r["voltage_V"]),
        fan_type=r["fan_type"],
        name=model,
    )
