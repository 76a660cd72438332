"""Small, varied kernel inputs shared by the backend and CUDA tests."""

import numpy as np

import magphys as mp
from magphys.kernels import layout as L
from magphys.materials._process import micro_row
from magphys.materials._tables import intrinsic_table

GRADES = ["N42", "N38UH", "G50SHT", "FERRITE-C8", "N45H-PrCu"]


def compositions(n=6, seed=1):
    rng = np.random.default_rng(seed)
    comps = np.zeros((n, L.N_ELEM))
    tre = rng.uniform(29.0, 32.0, n)
    hre = rng.uniform(0.0, 6.0, n)
    comps[:, L.RARE_EARTHS.index("Dy")] = hre * rng.uniform(0, 1, n)
    comps[:, L.RARE_EARTHS.index("Tb")] = hre - comps[:, L.RARE_EARTHS.index("Dy")]
    comps[:, L.RARE_EARTHS.index("Ce")] = rng.uniform(0, 3, n)
    lre = tre - comps[:, : L.N_RE].sum(axis=1)
    comps[:, L.RARE_EARTHS.index("Nd")] = 0.75 * lre
    comps[:, L.RARE_EARTHS.index("Pr")] = 0.25 * lre
    comps[:, L.I_B] = 0.98
    comps[:, L.I_CO] = rng.uniform(0, 2.5, n)
    comps[:, L.I_FE] = 100 - comps.sum(axis=1)
    micros = np.stack(
        [
            micro_row("sintered", g, gbd, t)
            for g, gbd, t in zip(
                rng.uniform(1.0, 8.0, n),
                [
                    None,
                    {"element": "Tb", "wt_pct": 0.4},
                    None,
                    {"element": "NdCu", "wt_pct": 0.6},
                    {"element": "Dy", "wt_pct": 0.5},
                    None,
                ][:n]
                + [None] * max(0, n - 6),
                rng.uniform(2.0, 8.0, n),
                strict=False,
            )
        ]
    )
    return comps, micros, np.ascontiguousarray(intrinsic_table())


def records():
    return np.stack([mp.Magnet.from_grade(g).record for g in GRADES])


