"""A motor calibrated to a datasheet: a generated design at the rated point, rewound to the datasheet's torque
constant and phase resistance, its core scaled to the no-load loss."""

from __future__ import annotations

import math

from .._gate import Choice, Instance, Number, Text, validate
from ..errors import MagphysValueError
from ..kernels import layout as L
from ..kernels.constants import T_20C_K
from ..kernels.motor import flux_at, synchronous_inductance
from ..magnets import Magnet
from ._design import TOPOLOGIES, MotorDesign
from ._generate import design_for, drive_for
from ._motor import Motor

KE_TO_KT = 3.0 / math.sqrt(3.0) / (1000.0 * 2.0 * math.pi / 60.0)
"""N m/A rms per (V rms line-to-line per 1000 rpm) of a three-phase wye motor: K_t = 3 (K_e / sqrt 3) / omega_1000."""
KT_KE_AGREEMENT = 0.05  # K_t and K_e given together must agree within this fraction
NO_LOAD_RTOL = 1e-6  # the iron-loss iteration's stop: no-load loss matched to this fraction


def _kt_of(kt_nm_per_a: float | None, ke_v_per_krpm: float | None) -> tuple[float, str]:
    """The datasheet's K_t (N m/A rms) and the parameter it came from; K_t and K_e must agree."""
    if kt_nm_per_a is None and ke_v_per_krpm is None:
        raise MagphysValueError(
            "kt_nm_per_a/ke_v_per_krpm", None, "K_t or K_e (or both, agreeing within 5 %)", "the datasheet needs one"
        )
    if ke_v_per_krpm is None:
        return float(kt_nm_per_a), "kt_nm_per_a"  # type: ignore[arg-type]
    kt_ke = ke_v_per_krpm * KE_TO_KT
    if kt_nm_per_a is None:
        return kt_ke, "ke_v_per_krpm"
    if abs(kt_nm_per_a / kt_ke - 1.0) > KT_KE_AGREEMENT:
        raise MagphysValueError(
            "kt_nm_per_a",
            kt_nm_per_a,
            f"within 5 % of K_t = 3 (K_e / sqrt 3) / (1000 rpm in rad/s) = {kt_ke:.4g} N m/A rms from "
            f"ke_v_per_krpm = {ke_v_per_krpm:g} V rms line-to-line per 1000 rpm",
            "the datasheet contradicts itself (is K_e a phase or a peak value?)",
        )
    return float(kt_nm_per_a), "kt_nm_per_a"


def _check_datasheet(
    rated_power_w: float, speed_rpm: float, kt: float, kt_name: str, r_phase_ohm: float, supply: str
) -> None:
    """Raise for a datasheet that contradicts itself or its supply, before any search runs."""
    omega = speed_rpm * math.pi / 30.0
    current = rated_power_w / omega / kt
    p_cu = 3.0 * current**2 * r_phase_ohm
    if p_cu >= rated_power_w:
        raise MagphysValueError(
            "r_phase_ohm",
            r_phase_ohm,
            f"< {rated_power_w / (3.0 * current**2):.4g} Ohm",
            f"the datasheet contradicts itself: at the rated current T / K_t = {current:.4g} A rms the copper loss "
            f"3 I^2 R = {p_cu:.4g} W is not below the rated power {rated_power_w:g} W",
        )
    v_max = drive_for(supply, rated_power_w).dc_bus_v / math.sqrt(6.0)
    e_ph = kt * omega / 3.0
    if e_ph > v_max:
        raise MagphysValueError(
            kt_name,
            kt if kt_name == "kt_nm_per_a" else kt / KE_TO_KT,
            f"a constant whose back-EMF at {speed_rpm:g} rpm fits the {supply} supply "
            f"(K_t <= {3.0 * v_max / omega:.4g} N m/A rms)",
            f"the phase back-EMF K_t omega / 3 = {e_ph:.4g} V rms exceeds the drive's V_dc / sqrt(6) = {v_max:.4g} V "
            "(no field weakening)",
        )


def _kt20(motor: Motor) -> float:
    return float(flux_at(motor.record, motor.magnet.record, T_20C_K)[2])


