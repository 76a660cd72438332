"""Array layouts shared by the kernels and the Python front end.

A magnet is passed to the kernels as one float64 *record* (a row of a 2-D array), so a
sweep over many magnets is a struct-of-arrays pass over memory. Compositions are rows
of weight percentages in the order of ``ELEMENTS``.
"""

# --- composition rows (wt%) -------------------------------------------------------------
RARE_EARTHS = ("Nd", "Pr", "Dy", "Tb", "Ce", "La", "Ho", "Gd", "Y")
ELEMENTS = (*RARE_EARTHS, "Co", "B", "Cu", "Al", "Ga", "Fe")
N_RE = len(RARE_EARTHS)
N_ELEM = len(ELEMENTS)
I_CE = ELEMENTS.index("Ce")
I_LA = ELEMENTS.index("La")
I_CO = ELEMENTS.index("Co")
I_B = ELEMENTS.index("B")
I_CU = ELEMENTS.index("Cu")
I_AL = ELEMENTS.index("Al")
I_GA = ELEMENTS.index("Ga")
I_FE = ELEMENTS.index("Fe")

# --- intrinsic table: one row per rare earth, columns: ------------------------------------
T_TC_K = 0  # Curie temperature of R2Fe14B
T_JS_T = 1  # mu0*Ms at 300 K
T_HA_T = 2  # mu0*HA at 300 K
T_MOLAR = 3  # molar mass of R, g/mol
N_TABLE = 4

# --- microstructure / process rows --------------------------------------------------------
M_ALPHA = 0  # Kronmueller microstructure factor alpha_K*alpha_psi
M_GRAIN_UM = 1  # mean grain size, micrometres (sets N_eff)
M_ALIGN = 2  # degree of texture <cos theta>
M_REL_DENSITY = 3  # sintered density / full density
M_SQUARENESS = 4  # Hk/HcJ of one homogeneous layer
M_KAPPA_REV = 5  # reversible-rotation factor kappa: mu_rec - 1 = kappa Br / (mu0 HA) (intrinsic.recoil_slope)
M_GBD_KIND = 6  # 0 none, 1 heavy rare earth, 2 light-RE eutectic (Nd-Cu type)
M_GBD_ELEM = 7  # index into RARE_EARTHS for kind 1
M_GBD_WT = 8  # diffused amount, wt% of the magnet
M_THICK_M = 9  # magnet thickness along the diffusion (easy) axis, m
M_GBD_DEPTH_M = 10  # diffusion length 2*sqrt(D t), m
M_NEFF_SCALE = 11  # N_eff of the process relative to the ideal-grain law N_eff(D)
N_MICRO = 12

GBD_NONE = 0
GBD_HRE = 1
GBD_EUTECTIC = 2

# --- magnet record ---------------------------------------------------------------------------
KIND_R2FE14B = 0  # composition-based Kronmueller model
KIND_LINEAR = 1  # catalogue material with datasheet temperature coefficients

N_LAYERS_MAX = 12  # layers over half the thickness for GBD depth profiles

