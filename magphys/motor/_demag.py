"""Demagnetization of a motor's magnets in the events a cooling motor meets: a stall at the drive's overload
current and a sudden short circuit until the drive's protection trips, each at the coldest and the hottest
magnet (kernels/search.py: ``event_losses``, the same events the sizing search checks)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import MagphysValueError
from ..kernels import constraints as bc
from ..kernels import layout as L
from ..kernels import status as st
from ..kernels.constants import ZERO_C_K
from ..kernels.demag import load_line, recoil_load_field
from ..kernels.intrinsic import recoil_slope_at
from ..kernels.motor import armature_field_per_amp, flux_at, permeance_coefficient
from ..kernels.search import event_currents, event_losses


@dataclass(frozen=True)
class DemagCase:
    """One demagnetizing event: current, field, operating point and what it costs."""

    event: str
    magnet_c: float
    current_a: float
    hold_s: float
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
    cold_c: float
    magnet_temp_c: float  # the hottest magnet: the steady rated point in the hot medium
    pc: float
    cases: tuple[DemagCase, ...]
    loss_limit: float

    @property
    def worst(self) -> DemagCase:
        """The event that sets the margin (the largest loss; the smallest knee margin among equals)."""
        return max(self.cases, key=lambda k: (k.irreversible_loss, -k.margin_a_per_m))

    def case(self, event: str, hot: bool) -> DemagCase:
        """The 'stall' or 'short circuit' case at the hottest (``hot``) or coldest magnet."""
        names = [k for k in self.cases if k.event.startswith(event) and (k.event.endswith("hottest magnet") == hot)]
        if not names:
            raise MagphysValueError("event", event, "'stall' or 'short circuit'")
        return names[0]

    @property
    def stall(self) -> DemagCase:
        """The stall at the hottest magnet."""
        return self.case("stall", True)

    @property
    def short_circuit(self) -> DemagCase:
        """The short circuit at the hottest magnet."""
        return self.case("short circuit", True)

    @property
    def passed(self) -> bool:
        return self.worst.irreversible_loss <= self.loss_limit


def demag_check(
    motor,
    ambient_c: float,
    cold_c: float | None = None,
    stall_s: float | None = None,
    trip_s: float | None = None,
    loss_limit: float | None = None,
) -> DemagCheck:
    """The magnet's hottest state from the steady rated point with the medium at ``ambient_c``, its coldest at
    rest in the medium at ``cold_c`` (default min(ambient, 15 C)); in each, a stall at the drive's overload
    current (1.5 x the rated-point current: a drive parameterised from the nameplate) held ``stall_s`` and a
    sudden three-phase short circuit at the rated speed until the protection trips after ``trip_s`` (defaults:
    magphys/data/motor_generation.toml), the whole current on the demagnetizing d axis."""
    from ._generate import rules

    common = rules()["common"]
    cold = min(ambient_c, common["cold_c"]) if cold_c is None else float(cold_c)
    stall = common["stall_s"] if stall_s is None else float(stall_s)
    trip = common["trip_s"] if trip_s is None else float(trip_s)
    limit = common["loss_limit"] if loss_limit is None else float(loss_limit)
    rp = motor.rated_point()
    op = motor.operating_point(rp["speed_rpm"], rp["torque_nm"], ambient_c)
    if op.status != st.NAMES[st.OK]:
        raise MagphysValueError(
            "ambient_c",
            ambient_c,
            "a temperature at which the rated point is steady",
            f"the rated point is '{op.status}'",
        )
    mag = motor.magnet
    rec = motor.record
    t_hot = op.temp_c["magnet"] + ZERO_C_K
    t_w_hot = op.temp_c["winding"] + ZERO_C_K
    t_cold = max(cold + ZERO_C_K, float(mag.record[L.R_T_MIN_K]))
    speed = rp["speed_rpm"]
    i_lim = op.current_a  # the drive's limit is set from the motor's rated current
    sc_peak = common["sc_peak"]
    i_stall, i_sc_cold = event_currents(rec, mag.record, t_cold, t_cold, speed, i_lim, trip, sc_peak)
    _, i_sc_hot = event_currents(rec, mag.record, t_hot, t_w_hot, speed, i_lim, trip, sc_peak)
    losses = event_losses(rec, mag.record, t_cold, t_hot, i_stall, i_sc_cold, i_sc_hot, stall, trip)
    pc = permeance_coefficient(rec)
    h_per_a = armature_field_per_amp(rec)
    hk = mag.properties([t_cold - ZERO_C_K, t_hot - ZERO_C_K]).hk_a_per_m.values

    def case(event, t_k, hk_t, current, hold, loss):
        br = flux_at(rec, mag.record, t_k)[0]
        ha = h_per_a * current
        h_op = recoil_load_field(br, recoil_slope_at(mag.record, t_k), *load_line(pc, ha))
        return DemagCase(
            event,
            t_k - ZERO_C_K,
            float(current),
            hold,
            float(ha),
            float(h_op),
            float(hk_t),
            float(hk_t - h_op),
            float(loss),
        )

    cases = (
        case(bc.EVENTS[bc.EV_STALL_COLD], t_cold, hk[0], i_stall, stall, losses[0]),
        case(bc.EVENTS[bc.EV_STALL_HOT], t_hot, hk[1], i_stall, stall, losses[1]),
        case(bc.EVENTS[bc.EV_SHORT_COLD], t_cold, hk[0], i_sc_cold, trip, losses[2]),
        case(bc.EVENTS[bc.EV_SHORT_HOT], t_hot, hk[1], i_sc_hot, trip, losses[3]),
    )
    return DemagCheck(
        motor=motor.name,
        magnet=mag.name,
        ambient_c=float(ambient_c),
        cold_c=t_cold - ZERO_C_K,
        magnet_temp_c=t_hot - ZERO_C_K,
        pc=pc,
        cases=cases,
        loss_limit=limit,
    )