def _rewound(motor: Motor, kt: float, r_phase_ohm: float) -> tuple[MotorDesign, list[str]]:
    """Turns scaled (rounded) to the datasheet's K_t at 20 degC, the wire to its R at 20 degC exactly."""
    d = motor.design
    kt0 = _kt20(motor)
    n0 = float(d.turns_per_phase)
    n1 = float(round(n0 * kt / kt0))
    if n1 < 1:
        raise MagphysValueError(
            "kt_nm_per_a",
            kt,
            f">= {0.5 * kt0 / n0:.4g} N m/A rms (half a turn of the generated motor's {kt0 / n0:.4g} per turn)",
            "the datasheet's torque constant is below one turn's",
        )
    r_at_n1 = d.with_changes(turns_per_phase=n1).phase_resistance_20c()
    wire_mm = d.wire_diameter_mm * math.sqrt(r_at_n1 / r_phase_ohm)  # R ~ 1 / d^2
    kt1 = kt0 * n1 / n0  # K_t ~ N (torque_constant)
    grow = max(1.0, kt0 / kt1)  # a lower K_t draws more current for the same torque: a larger drive
    changes = dict(turns_per_phase=n1, wire_diameter_mm=wire_mm)
    notes = [
        f"rewound from {n0:g} to {n1:g} turns of {wire_mm:.4g} mm wire (was {d.wire_diameter_mm:.4g} mm): K_t at "
        f"20 degC {kt1:.5g} N m/A rms (datasheet {kt:.5g}, within the turn rounding 0.5/N = {50.0 / n1:.2g} %), R "
        f"at 20 degC {r_phase_ohm:.5g} Ohm",
        f"copper cross-section {n1 * wire_mm**2 / (n0 * d.wire_diameter_mm**2):.3g} x the generated slot's",
    ]
    if grow > 1.0:
        changes.update(current_limit_a=d.current_limit_a * grow, drive_r_on_mohm=d.drive_r_on_mohm / grow)
        notes.append(
            f"drive current limit raised x{grow:.3g} to {d.current_limit_a * grow:.4g} A rms for the lower K_t"
        )
    return d.with_changes(**changes), notes


def _no_load_losses(motor: Motor, speed_rpm: float, ambient_c: float) -> tuple[float, float]:
    """(iron + bearing + windage, bearing + windage) in W at ``speed_rpm`` and zero shaft torque.

    Parameters
    ----------
    motor : Motor
        The motor.
    speed_rpm : float
        The speed.
    ambient_c : float
        The cooling medium, degC.

    Returns
    -------
    tuple of float
        The no-load loss and its mechanical part, W.
    """
    losses = motor.operating_point(speed_rpm, 0.0, ambient_c).losses_w
    mech = losses["bearing"] + losses["windage"]
    return losses["iron"] + mech, mech


def _calibrated_core(motor: Motor, target_w: float, speed_rpm: float, ambient_c: float) -> tuple[Motor, str]:
    """``motor`` with its iron-loss factor scaled until the no-load loss at ``speed_rpm`` is ``target_w``
    (a fixed point: the iron loss moves the magnet temperature and so the flux a little)."""
    for _ in range(30):
        total, mech = _no_load_losses(motor, speed_rpm, ambient_c)
        if abs(total - target_w) <= NO_LOAD_RTOL * target_w:
            break
        iron = total - mech
        if target_w <= mech:
            raise MagphysValueError(
                "no_load_loss_w",
                target_w,
                f"> {mech:.4g} W, the bearing and windage loss of the generated motor at {speed_rpm:g} rpm",
                "the no-load loss must hold some iron loss",
            )
        factor = motor.design.iron_loss_factor * (target_w - mech) / iron
        motor = Motor(motor.design.with_changes(iron_loss_factor=factor), motor.magnet)
    f = motor.design.iron_loss_factor
    return motor, f"iron loss x{f:.3g} of the lamination's for the no-load loss {target_w:.4g} W at {speed_rpm:g} rpm"


