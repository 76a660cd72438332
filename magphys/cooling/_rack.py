"""Racks: air-cooled, direct-to-chip liquid with residual air, and hybrid. The operating point of
their fans and pumps (speed, flow, temperatures, magnet temperatures), the heat balance, cooling
power and partial PUE, and the largest IT power a given fan/pump set can remove."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache, cached_property, partial

from scipy.optimize import brentq

from .._gate import Choice, Instance, Integer, Number, Text, set_checked, validate
from ..errors import MagphysValueError
from ..kernels import status as st
from ..kernels.rack import (
    RACK_U,
    RESERVED_U,
    SERVER_U,
    fans_fit,
    stream_flow_m3_s,
    stream_heat_w,
    stream_outlet_k,
)
from ..materials._fluids import FLUIDS, fluid_state
from ..materials._tables import read_csv
from ..motor import Motor
from ._curves import MoverCurve
from ._plant import Plant, PlantResult
from ._units import MOTOR_EFFICIENCY_MIN, DrivenMover, fan_unit, pump_unit

# Design rules, each a default the user can override (E = engineering choice, the others sourced):
AIR_DELTA_T_K = 15.0  # server air temperature rise at design: the 117 CFM/kW rule (ASHRAE practice 10-20 K)
COOLANT_DELTA_T_K = 10.0  # TCS dT 8-12 K (shared/data/cdu_liquid_params.csv)
LOOP_DP_PA = 2.0e5  # loop dP at design flow: 0.5-3 bar; OCP RPU 150 L/min at <= 40 psi for 100 kW (same file)
LIQUID_FRACTION = 0.8  # E: cold plates on GPUs/CPUs; memory, NICs and power supplies stay on air
FAN_FLOW_FRACTION = 0.6  # E: servers are designed for their fans to work mid-curve (Q/Q_free at any speed)
DESIGN_SPEED_FRACTION = 0.8  # E: default fan/pump count leaves 20 % speed headroom at design
AIR_INLET_C = 27.0  # ASHRAE A1 recommended upper inlet (shared/data/ashrae_classes.csv)
DEFAULT_WATER_CLASS = "W32"  # E: the facility water of a rack without a plant or water class (ASHRAE W32)
COOLANT_SUPPLY_C = 36.0  # the TCS supply that follows: W32 (32 degC) + the CDU's 4 K design approach (plant.toml)
RACK_IT_KW = 120.0  # GB200 NVL72 cooling target (shared/data/rack_density.csv): the default rack of studies
COOLING = ("air", "liquid", "hybrid", "immersion", "rdhx")
# Passive rear-door heat exchanger: the server fans push the exhaust through a water coil in the rack door, which
# returns it to the room at the inlet temperature (IBM's door: up to 25 K air drop, server fans only, water from a
# secondary loop; docs/research/issue14_immersion.md section 1). E: 50 Pa at the rack's design flow, between "as
# an acoustic door" (IBM) and the 200 Pa default of the LBNL Modelica RDHx model.
RDHX_DOOR_DP_PA = 50.0
# Single-phase immersion: the servers (fans removed) sit in a dielectric hydrocarbon that a pump module circulates
# through coolant-to-water exchangers and filters (GRC CarnotJet architecture, grcooling.com/carnotjet).
IMMERSION_COOLANT = "PNF"  # Paratherm NF white mineral oil (CoolProp): the class of oils in use (GRC ElectroSafe)
# E: tank manifold, plate exchanger and filters at design flow; lower than a cold-plate loop (no micro-channels)
IMMERSION_LOOP_DP_PA = 1.0e5
DEFAULT_COOLANT = "PG25"
# A rack whose own loop meets the CDU pump far left on its curve (below OWN_PUMP_FLOW_FRACTION of run-out, where
# its efficiency has fallen to a fraction of the best, E) shares a row CDU: the pump set serves as many racks as
# put it mid-branch (SHARED_PUMP_FLOW_FRACTION, E: a row-CDU pump is chosen to run mid-branch, like the server fans;
# DataHall counts its row pumps by the same rule); racks_per_cdu gives the number instead.
OWN_PUMP_FLOW_FRACTION = 0.3
SHARED_PUMP_FLOW_FRACTION = 0.6
RACKS_PER_CDU_MAX = 64
DEFAULT_FAN = {1: "San Ace 40 9GA0412P3K01"}  # servers of 1 U take 40 mm fans; taller ones 80 mm (below)
DEFAULT_FAN_TALL = "San Ace 80 9GA0812P1G61"


@cache
def ashrae_classes() -> dict:
    """ASHRAE TC9.9 classes: name -> (medium, allowable min degC, allowable max degC)."""
    return {r["class"]: (r["medium"], float(r["min_c"]), float(r["max_c"])) for r in read_csv("ashrae_classes.csv")}


@dataclass(frozen=True)
class StreamResult:
    """One side of a rack (air or coolant) at its operating point; powers in kW, temperatures in degC."""

    medium: str
    heat_it_kw: float
    heat_removed_kw: float
    motor_heat_kw: float
    power_kw: float
    flow_m3_s: float
    inlet_c: float
    outlet_c: float
    pressure_pa: float
    speed_rpm: float
    speed_fraction: float
    flow_fraction: float
    count: int
    magnet_c: float
    winding_c: float
    motor: str
    status: str
    deficit_kw: float = 0.0
    message: str = ""


@dataclass(frozen=True)
class RackResult:
    """A solved rack: heat removed, cooling (mover) power, heat the motors add, partial PUE, the
    streams; ``status`` "ok" or the first problem ("insufficient cooling" with ``deficit_kw``)."""

    it_power_kw: float
    heat_removed_kw: float
    cooling_power_kw: float
    motor_heat_kw: float
    ppue: float
    status: str
    deficit_kw: float
    air: StreamResult | None
    liquid: StreamResult | None
    flow: dict = field(default_factory=dict)
    temps: dict = field(default_factory=dict)
    magnet_c: dict = field(default_factory=dict)
    fit: dict = field(default_factory=dict)
    plant: PlantResult | None = None
    message: str = ""
    racks_per_cdu: int = 1

    @property
    def counts(self) -> dict:
        """Fans and pumps that were solved (0 where a side carries no heat): the pumps are those of the CDU,
        which serves ``racks_per_cdu`` racks (the liquid stream's powers and flows are this rack's share)."""
        return {
            "fan": self.air.count if self.air else 0,
            "pump": self.liquid.count if self.liquid else 0,
            "racks_per_cdu": self.racks_per_cdu,
        }

    @property
    def fan_power_kw(self) -> float:
        """The in-server fans' input: IT load by The Green Grid's rule (they sit in the IT equipment)."""
        return self.air.power_kw if self.air else 0.0

    @property
    def it_load_kw(self) -> float:
        """IT load as The Green Grid counts it: the compute power plus the in-server fans."""
        return self.it_power_kw + self.fan_power_kw

    @property
    def fan_share_of_it(self) -> float:
        """In-server fan power over the IT load (fans included)."""
        return self.fan_power_kw / self.it_load_kw

    @property
    def facility_cooling_kw(self) -> float:
        """Cooling infrastructure outside the IT equipment: the CDU pumps and the plant (CRAH fans, facility
        pumps, chillers, heat rejection)."""
        pumps = self.liquid.power_kw if self.liquid else 0.0
        return pumps + (self.plant.power_w / 1e3 if self.plant else 0.0)

    @property
    def cooling_with_fans_kw(self) -> float:
        """All cooling energy, the in-server fans included (the figure partial PUE hides)."""
        return self.facility_cooling_kw + self.fan_power_kw

    @property
    def site_power_kw(self) -> float:
        """Compute, fans and every cooling watt of the rack's share of the site."""
        return self.it_load_kw + self.facility_cooling_kw

    @property
    def heat_to_outdoor_kw(self) -> float:
        """Heat the plant rejects to the outdoor air."""
        return self.plant.heat_rejected_w / 1e3 if self.plant else math.nan


