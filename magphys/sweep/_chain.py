"""The motor chains of a sweep on the fused ``design_chain`` kernel: a catalogue magnet or one made
from each point's composition, in a reference motor scaled per point, at a given duty or driving its
fan/pump for a rack (cooling), with magnet cost — one kernel pass per chunk."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .._backend import resolve_backend
from ..cooling import Plant, fan, plant_defaults, pump, pump_unit
from ..cooling._curves import MoverCurve
from ..cooling._pumps import pump_names
from ..cooling._rack import (
    AIR_DELTA_T_K,
    AIR_INLET_C,
    COOLANT_DELTA_T_K,
    COOLANT_SUPPLY_C,
    FAN_FLOW_FRACTION,
    LIQUID_FRACTION,
    RACK_IT_KW,
)
from ..economics import bill_of_materials
from ..economics._lifetime import ELECTRICITY_USD_PER_KWH
from ..economics._prices import DEFAULT_SCENARIO
from ..economics._prices import scenario as get_scenario
from ..errors import MagphysValueError
from ..kernels import launch
from ..kernels import layout as L
from ..kernels.constants import ZERO_C_K
from ..kernels.rack import RACK_U, RESERVED_U, SERVER_U, fans_fit
from ..magnets import Magnet
from ..materials._fluids import fluid_state
from ..materials._tables import intrinsic_table
from ..motor._design import reference_design
from ..motor._scaling import scaling_vector, template_record
from ._outputs import CHAIN_COLUMNS
from ._spec import COOLING_AXES, MOTOR_AXES, SweepSpec
from ._stages import composition_rows, cost_terms

# the motor template's recoil permeability: the fields it sets are rewritten per point with each magnet's own
# (scale_motor: Carter's coefficient), so the value only has to be a sintered one (vendors: 1.02-1.05)
MU_REC_TEMPLATE = 1.05
# fluid table step: linear interpolation errs by h^2/8 |f''/f| = 2e-7 of rho (air: rho ~ 1/T, f''/f = 2/T^2)
FLUID_STEP_K = 0.25
# duty defaults by medium: the Rack's design rules (magphys.cooling._rack). A fan's stream carries the residual
# air of the default direct-to-chip rack (120 kW x 0.2 = 24 kW): a 120 kW all-air rack does not fit in 42 U.
DUTY_DEFAULTS = {
    "air": {
        "flow_fraction": FAN_FLOW_FRACTION,
        "delta_t_k": AIR_DELTA_T_K,
        "rack_it_kw": RACK_IT_KW * (1.0 - LIQUID_FRACTION),
        "inlet_c": AIR_INLET_C,
    },
    "liquid": {
        "flow_fraction": FAN_FLOW_FRACTION,
        "delta_t_k": COOLANT_DELTA_T_K,
        "rack_it_kw": RACK_IT_KW,
        "inlet_c": COOLANT_SUPPLY_C,
    },
}


@dataclass(frozen=True)
class Mover:
    """The fan or pump of a cooling chain, its stream and where its motor sits."""

    curve: MoverCurve
    fluid: str
    medium: str  # "air" or "liquid"
    at_outlet: bool


def mover_of(fixed: dict) -> Mover:
    """The mover of a cooling chain: ``fixed["mover"]`` (a fan or pump model) or the one the base design
    was built for; fans move air with their motor in the exhaust, pumps move ``coolant`` (PG25) from
    the supply side, their water curve corrected for its viscosity (ANSI/HI 9.6.7, as Rack's pumps) at the
    fixed ``inlet_c``, else at the default supply of 36 degC (along an inlet axis the correction stays there)."""
    t_ref = float(fixed.get("inlet_c", COOLANT_SUPPLY_C))
    return _mover(
        str(fixed["base"]), fixed.get("mover"), str(fixed.get("coolant", "PG25")), fixed.get("at_outlet"), t_ref
    )


@lru_cache(maxsize=32)
def _mover(base_name: str, name, coolant: str, at_outlet, t_ref_c: float) -> Mover:
    """mover_of for hashable arguments (every chunk of a sweep asks for the same mover)."""
    base = reference_design(base_name)
    if name is None:
        if base.fan_model:
            name = base.fan_model
        else:
            hits = [p for p in pump_names() if pump(p).motor == base.name]
            if not hits:
                raise MagphysValueError("spec.fixed.mover", None, f"a fan or pump for {base.name} (none on file)")
            name = hits[0]
    if str(name) in pump_names():
        curve = pump_unit(str(name), motor_efficiency=1.0, coolant=coolant, coolant_c=t_ref_c).curve
        return Mover(curve, coolant, "liquid", bool(at_outlet or 0.0))
    return Mover(fan(str(name)), "air", "air", bool(1.0 if at_outlet is None else at_outlet))


def _axis_range(spec: SweepSpec, name: str, default: float) -> tuple[float, float]:
    if name in spec.axes:
        return spec.axes[name].bounds()
    v = float(spec.fixed.get(name, default))
    return v, v


@lru_cache(maxsize=8)
def fluid_table(fluid: str, t0_k: float, n: int) -> np.ndarray:
    """rho, cp of ``fluid`` at t0_k + i FLUID_STEP_K (CoolProp, magphys.materials.fluid_state)."""
    tab = np.empty((n, L.N_FT))
    for i in range(n):
        s = fluid_state(fluid, t0_k + i * FLUID_STEP_K - ZERO_C_K)
        tab[i] = s.density_kg_m3, s.cp_j_per_kg_k
    tab.setflags(write=False)
    return tab


def _fluid(spec: SweepSpec, mover: Mover) -> tuple[np.ndarray, float]:
    """The fluid table covering the sweep's inlet temperatures up to inlet + rise."""
    d = DUTY_DEFAULTS[mover.medium]
    lo, hi = _axis_range(spec, "inlet_c", d["inlet_c"])
    dt = _axis_range(spec, "delta_t_k", d["delta_t_k"])[1]
    t0 = round(math.floor((lo + ZERO_C_K) / FLUID_STEP_K - 1) * FLUID_STEP_K, 6)
    n = math.ceil((hi + dt + ZERO_C_K - t0) / FLUID_STEP_K) + 2
    return fluid_table(mover.fluid, t0, n), t0


@lru_cache(maxsize=16)
def _settings(spec_json: str) -> tuple:
    """(template, scaling vector, chain settings, fluid table, catalogue magnet record or None) of a
    spec; cached per spec (every chunk of a sweep shares them)."""
    spec = SweepSpec.model_validate_json(spec_json)
    fixed = spec.fixed
    base = reference_design(str(fixed["base"]))
    cs = np.zeros(L.N_CS)
    sc_name = str(fixed.get("scenario", DEFAULT_SCENARIO))
    composition = "materials" in spec.stages
    cs[L.CS_FROM_COMPOSITION] = 1.0 if composition else 0.0
    cs[L.CS_CHECK_T_K] = float(fixed.get("check_temp_c", 150.0)) + ZERO_C_K
    cs[L.CS_USD_PER_KWH] = float(fixed.get("electricity_usd_per_kwh", ELECTRICITY_USD_PER_KWH))
    if composition:
        mu_rec = MU_REC_TEMPLATE
        mag = None
        terms = cost_terms(spec)
        cs[L.CS_PRICE : L.CS_PRICE + L.N_ELEM] = terms.price_usd_per_kg
        cs[L.CS_GBD_ADD : L.CS_GBD_ADD + L.N_ELEM] = terms.gbd_add_wt
        cs[L.CS_HREE : L.CS_HREE + L.N_ELEM] = terms.hree
        cs[L.CS_PROC_USD_PER_KG] = terms.processing_usd_per_kg
        cs[L.CS_GBD_STEP_USD_PER_KG] = terms.gbd_step_usd_per_kg
        cs[L.CS_YIELD] = terms.yield_fraction
    else:
        mag = Magnet.named(str(fixed["magnet"]))
        mu_rec = float(mag.record[L.R_MU_REC])
        bom = bill_of_materials(mag, sc_name)
        cs[L.CS_FIXED_USD_PER_KG] = bom.magnet_usd_per_kg
        cs[L.CS_FIXED_HREE_WT] = bom.hree_g / 10.0  # g in 1 kg -> wt%
    fluid = np.zeros((2, L.N_FT))
    if "cooling" in spec.stages:
        mover = mover_of(fixed)
        cv = mover.curve
        cs[L.CS_COOLING] = 1.0
        cs[L.CS_MOVER : L.CS_MOVER + L.N_MV] = cv.record()
        plant = Plant(
            water_class=str(fixed.get("water_class", "W32")),
            outdoor_c=float(fixed.get("outdoor_c", plant_defaults()["outdoor_c"])),
            heat_rejection=str(fixed.get("heat_rejection", "dry_cooler")),
        )
        cs[L.CS_PLANT_ON] = 1.0
        cs[L.CS_AIR_STREAM] = 1.0 if mover.medium == "air" else 0.0
        cs[L.CS_ROOM_AIR_C] = AIR_INLET_C
        cs[L.CS_PLANT : L.CS_PLANT + L.N_PL] = plant.record()
        cs[L.CS_AT_OUTLET] = 1.0 if mover.at_outlet else 0.0
        # the rack's fans: servers x the fans of the frame a server's face holds; pumps and frameless fans
        # (plug fans) have no fit rule
        cs[L.CS_MOVERS_FIT] = math.inf
        frame = getattr(cv, "frame_mm", math.nan)
        if mover.medium == "air" and math.isfinite(frame):
            servers, per = fans_fit(float(fixed.get("rack_u", RACK_U)), float(fixed.get("server_u", SERVER_U)), frame)
            cs[L.CS_MOVERS_FIT] = servers * per
        fluid, t0 = _fluid(spec, mover)
        cs[L.CS_FLUID_T0_K], cs[L.CS_FLUID_DT_K] = t0, FLUID_STEP_K
    return (
        template_record(base, mu_rec),
        scaling_vector(base),
        cs,
        np.ascontiguousarray(fluid),
        None if mag is None else mag.record,
    )


def chain(spec: SweepSpec, pts: dict[str, np.ndarray], backend: str) -> dict[str, np.ndarray]:
    """Outputs (n,) of the points ``pts`` through the fused chain (one kernel pass)."""
    n = len(next(iter(pts.values())))
    rows = composition_rows(spec, pts) if "materials" in spec.stages else None
    fixed = spec.fixed
    template, sc, cs, fluid, mag = _settings(spec.model_dump_json())
    cooling = "cooling" in spec.stages
    medium = DUTY_DEFAULTS[mover_of(fixed).medium] if cooling else {}

    def value(name, default=math.nan):
        if name in pts:
            return pts[name]
        return np.full(n, float(fixed.get(name, medium.get(name, default))))

    duty = np.empty((n, L.N_DU))
    duty[:, L.DU_STACK_FACTOR] = value("stack_factor", 1.0)
    duty[:, L.DU_THICKNESS_FACTOR] = value("thickness_factor", 1.0)
    duty[:, L.DU_SPEED_RPM] = value("speed_rpm")
    if cooling:
        duty[:, L.DU_TORQUE_NM] = math.nan
        duty[:, L.DU_MEDIUM_K] = value("inlet_c") + ZERO_C_K
        duty[:, L.DU_FLOW_FRACTION] = value("flow_fraction")
        duty[:, L.DU_DELTA_T_K] = value("delta_t_k")
        duty[:, L.DU_RACK_IT_W] = value("rack_it_kw") * 1e3
    else:
        duty[:, L.DU_TORQUE_NM] = value("torque_nm")
        duty[:, L.DU_MEDIUM_K] = value("ambient_c") + ZERO_C_K
        duty[:, L.DU_FLOW_FRACTION :] = math.nan
    if rows is None:
        comps = np.zeros((n, L.N_ELEM))
        micros = np.zeros((n, L.N_MICRO))
        recs = np.repeat(mag[None, :], n, axis=0)
    else:
        comps, micros, bad = rows
        if bad.any():  # a zero row is no alloy: the composition record marks it out of range (status 4)
            comps = comps.copy()
            comps[bad] = 0.0
        recs = np.empty((n, L.N_REC))  # filled by the composition record
    out = np.empty((n, L.N_CH))
    status = np.zeros(n, dtype=np.int32)
    args = (
        np.ascontiguousarray(comps),
        np.ascontiguousarray(micros),
        np.ascontiguousarray(intrinsic_table()),
        template,
        sc,
        duty,
        cs,
        fluid,
        recs,
        np.empty((n, L.N_MOTOR)),
        np.empty((n, L.N_OP)),
        out,
        status,
    )
    launch("design_chain", args, resolve_backend(backend))
    outputs = spec.outputs or []  # the validator fills them in
    wanted = [name for name in outputs if name in CHAIN_COLUMNS]
    cols = out[:, [CHAIN_COLUMNS[name][0] for name in wanted]].T.copy()  # one pass: contiguous per output
    res = {"status": status.astype(np.int8)}
    for k, name in enumerate(wanted):
        _, a, b = CHAIN_COLUMNS[name]
        res[name] = cols[k] if (a, b) == (1.0, 0.0) else a * cols[k] + b
    return {k: v for k, v in res.items() if k in outputs}


FIXED_RANGES = {
    "check_temp_c": (-123.0, 1000.0, "-123 .. 1000 degC (150 K and up)"),
    "electricity_usd_per_kwh": (0.0, 10.0, "0 .. 10 USD/kWh"),
    "at_outlet": (0.0, 1.0, "0 or 1"),
    "rack_u": (RESERVED_U + 1, 60, f"a whole {RESERVED_U + 1} .. 60 U (EIA-310)"),
    "server_u": (1, 10, f"a whole 1 .. 10 U, at most rack_u - {RESERVED_U}"),
}
WHOLE = ("at_outlet", "rack_u", "server_u")


def check(spec: SweepSpec) -> None:
    """Resolve every name a chain uses (base design, magnet, mover, coolant, price scenario) before
    anything runs; an unknown one raises a MagphysValueError naming its ``spec.fixed`` field."""
    fixed = spec.fixed
    for name in (*COOLING_AXES, *MOTOR_AXES, "rack_it_kw", "outdoor_c"):
        v = fixed.get(name)
        if v is not None and not (isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)):
            raise MagphysValueError(f"spec.fixed.{name}", v, "a finite number")
    for name, (lo, hi, valid) in FIXED_RANGES.items():
        v = fixed.get(name)
        if v is not None and not (
            isinstance(v, (int, float))
            and math.isfinite(v)
            and lo <= v <= hi
            and (name not in WHOLE or float(v).is_integer())
        ):
            raise MagphysValueError(f"spec.fixed.{name}", v, valid)
    if float(fixed.get("server_u", SERVER_U)) > float(fixed.get("rack_u", RACK_U)) - RESERVED_U:
        raise MagphysValueError(
            "spec.fixed.server_u", fixed.get("server_u", SERVER_U), f"at most rack_u - {RESERVED_U}"
        )
    steps = [
        ("base", lambda: reference_design(str(fixed["base"]))),
        ("scenario", lambda: get_scenario(str(fixed.get("scenario", DEFAULT_SCENARIO)))),
    ]
    if "materials" not in spec.stages:
        steps.append(("magnet", lambda: Magnet.named(str(fixed["magnet"]))))
    if "cooling" in spec.stages:
        steps.append(("mover", lambda: mover_of(fixed)))
        steps.append(("coolant", lambda: fluid_state(mover_of(fixed).fluid, 40.0)))
    for name, step in steps:
        try:
            step()
        except MagphysValueError as exc:
            raise MagphysValueError(f"spec.fixed.{name}", fixed.get(name), exc.valid) from None
    if "coolant" in fixed and "cooling" in spec.stages and mover_of(fixed).medium == "air":
        raise MagphysValueError(
            "spec.fixed.coolant",
            fixed["coolant"],
            f"only with a pump (this chain's mover is the fan {mover_of(fixed).curve.name}, which moves air)",
        )
    try:
        _settings(spec.model_dump_json())
    except MagphysValueError as exc:
        raise MagphysValueError(f"spec.{exc.parameter}", exc.value, exc.valid) from None
