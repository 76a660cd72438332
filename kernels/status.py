"""Status codes: the one table of every status a user can see, per point or per result.

A vectorised call never raises for a single bad point and never leaves a silent NaN: each point
carries one of these codes, and values of points that are not OK are NaN only together with a
non-zero code. Results of whole solves (a rack, a stream) carry the same names as strings
(``NAMES[code]``), so a user meets one vocabulary everywhere.
"""

OK = 0
NOT_CONVERGED = 1
THERMAL_RUNAWAY = 2
DEMAGNETIZED = 3
OUT_OF_RANGE = 4
CURRENT_LIMIT = 5
VOLTAGE_LIMIT = 6
INSUFFICIENT_COOLING = 7
STALL = 8
DOES_NOT_FIT = 9

# (code, name, meaning): the names are what results print; the meanings are the documentation
TABLE = (
    (OK, "ok", "the point is computed inside the model's range"),
    (NOT_CONVERGED, "not converged", "an iteration stopped at its limit; the values are the last iterate"),
    (
        THERMAL_RUNAWAY,
        "thermal runaway",
        "no steady electro-thermal fixed point: losses outgrow cooling",
    ),
    (DEMAGNETIZED, "demagnetized", "the magnet's operating point lies past the knee: flux is lost irreversibly"),
    (OUT_OF_RANGE, "outside model range", "an input or an intermediate lies outside the model's validity; values NaN"),
    (CURRENT_LIMIT, "beyond current limit", "the duty needs more current than the drive or winding allows"),
    (VOLTAGE_LIMIT, "beyond voltage limit", "the back-EMF and drops exceed what the supply can apply"),
    (
        INSUFFICIENT_COOLING,
        "insufficient cooling",
        "the movers at full speed cannot hold the design temperature rise; the result carries the deficit",
    ),
    (STALL, "stall", "the system curve meets the fan or pump left of its stable branch (rotating stall, surge)"),
    (
        DOES_NOT_FIT,
        "does not fit",
        "the fans or heat exchangers the duty needs do not fit the space given; the result says how many fit",
    ),
)
NAMES = {code: name for code, name, _ in TABLE}
MEANINGS = {code: meaning for code, _, meaning in TABLE}
CODES = {name: code for code, name, _ in TABLE}
