"""Per-point status codes shared by every kernel and by the public API.

A vectorised call never raises for a single bad point and never leaves a silent NaN:
each point carries one of these codes, and values of points that are not OK are NaN
only together with a non-zero code.
"""

OK = 0
NOT_CONVERGED = 1
THERMAL_RUNAWAY = 2
DEMAGNETIZED = 3
OUT_OF_RANGE = 4

NAMES = {
    OK: "ok",
    NOT_CONVERGED: "not converged",
    THERMAL_RUNAWAY: "thermal runaway",
    DEMAGNETIZED: "demagnetized",
    OUT_OF_RANGE: "outside model range",
}
CURRENT_LIMIT = 5
VOLTAGE_LIMIT = 6

NAMES[CURRENT_LIMIT] = "beyond current limit"
NAMES[VOLTAGE_LIMIT] = "beyond voltage limit"
