"""One gate for every input: declarative parameter specs, checked before any compute.

A public function declares what each parameter may be and is wrapped by :func:`validate`; the wrapper
binds the call's arguments, coerces each declared one (a NumPy scalar becomes a float, an ISO string a
date) and raises :class:`~magphys.errors.MagphysValueError` naming the parameter, the value and the valid
range for anything else: a str, None, NaN, inf, bool, a list where a scalar is meant, an empty list, a
value outside the model's range. Constructors and ``__post_init__`` call :func:`check` with the same specs.

Example::

    @validate(temp_c=Number(-60.0, 400.0, unit="degC"), pc=Number(0.0, None, lo_open=True))
    def irreversible_loss(self, temp_c, pc=1.0): ...
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import math
import numbers
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from .errors import MagphysValueError, unknown_name

F = TypeVar("F", bound=Callable[..., Any])


class Spec:
    """What one parameter may be; ``coerce`` returns the value to use or raises MagphysValueError."""

    def coerce(self, name: str, value: Any) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def describe(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


def _range_text(lo, hi, lo_open, hi_open, unit) -> str:
    u = f" {unit}" if unit else ""
    if lo is not None and hi is not None:
        return f"{'>' if lo_open else '>='} {lo:g} and {'<' if hi_open else '<='} {hi:g}{u}"
    if lo is not None:
        return f"{'>' if lo_open else '>='} {lo:g}{u}"
    if hi is not None:
        return f"{'<' if hi_open else '<='} {hi:g}{u}"
    return f"any finite value{u}"


def _as_real(value: Any) -> float | None:
    """A finite-or-not real number as float, or None when ``value`` is not a real scalar (bool, str,
    None, a sequence, an array of more than zero dimensions)."""
    if isinstance(value, (bool, np.bool_, str, bytes)):
        return None
    if isinstance(value, np.ndarray):
        if value.ndim != 0 or value.dtype.kind not in "iuf":
            return None
        return float(value)
    if isinstance(value, numbers.Real):
        try:
            return float(value)
        except (OverflowError, TypeError, ValueError):
            return None
    return None


@dataclass(frozen=True)
class Number(Spec):
    """A real scalar, finite, inside [lo, hi] (open ends where asked); ``optional`` admits None."""

    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False
    hi_open: bool = False
    unit: str = ""
    optional: bool = False

    def describe(self) -> str:
        text = "a finite number " + _range_text(self.lo, self.hi, self.lo_open, self.hi_open, self.unit)
        return text + (" (or None)" if self.optional else "")

    def inside(self, v):
        """Whether ``v`` (a float or a float array, elementwise) is finite and inside the range."""
        ok = np.isfinite(v)
        if self.lo is not None:
            ok = ok & ((v > self.lo) if self.lo_open else (v >= self.lo))
        if self.hi is not None:
            ok = ok & ((v < self.hi) if self.hi_open else (v <= self.hi))
        return ok

    def coerce(self, name: str, value: Any) -> float | None:
        if value is None and self.optional:
            return None
        v = _as_real(value)
        if v is None or not self.inside(v):
            raise MagphysValueError(name, value, self.describe())
        return v


@dataclass(frozen=True)
class Integer(Spec):
    """An integer (an integral float such as 1e6 is accepted) inside [lo, hi]."""

    lo: int | None = None
    hi: int | None = None
    optional: bool = False

    def describe(self) -> str:
        return "an integer " + _range_text(self.lo, self.hi, False, False, "") + (" (or None)" if self.optional else "")

    def coerce(self, name: str, value: Any) -> int | None:
        if value is None and self.optional:
            return None
        v = _as_real(value)
        if v is None or not math.isfinite(v) or v != math.floor(v):
            raise MagphysValueError(name, value, self.describe())
        i = int(v)
        if (self.lo is not None and i < self.lo) or (self.hi is not None and i > self.hi):
            raise MagphysValueError(name, value, self.describe())
        return i


@dataclass(frozen=True)
class Numbers(Spec):
    """A scalar or a 1-D sequence of real numbers, each as :class:`Number` says; returned as a float
    array of at least one element (a scalar gives shape (1,) unless ``keep_scalar``)."""

    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False
    hi_open: bool = False
    unit: str = ""
    keep_scalar: bool = False
    max_size: int = 10**8

    def describe(self) -> str:
        return "one or more finite numbers, each " + _range_text(
            self.lo, self.hi, self.lo_open, self.hi_open, self.unit
        )

    def coerce(self, name: str, value: Any) -> np.ndarray | float:
        one = Number(self.lo, self.hi, self.lo_open, self.hi_open, self.unit)
        scalar = _as_real(value)
        if scalar is not None:
            if not one.inside(scalar):
                raise MagphysValueError(name, value, self.describe())
            return scalar if self.keep_scalar else np.array([scalar])
        if isinstance(value, (str, bytes, dict, set)) or value is None or not isinstance(value, Iterable):
            raise MagphysValueError(name, value, self.describe())
        if isinstance(value, np.ndarray) and value.ndim == 1 and value.dtype.kind in "iuf" and value.size:
            arr = value.astype(float)  # whole arrays at once (a sweep's axis can be long)
            if arr.size <= self.max_size and one.inside(arr).all():
                return arr
        items = list(value)
        if not items or len(items) > self.max_size:
            raise MagphysValueError(name, value, self.describe() + f" (1 to {self.max_size:,} of them)")
        out = np.empty(len(items))
        for i, item in enumerate(items):
            x = _as_real(item)
            if x is None or not one.inside(x):
                raise MagphysValueError(name, item, one.describe(), f"entry {i} of {len(items)}")
            out[i] = x
        return out


@dataclass(frozen=True)
class Choice(Spec):
    """One of a fixed set of strings (case-insensitive where ``fold``); returns the canonical spelling."""

    options: tuple[str, ...]
    fold: bool = True
    optional: bool = False

    def describe(self) -> str:
        return "one of " + ", ".join(repr(o) for o in self.options) + (" (or None)" if self.optional else "")

    def coerce(self, name: str, value: Any) -> str | None:
        if value is None and self.optional:
            return None
        if not isinstance(value, str):
            raise MagphysValueError(name, value, self.describe())
        for o in self.options:
            if value == o or (self.fold and value.lower() == o.lower()):
                return o
        raise unknown_name(name, value, self.options, self.describe())


@dataclass(frozen=True)
class Flag(Spec):
    """A boolean (True/False or a NumPy bool); no truthy strings or numbers."""

    def describe(self) -> str:
        return "True or False"

    def coerce(self, name: str, value: Any) -> bool:
        if isinstance(value, (bool, np.bool_)):
            return bool(value)
        raise MagphysValueError(name, value, self.describe())


@dataclass(frozen=True)
class Date(Spec):
    """A calendar date: a ``datetime.date``, a ``datetime.datetime`` (its date) or an ISO 'YYYY-MM-DD'
    string, inside [lo, hi] where given."""

    lo: dt.date | None = None
    hi: dt.date | None = None

    def describe(self) -> str:
        text = "a date (datetime.date or 'YYYY-MM-DD')"
        if self.lo or self.hi:
            text += f" from {self.lo or 'any'} to {self.hi or 'any'}"
        return text

    def coerce(self, name: str, value: Any) -> dt.date:
        if isinstance(value, dt.datetime):
            d = value.date()
        elif isinstance(value, dt.date):
            d = value
        elif isinstance(value, str):
            try:
                d = dt.date.fromisoformat(value.strip())
            except ValueError:
                raise MagphysValueError(name, value, self.describe()) from None
        else:
            raise MagphysValueError(name, value, self.describe())
        if (self.lo and d < self.lo) or (self.hi and d > self.hi):
            raise MagphysValueError(name, value, self.describe())
        return d


@dataclass(frozen=True)
class Instance(Spec):
    """An instance of ``cls`` (a class or a tuple of classes), described as ``what``."""

    cls: type | tuple[type, ...]
    what: str
    optional: bool = False

    def describe(self) -> str:
        return self.what + (" (or None)" if self.optional else "")

    def coerce(self, name: str, value: Any) -> Any:
        if value is None and self.optional:
            return None
        if not isinstance(value, self.cls):
            raise MagphysValueError(name, value, self.describe())
        return value


@dataclass(frozen=True)
class Instances(Spec):
    """One instance of ``cls`` or a non-empty sequence of them; returned as a list."""

    cls: type
    what: str

    def describe(self) -> str:
        return self.what

    def coerce(self, name: str, value: Any) -> list:
        if isinstance(value, self.cls):
            return [value]
        if isinstance(value, (str, bytes, dict)) or not isinstance(value, Iterable):
            raise MagphysValueError(name, value, self.describe())
        items = list(value)
        if not items or not all(isinstance(v, self.cls) for v in items):
            raise MagphysValueError(name, value, self.describe())
        return items


@dataclass(frozen=True)
class Text(Spec):
    """A non-empty string (a name looked up later by the function itself)."""

    what: str = "a non-empty string"
    optional: bool = False

    def describe(self) -> str:
        return self.what + (" (or None)" if self.optional else "")

    def coerce(self, name: str, value: Any) -> str | None:
        if value is None and self.optional:
            return None
        if not isinstance(value, str) or not value.strip():
            raise MagphysValueError(name, value, self.describe())
        return value


@dataclass(frozen=True)
class FilePath(Spec):
    """A file path (str or os.PathLike, not empty); ``exists`` requires an existing file."""

    exists: bool = False
    what: str = "a file path"

    def describe(self) -> str:
        return self.what + (" that exists" if self.exists else "")

    def coerce(self, name: str, value: Any) -> Path:
        if not isinstance(value, (str, os.PathLike)) or not str(value).strip():
            raise MagphysValueError(name, value, self.describe())
        p = Path(value)
        if self.exists and not p.is_file():
            raise MagphysValueError(name, str(value), self.describe())
        return p


@dataclass(frozen=True)
class Texts(Spec):
    """A non-empty sequence of non-empty strings (a single string counts as one), at most ``max_len``."""

    what: str = "one or more names"
    max_len: int = 1000

    def describe(self) -> str:
        return self.what

    def coerce(self, name: str, value: Any) -> list[str]:
        if isinstance(value, str):
            value = [value]
        if isinstance(value, (bytes, dict)) or value is None or not isinstance(value, Iterable):
            raise MagphysValueError(name, value, self.describe())
        items = list(value)
        if not 1 <= len(items) <= self.max_len or not all(isinstance(v, str) and v.strip() for v in items):
            raise MagphysValueError(name, value, self.describe())
        return items


def check(name: str, value: Any, spec: Spec) -> Any:
    """The coerced ``value`` of parameter ``name`` under ``spec`` (raises MagphysValueError)."""
    return spec.coerce(name, value)


def set_checked(obj: Any, name: str, spec: Spec) -> None:
    """Replace attribute ``name`` of ``obj`` (a frozen dataclass too) by its value checked under ``spec``:
    the gate of constructors and ``__post_init__``."""
    object.__setattr__(obj, name, spec.coerce(name, getattr(obj, name)))


def validate(**specs: Spec) -> Callable[[F], F]:
    """Decorate a function so that each named parameter is coerced by its spec before the body runs.

    Defaults are checked as well (a default of None passes only an ``optional`` spec), so the
    declaration is the whole contract. Unknown names in ``specs`` are a programming error.
    """

    def wrap(func: F) -> F:
        sig = inspect.signature(func)
        missing = set(specs) - set(sig.parameters)
        if missing:
            raise TypeError(f"validate: {func.__qualname__} has no parameter(s) {sorted(missing)}")

        @functools.wraps(func)
        def inner(*args, **kwargs):
            bound = sig.bind(*args, **kwargs)
            bound.apply_defaults()
            for name, spec in specs.items():
                bound.arguments[name] = spec.coerce(name, bound.arguments[name])
            return func(*bound.args, **bound.kwargs)

        inner.__signature__ = sig  # type: ignore[attr-defined]
        inner.__magphys_specs__ = specs  # type: ignore[attr-defined]
        return inner  # type: ignore[return-value]

    return wrap


def specs_of(func: Callable) -> dict[str, Spec]:
    """The specs a function was declared with (empty when it is not gated); the fuzz tests read them."""
    return dict(getattr(func, "__magphys_specs__", {}))


def finite_float(name: str, value: Any, lo: float | None = None) -> float:
    """``value`` as a finite float (>= lo when given): ``check(name, value, Number(lo))``."""
    v = Number(lo).coerce(name, value)
    assert v is not None
    return v