R_KIND = 0
R_TC_K = 1
R_JS0_T = 2  # R2Fe14B: Js extrapolated to 0 K along the Kuz'min law (LINEAR: R_LIN_BR20_T)
R_HA0_T = 3  # R2Fe14B: HA scale at 0 K (LINEAR: R_LIN_HA20_T)
R_ALPHA = 4  # R2Fe14B: alpha (LINEAR: R_LIN_HCJ20_A_PER_M)
R_NEFF = 5  # R2Fe14B: N_eff (LINEAR: R_LIN_BETA_PER_K)
R_BR_FACTOR = 6  # R2Fe14B: Br/Js (LINEAR: R_LIN_ALPHA_PER_K)
R_MU_REC = 7
R_SQUARENESS = 8
R_N_LAYERS = 9
R_T_MIN_K = 10
R_T_MAX_K = 11
R_DENSITY = 12  # kg/m3
R_STATUS = 13  # composition status (OK or OUT_OF_RANGE)
R_JS_OVER_BR = 14  # LINEAR only: Js/Br of the phase at 20 C (R2Fe14B: unused)
R_V0_M3 = 15  # R2Fe14B: thermal-activation volume scaled to m = 1, m^3
R_FREE_TM_WT = 16  # R2Fe14B: Fe+Co left outside the main phase, wt% (alpha-Fe if > FREE_FE_MAX_WT)
R_X_CE_LA = 17  # R2Fe14B: Ce+La share of the rare-earth sites
R_KAPPA_REV = 18  # R2Fe14B: reversible-rotation factor of the recoil slope (intrinsic.recoil_slope)
R_DHA0 = 19  # N_LAYERS_MAX entries: shell anisotropy increase per layer (0 K scale), T
R_DALPHA = R_DHA0 + N_LAYERS_MAX  # N_LAYERS_MAX entries: alpha increase per layer
N_REC = R_DALPHA + N_LAYERS_MAX
# datasheet materials (KIND_LINEAR) keep their own quantities in five of those columns, named here
R_LIN_BR20_T = R_JS0_T  # Br at 20 C, T
R_LIN_HA20_T = R_HA0_T  # mu0*HA at 20 C, T
R_LIN_HCJ20_A_PER_M = R_ALPHA  # HcJ at 20 C, A/m
R_LIN_BETA_PER_K = R_NEFF  # beta(HcJ), 1/K
R_LIN_ALPHA_PER_K = R_BR_FACTOR  # alpha(Br), 1/K

# --- property outputs (magnet_properties kernel) ------------------------------------------
O_JS = 0
O_HA = 1
O_BR = 2
O_HCJ = 3
O_HCB = 4
O_HK = 5
O_BHMAX = 6
N_OUT = 7

# --- motor record (kernels/motor.py) ----------------------------------------------------------
P_POLE_PAIRS = 0
P_SLOTS = 1
P_R_GAP_M = 2  # radius of the magnet surface facing the gap
P_GAP_M = 3  # magnetic gap between magnet surface and stator bore (incl. can / sleeve)
P_MAG_THICK_M = 4
P_POLE_ARC = 5  # magnet arc / pole pitch
P_STACK_M = 6
P_TURNS = 7  # series turns per phase
P_KW = 8  # fundamental winding factor
P_CARTER = 9
P_LEAKAGE = 10  # fraction of the magnet flux that crosses the gap
P_R20_OHM = 11  # phase resistance at 20 C
P_FE_MASS_KG = 12
P_KH = 13  # hysteresis (+excess) loss coefficient, W/(kg Hz T^2)
P_KE = 14  # classical eddy loss coefficient, W/(kg Hz^2 T^2)
P_B_IRON_RATIO = 15  # mean stator-iron flux density / gap flux density
P_MAG_VOL_M3 = 16
P_MAG_SEG_M = 17  # width of one magnet segment across the slot-ripple field
P_RIPPLE = 18  # slot-harmonic flux ripple / gap flux density
P_BEARING_NM = 19  # bearing friction torque
P_FLUID_RHO = 20  # fluid in the gap: density, kg/m3
P_FLUID_NU = 21  # kinematic viscosity, m2/s
P_CAN_T_M = 22  # can thickness (0: no can)
P_CAN_SIGMA = 23  # can conductivity, S/m
P_DRIVE_R_OHM = 24  # inverter conduction resistance per phase
P_DRIVE_SW_W_PER_A = 25  # inverter switching loss per ampere (rms)
P_DRIVE_FIXED_W = 26  # gate drive and controller
P_I_MAX_A = 27  # current limit (rms per phase)
P_G_WS = 28  # thermal conductances, W/K: winding-stator
P_G_SH = 29  # stator-housing
P_G_SM = 30  # stator-rotor across the gap (at the reference speed)
P_G_MA = 31  # rotor-cooling medium (at the reference speed)
P_G_HA = 32  # housing-cooling medium (at the reference speed)
P_SPEED_REF_RPM = 33  # speed at which the convective conductances are given
P_CONV_EXP = 34  # forced-convection exponent G ~ (n/n_ref)^x (Nu ~ Re^x)
P_DRIVE_IN_HOUSING = 35  # 1: the drive's losses heat the housing node (EC fans, integrated pumps)
P_C_WINDING = 36  # heat capacities of the thermal nodes, J/K
P_C_STATOR = 37
P_C_MAGNET = 38
P_C_HOUSING = 39
P_DC_BUS_V = 40  # drive DC-link voltage
P_RECT_DROP_V = 41  # mains rectifier: forward drops in the conduction path (0: a DC supply)
P_PFC_LOSS_FRAC = 42  # power-factor-correction stage: loss per W it passes (0: none)
P_LIMITS_ON = 43  # 1: stop at the current and voltage limits; 0: evaluate beyond them (a sizing search)
P_STRAY_W_PER_NM2 = 44  # additional load losses per (N m)^2 of shaft torque
P_FAN_W_PER_RAD3 = 45  # the frame's cooling fan: W per (rad/s)^3
P_HARMONIC_FRAC = 46  # PWM harmonic losses / the fundamental copper, iron, magnet and stray losses
N_MOTOR = 47

