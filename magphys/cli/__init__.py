"""Command line: ``magphys overview``, ``magphys magnet GRADE``, ``magphys motor REF``, ``magphys rack``,
``magphys hall``, ``magphys grades``, ``magphys compare`` (the default job), ``magphys sweep``,
``magphys verify``, ``magphys pareto`` and ``magphys plot``.

Each command family lives in its own module and registers its subcommands; a bad argument ends as one
line on stderr and exit status 2 (see :mod:`magphys.cli._common`).
"""

from __future__ import annotations

import sys

from . import cooling, design, magnets, motors, sweeps
from ._common import BACKEND_HELP, BACKENDS, Parser, run_command

__all__ = ["build_parser", "main"]

DEFAULT_JOB = ["compare", "--plot", "magphys_compare.png"]


def build_parser() -> Parser:
    """The ``magphys`` argument parser with every subcommand.

    Returns
    -------
    Parser
        The parser; each subcommand sets ``func`` to the function that runs it.
    """
    p = Parser(prog="magphys", description="Permanent-magnet physics for data-center cooling.")
    p.add_argument("--backend", default=None, choices=BACKENDS, help=BACKEND_HELP)
    sub = p.add_subparsers(dest="command")
    magnets.register(sub)
    motors.register(sub)
    cooling.register(sub)
    design.register(sub)
    sweeps.register(sub)
    magnets.register_grades(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run ``magphys`` with ``argv`` (default: the process's arguments).

    Parameters
    ----------
    argv : list of str, optional
        The arguments after the program name.

    Returns
    -------
    int
        The exit status: 0 done (or ``--help`` shown), 1 a rack whose cooling falls short, 2 a bad argument
        (one line on stderr). argparse's errors are returned as well, not raised as ``SystemExit``.
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:  # no command: the default job, with any global options given
            args = parser.parse_args(DEFAULT_JOB + argv)
    except SystemExit as exc:  # argparse has printed its one error line (status 2) or the help (0)
        return exc.code if isinstance(exc.code, int) else 0
    return run_command(args)
