"""Exceptions. Bad input raises a ``ValueError`` subclass naming parameter, value and valid range."""

from difflib import get_close_matches

import numpy as np


class MagphysValueError(ValueError):
    """A parameter outside its valid range; raised before any compute starts."""

    def __init__(self, parameter: str, value, valid: str, hint: str = ""):
        if isinstance(value, np.generic):  # 5.0, not np.float64(5.0), in the message
            value = value.item()
        self.parameter = parameter
        self.value = value
        self.valid = valid
        self.hint = hint
        msg = f"{parameter}={value!r} is invalid; valid: {valid}"
        if hint:
            msg += f". {hint}"
        super().__init__(msg)


class UnknownNameError(MagphysValueError):
    """An unknown grade, material or reference name (lists close matches)."""


class BackendError(RuntimeError):
    """The requested compute backend cannot run on this machine."""


def unknown_name(
    parameter: str, value, names, valid: str, n: int = 3, cutoff: float = 0.6, fallback: str = ""
) -> UnknownNameError:
    """The error for an unknown name, suggesting the closest of ``names``."""
    close = get_close_matches(str(value), list(names), n=n, cutoff=cutoff)
    return UnknownNameError(parameter, value, valid, f"did you mean {', '.join(close)}?" if close else fallback)
