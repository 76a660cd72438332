"""Motor designs: geometry and materials -> the motor record of the kernels, with validation."""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, fields, replace
from functools import cache
from importlib import resources

import numpy as np

from ..errors import MagphysValueError, unknown_name
from ..kernels import layout as L
from ..kernels.generate import design_record, stray_coefficient
from ..kernels.scaling import magnet_volume_m3, phase_resistance_ohm
from ..materials._fluids import fluid_state
from ..materials._tables import read_csv


@cache
def _materials() -> dict:
    return {(r["kind"], r["name"], r["property"]): float(r["value"]) for r in read_csv("motor_materials.csv")}


def material(kind: str, name: str, prop: str) -> float:
    try:
        return _materials()[(kind, name, prop)]
    except KeyError:
        names = sorted({n for k, n, _ in _materials() if k == kind})
        raise MagphysValueError(kind, name, f"one of {names}") from None


TOPOLOGIES = {
    "outer_rotor_fan": L.TOPO_OUTER_ROTOR_FAN,
    "inner_rotor_dry": L.TOPO_INNER_ROTOR_DRY,
    "canned": L.TOPO_CANNED,
}


def lamination_coefficients(lamination: str) -> tuple[float, float]:
    """(k_h, k_e) of a lamination grade: classical eddy k_e = pi^2 d^2 / (6 rho_e rho_m) from the sheet;
    k_h fitted so that the total is the grade's loss at 1.5 T, 50 Hz (excess loss folded into k_h)."""
    d = material("lamination", lamination, "thickness")
    rho_e = material("lamination", lamination, "resistivity")
    rho_m = material("lamination", lamination, "density")
    k_e = math.pi**2 * d**2 / (6 * rho_e * rho_m)
    p15 = material("lamination", lamination, "loss_1p5T_50Hz")
    k_h = (p15 - k_e * 50**2 * 1.5**2) / (50 * 1.5**2)
    return k_h, k_e


def iron_build_factor() -> float:
    """Loss of the punched, stacked core over the sheet's Epstein loss (motor_materials.csv)."""
    return material("core", "punched_stacked", "build_factor")


