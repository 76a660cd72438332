"""Magnet-free baseline: an IE-class induction motor on the same drive and in the same architecture.

Rated efficiency from IEC 60034-30-1 (2, 4 and 6 poles, 50 Hz; interpolated in log power between the
tabulated ratings); IE5 with losses 20 % below IE4 (IEC TS 60034-30-2; R). Part load and speed: losses split
into a constant part (iron, friction and windage) that scales with speed and a part growing with the square of
the torque (stator and rotor copper, stray load); the constant share CONSTANT_LOSS_SHARE = 0.3 of the rated
losses is typical of the loss segregation of IEC 60034-2-1 tests on 1-30 kW motors (iron 15-25 %, friction and
windage 5-10 %; E). On a drive the motor is fed at V/f from the same drive model as a PM motor
(kernels/drive.py); a canned motor adds the can's eddy loss and the fluid friction of its wet rotor, with the
kernels' formulas (kernels/motor.py ``gap_losses``) on the induction rotor of its frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np

from .._gate import Choice, Integer, Number, validate
from ..errors import MagphysValueError
from ..kernels import layout as L
from ..kernels.drive import inverter_loss_w, supply_loss_w
from ..kernels.motor import gap_losses
from ..materials._fluids import fluid_state
from ..materials._tables import read_csv
from ._generate import drive_for, environment_can, frame_shaft_height_mm, supply_kind

CONSTANT_LOSS_SHARE = 0.3
RATED_SLIP = 0.03  # E: rated slip of small IE3/IE4 motors (2-5 %)
POWER_FACTOR = 0.8  # R: cos phi of 0.5-30 kW IE3 motors at rated load, 0.75-0.87
IM_GAP_B1_T = 0.8  # R: air-gap flux density of induction motors 0.7-0.9 T (Pyrhonen et al., Table 6.1)
IM_SHEAR_PA = 10e3  # R: integral-hp industrial motors sigma 3.5-15 kPa (Hendershot & Miller 1994, TRV / 2)
IM_SPLIT = 0.55  # R: bore / stator diameter of 2-6 pole induction motors 0.5-0.65
LAMINATION_PER_H = 1.55  # E: stator lamination diameter / shaft height of IEC frames
CANS = 2.0  # E: a canned induction motor has a stator can and a rotor can, both in the rotating field
POLES = (2, 4, 6)
RATING_MARGIN = 0.02


@cache
def _table() -> dict:
    return {(float(r["p_kw"]), int(r["poles"])): r for r in read_csv("ie_efficiency_50hz.csv")}


def ratings() -> list[float]:
    """The IEC 60034-30-1 ratings, kW."""
    return sorted({k[0] for k in _table()})


def ie_efficiency(p_kw: float, ie_class: str = "IE3", poles: int = 4) -> float:
    """Nominal efficiency (0..1) of the class at rating p_kw (0.12-30 kW) for 2, 4 or 6 poles."""
    cls = str(ie_class).upper()
    if cls not in ("IE3", "IE4", "IE5"):
        raise MagphysValueError("ie_class", ie_class, "'IE3', 'IE4' or 'IE5'")
    if poles not in POLES:
        raise MagphysValueError("poles", poles, "2, 4 or 6")
    t = _table()
    p = np.array(ratings())
    if not (p[0] <= p_kw <= p[-1]):
        raise MagphysValueError("rated_kw", p_kw, f"{p[0]}..{p[-1]} kW (IEC 60034-30-1 table)")
    col = "ie3_pct" if cls == "IE3" else "ie4_pct"
    eta = np.array([float(t[(k, poles)][col]) for k in p]) / 100.0
    e = float(np.interp(math.log(p_kw), np.log(p), eta))
    if cls == "IE5":
        return 1.0 / (1.0 + 0.8 * (1.0 / e - 1.0))
    return e


@dataclass(frozen=True)
class InductionMotor:
    """A magnet-free motor for substitution studies (no magnet, no demagnetization risk)."""

    rated_kw: float
    ie_class: str = "IE3"
    poles: int = 4

    @property
    def name(self) -> str:
        """Label with class, poles and rating."""
        return f"induction_{self.ie_class.lower()}_{self.poles}p_{self.rated_kw:g}kw"

    @property
    def rated_efficiency(self) -> float:
        """Nominal efficiency of the class at the rating (IEC 60034-30-1)."""
        return ie_efficiency(self.rated_kw, self.ie_class, self.poles)

    @property
    def rated_speed_rpm(self) -> float:
        """Rated speed at 50 Hz: synchronous speed less the rated slip."""
        return 6000.0 / self.poles * (1 - RATED_SLIP)

    def rated_point(self) -> dict:
        """Rated speed, torque and a 40 degC medium."""
        speed = self.rated_speed_rpm
        return dict(speed_rpm=speed, torque_nm=self.rated_kw * 1e3 / (speed * 2 * math.pi / 60), ambient_c=40.0)

    def losses_w(self, torque_nm: float, speed_rpm: float) -> float:
        """Motor losses at (torque, speed) on V/f: the constant part ~ speed, the load part ~ torque^2."""
        rp = self.rated_point()
        p_r = self.rated_kw * 1e3
        loss_r = p_r * (1 / self.rated_efficiency - 1)
        t = torque_nm / rp["torque_nm"]
        return loss_r * (CONSTANT_LOSS_SHARE * speed_rpm / rp["speed_rpm"] + (1 - CONSTANT_LOSS_SHARE) * t * t)

    def efficiency_at(self, load: float) -> float:
        """Efficiency at a fraction ``load`` of rated torque at the rated speed."""
        if not (0 < load <= 1.5):
            raise MagphysValueError("load", load, "0 < load <= 1.5 of rated power")
        rp = self.rated_point()
        p = load * self.rated_kw * 1e3
        return p / (p + self.losses_w(load * rp["torque_nm"], rp["speed_rpm"]))


@validate(
    rated_kw=Number(0.0, None, lo_open=True, unit="kW"),
    ie_class=Choice(("IE3", "IE4", "IE5")),
    poles=Integer(2, 6),
)
def induction_reference(rated_kw: float, ie_class: str = "IE3", poles: int = 4) -> InductionMotor:
    """The magnet-free reference: an induction motor of ``rated_kw`` at its IEC 60034-30-1 class efficiency
    (0.12-30 kW; 2, 4 or 6 poles)."""
    m = InductionMotor(rated_kw, ie_class, poles)
    _ = m.rated_efficiency  # validates rating and class
    return m


@dataclass(frozen=True)
class InductionSystem:
    """An induction motor and its drive at a duty: powers in W."""

    motor: InductionMotor
    shaft_power_w: float
    motor_loss_w: float
    canned_loss_w: float  # can eddy loss and wet-rotor friction (0 for a dry motor)
    drive_loss_w: float
    input_power_w: float

    @property
    def efficiency(self) -> float:
        """Shaft power over input power, drive included."""
        return self.shaft_power_w / self.input_power_w

    @property
    def motor_efficiency(self) -> float:
        """Shaft power over the motor's input."""
        return self.shaft_power_w / (self.input_power_w - self.drive_loss_w)

    @property
    def drive_efficiency(self) -> float:
        """The motor's input over the drive's input."""
        return (self.input_power_w - self.drive_loss_w) / self.input_power_w


