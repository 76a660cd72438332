"""Cooling motors: surface-PM fan and pump motors with a lumped thermal network."""

from ._datasheet import from_datasheet
from ._design import MotorDesign, reference_design, reference_names
from ._files import from_toml
from ._generate import Envelope, design_for, supply_names, topology_names, winding_factor
from ._induction import InductionMotor, InductionSystem, ie_efficiency, induction_for, induction_reference
from ._motor import Motor, OperatingPoint, operating_points, reference
from ._sizing import SizingResult, size

__all__ = [
    "Envelope",
    "InductionMotor",
    "InductionSystem",
    "Motor",
    "MotorDesign",
    "OperatingPoint",
    "SizingResult",
    "design_for",
    "from_datasheet",
    "from_toml",
    "ie_efficiency",
    "induction_for",
    "induction_reference",
    "operating_points",
    "reference",
    "reference_design",
    "reference_names",
    "size",
    "supply_names",
    "topology_names",
    "winding_factor",
]
