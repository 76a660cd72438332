"""Cooling systems: fluids, fans and pumps with their motors, racks (air, liquid, hybrid) and the plant behind them."""

from ..materials._fluids import FLUIDS, FluidState, fluid_state
from ._curves import CurvePoint, MoverCurve
from ._fans import FanCurve, fan, fan_from_datasheet, fan_names, input_law, measured_curves, type_shape
from ._fleet import CLIMATES, climate_series, fleet_year
from ._heat import required_flow_m3_s
from ._plant import Plant, PlantResult, plant_defaults, water_classes
from ._pumps import PumpCurve, pump, pump_input_w, pump_law, pump_names
from ._rack import Rack, RackResult, StreamResult, ashrae_classes
from ._studies import DataHall, sweep_motor_efficiency
from ._units import DrivenMover, MoverDuty, MoverPoint, datasheet_efficiency, fan_unit, pump_unit

__all__ = [
    "CLIMATES",
    "FLUIDS",
    "CurvePoint",
    "DataHall",
    "DrivenMover",
    "FanCurve",
    "FluidState",
    "MoverCurve",
    "MoverDuty",
    "MoverPoint",
    "Plant",
    "PlantResult",
    "PumpCurve",
    "Rack",
    "RackResult",
    "StreamResult",
    "ashrae_classes",
    "climate_series",
    "datasheet_efficiency",
    "fan",
    "fan_from_datasheet",
    "fan_names",
    "fan_unit",
    "fleet_year",
    "fluid_state",
    "input_law",
    "measured_curves",
    "plant_defaults",
    "pump",
    "pump_input_w",
    "pump_law",
    "pump_names",
    "pump_unit",
    "required_flow_m3_s",
    "sweep_motor_efficiency",
    "type_shape",
    "water_classes",
]
