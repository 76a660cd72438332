"""Physical and model constants used inside the kernels, each with its source.

Rare-earth intrinsic data (Tc, Js, HA at 300 K) are not here: they live in
``magphys/data/r2fe14b_intrinsic.csv`` and reach the kernels as a table argument, so a
user can change them without recompiling.
"""

import math

MU0 = 4.0e-7 * math.pi  # vacuum permeability, H/m (conventional value, CODATA 2018: 1.00000000055x)
N_AVOGADRO = 6.02214076e23  # 1/mol, exact (SI 2019)
T_REF_K = 300.0  # temperature of the intrinsic table (Herbst, Rev. Mod. Phys. 63, 819 (1991))
ZERO_C_K = 273.15  # 0 degC in kelvin (exact by definition of the Celsius scale)
T_20C_K = ZERO_C_K + 20.0  # the datasheet reference temperature

# --- molar masses, g/mol: IUPAC standard atomic weights (abridged, 2021); the one table -------
ATOMIC_MASS_G_PER_MOL = {
    "Nd": 144.242,
    "Pr": 140.908,
    "Dy": 162.500,
    "Tb": 158.925,
    "Ce": 140.116,
    "La": 138.905,
    "Ho": 164.930,
    "Gd": 157.25,
    "Y": 88.906,
    "Sm": 150.36,
    "Co": 58.933,
    "B": 10.81,
    "Cu": 63.546,
    "Al": 26.982,
    "Ga": 69.723,
    "Fe": 55.845,
    "O": 15.999,
}
M_CO = ATOMIC_MASS_G_PER_MOL["Co"]
M_B = ATOMIC_MASS_G_PER_MOL["B"]
M_CU = ATOMIC_MASS_G_PER_MOL["Cu"]
M_AL = ATOMIC_MASS_G_PER_MOL["Al"]
M_GA = ATOMIC_MASS_G_PER_MOL["Ga"]
M_FE = ATOMIC_MASS_G_PER_MOL["Fe"]

# --- Kuz'min law for the reduced magnetization m(tau) -----------------------------------
# m = [1 - s tau^(3/2) - (1-s) tau^p]^(1/3); p = 5/2 (Kuz'min, PRL 94, 107204 (2005)).
# s = 1.1448: Kuz'min fit to the UppASD Ms(T) of Nd2Fe14B (MaMMoS mammos-spindynamics
# data/0003, fit in shared/data/ndfeb_mammos_spindynamics_Ms_T.csv). Used with the
# experimental Tc of each compound (table), so only the shape comes from the simulation.
KUZMIN_P = 2.5
KUZMIN_S_R2FE14B = 1.1448

# --- anisotropy field temperature law ---------------------------------------------------------
# mu0*HA(T) = mu0*HA(300 K) * (m(T)/m(300 K))^k, i.e. K1 ~ m^(k+1) (Callen-Callen power law with
# an effective exponent, the form of Miura & Sakuma, AIP Adv. 8, 075114 (2018)). k = 2.3 is the
# least-squares fit to the Nd2Fe14B single-crystal HA(T) of Hirosawa et al., J. Appl. Phys. 59, 873
# (1986) read from the figure (7.3, 6.5, 5.3, 4.3, 3.0, 1.5 T at 300-550 K; values recalled,
# +-15 %); Callen-Callen l=2 alone would give k=2.
HA_EXPONENT = 2.3