def kernel_args(name):
    """Fresh argument tuples (inputs + zeroed outputs) for each registered kernel."""
    recs = records()
    n = recs.shape[0]
    idx = np.arange(n, dtype=np.int64)
    if name == "composition_records":
        c, m, t = compositions()
        return (c, m, t, np.zeros((c.shape[0], L.N_REC)))
    if name == "magnet_properties":
        temps = np.array([253.15, 293.15, 393.15, 453.15])
        return (recs, temps, np.zeros((n, temps.size, L.N_OUT)), np.zeros((n, temps.size), dtype=np.int32))
    if name == "irreversible_loss":
        return (
            recs,
            idx,
            np.linspace(330.0, 460.0, n),
            np.linspace(0.5, 3.0, n),
            np.linspace(0, 3e5, n),
            np.full(n, 3600.0),
            # half the points stabilised (IEC TR 62518) at 10-40 K above their hold for 1-100 h
            np.where(np.arange(n) % 2 == 0, 293.15, np.linspace(340.0, 500.0, n)),
            np.where(np.arange(n) % 2 == 0, 3600.0, np.geomspace(3600.0, 3.6e5, n)),
            np.zeros(n),
            np.zeros(n, dtype=np.int32),
        )
    if name == "max_working_temp":
        return (
            recs,
            idx,
            np.linspace(0.5, 3.0, n),
            np.full(n, 0.05),
            np.full(n, 3600.0),
            np.zeros(n),
            np.zeros(n, dtype=np.int32),
        )
    if name == "demag_curve":
        h = np.linspace(0.0, 3e6, 17)
        return (recs, idx, np.linspace(293.15, 420.0, n), h, np.zeros((n, h.size)), np.zeros(n, dtype=np.int32))
    if name == "motor_operating_points":
        motors = np.stack([mp.motor.reference(m).record for m in mp.motor.reference_names()])
        k = 6
        return (
            motors,
            recs,
            np.arange(k, dtype=np.int64) % motors.shape[0],
            np.arange(k, dtype=np.int64) % n,
            np.array([22000.0, 13000.0, 1600.0, 3000.0, 8000.0, 500.0]),
            np.array([0.003, 0.018, 6.0, 9.0, 0.002, 50.0]),
            np.linspace(280.0, 330.0, k),
            np.zeros((k, L.N_OP)),
            np.zeros(k, dtype=np.int32),
        )
    if name == "motor_transients":
        motors = np.stack([mp.motor.reference(m).record for m in mp.motor.reference_names()])
        k = 4
        seg = np.array([[5.0, 22000.0, 0.003, 300.0], [5.0, 1600.0, 6.0, 310.0]])
        return (
            motors,
            recs,
            np.arange(k, dtype=np.int64) % motors.shape[0],
            np.array([0, 1, 3, 4], dtype=np.int64),
            np.cumsum(seg[:, 0]),
            seg[:, 1].copy(),
            seg[:, 2].copy(),
            seg[:, 3].copy(),
            2.5,
            np.array([300.0, 310.0, 320.0, 305.0]),
            np.zeros((k, 4, L.N_OP)),
            np.zeros(k, dtype=np.int32),
        )
    if name == "fleet_year":
        motors = np.stack([mp.motor.reference(m).record for m in mp.motor.reference_names()])
        k, hours = 3, 48
        mem = np.zeros((k, L.N_FL))
        mem[:, L.FL_RATED_RPM] = [22000.0, 10500.0, 3000.0]
        mem[:, L.FL_TORQUE1_NM] = [0.0037, 0.012, 9.0]
        mem[:, L.FL_S_DESIGN] = [0.8, 0.7, 0.6]
        mem[:, L.FL_S_MIN] = 0.2
        mem[:, L.FL_DT_DESIGN_K] = [15.0, 15.0, 10.0]
        mem[:, L.FL_OUTLET_LIMIT_K] = [315.15, 310.15, 330.15]
        mem[:, L.FL_APPROACH_K] = [4.0, 4.0, 6.0]
        mem[:, L.FL_INLET_MIN_K] = [291.15, 291.15, 300.15]
        mem[:, L.FL_INLET_MAX_K] = [np.inf, 300.15, np.inf]
        mem[:, L.FL_AT_OUTLET] = [1.0, 1.0, 0.0]
        mem[:, L.FL_T_SAFE_K] = [330.0, 305.0, 400.0]
        mem[:, L.FL_ETA_PEAK] = [0.45, 0.3, 0.7]
        h = np.arange(hours)
        climate = 293.15 + 8.0 * np.sin(2 * np.pi * h / 24.0) + 0.2 * h
        load = 0.6 + 0.4 * np.cos(2 * np.pi * h / 24.0) ** 2
        return (
            motors,
            np.stack([mp.Magnet.from_grade(g).record for g in ("BONDED-NDFEB-BN10", "BONDED-NDFEB-BN10", "N42SH")]),
            np.array([0, 1, 3], dtype=np.int64),
            np.arange(k, dtype=np.int64),
            mem,
            climate,
            load,
            np.zeros((k, L.FLEET_NS * L.FLEET_NT, L.FLEET_NTAB)),
            np.zeros((k, L.N_OP)),
            np.zeros((k, L.N_FO)),
            np.zeros(k, dtype=np.int32),
        )
    if name == "plant_year":
        from magphys.cooling import Plant

        hours = 30  # a cold-to-hot ramp: free cooling only, shared with a chiller, chiller only
        heat = np.linspace(2.0e5, 4.0e4, hours)
        return (
            Plant(water_class="W27").record(),
            np.linspace(-10.0, 40.0, hours),
            heat,
            heat / 2.0e4,
            np.full(hours, 27.0),
            np.linspace(0.0, 3.0e5, hours),
            np.zeros((hours, L.N_PL)),
            np.zeros((hours, L.N_PH)),
            np.zeros(hours, dtype=np.int32),
        )
    if name == "price_monte_carlo":
        w = np.array([[0.24, 0.08, 0.0, 0.66], [0.19, 0.06, 0.05, 0.70], [0.2, 0.06, 0.04, 0.70]])
        a = np.array([91.0, 94.0, 257.0, 0.6])
        k = 37
        return (
            w,
            a,
            np.array([3.0, 3.0, 3.0, 0.0]),
            np.array([0.1, 0.1, 0.7, 0.05]),
            np.array([0, 0, 1, 2]),
            np.array([0.8, 0.8, 3.8]),
            np.array([0.8, 0.8, 0.8]),
            12345,
            np.zeros((k, 4)),
            np.zeros((k, 3)),
        )
    if name == "design_chain":
        return chain_args()
    if name in ("grain_switching_fields", "grain_sweep", "grain_moment"):
        return grain_args(name)
    if name == "motor_design_search":
        return search_args()
    if name == "pareto_filter":
        rng = np.random.default_rng(4)
        front = np.array([[0.0, 1.0, 2.0], [1.0, 0.0, 1.0], [2.0, 2.0, 0.0]])
        cand = np.vstack([front, front + 0.5, rng.uniform(-0.5, 2.5, (30, 3))])
        return (front, cand, np.zeros(len(cand), dtype=np.int32))
    raise KeyError(name)


