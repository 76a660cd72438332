"""The cooling plant: CDU (technology coolant <-> facility water, an epsilon-NTU counterflow exchanger), CRAH
coils and fans for the heat the racks leave in the room air, heat rejection to the outdoor air by dry coolers or
cooling towers with an integrated water-side economizer, and a chiller for what free cooling cannot reach.
The relations are kernels/plant.py's; the defaults and their sources are in magphys/data/plant.toml."""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from functools import cache, partial
from importlib import resources

import numpy as np

from .._gate import Choice, Flag, Number, Text, set_checked
from ..errors import MagphysValueError
from ..kernels import layout as L
from ..kernels import status as st
from ..kernels.plant import hx_cold_outlet, plant_power
from ..materials._fluids import fluid_state
from ..materials._tables import read_csv

REJECTION = ("dry_cooler", "tower")


@cache
def plant_defaults() -> dict:
    """magphys/data/plant.toml: every default of Plant with its source."""
    text = resources.files("magphys.data").joinpath("plant.toml").read_text(encoding="utf-8")
    return {k: v["value"] for k, v in tomllib.loads(text).items()}


@cache
def water_classes() -> dict[str, float]:
    """ASHRAE TC9.9 liquid classes: name -> highest facility-water supply temperature, degC."""
    return {r["class"]: float(r["max_c"]) for r in read_csv("ashrae_classes.csv") if r["medium"] == "water"}


def _default(name: str):
    return field(default_factory=lambda: plant_defaults()[name])


@dataclass(frozen=True)
class PlantResult:
    """What the plant draws to reject the racks' heat at one condition (powers in W, temperatures in degC)."""

    heat_in_w: float  # heat the racks hand over: room air (to the CRAHs) plus technology coolant (to the CDUs)
    heat_rejected_w: float  # to the outdoor air: the heat in plus every plant watt
    crah_fans_w: float
    facility_pumps_w: float
    chiller_w: float
    rejection_fans_w: float
    free_cooling_share: float  # of the water's heat, rejected without the chiller
    chiller_cop: float
    facility_supply_c: float
    chilled_water_c: float
    tcs_supply_c: float
    cdu_approach_k: float
    status: str
    deficit_w: float = 0.0
    message: str = ""

    @property
    def power_w(self) -> float:
        """Every plant watt: CRAH fans, facility pumps, chiller compressors, heat-rejection fans."""
        return self.crah_fans_w + self.facility_pumps_w + self.chiller_w + self.rejection_fans_w


