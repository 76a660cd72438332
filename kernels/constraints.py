"""Constraints of a generated motor design and the demagnetization events it must survive: the one table
of what a sizing search can say about an infeasible duty.

A candidate of the search fails a set of constraints (a bit mask, ``1 << code``); a duty that no
candidate meets is reported with the one constraint that alone kept the best candidate out, so relaxing
that constraint (the parameter named in ``RELAX``) makes the duty feasible.
"""

BC_NONE = 0
BC_GEOMETRY = 1  # teeth, yoke and slots do not fit the radius
BC_ENVELOPE_DIAMETER = 2
BC_ENVELOPE_LENGTH = 3
BC_SUPPLY_VOLTAGE = 4
BC_DRIVE_CURRENT = 5
BC_WINDING_TEMPERATURE = 6
BC_DEMAGNETIZATION = 7
BC_DRIVE_FREQUENCY = 8  # the pole count needs an electrical frequency above what the drive synthesises
N_BC = 9  # the constraints a candidate of the search can fail
# reasons a (duty, magnet) pair is not searched at all (compare's rows)
BC_SUPPLY_RATING = 9  # no drive on the duty's supply reaches its power
BC_MAGNET_RANGE = 10  # the duty's media lie outside the magnet model's temperature range

# (code, name, what to relax)
TABLE = (
    (BC_NONE, "none", ""),
    (BC_GEOMETRY, "geometry", "a larger envelope or a thinner magnet (teeth, yoke and slot do not fit the radius)"),
    (BC_ENVELOPE_DIAMETER, "envelope diameter", "envelope outer_diameter_mm"),
    (BC_ENVELOPE_LENGTH, "envelope length", "envelope length_mm"),
    (BC_SUPPLY_VOLTAGE, "supply voltage", "a supply of higher voltage"),
    (BC_DRIVE_CURRENT, "drive current", "a drive of higher current rating"),
    (BC_WINDING_TEMPERATURE, "winding temperature", "a higher winding temperature class (max_winding_c)"),
    (BC_DEMAGNETIZATION, "demagnetization", "a magnet of higher coercivity, or a larger demagnetization loss limit"),
    (BC_DRIVE_FREQUENCY, "drive frequency", "a drive of higher switching frequency, or a lower speed"),
    (BC_SUPPLY_RATING, "supply rating", "a supply whose drives reach the duty's power"),
    (BC_MAGNET_RANGE, "magnet model range", "a magnet whose model covers the duty's temperatures"),
)
NAMES = {code: name for code, name, _ in TABLE}
CODES = {name: code for code, name, _ in TABLE}
RELAX = {code: relax for code, _, relax in TABLE}

# demagnetization events (the worst sets the margin)
EV_STALL_COLD = 0
EV_STALL_HOT = 1
EV_SHORT_COLD = 2
EV_SHORT_HOT = 3
EVENTS = {
    EV_STALL_COLD: "stall at the drive's overload current, coldest magnet",
    EV_STALL_HOT: "stall at the drive's overload current, hottest magnet",
    EV_SHORT_COLD: "short circuit until the protection trips, coldest magnet",
    EV_SHORT_HOT: "short circuit until the protection trips, hottest magnet",
}
