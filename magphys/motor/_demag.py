"""Worst-case demagnetization of a motor's magnets: stall current and terminal short circuit at the
hottest steady magnet temperature."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import MagphysValueError
from ..kernels import constants as c
from ..kernels import layout as L
from ..kernels import status as st
from ..kernels.constants import ZERO_C_K
from ..kernels.demag import load_line, recoil_load_field
from ..kernels.motor import armature_field_per_amp, flux_at, permeance_coefficient, short_circuit_current


@dataclass(frozen=True)
class DemagCase:
    """One demagnetizing event: current, field, operating point and what it costs."""

    event: str
    current_a: float
    h_applied_a_per_m: float
    h_operating_a_per_m: float  # reverse field in the magnet at the operating point
    hk_a_per_m: float  # knee field of the magnet at its temperature
    margin_a_per_m: float  # hk - h_operating (< 0: past the knee)
    irreversible_loss: float


@dataclass(frozen=True)
class DemagCheck:
    motor: str
    magnet: str
    ambient_c: float
    magnet_temp_c: float
    pc: float
    stall: DemagCase
    short_circuit: DemagCase
    loss_limit: float

    @property
    def worst(self) -> DemagCase:
        return max((self.stall, self.short_circuit), key=lambda k: (k.irreversible_loss, -k.margin_a_per_m))

    @property
    def passed(self) -> bool:
        return self.worst.irreversible_loss <= self.loss_limit


def demag_check(
    motor, ambient_c: float, speed_rpm: float | None = None, event_s: float = 60.0, loss_limit: float = 0.01
) -> DemagCheck:
    """Magnet temperature from the steady rated operating point at ``ambient_c`` (the hottest normal
    state), then two events held for ``event_s``: stall at the current limit and a three-phase
    terminal short circuit at ``speed_rpm`` (default 1.2 x rated), each with the whole current on the
    demagnetizing d axis."""
    rp = motor.rated_point()
    op = motor.operating_point(rp["speed_rpm"], rp["torque_nm"], ambient_c)
    if op.status != st.NAMES[st.OK]:
        raise MagphysValueError(
            "ambient_c",
            ambient_c,
            "a temperature at which the rated point is steady",
            f"the rated point is '{op.status}'",
        )
    t_mag = op.temp_c["magnet"]
    t_wdg = op.temp_c["winding"]
    mag = motor.magnet
    rec = motor.record
    mu_rec = float(mag.record[L.R_MU_REC])
    pc = permeance_coefficient(rec)
    h_per_a = armature_field_per_amp(rec)
    br, _, kt = flux_at(rec, mag.record, t_mag + ZERO_C_K)
    speed = 1.2 * rp["speed_rpm"] if speed_rpm is None else float(speed_rpm)
    i_sc = short_circuit_current(rec, kt, mu_rec, speed, t_wdg + ZERO_C_K)
    hk = float(mag.properties([t_mag]).hk_a_per_m[0])
    cr = (mu_rec - 1.0) * c.MU0

    def case(event, current):
        ha = h_per_a * current
        h_op = recoil_load_field(br, cr, *load_line(pc, ha))  # on the recoil line
        loss = mag.irreversible_loss(t_mag, pc=pc, h_applied_a_per_m=ha, exposure_h=event_s / 3600.0)
        return DemagCase(event, float(current), float(ha), float(h_op), hk, hk - h_op, loss)

    return DemagCheck(
        motor=motor.name,
        magnet=mag.name,
        ambient_c=float(ambient_c),
        magnet_temp_c=t_mag,
        pc=pc,
        stall=case("stall at the current limit", motor.design.current_limit_a),
        short_circuit=case(f"three-phase short circuit at {speed:g} rpm", i_sc),
        loss_limit=float(loss_limit),
    )