def chain_args(k=6):
    """The fused chain on six points: composition magnets in the 80 mm fan motor driving its fan (two
    of them outside the model: a magnet thicker than the gap radius, a flow fraction off the curve)."""
    from magphys.sweep._chain import _settings
    from magphys.sweep._spec import load_spec

    spec = load_spec(
        {
            "stages": ["materials", "motor", "cooling", "cost"],
            "axes": {"dy": {"values": [0.0, 3.0]}, "inlet_c": {"values": [20.0, 45.0]}},
            "fixed": {
                "nd": 22.0,
                "pr": 7.3,
                "b": 0.98,
                "base": "server_fan_80mm",
                "speed_rpm": 9000.0,
                "gbd_element": "Tb",
                "scenario": "ex_china_2025",
            },
        }
    )
    template, sc, cs, fluid, _ = _settings(spec.model_dump_json())
    comps, micros, table = compositions(k)
    duty = np.zeros((k, L.N_DU))
    duty[:, L.DU_STACK_FACTOR] = [1.0, 0.7, 1.4, 1.0, 1.2, 0.9]
    duty[:, L.DU_THICKNESS_FACTOR] = [1.0, 1.3, 0.8, 9.0, 1.0, 1.1]
    duty[:, L.DU_SPEED_RPM] = [9000.0, 10500.0, 7000.0, 9000.0, 8000.0, 9500.0]
    duty[:, L.DU_MEDIUM_K] = [300.15, 310.15, 295.15, 300.15, 305.15, 313.15]
    duty[:, L.DU_FLOW_FRACTION] = [0.6, 0.5, 0.7, 0.6, 0.1, 0.6]
    duty[:, L.DU_DELTA_T_K] = 15.0
    duty[:, L.DU_RACK_IT_W] = 1.2e5
    return (
        comps,
        micros,
        table,
        np.array(template),
        np.array(sc),
        duty,
        np.array(cs),
        np.array(fluid),
        np.zeros((k, L.N_REC)),
        np.zeros((k, L.N_MOTOR)),
        np.zeros((k, L.N_OP)),
        np.zeros((k, L.N_CH)),
        np.zeros(k, dtype=np.int32),
    )