def _stream(
    unit: DrivenMover,
    count: int,
    k: float,
    heat_it_w: float,
    fluid: str,
    t_in_c: float,
    dt_target_k: float,
    motor_at_outlet: bool,
) -> StreamResult:
    """Speed that holds the outlet at t_in + dt_target (movers' own heat included), or full speed
    and the deficit when that is not enough."""
    curve = unit.curve.in_parallel(count)
    rho = fluid_state(fluid, t_in_c).density_kg_m3
    cp = fluid_state(fluid, t_in_c + 0.5 * dt_target_k).cp_j_per_kg_k
    meet = curve.operating_point(k, rho)
    q1, x = meet.flow_m3_s, meet.flow_fraction

    def state(s: float):
        q = s * q1
        at = curve.at_speed(s * curve.speed_rpm)
        torque = at.torque_nm(q, rho)
        t_out = t_in_c + dt_target_k
        for _ in range(200):  # the movers' heat depends on the outlet temperature they sit in
            pt = unit.point(at.speed_rpm, torque, t_out if motor_at_outlet else t_in_c)
            if pt.status not in (st.OK, st.NOT_CONVERGED):
                return pt, math.inf, q
            new = stream_outlet_k(t_in_c, heat_it_w + count * pt.heat_to_stream_w, rho, q, cp)
            if abs(new - t_out) < 1e-11 * (1.0 + abs(new)):
                return pt, new, q
            t_out = new
        return pt, t_out, q

    def result(s, pt, t_out, q, status, deficit=0.0, message=""):
        ok = math.isfinite(t_out)
        return StreamResult(
            medium=fluid,
            heat_it_kw=heat_it_w / 1e3,
            heat_removed_kw=stream_heat_w(rho, q, cp, t_out - t_in_c) / 1e3 if ok else math.nan,
            motor_heat_kw=count * pt.heat_to_stream_w / 1e3,
            power_kw=count * pt.input_power_w / 1e3,
            flow_m3_s=q,
            inlet_c=t_in_c,
            outlet_c=t_out if ok else math.nan,
            pressure_pa=k * q * q,
            speed_rpm=pt.speed_rpm,
            speed_fraction=s,
            flow_fraction=x,
            count=count,
            magnet_c=pt.magnet_c,
            winding_c=pt.winding_c,
            motor=unit.label,
            status=status,
            deficit_kw=deficit,
            message=message,
        )

    if meet.status != st.NAMES[st.OK]:
        pt, t_out, q = state(1.0)
        return result(
            1.0,
            pt,
            t_out,
            q,
            meet.status,
            message=(
                f"the system curve meets the {unit.curve.name} set at {x:.2f} of free delivery, outside the "
                f"valid branch {curve.x_min}-{curve.x_max}"
            ),
        )
    pt, t_out, q = state(1.0)
    if pt.status not in (st.OK, st.NOT_CONVERGED):
        return result(1.0, pt, t_out, q, st.NAMES[pt.status], message=f"motor {unit.label}: {st.NAMES[pt.status]}")
    if t_out - t_in_c > dt_target_k * (1 + 1e-9):
        carried = stream_heat_w(rho, q, cp, dt_target_k)
        deficit = (heat_it_w + count * pt.heat_to_stream_w - carried) / 1e3
        return result(
            1.0,
            pt,
            t_out,
            q,
            st.NAMES[st.INSUFFICIENT_COOLING],
            deficit,
            (
                f"{count} x {unit.curve.name} at full speed carry {carried / 1e3:.3g} kW at "
                f"{dt_target_k:g} K rise; {deficit:.3g} kW short"
            ),
        )

    def excess(s):  # outlet rise above target; falls with speed (inf where a motor fails at low speed)
        return min(state(s)[1] - t_in_c - dt_target_k, 1e6)

    if excess(1.0) >= 0.0:  # full speed holds the rise only to the tolerance: the root is at the bracket's end
        return result(1.0, pt, t_out, q, st.NAMES[pt.status])
    lo = 0.5
    while excess(lo) <= 0.0:
        lo *= 0.5
    s = brentq(excess, lo, 1.0, xtol=1e-13, rtol=1e-12)
    pt, t_out, q = state(s)
    return result(s, pt, t_out, q, st.NAMES[pt.status])