def poles_for(speed_rpm: float) -> int:
    """The largest pole count whose rated 50 Hz speed reaches the duty speed (no field weakening); 2 poles
    above that (a 2-pole motor on a drive above 50 Hz)."""
    for p in reversed(POLES):
        if 6000.0 / p * (1 - RATED_SLIP) >= speed_rpm:
            return p
    return 2


def poles_nearest(speed_rpm: float) -> int:
    """The pole count whose 50 Hz synchronous speed is nearest the duty speed (log scale): the speed class of
    IEC 60034-30-1 a motor at that speed is compared with."""
    return min(POLES, key=lambda p: abs(math.log(6000.0 / p / speed_rpm)))


def _canned_loss_w(
    motor: InductionMotor, speed_rpm: float, gap_m: float, can_m: float, can_sigma: float, coolant, temp_c
):
    """Can eddy loss (stator and rotor cans) and wet-rotor friction of a canned induction motor of the frame of
    its rating (kernels/motor.py gap_losses on the induction rotor)."""
    h_mm = frame_shaft_height_mm(motor.rated_kw, motor.poles)
    r = 0.5 * IM_SPLIT * LAMINATION_PER_H * h_mm * 1e-3
    stack = motor.rated_point()["torque_nm"] / (2 * math.pi * r * r * IM_SHEAR_PA)
    fl = fluid_state(coolant, temp_c)
    rec = np.zeros(L.N_MOTOR)
    rec[L.P_POLE_PAIRS] = motor.poles / 2
    rec[L.P_R_GAP_M] = r
    rec[L.P_GAP_M] = gap_m
    rec[L.P_STACK_M] = stack
    rec[L.P_POLE_ARC] = 1.0
    rec[L.P_FLUID_RHO] = fl.density_kg_m3
    rec[L.P_FLUID_NU] = fl.kinematic_viscosity_m2_s
    rec[L.P_CAN_T_M] = can_m
    rec[L.P_CAN_SIGMA] = can_sigma
    bg = IM_GAP_B1_T * math.pi / 4  # gap_losses takes the flat-top B_g whose fundamental is B_1 at pole arc 1
    _fe, _mag, _bear, wind, can = gap_losses(rec, bg, speed_rpm * math.pi / 30, 0.0)
    return wind + CANS * can