# thermal nodes
TN_WINDING = 0
TN_STATOR = 1
TN_MAGNET = 2
TN_HOUSING = 3
N_TNODES = 4

# --- operating-point outputs ----------------------------------------------------------------------
OP_CURRENT_A = 0
OP_KT_NM_PER_A = 1
OP_BG_T = 2
OP_P_IN_W = 3
OP_P_SHAFT_W = 4
OP_P_CU_W = 5
OP_P_FE_W = 6
OP_P_MAGNET_W = 7
OP_P_BEARING_W = 8
OP_P_WINDAGE_W = 9
OP_P_CAN_W = 10
OP_P_DRIVE_W = 11
OP_T_WINDING_K = 12
OP_T_STATOR_K = 13
OP_T_MAGNET_K = 14
OP_T_HOUSING_K = 15
OP_HEAT_OUT_W = 16  # heat leaving the network to the cooling medium
OP_ITERATIONS = 17
OP_P_STRAY_W = 18  # additional (stray) load losses and the PWM supply's harmonic losses
N_OP = 19

# --- fleet-year members (one row per distinct motor duty in a fleet) ---------------------------------
FL_RATED_RPM = 0  # speed at speed fraction 1
FL_TORQUE1_NM = 1  # shaft torque at speed fraction 1 (fan/pump law: torque ~ s^2)
FL_S_DESIGN = 2  # speed fraction at full IT load and design inlet
FL_S_MIN = 3  # lowest speed fraction the drive runs at
FL_DT_DESIGN_K = 4  # stream temperature rise at design (full load, s_design)
FL_OUTLET_LIMIT_K = 5  # outlet temperature the control holds (the movers speed up when the inlet rises)
FL_APPROACH_K = 6  # stream inlet = climate temperature + approach (economizer) ...
FL_INLET_MIN_K = 7  # ... clipped to [min, max] by mechanical cooling (max = inf: chiller-less)
FL_INLET_MAX_K = 8
FL_AT_OUTLET = 9  # 1: the motor sits in the outlet stream (exhaust fans), 0: in the inlet (supply pumps)
FL_T_SAFE_K = 10  # magnet's safe (maximum working) temperature
FL_ETA_PEAK = 11  # the mover's peak efficiency at rated speed (its Reynolds correction with speed, kernels/mover.py)
N_FL = 12

FLEET_NS = 17  # speed-fraction nodes of the per-motor table (uniform from s_min to 1)
FLEET_NT = 4  # medium-temperature nodes (losses and Br are near-linear in temperature)
FLEET_NTAB = 2  # tabulated: input power W, magnet temperature K

# fleet-year outputs per member (one motor of that duty)
FO_ENERGY_KWH = 0
FO_PEAK_MAGNET_K = 1
FO_HOURS_ABOVE_SAFE = 2
FO_HOURS_INSUFFICIENT = 3
FO_PEAK_INPUT_W = 4
FO_MEAN_INPUT_W = 5
FO_IRREVERSIBLE_LOSS = 6  # flux lost at the hottest excursion, held for the hours near it
FO_HOURS_NEAR_PEAK = 7
N_FO = 8

