"""CUDA twins of the CPU launchers: explicit grid-stride ``@cuda.jit`` kernels.

Imported only when the CUDA backend (or the simulator, or a PTX check) is used, so the
package imports on machines without numba-cuda. The physics is the same
``register_jitable`` code as on the CPU.
"""

from numba import cuda

from . import layout as L
from .chain import design_point
from .demag import demag_curve_point, magnet_point, max_working_temp_point, stabilised_loss_point
from .fleet import fleet_run
from .grains import field_state, grain_flip, moment_part, switching_field
from .intrinsic import composition_record
from .motor import operating_point, transient_run
from .pareto import dominated_by_any
from .plant import plant_hour
from .prices import price_sample
from .search import search_pair


def composition_records(comps, micros, table, recs):
    start = cuda.grid(1)
    stride = cuda.gridsize(1)
    for i in range(start, comps.shape[0], stride):
        composition_record(comps[i], micros[i], table, recs[i])


def magnet_properties(recs, temps_k, out, status):
    n = recs.shape[0]
    m = temps_k.shape[0]
    start = cuda.grid(1)
    stride = cuda.gridsize(1)
    for k in range(start, n * m, stride):
        i = k // m
        t = k - i * m
        status[i, t] = magnet_point(recs[i], temps_k[t], out[i, t])


def irreversible_loss(recs, rec_idx, temps_k, pc, ha_applied, exposure_s, stab_k, stab_s, loss, status):
    start = cuda.grid(1)
    stride = cuda.gridsize(1)
    for k in range(start, rec_idx.shape[0], stride):
        v, s = stabilised_loss_point(
            recs[rec_idx[k]], temps_k[k], pc[k], ha_applied[k], exposure_s[k], stab_k[k], stab_s[k]
        )
        loss[k] = v
        status[k] = s


def max_working_temp(recs, rec_idx, pc, loss_limit, exposure_s, temp_k, status):
    start = cuda.grid(1)
    stride = cuda.gridsize(1)
    for k in range(start, rec_idx.shape[0], stride):
        v, s = max_working_temp_point(recs[rec_idx[k]], pc[k], loss_limit[k], exposure_s[k])
        temp_k[k] = v
        status[k] = s


def demag_curve(recs, rec_idx, temps_k, h, j, status):
    start = cuda.grid(1)
    stride = cuda.gridsize(1)
    for k in range(start, rec_idx.shape[0], stride):
        status[k] = demag_curve_point(recs[rec_idx[k]], temps_k[k], h, j[k])


def motor_operating_points(motors, mags, motor_idx, mag_idx, speed_rpm, torque_nm, ambient_k, out, status):
    start = cuda.grid(1)
    stride = cuda.gridsize(1)
    for k in range(start, motor_idx.shape[0], stride):
        status[k] = operating_point(
            motors[motor_idx[k]], mags[mag_idx[k]], speed_rpm[k], torque_nm[k], ambient_k[k], out[k]
        )


def motor_transients(
    motors, mags, motor_idx, mag_idx, seg_end_s, seg_speed_rpm, seg_torque_nm, seg_ambient_k, dt, t0_k, out, status
):
    start = cuda.grid(1)
    stride = cuda.gridsize(1)
    for k in range(start, motor_idx.shape[0], stride):
        status[k] = transient_run(
            motors[motor_idx[k]],
            mags[mag_idx[k]],
            seg_end_s,
            seg_speed_rpm,
            seg_torque_nm,
            seg_ambient_k,
            dt,
            t0_k[k],
            out[k],
        )


def fleet_year(motors, mags, motor_idx, mag_idx, members, climate_k, load, table, op, out, status):
    start = cuda.grid(1)
    stride = cuda.gridsize(1)
    for k in range(start, motor_idx.shape[0], stride):
        status[k] = fleet_run(
            motors[motor_idx[k]], mags[mag_idx[k]], members[k], climate_k, load, table[k], op[k], out[k]
        )


def plant_year(pl, sink_c, air_heat_w, air_flow_m3_s, air_supply_c, liquid_heat_w, scratch, out, status):
    start = cuda.grid(1)
    stride = cuda.gridsize(1)
    for h in range(start, sink_c.shape[0], stride):
        status[h] = plant_hour(
            pl, sink_c[h], air_heat_w[h], air_flow_m3_s[h], air_supply_c[h], liquid_heat_w[h], scratch[h], out[h]
        )


def price_monte_carlo(w, a, b, sigma, stream, extra, yld, seed, scratch, out):
    start = cuda.grid(1)
    stride = cuda.gridsize(1)
    for i in range(start, out.shape[0], stride):
        price_sample(w, a, b, sigma, stream, extra, yld, seed, i, scratch[i], out[i])


def design_chain(comps, micros, table, template, sc, duty, cs, fluid, recs, mots, op, out, status):
    start = cuda.grid(1)
    stride = cuda.gridsize(1)
    for i in range(start, duty.shape[0], stride):
        status[i] = design_point(
            comps[i], micros[i], table, template, sc, duty[i], cs, fluid, recs[i], mots[i], op[i], out[i]
        )


def pareto_filter(front, cand, flags):
    start = cuda.grid(1)
    stride = cuda.gridsize(1)
    for i in range(start, cand.shape[0], stride):
        flags[i] = dominated_by_any(front, cand[i])


def grain_switching_fields(grains, rec, ep, temp_k, barrier, hsw):
    js_t, _ms, ha_t, mk, bt = field_state(rec, temp_k, barrier)
    start = cuda.grid(1)
    stride = cuda.gridsize(1)
    for i in range(start, grains.shape[0], stride):
        hsw[i] = switching_field(grains[i], rec, ep, js_t, ha_t, mk, bt)


def grain_sweep(hsw, ep, state_in, state_out, h_rev, ms, flips):
    nx, ny, nz = int(ep[L.EP_NX]), int(ep[L.EP_NY]), int(ep[L.EP_NZ])
    start = cuda.grid(1)
    stride = cuda.gridsize(1)
    n = 0
    nxy = nx * ny
    for i in range(start, hsw.shape[0], stride):  # a thread per grain: neighbouring threads read neighbouring grains
        iz = i // nxy
        iy = (i - iz * nxy) // nx
        s = grain_flip(
            i, i - iz * nxy - iy * nx, iy, iz, hsw, state_in, nx, ny, nz, h_rev, ms, ep[L.EP_K_AX], ep[L.EP_K_LAT]
        )
        state_out[i] = s
        n += s - state_in[i]
    if n != 0:
        cuda.atomic.add(flips, 0, n)


def grain_moment(grains, state, out):
    start = cuda.grid(1)
    stride = cuda.gridsize(1)
    for k in range(start, out.shape[0], stride):  # a thread per part, no atomics: the CPU kernel's partial sums
        out[k] = moment_part(k, out.shape[0], grains, state)


def motor_design_search(
    envs, cands, pair_c0, pair_c1, mags, pair_mag, dv_s, gi_s, rec_s, op_s, op_hot_s, res, best_op, best_dv, best_gi
):
    start = cuda.grid(1)
    stride = cuda.gridsize(1)
    for k in range(start, envs.shape[0], stride):
        search_pair(
            envs[k],
            cands,
            pair_c0[k],
            pair_c1[k],
            mags[pair_mag[k]],
            dv_s[k],
            gi_s[k],
            rec_s[k],
            op_s[k],
            op_hot_s[k],
            res[k],
            best_op[k],
            best_dv[k],
            best_gi[k],
        )
