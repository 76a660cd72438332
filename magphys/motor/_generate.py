"""Cooling motors generated for a duty: supplies and their drives, envelopes, the candidate grid of the
generated space, the vectorised sizing search (kernels/search.py) and ``design_for``."""

from __future__ import annotations

import cmath
import functools
import itertools
import math
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from .._backend import resolve_backend
from .._gate import Choice, Instance, Number, Text, set_checked, validate
from ..errors import MagphysValueError, unknown_name
from ..kernels import constraints as bc
from ..kernels import launch
from ..kernels import layout as L
from ..kernels.constants import ZERO_C_K
from ..magnets import Magnet
from ..materials._fluids import fluid_state
from ..materials._tables import read_csv
from ._design import TOPOLOGIES, MotorDesign, iron_build_factor, lamination_coefficients, material
from ._motor import Motor


def default_magnet_price(magnet: Magnet) -> float:
    """USD/kg of a catalogue sintered grade by its class (magphys/data/magnet_class_prices.csv)."""
    prices = {r["grade_class"]: float(r["usd_per_kg"]) for r in read_csv("magnet_class_prices.csv")}
    if magnet.grade_class in prices and magnet.family.endswith("ndfeb"):
        return prices[magnet.grade_class]
    raise MagphysValueError(
        "magnet_price_usd_per_kg", None, f"a price in USD/kg: no default for {magnet.name} ({magnet.family})"
    )


OBJECTIVES = ("lifetime_cost", "magnet_cost", "magnet_mass", "losses")
# E: the lifetime price of a watt of loss when the caller gives none: 8760 h x 10 years x ~0.085 USD/kWh x 1.25
# (the facility's cooling of that heat) ~ 9.3 USD; compare passes its own figure from magphys.economics
DEFAULT_LOSS_USD_PER_W = 9.3
FAN_AIR_SPEED_M_S = 10.0  # E: air over a server-fan hub (0.81 m3/min through a 40 mm annulus: ~12 m/s)