# --- mover record (kernels/mover.py): a fan or pump (or a set of them) -----------------------------------
N_MV_NODES = 21  # shape nodes at x = i / (N_MV_NODES - 1), x = Q / Q_free
MV_Q_FREE = 0  # free delivery (fans) or the curve's last flow (pumps) at MV_RPM, m3/s
MV_P_SHUT = 1  # shut-off static pressure at MV_RPM and MV_RHO_REF, Pa
MV_RPM = 2  # speed of the curve
MV_RHO_REF = 3  # density the curve was measured at, kg/m3
MV_POWER_FREE_W = 4  # shaft power at x = 1, MV_RPM and MV_RHO_REF
MV_ETA_PEAK = 5  # peak efficiency at MV_RPM (Reynolds correction with speed)
MV_X_MIN = 6  # stable branch: x from MV_X_MIN to MV_X_MAX
MV_X_MAX = 7
MV_PRESSURE = 8  # N_MV_NODES entries: p / p_shut
MV_POWER = MV_PRESSURE + N_MV_NODES  # N_MV_NODES entries: P / P_free
N_MV = MV_POWER + N_MV_NODES

# --- plant settings (kernels/plant.py: circuit_power, plant_power): one vector per plant ------------------------
PL_SUPPLY_C = 0  # facility-water supply, degC
PL_DELTA_T_K = 1  # facility-water rise
PL_SINK_C = 2  # what the free cooler works against: dry-bulb (dry cooler) or wet-bulb (tower), degC
PL_APPROACH_K = 3  # free cooler's approach to the sink
PL_REJECTION_W_PER_W = 4  # heat-rejection fan power per W rejected at design
PL_CHILLER = 5  # 1: a chiller takes what free cooling cannot reach; 0: that is a deficit
PL_CARNOT_FRACTION = 6
PL_COP_MAX = 7
PL_EVAP_APPROACH_K = 8
PL_COND_APPROACH_K = 9
PL_PUMP_W_PER_W = 10  # facility pumps per W of water heat
PL_CRAH_APPROACH_K = 11  # supply air over the CRAH coil's water
PL_CRAH_W_PER_M3_S = 12  # CRAH fan power per m3/s of air
N_PL = 13
# one hour of the plant (kernels/plant.py plant_hour): its draws and what it could not reject, W
PH_CRAH_W = 0
PH_PUMPS_W = 1
PH_CHILLER_W = 2
PH_REJECTION_W = 3  # dry-cooler or tower fans
PH_DEFICIT_W = 4  # heat neither free cooling nor a chiller takes (no chiller)
PH_FREE_W = 5  # water heat free cooling takes
N_PH = 6

# --- full design chain (kernels/chain.py): materials -> scaled motor -> mover duty -> cost -----------
# scaling of a reference motor (one vector per sweep): the base geometry that scale_motor rewinds
SC_STACK_MM = 0
SC_H_MM = 1  # magnet thickness
SC_R_GAP_MM = 2
SC_GAP_MM = 3
SC_SLOT_OPENING_MM = 4
SC_SLOTS = 5
SC_TURNS = 6
SC_KW = 7
SC_POLE_ARC = 8
SC_LEAKAGE = 9
SC_WIRE_AREA_M2 = 10
SC_MEAN_TURN_MM = 11
SC_OUTER_ROTOR = 12  # 1: magnet outside the gap radius (outer rotor)
SC_STATOR_IRON_KG = 13
SC_ROTOR_IRON_KG = 14
SC_CP_COPPER = 15  # J/(kg K)
SC_CP_STEEL = 16
SC_CP_MAGNET = 17
SC_RHO_CU_OHM_M = 18  # copper resistivity at 20 C
SC_DENSITY_CU = 19  # kg/m3
SC_KT_BASE = 20  # K_t of the base with its own magnet at 20 C, N m/A (kept by the rewind)
N_SC = 21

