"""Cooling systems (first part): fluids, heat carried by a stream, fan curves and affinity laws."""

from ..materials._fluids import FLUIDS, FluidState, fluid_state
from ._fans import FanCurve, fan, fan_names
from ._heat import required_flow_m3_s

__all__ = ["FLUIDS", "FanCurve", "FluidState", "fan", "fan_names", "fluid_state", "required_flow_m3_s"]
