"""``Motor``: a reference or user design with a magnet; operating points and efficiency maps."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import xarray as xr

from .._backend import resolve_backend
from .._gate import Instance, Instances, Number, Numbers, Text, check, validate
from ..errors import MagphysValueError
from ..kernels import launch
from ..kernels import layout as L
from ..kernels import status as st
from ..kernels.constants import ZERO_C_K
from ..kernels.motor import flux_at
from ..magnets import Magnet
from ..magnets._compute import per_point
from ._design import MotorDesign, reference_design

LOSS_KINDS = {
    "copper": L.OP_P_CU_W,
    "iron": L.OP_P_FE_W,
    "magnet": L.OP_P_MAGNET_W,
    "bearing": L.OP_P_BEARING_W,
    "windage": L.OP_P_WINDAGE_W,
    "can": L.OP_P_CAN_W,
    "drive": L.OP_P_DRIVE_W,
    "stray": L.OP_P_STRAY_W,
}
NODES = {"winding": L.OP_T_WINDING_K, "stator": L.OP_T_STATOR_K, "magnet": L.OP_T_MAGNET_K, "housing": L.OP_T_HOUSING_K}


@dataclass(frozen=True)
class OperatingPoint:
    """One steady operating point: powers in W, temperatures in degC, status name and code."""

    speed_rpm: float
    torque_nm: float
    ambient_c: float
    efficiency: float
    input_power_w: float
    shaft_power_w: float
    losses_w: dict
    temp_c: dict
    current_a: float
    kt_nm_per_a: float
    gap_flux_density_t: float
    heat_to_coolant_w: float
    status: str
    status_code: int = field(repr=False)


def _op_variables(out: np.ndarray, status, dims: tuple, shape: tuple) -> dict:
    """Dataset variables of OP_* rows reshaped to ``shape`` over ``dims``: efficiency (NaN unless
    OK; pass status=None to keep every computed point), powers, current, losses, node temperatures."""

    def v(i, offset=0.0):
        return out[:, i].reshape(shape) + offset

    with np.errstate(invalid="ignore", divide="ignore"):
        eff = out[:, L.OP_P_SHAFT_W] / out[:, L.OP_P_IN_W]
    if status is not None:
        eff = np.where(np.asarray(status).ravel() == st.OK, eff, np.nan)
    data = {
        "efficiency": (dims, eff.reshape(shape), {"units": "1"}),
        "input_power_w": (dims, v(L.OP_P_IN_W), {"units": "W"}),
        "shaft_power_w": (dims, v(L.OP_P_SHAFT_W), {"units": "W"}),
        "heat_to_coolant_w": (dims, v(L.OP_HEAT_OUT_W), {"units": "W"}),
        "current_a": (dims, v(L.OP_CURRENT_A), {"units": "A rms"}),
    }
    data.update({f"loss_{k}_w": (dims, v(i), {"units": "W"}) for k, i in LOSS_KINDS.items()})
    data.update({f"temp_{k}_c": (dims, v(i, -ZERO_C_K), {"units": "degC"}) for k, i in NODES.items()})
    if status is not None:
        data["status"] = (
            dims,
            np.asarray(status).reshape(shape).astype(np.int8),
            {"long_name": "per-point status code"},
        )
    return data


def run_operating_points(
    motor_recs, mag_recs, motor_idx, mag_idx, speed_rpm, torque_nm, ambient_c, backend: str | None = None
):
    """Paired operating points on the kernels: (out (n, N_OP), status (n,))."""
    n = len(motor_idx)
    out = np.zeros((n, L.N_OP))
    status = np.zeros(n, dtype=np.int32)
    args = (
        np.ascontiguousarray(motor_recs, dtype=float),
        np.ascontiguousarray(mag_recs, dtype=float),
        np.ascontiguousarray(motor_idx, dtype=np.int64),
        np.ascontiguousarray(mag_idx, dtype=np.int64),
        per_point(speed_rpm, n),
        per_point(torque_nm, n),
        per_point(ambient_c, n) + ZERO_C_K,
        out,
        status,
    )
    launch("motor_operating_points", args, resolve_backend(backend))
    return out, status


SPEED_RPM = Number(0.0, 1e6, unit="rpm")
TORQUE_NM = Number(0.0, 1e5, unit="N m")


@dataclass(frozen=True, eq=False)
class Motor:
    """A surface-PM cooling motor: its design and the magnet in its rotor."""

    design: MotorDesign
    magnet: Magnet

    @property
    def name(self) -> str:
        return self.design.name

    @cached_property
    def record(self) -> np.ndarray:
        """The kernel's motor record (computed once: design and magnet are frozen)."""
        return self.design.record(float(self.magnet.record[L.R_MU_REC]), self.magnet.density_kg_m3)

    def with_magnet(self, magnet: Magnet) -> Motor:
        """The same geometry with another magnet."""
        if not isinstance(magnet, Magnet):
            raise MagphysValueError("magnet", magnet, "a magphys.Magnet")
        return Motor(self.design, magnet)

    def with_design(self, **changes) -> Motor:
        """The same magnet with changed design parameters (validated)."""
        return Motor(self.design.with_changes(**changes), self.magnet)

    def rated_point(self) -> dict:
        d = self.design
        return dict(
            speed_rpm=float(d.rated_speed_rpm), torque_nm=float(d.rated_torque_nm), ambient_c=float(d.rated_ambient_c)
        )

    def _ambient_c(self, ambient_c) -> float:
        """The cooling-medium temperature inside the model: the magnet sits at or above it, so it must
        lie inside the magnet's own model range."""
        lo, hi = self.magnet.valid_temp_c
        return check(
            "ambient_c", ambient_c, Number(lo, hi, hi_open=True, unit=f"degC (the model range of {self.magnet.name})")
        )

    @validate(speed_rpm=SPEED_RPM, torque_nm=TORQUE_NM)
    def operating_point(
        self, speed_rpm: float, torque_nm: float, ambient_c: float, backend: str | None = None
    ) -> OperatingPoint:
        """Coupled electro-thermal steady state at (speed, shaft torque, cooling-medium temperature)."""
        n, t, a = speed_rpm, torque_nm, self._ambient_c(ambient_c)
        out, status = run_operating_points(
            self.record[None, :], self.magnet.record[None, :], [0], [0], n, t, a, backend
        )
        code = int(status[0])
        if code == st.VOLTAGE_LIMIT:
            raise MagphysValueError(
                "speed_rpm",
                n,
                f"a speed whose back-EMF fits the {self.design.dc_bus_v:g} V drive at {t} N m (no field weakening)",
                "with a stronger magnet, rewind (fewer turns) or use mp.motor.size",
            )
        if code == st.CURRENT_LIMIT:
            kt = flux_at(self.record, self.magnet.record, a + ZERO_C_K)[2]
            raise MagphysValueError(
                "torque_nm",
                t,
                f"<= ~{kt * self.design.current_limit_a:.4g} N m "
                f"(current limit {self.design.current_limit_a} A rms at {a} degC)",
            )
        return _to_point(out[0], code, n, t, a)

    @validate(
        cold_c=Number(-60.0, 200.0, unit="degC", optional=True),
        stall_s=Number(0.0, 1e6, lo_open=True, unit="s", optional=True),
        trip_s=Number(0.0, 1e6, lo_open=True, unit="s", optional=True),
        loss_limit=Number(0.0, 1.0, lo_open=True, hi_open=True, optional=True),
    )
    def demag_check(
        self,
        ambient_c: float = 60.0,
        cold_c: float | None = None,
        stall_s: float | None = None,
        trip_s: float | None = None,
        loss_limit: float | None = None,
    ):
        """Demagnetization in a stall at the drive's overload current and a short circuit until the
        protection trips, at the coldest magnet (at rest in ``cold_c``) and the hottest (the steady rated point
        with the medium at ``ambient_c``); see ``magphys.motor._demag.demag_check``."""
        from ._demag import demag_check

        return demag_check(self, self._ambient_c(ambient_c), cold_c, stall_s, trip_s, loss_limit)

    def transient(self, duty, dt_s: float = 1.0, t0_c: float | None = None, backend: str | None = None) -> xr.Dataset:
        """Thermal transient over a duty profile: rows of (duration_s, speed_rpm, torque_nm, ambient_c),
        e.g. a start-up in hot air ``[(600, 22000, 0.0032, 45.0)]``. All nodes start at ``t0_c``
        (default: the first row's cooling temperature). Dataset over ``time_s``: temperatures per
        node, powers, efficiency; ``status`` attribute (a march stops at runaway or current limit)."""
        seg = _duty_rows(duty)
        t0 = self._ambient_c(seg[0, 3] if t0_c is None else t0_c)
        time, out, status = run_transients(
            self.record[None, :], self.magnet.record[None, :], [0], [0], seg, dt_s, t0, backend
        )
        o = out[0]
        data = _op_variables(o, None, ("time_s",), (o.shape[0],))
        ds = xr.Dataset(data, coords={"time_s": time})
        ds.attrs.update(
            motor=self.name,
            magnet=self.magnet.name,
            status=st.NAMES[int(status[0])],
            status_code=int(status[0]),
            t0_c=t0,
        )
        return ds

    def efficiency_map(self, speed_rpm, torque_nm, ambient_c: float = 35.0, backend: str | None = None) -> xr.Dataset:
        """Operating points over a speed x torque grid; points beyond the current limit or in thermal
        runaway carry their status and NaN values."""
        sp = check("speed_rpm", speed_rpm, Numbers(0.0, 1e6, unit="rpm"))
        tq = check("torque_nm", torque_nm, Numbers(0.0, 1e5, unit="N m"))
        a = self._ambient_c(ambient_c)
        S, T = np.meshgrid(sp, tq, indexing="ij")
        out, status = run_operating_points(
            self.record[None, :],
            self.magnet.record[None, :],
            np.zeros(S.size, int),
            np.zeros(S.size, int),
            S.ravel(),
            T.ravel(),
            a,
            backend,
        )
        data = _op_variables(out, status, ("speed_rpm", "torque_nm"), S.shape)
        ds = xr.Dataset(data, coords={"speed_rpm": sp, "torque_nm": tq})
        ds.attrs.update(motor=self.name, magnet=self.magnet.name, ambient_c=a)
        return ds


