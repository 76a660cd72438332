"""Sweep specifications: axes, fixed parameters, sampling, stages and outputs, validated (pydantic)
before anything runs; from a TOML file or a Python dict."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import MagphysValueError
from ..materials._composition import KEYS
from ..materials._tables import read_user_toml
from ._outputs import names

COMPOSITION_AXES = tuple(k for k in KEYS if k != "fe")  # wt%, Fe = balance
MICRO_AXES = ("grain_size_um", "gbd_wt_pct", "thickness_mm")
MATERIALS_AXES = COMPOSITION_AXES + MICRO_AXES
MATERIALS_FIXED = ("process", "gbd_element", "alignment", *MATERIALS_AXES)
MATERIALS_OUTPUTS = names("materials")
MOTOR_AXES = ("stack_factor", "thickness_factor", "speed_rpm", "torque_nm", "ambient_c")
COOLING_AXES = ("stack_factor", "thickness_factor", "speed_rpm", "inlet_c", "flow_fraction", "delta_t_k", "rack_it_kw")
MOTOR_FIXED = ("base", "scenario", "check_temp_c")
COOLING_FIXED = (
    "mover",
    "coolant",
    "at_outlet",
    "electricity_usd_per_kwh",
    "water_class",
    "outdoor_c",
    "heat_rejection",
    "rack_u",
    "server_u",
)
MOTOR_OUTPUTS = names("motor")
MAGNET_OUTPUTS = names("magnet")
COOLING_OUTPUTS = names("cooling")
COST_OUTPUTS = names("cost")
RACK_COST_OUTPUTS = names("rack_cost")
MATERIALS_COST_OUTPUTS = names("materials_cost")


def _stage_sets() -> dict:
    """Every chain of stages a sweep can run: (axes, fixed parameters, outputs) of each."""
    sets = {
        ("materials",): (MATERIALS_AXES, MATERIALS_FIXED, MATERIALS_OUTPUTS),
        ("materials", "cost"): (
            MATERIALS_AXES,
            (*MATERIALS_FIXED, "scenario"),
            MATERIALS_OUTPUTS + MATERIALS_COST_OUTPUTS,
        ),
    }
    for magnet in ("catalogue", "materials"):
        for cooling in (False, True):
            for cost in (False, True):
                key = (
                    (("materials",) if magnet == "materials" else ())
                    + ("motor",)
                    + (("cooling",) if cooling else ())
                    + (("cost",) if cost else ())
                )
                axes = COOLING_AXES if cooling else MOTOR_AXES
                fixed = MOTOR_FIXED + (COOLING_FIXED if cooling else ())
                outputs = MOTOR_OUTPUTS + MAGNET_OUTPUTS + (COOLING_OUTPUTS if cooling else ())
                if cost:
                    outputs += COST_OUTPUTS + (RACK_COST_OUTPUTS if cooling else ())
                if magnet == "materials":
                    axes, fixed = MATERIALS_AXES + axes, MATERIALS_FIXED + fixed
                else:
                    fixed = ("magnet", *fixed)
                sets[key] = (axes, fixed + axes, outputs)
    return sets


STAGE_SETS = _stage_sets()
MAX_LHS_SAMPLES = 10_000_000  # Latin hypercube needs the whole permutation in memory


class Axis(BaseModel):
    """One swept parameter: explicit ``values``, a grid ``start``/``stop``/``num``, or a sampled range
    ``low``/``high`` (drawn by the spec's ``sampling``)."""

    model_config = ConfigDict(extra="forbid")
    values: list[float] | None = None
    start: float | None = None
    stop: float | None = None
    num: int | None = Field(default=None, ge=1)
    low: float | None = None
    high: float | None = None

    @model_validator(mode="after")
    def _one_form(self):
        forms = [
            self.values is not None,
            self.start is not None or self.stop is not None or self.num is not None,
            self.low is not None or self.high is not None,
        ]
        if sum(forms) != 1:
            raise ValueError("give exactly one of: values; start, stop, num; low, high")
        if self.values is not None:
            if not self.values or not all(math.isfinite(v) for v in self.values):
                raise ValueError("values must be a non-empty list of finite numbers")
        elif forms[1]:
            if None in (self.start, self.stop, self.num) or not (
                math.isfinite(self.start) and math.isfinite(self.stop)
            ):
                raise ValueError("a grid needs finite start and stop and num >= 1")
        elif (
            None in (self.low, self.high)
            or not (math.isfinite(self.low) and math.isfinite(self.high))
            or not self.low < self.high
        ):
            raise ValueError("a sampled range needs finite low < high")
        return self

    @property
    def sampled(self) -> bool:
        return self.low is not None

    @property
    def size(self) -> int:
        """Number of grid values (without building them: ``num`` may be 10^9)."""
        if self.values is not None:
            return len(self.values)
        assert self.num is not None  # a grid axis without values has start, stop and num (model validator)
        return self.num

    def grid_at(self, idx: np.ndarray) -> np.ndarray:
        """The grid values number ``idx`` (int64 array): start + (stop - start) i / (num - 1), the same float
        operations as ``grid`` value by value, so the bits do not depend on how many are asked for."""
        if self.values is not None:
            return np.asarray(self.values, dtype=float)[idx]
        assert self.start is not None and self.stop is not None and self.num is not None
        if self.num == 1:
            return np.full(idx.shape, float(self.start))
        return self.start + (self.stop - self.start) * idx.astype(float) / (self.num - 1)

    def grid(self) -> list[float]:
        """Every grid value (for small axes: a list of ``size`` floats)."""
        return self.grid_at(np.arange(self.size, dtype=np.int64)).tolist()

    def bounds(self) -> tuple[float, float]:
        """(smallest, largest) value of the axis, without building a grid."""
        if self.sampled:
            assert self.low is not None and self.high is not None
            return float(self.low), float(self.high)
        if self.values is not None:
            return float(min(self.values)), float(max(self.values))
        assert self.start is not None and self.stop is not None
        return float(min(self.start, self.stop)), float(max(self.start, self.stop))


class SweepSpec(BaseModel):
    """A sweep: ``axes`` (their cartesian product, times ``samples`` draws of the sampled axes), ``fixed``
    parameters, ``temp_c`` (the inner temperature axis of the materials stage), ``stages``, ``outputs``,
    ``chunk_size`` points per chunk."""

    model_config = ConfigDict(extra="forbid")
    name: str = "sweep"
    stages: list[Literal["materials", "motor", "cooling", "cost"]] = ["materials"]
    axes: dict[str, Axis]
    fixed: dict[str, float | str] = {}
    temp_c: list[float] = [20.0]
    sampling: Literal["grid", "random", "sobol", "lhs"] = "grid"
    samples: int | None = Field(default=None, ge=1)
    seed: int = Field(default=0, ge=0, lt=2**32)
    chunk_size: int = Field(default=10_000, ge=1, le=10_000_000)
    outputs: list[str] | None = None  # default: every output of the stages

    @model_validator(mode="after")
    def _consistent(self):
        if not self.axes:
            raise ValueError("axes: at least one axis")
        key = tuple(dict.fromkeys(self.stages))
        if key not in STAGE_SETS:
            raise ValueError(f"stages: {list(key)} is not a chain; valid: {[list(k) for k in STAGE_SETS]}")
        axes_ok, fixed_ok, outputs_ok = STAGE_SETS[key]
        unknown = [a for a in self.axes if a not in axes_ok]
        if unknown:
            raise ValueError(f"axes: unknown axis {unknown[0]!r}; valid: {list(axes_ok)}")
        bad_fixed = [k for k in self.fixed if k not in fixed_ok]
        if bad_fixed:
            raise ValueError(f"fixed: unknown parameter {bad_fixed[0]!r}; valid: {list(fixed_ok)}")
        if "motor" in key:
            for need in ("base",) + (() if "materials" in key else ("magnet",)):
                if need not in self.fixed:
                    raise ValueError(f"fixed: {need!r} is required by the motor stage")
            needed = ("speed_rpm",) if "cooling" in key else ("speed_rpm", "torque_nm", "ambient_c")
            missing = [a for a in needed if a not in self.axes and a not in self.fixed]
            if missing:
                raise ValueError(f"fixed: {missing[0]!r} is required by the motor stage (as an axis or fixed)")
            for name in (
                "base",
                "magnet",
                "mover",
                "scenario",
                "coolant",
                "process",
                "gbd_element",
                "water_class",
                "heat_rejection",
            ):
                if name in self.fixed and not isinstance(self.fixed[name], str):
                    raise ValueError(f"fixed: {name!r} must be a name, got {self.fixed[name]!r}")
        if self.outputs is None:
            self.outputs = list(outputs_ok)
        both = set(self.axes) & set(self.fixed)
        if both:
            raise ValueError(f"fixed: {sorted(both)[0]!r} is also an axis")
        sampled = [a for a, ax in self.axes.items() if ax.sampled]
        if sampled and self.sampling == "grid":
            raise ValueError(f"sampling: axis {sampled[0]!r} has low/high, so sampling must be random, sobol or lhs")
        if sampled and self.samples is None:
            raise ValueError("samples: required with sampled axes")
        if not sampled and self.samples is not None:
            raise ValueError("samples: given but no axis has low/high")
        if self.sampling == "lhs" and (self.samples or 0) > MAX_LHS_SAMPLES:
            raise ValueError(f"samples: at most {MAX_LHS_SAMPLES} for lhs (use sobol)")
        if not self.temp_c or not all(math.isfinite(t) for t in self.temp_c):
            raise ValueError("temp_c: a non-empty list of finite temperatures")
        bad_out = [o for o in self.outputs if o not in outputs_ok]
        if bad_out or not self.outputs:
            raise ValueError(f"outputs: unknown output {bad_out[0] if bad_out else None!r}; valid: {list(outputs_ok)}")
        if "gbd_wt_pct" in self.axes and "gbd_element" not in self.fixed:
            raise ValueError("fixed: gbd_element is required with a gbd_wt_pct axis")
        return self

    # --- the design space ---------------------------------------------------------------------
    @property
    def motor_chain(self) -> bool:
        """True for the chains through a motor (the fused design-chain kernel), False for materials sweeps."""
        return "motor" in self.stages

    @property
    def grid_axes(self) -> list[str]:
        return [a for a, ax in self.axes.items() if not ax.sampled]

    @property
    def sampled_axes(self) -> list[str]:
        return [a for a, ax in self.axes.items() if ax.sampled]

    @property
    def grid_shape(self) -> tuple[int, ...]:
        return tuple(self.axes[a].size for a in self.grid_axes)

    @property
    def n_points(self) -> int:
        return math.prod(self.grid_shape) * (self.samples or 1)

    @property
    def n_chunks(self) -> int:
        return -(-self.n_points // self.chunk_size)


def _field_error(exc: ValidationError) -> MagphysValueError:
    """The first pydantic error as a MagphysValueError naming the spec field."""
    e = exc.errors()[0]
    msg = e["msg"].replace("Value error, ", "")
    loc = ".".join(str(p) for p in e["loc"])
    if not loc and ": " in msg:  # a model-level check names its field first
        loc, msg = msg.split(": ", 1)
    value = e.get("input")
    return MagphysValueError(f"spec.{loc}", "..." if isinstance(value, dict) else value, msg)


def load_spec(spec) -> SweepSpec:
    """A SweepSpec from a TOML path, a dict or a SweepSpec; a bad spec raises a MagphysValueError naming the
    field, before anything runs."""
    if isinstance(spec, SweepSpec):
        return spec
    if isinstance(spec, (str, Path)):
        where = Path(spec).parent
        spec = read_user_toml(spec, "spec")
        # a saved magnet named relative to the spec file is found next to it, whatever the working directory
        fixed = spec.get("fixed") if isinstance(spec, dict) else None
        if isinstance(fixed, dict):
            magnet = fixed.get("magnet")
            if isinstance(magnet, str) and magnet.lower().endswith(".json") and not Path(magnet).is_absolute():
                fixed["magnet"] = str(where / magnet)
    if not isinstance(spec, dict):
        raise MagphysValueError("spec", spec, "a TOML path, a dict or a SweepSpec")
    try:
        return SweepSpec.model_validate(spec)
    except ValidationError as exc:
        raise _field_error(exc) from None