# per-point duty columns
DU_STACK_FACTOR = 0
DU_THICKNESS_FACTOR = 1
DU_SPEED_RPM = 2
DU_TORQUE_NM = 3  # without the cooling stage: the shaft torque
DU_MEDIUM_K = 4  # without cooling: the motor's cooling medium; with cooling: the stream inlet
DU_FLOW_FRACTION = 5  # with cooling: Q / free delivery where the system curve meets the mover
DU_DELTA_T_K = 6  # with cooling: design temperature rise of the stream
DU_RACK_IT_W = 7  # with cooling: IT heat of the rack the movers serve
N_DU = 8

# chain settings (one vector per sweep)
CS_FROM_COMPOSITION = 0  # 1: magnet records from composition rows; 0: the given record (catalogue magnet)
CS_COOLING = 1  # 1: torque and medium from the mover duty
CS_CHECK_T_K = 2  # temperature of the HcJ robustness output
CS_AT_OUTLET = 3  # 1: the motor sits in the heated stream (exhaust fans)
CS_FLUID_T0_K = 4  # fluid property table: first temperature and step
CS_FLUID_DT_K = 5
CS_PROC_USD_PER_KG = 6  # processing added to the blank beyond raw materials
CS_GBD_STEP_USD_PER_KG = 7  # added where GBD wt% > 0
CS_YIELD = 8  # machining yield
CS_FIXED_USD_PER_KG = 9  # catalogue magnet: finished cost per kg
CS_FIXED_HREE_WT = 10  # catalogue magnet: heavy rare earth wt%
CS_USD_PER_KWH = 11
CS_MOVER = 12  # N_MV entries: the mover record (layout.MV_*) of one machine
CS_PLANT_ON = CS_MOVER + N_MV  # 1: the rack's heat goes on through the plant (CH_PLANT_W, CH_SITE_PPUE)
CS_AIR_STREAM = CS_PLANT_ON + 1  # 1: the movers' stream is room air (fans; to the CRAHs), 0: coolant (to the CDUs)
CS_ROOM_AIR_C = CS_PLANT_ON + 2  # supply air of the CRAHs where the movers are pumps, degC
CS_MOVERS_FIT = CS_PLANT_ON + 3  # movers the rack holds (fans_fit: servers x fans per server); inf: no limit
CS_PLANT = CS_PLANT_ON + 4  # N_PL entries: the plant (layout.PL_*)
CS_PRICE = CS_PLANT + N_PL  # N_ELEM entries: metal price, USD/kg
CS_GBD_ADD = CS_PRICE + N_ELEM  # N_ELEM entries: wt% of each element added per wt% diffused
CS_HREE = CS_GBD_ADD + N_ELEM  # N_ELEM entries: 1 for the heavy rare earths counted as HREE
N_CS = CS_HREE + N_ELEM

# fluid table columns
FT_RHO = 0
FT_CP = 1
N_FT = 2

# chain outputs per point
CH_BR_T = 0  # at 20 C
CH_HCJ_CHECK = 1  # HcJ at CS_CHECK_T_K, A/m
CH_EFFICIENCY = 2
CH_P_IN_W = 3
CH_LOSS_W = 4
CH_CURRENT_A = 5
CH_MAGNET_K = 6
CH_WINDING_K = 7
CH_MAGNET_KG = 8
CH_TORQUE_NM = 9
CH_FLOW_M3_S = 10  # one mover
CH_PRESSURE_PA = 11  # static
CH_HEAT_TO_STREAM_W = 12
CH_IT_PER_MOVER_W = 13  # IT heat one mover carries at the design rise
CH_MOVERS = 14  # movers per rack (continuous)
CH_RACK_COOLING_W = 15
CH_RACK_HEAT_W = 16  # heat removed from the rack: IT + the movers' heat
CH_PPUE = 17  # partial PUE of the movers
CH_USD_PER_KG = 18
CH_HREE_WT = 19
CH_MAGNET_USD = 20
CH_HREE_G = 21
CH_RACK_MAGNET_USD = 22
CH_RACK_HREE_G = 23
CH_RACK_ENERGY_USD_YR = 24  # the rack's mover electricity over 8760 h
CH_PLANT_W = 25  # the plant's draw for the rack (CRAH fans, facility pumps, chiller, heat rejection)
CH_SITE_PPUE = 26  # (IT load + CDU pumps + plant) / IT load, in-server fans counted as IT (The Green Grid)
N_CH = 27

