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
from ..kernels.scaling import (
    carter_coefficient,
    copper_mass_kg,
    heat_capacities,
    magnet_volume_m3,
    phase_resistance_ohm,
)
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
        if self.topology not in ("outer_rotor", "inner_rotor_canned"):
            raise MagphysValueError("topology", self.topology, "'outer_rotor' or 'inner_rotor_canned'")
        for f in ("rated_torque_nm", "can_mm", "bearing_torque_mnm", "ripple"):
            if getattr(self, f) < 0:
                raise MagphysValueError(f, getattr(self, f), ">= 0")

    def with_changes(self, **changes) -> MotorDesign:
        d = replace(self, **changes)
        d.validate()
        return d

    # --- derived quantities, each with its correlation --------------------------------------------
    def carter_factor(self, mu_rec: float, magnet_thickness_mm=None):
        """Carter's coefficient for the effective gap g + h_m/mu_rec (kernels/scaling.py: Pyrhonen et al.,
        Design of Rotating Electrical Machines, eq. 3.1 with gamma = (b0/g)^2/(5 + b0/g)); for this design's
        magnet, or for ``magnet_thickness_mm`` (arrays work)."""
        h_m = self.magnet_thickness_mm if magnet_thickness_mm is None else magnet_thickness_mm
        return carter_coefficient(self.gap_mm, h_m, mu_rec, self.slot_opening_mm, self.r_gap_mm, self.slots)

    def wire_area_m2(self) -> float:
        """Cross-section of one (round) wire, m2."""
        return math.pi / 4 * (self.wire_diameter_mm * 1e-3) ** 2

    def phase_resistance_20c(self) -> float:
        rho = material("copper", "annealed", "resistivity_20c")
        return phase_resistance_ohm(rho, self.turns_per_phase, self.mean_turn_mm * 1e-3, self.wire_area_m2())

    def iron_coefficients(self) -> tuple[float, float]:
        """(k_h, k_e): classical eddy k_e = pi^2 d^2 / (6 rho_e rho_m) from the sheet; k_h fitted so
        that the total is the grade's loss at 1.5 T, 50 Hz (excess loss folded into k_h)."""
        d = material("lamination", self.lamination, "thickness")
        rho_e = material("lamination", self.lamination, "resistivity")
        rho_m = material("lamination", self.lamination, "density")
        k_e = math.pi**2 * d**2 / (6 * rho_e * rho_m)
        p15 = material("lamination", self.lamination, "loss_1p5T_50Hz")
        k_h = (p15 - k_e * 50**2 * 1.5**2) / (50 * 1.5**2)
        return k_h, k_e

    def fluid_state(self):
        """The cooling fluid at the rated cooling temperature (CoolProp), for the gap and surfaces."""
        return fluid_state(self.fluid, self.rated_ambient_c)

    def conductances(self) -> tuple[float, float, float, float, float]:
        """(G_ws, G_sh, G_sm, G_ma, G_ha) in W/K at the rated speed.

        G_ws: slot liner conduction; G_sh: stator-housing interface; G_sm: gap convection with the
        Becker & Kaye (1962) Taylor-Couette Nusselt number Nu = 0.409 Ta^0.241 (>= 2, conduction);
        G_ma, G_ha: forced convection over rotor and housing, laminar flat plate
        Nu = 0.664 Re^0.5 Pr^(1/3) (Incropera & DeWitt eq. 7.30).
        """
        fl = self.fluid_state()
        k_fl, nu, pr = fl.conductivity_w_per_m_k, fl.kinematic_viscosity_m2_s, fl.prandtl
        k_liner = material("insulation", "slot_liner", "conductivity")
        h_if = material("interface", "stator_housing", "contact_conductance")
        stack = self.stack_mm * 1e-3
        g_ws = k_liner * self.slots * self.slot_perimeter_mm * 1e-3 * stack / (self.slot_liner_mm * 1e-3)
        g_sh = h_if * self.stator_housing_contact_area_mm2 * 1e-6
        omega = self.rated_speed_rpm * 2 * math.pi / 60
        r = self.r_gap_mm * 1e-3
        gap = self.gap_mm * 1e-3
        ta = omega**2 * r * gap**3 / nu**2
        nu_gap = max(2.0, 0.409 * ta**0.241)
        g_sm = nu_gap * k_fl / (2 * gap) * 2 * math.pi * r * stack

        def plate(area_mm2, length_mm, speed):
            re = speed * length_mm * 1e-3 / nu
            h = 0.664 * re**0.5 * pr ** (1 / 3) * k_fl / (length_mm * 1e-3)
            return h * area_mm2 * 1e-6

        g_ma = plate(self.rotor_area_mm2, self.rotor_length_mm, self.rotor_air_speed_m_s)
        g_ha = plate(self.housing_area_mm2, self.housing_length_mm, self.housing_air_speed_m_s)
        return g_ws, g_sh, g_sm, g_ma, g_ha

    def magnet_volume_m3(self) -> float:
        outer = 1.0 if self.topology == "outer_rotor" else 0.0
        return magnet_volume_m3(self.r_gap_mm, self.magnet_thickness_mm, self.stack_mm, self.pole_arc, outer)

    def rotor_outer_diameter_mm(self) -> float:
        """Outer diameter of an outer rotor: gap radius + magnet + back-iron ring, the ring thickness
        from the rotor iron mass over its length (lamination density)."""
        if self.topology != "outer_rotor":
            raise MagphysValueError("topology", self.topology, "'outer_rotor' (an inner rotor sits in the stator)")
        r_m = (self.r_gap_mm + self.magnet_thickness_mm) * 1e-3
        rho = material("lamination", self.lamination, "density")
        t_iron = self.rotor_iron_g * 1e-3 / (rho * 2 * math.pi * r_m * self.rotor_length_mm * 1e-3)
        return 2e3 * (r_m + t_iron)

    def copper_mass_kg(self) -> float:
        density = material("density", "copper", "density")
        return copper_mass_kg(self.turns_per_phase, self.mean_turn_mm * 1e-3, self.wire_area_m2(), density)

    def heat_capacities(self, magnet_density_kg_m3: float) -> tuple[float, float, float, float]:
        """(C_winding, C_stator, C_magnet+rotor iron, C_housing) in J/K from masses and specific heats;
        the housing is aluminium."""
        cp = lambda name: material("heat_capacity", name, "specific_heat")  # noqa: E731
        c_w, c_s, c_m = heat_capacities(
            self.copper_mass_kg(),
            self.stator_iron_g * 1e-3,
            self.magnet_volume_m3() * magnet_density_kg_m3,
            self.rotor_iron_g * 1e-3,
            cp("copper"),
            cp("electrical_steel"),
            cp("magnet"),
        )
        c_h = self.housing_g * 1e-3 * cp("aluminium")
        return c_w, c_s, c_m, c_h

    def record(self, mu_rec: float, magnet_density_kg_m3: float = 7500.0) -> np.ndarray:
        """Motor record (layout.P_*) for a magnet of recoil permeability mu_rec and density."""
        self.validate()
        rec = np.zeros(L.N_MOTOR)
        k_h, k_e = self.iron_coefficients()
        g_ws, g_sh, g_sm, g_ma, g_ha = self.conductances()
        can_sigma = 1.0 / material("can", self.can_material, "resistivity") if self.can_mm > 0 else 0.0
        vals = {
            L.P_POLE_PAIRS: self.pole_pairs,
            L.P_SLOTS: self.slots,
            L.P_R_GAP_M: self.r_gap_mm * 1e-3,
            L.P_GAP_M: self.gap_mm * 1e-3,
            L.P_MAG_THICK_M: self.magnet_thickness_mm * 1e-3,
            L.P_POLE_ARC: self.pole_arc,
            L.P_STACK_M: self.stack_mm * 1e-3,
            L.P_TURNS: self.turns_per_phase,
            L.P_KW: self.winding_factor,
            L.P_CARTER: self.carter_factor(mu_rec),
            L.P_LEAKAGE: self.leakage,
            L.P_R20_OHM: self.phase_resistance_20c(),
            L.P_FE_MASS_KG: self.stator_iron_g * 1e-3,
            L.P_KH: k_h,
            L.P_KE: k_e,
            L.P_B_IRON_RATIO: self.b_iron_ratio,
            L.P_MAG_VOL_M3: self.magnet_volume_m3(),
            L.P_MAG_SEG_M: self.magnet_segment_mm * 1e-3,
            L.P_RIPPLE: self.ripple,
            L.P_BEARING_NM: self.bearing_torque_mnm * 1e-3,
            L.P_FLUID_RHO: self.fluid_state().density_kg_m3,
            L.P_FLUID_NU: self.fluid_state().kinematic_viscosity_m2_s,
            L.P_CAN_T_M: self.can_mm * 1e-3,
            L.P_CAN_SIGMA: can_sigma,
            L.P_DRIVE_R_OHM: self.drive_r_on_mohm * 1e-3,
            L.P_DRIVE_SW_W_PER_A: self.drive_switching_w_per_a,
            L.P_DRIVE_FIXED_W: self.drive_fixed_w,
            L.P_I_MAX_A: self.current_limit_a,
            L.P_G_WS: g_ws,
            L.P_G_SH: g_sh,
            L.P_G_SM: g_sm,
            L.P_G_MA: g_ma,
            L.P_G_HA: g_ha,
            L.P_SPEED_REF_RPM: self.rated_speed_rpm,
            L.P_CONV_EXP: 0.5,  # laminar plate: Nu ~ Re^0.5
            L.P_DRIVE_IN_HOUSING: 1.0 if self.drive_in_housing else 0.0,
        }
        c_w, c_s, c_m, c_h = self.heat_capacities(magnet_density_kg_m3)
        vals.update(
            {L.P_C_WINDING: c_w, L.P_C_STATOR: c_s, L.P_C_MAGNET: c_m, L.P_C_HOUSING: c_h, L.P_DC_BUS_V: self.dc_bus_v}
        )
        for k, v in vals.items():
            rec[k] = v
        rec.setflags(write=False)
        return rec


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