@cache
def _designs() -> dict:
    text = resources.files("magphys.data").joinpath("motor_designs.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@dataclass(frozen=True)
class MotorDesign:
    """Every geometric, material and rating parameter of a surface-PM cooling motor (mm, g, rpm)."""

    name: str
    description: str
    duty_source: str
    fan_model: str
    topology: str
    magnet: str
    rated_speed_rpm: float
    rated_torque_nm: float
    rated_ambient_c: float
    pole_pairs: int
    slots: int
    r_gap_mm: float
    gap_mm: float
    magnet_thickness_mm: float
    pole_arc: float
    stack_mm: float
    turns_per_phase: float
    winding_factor: float
    slot_opening_mm: float
    wire_diameter_mm: float
    mean_turn_mm: float
    leakage: float
    stator_iron_g: float
    lamination: str
    b_iron_ratio: float
    ripple: float
    magnet_segment_mm: float
    bearing_torque_mnm: float
    fluid: str
    can_mm: float
    can_material: str
    drive_r_on_mohm: float
    drive_switching_w_per_a: float
    drive_fixed_w: float
    drive_in_housing: bool
    current_limit_a: float
    slot_liner_mm: float
    slot_perimeter_mm: float
    stator_housing_contact_area_mm2: float
    rotor_area_mm2: float
    rotor_length_mm: float
    rotor_air_speed_m_s: float
    housing_area_mm2: float
    housing_length_mm: float
    housing_air_speed_m_s: float
    rotor_iron_g: float = 0.0
    housing_g: float = 0.0
    dc_bus_v: float = 12.0
    notes: str = ""
    housing_fluid: str = ""  # the medium around the housing where it is not ``fluid`` (a canned pump: air)
    supply: str = ""  # the supply the drive runs on (magphys/data/supplies.csv); "" a bare DC bus
    rect_drop_v: float = 0.0  # mains rectifier drops in the conduction path
    pfc_loss_frac: float = 0.0  # power-factor-correction stage: loss per W passed
    iron_loss_factor: float = 1.0  # multiplies the lamination's k_h and k_e (a core calibrated to a measured loss)

    POSITIVE = (
        "r_gap_mm",
        "gap_mm",
        "magnet_thickness_mm",
        "stack_mm",
        "turns_per_phase",
        "wire_diameter_mm",
        "mean_turn_mm",
        "stator_iron_g",
        "slot_liner_mm",
        "slot_perimeter_mm",
        "current_limit_a",
        "rotor_area_mm2",
        "housing_area_mm2",
        "rated_speed_rpm",
        "dc_bus_v",
        "iron_loss_factor",
    )

    def validate(self) -> None:
        for f in self.POSITIVE:
            v = getattr(self, f)
            if not (isinstance(v, (int, float)) and math.isfinite(v) and v > 0):
                raise MagphysValueError(f, v, "> 0")
        if self.magnet_thickness_mm >= self.r_gap_mm:
            raise MagphysValueError(
                "magnet_thickness_mm",
                self.magnet_thickness_mm,
                f"< r_gap_mm = {self.r_gap_mm} (the magnet must fit in the rotor)",
            )
        for f in ("pole_arc", "winding_factor", "leakage"):
            v = getattr(self, f)
            if not (0 < v <= 1):
                raise MagphysValueError(f, v, "0 < value <= 1")
        if int(self.pole_pairs) < 1 or int(self.slots) < 3:
            raise MagphysValueError("pole_pairs/slots", (self.pole_pairs, self.slots), "pole_pairs >= 1, slots >= 3")
        from ..materials._fluids import FLUIDS

        if self.fluid not in FLUIDS:
            raise MagphysValueError("fluid", self.fluid, f"one of {sorted(FLUIDS)}")
        if self.housing_fluid and self.housing_fluid not in FLUIDS:
            raise MagphysValueError("housing_fluid", self.housing_fluid, f"'' (= fluid) or one of {sorted(FLUIDS)}")
        if self.topology not in TOPOLOGIES:
            raise MagphysValueError("topology", self.topology, f"one of {list(TOPOLOGIES)}")
        for f in ("rated_torque_nm", "can_mm", "bearing_torque_mnm", "ripple", "rect_drop_v", "pfc_loss_frac"):
            if getattr(self, f) < 0:
                raise MagphysValueError(f, getattr(self, f), ">= 0")

    def with_changes(self, **changes) -> MotorDesign:
        d = replace(self, **changes)
        d.validate()
        return d

    # --- derived quantities, each with its correlation --------------------------------------------
    def wire_area_m2(self) -> float:
        """Cross-section of one (round) wire, m2."""
        return math.pi / 4 * (self.wire_diameter_mm * 1e-3) ** 2

    def phase_resistance_20c(self) -> float:
        rho = material("copper", "annealed", "resistivity_20c")
        return phase_resistance_ohm(rho, self.turns_per_phase, self.mean_turn_mm * 1e-3, self.wire_area_m2())

    def iron_coefficients(self) -> tuple[float, float]:
        """(k_h, k_e) of the sheet; see ``lamination_coefficients``."""
        return lamination_coefficients(self.lamination)

    def fluid_state(self):
        """The cooling fluid at the rated cooling temperature (CoolProp), for the gap and surfaces."""
        return fluid_state(self.fluid, self.rated_ambient_c)

    def rated_shaft_power_w(self) -> float:
        return self.rated_torque_nm * self.rated_speed_rpm * math.pi / 30.0

    def magnet_volume_m3(self) -> float:
        outer = 1.0 if self.topology == "outer_rotor_fan" else 0.0
        return magnet_volume_m3(self.r_gap_mm, self.magnet_thickness_mm, self.stack_mm, self.pole_arc, outer)

    def rotor_outer_diameter_mm(self) -> float:
        """Outer diameter of an outer rotor's magnet ring and back iron, mm: the iron is the annulus of the rotor
        iron mass over its length (lamination density) outside the magnets, r_out^2 = r_m^2 + m / (rho pi L).
        A generated design's envelope adds the hub wall (motor_generation.toml wall_fraction) to this."""
        if self.topology != "outer_rotor_fan":
            raise MagphysValueError("topology", self.topology, "'outer_rotor_fan' (an inner rotor sits in the stator)")
        r_m = (self.r_gap_mm + self.magnet_thickness_mm) * 1e-3
        rho = material("lamination", self.lamination, "density")
        r_out = math.sqrt(r_m * r_m + self.rotor_iron_g * 1e-3 / (rho * math.pi * self.rotor_length_mm * 1e-3))
        return 2e3 * r_out

    def vector(self, mu_rec: float, magnet_density_kg_m3: float = 7500.0) -> np.ndarray:
        """The design vector (layout.DV_*, SI units) for a magnet of recoil permeability mu_rec and
        density: this design's numbers with its materials' and fluids' properties."""
        self.validate()
        fl = self.fluid_state()
        out = fluid_state(self.housing_fluid, self.rated_ambient_c) if self.housing_fluid else fl
        k_h, k_e = self.iron_coefficients()
        build = iron_build_factor()
        cp = lambda name: material("heat_capacity", name, "specific_heat")  # noqa: E731
        can_sigma = 1.0 / material("can", self.can_material, "resistivity") if self.can_mm > 0 else 0.0
        vals = {
            L.DV_POLE_PAIRS: self.pole_pairs,
            L.DV_SLOTS: self.slots,
            L.DV_R_GAP_M: self.r_gap_mm * 1e-3,
            L.DV_GAP_M: self.gap_mm * 1e-3,
            L.DV_MAG_M: self.magnet_thickness_mm * 1e-3,
            L.DV_POLE_ARC: self.pole_arc,
            L.DV_STACK_M: self.stack_mm * 1e-3,
            L.DV_TURNS: self.turns_per_phase,
            L.DV_KW: self.winding_factor,
            L.DV_SLOT_OPENING_M: self.slot_opening_mm * 1e-3,
            L.DV_WIRE_AREA_M2: self.wire_area_m2(),
            L.DV_MEAN_TURN_M: self.mean_turn_mm * 1e-3,
            L.DV_LEAKAGE: self.leakage,
            L.DV_STATOR_IRON_KG: self.stator_iron_g * 1e-3,
            L.DV_KH: k_h * build * self.iron_loss_factor,
            L.DV_KE: k_e * build * self.iron_loss_factor,
            L.DV_B_IRON_RATIO: self.b_iron_ratio,
            L.DV_RIPPLE: self.ripple,
            L.DV_SEGMENT_M: self.magnet_segment_mm * 1e-3,
            L.DV_BEARING_NM: self.bearing_torque_mnm * 1e-3,
            L.DV_GAP_RHO: fl.density_kg_m3,
            L.DV_GAP_NU: fl.kinematic_viscosity_m2_s,
            L.DV_GAP_K: fl.conductivity_w_per_m_k,
            L.DV_GAP_PR: fl.prandtl,
            L.DV_ROTOR_NU: fl.kinematic_viscosity_m2_s,
            L.DV_ROTOR_K: fl.conductivity_w_per_m_k,
            L.DV_ROTOR_PR: fl.prandtl,
            L.DV_HOUSING_NU: out.kinematic_viscosity_m2_s,
            L.DV_HOUSING_K: out.conductivity_w_per_m_k,
            L.DV_HOUSING_PR: out.prandtl,
            L.DV_CAN_M: self.can_mm * 1e-3,
            L.DV_CAN_SIGMA: can_sigma,
            L.DV_DRIVE_R_OHM: self.drive_r_on_mohm * 1e-3,
            L.DV_DRIVE_SW_W_PER_A: self.drive_switching_w_per_a,
            L.DV_DRIVE_FIXED_W: self.drive_fixed_w,
            L.DV_RECT_DROP_V: self.rect_drop_v,
            L.DV_PFC_LOSS_FRAC: self.pfc_loss_frac,
            L.DV_DRIVE_IN_HOUSING: 1.0 if self.drive_in_housing else 0.0,
            L.DV_I_MAX_A: self.current_limit_a,
            L.DV_DC_BUS_V: self.dc_bus_v,
            L.DV_LINER_M: self.slot_liner_mm * 1e-3,
            L.DV_K_LINER: material("insulation", "slot_liner", "conductivity"),
            L.DV_SLOT_PERIMETER_M: self.slot_perimeter_mm * 1e-3,
            L.DV_H_CONTACT: material("interface", "stator_housing", "contact_conductance"),
            L.DV_CONTACT_AREA_M2: self.stator_housing_contact_area_mm2 * 1e-6,
            L.DV_ROTOR_AREA_M2: self.rotor_area_mm2 * 1e-6,
            L.DV_ROTOR_LENGTH_M: self.rotor_length_mm * 1e-3,
            L.DV_ROTOR_SPEED_M_S: self.rotor_air_speed_m_s,
            L.DV_HOUSING_AREA_M2: self.housing_area_mm2 * 1e-6,
            L.DV_HOUSING_LENGTH_M: self.housing_length_mm * 1e-3,
            L.DV_HOUSING_SPEED_M_S: self.housing_air_speed_m_s,
            L.DV_ROTOR_IRON_KG: self.rotor_iron_g * 1e-3,
            L.DV_HOUSING_KG: self.housing_g * 1e-3,
            L.DV_SPEED_REF_RPM: self.rated_speed_rpm,
            L.DV_OUTER_ROTOR: 1.0 if self.topology == "outer_rotor_fan" else 0.0,
            L.DV_RHO_CU: material("copper", "annealed", "resistivity_20c"),
            L.DV_CU_DENSITY: material("density", "copper", "density"),
            L.DV_CP_CU: cp("copper"),
            L.DV_CP_FE: cp("electrical_steel"),
            L.DV_CP_MAG: cp("magnet"),
            L.DV_CP_HOUSING: cp("aluminium"),
            L.DV_MAG_DENSITY: magnet_density_kg_m3,
            L.DV_MU_REC: mu_rec,
            L.DV_STRAY_W_PER_NM2: stray_coefficient(self.rated_shaft_power_w(), self.rated_torque_nm),
        }
        dv = np.zeros(L.N_DV)
        for k, v in vals.items():
            dv[k] = v
        return dv

    def record(self, mu_rec: float, magnet_density_kg_m3: float = 7500.0) -> np.ndarray:
        """Motor record (layout.P_*) for a magnet of recoil permeability mu_rec and density, built by the
        kernels' ``design_record`` from ``vector``."""
        rec = np.zeros(L.N_MOTOR)
        design_record(self.vector(mu_rec, magnet_density_kg_m3), rec)
        rec.setflags(write=False)
        return rec

    @classmethod
    def from_vector(cls, dv: np.ndarray, **names) -> MotorDesign:
        """The design of a design vector (a generated motor); ``names`` gives the named fields (name,
        description, magnet, lamination, fluid, housing_fluid, can_material, supply, topology, rated
        point, ...) that a vector holds as numbers only."""
        d = {
            "pole_pairs": round(float(dv[L.DV_POLE_PAIRS])),
            "slots": round(float(dv[L.DV_SLOTS])),
            "r_gap_mm": dv[L.DV_R_GAP_M] * 1e3,
            "gap_mm": dv[L.DV_GAP_M] * 1e3,
            "magnet_thickness_mm": dv[L.DV_MAG_M] * 1e3,
            "pole_arc": dv[L.DV_POLE_ARC],
            "stack_mm": dv[L.DV_STACK_M] * 1e3,
            "turns_per_phase": dv[L.DV_TURNS],
            "winding_factor": dv[L.DV_KW],
            "slot_opening_mm": dv[L.DV_SLOT_OPENING_M] * 1e3,
            "wire_diameter_mm": math.sqrt(4.0 * dv[L.DV_WIRE_AREA_M2] / math.pi) * 1e3,
            "mean_turn_mm": dv[L.DV_MEAN_TURN_M] * 1e3,
            "leakage": dv[L.DV_LEAKAGE],
            "stator_iron_g": dv[L.DV_STATOR_IRON_KG] * 1e3,
            "b_iron_ratio": dv[L.DV_B_IRON_RATIO],
            "ripple": dv[L.DV_RIPPLE],
            "magnet_segment_mm": dv[L.DV_SEGMENT_M] * 1e3,
            "bearing_torque_mnm": dv[L.DV_BEARING_NM] * 1e3,
            "can_mm": dv[L.DV_CAN_M] * 1e3,
            "drive_r_on_mohm": dv[L.DV_DRIVE_R_OHM] * 1e3,
            "drive_switching_w_per_a": dv[L.DV_DRIVE_SW_W_PER_A],
            "drive_fixed_w": dv[L.DV_DRIVE_FIXED_W],
            "rect_drop_v": dv[L.DV_RECT_DROP_V],
            "pfc_loss_frac": dv[L.DV_PFC_LOSS_FRAC],
            "drive_in_housing": bool(dv[L.DV_DRIVE_IN_HOUSING] > 0),
            "current_limit_a": dv[L.DV_I_MAX_A],
            "dc_bus_v": dv[L.DV_DC_BUS_V],
            "slot_liner_mm": dv[L.DV_LINER_M] * 1e3,
            "slot_perimeter_mm": dv[L.DV_SLOT_PERIMETER_M] * 1e3,
            "stator_housing_contact_area_mm2": dv[L.DV_CONTACT_AREA_M2] * 1e6,
            "rotor_area_mm2": dv[L.DV_ROTOR_AREA_M2] * 1e6,
            "rotor_length_mm": dv[L.DV_ROTOR_LENGTH_M] * 1e3,
            "rotor_air_speed_m_s": dv[L.DV_ROTOR_SPEED_M_S],
            "housing_area_mm2": dv[L.DV_HOUSING_AREA_M2] * 1e6,
            "housing_length_mm": dv[L.DV_HOUSING_LENGTH_M] * 1e3,
            "housing_air_speed_m_s": dv[L.DV_HOUSING_SPEED_M_S],
            "rotor_iron_g": dv[L.DV_ROTOR_IRON_KG] * 1e3,
            "housing_g": dv[L.DV_HOUSING_KG] * 1e3,
            "rated_speed_rpm": dv[L.DV_SPEED_REF_RPM],
        }
        d = {k: float(v) if isinstance(v, (float, np.floating)) else v for k, v in d.items()}
        d.update(names)
        design = cls(**d)
        design.validate()
        return design


def reference_names() -> list[str]:
    """Names of the shipped reference designs."""
    return list(_designs())


def reference_design(name: str) -> MotorDesign:
    designs = _designs()
    if name not in designs:
        raise unknown_name("reference", name, designs, f"one of {list(designs)}")
    d = MotorDesign(name=name, **designs[name])
    d.validate()
    return d


DESIGN_FIELDS = tuple(f.name for f in fields(MotorDesign))