# --- grain ensemble (kernels/grains.py) -------------------------------------------------------------
G_THETA = 0  # easy-axis tilt from the magnet's easy axis (z), rad
G_LN_D = 1  # ln(D / D50) of the grain size
G_LAYER = 2  # GBD depth layer (0 at the pole face ... N_LAYERS_MAX - 1 at mid-thickness); 0 without GBD
G_DEFECT = 3  # 1: a defect grain (switching field x EP_DEFECT_FACTOR)
G_WEIGHT = 4  # volume x cos(theta) / the ensemble's sum: the grain's share of the remanent polarization
G_LN_ALPHA = 5  # ln of the grain's microstructure factor relative to the magnet's alpha
N_GR = 6

EP_ALPHA_SCALE = 0  # calibration constant c_a on alpha x f_SW(theta)
EP_NEFF_SLOPE = 1  # dN_eff / d ln D of the process
EP_DEFECT_FACTOR = 2
EP_K_AX = 3  # reverse field per reversed axial neighbour / Ms
EP_K_LAT = 4  # forward field per reversed lateral neighbour / Ms
EP_NX = 5
EP_NY = 6
EP_NZ = 7
N_EP = 8

# --- design vector (kernels/generate.py: design_record): a motor design in SI units ------------------
# what magphys.motor.MotorDesign holds (lengths in m, masses in kg) plus its materials' and fluids' numbers
DV_POLE_PAIRS = 0
DV_SLOTS = 1
DV_R_GAP_M = 2  # radius of the magnet surface facing the gap
DV_GAP_M = 3  # magnetic gap, can and sleeve included
DV_MAG_M = 4  # magnet thickness
DV_POLE_ARC = 5
DV_STACK_M = 6
DV_TURNS = 7
DV_KW = 8
DV_SLOT_OPENING_M = 9
DV_WIRE_AREA_M2 = 10
DV_MEAN_TURN_M = 11
DV_LEAKAGE = 12
DV_STATOR_IRON_KG = 13
DV_KH = 14  # iron loss coefficients of the built core (build factor included)
DV_KE = 15
DV_B_IRON_RATIO = 16
DV_RIPPLE = 17
DV_SEGMENT_M = 18
DV_BEARING_NM = 19
DV_GAP_RHO = 20  # fluid in the gap: density, kinematic viscosity, conductivity, Prandtl number
DV_GAP_NU = 21
DV_GAP_K = 22
DV_GAP_PR = 23
DV_ROTOR_NU = 24  # medium over the rotor's outer surface
DV_ROTOR_K = 25
DV_ROTOR_PR = 26
DV_HOUSING_NU = 27  # medium around the housing
DV_HOUSING_K = 28
DV_HOUSING_PR = 29
DV_CAN_M = 30
DV_CAN_SIGMA = 31
DV_DRIVE_R_OHM = 32
DV_DRIVE_SW_W_PER_A = 33
DV_DRIVE_FIXED_W = 34
DV_RECT_DROP_V = 35
DV_PFC_LOSS_FRAC = 36
DV_DRIVE_IN_HOUSING = 37
DV_I_MAX_A = 38
DV_DC_BUS_V = 39
DV_LINER_M = 40
DV_K_LINER = 41
DV_SLOT_PERIMETER_M = 42
DV_H_CONTACT = 43  # stator-housing contact conductance, W/(m2 K)
DV_CONTACT_AREA_M2 = 44
DV_ROTOR_AREA_M2 = 45
DV_ROTOR_LENGTH_M = 46
DV_ROTOR_SPEED_M_S = 47
DV_HOUSING_AREA_M2 = 48
DV_HOUSING_LENGTH_M = 49
DV_HOUSING_SPEED_M_S = 50
DV_ROTOR_IRON_KG = 51
DV_HOUSING_KG = 52
DV_SPEED_REF_RPM = 53
DV_OUTER_ROTOR = 54
DV_RHO_CU = 55
DV_CU_DENSITY = 56
DV_CP_CU = 57
DV_CP_FE = 58
DV_CP_MAG = 59
DV_CP_HOUSING = 60
DV_MAG_DENSITY = 61
DV_MU_REC = 62
DV_STRAY_W_PER_NM2 = 63
DV_FAN_W_PER_RAD3 = 64
DV_SHAFT_G_W_K = 65  # an inner rotor's conduction through its shaft to the end shields (added to G_ma)
N_DV = 66