def _rack_share(cdu: StreamResult, racks: int) -> StreamResult:
    """One rack's share of a CDU pump set serving ``racks`` identical racks: heat, power and flow / racks; the
    speeds, temperatures and the pump count are the CDU's."""
    if racks == 1:
        return cdu
    return replace(
        cdu,
        heat_it_kw=cdu.heat_it_kw / racks,
        heat_removed_kw=cdu.heat_removed_kw / racks,
        motor_heat_kw=cdu.motor_heat_kw / racks,
        power_kw=cdu.power_kw / racks,
        flow_m3_s=cdu.flow_m3_s / racks,
        deficit_kw=cdu.deficit_kw / racks,
        message=cdu.message or f"{cdu.count} pump(s) of a CDU shared by {racks} racks; this rack's share",
    )


@dataclass(frozen=True)
class Rack:
    """A rack of IT load, its cooling movers and the plant behind it.

    ``it_power_kw`` is the compute power; the in-server fans add to the IT load (The Green Grid).
    ``cooling``: "air" (server fans carry everything), "liquid" (direct-to-chip cold plates take
    ``liquid_fraction`` of the heat, default 0.8, server fans the rest), "hybrid" (any given
    ``liquid_fraction``), "immersion" (single phase: the servers, fans removed, sit in a dielectric oil,
    default ``coolant`` "PNF", that pumps circulate through the CDU; loop 1 bar by default) or "rdhx" (a
    passive rear-door coil returns the exhaust to the room at the inlet temperature on the plant's water in the
    CRAHs' place; the server fans push the air through it against ``door_dp_pa`` at the design flow).
    Geometry: ``rack_u`` (EIA-310, 2 U reserved for switches and PDUs) holds servers of ``server_u``; each
    server's face takes the fans of the fan's frame that fit (rows x columns). Air side: ``fan`` (library
    name or FanCurve; default by server height), ``fan_count`` or ``fans_per_server`` (default: a whole
    number per server that holds ``air_delta_t_k`` at <= 80 % speed; more than fit is "does not fit"),
    the server impedance meeting the fan curve at ``fan_flow_fraction`` of free delivery; fans sit in the
    exhaust (``fan_position``: their motors see exhaust air) or at the inlet.
    Liquid side: ``coolant`` (default PG25) from ``supply_c`` (default: the plant's facility water + its CDU's
    design approach) with a loop of ``loop_dp_pa`` (default 2 bar) at design flow, ``pump`` and ``pump_count``
    likewise sized; the pump's water curve is corrected for the coolant's viscosity (ANSI/HI 9.6.7). A rack too
    small for the pump shares a row CDU with ``racks_per_cdu`` racks (default: the fewest that put the pump
    mid-branch); the rack carries its share of the CDU's power, heat and flow.
    Plant: ``plant`` (default ``Plant(water_class=water_class or "W32")``). Motors: the reference motor of
    each fan/pump, or ``fan_motor``/``pump_motor``, or a lumped ``motor_efficiency`` for every mover.
    """

    it_power_kw: float
    cooling: str = "air"
    inlet_c: float = AIR_INLET_C
    air_class: str | None = None
    fan: object = None
    fan_count: int | None = None
    rack_u: int = RACK_U
    server_u: int = SERVER_U
    fans_per_server: int | None = None
    plant: Plant | None = None
    fan_motor: Motor | None = None
    air_delta_t_k: float = AIR_DELTA_T_K
    fan_flow_fraction: float = FAN_FLOW_FRACTION
    fan_position: str = "exhaust"
    coolant: str | None = None
    supply_c: float | None = None
    water_class: str | None = None
    pump: object = "CDU pump 3 kW"
    pump_count: int | None = None
    pump_motor: Motor | None = None
    coolant_delta_t_k: float = COOLANT_DELTA_T_K
    loop_dp_pa: float | None = None
    liquid_fraction: float | None = None
    motor_efficiency: float | None = None
    door_dp_pa: float = RDHX_DOOR_DP_PA
    racks_per_cdu: int | None = None

    def __post_init__(self):
        field = partial(set_checked, self)
        field("it_power_kw", Number(0.01, 10_000.0, unit="kW (10 W to 10 MW)"))
        field("cooling", Choice(COOLING))
        immersed = self.cooling == "immersion"
        if self.coolant is None:
            object.__setattr__(self, "coolant", IMMERSION_COOLANT if immersed else DEFAULT_COOLANT)
        if self.loop_dp_pa is None:
            object.__setattr__(self, "loop_dp_pa", IMMERSION_LOOP_DP_PA if immersed else LOOP_DP_PA)
        field("inlet_c", Number(-20.0, 60.0, unit="degC (IT inlet air)"))
        t = self.inlet_c
        field("air_class", Text("an ASHRAE air class", optional=True))
        field("water_class", Text("an ASHRAE liquid class", optional=True))
        for nm, spec in (
            ("rack_u", Integer(RESERVED_U + 1, 60)),
            ("server_u", Integer(1, 10)),
            ("fans_per_server", Integer(1, 100, optional=True)),
            ("plant", Instance(Plant, "a magphys.cooling.Plant", optional=True)),
            ("fan_count", Integer(1, 100_000, optional=True)),
            ("pump_count", Integer(1, 10_000, optional=True)),
            ("fan_motor", Instance(Motor, "a magphys.motor.Motor", optional=True)),
            ("pump_motor", Instance(Motor, "a magphys.motor.Motor", optional=True)),
            ("air_delta_t_k", Number(0.0, 100.0, lo_open=True, unit="K")),
            ("coolant_delta_t_k", Number(0.0, 100.0, lo_open=True, unit="K")),
            ("loop_dp_pa", Number(0.0, 1e7, lo_open=True, unit="Pa")),
            ("fan_flow_fraction", Number(0.05, 1.0, unit="of free delivery")),
            ("fan_position", Choice(("exhaust", "inlet"))),
            ("coolant", Choice(tuple(sorted(set(FLUIDS) - {"air"})), fold=False)),
            ("supply_c", Number(2.0, 65.0, unit="degC (TCS supply)", optional=True)),
            ("liquid_fraction", Number(0.0, 1.0, optional=True)),
            ("motor_efficiency", Number(MOTOR_EFFICIENCY_MIN, 1.0, optional=True)),
            ("door_dp_pa", Number(0.0, 1000.0, unit="Pa (rear door at design flow)")),
            ("racks_per_cdu", Integer(1, RACKS_PER_CDU_MAX, optional=True)),
        ):
            field(nm, spec)
        for nm, cls, val, medium in (
            ("air_class", self.air_class, t, "air"),
            ("water_class", self.water_class, None, "water"),
        ):
            if cls is None:
                continue
            classes = {k: v for k, v in ashrae_classes().items() if v[0] == medium}
            if cls not in classes:
                raise MagphysValueError(nm, cls, f"one of {sorted(classes)}")
            if val is not None and not classes[cls][1] <= val <= classes[cls][2]:
                raise MagphysValueError(
                    "inlet_c", val, f"{classes[cls][1]:g}-{classes[cls][2]:g} degC (ASHRAE class {cls} allowable)"
                )
        if self.cooling == "hybrid" and self.liquid_fraction is None:
            raise MagphysValueError("liquid_fraction", None, "0-1 (required for cooling='hybrid')")
        if self.cooling == "rdhx" and self.liquid_fraction not in (None, 0.0):
            raise MagphysValueError("liquid_fraction", self.liquid_fraction, "0 or None (a rear door cools air)")
        if immersed and self.liquid_fraction not in (None, 1.0):
            raise MagphysValueError("liquid_fraction", self.liquid_fraction, "1 or None (immersion takes all the heat)")
        if self.server_u > self.rack_u - RESERVED_U:
            raise MagphysValueError("server_u", self.server_u, f"<= rack_u - {RESERVED_U} = {self.rack_u - RESERVED_U}")
        if self.fan is None:
            object.__setattr__(self, "fan", DEFAULT_FAN.get(self.server_u, DEFAULT_FAN_TALL))
        for nm in ("fan", "pump"):
            if not isinstance(getattr(self, nm), (str, MoverCurve)):
                raise MagphysValueError(nm, getattr(self, nm), f"a library {nm} name or a curve")
        self.fan_unit  # noqa: B018  (unknown fan or pump names fail here, before any solve)
        if self.liquid_share > 0:
            self.pump_unit  # noqa: B018

    # --- inputs resolved ------------------------------------------------------------------------
    @property
    def liquid_share(self) -> float:
        if self.cooling == "immersion":
            return 1.0
        if self.cooling == "rdhx":
            return 0.0
        if self.liquid_fraction is not None:
            return float(self.liquid_fraction) if self.cooling != "air" else 0.0
        return LIQUID_FRACTION if self.cooling == "liquid" else 0.0

    @property
    def coolant_name(self) -> str:
        """The technology coolant (``coolant``, else PG25, or PNF oil for immersion)."""
        return str(self.coolant)

    @cached_property
    def site_plant(self) -> Plant:
        """The plant behind the rack: ``plant``, else the default Plant at ``water_class`` (default W32)."""
        if self.plant is not None:
            return self.plant
        return Plant(water_class=self.water_class or DEFAULT_WATER_CLASS)

    @cached_property
    def serving_plant(self) -> Plant:
        """The plant as the rack's heat meets it: ``site_plant``, where a rear door (``rdhx``) takes the CRAHs'
        place for the exhaust air: its coil on the same (chilled or facility) water, no fans of its own (the
        server fans push the air through it, ``door_dp_pa``)."""
        if self.cooling == "rdhx":
            return replace(self.site_plant, crah_fan_w_per_m3_s=0.0)
        return self.site_plant

    @property
    def coolant_supply_c(self) -> float:
        """Technology-coolant supply: ``supply_c``, else the plant's facility water plus the CDU's design
        approach."""
        if self.supply_c is not None:
            return float(self.supply_c)
        return self.site_plant.supply_c + self.site_plant.cdu_approach_k

    def fit(self) -> dict:
        """The rack's geometry: servers (rack U less the reserved U, over the server U) and the fans of the
        fan's frame that fit a server's front face (rows x columns of the frame in server height x width)."""
        # a fan without a frame (a measured plug fan) is not a server fan: no fit rule (0)
        servers, per = fans_fit(self.rack_u, self.server_u, getattr(self.fan_unit.curve, "frame_mm", math.nan))
        return {"servers": int(servers), "fans_per_server_max": int(per), "fans_fit": int(servers * per)}

    @cached_property
    def fan_unit(self) -> DrivenMover:
        """The fan and its motor (built once: the rack is frozen)."""
        return fan_unit(self.fan, self.fan_motor, self.motor_efficiency)

    @cached_property
    def pump_unit(self) -> DrivenMover:
        """The pump and its motor, its water curve corrected for the coolant's viscosity at the supply
        (ANSI/HI 9.6.7, ``viscous_pump``: glycols a few %, oils 10-20 % of efficiency)."""
        return pump_unit(self.pump, self.pump_motor, self.motor_efficiency, self.coolant_name, self.coolant_supply_c)

    def with_motor_efficiency(self, efficiency: float) -> Rack:
        """The same rack (same fan and pump counts) with every mover driven at a lumped efficiency."""
        counts = self.counts()
        return replace(
            self,
            motor_efficiency=float(efficiency),
            fan_count=counts["fan"] or self.fan_count,
            pump_count=counts["pump"] or self.pump_count,
            racks_per_cdu=counts["racks_per_cdu"],
        )

    # --- design ---------------------------------------------------------------------------------
    def _air_k(self, count: int) -> float:
        """The air side's system curve with ``count`` fans: the servers' impedance (their design rule: the
        curve met at ``fan_flow_fraction``) plus, for a rear door, the door's (``door_dp_pa`` at the rack's
        design flow, in series)."""
        rho = fluid_state("air", self.inlet_c).density_kg_m3
        k = self.fan_unit.curve.in_parallel(count).system_k(self.fan_flow_fraction, rho)
        if self.cooling == "rdhx":
            q = self._design_flow(self.it_power_kw * 1e3, "air", self.inlet_c, self.air_delta_t_k)
            k += self.door_dp_pa / (q * q)
        return k

    def _loop_k(self, racks: int = 1) -> float:
        """System curve of the liquid loop of ``racks`` racks in parallel on one CDU (each at ``loop_dp_pa`` at
        its design flow)."""
        q = racks * self._design_flow(
            self.it_power_kw * 1e3 * self.liquid_share, self.coolant_name, self.coolant_supply_c, self.coolant_delta_t_k
        )
        return self.loop_dp_pa / (q * q)

    @cached_property
    def cdu_racks(self) -> int:
        """Racks on the CDU pump set of this rack: ``racks_per_cdu``, else 1 where the rack's own loop meets the
        pump at OWN_PUMP_FLOW_FRACTION of run-out or more, else the fewest racks that put it at
        SHARED_PUMP_FLOW_FRACTION."""
        if self.racks_per_cdu is not None or self.liquid_share <= 0.0:
            return int(self.racks_per_cdu or 1)
        curve = self.pump_unit.curve
        rho = fluid_state(self.coolant_name, self.coolant_supply_c).density_kg_m3
        if curve.operating_point(self._loop_k(1), rho).flow_fraction >= max(OWN_PUMP_FLOW_FRACTION, curve.x_min):
            return 1
        for n in range(2, RACKS_PER_CDU_MAX + 1):
            if curve.operating_point(self._loop_k(n), rho).flow_fraction >= SHARED_PUMP_FLOW_FRACTION:
                return n
        return RACKS_PER_CDU_MAX

    @staticmethod
    def _design_flow(heat_w, fluid, t_in, dt):
        rho = fluid_state(fluid, t_in).density_kg_m3
        return stream_flow_m3_s(heat_w, rho, fluid_state(fluid, t_in + dt / 2).cp_j_per_kg_k, dt)

    def _sized_count(
        self,
        unit: DrivenMover,
        heat_w: float,
        fluid: str,
        t_in: float,
        dt: float,
        x: float | None,
        k: Callable[[int], float] | None,
    ) -> int:
        """Fewest machines that hold ``dt`` at <= 80 % speed, their own heat included (two passes); each meets
        its system at flow fraction ``x``, or where ``k(n)`` (the system curve of n machines) meets the set."""
        q_need = self._design_flow(heat_w, fluid, t_in, dt)
        rho = fluid_state(fluid, t_in).density_kg_m3
        n = 1
        for _ in range(3):
            curve = unit.curve.in_parallel(n)
            if x is not None:
                xx = x
            else:
                assert k is not None  # either a flow fraction or a system curve
                xx = curve.operating_point(k(n), rho).flow_fraction
            q_each = DESIGN_SPEED_FRACTION * min(xx, 1.0) * unit.curve.q_max_m3_s
            at = unit.curve.at_speed(DESIGN_SPEED_FRACTION * unit.curve.speed_rpm)
            pt = unit.point(at.speed_rpm, at.torque_nm(q_each, rho), t_in + dt)
            extra = pt.heat_to_stream_w if math.isfinite(pt.heat_to_stream_w) else 0.0
            n_new = max(1, math.ceil((q_need + self._design_flow(n * extra, fluid, t_in, dt)) / q_each))
            if n_new == n:
                break
            n = n_new
        return n

    def counts(self) -> dict:
        """Fans and pumps of the rack (given or sized); 0 where a side carries no heat. Sized fans are a whole
        number per server; where more are needed than fit (``fit``), ``fans_needed`` says how many and
        ``fan`` is what fits."""
        heat = self.it_power_kw * 1e3
        fans = pumps = needed = 0
        if self.liquid_share < 1.0:
            needed = self._fans_needed(heat)
            geo = self.fit()
            fans = min(needed, geo["fans_fit"]) if geo["fans_fit"] else needed
        racks = self.cdu_racks
        if self.liquid_share > 0.0:
            pumps = self.pump_count or self._sized_count(
                self.pump_unit,
                heat * self.liquid_share * racks,
                self.coolant_name,
                self.coolant_supply_c,
                self.coolant_delta_t_k,
                None,
                lambda _n: self._loop_k(racks),
            )
        return {"fan": int(fans), "pump": int(pumps), "fans_needed": int(needed), "racks_per_cdu": racks}

    def _fans_needed(self, heat: float) -> int:
        """Fans the air side needs: given (``fan_count``, or ``fans_per_server`` x servers), or sized and
        rounded up to a whole number per server."""
        if self.fan_count is not None:
            return int(self.fan_count)
        servers = self.fit()["servers"]
        if self.fans_per_server is not None:
            return int(self.fans_per_server) * servers
        n = self._sized_count(
            self.fan_unit,
            heat * (1 - self.liquid_share),
            "air",
            self.inlet_c,
            self.air_delta_t_k,
            None if self.cooling == "rdhx" else self.fan_flow_fraction,
            self._air_k if self.cooling == "rdhx" else None,
        )
        return servers * math.ceil(n / servers) if self.fit()["fans_fit"] else n

    # --- solve ----------------------------------------------------------------------------------
    def solve(self) -> RackResult:
        """Operating point of every mover: speeds that hold the design temperature rises."""
        counts = self.counts()
        return self._solve(counts, self.it_power_kw, self._system_ks(counts))

    def _system_ks(self, counts: dict) -> tuple[float, float]:
        """System curves (dp = k Q^2) of the servers and of the liquid loop: hardware, fixed by the design."""
        return (
            self._air_k(counts["fan"]) if counts["fan"] else math.nan,
            self._loop_k(counts.get("racks_per_cdu", 1)) if counts["pump"] else math.nan,
        )

    def _solve(self, counts: dict, it_kw: float, ks: tuple[float, float]) -> RackResult:
        heat = it_kw * 1e3
        air = liq = None
        if counts["fan"]:
            air = _stream(
                self.fan_unit,
                counts["fan"],
                ks[0],
                heat * (1 - self.liquid_share),
                "air",
                self.inlet_c,
                self.air_delta_t_k,
                motor_at_outlet=self.fan_position == "exhaust",
            )
        if counts["pump"]:
            racks = counts.get("racks_per_cdu", 1)
            cdu = _stream(
                self.pump_unit,
                counts["pump"],
                ks[1],
                heat * self.liquid_share * racks,
                self.coolant_name,
                self.coolant_supply_c,
                self.coolant_delta_t_k,
                motor_at_outlet=False,
            )
            liq = _rack_share(cdu, racks)
        sides = [s for s in (air, liq) if s is not None]
        bad = [s for s in sides if s.status != st.NAMES[st.OK]]
        cooling = sum(s.power_kw for s in sides)
        temps: dict[str, float] = {}
        flow: dict[str, float] = {}
        magnet: dict[str, float] = {}
        if air:
            temps.update(
                air_inlet=air.inlet_c, air_exhaust=air.outlet_c, fan_magnet=air.magnet_c, fan_winding=air.winding_c
            )
            flow.update(air_m3_s=air.flow_m3_s, fan_speed_rpm=air.speed_rpm)
            if math.isfinite(air.magnet_c):
                magnet["fan"] = air.magnet_c
        if liq:
            temps.update(
                coolant_supply=liq.inlet_c,
                coolant_return=liq.outlet_c,
                pump_magnet=liq.magnet_c,
                pump_winding=liq.winding_c,
            )
            flow.update(coolant_l_min=liq.flow_m3_s * 60000.0, pump_speed_rpm=liq.speed_rpm)
            if math.isfinite(liq.magnet_c):
                magnet["pump"] = liq.magnet_c
        status = bad[0].status if bad else st.NAMES[st.OK]
        message = bad[0].message if bad else ""
        plant = None
        if all(math.isfinite(s.heat_removed_kw) for s in sides):
            plant = self._plant_result(air, liq)
            if plant.status != st.NAMES[st.OK] and status == st.NAMES[st.OK]:
                status, message = plant.status, plant.message
        geo = self.fit()
        geo = {**geo, "fans_needed": counts.get("fans_needed", counts["fan"]), "fans": counts["fan"]}
        if geo["fans_fit"] and geo["fans_needed"] > geo["fans_fit"]:
            status = st.NAMES[st.DOES_NOT_FIT]
            message = (
                f"{geo['fans_needed']} x {self.fan_unit.curve.name} needed, {geo['fans_fit']} fit "
                f"({geo['servers']} servers of {self.server_u} U x {geo['fans_per_server_max']} fans); "
                f"the {geo['fans_fit']} that fit at full speed: {air.message if air else ''}"
            )
        it_load = it_kw + (air.power_kw if air else 0.0)
        facility = (liq.power_kw if liq else 0.0) + (plant.power_w / 1e3 if plant else math.nan)
        return RackResult(
            it_power_kw=it_kw,
            heat_removed_kw=sum(s.heat_removed_kw for s in sides),
            cooling_power_kw=cooling,
            motor_heat_kw=sum(s.motor_heat_kw for s in sides),
            ppue=(it_load + facility) / it_load,
            status=status,
            deficit_kw=sum(s.deficit_kw for s in sides) + (plant.deficit_w / 1e3 if plant else 0.0),
            air=air,
            liquid=liq,
            flow=flow,
            temps=temps,
            magnet_c=magnet,
            fit=geo,
            plant=plant,
            message=message,
            racks_per_cdu=counts.get("racks_per_cdu", 1),
        )

    def _plant_result(self, air: StreamResult | None, liq: StreamResult | None) -> PlantResult:
        """The plant serving the solved streams: the exhaust air's heat to the CRAHs, the coolant's to the CDU."""
        plant = self.serving_plant
        tcs, approach = math.nan, math.nan
        if liq is not None:
            design = self.it_power_kw * 1e3 * self.liquid_share
            tcs, approach = plant.cdu(liq.heat_removed_kw * 1e3, self.coolant_name, liq.flow_m3_s, design)
        # movers' losses that do not reach their stream (a drive outside the housing) heat the room air
        room = sum(s.power_kw - s.motor_heat_kw for s in (air, liq) if s is not None) * 1e3
        return plant.serve(
            (air.heat_removed_kw * 1e3 if air else 0.0) + room,
            air.flow_m3_s if air else 0.0,
            self.inlet_c,
            liq.heat_removed_kw * 1e3 if liq else 0.0,
            tcs,
            approach,
        )

    @validate(
        air_delta_t_k=Number(0.0, 100.0, lo_open=True, unit="K", optional=True),
        coolant_delta_t_k=Number(0.0, 100.0, lo_open=True, unit="K", optional=True),
        rel_tol=Number(1e-9, 0.1),
    )
    def max_it_power_kw(
        self, air_delta_t_k: float | None = None, coolant_delta_t_k: float | None = None, rel_tol: float = 1e-4
    ) -> float:
        """Largest IT power this rack's fan and pump set (counts fixed at the design) removes at full
        speed within the temperature rises (default: the design rises), with every motor in range."""
        counts = self.counts()
        ks = self._system_ks(counts)
        rack = replace(
            self,
            air_delta_t_k=self.air_delta_t_k if air_delta_t_k is None else air_delta_t_k,
            coolant_delta_t_k=self.coolant_delta_t_k if coolant_delta_t_k is None else coolant_delta_t_k,
            fan_count=counts["fan"] or None,
            pump_count=counts["pump"] or None,
        )
        lo, hi = 0.0, self.it_power_kw
        while rack._solve(counts, hi, ks).status == "ok":
            lo, hi = hi, 2 * hi
            if hi > 1e3 * self.it_power_kw:
                raise MagphysValueError("it_power_kw", hi, "a finite limit (the movers never run out)")
        while hi - lo > rel_tol * hi:
            mid = 0.5 * (lo + hi)
            if mid > 0 and rack._solve(counts, mid, ks).status == "ok":
                lo = mid
            else:
                hi = mid
        return lo