def _to_point(o: np.ndarray, code: int, n: float, t: float, a: float) -> OperatingPoint:
    ok = code in (st.OK, st.NOT_CONVERGED)
    losses = {k: float(o[i]) for k, i in LOSS_KINDS.items()}
    temps = {k: float(o[i]) - ZERO_C_K for k, i in NODES.items()}
    p_in = float(o[L.OP_P_IN_W])
    return OperatingPoint(
        speed_rpm=n,
        torque_nm=t,
        ambient_c=a,
        efficiency=float(o[L.OP_P_SHAFT_W]) / p_in if ok and p_in > 0 else math.nan,
        input_power_w=p_in,
        shaft_power_w=float(o[L.OP_P_SHAFT_W]),
        losses_w=losses,
        temp_c=temps,
        current_a=float(o[L.OP_CURRENT_A]),
        kt_nm_per_a=float(o[L.OP_KT_NM_PER_A]),
        gap_flux_density_t=float(o[L.OP_BG_T]),
        heat_to_coolant_w=float(o[L.OP_HEAT_OUT_W]),
        status=st.NAMES[code],
        status_code=code,
    )


@validate(
    name=Text("a reference design name (mp.motor.reference_names())"),
    magnet=Instance(Magnet, "a magphys.Magnet", optional=True),
)
def reference(name: str, magnet: Magnet | None = None) -> Motor:
    """A shipped reference design with its own magnet (or ``magnet``)."""
    d = reference_design(name)
    return Motor(d, magnet if magnet is not None else Magnet.from_grade(d.magnet))


