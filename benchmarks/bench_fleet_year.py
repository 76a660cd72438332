"""Fleet over a year: the fleet_year CPU kernel vs a plain-NumPy version of the same model.

    python benchmarks/bench_fleet_year.py [--positions 5000] [--repeats 3]

A 1000-rack hall of 120 kW air-cooled racks (40 mm server fans; the rotor is N42SH, rewound to 15 turns, because the
NumPy fixed point of the other benchmark models sintered NdFeB); ``--positions`` rack positions with
inlets spread over 0-10 K give that many fleet members (10,000 by default), each through 8760 hours of
the built-in temperate climate, chiller-less. Both
versions build the same per-member tables of coupled operating points (17 speeds x 6 temperatures,
the benchmark's NumPy fixed point from bench_motor_operating_points.py) and then walk the hours:
the kernel per member with the time loop inside, NumPy per hour over all members at once. The hall's plant
(default Plant, W32 dry cooler with a chiller) then runs through the same hours with the rack's design heat
scaled by the load: the ``plant_year`` kernel (magphys.cooling._fleet.plant_hours, as fleet_year) against
bench_chain's NumPy twin of plant_power. Rows "+ plant" time both steps.
Figures are motor-hours per second (members x hours / wall time), medians over repeats.
"""

from __future__ import annotations

import argparse

import numpy as np
from _timing import median_time
from bench_chain import numpy_plant
from bench_motor_operating_points import numpy_points

import magphys as mp
from magphys.cooling import _fleet
from magphys.kernels import layout as L


def _re_factor(eta0, r):
    """kernels/mover.py reynolds_power_factor on arrays."""
    loss = (1 - eta0) * (0.5 + 0.5 * r**-0.2)
    return eta0 / np.maximum(1 - loss, 0.25 * eta0)


