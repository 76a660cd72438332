"""Sizing: stack length and magnet thickness of a cooling motor for a duty, a magnet and an objective."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import xarray as xr

from .._gate import Choice, Instance, Number, Numbers, Text, validate
from .._gate import check as check_input
from ..errors import MagphysValueError
from ..kernels import layout as L
from ..kernels import status as st
from ..kernels.constants import ZERO_C_K
from ..kernels.motor import flux_at
from ..kernels.scaling import copper_mass_kg, rewind
from ..magnets import Magnet
from ._design import TOPOLOGIES, MotorDesign, material, reference_design
from ._generate import candidate_grid, default_magnet_price, default_supply, design_for, objective_weights, rules
from ._motor import Motor, OperatingPoint, run_operating_points

OBJECTIVES = ("magnet_cost", "magnet_mass", "losses", "lifetime_cost")


def scaled_design(base: MotorDesign, stack_mm: float, magnet_thickness_mm: float, kt_ratio: float) -> MotorDesign:
    """The base geometry with another stack and magnet thickness, rewound by the kernels' scaling law
    (kernels/scaling.py: rewind, which the sweeps' scale_motor applies too): turns scale by 1/kt_ratio
    (rounded) so that the back-EMF at the rated speed stays that of the base (same drive voltage); the
    copper area of a slot is kept, so the wire cross-section scales with the turns. Iron, rotor iron and
    surfaces scale with the stack."""
    turns, wire_area_ratio, mean_turn_mm, k = rewind(
        base.turns_per_phase, kt_ratio, base.mean_turn_mm, base.stack_mm, stack_mm
    )
    return base.with_changes(
        stack_mm=stack_mm,
        magnet_thickness_mm=magnet_thickness_mm,
        turns_per_phase=int(turns),
        wire_diameter_mm=base.wire_diameter_mm * math.sqrt(wire_area_ratio),
        mean_turn_mm=mean_turn_mm,
        stator_iron_g=base.stator_iron_g * k,
        rotor_iron_g=base.rotor_iron_g * k,
        slot_perimeter_mm=base.slot_perimeter_mm,
        rotor_area_mm2=base.rotor_area_mm2 * k,
        stator_housing_contact_area_mm2=base.stator_housing_contact_area_mm2 * k,
    )


@dataclass(frozen=True)
class SizingResult:
    motor: Motor
    objective: str
    objective_value: float
    operating_point: OperatingPoint
    demag: object
    candidates: xr.Dataset


def _kt20(design: MotorDesign, magnet: Magnet) -> float:
    rec = design.record(float(magnet.record[L.R_MU_REC]), magnet.density_kg_m3)
    return flux_at(rec, magnet.record, 293.15)[2]


@validate(
    torque_nm=Number(0.0, 1e5, lo_open=True, unit="N m"),
    speed_rpm=Number(0.0, 1e6, lo_open=True, unit="rpm"),
    ambient_c=Number(-60.0, 200.0, unit="degC"),
    magnet=Instance(Magnet, "a magphys.Magnet"),
    objective=Choice(OBJECTIVES, fold=False),
    base=Text("a reference design name (mp.motor.reference_names())", optional=True),
    max_winding_c=Number(0.0, 300.0, lo_open=True, unit="degC"),
    demag_ambient_c=Number(-60.0, 200.0, unit="degC", optional=True),
    magnet_price_usd_per_kg=Number(0.0, 1e5, lo_open=True, unit="USD/kg", optional=True),
    loss_usd_per_w=Number(0.0, 1e6, unit="USD per W of loss", optional=True),
    topology=Choice(tuple(TOPOLOGIES), fold=False, optional=True),
    supply=Text("a supply name (mp.motor.supply_names())", optional=True),
)
def size(
    torque_nm: float,
    speed_rpm: float,
    ambient_c: float,
    magnet: Magnet,
    objective: str = "magnet_cost",
    base: str | None = None,
    max_winding_c: float = 150.0,
    demag_ambient_c: float | None = None,
    magnet_price_usd_per_kg: float | None = None,
    stack_factors=None,
    thickness_factors=None,
    backend: str | None = None,
    loss_usd_per_w: float | None = None,
    topology: str | None = None,
    supply: str | None = None,
    envelope=None,
) -> SizingResult:
    """The motor that minimises ``objective`` ('magnet_cost', 'magnet_mass', 'losses' at the duty, or
    'lifetime_cost' = magnet cost + losses x ``loss_usd_per_w``, the lifetime price of a watt of loss) for the
    duty (torque, speed, cooling temperature) and ``magnet``.

    Without ``base``: over the generated space (``design_for``: diameter, stack, poles and slots, magnet
    thickness and turns from sizing laws, inside ``envelope``, on ``supply`` (default by power), in
    ``topology`` (default 'outer_rotor_fan'), within the drive's current, the supply's voltage, the winding's
    ``max_winding_c`` and the demagnetization events at ``demag_ambient_c``); ``candidates`` then holds the
    search's summary. With ``base`` (a reference design name): stack and magnet thickness of that design
    (``stack_factors`` x ``thickness_factors``), rewound to keep its back-EMF, all candidates in one kernel
    call; ``candidates`` is the grid."""
    if base is None:
        return _size_generated(
            torque_nm,
            speed_rpm,
            ambient_c,
            magnet,
            objective,
            max_winding_c,
            demag_ambient_c,
            magnet_price_usd_per_kg,
            loss_usd_per_w,
            topology,
            supply,
            envelope,
            backend,
        )
    price = magnet_price_usd_per_kg
    if objective in ("magnet_cost", "lifetime_cost") and price is None:
        price = default_magnet_price(magnet)
    if objective == "lifetime_cost" and loss_usd_per_w is None:
        raise MagphysValueError("loss_usd_per_w", loss_usd_per_w, ">= 0 USD per W of loss (objective 'lifetime_cost')")
    b = reference_design(base).with_changes(
        rated_speed_rpm=speed_rpm, rated_torque_nm=torque_nm, rated_ambient_c=ambient_c
    )
    factors = Numbers(0.05, 20.0, unit="x the reference", max_size=1000)
    sf = np.geomspace(0.3, 3.0, 14) if stack_factors is None else check_input("stack_factors", stack_factors, factors)
    tf = (
        np.geomspace(0.3, 2.5, 12)
        if thickness_factors is None
        else check_input("thickness_factors", thickness_factors, factors)
    )
    kt_base = _kt20(reference_design(base), Magnet.from_grade(reference_design(base).magnet))
    designs, idx = [], []
    for i, s in enumerate(sf):
        for j, t in enumerate(tf):
            h_m = b.magnet_thickness_mm * t
            if h_m >= 0.5 * b.r_gap_mm:
                continue
            trial = b.with_changes(stack_mm=b.stack_mm * s, magnet_thickness_mm=h_m)
            d = scaled_design(b, b.stack_mm * s, h_m, _kt20(trial, magnet) / kt_base)
            designs.append(d)
            idx.append((i, j))
    mu_rec, rho = float(magnet.record[L.R_MU_REC]), magnet.density_kg_m3
    recs = np.stack([d.record(mu_rec, rho) for d in designs])
    n = len(designs)
    out, status = run_operating_points(
        recs, magnet.record[None, :], np.arange(n), np.zeros(n, int), speed_rpm, torque_nm, ambient_c, backend
    )
    mass = np.array([d.magnet_volume_m3() * rho for d in designs])
    losses = out[:, L.OP_P_IN_W] - out[:, L.OP_P_SHAFT_W]
    value = {
        "magnet_cost": lambda: mass * (price or 0.0),
        "magnet_mass": lambda: mass,
        "losses": lambda: losses,
        "lifetime_cost": lambda: mass * price + losses * loss_usd_per_w,
    }[objective]()
    feasible = (status == st.OK) & (out[:, L.OP_T_WINDING_K] - ZERO_C_K <= max_winding_c)
    grid = {
        k: np.full((len(sf), len(tf)), np.nan)
        for k in ("objective", "magnet_mass_kg", "losses_w", "winding_c", "demag_ok")
    }
    for k, (i, j) in enumerate(idx):
        grid["objective"][i, j] = value[k]
        grid["magnet_mass_kg"][i, j] = mass[k]
        grid["losses_w"][i, j] = losses[k]
        grid["winding_c"][i, j] = out[k, L.OP_T_WINDING_K] - ZERO_C_K
    chosen = None
    for k in np.argsort(np.where(feasible, value, np.inf)):
        if not feasible[k]:
            break
        m = Motor(designs[k], magnet)
        try:
            check = m.demag_check(ambient_c if demag_ambient_c is None else demag_ambient_c)
        except MagphysValueError:  # its rated point is not steady at the demagnetization temperature
            grid["demag_ok"][idx[k]] = 0.0
            continue
        grid["demag_ok"][idx[k]] = float(check.passed)
        if check.passed:
            chosen = (k, m, check)
            break
    coords = {"stack_mm": b.stack_mm * sf, "magnet_thickness_mm": b.magnet_thickness_mm * tf}
    cands = xr.Dataset({k: (("stack_mm", "magnet_thickness_mm"), v) for k, v in grid.items()}, coords=coords)
    cands.attrs.update(base=base, objective=objective, magnet=magnet.name)
    if chosen is None:
        raise MagphysValueError(
            "duty",
            dict(torque_nm=torque_nm, speed_rpm=speed_rpm, ambient_c=ambient_c),
            f"a duty that some {base}-family design with {magnet.name} can meet",
            "no candidate met the current limit, winding temperature and demagnetization checks",
        )
    k, m, check = chosen
    op = m.operating_point(speed_rpm, torque_nm, ambient_c, backend)
    return SizingResult(m, objective, float(value[k]), op, check, cands)


def _size_generated(
    torque_nm,
    speed_rpm,
    ambient_c,
    magnet,
    objective,
    max_winding_c,
    demag_ambient_c,
    price,
    loss_usd_per_w,
    topology,
    supply,
    envelope,
    backend,
) -> SizingResult:
    """``size`` over the generated space (``design_for``), with its search summarised in ``candidates``."""
    topo = "outer_rotor_fan" if topology is None else topology
    sup = default_supply(torque_nm * speed_rpm * math.pi / 30.0) if supply is None else supply
    motor = design_for(
        torque_nm,
        speed_rpm,
        topology=topo,
        supply=sup,
        envelope=envelope,
        magnet=magnet,
        ambient_c=ambient_c,
        hot_c=demag_ambient_c,
        max_winding_c=max_winding_c,
        objective=objective,
        magnet_price_usd_per_kg=price,
        loss_usd_per_w=loss_usd_per_w,
        backend=backend,
    )
    op = motor.operating_point(speed_rpm, torque_nm, ambient_c, backend)
    check = motor.demag_check(ambient_c if demag_ambient_c is None else demag_ambient_c)
    mass = motor.design.magnet_volume_m3() * magnet.density_kg_m3
    p_usd, w_usd = objective_weights(objective, magnet, price, loss_usd_per_w)
    loss = op.input_power_w - op.shaft_power_w
    if objective == "lifetime_cost":  # the search's objective: magnet, copper and laminations, losses
        d, c = motor.design, rules()["common"]
        copper_kg = copper_mass_kg(
            d.turns_per_phase, d.mean_turn_mm * 1e-3, d.wire_area_m2(), material("density", "copper", "density")
        )
        iron_kg = (d.stator_iron_g + d.rotor_iron_g) * 1e-3
        value = mass * p_usd + copper_kg * c["copper_usd_per_kg"] + iron_kg * c["steel_usd_per_kg"] + loss * w_usd
    else:
        value = {"magnet_mass": mass, "losses": loss, "magnet_cost": mass * p_usd}[objective]
    grid = candidate_grid(topo)
    cands = xr.Dataset(
        {
            name: ("candidate", grid[:, col])
            for name, col in (
                ("pole_pairs", L.GC_POLE_PAIRS),
                ("slots", L.GC_SLOTS),
                ("shear_stress_pa", L.GC_SHEAR_PA),
                ("aspect", L.GC_ASPECT),
                ("magnet_position", L.GC_MAG_POSITION),
                ("split", L.GC_SPLIT),
            )
        }
    )
    cands.attrs.update(objective=objective, magnet=magnet.name, topology=topo, supply=sup)
    return SizingResult(motor, objective, float(value), op, check, cands)
