"""Cooling motors: surface-PM fan and pump motors with a lumped thermal network."""

from ._design import MotorDesign, reference_design, reference_names
from ._motor import Motor, OperatingPoint, reference

__all__ = ["Motor", "MotorDesign", "OperatingPoint", "reference", "reference_design", "reference_names"]