@dataclass(frozen=True)
class Plant:
    """The site's cooling plant.

    ``water_class`` (ASHRAE W17 ... W45) or ``facility_supply_c`` sets the facility-water supply; ``outdoor_c``
    and ``wet_bulb_c`` the weather; ``heat_rejection`` 'dry_cooler' or 'tower'. The CDU is a counterflow
    exchanger sized (UA) for ``cdu_approach_k`` at its design duty; at other duties its approach follows from
    epsilon-NTU. Room air returns to CRAHs whose coils need water ``crah_approach_k`` below the supply air;
    where the facility water is warmer, the CRAHs take chilled water. Without a ``chiller`` the heat free cooling
    cannot reach is a deficit (status "insufficient cooling"). Every default is in magphys/data/plant.toml with
    its source."""

    water_class: str | None = "W32"
    facility_supply_c: float | None = None
    outdoor_c: float = _default("outdoor_c")
    wet_bulb_c: float | None = None
    heat_rejection: str = "dry_cooler"
    chiller: bool = True
    facility_delta_t_k: float = _default("facility_delta_t_k")
    cdu_approach_k: float = _default("cdu_approach_k")
    crah_approach_k: float = _default("crah_approach_k")
    crah_fan_w_per_m3_s: float = _default("crah_fan_w_per_m3_s")
    dry_cooler_approach_k: float = _default("dry_cooler_approach_k")
    dry_cooler_w_per_kw: float = _default("dry_cooler_w_per_kw")
    tower_approach_k: float = _default("tower_approach_k")
    tower_w_per_kw: float = _default("tower_w_per_kw")
    chiller_carnot_fraction: float = _default("chiller_carnot_fraction")
    chiller_cop_max: float = _default("chiller_cop_max")
    evaporator_approach_k: float = _default("evaporator_approach_k")
    condenser_approach_k: float = _default("condenser_approach_k")
    facility_pump_dp_pa: float = _default("facility_pump_dp_pa")
    facility_pump_efficiency: float = _default("facility_pump_efficiency")

    def __post_init__(self):
        f = partial(set_checked, self)
        f("water_class", Text("an ASHRAE liquid class", optional=True))
        if self.water_class is not None and self.water_class not in water_classes():
            raise MagphysValueError("water_class", self.water_class, f"one of {sorted(water_classes())}")
        for nm, spec in (
            ("facility_supply_c", Number(2.0, 60.0, unit="degC", optional=True)),
            ("outdoor_c", Number(-50.0, 55.0, unit="degC (dry-bulb)")),
            ("wet_bulb_c", Number(-50.0, 40.0, unit="degC", optional=True)),
            ("heat_rejection", Choice(REJECTION)),
            ("chiller", Flag()),
            ("facility_delta_t_k", Number(1.0, 30.0, unit="K")),
            ("cdu_approach_k", Number(0.5, 20.0, unit="K")),
            ("crah_approach_k", Number(1.0, 20.0, unit="K")),
            ("crah_fan_w_per_m3_s", Number(0.0, 5000.0, unit="W per m3/s")),
            ("dry_cooler_approach_k", Number(1.0, 30.0, unit="K")),
            ("dry_cooler_w_per_kw", Number(0.0, 200.0, unit="W per kW rejected")),
            ("tower_approach_k", Number(1.0, 15.0, unit="K")),
            ("tower_w_per_kw", Number(0.0, 200.0, unit="W per kW rejected")),
            ("chiller_carnot_fraction", Number(0.1, 0.9)),
            ("chiller_cop_max", Number(1.0, 50.0)),
            ("evaporator_approach_k", Number(0.0, 10.0, unit="K")),
            ("condenser_approach_k", Number(0.0, 30.0, unit="K")),
            ("facility_pump_dp_pa", Number(0.0, 2e6, unit="Pa")),
            ("facility_pump_efficiency", Number(0.05, 1.0)),
        ):
            f(nm, spec)
        if self.wet_bulb_c is not None and self.wet_bulb_c > self.outdoor_c:
            raise MagphysValueError("wet_bulb_c", self.wet_bulb_c, f"<= outdoor_c = {self.outdoor_c:g} degC")

    @property
    def supply_c(self) -> float:
        """Facility-water supply temperature: given, else the water class's upper limit."""
        if self.facility_supply_c is not None:
            return float(self.facility_supply_c)
        if self.water_class is None:
            raise MagphysValueError("water_class/facility_supply_c", None, "a water class or a supply temperature")
        return water_classes()[self.water_class]

    @property
    def sink_c(self) -> float:
        """What the free cooler works against: dry-bulb (dry cooler) or wet-bulb (tower; default dry-bulb - 8 K,
        E: a temperate design day's depression)."""
        if self.heat_rejection == "dry_cooler":
            return self.outdoor_c
        return (
            self.outdoor_c - plant_defaults()["wet_bulb_depression_k"] if self.wet_bulb_c is None else self.wet_bulb_c
        )

    @property
    def free_approach_k(self) -> float:
        return self.dry_cooler_approach_k if self.heat_rejection == "dry_cooler" else self.tower_approach_k

    def cdu(self, heat_w: float, coolant: str, coolant_flow_m3_s: float, design_heat_w: float) -> tuple[float, float]:
        """(TCS supply degC, approach K) of a CDU passing ``heat_w`` from a technology-coolant flow to the
        facility water at its design flow; UA is set by the design duty ``design_heat_w`` at the design
        approach (same flows)."""
        t_fws = self.supply_c
        c_water = self._water_rate(design_heat_w)
        tcs = fluid_state(coolant, t_fws + self.cdu_approach_k)
        c_tcs = tcs.density_kg_m3 * coolant_flow_m3_s * tcs.cp_j_per_kg_k
        ua = _ua_for_approach(design_heat_w, c_tcs, c_water, self.cdu_approach_k)
        _t_in, t_out, _ = hx_cold_outlet(heat_w, c_tcs, c_water, ua, t_fws)
        return t_out, t_out - t_fws

    def record(self) -> np.ndarray:
        """The kernels' settings vector of this plant (layout.PL_*)."""
        pl = np.zeros(L.N_PL)
        pl[L.PL_SUPPLY_C] = self.supply_c
        pl[L.PL_DELTA_T_K] = self.facility_delta_t_k
        pl[L.PL_SINK_C] = self.sink_c
        pl[L.PL_APPROACH_K] = self.free_approach_k
        spec = self.dry_cooler_w_per_kw if self.heat_rejection == "dry_cooler" else self.tower_w_per_kw
        pl[L.PL_REJECTION_W_PER_W] = spec / 1e3
        pl[L.PL_CHILLER] = 1.0 if self.chiller else 0.0
        pl[L.PL_CARNOT_FRACTION] = self.chiller_carnot_fraction
        pl[L.PL_COP_MAX] = self.chiller_cop_max
        pl[L.PL_EVAP_APPROACH_K] = self.evaporator_approach_k
        pl[L.PL_COND_APPROACH_K] = self.condenser_approach_k
        pl[L.PL_PUMP_W_PER_W] = self.facility_pump_dp_pa / (
            self.facility_pump_efficiency * plant_defaults()["water_rho_cp_j_per_m3_k"] * self.facility_delta_t_k
        )
        pl[L.PL_CRAH_APPROACH_K] = self.crah_approach_k
        pl[L.PL_CRAH_W_PER_M3_S] = self.crah_fan_w_per_m3_s
        return pl

    def _water_rate(self, heat_w: float) -> float:
        """Capacity rate (W/K) of the facility water that carries ``heat_w`` at the design rise."""
        return max(heat_w, 1.0) / self.facility_delta_t_k

    def serve(
        self,
        air_heat_w: float,
        air_flow_m3_s: float,
        air_supply_c: float,
        liquid_heat_w: float,
        tcs_supply_c: float = math.nan,
        cdu_approach_k: float = math.nan,
    ) -> PlantResult:
        """The plant's draw for ``air_heat_w`` returned in ``air_flow_m3_s`` of room air (supplied at
        ``air_supply_c``) and ``liquid_heat_w`` handed over in the CDUs.

        Each water circuit (facility water for the CDUs, chilled water for the CRAHs where the facility water is
        too warm for them) is free-cooled from its return down to sink + approach and chilled the rest of the
        way; the chiller's condenser rejects its heat plus its compressor's work. Every plant watt ends as heat
        rejected outdoors: heat_rejected = heat in + plant power (the first law over the site)."""
        t_fws = self.supply_c
        crah_fans, pumps, chiller, fans, deficit, free, water_total, t_chw, cop_used = plant_power(
            air_heat_w, air_flow_m3_s, air_supply_c, liquid_heat_w, self.record()
        )
        heat_in = air_heat_w + liquid_heat_w
        power = crah_fans + pumps + chiller + fans
        return PlantResult(
            heat_in_w=heat_in,
            heat_rejected_w=heat_in + power,
            crah_fans_w=crah_fans,
            facility_pumps_w=pumps,
            chiller_w=chiller,
            rejection_fans_w=fans,
            free_cooling_share=free / water_total if water_total > 0 else 1.0,
            chiller_cop=cop_used,
            facility_supply_c=t_fws,
            chilled_water_c=t_chw,
            tcs_supply_c=tcs_supply_c,
            cdu_approach_k=cdu_approach_k,
            status=st.NAMES[st.INSUFFICIENT_COOLING] if deficit > 0.0 else st.NAMES[st.OK],
            deficit_w=deficit,
            message=(
                f"free cooling at {self.sink_c:g} degC + {self.free_approach_k:g} K cannot bring the water to "
                f"{min(t_fws, t_chw):g} degC; {deficit / 1e3:.3g} kW need a chiller"
                if deficit > 0.0
                else ""
            ),
        )


def _ua_for_approach(heat_w: float, c_hot: float, c_cold: float, approach_k: float) -> float:
    """UA of a counterflow exchanger whose hot outlet sits ``approach_k`` above the cold inlet at ``heat_w``."""
    c_min, c_max = min(c_hot, c_cold), max(c_hot, c_cold)
    t_hot_in = approach_k + heat_w / c_hot  # over the cold inlet
    eps = heat_w / (c_min * t_hot_in)
    if not 0.0 < eps < 1.0:
        raise MagphysValueError("cdu_approach_k", approach_k, "an approach the exchanger can reach (eps < 1)")
    cr = c_min / c_max
    if cr > 1.0 - 1e-9:
        return eps / (1.0 - eps) * c_min
    return math.log((1.0 - eps * cr) / (1.0 - eps)) / (1.0 - cr) * c_min