def numpy_fleet(
    motors: np.ndarray, mags: np.ndarray, mem: np.ndarray, climate_k: np.ndarray, load: np.ndarray
) -> np.ndarray:
    """The kernel's model on arrays: tables by the NumPy fixed point, then the hourly loop over members.
    Returns (n, 4): energy kWh, peak magnet K, hours above safe, hours insufficient."""
    n = mem.shape[0]
    col = lambda i: mem[:, i]  # noqa: E731

    def hour(h):
        t_in = np.minimum(np.maximum(climate_k[h] + col(L.FL_APPROACH_K), col(L.FL_INLET_MIN_K)), col(L.FL_INLET_MAX_K))
        allowed = col(L.FL_OUTLET_LIMIT_K) - t_in
        with np.errstate(divide="ignore", invalid="ignore"):
            s = np.where(allowed > 0, col(L.FL_S_DESIGN) * load[h] * col(L.FL_DT_DESIGN_K) / allowed, np.inf)
        short = s > 1.0
        s = np.maximum(np.minimum(s, 1.0), col(L.FL_S_MIN))
        rise = col(L.FL_DT_DESIGN_K) * load[h] * col(L.FL_S_DESIGN) / s
        return s, np.where(col(L.FL_AT_OUTLET) > 0, t_in + rise, t_in), short

    # the medium-temperature range from the climate's extremes (as the kernel)
    clamp = lambda t: np.minimum(np.maximum(t + col(L.FL_APPROACH_K), col(L.FL_INLET_MIN_K)), col(L.FL_INLET_MAX_K))  # noqa: E731
    t_lo, in_hi = clamp(climate_k.min()), clamp(climate_k.max())
    t_hi = np.where(
        col(L.FL_AT_OUTLET) > 0,
        np.maximum(col(L.FL_OUTLET_LIMIT_K), in_hi + col(L.FL_DT_DESIGN_K) * col(L.FL_S_DESIGN) * load.max()),
        in_hi,
    )
    t_hi = np.maximum(t_hi, t_lo + 1.0)
    i_s, i_t = np.meshgrid(np.arange(L.FLEET_NS), np.arange(L.FLEET_NT), indexing="ij")
    s_nodes = col(L.FL_S_MIN)[:, None] + (1 - col(L.FL_S_MIN))[:, None] * i_s.ravel()[None, :] / (L.FLEET_NS - 1)
    t_nodes = t_lo[:, None] + (t_hi - t_lo)[:, None] * i_t.ravel()[None, :] / (L.FLEET_NT - 1)
    table = np.zeros((n, L.FLEET_NS * L.FLEET_NT, 2))
    for mag_i in range(mags.shape[0]):
        sel = mem[:, -1] == mag_i
        if not sel.any():
            continue
        k = s_nodes[sel].size
        res = numpy_points(
            np.repeat(motors[sel], L.FLEET_NS * L.FLEET_NT, axis=0),
            mags[mag_i],
            (s_nodes[sel] * col(L.FL_RATED_RPM)[sel, None]).ravel(),
            (
                col(L.FL_TORQUE1_NM)[sel, None]
                * s_nodes[sel] ** 2
                * _re_factor(col(L.FL_ETA_PEAK)[sel, None], s_nodes[sel])
            ).ravel(),
            t_nodes[sel].ravel(),
        )
        table[sel, :, 0] = res[:, 1].reshape(-1, L.FLEET_NS * L.FLEET_NT)
        table[sel, :, 1] = res[:, 3].reshape(-1, L.FLEET_NS * L.FLEET_NT)
        assert k == res.shape[0]
    rows = np.arange(n)

    def interp(j, s, tm):
        fs = (s - col(L.FL_S_MIN)) / (1 - col(L.FL_S_MIN)) * (L.FLEET_NS - 1)
        i0 = np.clip(fs.astype(int), 0, L.FLEET_NS - 2)
        ws = fs - i0
        ft = (tm - t_lo) / (t_hi - t_lo) * (L.FLEET_NT - 1)
        j0 = np.clip(ft.astype(int), 0, L.FLEET_NT - 2)
        wt = ft - j0
        k = i0 * L.FLEET_NT + j0
        tab = table[:, :, j]
        return (1 - ws) * ((1 - wt) * tab[rows, k] + wt * tab[rows, k + 1]) + ws * (
            (1 - wt) * tab[rows, k + L.FLEET_NT] + wt * tab[rows, k + L.FLEET_NT + 1]
        )

    energy = np.zeros(n)
    peak = np.full(n, -1.0)
    above = np.zeros(n)
    short_h = np.zeros(n)
    for h in range(climate_k.size):
        s, tm, short = hour(h)
        energy += interp(0, s, tm)
        mag_t = interp(1, s, tm)
        peak = np.maximum(peak, mag_t)
        above += mag_t > col(L.FL_T_SAFE_K)
        short_h += short
    return np.stack([energy / 1000, peak, above, short_h], axis=1)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--positions", type=int, default=10000)
    p.add_argument("--repeats", type=int, default=3)
    args = p.parse_args(argv)
    fan_motor = (
        mp.motor.reference("server_fan_40mm").with_magnet(mp.Magnet.from_grade("N42SH")).with_design(turns_per_phase=15)
    )  # rewound for the stronger magnet (back-EMF under the 12 V bus)
    rack = mp.cooling.Rack(it_power_kw=30, cooling="air", server_u=1, fan="San Ace 9GA0412P3K01", fan_motor=fan_motor)
    hall = mp.cooling.DataHall(rack, 1000)  # 1 U servers, 40 mm fans: a 30 kW air rack (120 kW does not fit)
    solved = rack.solve()
    members = _fleet._members(hall, args.positions, 10.0, False, solved)
    plant = rack.site_plant
    air_w, air_flow = solved.plant.heat_in_w, solved.air.flow_m3_s
    temp_c, load, _ = _fleet.climate_series("temperate")
    motors = np.stack([m["motor"].record for m in members])
    mag_list = [fan_motor.magnet.record]
    mag_idx = np.zeros(len(members), dtype=np.int64)
    mem = np.stack([m["row"] for m in members])
    n = len(members)
    climate_k = temp_c + 273.15

    def kernel():
        out = np.zeros((n, L.N_FO))
        status = np.zeros(n, dtype=np.int32)
        mp.kernels.launch(
            "fleet_year",
            (
                motors,
                np.stack(mag_list),
                np.arange(n, dtype=np.int64),
                mag_idx,
                mem,
                climate_k,
                load,
                np.zeros((n, L.FLEET_NS * L.FLEET_NT, L.FLEET_NTAB)),
                np.zeros((n, L.N_OP)),
                out,
                status,
            ),
            "cpu",
        )
        return out, status

    def plant_kernel():
        return _fleet.plant_hours(plant, temp_c, load, air_w, air_flow, rack.inlet_c, 0.0, "cpu")

    def plant_numpy():
        sink = np.clip(temp_c, -50.0, 55.0) - (plant.outdoor_c - plant.sink_c)
        return numpy_plant(air_w * load, air_flow * load, rack.inlet_c, plant.record(), sink)

    kernel()  # compile / load the cache
    plant_kernel()
    t_k = median_time(kernel, args.repeats)
    t_pk = median_time(plant_kernel, args.repeats)
    t_pn = median_time(plant_numpy, args.repeats)
    ph, _ = plant_kernel()
    p_k = ph[:, L.PH_CRAH_W] + ph[:, L.PH_PUMPS_W] + ph[:, L.PH_CHILLER_W] + ph[:, L.PH_REJECTION_W]
    rel_plant = float(np.max(np.abs(plant_numpy() - p_k) / np.maximum(np.abs(p_k), 1.0)))
    out, status = kernel()
    mem_np = np.concatenate([mem, mag_idx[:, None].astype(float)], axis=1)  # magnet index as the last column
    t_np = median_time(
        lambda: numpy_fleet(motors, np.stack(mag_list), mem_np, climate_k, load), max(1, args.repeats // 2)
    )
    ref = numpy_fleet(motors, np.stack(mag_list), mem_np, climate_k, load)
    kern = out[:, [L.FO_ENERGY_KWH, L.FO_PEAK_MAGNET_K, L.FO_HOURS_ABOVE_SAFE, L.FO_HOURS_INSUFFICIENT]]
    rel = np.max(np.abs(ref - kern) / np.maximum(np.abs(kern), 1.0))
    import numba

    mh = n * climate_k.size
    print(
        f"members: {n:,} x {climate_k.size} h = {mh / 1e6:.1f} M motor-hours ({(status == 0).mean():.0%} ok); "
        f"numba threads {numba.get_num_threads()}; medians of {args.repeats}"
    )
    print(f"{'path':<14}{'seconds':>10}{'M motor-h/s':>13}{'vs NumPy':>10}")
    for name, t in (
        ("cpu kernel", t_k),
        ("numpy", t_np),
        ("cpu + plant", t_k + t_pk),
        ("numpy + plant", t_np + t_pn),
    ):
        base = t_np + t_pn if "plant" in name else t_np
        print(f"{name:<14}{t:10.3f}{mh / t / 1e6:13.1f}{base / t:10.2f}")
    print(f"plant alone: kernel {t_pk * 1e3:.2f} ms, numpy {t_pn * 1e3:.2f} ms for {temp_c.size} hours")
    print(f"max relative difference numpy vs kernel (energy, peak magnet K, hours): {rel:.1e}")
    print(f"max relative difference numpy vs kernel (plant W per hour): {rel_plant:.1e}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
