"""Heat carried by a coolant stream: Q = m_dot cp dT (kernels/rack.py) with properties from CoolProp."""

from __future__ import annotations

import math

from ..errors import MagphysValueError
from ..kernels.rack import stream_flow_m3_s
from ..materials._fluids import fluid_state


def required_flow_m3_s(
    heat_w: float, delta_t_k: float, fluid: str = "air", inlet_c: float = 25.0, pressure_pa: float | None = None
) -> float:
    """Volume flow (at the inlet state) that carries ``heat_w`` with a temperature rise ``delta_t_k``;
    cp is taken at the mean temperature, density at the inlet."""
    if not (math.isfinite(heat_w) and heat_w >= 0):
        raise MagphysValueError("heat_w", heat_w, ">= 0 W")
    if not (math.isfinite(delta_t_k) and delta_t_k > 0):
        raise MagphysValueError("delta_t_k", delta_t_k, "> 0 K")
    inlet = fluid_state(fluid, inlet_c, pressure_pa)
    mean = fluid_state(fluid, inlet_c + 0.5 * delta_t_k, pressure_pa)
    return stream_flow_m3_s(heat_w, inlet.density_kg_m3, mean.cp_j_per_kg_k, delta_t_k)