def induction_for(
    shaft_power_w: float,
    speed_rpm: float,
    supply: str,
    topology: str,
    ie_class: str = "IE3",
    coolant: str = "water",
    coolant_c: float = 40.0,
) -> InductionSystem:
    """The like-for-like magnet-free motor of a duty: the pole count its speed needs, the IEC rating that gives
    the duty's torque at its rated speed, fed at V/f by the same drive model as the PM motor on ``supply``
    (kernels/drive.py), canned where the duty's topology is."""
    if supply_kind(supply) == "dc":
        raise MagphysValueError("supply", supply, "a mains supply (an induction motor does not run on a DC fan supply)")
    poles = poles_for(speed_rpm)
    n_r = 6000.0 / poles * (1 - RATED_SLIP)
    torque = shaft_power_w / (speed_rpm * math.pi / 30)
    need_kw = torque * max(n_r, speed_rpm) * math.pi / 30 / 1e3
    # a rating within 2 % of the need is taken (E: the service margin of a motor run at its nameplate)
    rating = next((p for p in ratings() if p >= need_kw * (1 - RATING_MARGIN)), None)
    if rating is None:
        raise MagphysValueError(
            "shaft_power_w", shaft_power_w, f"a duty within the IEC 60034-30-1 ratings (<= {ratings()[-1]} kW)"
        )
    if need_kw < 0.5 * ratings()[0]:
        raise MagphysValueError(
            "shaft_power_w",
            shaft_power_w,
            "a duty of >= half the smallest IEC 60034-30-1 rating (0.12 kW); smaller induction motors (shaded-pole, "
            "PSC) have no IE class and no sourced efficiency here",
        )
    motor = InductionMotor(rating, ie_class, poles)
    loss_m = motor.losses_w(torque, speed_rpm)
    canned = 0.0
    if topology == "canned":
        gap_m, can_m, sigma = environment_can(shaft_power_w)
        canned = _canned_loss_w(motor, speed_rpm, gap_m, can_m, sigma, coolant, coolant_c)
    p_motor_in = shaft_power_w + loss_m + canned
    drv = drive_for(supply, rating * 1e3)
    v_ph = drv.dc_bus_v / math.sqrt(6.0) * 0.95 * min(1.0, speed_rpm / n_r)
    current = p_motor_in / (3 * v_ph * POWER_FACTOR)
    p_inv = inverter_loss_w(drv.r_on_ohm, drv.switching_w_per_a, drv.fixed_w, current)
    p_dc = p_motor_in + p_inv
    p_drive = p_inv + supply_loss_w(p_dc, drv.dc_bus_v, drv.rect_drop_v, drv.pfc_loss_frac)
    return InductionSystem(motor, shaft_power_w, loss_m, canned, p_drive, p_motor_in + p_drive)