@validate(
    rated_power_w=Number(0.0, 1e6, lo_open=True, unit="W (shaft)"),
    speed_rpm=Number(100.0, 1e5, unit="rpm"),
    kt_nm_per_a=Number(1e-6, 1e3, unit="N m/A rms", optional=True),
    ke_v_per_krpm=Number(1e-4, 1e5, unit="V rms line-to-line per 1000 rpm", optional=True),
    r_phase_ohm=Number(1e-6, 1e4, unit="Ohm (phase, 20 degC)"),
    l_phase_mh=Number(0.0, 1e5, lo_open=True, unit="mH", optional=True),
    no_load_loss_w=Number(0.0, 1e6, lo_open=True, unit="W", optional=True),
    supply=Text("a supply name (mp.motor.supply_names())"),
    topology=Choice(tuple(TOPOLOGIES), fold=False),
    ambient_c=Number(-40.0, 150.0, unit="degC"),
    magnet=Instance(Magnet, "a magphys.Magnet", optional=True),
    name=Text("a design name"),
)
def from_datasheet(
    rated_power_w: float,
    speed_rpm: float,
    *,
    kt_nm_per_a: float | None = None,
    ke_v_per_krpm: float | None = None,
    r_phase_ohm: float,
    l_phase_mh: float | None = None,
    no_load_loss_w: float | None = None,
    supply: str = "12V_dc",
    topology: str = "outer_rotor_fan",
    ambient_c: float = 40.0,
    magnet: Magnet | None = None,
    envelope=None,
    name: str = "datasheet",
) -> Motor:
    """A motor calibrated to a datasheet: a design generated for the rated point (``design_for``), rewound so
    that its torque constant and phase resistance at 20 degC are the datasheet's, its core loss scaled to the
    datasheet's no-load loss.

    Conventions: a three-phase wye winding; ``kt_nm_per_a`` is torque per A rms of phase current;
    ``ke_v_per_krpm`` is the line-to-line back-EMF in V rms per 1000 rpm, so K_t = 3 (K_e / sqrt 3) /
    (1000 rpm in rad/s); ``r_phase_ohm`` is one phase (half the line-to-line resistance) at 20 degC. The turns
    are integers: K_t is matched to within the rounding, |dK_t / K_t| <= 0.5 / N (under 1 % from 50 turns),
    and the wire then so that R is exact. The no-load loss is iron + bearing + windage at zero shaft torque and
    the rated speed (``Motor.operating_point(speed_rpm, 0, ambient_c)``); only the iron part is scaled
    (``MotorDesign.iron_loss_factor``). The inductance is not calibrated: the datasheet's and the model's
    synchronous inductance are compared in ``design.notes``.

    Parameters
    ----------
    rated_power_w : float
        Rated shaft power, W.
    speed_rpm : float
        Rated speed, rpm.
    kt_nm_per_a : float, optional
        Torque constant, N m/A rms (give it, ``ke_v_per_krpm``, or both).
    ke_v_per_krpm : float, optional
        Back-EMF constant, V rms line-to-line per 1000 rpm.
    r_phase_ohm : float
        Phase resistance at 20 degC, Ohm.
    l_phase_mh : float, optional
        Phase (synchronous) inductance, mH: compared with the model's, in the notes.
    no_load_loss_w : float, optional
        Loss at the rated speed without load, W (default: the lamination's iron loss).
    supply : str
        The drive's supply (mp.motor.supply_names()).
    topology : str
        'outer_rotor_fan', 'inner_rotor_dry' or 'canned'.
    ambient_c : float
        The cooling medium at the rated point, degC.
    magnet : Magnet, optional
        The rotor's magnet (default as ``design_for``: N42SH).
    envelope : mapping or Envelope, optional
        The space the generated motor must fit (``design_for``).
    name : str
        The design's name.

    Returns
    -------
    Motor
        The calibrated motor; ``motor.design.notes`` states the rewind, the core factor and the inductance.

    Raises
    ------
    MagphysValueError
        For a datasheet that contradicts itself: K_t and K_e disagreeing by more than 5 %, a copper loss
        3 I^2 R at the rated current I = T / K_t not below the rated power, a back-EMF at the rated speed above
        the supply's V_dc / sqrt(6), a no-load loss below the bearing and windage loss; a rated point the
        calibrated motor cannot reach on its drive; and for a duty no generated design meets.
    """
    kt, kt_name = _kt_of(kt_nm_per_a, ke_v_per_krpm)
    _check_datasheet(rated_power_w, speed_rpm, kt, kt_name, r_phase_ohm, supply)
    torque_nm = rated_power_w / (speed_rpm * math.pi / 30.0)
    generated = design_for(
        torque_nm, speed_rpm, topology=topology, supply=supply, envelope=envelope, magnet=magnet, ambient_c=ambient_c
    )
    design, notes = _rewound(generated, kt, r_phase_ohm)
    motor = Motor(design, generated.magnet)
    if no_load_loss_w is not None:
        motor, note = _calibrated_core(motor, no_load_loss_w, speed_rpm, ambient_c)
        notes.append(note)
    try:
        op = motor.operating_point(speed_rpm, torque_nm, ambient_c)
    except MagphysValueError as exc:
        raise MagphysValueError(
            "rated_power_w",
            rated_power_w,
            f"a rated point the calibrated motor reaches on the {supply} supply",
            f"the datasheet's K_t and R leave it short: {exc}",
        ) from None
    notes.append(f"rated point {op.status}, efficiency {op.efficiency:.3f}, current {op.current_a:.4g} A rms")
    l_model_mh = 1e3 * synchronous_inductance(motor.record, motor.magnet.record[L.R_MU_REC])
    if l_phase_mh is not None:
        notes.append(
            f"synchronous inductance {l_model_mh:.4g} mH in the model, datasheet {l_phase_mh:.4g} mH "
            f"(x{l_phase_mh / l_model_mh:.3g}; not calibrated)"
        )
    source = f"datasheet: {rated_power_w:g} W at {speed_rpm:g} rpm, K_t {kt:.5g} N m/A rms, R {r_phase_ohm:g} Ohm"
    if no_load_loss_w is not None:
        source += f", no-load loss {no_load_loss_w:g} W"
    final = motor.design.with_changes(
        name=name,
        description=f"motor calibrated to a datasheet ({generated.design.description})",
        duty_source=source + " (calibrated by magphys.motor.from_datasheet)",
        notes="; ".join([generated.design.notes, *notes]),
    )
    return Motor(final, motor.magnet)
