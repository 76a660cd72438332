"""Lifetime energy, cost and CO2 of a motor duty, including the energy the facility spends removing
the motor's own losses, and the total cost of ownership."""

from __future__ import annotations

from dataclasses import dataclass

from .._gate import finite_float
from ..errors import MagphysValueError

ELECTRICITY_USD_PER_KWH = 0.085  # R: US industrial average 2025, ~8.5 c/kWh (EIA Electric Power Monthly)
GRID_KG_CO2_PER_KWH = 0.37  # R: US grid average 2023, ~0.37 kg CO2/kWh (EIA)
HEAT_REMOVAL_KW_PER_KW = 0.25  # E: facility cooling electricity per kW of heat removed (chilled water, COP ~4)


@dataclass(frozen=True)
class Lifetime:
    """Energy per year (kWh: the motor's input plus the cooling energy for its losses), cost and CO2 over
    the life, the capital cost and the total cost of ownership (USD, discounted at ``discount_rate``)."""

    input_kwh_per_year: float
    overhead_kwh_per_year: float
    energy_kwh_per_year: float
    energy_cost_usd: float
    co2_t: float
    capex_usd: float
    tco_usd: float


def lifetime(
    input_power_w: float,
    loss_w: float,
    hours_per_year: float,
    life_years: float,
    capex_usd: float = 0.0,
    electricity_usd_per_kwh: float = ELECTRICITY_USD_PER_KWH,
    grid_kg_co2_per_kwh: float = GRID_KG_CO2_PER_KWH,
    heat_removal_kw_per_kw: float = HEAT_REMOVAL_KW_PER_KW,
    discount_rate: float = 0.0,
) -> Lifetime:
    """Lifetime of a motor running ``hours_per_year`` at ``input_power_w`` with ``loss_w`` of losses."""
    p = finite_float("input_power_w", input_power_w, 0.0)
    loss = finite_float("loss_w", loss_w, 0.0)
    h = finite_float("hours_per_year", hours_per_year, 0.0)
    if h > 8784:
        raise MagphysValueError("hours_per_year", h, "0-8784 h")
    years = finite_float("life_years", life_years, 0.0)
    price = finite_float("electricity_usd_per_kwh", electricity_usd_per_kwh, 0.0)
    grid = finite_float("grid_kg_co2_per_kwh", grid_kg_co2_per_kwh, 0.0)
    hr = finite_float("heat_removal_kw_per_kw", heat_removal_kw_per_kw, 0.0)
    r = finite_float("discount_rate", discount_rate, 0.0)
    capex = finite_float("capex_usd", capex_usd, 0.0)
    e_in = p * h / 1e3
    e_over = loss * hr * h / 1e3
    e = e_in + e_over
    # present value of a constant yearly cost over a (possibly fractional) number of years
    pv = years if r == 0.0 else (1.0 - (1.0 + r) ** -years) / r
    cost = e * price * pv
    return Lifetime(
        input_kwh_per_year=e_in,
        overhead_kwh_per_year=e_over,
        energy_kwh_per_year=e,
        energy_cost_usd=cost,
        co2_t=e * years * grid / 1e3,
        capex_usd=capex,
        tco_usd=capex + cost,
    )
