"""Duties: a fan or pump task that any magnet route must meet, with the motor's speed, supply, topology and
envelope chosen by size where the user gives none."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from .._gate import Choice, Number, Text, set_checked
from ..economics._lifetime import HEAT_REMOVAL_KW_PER_KW
from ..errors import MagphysValueError
from ..materials._fluids import fluid_state
from ..motor import Envelope, supply_names, topology_names
from ..motor._generate import as_envelope, frame_shaft_height_mm
from ..motor._induction import poles_for, ratings

PUMP_ETA_TOTAL = 0.70  # the pump library's efficiency (magphys/data/pumps.csv, Gulich)
# Total-pressure efficiency of a small axial fan at its duty: Shigemitsu et al., Open J. Fluid Dyn. 8, 181 (2018),
# 46.7 % peak static efficiency measured on a 40 mm server fan; 0.45 is taken for a duty's shaft power Q p / eta.
FAN_ETA_TOTAL = 0.45
DEMAG_EXCURSION_K = 15.0  # E: the demagnetization check runs this much above the duty's medium temperature

# Sizing of the mover, where the duty does not say (E, from magphys's fan library and Cordier-type coefficients):
# an axial server fan at its operating point runs at pressure coefficient psi = 2 dp / (rho u^2) ~ 0.27 and flow
# coefficient phi = Q / (pi/4 D^2 u) ~ 0.125 on the tip speed u (the San Ace 40 and 80 of server_fans.csv at
# half their shut-off pressure); a backward-curved plug fan at psi ~ 0.4, phi ~ 0.22 (a 630 mm plug fan moving
# ~3 m3/s against ~400 Pa at ~1300 rpm, R: manufacturers' curves).
SERVER_FAN_PSI, SERVER_FAN_PHI = 0.27, 0.125
PLUG_FAN_PSI, PLUG_FAN_PHI = 0.4, 0.22
SERVER_FAN_MAX_W = 100.0  # E: an axial fan that fits a server frame, up to this shaft power (48 V), is a server fan
SERVER_FAN_MAX_D_MM = 160.0  # E: ... if its impeller at the server-fan coefficients is at most this (else a plug fan)
SERVER_FAN_12V_MAX_W = 50.0  # E: 12 V server fans to ~50 W shaft; 48 V above (OCP 48 V racks)
SERVER_FRAMES_MM = (40.0, 60.0, 80.0, 92.0, 120.0)
# E: hub (motor) diameter / frame of server fans (typical drawings: 0.6-0.7 at 40 mm, 0.35-0.42 at 120 mm) and
# the frame depth; the motor's active length fits 75 % of the depth (struts, bearing seat)
HUB_RATIO = {40.0: 0.65, 60.0: 0.55, 80.0: 0.5, 92.0: 0.47, 120.0: 0.4}
FAN_DEPTH_MM = {40.0: 28.0, 60.0: 38.0, 80.0: 38.0, 92.0: 38.0, 120.0: 38.0}
DEPTH_FOR_MOTOR = 0.75
# E: external-rotor EC motor sizes (the ebm-papst steps 112/150/200 mm, larger ones beyond), length 0.8 x
# diameter; a size is picked for the (derated) torque it gives at EC_SIZE_SHEAR_PA on a gap radius of 0.42 x its
# diameter and a stack of 0.48 x (T = 2 pi sigma r^2 L), 3 kPa: mid-range of the fan class
EC_MOTOR_MM = (112.0, 150.0, 200.0, 250.0, 315.0, 355.0, 400.0, 450.0, 500.0)
EC_LENGTH_RATIO = 0.8
EC_SIZE_SHEAR_PA = 3e3
EC_SINGLE_PHASE_MAX_W = 750.0  # E: EC fans to ~0.75 kW are offered for 1~230 V, above for 3~400 V
HUB_AIR_FRACTION = 0.3  # E: air over an EC motor's rotor / the blade tip speed
DRY_MOTOR_AIR_MAX_C = 40.0  # E: a dry pump motor sits in ventilated plant-room or cabinet air, <= IEC 60034-1's 40 C
# R: output of a totally enclosed motor in hotter air (manufacturers' derating, e.g. 45 C 0.96, 50 C 0.92,
# 55 C 0.87, 60 C 0.82, 70 C 0.71 of rated): the default envelope is that of the derated rating
DERATING = ((40.0, 1.0), (45.0, 0.96), (50.0, 0.92), (55.0, 0.87), (60.0, 0.82), (70.0, 0.71))
PUMP_SPEED_RPM = 2900.0  # E: 2-pole class speed of CDU and rack pumps at or below 30 kW
CANNED_MAX_W = 2200.0  # E: wet-rotor canned pumps to ~2.2 kW; dry close-coupled pumps above
PUMP_SINGLE_PHASE_MAX_W = 1500.0  # E: pumps to ~1.5 kW on 1~230 V
FRAME_DIAMETER_PER_H = (
    1.75  # E: a motor of IEC frame H fits an outer diameter of 1.75 H (lamination ~1.55 H + wall) ...
)
FRAME_LENGTH_PER_H = 2.0  # ... and an active length (stack + end windings) of 2.0 H


FRAME_MAX_KW = 45.0  # the largest rating of iec_frames.csv


def server_fan_point(frame_mm: float, shaft_power_w: float, rho_kg_m3: float = 1.16) -> tuple[float, float]:
    """(flow m3/s, pressure Pa) of an axial server fan of ``shaft_power_w`` on a ``frame_mm`` frame at the
    server-fan coefficients: the inverse of the sizing in ``Duty.defaults`` (which then picks that frame)."""
    d = frame_mm * 1e-3
    u = (FAN_ETA_TOTAL * shaft_power_w * 8 / (SERVER_FAN_PSI * SERVER_FAN_PHI * rho_kg_m3 * math.pi * d * d)) ** (1 / 3)
    return SERVER_FAN_PHI * math.pi / 4 * d * d * u, SERVER_FAN_PSI * rho_kg_m3 * u * u / 2


def plug_fan_point(shaft_power_w: float, speed_rpm: float, rho_kg_m3: float = 1.16) -> tuple[float, float]:
    """(flow m3/s, pressure Pa) of a backward-curved plug fan of ``shaft_power_w`` turning at ``speed_rpm`` at
    the plug-fan coefficients (the inverse of ``Duty.defaults``)."""
    n = speed_rpm / 60
    k = FAN_ETA_TOTAL * shaft_power_w * 8 / (PLUG_FAN_PSI * PLUG_FAN_PHI * rho_kg_m3 * math.pi)
    u = (k * (math.pi * n) ** 2) ** (1 / 5)
    d = u / (math.pi * n)
    return PLUG_FAN_PHI * math.pi / 4 * d * d * u, PLUG_FAN_PSI * rho_kg_m3 * u * u / 2


def derating(ambient_c: float) -> float:
    """Share of its rating a totally enclosed motor gives in air at ``ambient_c`` (``DERATING``, interpolated;
    1 at or below 40 C, the last factor's slope beyond 70 C)."""
    t = [a for a, _ in DERATING]
    f = [k for _, k in DERATING]
    if ambient_c <= t[0]:
        return 1.0
    if ambient_c >= t[-1]:
        return max(0.3, f[-1] + (f[-1] - f[-2]) / (t[-1] - t[-2]) * (ambient_c - t[-1]))
    return float(np.interp(ambient_c, t, f))


@dataclass(frozen=True)
class Duty:
    """A cooling task: ``kind`` "fan" or "pump", flow (m3/s) against a total pressure rise (Pa), with the
    motor in a medium at ``ambient_c``; run ``hours_per_year`` for ``life_years``; the demagnetization
    check at ``demag_ambient_c`` (default ambient + 15 K: a hot-aisle or loss-of-flow excursion).

    ``speed_rpm``, ``supply``, ``topology`` and ``envelope`` default by size (see ``defaults``).
    ``heat_removal_kw_per_kw``: the facility's cooling electricity per kW of the motor's losses (default the
    economics module's 0.25; ``facility_compare`` takes its hall's plant's)."""

    kind: str
    flow_m3_s: float
    pressure_pa: float
    ambient_c: float
    hours_per_year: float = 8760.0
    life_years: float = 7.0
    demag_ambient_c: float | None = None
    name: str = ""
    supply: str | None = None
    envelope: Envelope | None = None
    speed_rpm_given: float | None = None
    topology_given: str | None = None
    coolant: str = "water"
    cold_c: float | None = None
    air_c: float | None = None
    heat_removal_kw_per_kw: float = HEAT_REMOVAL_KW_PER_KW

    def __post_init__(self):
        field = functools.partial(set_checked, self)
        # sanity bounds of a cooling duty (E): from a 40 mm server fan to a large CDU, so that the shaft
        # power neither under- nor overflows
        field("kind", Choice(("fan", "pump"), fold=False))
        field("flow_m3_s", Number(1e-6, 100.0, unit="m3/s"))
        field("pressure_pa", Number(1e-3, 1e7, unit="Pa"))
        field("ambient_c", Number(-20.0, 120.0, unit="degC"))
        field("hours_per_year", Number(0.0, 8784.0, lo_open=True, unit="h"))
        field("life_years", Number(0.0, 50.0, lo_open=True, unit="years"))
        field("demag_ambient_c", Number(-60.0, 250.0, unit="degC", optional=True))
        field("supply", Choice(tuple(supply_names()), fold=False, optional=True))
        field("speed_rpm_given", Number(100.0, 1e5, unit="rpm", optional=True))
        field("topology_given", Choice(tuple(topology_names()), fold=False, optional=True))
        field("coolant", Text("a coolant name (water, PG25, PG30, EG25)"))
        field("cold_c", Number(-40.0, 120.0, unit="degC", optional=True))
        field("air_c", Number(-20.0, 120.0, unit="degC", optional=True))
        field("heat_removal_kw_per_kw", Number(0.0, 5.0, unit="kW of facility cooling per kW of motor loss"))
        object.__setattr__(self, "envelope", as_envelope(self.envelope))
        if not isinstance(self.name, str):
            raise MagphysValueError("name", self.name, "a label (str)")

    @classmethod
    def fan(
        cls,
        flow_m3_s: float,
        pressure_pa: float,
        ambient_c: float = 45.0,
        hours_per_year: float = 8760.0,
        life_years: float = 7.0,
        demag_ambient_c: float | None = None,
        name: str = "fan",
        supply: str | None = None,
        envelope=None,
        speed_rpm: float | None = None,
        topology: str | None = None,
        cold_c: float | None = None,
    ) -> Duty:
        """A fan duty; speed, supply, topology and the motor envelope default by size (``Duty.defaults``)."""
        return cls(
            "fan",
            flow_m3_s,
            pressure_pa,
            ambient_c,
            hours_per_year,
            life_years,
            demag_ambient_c,
            name,
            supply,
            envelope,
            speed_rpm,
            topology,
            "water",
            cold_c,
        )

    @classmethod
    def pump(
        cls,
        flow_m3_s: float,
        pressure_pa: float,
        coolant_c: float = 45.0,
        hours_per_year: float = 8760.0,
        life_years: float = 10.0,
        demag_ambient_c: float | None = None,
        name: str = "pump",
        supply: str | None = None,
        envelope=None,
        speed_rpm: float | None = None,
        topology: str | None = None,
        coolant: str = "water",
        cold_c: float | None = None,
    ) -> Duty:
        """A pump duty; speed, supply, topology and the motor envelope default by size (``Duty.defaults``)."""
        return cls(
            "pump",
            flow_m3_s,
            pressure_pa,
            coolant_c,
            hours_per_year,
            life_years,
            demag_ambient_c,
            name,
            supply,
            envelope,
            speed_rpm,
            topology,
            coolant,
            cold_c,
        )

    @property
    def demag_c(self) -> float:
        """Medium of the hot demagnetization check: the motor's medium + 15 K unless given."""
        return self.motor_ambient_c + DEMAG_EXCURSION_K if self.demag_ambient_c is None else float(self.demag_ambient_c)

    @property
    def motor_ambient_c(self) -> float:
        """The medium around the motor: the fan's air, a canned pump's coolant, a dry pump motor's air."""
        return self._medium_c(self.topology)

    def _medium_c(self, topology: str) -> float:
        """The medium around a motor of ``topology`` at this duty (``motor_ambient_c``)."""
        if self.kind == "pump" and topology == "inner_rotor_dry":
            return min(self.ambient_c, DRY_MOTOR_AIR_MAX_C) if self.air_c is None else float(self.air_c)
        return self.ambient_c

    @property
    def shaft_power_w(self) -> float:
        """Q p / eta of the fan or pump (the library's total efficiency)."""
        return self.flow_m3_s * self.pressure_pa / (FAN_ETA_TOTAL if self.kind == "fan" else PUMP_ETA_TOTAL)

    @functools.cached_property
    def defaults(self) -> dict:
        """What the duty implies where the user gave nothing: 'mover' (server fan, EC plug fan, pump),
        'speed_rpm', 'supply', 'topology', 'envelope', 'air_speed_m_s' (air over a fan motor) and 'source'
        (how each was chosen)."""
        p = self.shaft_power_w
        if self.kind == "pump":
            topo = self.topology_given or ("canned" if p <= CANNED_MAX_W else "inner_rotor_dry")
            rating = min(max(p / 1e3 / derating(self._medium_c(topo)), ratings()[0]), FRAME_MAX_KW)
            h = frame_shaft_height_mm(rating, poles_for(self.speed_rpm_given or PUMP_SPEED_RPM))
            return dict(
                mover="pump",
                speed_rpm=PUMP_SPEED_RPM,
                supply="230V_1ph" if p <= PUMP_SINGLE_PHASE_MAX_W else "400V_3ph",
                topology=topo,
                envelope=Envelope(FRAME_DIAMETER_PER_H * h, FRAME_LENGTH_PER_H * h),
                air_speed_m_s=None,
                source=f"pump: IEC frame {h} of the induction motor of {rating:.3g} kW (derated) for its speed",
            )
        rho = fluid_state("air", self.ambient_c).density_kg_m3
        u = math.sqrt(2 * self.pressure_pa / (rho * SERVER_FAN_PSI))
        d_need = math.sqrt(4 * self.flow_m3_s / (math.pi * SERVER_FAN_PHI * u)) * 1e3
        if p <= SERVER_FAN_MAX_W and d_need <= SERVER_FAN_MAX_D_MM:
            frame = min(SERVER_FRAMES_MM, key=lambda f: abs(math.log(f / d_need)))
            d = frame * 1e-3
            hub = HUB_RATIO[frame] * frame
            annulus = math.pi / 4 * (d * d - (hub * 1e-3) ** 2)
            return dict(
                mover=f"{frame:g} mm server fan",
                speed_rpm=60 * u / (math.pi * d),
                supply="12V_dc" if p <= SERVER_FAN_12V_MAX_W else "48V_dc",
                topology="outer_rotor_fan",
                envelope=Envelope(hub, DEPTH_FOR_MOTOR * FAN_DEPTH_MM[frame]),
                air_speed_m_s=self.flow_m3_s / annulus,
                source=(
                    f"axial server fan at psi {SERVER_FAN_PSI}, phi {SERVER_FAN_PHI}: {d_need:.0f} mm -> "
                    f"{frame:g} mm frame"
                ),
            )
        u = math.sqrt(2 * self.pressure_pa / (rho * PLUG_FAN_PSI))
        d = math.sqrt(4 * self.flow_m3_s / (math.pi * PLUG_FAN_PHI * u))
        torque = p / (60 * u / (math.pi * d) * math.pi / 30) / derating(self.ambient_c)
        od = next(
            (mm for mm in EC_MOTOR_MM if 2 * math.pi * EC_SIZE_SHEAR_PA * (0.42e-3 * mm) ** 2 * 0.48e-3 * mm >= torque),
            EC_MOTOR_MM[-1],
        )
        return dict(
            mover=f"{d * 1e3:.0f} mm EC plug fan",
            speed_rpm=60 * u / (math.pi * d),
            supply="230V_1ph" if p <= EC_SINGLE_PHASE_MAX_W else "400V_3ph",
            topology="outer_rotor_fan",
            envelope=Envelope(od, EC_LENGTH_RATIO * od),
            air_speed_m_s=HUB_AIR_FRACTION * u,
            source=(
                f"backward-curved plug fan at psi {PLUG_FAN_PSI}, phi {PLUG_FAN_PHI}; {od:g} mm external-rotor motor"
            ),
        )

    @property
    def speed_rpm(self) -> float:
        """The mover's speed, rpm (given, or by size)."""
        return float(self.defaults["speed_rpm"] if self.speed_rpm_given is None else self.speed_rpm_given)

    @property
    def torque_nm(self) -> float:
        """Shaft torque at the duty, N m."""
        return self.shaft_power_w / (self.speed_rpm * math.pi / 30)

    @property
    def motor_supply(self) -> str:
        """The drive's supply (given, or by size)."""
        return self.defaults["supply"] if self.supply is None else self.supply

    @property
    def topology(self) -> str:
        """The motor topology (given, or by duty and size)."""
        return self.defaults["topology"] if self.topology_given is None else self.topology_given

    @property
    def motor_envelope(self) -> Envelope:
        """The motor's envelope (given, or by size)."""
        return self.defaults["envelope"] if self.envelope is None else self.envelope

    @property
    def air_speed_m_s(self) -> float | None:
        """Air over a fan motor's hub, m/s (None for pumps)."""
        return self.defaults["air_speed_m_s"]