def _duty_rows(duty) -> np.ndarray:
    """A duty profile as finite rows of (duration_s > 0, speed_rpm >= 0, torque_nm >= 0, ambient_c)."""
    valid = "rows of finite (duration_s > 0, speed_rpm >= 0, torque_nm >= 0, ambient_c)"
    try:
        seg = np.atleast_2d(np.asarray(duty, dtype=float))
    except (TypeError, ValueError, OverflowError):
        raise MagphysValueError("duty", duty, valid) from None
    if seg.ndim != 2 or seg.shape[1] != 4 or seg.shape[0] == 0:
        raise MagphysValueError("duty", duty, valid)
    if np.any(~np.isfinite(seg)) or np.any(seg[:, 0] <= 0) or np.any(seg[:, 1:3] < 0):
        raise MagphysValueError("duty", duty, valid)
    return seg


def run_transients(motor_recs, mag_recs, motor_idx, mag_idx, segments, dt_s, t0_c, backend: str | None = None):
    """Paired transients over one duty profile: (time_s, out (n, steps, N_OP), status (n,))."""
    seg = _duty_rows(segments)
    dt = check("dt_s", dt_s, Number(0.0, None, lo_open=True, unit="s"))
    ends = np.cumsum(seg[:, 0])
    n_steps = round(ends[-1] / dt)
    if not (1 <= n_steps <= 10_000_000):
        raise MagphysValueError("dt_s", dt_s, f"a step that divides the {ends[-1]:g} s profile into 1..1e7 steps")
    n = len(motor_idx)
    out = np.zeros((n, n_steps, L.N_OP))
    status = np.zeros(n, dtype=np.int32)
    t0 = per_point(t0_c, n) + ZERO_C_K
    args = (
        np.ascontiguousarray(motor_recs, dtype=float),
        np.ascontiguousarray(mag_recs, dtype=float),
        np.ascontiguousarray(motor_idx, dtype=np.int64),
        np.ascontiguousarray(mag_idx, dtype=np.int64),
        np.ascontiguousarray(ends),
        np.ascontiguousarray(seg[:, 1]),
        np.ascontiguousarray(seg[:, 2]),
        np.ascontiguousarray(seg[:, 3] + ZERO_C_K),
        float(dt),
        t0,
        out,
        status,
    )
    launch("motor_transients", args, resolve_backend(backend))
    return dt * np.arange(1, n_steps + 1), out, status


