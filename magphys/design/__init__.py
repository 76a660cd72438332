"""Design studies: duties and the side-by-side comparison of magnet routes (the cost of substitution)."""

from ._compare import ROUTES, compare, table
from ._duty import Duty

__all__ = ["Duty", "ROUTES", "compare", "table"]