@cache
def rules() -> dict:
    """The sizing rules of magphys/data/motor_generation.toml."""
    text = resources.files("magphys.data").joinpath("motor_generation.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def _supplies() -> dict[str, dict]:
    return {r["supply"]: r for r in read_csv("supplies.csv")}


@cache
def _limits() -> dict[str, dict]:
    return {
        r["family"]: {k: (v if k in ("family", "source") else float(v)) for k, v in r.items()}
        for r in read_csv("magnet_limits.csv")
    }


def lamination_for(speed_rpm: float) -> str:
    """The sheet of a generated motor: the common 0.50 mm grade, a 0.35 mm grade above ``high_speed_rpm``."""
    c = rules()["common"]
    return c["lamination_high_speed"] if speed_rpm > c["high_speed_rpm"] else c["lamination"]


def supply_names() -> list[str]:
    """Names of the supplies a generated motor's drive can run on (magphys/data/supplies.csv)."""
    return list(_supplies())


def topology_names() -> list[str]:
    """Names of the generated motor topologies: 'outer_rotor_fan', 'inner_rotor_dry', 'canned'."""
    return list(TOPOLOGIES)


def magnet_limits(magnet: Magnet) -> tuple[float, float, float]:
    """(min, max thickness, widest segment) in mm of the magnet's family (magphys/data/magnet_limits.csv)."""
    row = _limits().get(magnet.family)
    if row is None:
        raise MagphysValueError("magnet", magnet.name, f"a magnet of a family in magnet_limits.csv {sorted(_limits())}")
    return row["min_mm"], row["max_mm"], row["segment_max_mm"]


@dataclass(frozen=True)
class Envelope:
    """The space a motor must fit: its largest outer diameter and axial length (stack and end windings), mm."""

    outer_diameter_mm: float
    length_mm: float

    def __post_init__(self):
        field = functools.partial(set_checked, self)
        field("outer_diameter_mm", Number(0.0, 1e4, lo_open=True, unit="mm"))
        field("length_mm", Number(0.0, 1e4, lo_open=True, unit="mm"))


def as_envelope(envelope) -> Envelope | None:
    """None, an Envelope, or a mapping with outer_diameter_mm and length_mm."""
    if envelope is None or isinstance(envelope, Envelope):
        return envelope
    if isinstance(envelope, dict):
        keys = {"outer_diameter_mm", "length_mm"}
        if set(envelope) != keys:
            raise MagphysValueError("envelope", envelope, "a mapping with exactly outer_diameter_mm and length_mm")
        return Envelope(envelope["outer_diameter_mm"], envelope["length_mm"])
    raise MagphysValueError(
        "envelope", envelope, "None, a magphys.motor.Envelope or {'outer_diameter_mm': .., 'length_mm': ..}"
    )


def winding_factor(pole_pairs: int, slots: int, coil_pitch: int) -> float:
    """Fundamental winding factor of a balanced three-phase double-layer winding, from its star of slots.

    Coil k spans slots k and k + coil_pitch; its EMF phasor is e^(j a k) - e^(j a (k + y)) with the
    electrical slot angle a = 2 pi p / Q. Coils within 30 degrees of phase A's axis add, those within 30
    degrees of its opposite subtract; k_w = |sum| / (2 n), n the coils of the phase (e.g. Hendershot & Miller
    1994, ch. 5; the tooth-coil values 0.866 for 4 poles / 6 slots and 0.933 for 10 poles / 12 slots)."""
    q, p, y = int(slots), int(pole_pairs), int(coil_pitch)
    if q % 3 or (q // math.gcd(q, p)) % 3 or not (1 <= y < q):
        raise MagphysValueError(
            "pole_pairs/slots", (pole_pairs, slots), "a balanced three-phase combination (Q/gcd(Q, p) divisible by 3)"
        )
    a = 2 * math.pi * p / q
    coils = [cmath.exp(1j * a * k) - cmath.exp(1j * a * (k + y)) for k in range(q)]
    # phasors sit on spokes 2 pi gcd(Q, p) / Q apart: a window shifted by a quarter spoke (at most 15 degrees)
    # never splits one
    axis = cmath.phase(coils[0]) + min(0.5 * math.pi * math.gcd(q, p) / q, math.pi / 12)
    total, n = 0j, 0
    for e in coils:
        rel = (cmath.phase(e) - axis + math.pi / 6) % (2 * math.pi)
        if rel < math.pi / 3:
            total += e
            n += 1
        elif math.pi <= rel < math.pi + math.pi / 3:
            total -= e
            n += 1
    if n != q // 3:
        raise MagphysValueError("pole_pairs/slots", (pole_pairs, slots), "a balanced three-phase combination")
    return abs(total) / (2 * n)


@dataclass(frozen=True)
class Drive:
    """A drive for a duty on a supply: its rated current and loss coefficients (kernels/drive.py)."""

    supply: str
    dc_bus_v: float
    rated_current_a: float
    r_on_ohm: float
    switching_w_per_a: float
    fixed_w: float
    rect_drop_v: float
    pfc_loss_frac: float
    f_e_max_hz: float


def drive_for(supply: str, shaft_power_w: float) -> Drive:
    """The drive of a duty: rated current ``drive_sizing`` P / (3 V_ph,max) (motor_generation.toml; at least the
    smallest drive's), the
    switches' conduction drop at that current, threshold and switching losses per A and the fixed losses
    of the supply's class (supplies.csv)."""
    r = _supply_row(supply)
    if shaft_power_w > r["p_max_w"]:
        raise MagphysValueError(
            "supply",
            supply,
            f"a supply whose drives reach {shaft_power_w:.4g} W (a {supply} drive serves up to {r['p_max_w']:g} W)",
        )
    v_ph = r["dc_bus_v"] / math.sqrt(6.0)
    i_rated = max(r["i_min_a"], rules()["common"]["drive_sizing"] * shaft_power_w / (3.0 * v_ph))
    sw = 3.0 * 0.9 * r["threshold_v"] + 1.35 * r["f_sw_hz"] * r["t_sw_s"] * r["dc_bus_v"]
    return Drive(
        supply=supply,
        dc_bus_v=r["dc_bus_v"],
        rated_current_a=i_rated,
        r_on_ohm=r["r_on_v"] / i_rated,
        switching_w_per_a=sw,
        fixed_w=r["fixed_w"] + r["fixed_frac"] * shaft_power_w,
        rect_drop_v=r["rect_drop_v"],
        pfc_loss_frac=r["pfc_loss_frac"],
        f_e_max_hz=r["f_e_max_hz"],
    )


def _supply_row(supply: str) -> dict:
    """The row of ``supply`` in supplies.csv, numbers as floats; an unknown name is refused."""
    rows = _supplies()
    if supply not in rows:
        raise unknown_name("supply", supply, list(rows), f"one of {list(rows)}")
    return {k: (v if k in ("supply", "kind", "source") else float(v)) for k, v in rows[supply].items()}


def supply_kind(supply: str) -> str:
    """'dc' or 'ac' (supplies.csv)."""
    return _supply_row(supply)["kind"]


@cache
def _frames() -> dict[float, tuple[int, int]]:
    return {float(r["p_kw"]): (int(r["frame_2pole"]), int(r["frame_4pole"])) for r in read_csv("iec_frames.csv")}


def frame_shaft_height_mm(rated_kw: float, poles: int) -> int:
    """IEC frame (shaft height, mm) of a totally enclosed induction motor of ``rated_kw`` (iec_frames.csv):
    the frame of the smallest tabulated rating >= rated_kw; 2-pole column for 2 poles, 4-pole otherwise."""
    f = _frames()
    rating = next((p for p in sorted(f) if p >= rated_kw * (1 - 1e-9)), None)
    if rating is None:
        raise MagphysValueError("rated_kw", rated_kw, f"<= {max(f)} kW (iec_frames.csv)")
    return f[rating][0 if poles == 2 else 1]


def environment_can(shaft_power_w: float) -> tuple[float, float, float]:
    """(mechanical gap m, can thickness m, can conductivity S/m) of a canned motor of this power."""
    t = rules()["topology"]["canned"]
    sigma = 1.0 / material("can", t["can_material"], "resistivity")
    return mechanical_gap_mm("canned", shaft_power_w) * 1e-3, t["can_mm"] * 1e-3, sigma


def default_supply(shaft_power_w: float) -> str:
    """The supply a motor of this shaft power usually runs on (E): 12 V DC to 50 W (server fans), 48 V DC to
    250 W, single-phase 230 V to 750 W, three-phase 400 V above."""
    for limit, name in ((50.0, "12V_dc"), (250.0, "48V_dc"), (750.0, "230V_1ph")):
        if shaft_power_w <= limit:
            return name
    return "400V_3ph"


def mechanical_gap_mm(topology: str, shaft_power_w: float) -> float:
    """Mechanical gap, can and sleeve included: g0 + k P^0.4 + the topology's extra (motor_generation.toml)."""
    c = rules()["common"]
    return c["gap_base_mm"] + c["gap_per_p04_mm"] * shaft_power_w**0.4 + rules()["topology"][topology]["gap_extra_mm"]


@cache
def candidate_grid(topology: str) -> np.ndarray:
    """The generated space of a topology (layout.GC_* rows): its pole/slot combinations (the search skips those
    whose electrical frequency at the duty's speed the drive cannot synthesise), design shear stresses over the
    class's published range, aspects, magnet thicknesses across the family's limits, split ratios (inner
    rotors). Mid-range shear stresses come first, so that a good design is found early and bounds the rest."""
    t = rules()["topology"][topology]
    lo, hi = t["shear_kpa"]
    shears = np.geomspace(lo, hi, 5) * 1e3
    shears = shears[np.argsort(np.abs(np.arange(5) - 2.5))]
    positions = (0.0, 1.0 / 3.0, 2.0 / 3.0, 1.0)
    kw = {tuple(c): winding_factor(*c) for c in t["pole_slots"]}
    grid = np.zeros((len(shears) * len(kw) * len(t["aspect"]) * len(t["split"]) * len(positions), L.N_GC))
    for row, (s, (p, q, y), a, split, m) in zip(
        grid, itertools.product(shears, t["pole_slots"], t["aspect"], t["split"], positions), strict=True
    ):
        row[[L.GC_POLE_PAIRS, L.GC_SLOTS, L.GC_KW, L.GC_COIL_PITCH]] = p, q, kw[(p, q, y)], y
        row[[L.GC_SHEAR_PA, L.GC_ASPECT, L.GC_MAG_POSITION, L.GC_SPLIT]] = s, a, m, split
    grid[:, L.GC_VOLT_UTIL] = rules()["common"]["volt_util"]
    grid.setflags(write=False)
    return grid


def _fluid_props(name: str, temp_c: float) -> tuple[float, float, float, float]:
    f = fluid_state(name, temp_c)
    return f.density_kg_m3, f.kinematic_viscosity_m2_s, f.conductivity_w_per_m_k, f.prandtl


def fluid_names(topology: str, coolant: str) -> dict[str, str]:
    """The fluids in the gap, over the rotor and around the housing ('coolant' is the pumped fluid)."""
    t = rules()["topology"][topology]
    return {k: (coolant if t[f"{k}_fluid"] == "coolant" else t[f"{k}_fluid"]) for k in ("gap", "rotor", "housing")}


def environment(
    torque_nm: float,
    speed_rpm: float,
    ambient_c: float,
    magnet: Magnet,
    topology: str,
    supply: str,
    envelope: Envelope | None,
    coolant: str = "water",
    hot_c: float | None = None,
    cold_c: float | None = None,
    max_winding_c: float | None = None,
    magnet_price_usd_per_kg: float = 0.0,
    loss_usd_per_w: float = DEFAULT_LOSS_USD_PER_W,
    air_speed_m_s: float | None = None,
    material_costs: bool = True,
) -> np.ndarray:
    """The layout.GE_* vector of one search: duty, supply and its drive, envelope, fluids, materials, rules."""
    c = rules()["common"]
    t = rules()["topology"][topology]
    p_shaft = torque_nm * speed_rpm * math.pi / 30.0
    drv = drive_for(supply, p_shaft)
    h_min, h_max, seg = magnet_limits(magnet)
    fl = fluid_names(topology, coolant)
    gap_rho, gap_nu, gap_k, gap_pr = _fluid_props(fl["gap"], ambient_c)
    _, rot_nu, rot_k, rot_pr = _fluid_props(fl["rotor"], ambient_c)
    _, hou_nu, hou_k, hou_pr = _fluid_props(fl["housing"], ambient_c)
    sheet = lamination_for(speed_rpm)
    k_h, k_e = lamination_coefficients(sheet)
    cp = lambda name: material("heat_capacity", name, "specific_heat")  # noqa: E731
    fan = topology == "outer_rotor_fan"
    air = FAN_AIR_SPEED_M_S if air_speed_m_s is None else float(air_speed_m_s)
    vals = {
        L.GE_TOPOLOGY: TOPOLOGIES[topology],
        L.GE_SPEED_RPM: speed_rpm,
        L.GE_TORQUE_NM: torque_nm,
        L.GE_AMBIENT_K: ambient_c + ZERO_C_K,
        L.GE_HOT_K: (ambient_c + c["hot_excursion_k"] if hot_c is None else hot_c) + ZERO_C_K,
        L.GE_COLD_K: (min(ambient_c, c["cold_c"]) if cold_c is None else cold_c) + ZERO_C_K,
        L.GE_DC_BUS_V: drv.dc_bus_v,
        L.GE_I_MAX_A: drv.rated_current_a,
        L.GE_DRIVE_R_OHM: drv.r_on_ohm,
        L.GE_DRIVE_SW_W_PER_A: drv.switching_w_per_a,
        L.GE_DRIVE_FIXED_W: drv.fixed_w,
        L.GE_RECT_DROP_V: drv.rect_drop_v,
        L.GE_PFC_LOSS_FRAC: drv.pfc_loss_frac,
        L.GE_DRIVE_IN_HOUSING: 1.0 if t["drive_in_housing"] else 0.0,
        L.GE_ENV_OD_M: math.inf if envelope is None else envelope.outer_diameter_mm * 1e-3,
        L.GE_ENV_LENGTH_M: math.inf if envelope is None else envelope.length_mm * 1e-3,
        L.GE_GAP_M: mechanical_gap_mm(topology, p_shaft) * 1e-3,
        L.GE_CAN_M: t["can_mm"] * 1e-3,
        L.GE_CAN_SIGMA: 1.0 / material("can", t["can_material"], "resistivity") if t["can_mm"] > 0 else 0.0,
        L.GE_GAP_RHO: gap_rho,
        L.GE_GAP_NU: gap_nu,
        L.GE_GAP_K: gap_k,
        L.GE_GAP_PR: gap_pr,
        L.GE_ROTOR_NU: rot_nu,
        L.GE_ROTOR_K: rot_k,
        L.GE_ROTOR_PR: rot_pr,
        L.GE_HOUSING_NU: hou_nu,
        L.GE_HOUSING_K: hou_k,
        L.GE_HOUSING_PR: hou_pr,
        L.GE_ROTOR_SPEED_M_S: air if fan else 0.0,
        L.GE_HOUSING_SPEED_M_S: air if fan else t["housing_speed_m_s"],
        L.GE_KH: k_h,
        L.GE_KE: k_e,
        L.GE_FE_DENSITY: material("lamination", sheet, "density"),
        L.GE_B_TOOTH_T: c["b_tooth_t"],
        L.GE_B_YOKE_T: c["b_yoke_t"],
        L.GE_STACKING: c["stacking"],
        L.GE_FILL: t["fill"],
        L.GE_BUILD_FE: iron_build_factor(),
        L.GE_RHO_CU: material("copper", "annealed", "resistivity_20c"),
        L.GE_CU_DENSITY: material("density", "copper", "density"),
        L.GE_CP_CU: cp("copper"),
        L.GE_CP_FE: cp("electrical_steel"),
        L.GE_CP_MAG: cp("magnet"),
        L.GE_CP_HOUSING: cp("aluminium"),
        L.GE_HOUSING_DENSITY: material("density", "aluminium", "density"),
        L.GE_K_LINER: material("insulation", "slot_liner", "conductivity"),
        L.GE_LINER_M: t["liner_mm"] * 1e-3,
        L.GE_H_CONTACT: material("interface", "stator_housing", "contact_conductance"),
        L.GE_BEARING_MU: t["bearing_mu"],
        L.GE_SEGMENT_MAX_M: seg * 1e-3,
        L.GE_MAG_MIN_M: h_min * 1e-3,
        L.GE_MAG_MAX_M: h_max * 1e-3,
        L.GE_MAX_WINDING_K: (c["max_winding_c"] if max_winding_c is None else max_winding_c) + ZERO_C_K,
        L.GE_TRIP_S: c["trip_s"],
        L.GE_STALL_S: c["stall_s"],
        L.GE_SC_PEAK: c["sc_peak"],
        L.GE_LOSS_LIMIT: c["loss_limit"],
        L.GE_PRICE_USD_PER_KG: magnet_price_usd_per_kg,
        L.GE_LOSS_USD_PER_W: loss_usd_per_w,
        L.GE_SHAFT_FRACTION: t["shaft_fraction"],
        L.GE_TIP_FRACTION: c["tip_fraction"],
        L.GE_OPENING_FRACTION: c["opening_fraction"],
        L.GE_WALL_FRACTION: t["wall_fraction"],
        L.GE_BEARING_NU_CST: t["bearing_nu_cst"],
        L.GE_FAN_LOSS_FRACTION: t["fan_loss_fraction"],
        L.GE_K_SHAFT: material("conductivity", "shaft_steel", "conductivity"),
        L.GE_F_E_MAX_HZ: drv.f_e_max_hz,
        L.GE_COPPER_USD_PER_KG: c["copper_usd_per_kg"] if material_costs else 0.0,
        L.GE_STEEL_USD_PER_KG: c["steel_usd_per_kg"] if material_costs else 0.0,
    }
    env = np.zeros(L.N_GE)
    for k, v in vals.items():
        env[k] = v
    return env


@dataclass(frozen=True)
class SearchResult:
    """Per (duty, magnet) pair: layout.SR_* rows, and the best candidate's OP_*, DV_* and GI_* rows (NaN
    where none is feasible)."""

    result: np.ndarray
    point: np.ndarray
    design: np.ndarray
    geometry: np.ndarray

    def binding(self, i: int = 0) -> str:
        """The name of pair ``i``'s binding constraint ('none' where a design was found)."""
        return bc.NAMES[int(self.result[i, L.SR_BINDING])]


def search(envs, grids, pair_grid, mag_recs, pair_mag, backend: str | None = None) -> SearchResult:
    """Run the sizing search on the kernels: pair k searches ``grids[pair_grid[k]]`` with environment
    ``envs[k]`` and magnet record ``mag_recs[pair_mag[k]]``."""
    envs = np.ascontiguousarray(envs, dtype=float)
    n = envs.shape[0]
    sizes = np.array([len(g) for g in grids])
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    cands = np.ascontiguousarray(np.concatenate(grids), dtype=float)
    pair_grid = np.asarray(pair_grid, dtype=np.int64)
    c0 = np.ascontiguousarray(offsets[pair_grid])
    c1 = np.ascontiguousarray(offsets[pair_grid + 1])
    res = np.zeros((n, L.N_SR))
    best_op = np.zeros((n, L.N_OP))
    best_dv = np.zeros((n, L.N_DV))
    best_gi = np.zeros((n, L.N_GI))
    args = (
        envs,
        cands,
        c0,
        c1,
        np.ascontiguousarray(mag_recs, dtype=float),
        np.ascontiguousarray(pair_mag, dtype=np.int64),
        np.zeros((n, L.N_DV)),
        np.zeros((n, L.N_GI)),
        np.zeros((n, L.N_MOTOR)),
        np.zeros((n, L.N_OP)),
        np.zeros((n, L.N_OP)),
        res,
        best_op,
        best_dv,
        best_gi,
    )
    launch("motor_design_search", args, resolve_backend(backend))
    return SearchResult(res, best_op, best_dv, best_gi)


def generated_design(
    dv: np.ndarray,
    magnet: Magnet,
    topology: str,
    supply: str,
    coolant: str,
    torque_nm: float,
    ambient_c: float,
    name: str,
    notes: str = "",
) -> MotorDesign:
    """The MotorDesign of a generated design vector (its record equals the search's)."""
    fl = fluid_names(topology, coolant)
    t = rules()["topology"][topology]
    return MotorDesign.from_vector(
        dv,
        name=name,
        description=f"generated {topology} motor ({t['description']}), {supply} supply",
        duty_source="generated by magphys.motor.design_for",
        fan_model="",
        topology=topology,
        magnet=magnet.name,
        rated_torque_nm=float(torque_nm),
        rated_ambient_c=float(ambient_c),
        lamination=lamination_for(float(dv[L.DV_SPEED_REF_RPM])),
        fluid=fl["gap"],
        housing_fluid="" if fl["housing"] == fl["gap"] else fl["housing"],
        can_material=t.get("can_material", "") if t["can_mm"] > 0 else "",
        supply=supply,
        notes=notes,
    )


def objective_weights(objective: str, magnet: Magnet, price: float | None, loss_usd_per_w: float | None):
    """(USD per kg of magnet, USD per W of loss) that ``objective`` minimises; 'lifetime_cost' also counts the
    copper and laminations at motor_generation.toml's prices (``environment(material_costs=True)``)."""
    if objective == "magnet_mass":
        return 1.0, 1e-9
    if objective == "losses":
        return 1e-9, 1.0
    if price is None:
        price = default_magnet_price(magnet)
    if objective == "magnet_cost":
        return price, 1e-9
    return price, DEFAULT_LOSS_USD_PER_W if loss_usd_per_w is None else loss_usd_per_w


def infeasible_reason(res_row: np.ndarray) -> str:
    """Why a search found no design: the binding constraint and what relaxing it means."""
    code = int(res_row[L.SR_BINDING])
    if res_row[L.SR_N_SINGLE] > 0:
        return (
            f"binding: {bc.NAMES[code]} ({int(res_row[L.SR_N_SINGLE])} designs fail only this; relax: {bc.RELAX[code]})"
        )
    return f"binding: {bc.NAMES[code]} and others (no design fails one constraint only; relax: {bc.RELAX[code]})"


@validate(
    torque_nm=Number(0.0, 1e4, lo_open=True, unit="N m"),
    speed_rpm=Number(100.0, 1e5, unit="rpm"),
    topology=Choice(tuple(TOPOLOGIES), fold=False),
    supply=Text("a supply name (mp.motor.supply_names())"),
    magnet=Instance(Magnet, "a magphys.Magnet", optional=True),
    ambient_c=Number(-40.0, 150.0, unit="degC"),
    coolant=Text("a coolant (water, PG25, PG30, EG25)"),
    hot_c=Number(-40.0, 200.0, unit="degC", optional=True),
    cold_c=Number(-60.0, 150.0, unit="degC", optional=True),
    max_winding_c=Number(0.0, 300.0, lo_open=True, unit="degC", optional=True),
    objective=Choice(OBJECTIVES, fold=False),
    magnet_price_usd_per_kg=Number(0.0, 1e5, lo_open=True, unit="USD/kg", optional=True),
    loss_usd_per_w=Number(0.0, 1e6, unit="USD per W of loss", optional=True),
    air_speed_m_s=Number(0.0, 200.0, unit="m/s", optional=True),
)
def design_for(
    torque_nm: float,
    speed_rpm: float,
    topology: str = "outer_rotor_fan",
    supply: str = "12V_dc",
    envelope=None,
    magnet: Magnet | None = None,
    ambient_c: float = 40.0,
    coolant: str = "water",
    hot_c: float | None = None,
    cold_c: float | None = None,
    max_winding_c: float | None = None,
    objective: str = "lifetime_cost",
    magnet_price_usd_per_kg: float | None = None,
    loss_usd_per_w: float | None = None,
    air_speed_m_s: float | None = None,
    backend: str | None = None,
) -> Motor:
    """A surface-PM motor generated for a duty: the least ``objective`` over the generated space.

    Parameters
    ----------
    torque_nm, speed_rpm : float
        The duty's shaft torque and speed.
    topology : str
        'outer_rotor_fan', 'inner_rotor_dry' (a sleeved rotor in air behind a seal) or 'canned' (the rotor
        runs in the coolant behind a can).
    supply : str
        The drive's supply: '12V_dc', '24V_dc', '48V_dc', '230V_1ph' or '400V_3ph' (supplies.csv).
    envelope : mapping or Envelope, optional
        ``{"outer_diameter_mm": .., "length_mm": ..}``: the largest outer diameter (outer rotor: the rotor;
        inner rotor: the frame) and axial length (stack and end windings). None: no limit.
    magnet : Magnet, optional
        The rotor's magnet (default the Dy-alloyed sintered N42SH).
    ambient_c : float
        The cooling medium at the duty (air over a fan, the coolant of a canned pump), degC.
    coolant : str
        The pumped fluid of a canned motor.
    hot_c, cold_c : float, optional
        Media of the hot and cold demagnetization checks (default ambient + 15 K and min(ambient, 15 C)).
    max_winding_c : float, optional
        Hottest winding allowed (default 150 C, class F less 5 K).
    objective : str
        'lifetime_cost' (magnet cost + losses x ``loss_usd_per_w``), 'magnet_cost', 'magnet_mass' or 'losses'.
    magnet_price_usd_per_kg, loss_usd_per_w : float, optional
        Prices of the objective (defaults: the magnet's class price; 9.3 USD per W of loss).
    air_speed_m_s : float, optional
        Air over a fan motor's hub (default 10 m/s).

    Returns
    -------
    Motor
        The generated motor; ``motor.design.notes`` states its shear stress, envelope use and demagnetization
        margin.

    Raises
    ------
    MagphysValueError
        For a duty no candidate meets, naming the constraint that binds and what relaxing it means.

    References
    ----------
    Hendershot & Miller, Design of Brushless Permanent-Magnet Motors (1994); Pyrhonen, Jokinen & Hrabovcova,
    Design of Rotating Electrical Machines, 2nd ed. (2014); the rules' sources in motor_generation.toml.
    """
    mag = Magnet.from_grade("N42SH") if magnet is None else magnet
    lo, hi = mag.valid_temp_c
    if not (lo <= ambient_c < hi):
        raise MagphysValueError("ambient_c", ambient_c, f">= {lo:g} and < {hi:g} degC (the model range of {mag.name})")
    env_box = as_envelope(envelope)
    price, loss_w = objective_weights(objective, mag, magnet_price_usd_per_kg, loss_usd_per_w)
    env = environment(
        torque_nm,
        speed_rpm,
        ambient_c,
        mag,
        topology,
        supply,
        env_box,
        coolant,
        hot_c,
        cold_c,
        max_winding_c,
        price,
        loss_w,
        air_speed_m_s,
        material_costs=objective == "lifetime_cost",
    )
    grid = candidate_grid(topology)
    r = search(env[None, :], [grid], [0], mag.record[None, :], [0], backend)
    row = r.result[0]
    if row[L.SR_BEST] < 0:
        raise MagphysValueError(
            "duty",
            dict(torque_nm=torque_nm, speed_rpm=speed_rpm, topology=topology, supply=supply, magnet=mag.name),
            "a duty some generated design meets",
            infeasible_reason(row),
        )
    gi = r.geometry[0]
    notes = (
        f"shear stress {gi[L.GI_SHEAR_PA] / 1e3:.3g} kPa; outer diameter {gi[L.GI_OUTER_D_M] * 1e3:.4g} mm, length "
        f"{gi[L.GI_LENGTH_M] * 1e3:.4g} mm; worst demagnetization event '{bc.EVENTS[int(row[L.SR_DEMAG_EVENT])]}' "
        f"loses {100 * row[L.SR_DEMAG_LOSS]:.2g} %"
    )
    design = generated_design(
        r.design[0],
        mag,
        topology,
        supply,
        coolant,
        torque_nm,
        ambient_c,
        f"generated_{topology}_{supply}_{torque_nm:.3g}Nm_{speed_rpm:.0f}rpm",
        notes,
    )
    return Motor(design, mag)