def search_args():
    """Three (duty, magnet) pairs of the sizing search on a slice of each generated space: a 20 W server fan
    with a bonded ring, a 1 kW canned pump with N42SH, and the same pump in an envelope too small for it."""
    from magphys.motor._generate import Envelope, candidate_grid, environment

    fan_mag = mp.Magnet.from_grade("BONDED-NDFEB-BN10")
    pump_mag = mp.Magnet.from_grade("N42SH")
    envs = np.stack(
        [
            environment(
                0.018,
                10500.0,
                40.0,
                fan_mag,
                "outer_rotor_fan",
                "12V_dc",
                Envelope(45.0, 30.0),
                magnet_price_usd_per_kg=35.0,
            ),
            environment(
                3.3, 2900.0, 45.0, pump_mag, "canned", "230V_1ph", Envelope(160.0, 180.0), magnet_price_usd_per_kg=34.0
            ),
            environment(
                3.3, 2900.0, 45.0, pump_mag, "canned", "230V_1ph", Envelope(40.0, 30.0), magnet_price_usd_per_kg=34.0
            ),
        ]
    )
    fan = np.array(candidate_grid("outer_rotor_fan")[::9])
    pump = np.array(candidate_grid("canned")[::11])
    cands = np.ascontiguousarray(np.vstack([fan, pump]))
    c0 = np.array([0, len(fan), len(fan)], dtype=np.int64)
    c1 = np.array([len(fan), len(fan) + len(pump), len(fan) + len(pump)], dtype=np.int64)
    mags = np.stack([fan_mag.record, pump_mag.record])
    n = len(envs)
    return (
        envs,
        cands,
        c0,
        c1,
        mags,
        np.array([0, 1, 1], dtype=np.int64),
        np.zeros((n, L.N_DV)),
        np.zeros((n, L.N_GI)),
        np.zeros((n, L.N_MOTOR)),
        np.zeros((n, L.N_OP)),
        np.zeros((n, L.N_OP)),
        np.zeros((n, L.N_SR)),
        np.zeros((n, L.N_OP)),
        np.zeros((n, L.N_DV)),
        np.zeros((n, L.N_GI)),
    )


def grain_args(name):
    """A 6 x 5 x 4 lattice of a Tb-GBD magnet (layers by depth), misaligned grains, a few defects; the sweep
    starts from a state with some grains reversed so that neighbours matter."""
    from magphys.magnets._ensemble import EnsembleParams, GrainEnsemble

    m = mp.Magnet.from_grade("G50SHT")
    ens = GrainEnsemble(
        m,
        (3.0, 2.5, 3.0),
        120,
        seed=5,
        params=EnsembleParams(alpha_scale=1.0, sigma_theta_rad=0.1, defect_fraction=0.1),
    )
    g = ens.grains
    if name == "grain_switching_fields":
        return (g, np.array(m.record), ens.ep, 393.15, 25.0, np.zeros(len(g)))
    hsw = np.empty(len(g))
    launch_cpu = __import__("magphys.kernels", fromlist=["launch"]).launch
    launch_cpu("grain_switching_fields", (g, np.array(m.record), ens.ep, 393.15, 25.0, hsw), "cpu")
    state = (np.arange(len(g)) % 7 == 0).astype(np.int8)
    if name == "grain_sweep":
        return (
            hsw,
            ens.ep,
            state,
            np.zeros(len(g), dtype=np.int8),
            float(np.median(hsw)) * 0.9,
            9.0e5,
            np.zeros(1, dtype=np.int64),
        )
    return (g, state, np.zeros(1))


