"""What every command shares: the parser class, the argument converters, ``--backend`` after the command,
and the one place where a user-input error becomes one line on stderr and exit status 2."""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from .._gate import Number
from ..errors import BackendError, MagphysValueError
from ..kernels.constants import ZERO_C_K

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction["Parser"]

BACKENDS = ("auto", "cpu", "cuda")
BACKEND_HELP = "compute backend (default: MAGPHYS_BACKEND or auto)"
ABSOLUTE_ZERO_C = -ZERO_C_K
EXIT_USAGE = 2  # argparse's status for a bad command line; every user-input error shares it


def one_line(text: object) -> str:
    """``text`` with its whitespace runs (newlines included) collapsed, so an error is one stderr line.

    Parameters
    ----------
    text : object
        An error message or exception.

    Returns
    -------
    str
        The message on one line.
    """
    return " ".join(str(text).split())


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line (``magphys <command>: error: <message>``), without the usage
    block argparse prints above it: scripts that read stderr get the reason and nothing else."""

    def error(self, message: str) -> NoReturn:
        """Print the error as one line and exit with status 2.

        Parameters
        ----------
        message : str
            argparse's message.
        """
        self.exit(EXIT_USAGE, f"{self.prog}: error: {one_line(message)} (see {self.prog} --help)\n")


def fail(command: str | None, message: object) -> int:
    """Report a user-input error of ``command`` on stderr as one line.

    Parameters
    ----------
    command : str or None
        The subcommand that failed (None before one is known).
    message : object
        The error or its text.

    Returns
    -------
    int
        The exit status, 2.
    """
    prog = f"magphys {command}" if command else "magphys"
    print(f"{prog}: error: {one_line(message)}", file=sys.stderr)
    return EXIT_USAGE


def _os_error_text(exc: OSError) -> str:
    # h5py's OSErrors carry no filename, the builtins' carry it apart from their text
    if exc.filename is not None and exc.strerror:
        return f"{exc.filename}: {exc.strerror}"
    return str(exc)


def run_command(args: argparse.Namespace) -> int:
    """Run the parsed command; a user-input error ends as one stderr line and status 2.

    Only the errors that bad input causes are converted: a library ``MagphysValueError`` (a parameter out
    of range, an unknown name), a ``BackendError`` (CUDA asked for where there is none) and an ``OSError`` (a
    file that cannot be read or written). Anything else is a bug and keeps its traceback.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line, with ``func`` and ``command``.

    Returns
    -------
    int
        The command's exit status, or 2.
    """
    try:
        # a backend asked for (option or MAGPHYS_BACKEND) is checked before any compute: a long job should not
        # fail at its first kernel; 'auto' alone is left to the library (detecting a GPU costs an import)
        if args.backend is not None or os.environ.get("MAGPHYS_BACKEND"):
            from .._backend import resolve_backend

            resolve_backend(args.backend)
        return int(args.func(args))
    except (MagphysValueError, BackendError) as exc:
        return fail(args.command, exc)
    except OSError as exc:
        return fail(args.command, _os_error_text(exc))


def add_command(subparsers: Subparsers, name: str, **kw: Any) -> Parser:
    """A subcommand parser that also takes ``--backend`` after the command name.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The ``magphys`` parser's subparsers.
    name : str
        The command name.
    **kw
        Passed to ``add_parser`` (``help``, ...).

    Returns
    -------
    Parser
        The command's parser.
    """
    p = subparsers.add_parser(name, **kw)
    # absent after the command, the global --backend holds (SUPPRESS leaves it untouched)
    p.add_argument("--backend", default=argparse.SUPPRESS, choices=BACKENDS, help=BACKEND_HELP)
    return p


# --- converters: type= callables, so argparse reports a bad value before anything runs ----------------------


# The models multiply, square and exponentiate their inputs without guarding the float range: a rack of
# 1e-30 kW or 1e308 kW ends in a ZeroDivisionError or OverflowError deep inside. Every number on the command
# line is therefore 0 or of a magnitude from 1e-12 to 1e12, which holds any real pump, rack, hall or price.
TINY, HUGE = 1e-12, 1e12
MAGNITUDE = "0 or a number of magnitude 1e-12 to 1e12"


def _float(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if math.isfinite(v) and v != 0 and not TINY <= abs(v) <= HUGE:
        raise argparse.ArgumentTypeError(f"expected {MAGNITUDE}, got {text!r}")
    return v


def number(
    lo: float | None = None, hi: float | None = None, lo_open: bool = False, unit: str = ""
) -> Callable[[str], float]:
    """A converter to a finite float inside [lo, hi] (``lo`` excluded where ``lo_open``), 0 or of a magnitude
    from 1e-12 to 1e12.

    Parameters
    ----------
    lo, hi : float, optional
        The bounds; None for none.
    lo_open : bool
        Whether ``lo`` itself is excluded.
    unit : str
        Shown in the error message.

    Returns
    -------
    callable
        ``str -> float``, raising ``argparse.ArgumentTypeError``.
    """
    spec = Number(lo, hi, lo_open=lo_open, unit=unit)
    valid = spec.describe() if lo is not None or hi is not None else "a finite number"

    def convert(text: str) -> float:
        v = _float(text)
        if not spec.inside(v):
            raise argparse.ArgumentTypeError(f"expected {valid}, got {text!r}")
        return v

    return convert


def integer(lo: int | None = None) -> Callable[[str], int]:
    """A converter to an int >= ``lo`` and at most 1e12; float notation with an integral value (``1e6``) is
    accepted.

    Parameters
    ----------
    lo : int, optional
        The least value.

    Returns
    -------
    callable
        ``str -> int``, raising ``argparse.ArgumentTypeError``.
    """
    valid = "an integer" + (f" >= {lo}" if lo is not None else "") + " of magnitude at most 1e12"

    def convert(text: str) -> int:
        try:
            i = int(text)
        except ValueError:
            try:
                v = float(text)
            except ValueError:
                raise argparse.ArgumentTypeError(f"expected {valid}, got {text!r}") from None
            if not math.isfinite(v) or v != math.floor(v):
                raise argparse.ArgumentTypeError(f"expected {valid}, got {text!r}") from None
            i = int(v)
        if (lo is not None and i < lo) or abs(i) > HUGE:
            raise argparse.ArgumentTypeError(f"expected {valid}, got {text!r}")
        return i

    return convert


def floats(text: str) -> list[float]:
    """Comma-separated finite numbers (blank items skipped), at least one, each 0 or of a magnitude from
    1e-12 to 1e12.

    Parameters
    ----------
    text : str
        E.g. ``"20,80,150"``.

    Returns
    -------
    list of float
    """
    try:
        values = [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated numbers, got {text!r}") from None
    if any(math.isfinite(v) and v != 0 and not TINY <= abs(v) <= HUGE for v in values):
        raise argparse.ArgumentTypeError(f"expected comma-separated numbers, each {MAGNITUDE}, got {text!r}")
    if not values or not all(math.isfinite(v) for v in values):
        raise argparse.ArgumentTypeError(f"expected one or more comma-separated finite numbers, got {text!r}")
    return values


def temperatures(text: str) -> list[float]:
    """Comma-separated temperatures in degC, each above absolute zero.

    Parameters
    ----------
    text : str
        E.g. ``"20,80,150"``.

    Returns
    -------
    list of float
    """
    values = floats(text)
    if min(values) <= ABSOLUTE_ZERO_C:
        raise argparse.ArgumentTypeError(f"expected temperatures above {ABSOLUTE_ZERO_C:g} degC, got {text!r}")
    return values


def names(text: str) -> list[str]:
    """Comma-separated names (blank items skipped), at least one; the library checks that each exists.

    Parameters
    ----------
    text : str
        E.g. ``"N42,N42SH"``.

    Returns
    -------
    list of str
    """
    items = [v.strip() for v in text.split(",") if v.strip()]
    if not items:
        raise argparse.ArgumentTypeError(f"expected one or more comma-separated names, got {text!r}")
    return items


def output_file(text: str) -> str:
    """A path a file can be written to: not a folder, in a folder that exists and is writable.

    Checked when the command line is read, so a long computation does not end on a bad path.

    Parameters
    ----------
    text : str
        The path.

    Returns
    -------
    str
        ``text`` unchanged.
    """
    if not text.strip():
        raise argparse.ArgumentTypeError("expected a file path, got ''")
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is a folder, expected a file path")
    folder = path.parent
    if not folder.is_dir():
        raise argparse.ArgumentTypeError(f"folder {str(folder)!r} of {text!r} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise argparse.ArgumentTypeError(f"{text!r} is not writable")
    return text


def plot_file(text: str) -> str:
    """An :func:`output_file` for a plot, in a format matplotlib writes (no suffix: PNG, as matplotlib does).

    Parameters
    ----------
    text : str
        The path, e.g. ``demag.png``.

    Returns
    -------
    str
        ``text`` unchanged.
    """
    output_file(text)
    try:
        from matplotlib.backend_bases import FigureCanvasBase
    except ImportError:
        raise argparse.ArgumentTypeError("writing a plot needs matplotlib: pip install 'magphys[plot]'") from None
    suffix = Path(text).suffix.lower().lstrip(".")
    formats = FigureCanvasBase.get_supported_filetypes()
    if suffix and suffix not in formats:
        raise argparse.ArgumentTypeError(f"{text!r}: unknown plot format {suffix!r}; valid: {', '.join(formats)}")
    return text


def sweep_result(text: str) -> str:
    """The path of a magphys sweep result: an existing HDF5 file that ``magphys sweep`` wrote.

    Parameters
    ----------
    text : str
        The path.

    Returns
    -------
    str
        ``text`` unchanged.
    """
    import h5py

    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"no such file: {text!r}")
    try:
        if not h5py.is_hdf5(path):
            raise argparse.ArgumentTypeError(f"{text!r} is not an HDF5 file (a result of magphys sweep)")
        with h5py.File(path, "r") as f:
            ours = "spec_json" in f.attrs and "out" in f and "axis" in f and "temp_c" in f
    except OSError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} cannot be read: {one_line(exc)}") from None
    if not ours:
        raise argparse.ArgumentTypeError(f"{text!r} is not a magphys sweep result")
    return text


def new_file(text: str) -> str:
    """A path a new file can take: not empty and not a folder (missing folders are made by the command).

    Parameters
    ----------
    text : str
        The path.

    Returns
    -------
    str
        ``text`` unchanged.
    """
    if not text.strip():
        raise argparse.ArgumentTypeError("expected a file path, got ''")
    if Path(text).is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is a folder, expected a file path")
    return text