def operating_points(motors, speed_rpm, torque_nm, ambient_c, backend: str | None = None) -> xr.Dataset:
    """Many motors x paired operating points in one kernel call: Dataset over ``point``.

    ``motors``: a Motor or a sequence of Motors (different designs and magnets); ``speed_rpm``,
    ``torque_nm`` and ``ambient_c`` broadcast against the motors (one point per motor, or one motor
    for many points). Points outside the machine's capability carry a status code and NaN values.
    """
    mlist = check("motors", motors, Instances(Motor, "a Motor or a non-empty sequence of Motor"))
    sp = check("speed_rpm", speed_rpm, Numbers(0.0, 1e6, unit="rpm"))
    tq = check("torque_nm", torque_nm, Numbers(0.0, 1e5, unit="N m"))
    am = check("ambient_c", ambient_c, Numbers(-ZERO_C_K, 1000.0, unit="degC (outside a magnet's range: status 4)"))
    try:
        n = np.broadcast_shapes((len(mlist),), sp.shape, tq.shape, am.shape)[0]
    except ValueError:
        raise MagphysValueError(
            "speed_rpm/torque_nm/ambient_c",
            (sp.shape, tq.shape, am.shape),
            f"1-D arrays broadcastable with {len(mlist)} motors",
        ) from None
    motor_idx = np.broadcast_to(np.arange(len(mlist)), (n,)) if len(mlist) > 1 else np.zeros(n, int)
    out, status = run_operating_points(
        np.stack([m.record for m in mlist]),
        np.stack([m.magnet.record for m in mlist]),
        motor_idx,
        motor_idx,
        np.broadcast_to(sp, (n,)),
        np.broadcast_to(tq, (n,)),
        np.broadcast_to(am, (n,)),
        backend,
    )
    data = _op_variables(out, status, ("point",), (n,))
    coords = {
        "motor": ("point", [mlist[i].name for i in motor_idx]),
        "magnet": ("point", [mlist[i].magnet.name for i in motor_idx]),
        "speed_rpm": ("point", np.broadcast_to(sp, (n,)).copy()),
        "torque_nm": ("point", np.broadcast_to(tq, (n,)).copy()),
        "ambient_c": ("point", np.broadcast_to(am, (n,)).copy()),
    }
    return xr.Dataset(data, coords=coords)