def shared_relations() -> dict:
    """Every relation the Python objects and the kernels share (kernels/mover.py, plant.py, rack.py, cost.py,
    scaling.py, demag.load_line): name -> (function, example arguments). The backend tests compile each for the CPU and
    compare with the plain-Python call; the CUDA tests compile each to PTX as a device function."""
    from magphys.cooling import Plant, fan
    from magphys.kernels import cost, demag, drive, generate, intrinsic, mover, plant, rack, scaling
    from magphys.kernels import layout as L

    mv = fan("San Ace 80 9GA0812P1G61").record()
    pl = Plant(outdoor_c=30.0).record()  # a warm hour: free cooling and the chiller share the water

    comp = np.array([22.0, 7.3, 2.0, 0.0, 0.98, 67.72])
    add = np.array([0.0, 0.0, 0.0, 1.0, 0.0, 0.0])
    price = np.array([80.0, 85.0, 300.0, 1100.0, 5.0, 1.0])
    hree = np.array([0.0, 0.0, 1.0, 1.0, 0.0, 0.0])
    cases = {
        mover.reynolds_power_factor: (0.45, 0.8),
        mover.shape_at: (mv, L.MV_PRESSURE, 0.63),
        mover.mover_pressure_pa: (mv, 0.6, 1.15, 0.9),
        mover.mover_shaft_power_w: (mv, 0.6, 1.15, 0.9),
        mover.mover_torque_nm: (12.0, 9000.0, 2.0),
        mover.mover_duty: (mv, 9000.0, 0.6, 1.15),
        mover.mover_system_k: (mv, 0.6, 1.15),
        mover.mover_flow_fraction: (mv, 2.0e5, 1.15),
        mover.mover_efficiency: (0.01, 80.0, 2.0),
        plant.counterflow_effectiveness: (2.0, 0.6),
        plant.hx_cold_outlet: (1.0e5, 2.0e4, 1.5e4, 4.0e4, 305.0),
        plant.chiller_cop: (288.0, 309.0, 0.55, 12.0),
        plant.water_side_economizer: (1.0e5, 32.0, 42.0, 25.0, 5.55),
        plant.free_cooler_fan_w: (1.0e5, 0.04, 32.0, 42.0, 10.0, 5.55),
        plant.circuit_power: (1.0e5, 32.0, pl),
        plant.plant_power: (5.0e4, 2.0, 27.0, 1.0e5, pl),
        rack.stream_heat_w: (1.15, 0.01, 1006.0, 15.0),
        rack.stream_outlet_k: (300.0, 170.0, 1.15, 0.01, 1006.0),
        rack.stream_flow_m3_s: (170.0, 1.15, 1006.0, 15.0),
        rack.mover_rack: (173.0, 9.0, 9.5, 1.2e5),
        rack.fans_fit: (42.0, 2.0, 80.0),
        plant.plant_hour: (pl, 24.0, 5.0e4, 2.0, 27.0, 1.0e5, np.zeros(L.N_PL), np.zeros(L.N_PH)),
        cost.diffused_total_wt: (comp, 0.5, add),
        cost.diffused_wt_pct: (2.0, 0.5, 1.0, 100.5),
        cost.element_cost_usd_per_kg: (2.0, 300.0),
        cost.processing_usd_per_kg: (0.78, 3.0, 0.5),
        cost.finished_usd_per_kg: (40.0, 0.8),
        cost.magnet_cost_usd_per_kg: (comp, 0.5, add, price, hree, 3.78, 0.8),
        cost.content_g: (0.05, 2.5),
        scaling.round_half_even: (2.5,),
        scaling.carter_coefficient: (0.5, 2.0, 1.05, 2.0, 20.0, 12.0),
        scaling.magnet_volume_m3: (20.0, 2.0, 10.0, 0.9, 1.0),
        scaling.rewind: (60.0, 1.1, 80.0, 10.0, 13.0),
        scaling.phase_resistance_ohm: (1.72e-8, 55.0, 0.08, 1.2e-7),
        scaling.copper_mass_kg: (55.0, 0.08, 1.2e-7, 8960.0),
        scaling.heat_capacities: (0.01, 0.05, 0.02, 0.03, 385.0, 460.0, 440.0),
        demag.load_line: (1.5, 2.0e5),
        intrinsic.recoil_slope: (mp.Magnet.from_grade("N42SH").record, 1.3, 8.0),
        intrinsic.recoil_slope_at: (mp.Magnet.from_grade("N38EH").record, 393.15),
        demag.recoil_load_field: (1.2, 0.06 * 4e-7 * np.pi, 3.2e5, 1.2e5),
        drive.inverter_loss_w: (0.05, 0.04, 0.12, 1.3),
        drive.supply_loss_w: (500.0, 400.0, 1.8, 0.03),
        generate.stray_load_fraction: (3000.0,),
        generate.stray_coefficient: (3000.0, 9.9),
        generate.bearing_torque_nm: (0.0015, 20.0, 0.02, 30.0, 2900.0),
        generate.gap_conductance: (300.0, 0.036, 0.001, 0.1, 1.7e-5, 0.027),
        generate.plate_conductance: (0.02, 0.1, 8.0, 1.7e-5, 0.027, 0.71),
    }
    return {f"{f.__module__.rsplit('.', 1)[-1]}.{f.__name__}": (f, args) for f, args in cases.items()}
