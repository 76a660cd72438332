"""Heat carried by a coolant stream: Q = m_dot cp dT (kernels/rack.py) with properties from CoolProp."""

from __future__ import annotations

from .._gate import Number, Text, validate
from ..kernels.rack import stream_flow_m3_s
from ..materials._fluids import fluid_state


@validate(
    heat_w=Number(0.0, unit="W"),
    delta_t_k=Number(0.0, 500.0, lo_open=True, unit="K"),
    fluid=Text("a fluid name (magphys.materials FLUIDS)"),
    inlet_c=Number(-100.0, 400.0, unit="degC"),
    pressure_pa=Number(0.0, None, lo_open=True, unit="Pa", optional=True),
)
def required_flow_m3_s(
    heat_w: float, delta_t_k: float, fluid: str = "air", inlet_c: float = 25.0, pressure_pa: float | None = None
) -> float:
    """Volume flow (at the inlet state) that carries ``heat_w`` with a temperature rise ``delta_t_k``;
    cp is taken at the mean temperature, density at the inlet."""
    inlet = fluid_state(fluid, inlet_c, pressure_pa)
    mean = fluid_state(fluid, inlet_c + 0.5 * delta_t_k, pressure_pa)
    return stream_flow_m3_s(heat_w, inlet.density_kg_m3, mean.cp_j_per_kg_k, delta_t_k)