# --- generation (kernels/generate.py: generate): the duty, supply, drive and materials of one search -------
GE_TOPOLOGY = 0  # TOPO_*
GE_SPEED_RPM = 1
GE_TORQUE_NM = 2
GE_AMBIENT_K = 3  # cooling medium at the duty
GE_HOT_K = 4  # cooling medium of the hot demagnetization check
GE_COLD_K = 5  # coldest magnet (standstill at the coldest medium)
GE_DC_BUS_V = 6
GE_I_MAX_A = 7  # the drive's current limit, A rms
GE_DRIVE_R_OHM = 8
GE_DRIVE_SW_W_PER_A = 9
GE_DRIVE_FIXED_W = 10
GE_RECT_DROP_V = 11
GE_PFC_LOSS_FRAC = 12
GE_DRIVE_IN_HOUSING = 13
GE_ENV_OD_M = 14  # envelope: largest outer diameter of the motor
GE_ENV_LENGTH_M = 15  # envelope: largest axial length (stack and end windings)
GE_GAP_M = 16  # mechanical gap, can and sleeve included
GE_CAN_M = 17
GE_CAN_SIGMA = 18
GE_GAP_RHO = 19
GE_GAP_NU = 20
GE_GAP_K = 21
GE_GAP_PR = 22
GE_ROTOR_NU = 23
GE_ROTOR_K = 24
GE_ROTOR_PR = 25
GE_HOUSING_NU = 26
GE_HOUSING_K = 27
GE_HOUSING_PR = 28
GE_ROTOR_SPEED_M_S = 29  # medium speed over the rotor's outer surface (0: the rotor's own surface speed)
GE_HOUSING_SPEED_M_S = 30
GE_KH = 31  # lamination loss coefficients (sheet, before the build factor)
GE_KE = 32
GE_FE_DENSITY = 33
GE_B_TOOTH_T = 34
GE_B_YOKE_T = 35
GE_STACKING = 36
GE_FILL = 37  # slot fill factor of the winding kind
GE_BUILD_FE = 38  # iron loss build factor
GE_RHO_CU = 39
GE_CU_DENSITY = 40
GE_CP_CU = 41
GE_CP_FE = 42
GE_CP_MAG = 43
GE_CP_HOUSING = 44
GE_HOUSING_DENSITY = 45
GE_K_LINER = 46
GE_LINER_M = 47
GE_H_CONTACT = 48
GE_BEARING_MU = 49
GE_SEGMENT_MAX_M = 50  # widest magnet segment (sintered); a ring: the pole arc
GE_MAG_MIN_M = 51  # the magnet family's manufacturing limits
GE_MAG_MAX_M = 52
GE_MAX_WINDING_K = 53
GE_TRIP_S = 54  # a short circuit lasts until the drive's protection trips
GE_STALL_S = 55  # a stall lasts until the drive's stall protection trips
GE_SC_PEAK = 56  # peak transient short-circuit current / steady short-circuit current
GE_LOSS_LIMIT = 57  # largest irreversible flux loss an event may cost
GE_PRICE_USD_PER_KG = 58
GE_LOSS_USD_PER_W = 59
GE_SHAFT_FRACTION = 60  # shaft (and bearing) diameter / rotor diameter
GE_TIP_FRACTION = 61  # tooth-tip height / slot pitch
GE_OPENING_FRACTION = 62  # slot opening / slot pitch
GE_WALL_FRACTION = 63  # housing (frame or hub) wall / motor radius
GE_BEARING_NU_CST = 64  # lubricant viscosity of the bearings at their running temperature, mm2/s
GE_COPPER_USD_PER_KG = 65  # active materials in the objective
GE_STEEL_USD_PER_KG = 66
GE_FAN_LOSS_FRACTION = 67  # cooling fan of the frame: loss / shaft power at 3000 rpm (fan law in speed)
GE_K_SHAFT = 68  # shaft steel conductivity, W/(m K)
GE_F_E_MAX_HZ = 69  # highest electrical frequency the drive synthesises
N_GE = 70

