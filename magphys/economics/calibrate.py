"""Calibrate the sintered-route processing cost: python -m magphys.economics.calibrate

The SMM May-2025 quote for a "40M" blank, 25-27 USD/kg (mid 26.0; shared/data/magnet_prices.csv), less the
raw-material cost of the catalogue N40M at the china_domestic_2025_05 scenario. The figure goes into
magphys/data/magnet_routes.csv (a test checks that the file holds it).
"""

from ..magnets import Magnet
from ._bom import magnet_cost_usd_per_kg

BLANK_40M_USD_PER_KG = 26.0  # SMM 2025-05-09, 178-191 yuan/kg (~25-27 USD)
SCENARIO = "china_domestic_2025_05"


def sintered_processing_usd_per_kg() -> float:
    raw, _, _, _ = magnet_cost_usd_per_kg(Magnet.from_grade("N40M"), SCENARIO, processing_usd_per_kg=0.0)
    return BLANK_40M_USD_PER_KG - raw


if __name__ == "__main__":
    print(f"sintered processing_usd_per_kg = {sintered_processing_usd_per_kg():.2f}")