# --- thermal activation (Givord, Tenaud & Viadieu, IEEE Trans. Magn. 24, 1921 (1988)) ----------
# mu0 HcJ = alpha(T) mu0 HA - N_eff Js - ln(f0 t) k_B T / (Ms v): reversal is thermally activated over
# a barrier of ln(f0 t) k_B T in a hold of duration t (25 k_B T in a laboratory measurement); the same
# term is the magnetic viscosity, J(t) = J(t0) - S ln(t/t0) with S = chi_irr S_v and the fluctuation
# field S_v = k_B T / (Ms v) (Street & Woolley, Proc. Phys. Soc. A 62, 562 (1949); Neel, J. Phys.
# Radium 11, 49 (1950)). v scales as the domain-wall width cubed, delta_w^3 ~ (A/K1)^(3/2) ~
# m^(3(1-k)/2) with A ~ m^2 (Kuz'min et al., EPJ Plus 135, 301 (2020)) and K1 ~ m^(k+1).
# ACTIVATION_VOLUME_300K_M3 is set from the magnetic viscosity, not from HcJ(T): 800 nm^3 gives
# mu0 S_v = k_B T / (Ms v) = 4.2 mT at 20 C and 5.3 mT at 150 C for the N-class reference alloy, in
# the 1-5 mT that viscosity measurements on sintered NdFeB give at room temperature (Givord et al.
# 1988, (R): the value recalled, the paper not read here; docs/research/issue15_ndfeb_data.md section 3)
# and rising with temperature as measured between 30 and 160 C (Materials 17, 243 (2024), abstract).
# A shift of HcJ by ln(10) S_v ~ 8-10 kA/m per decade of time: the ageing of IEC TR 62518.
# (The first calibration fitted v = 113 nm^3 to beta(HcJ): S_v = 29 mT, six times the measured
# viscosity, so that time did the work of temperature.)
K_BOLTZMANN = 1.380649e-23  # J/K, exact (SI 2019)
# The barrier that thermal activation crosses in a time t is ln(f0 t) k_B T, f0 ~ 1e9 1/s
# (Neel-Brown attempt frequency). A demagnetization-curve measurement (~72 s) gives Givord's
# 25 k_B T; holding a magnet for hours at temperature lets it cross higher barriers, which is
# the time-dependent irreversible loss of IEC TR 62518.
ATTEMPT_FREQUENCY_HZ = 1.0e9
MEASUREMENT_TIME_S = 72.0
THERMAL_BARRIER_KT = math.log(ATTEMPT_FREQUENCY_HZ * MEASUREMENT_TIME_S)  # = 25.0
DEFAULT_EXPOSURE_S = 3600.0
ACTIVATION_VOLUME_300K_M3 = 800e-27
ACTIVATION_VOLUME_EXPONENT = 1.5 * (1.0 - HA_EXPONENT)
# --- temperature dependence of the nucleation factor ---------------------------------------------
# alpha(T) = alpha(T_REF) (m(T)/m(T_REF))^n, an effective exponent (E, fitted): the anisotropy where
# reversal nucleates falls faster with temperature than the bulk's HA ~ m^k. It lumps what the model does
# not resolve: the reduced-anisotropy outer shell of the grains against the grain boundary, and the
# angular factor alpha_psi of Kronmueller & Durst (JMMM 74, 291 (1988)), which depends on K2/K1, a ratio
# that falls with temperature in Nd2Fe14B (R). n is calibrated (magphys/materials/calibrate.py) on the
# vendor beta(HcJ) of the Dy-free N class with the viscosity's activation volume above; the SH class's
# HcJ(150 C)/HcJ(20 C) is then a prediction (0.306 against the measured N48SH's 0.299: tests/test_demag.py).
NUCLEATION_EXPONENT = 0.6837
# HcJ / (alpha HA) of the calibration's reference N alloy at 20 C (magphys/materials/calibrate.py): scales the
# switching-field width, which follows alpha HA (kernels/demag.py layer_switching), so that this alloy has the
# process's squareness.
SWITCHING_WIDTH_REF = 0.3311

# --- Co on the Fe sites of R2(Fe1-yCoy)14B (y = Co/(Fe+Co) atomic) --------------------------
# Tc rises ~ +10 K per at.% Co of the alloy (magnetweb.com tutorial Sect. 3D citing Matsuura et al.,
# Appl. Phys. Lett. 46, 308 (1985)); with 14/17 of the atoms on TM sites this is 824 K per unit y.
# Js(300 K) first rises slightly, then falls (same source): flat at small y. K1 and HA fall with Co:
# about -1 to -1.5 T of mu0HA per 0.1 y (Matsuura 1985 / Herbst RMP 63, 819 (1991); recalled, not
# re-read), -12 T per unit y used.
DTC_CO_K = 10.0 * (14.0 / 17.0) / 0.01
DJS_CO_T = 0.0
DHA_CO_T = -12.0
# The linear laws above hold for dilute Co only; vendors' sintered grades carry <= ~3 wt% Co (y <= 0.04).
# CO_Y_MAX (E): the model's validity, y <= 0.2 (~15 wt% Co), inside the range of the Matsuura series.
CO_Y_MAX = 0.2

# --- phase densities and geometry ---------------------------------------------------------------
# Nd2Fe14B lattice a = 0.882 nm, c = 1.224 nm, Z = 4 formula units per cell
# (Herbst 1991; shared/data/ndfeb_anchor_points.csv) -> X-ray density of the main phase.
LATTICE_A_M = 0.882e-9
LATTICE_C_M = 1.224e-9
FU_PER_CELL = 4.0
# Grain-boundary (Nd-rich) phase: density of Nd metal, 7.01 g/cm3 (CRC Handbook of Chemistry
# and Physics, 97th ed., 'Physical constants of inorganic compounds').
RHO_GB_G_CM3 = 7.01
# Free (alpha-)Fe beyond this many wt% means the alloy is below the R2Fe14B stoichiometry:
# soft alpha-Fe destroys coercivity and the Kronmueller model does not apply.
FREE_FE_MAX_WT = 0.5
# Ce+La beyond half the rare earth: CeFe2 and La-rich phases appear in sintered magnets
# (Pathak et al., Adv. Mater. 27, 2663 (2015); Zhu et al., AIP Adv. 3, 042109 (2013)).
CE_LA_MAX_FRACTION = 0.5
# Ce does not only dilute the main phase: in sintered magnets a Ce-rich REFe2 (CeFe2) grain-boundary phase forms
# from ~5 wt% Ce on (Liang et al., Front. Mater. 10, 1258222 (2023)) and decouples the grains, which offsets
# part of the dilution (Chen et al., JMMM 2022, doi:10.1016/j.jmmm.2022.169477: HcJ 1053 / 912 / 912 / 732
# kA/m at 0 / 5 / 10 / 15 wt% Ce, "the distributions of the grain boundary phase are optimized ... due to the
# formation of CeFe2"). The model raises the nucleation factor by CE_GB_DALPHA per unit Ce share of the rare
# earth (E): fitted by magphys/materials/calibrate.py to Chen's three ratios; the hot-deformed (Nd0.8Ce0.2)
# point of the Hono group (HcJ as LRE-free) is the check it was not fitted to. Linear mixing alone cost 25 / 49
# / 74 % of HcJ at 5 / 10 / 15 wt% Ce against the measured 13 / 13 / 30 %.
CE_GB_DALPHA = 0.2272

