"""Child processes of the sweep fault-injection tests (started from a forkserver that has magphys imported, so
that a hundred kill-and-resume trials cost seconds, not minutes of interpreter start-up)."""

import os
import sys
import warnings

LOCKED = 3


def run_child(spec, out, fault: str | None) -> None:
    """Run (or resume) ``spec`` into ``out``; exit 3 if another run holds the output, 0 when done. ``fault``: the
    MAGPHYS_SWEEP_FAULT of this run ("stage:n"), None for none."""
    if fault:
        os.environ["MAGPHYS_SWEEP_FAULT"] = fault
    else:
        os.environ.pop("MAGPHYS_SWEEP_FAULT", None)
    from magphys.sweep import SweepLocked, run

    warnings.simplefilter("ignore")
    try:
        run(spec, out, resume=True, progress=False, backend="cpu")
    except SweepLocked:
        sys.exit(LOCKED)
    sys.exit(0)
