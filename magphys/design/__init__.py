"""Design studies: duties and the side-by-side comparison of magnet routes (the cost of substitution)."""

from ._compare import ROUTES, compare, compare_many, table
from ._duty import Duty
from ._facility import facility_compare, hall_duties

__all__ = ["ROUTES", "Duty", "compare", "compare_many", "facility_compare", "hall_duties", "table"]
