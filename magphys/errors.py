"""Exceptions. Bad input raises a ``ValueError`` subclass naming parameter, value and valid range."""


class MagphysValueError(ValueError):
    """A parameter outside its valid range; raised before any compute starts."""

    def __init__(self, parameter: str, value, valid: str, hint: str = ""):
        self.parameter = parameter
        self.value = value
        self.valid = valid
        msg = f"{parameter}={value!r} is invalid; valid: {valid}"
        if hint:
            msg += f". {hint}"
        super().__init__(msg)


class UnknownNameError(MagphysValueError):
    """An unknown grade, material or reference name (lists close matches)."""


class BackendError(RuntimeError):
    """The requested compute backend cannot run on this machine."""