# --- N_eff versus grain size D --------------------------------------------------------------------
# N_eff = a + b ln(D/1 um) through Bance et al., J. Appl. Phys. 116, 233903 (2014):
# N_eff = 0.2 at 55 nm and 1.22 at 8.3 um (Dy-free Nd2Fe14B); the logarithmic form follows
# the HcJ ~ -ln(D^2) law of Ramesh & Thomas (shared/data/ndfeb_kronmuller_datapoints.csv).
NEFF_B = (1.22 - 0.2) / math.log(8.3 / 0.055)
NEFF_A = 1.22 - NEFF_B * math.log(8.3)
GRAIN_MIN_UM = 0.02
GRAIN_MAX_UM = 20.0

# --- temperature validity of the R2Fe14B model ------------------------------------------------------
# Below the Nd2Fe14B spin reorientation (135 K, Herbst 1991) the easy axis cants and the
# Kronmueller/HA law used here does not hold.
T_MIN_R2FE14B_K = 150.0

# --- grain-boundary diffusion core-shell model -------------------------------------------------
# A diffused heavy rare earth ends mostly in an (R,HRE)2Fe14B shell of the grains next to the
# grain boundaries, so the HA that controls nucleation rises far more than the same amount
# would raise it in bulk. SHELL_ENRICHMENT = (fraction of the diffused HRE that enters shells)
# / (shell volume fraction of a grain), the initial slope of the shell's HRE fraction against the bulk
# fraction; the shells fill up towards SHELL_X_MAX, x_shell = X_MAX (1 - exp(-E x_bulk / X_MAX)), the
# Dy/(Nd+Dy) found in the shells next to the coated surface (Loewe et al., Acta Mater. 83, 248 (2015):
# ~6 at.% Dy in the 2:14:1 shell), so the gain per wt% falls as the uptake grows. E is calibrated on the
# same paper: 0.6 wt% Dy diffused raises HcJ by > 400 kA/m (model: +430 kA/m for a 4 mm magnet).
SHELL_ENRICHMENT = 9.76
SHELL_VOLUME_FRACTION = 0.1
SHELL_X_MAX = 0.5
# Eutectic (Nd-Cu / Nd-Al-Ni-Cu) GBD raises alpha by magnetic decoupling of the grains;
# saturating gain alpha_max*(1-exp(-c/C0)). 0.85 T gain on a Dy-free base
# (Huber et al., ar5iv 1903.02233) over mu0*HA = 7.3 T gives DALPHA_MAX.
EUTECTIC_DALPHA_MAX = 0.85 / 7.3
EUTECTIC_C0_WT = 1.0
# The eutectic stays in the grain boundaries as non-magnetic volume and dilutes Br: Nd70Cu30 / Pr70Cu30 (wt%, the
# usual infiltration alloys) at 1/rho = sum w_i / rho_i with Nd 7.01, Pr 6.77, Cu 8.96 g/cm3 (CRC Handbook,
# densities of the elements at 20 degC): 7.50 and 7.32 g/cm3; one value (7.4) for both (their Br effect differs
# by 0.02 % per wt%).
EUTECTIC_RHO_G_CM3 = 7.4

# --- motor --------------------------------------------------------------------------------------------
# Copper: resistivity temperature coefficient 0.00393 1/K at 20 C (IEC 60028, annealed copper).
CU_ALPHA_PER_K = 0.00393
# Turbulent Couette skin friction of a rotating cylinder, Cf = 0.0325 Re^-0.2 with Re = omega r g / nu
# (Vrancik, NASA TN D-4849 (1968); as used by Saari, Helsinki Univ. Tech. report 54 (1998)).
CF_COEFF = 0.0325
CF_EXP = -0.2
# Thermal runaway is declared when the winding passes this temperature or the fixed point diverges.
T_RUNAWAY_K = 573.15
# Slot and end-winding leakage inductance as a fraction of the magnetizing inductance of small
# surface-PM machines (typical 0.2-0.5; estimate).
SLOT_LEAKAGE = 0.3
