"""A fan or pump together with what drives it: the motor model (magnet temperature, losses) or a
lumped motor-and-drive efficiency. Its electrical input and the heat it leaves in the stream."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .._gate import Instance, Number, validate
from ..errors import MagphysValueError
from ..kernels import status as st
from ..kernels.mover import mover_torque_nm
from ..kernels.rack import SERVER_U, fans_fit, mover_rack, stream_heat_w
from ..materials._fluids import fluid_state
from ..motor import Motor, reference, reference_names
from ..motor._design import reference_design
from ..motor._motor import _to_point, run_operating_points
from ._curves import MoverCurve
from ._fans import DATASHEET_AIR_C, FanCurve, fan
from ._pumps import PumpCurve, pump, viscous_pump

# A lumped motor+drive efficiency below 1 % describes no motor, and dividing a shaft power by a vanishing one
# overflows; the lumped models take 0.01-1.
MOTOR_EFFICIENCY_MIN = 0.01


@dataclass(frozen=True)
class MoverPoint:
    """One machine of a set at one duty: powers in W, temperatures in degC."""

    speed_rpm: float
    torque_nm: float
    shaft_power_w: float
    input_power_w: float
    heat_to_stream_w: float
    magnet_c: float
    winding_c: float
    status: int


@dataclass(frozen=True)
class MoverDuty:
    """A mover at a fixed speed in a fixed system, serving racks at a design temperature rise: what one
    machine moves and draws, the IT heat it serves, and the rack that follows (powers in W or kW)."""

    point: MoverPoint
    flow_m3_s: float
    pressure_pa: float
    it_per_mover_w: float  # rho Q cp dT less the mover's own heat
    movers_per_rack: float  # continuous: rack IT / it_per_mover_w
    rack_cooling_kw: float
    rack_heat_removed_kw: float  # IT + the movers' heat = movers x rho Q cp dT
    ppue: float
    status: int


@dataclass(frozen=True)
class DrivenMover:
    """``curve`` (one machine) driven by ``motor``, by a lumped motor+drive ``motor_efficiency``, or, with
    neither, by the curve's own input model (``FanCurve.input_power_w``: a small fan's datasheet-calibrated
    motor efficiency and no-load draw). Without a motor every input watt ends in the stream and no magnet
    temperature exists."""

    curve: MoverCurve
    motor: Motor | None = None
    motor_efficiency: float | None = None

    def __post_init__(self):
        if self.motor is None and self.motor_efficiency is None and not hasattr(self.curve, "input_power_w"):
            raise MagphysValueError("motor/motor_efficiency", None, "a Motor or an efficiency in (0, 1]")
        if self.motor_efficiency is not None and not (MOTOR_EFFICIENCY_MIN <= self.motor_efficiency <= 1):
            raise MagphysValueError(
                "motor_efficiency", self.motor_efficiency, f"{MOTOR_EFFICIENCY_MIN} <= efficiency <= 1"
            )

    @property
    def label(self) -> str:
        if self.motor_efficiency is not None:
            return f"efficiency {self.motor_efficiency:g}"
        if self.motor is None:
            return f"{self.curve.name} input model"
        return self.motor.name

    def point(self, speed_rpm: float, torque_nm: float, medium_c: float) -> MoverPoint:
        """Steady duty of one machine at (speed, shaft torque) with its motor cooled by ``medium_c``."""
        shaft = torque_nm * speed_rpm * math.pi / 30.0
        if self.motor is None:
            if self.motor_efficiency is not None:
                p_in = shaft / self.motor_efficiency
            else:
                p_in = self.curve.input_power_w(shaft * self.curve.machines) / self.curve.machines  # type: ignore[attr-defined]
            return MoverPoint(speed_rpm, torque_nm, shaft, p_in, p_in, math.nan, math.nan, st.OK)
        out, status = run_operating_points(
            self.motor.record[None, :], self.motor.magnet.record[None, :], [0], [0], speed_rpm, torque_nm, medium_c
        )
        code = int(status[0])
        if code not in (st.OK, st.NOT_CONVERGED):
            return MoverPoint(speed_rpm, torque_nm, shaft, math.nan, math.nan, math.nan, math.nan, code)
        op = _to_point(out[0], code, speed_rpm, torque_nm, medium_c)
        # shaft work ends as heat in the stream (friction in the servers or the loop); the motor's losses
        # reach it through the thermal network (a drive outside the housing heats the room instead)
        return MoverPoint(
            speed_rpm,
            torque_nm,
            shaft,
            op.input_power_w,
            shaft + op.heat_to_coolant_w,
            op.temp_c["magnet"],
            op.temp_c["winding"],
            code,
        )

    def duty(
        self,
        speed_rpm: float,
        flow_fraction: float,
        inlet_c: float,
        delta_t_k: float,
        rack_it_kw: float,
        fluid: str = "air",
        at_outlet: bool = True,
        rack_u: int | None = None,
        server_u: int = SERVER_U,
    ) -> MoverDuty:
        """One machine at ``speed_rpm`` where the system curve meets it at ``flow_fraction`` of free delivery,
        its stream entering at ``inlet_c`` and rising ``delta_t_k``; the motor sits in the heated stream
        if ``at_outlet``. Density at the inlet, cp at the mean stream temperature (as Rack.solve).

        With ``rack_u`` (a fan with a frame): more fans than the rack's servers of ``server_u`` hold
        (kernels/rack.py ``fans_fit``, as Rack.fit) is status DOES_NOT_FIT, the values kept: they say what
        the duty needs."""
        if not self.curve.x_min <= flow_fraction <= self.curve.x_max:
            raise MagphysValueError(
                "flow_fraction",
                flow_fraction,
                f"{self.curve.x_min}-{self.curve.x_max} (the valid branch of {self.curve.name})",
            )
        for name, v in (("speed_rpm", speed_rpm), ("delta_t_k", delta_t_k), ("rack_it_kw", rack_it_kw)):
            if not (math.isfinite(v) and v > 0):
                raise MagphysValueError(name, v, "> 0")
        rho = fluid_state(fluid, inlet_c).density_kg_m3
        cp = fluid_state(fluid, inlet_c + 0.5 * delta_t_k).cp_j_per_kg_k
        q, p_s, shaft = self.curve.duty(speed_rpm, flow_fraction, rho)
        torque = mover_torque_nm(shaft, speed_rpm, self.curve.machines)
        pt = self.point(speed_rpm, torque, inlet_c + (delta_t_k if at_outlet else 0.0))
        carried = stream_heat_w(rho, q, cp, delta_t_k)
        served, movers, cooling_w, heat_w, ppue = mover_rack(
            carried, pt.heat_to_stream_w, pt.input_power_w, rack_it_kw * 1e3
        )
        ok = pt.status in (st.OK, st.NOT_CONVERGED) and served > 0
        if not ok:
            movers = cooling_w = heat_w = ppue = math.nan
        status = pt.status if pt.status not in (st.OK, st.NOT_CONVERGED) or ok else st.OUT_OF_RANGE
        frame = getattr(self.curve, "frame_mm", math.nan)
        if rack_u is not None and ok and math.isfinite(frame):
            servers, per = fans_fit(rack_u, server_u, frame)
            if movers > servers * per:
                status = st.DOES_NOT_FIT
        return MoverDuty(
            pt,
            q,
            p_s,
            served,
            movers,
            cooling_w / 1e3,
            heat_w / 1e3,
            ppue,
            status,
        )


def _motor_for_fan(curve: FanCurve) -> str | None:
    for name in reference_names():
        if reference_design(name).fan_model == curve.name:
            return name
    return None


def datasheet_efficiency(curve: FanCurve) -> float:
    """Motor+drive efficiency implied by a fan's datasheet: the fan model's shaft power at free delivery
    in 25 degC air over the rated input power (below the input model's efficiency by the no-load draw)."""
    rho = fluid_state("air", DATASHEET_AIR_C).density_kg_m3
    eta = curve.shaft_power_w(curve.free_flow_m3_s, rho) / curve.rated_power_w
    if not (0.05 < eta < 0.95):
        raise MagphysValueError(
            "fan",
            curve.name,
            f"a datasheet whose rated input fits the fan model (implied motor efficiency {eta:.2f} outside 0.05-0.95)",
        )
    return eta


@validate(
    motor=Instance(Motor, "a magphys.motor.Motor", optional=True),
    motor_efficiency=Number(MOTOR_EFFICIENCY_MIN, 1.0, optional=True),
)
def fan_unit(fan_name, motor: Motor | None = None, motor_efficiency: float | None = None) -> DrivenMover:
    """A library fan with its motor: ``motor`` if given, else the reference motor built for it, else the
    fan's own input model (calibrated on its rated input: ``FanCurve.input_power_w``)."""
    curve = fan(fan_name)
    if motor is None and motor_efficiency is None:
        ref = _motor_for_fan(curve)
        if ref is not None:
            motor = reference(ref)
    return DrivenMover(curve, motor, motor_efficiency)


@validate(
    motor=Instance(Motor, "a magphys.motor.Motor", optional=True),
    motor_efficiency=Number(MOTOR_EFFICIENCY_MIN, 1.0, optional=True),
    coolant_c=Number(-20.0, 120.0, unit="degC", optional=True),
)
def pump_unit(
    pump_name,
    motor: Motor | None = None,
    motor_efficiency: float | None = None,
    coolant: str | None = None,
    coolant_c: float | None = None,
) -> DrivenMover:
    """A library pump with its reference motor, or for a measured pump its measured input (or ``motor`` / a
    lumped ``motor_efficiency``). With ``coolant`` (a name of magphys.materials FLUIDS) at ``coolant_c``
    (default 40 degC) its water curve is corrected for the liquid's viscosity (ANSI/HI 9.6.7,
    ``viscous_pump``)."""
    curve = pump(pump_name)
    if motor is None and motor_efficiency is None and curve.motor:
        motor = reference(curve.motor)
    if coolant is not None:
        t = 40.0 if coolant_c is None else float(coolant_c)
        curve = viscous_pump(curve, fluid_state(coolant, t).kinematic_viscosity_m2_s)
    return DrivenMover(curve, motor, motor_efficiency)


__all__ = ["DrivenMover", "MoverDuty", "MoverPoint", "PumpCurve", "datasheet_efficiency", "fan_unit", "pump_unit"]
