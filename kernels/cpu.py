"""CPU launchers: ``numba.njit(parallel=True)`` maps of the scalar physics over arrays.

Each launcher has a CUDA twin of the same name in ``cuda_kernels.py`` taking the same
arguments; ``registry.py`` lists them with their signatures.
"""

from numba import njit, prange

from . import layout as L
from ._cache import use_source_keyed_cache

use_source_keyed_cache()  # before the @njit(cache=True) definitions below

# fast-math without reassociation (and without assuming no NaN/inf): reassociated reductions gave a
# freshly compiled kernel other bits than the same kernel loaded from the disk cache (cost sums:
# 2e-14 USD/kg), so a run after a cold start mixed bits; the model's NaN/inf checks stay meaningful
FASTMATH = {"nsz", "arcp", "contract", "afn"}  # a set: Numba takes no frozenset

from .chain import design_point  # noqa: E402 (the cache hook must be in place first)
from .demag import demag_curve_point, magnet_point, max_working_temp_point, stabilised_loss_point  # noqa: E402
from .fleet import fleet_run  # noqa: E402
from .grains import field_state, moment_part, sweep_row, switching_field  # noqa: E402
from .intrinsic import composition_record  # noqa: E402
from .motor import operating_point, transient_run  # noqa: E402
from .pareto import dominated_by_any  # noqa: E402
from .plant import plant_hour  # noqa: E402
from .prices import price_sample  # noqa: E402
from .search import search_pair  # noqa: E402


@njit(parallel=True, cache=True, error_model="numpy", fastmath=FASTMATH)
def composition_records(comps, micros, table, recs):
    for i in prange(comps.shape[0]):
        composition_record(comps[i], micros[i], table, recs[i])


@njit(parallel=True, cache=True, error_model="numpy", fastmath=FASTMATH)
def magnet_properties(recs, temps_k, out, status):
    n = recs.shape[0]
    m = temps_k.shape[0]
    for k in prange(n * m):
        i = k // m
        t = k - i * m
        status[i, t] = magnet_point(recs[i], temps_k[t], out[i, t])


@njit(parallel=True, cache=True, error_model="numpy", fastmath=FASTMATH)
def irreversible_loss(recs, rec_idx, temps_k, pc, ha_applied, exposure_s, stab_k, stab_s, loss, status):
    for k in prange(rec_idx.shape[0]):
        loss[k], status[k] = stabilised_loss_point(
            recs[rec_idx[k]], temps_k[k], pc[k], ha_applied[k], exposure_s[k], stab_k[k], stab_s[k]
        )


@njit(parallel=True, cache=True, error_model="numpy", fastmath=FASTMATH)
def max_working_temp(recs, rec_idx, pc, loss_limit, exposure_s, temp_k, status):
    for k in prange(rec_idx.shape[0]):
        temp_k[k], status[k] = max_working_temp_point(recs[rec_idx[k]], pc[k], loss_limit[k], exposure_s[k])


@njit(parallel=True, cache=True, error_model="numpy", fastmath=FASTMATH)
def demag_curve(recs, rec_idx, temps_k, h, j, status):
    for k in prange(rec_idx.shape[0]):
        status[k] = demag_curve_point(recs[rec_idx[k]], temps_k[k], h, j[k])


@njit(parallel=True, cache=True, error_model="numpy", fastmath=FASTMATH)
def motor_operating_points(motors, mags, motor_idx, mag_idx, speed_rpm, torque_nm, ambient_k, out, status):
    for k in prange(motor_idx.shape[0]):
        status[k] = operating_point(
            motors[motor_idx[k]], mags[mag_idx[k]], speed_rpm[k], torque_nm[k], ambient_k[k], out[k]
        )


@njit(parallel=True, cache=True, error_model="numpy", fastmath=FASTMATH)
def motor_transients(
    motors, mags, motor_idx, mag_idx, seg_end_s, seg_speed_rpm, seg_torque_nm, seg_ambient_k, dt, t0_k, out, status
):
    for k in prange(motor_idx.shape[0]):
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


@njit(parallel=True, cache=True, error_model="numpy", fastmath=FASTMATH)
def fleet_year(motors, mags, motor_idx, mag_idx, members, climate_k, load, table, op, out, status):
    for k in prange(motor_idx.shape[0]):
        status[k] = fleet_run(
            motors[motor_idx[k]], mags[mag_idx[k]], members[k], climate_k, load, table[k], op[k], out[k]
        )


@njit(parallel=True, cache=True, error_model="numpy", fastmath=FASTMATH)
def plant_year(pl, sink_c, air_heat_w, air_flow_m3_s, air_supply_c, liquid_heat_w, scratch, out, status):
    for h in prange(sink_c.shape[0]):
        status[h] = plant_hour(
            pl, sink_c[h], air_heat_w[h], air_flow_m3_s[h], air_supply_c[h], liquid_heat_w[h], scratch[h], out[h]
        )


@njit(parallel=True, cache=True, error_model="numpy", fastmath=FASTMATH)
def price_monte_carlo(w, a, b, sigma, stream, extra, yld, seed, scratch, out):
    for i in prange(out.shape[0]):
        price_sample(w, a, b, sigma, stream, extra, yld, seed, i, scratch[i], out[i])


@njit(parallel=True, cache=True, error_model="numpy", fastmath=FASTMATH)
def design_chain(comps, micros, table, template, sc, duty, cs, fluid, recs, mots, op, out, status):
    for i in prange(duty.shape[0]):
        status[i] = design_point(
            comps[i], micros[i], table, template, sc, duty[i], cs, fluid, recs[i], mots[i], op[i], out[i]
        )


@njit(parallel=True, cache=True, error_model="numpy")
def pareto_filter(front, cand, flags):
    for i in prange(cand.shape[0]):
        flags[i] = dominated_by_any(front, cand[i])


@njit(parallel=True, cache=True, error_model="numpy", fastmath=FASTMATH)
def grain_switching_fields(grains, rec, ep, temp_k, barrier, hsw):
    js_t, _ms, ha_t, mk, bt = field_state(rec, temp_k, barrier)
    for i in prange(grains.shape[0]):
        hsw[i] = switching_field(grains[i], rec, ep, js_t, ha_t, mk, bt)


@njit(parallel=True, cache=True, error_model="numpy")
def grain_sweep(hsw, ep, state_in, state_out, h_rev, ms, flips):
    nx, ny, nz = int(ep[L.EP_NX]), int(ep[L.EP_NY]), int(ep[L.EP_NZ])
    k_ax, k_lat = ep[L.EP_K_AX], ep[L.EP_K_LAT]
    n = 0
    for r in prange(ny * nz):  # row by row: no index arithmetic per grain
        n += sweep_row(r, hsw, state_in, state_out, nx, ny, nz, h_rev, ms, k_ax, k_lat)
    flips[0] = n


@njit(parallel=True, cache=True, error_model="numpy")
def grain_moment(grains, state, out):
    # one partial moment per part (no float reduction across threads: the same bits on any thread count)
    for k in prange(out.shape[0]):
        out[k] = moment_part(k, out.shape[0], grains, state)


@njit(parallel=True, cache=True, error_model="numpy", fastmath=FASTMATH)
def motor_design_search(
    envs, cands, pair_c0, pair_c1, mags, pair_mag, dv_s, gi_s, rec_s, op_s, op_hot_s, res, best_op, best_dv, best_gi
):
    for k in prange(envs.shape[0]):
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
