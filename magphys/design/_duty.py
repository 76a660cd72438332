"""Duties: a fan or pump task that any magnet route must meet."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from .._gate import Choice, Number, set_checked
from ..cooling._fans import FAN_ETA_TOTAL
from ..errors import MagphysValueError
from ..motor import reference_design

PUMP_ETA_TOTAL = 0.70  # the pump library's efficiency (magphys/data/pumps.csv, Gulich)
DEMAG_EXCURSION_K = 15.0  # E: the demagnetization check runs this much above the duty's medium temperature
FAN_BASES = ("server_fan_40mm", "server_fan_80mm", "ec_fan_1kw")
PUMP_BASES = ("cdu_pump_3kw",)


@dataclass(frozen=True)
class Duty:
    """A cooling task: ``kind`` "fan" or "pump", flow (m3/s) against a total pressure rise (Pa), with the
    motor in a medium at ``ambient_c``; run ``hours_per_year`` for ``life_years``; the demagnetization
    check at ``demag_ambient_c`` (default ambient + 15 K: a hot-aisle or loss-of-flow excursion)."""

    kind: str
    flow_m3_s: float
    pressure_pa: float
    ambient_c: float
    hours_per_year: float = 8760.0
    life_years: float = 7.0
    demag_ambient_c: float | None = None
    name: str = ""

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
    ) -> Duty:
        return cls("fan", flow_m3_s, pressure_pa, ambient_c, hours_per_year, life_years, demag_ambient_c, name)

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
    ) -> Duty:
        return cls("pump", flow_m3_s, pressure_pa, coolant_c, hours_per_year, life_years, demag_ambient_c, name)

    @property
    def demag_c(self) -> float:
        return self.ambient_c + DEMAG_EXCURSION_K if self.demag_ambient_c is None else float(self.demag_ambient_c)

    @property
    def shaft_power_w(self) -> float:
        """Q p / eta of the fan or pump (the library's total efficiency)."""
        return self.flow_m3_s * self.pressure_pa / (FAN_ETA_TOTAL if self.kind == "fan" else PUMP_ETA_TOTAL)

    @property
    def base(self) -> str:
        """The reference design whose geometry family is sized: the one of that kind nearest in power."""
        names = FAN_BASES if self.kind == "fan" else PUMP_BASES
        p = self.shaft_power_w

        def rated(n):
            d = reference_design(n)
            return d.rated_torque_nm * d.rated_speed_rpm * math.pi / 30

        return min(names, key=lambda n: abs(math.log(rated(n) / p)))

    @property
    def speed_rpm(self) -> float:
        return float(reference_design(self.base).rated_speed_rpm)

    @property
    def torque_nm(self) -> float:
        return self.shaft_power_w / (self.speed_rpm * math.pi / 30)