TOPO_OUTER_ROTOR_FAN = 0
TOPO_INNER_ROTOR_DRY = 1
TOPO_CANNED = 2

# candidate of the generated space (one row per point of the search grid)
GC_POLE_PAIRS = 0
GC_SLOTS = 1
GC_KW = 2
GC_COIL_PITCH = 3  # slots spanned by a coil (1: concentrated on a tooth)
GC_SHEAR_PA = 4  # the rotor's design shear stress: T = 2 sigma V_rotor (output equation)
GC_ASPECT = 5  # stack / gap diameter
GC_MAG_POSITION = 6  # magnet thickness: 0 .. 1 between the family's limits (log scale)
GC_SPLIT = 7  # inner rotor: stator bore / stator outer diameter
GC_VOLT_UTIL = 8  # back-EMF at the duty over the supply's phase voltage
N_GC = 9

# generated geometry beside the design vector
GI_OUTER_D_M = 0  # motor outer diameter (outer rotor: the rotor; inner rotor: stator + frame)
GI_LENGTH_M = 1  # stack + end windings
GI_SHEAR_PA = 2  # T / (2 pi r^2 L) at the gap radius
GI_SLOT_AREA_M2 = 3
GI_TOOTH_M = 4
GI_YOKE_M = 5
GI_SLOT_DEPTH_M = 6
GI_MAGNET_KG = 7
GI_COPPER_KG = 8
GI_IRON_KG = 9  # stator and rotor laminations and back iron
N_GI = 10

# search result per (duty, magnet) pair
SR_BEST = 0  # candidate index of the least objective among the feasible ones (-1: none)
SR_OBJECTIVE = 1
SR_N_FEASIBLE = 2
SR_BINDING = 3  # constraints.BC_* that alone kept the best infeasible candidate out (BC_NONE if feasible)
SR_DEMAG_LOSS = 4  # worst irreversible loss of the demagnetization events of the best
SR_DEMAG_EVENT = 5  # constraints.EV_* of that worst event
SR_HOT_MAGNET_K = 6  # magnet at the hot check's steady point
SR_CURRENT_DENSITY = 7  # A/mm2 at the duty
SR_N_SINGLE = 8  # infeasible: candidates that fail the binding constraint only
N_SR = 9

# --- the groups above, for the layout's self-check (tests/test_layout.py) -----------------------------
# prefix -> the name of the group's width: its columns must be distinct and fill 0 .. width - 1
GROUPS = {
    "T_": "N_TABLE",
    "M_": "N_MICRO",
    "R_": "N_REC",
    "O_": "N_OUT",
    "P_": "N_MOTOR",
    "TN_": "N_TNODES",
    "OP_": "N_OP",
    "FL_": "N_FL",
    "MV_": "N_MV",
    "PL_": "N_PL",
    "PH_": "N_PH",
    "FO_": "N_FO",
    "SC_": "N_SC",
    "DU_": "N_DU",
    "CS_": "N_CS",
    "FT_": "N_FT",
    "CH_": "N_CH",
    "G_": "N_GR",
    "EP_": "N_EP",
    "DV_": "N_DV",
    "GE_": "N_GE",
    "GC_": "N_GC",
    "GI_": "N_GI",
    "SR_": "N_SR",
}
BLOCKS = {
    "MV_PRESSURE": N_MV_NODES,
    "MV_POWER": N_MV_NODES,
    "CS_MOVER": N_MV,
    "CS_PLANT": N_PL,
    "R_DHA0": N_LAYERS_MAX,
    "R_DALPHA": N_LAYERS_MAX,
    "CS_PRICE": N_ELEM,
    "CS_GBD_ADD": N_ELEM,
    "CS_HREE": N_ELEM,
}
ALIASES = ("R_LIN_",)  # names that rename a column for one record kind
