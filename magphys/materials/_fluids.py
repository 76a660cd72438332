"""Thermophysical properties of the cooling fluids, from CoolProp (Bell et al., Ind. Eng. Chem. Res.
53, 2498 (2014)): air, water and glycol-water mixtures as CoolProp's incompressible mixtures."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from ..errors import MagphysValueError
from ..kernels.constants import ZERO_C_K

# magphys name -> (CoolProp fluid string, default pressure in Pa)
FLUIDS = {
    "air": ("Air", 101325.0),
    "water": ("Water", 2.0e5),
    "PG25": ("INCOMP::MPG[0.25]", 2.0e5),  # propylene glycol 25 % by mass in water
    "PG30": ("INCOMP::MPG[0.30]", 2.0e5),
    "EG25": ("INCOMP::MEG[0.25]", 2.0e5),  # ethylene glycol 25 % by mass
    # Paratherm NF, a hydrotreated white mineral oil (CoolProp incompressible fit, reference Paratherm 2013; valid
    # -10..315 degC): the dielectric hydrocarbon class of single-phase immersion coolants. Thicker than the GTL
    # and PAO fluids sold for immersion (22 cSt at 40 degC against their ~8-18): the pump costs err high.
    "PNF": ("INCOMP::PNF", 1.0e5),
}


@dataclass(frozen=True)
class FluidState:
    fluid: str
    temp_c: float
    pressure_pa: float
    density_kg_m3: float
    cp_j_per_kg_k: float
    conductivity_w_per_m_k: float
    viscosity_pa_s: float
    prandtl: float

    @property
    def kinematic_viscosity_m2_s(self) -> float:
        return self.viscosity_pa_s / self.density_kg_m3


def fluid_state(fluid: str, temp_c: float, pressure_pa: float | None = None) -> FluidState:
    """Properties at (temp_c, pressure_pa); a state CoolProp cannot evaluate raises a ValueError
    naming the fluid, the state and CoolProp's reason. States are cached (sizing asks for the same
    state hundreds of times)."""
    try:
        return _fluid_state(fluid, float(temp_c), None if pressure_pa is None else float(pressure_pa))
    except (TypeError, ValueError) as exc:
        if isinstance(exc, MagphysValueError):
            raise
        raise MagphysValueError("temp_c/pressure_pa", (temp_c, pressure_pa), "finite numbers") from None


@lru_cache(maxsize=4096)
def _fluid_state(fluid: str, temp_c: float, pressure_pa: float | None) -> FluidState:
    if fluid not in FLUIDS:
        raise MagphysValueError("fluid", fluid, f"one of {sorted(FLUIDS)}")
    name, p_default = FLUIDS[fluid]
    p = p_default if pressure_pa is None else float(pressure_pa)
    t = float(temp_c)
    if not (math.isfinite(t) and math.isfinite(p) and p > 0):
        raise MagphysValueError("temp_c/pressure_pa", (temp_c, pressure_pa), "finite, pressure > 0")
    from CoolProp.CoolProp import PropsSI

    try:
        vals = [PropsSI(k, "T", t + ZERO_C_K, "P", p, name) for k in ("D", "C", "L", "V", "Prandtl")]
    except ValueError as exc:
        raise MagphysValueError(
            "temp_c", t, f"a state where CoolProp can evaluate {fluid} at {p:g} Pa", str(exc).splitlines()[0][:200]
        ) from None
    if not all(math.isfinite(v) and v > 0 for v in vals):
        raise MagphysValueError("temp_c", t, f"a state where CoolProp can evaluate {fluid} at {p:g} Pa")
    return FluidState(fluid, t, p, *vals)
