"""Economics: element prices by scenario, bills of materials, export-control exposure, price
uncertainty, lifetime energy and cost."""

from ._bom import BillOfMaterials, bill_of_materials, magnet_cost_usd_per_kg, magnet_elements_wt_pct, magnet_route
from ._exposure import Exposure, exposure, measures
from ._lifetime import Lifetime, lifetime
from ._montecarlo import element_sigma, price_monte_carlo
from ._prices import Scenario, load_scenarios, oxide_factor, scenario, scenario_names

__all__ = [
    "BillOfMaterials",
    "Exposure",
    "Lifetime",
    "Scenario",
    "bill_of_materials",
    "element_sigma",
    "exposure",
    "lifetime",
    "load_scenarios",
    "magnet_cost_usd_per_kg",
    "magnet_elements_wt_pct",
    "magnet_route",
    "measures",
    "oxide_factor",
    "price_monte_carlo",
    "scenario",
    "scenario_names",
]
