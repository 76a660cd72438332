"""The one table of sweep outputs: name, stage group, unit, and where each comes from.

The spec's output names per stage chain (``_spec.STAGE_SETS``), the fused chain's column map
(``_chain``), the materials kernel's column map (``_stages``) and the ``units`` attribute of every
output in the HDF5 file and in ``open_result`` all derive from ``OUTPUTS``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..kernels import layout as L
from ..kernels.constants import ZERO_C_K


@dataclass(frozen=True)
class Output:
    """One sweep output: ``value = scale * column + offset`` of the kernel's output row.

    ``group``: the stage that produces it — ``materials`` (the properties kernel, column of
    ``layout.O_*``, one value per temperature), ``materials_cost``, and for the motor chains (the fused
    kernel, column of ``layout.CH_*``) ``motor``, ``magnet``, ``cooling``, ``cost``, ``rack_cost``.
    ``column`` None: not a kernel column (the per-point status, the cost stage of materials sweeps)."""

    name: str
    group: str
    unit: str
    column: int | None = None
    scale: float = 1.0
    offset: float = 0.0


OUTPUTS = (
    # materials sweeps: properties over (point, temp_c)
    Output("br_t", "materials", "T", L.O_BR),
    Output("hcj_a_per_m", "materials", "A/m", L.O_HCJ),
    Output("hcb_a_per_m", "materials", "A/m", L.O_HCB),
    Output("hk_a_per_m", "materials", "A/m", L.O_HK),
    Output("bhmax_j_per_m3", "materials", "J/m3", L.O_BHMAX),
    Output("js_t", "materials", "T", L.O_JS),
    Output("mu0_ha_t", "materials", "T", L.O_HA),
    Output("status", "materials", "1"),
    Output("magnet_usd_per_kg", "materials_cost", "USD/kg"),
    Output("hree_wt_pct", "materials_cost", "wt%"),
    # motor chains: the fused design_chain kernel, one value per point
    Output("efficiency", "motor", "1", L.CH_EFFICIENCY),
    Output("input_power_w", "motor", "W", L.CH_P_IN_W),
    Output("loss_w", "motor", "W", L.CH_LOSS_W),
    Output("current_a", "motor", "A", L.CH_CURRENT_A),
    Output("magnet_c", "motor", "degC", L.CH_MAGNET_K, offset=-ZERO_C_K),
    Output("winding_c", "motor", "degC", L.CH_WINDING_K, offset=-ZERO_C_K),
    Output("magnet_kg", "motor", "kg", L.CH_MAGNET_KG),
    Output("status", "motor", "1"),
    Output("br_t", "magnet", "T", L.CH_BR_T),
    Output("hcj_check_a_per_m", "magnet", "A/m", L.CH_HCJ_CHECK),
    Output("torque_nm", "cooling", "N m", L.CH_TORQUE_NM),
    Output("flow_m3_s", "cooling", "m3/s", L.CH_FLOW_M3_S),
    Output("pressure_pa", "cooling", "Pa", L.CH_PRESSURE_PA),
    Output("heat_to_stream_w", "cooling", "W", L.CH_HEAT_TO_STREAM_W),
    Output("it_per_mover_w", "cooling", "W", L.CH_IT_PER_MOVER_W),
    Output("movers_per_rack", "cooling", "1", L.CH_MOVERS),
    Output("rack_cooling_kw", "cooling", "kW", L.CH_RACK_COOLING_W, scale=1e-3),
    Output("rack_heat_removed_kw", "cooling", "kW", L.CH_RACK_HEAT_W, scale=1e-3),
    Output("ppue", "cooling", "1", L.CH_PPUE),
    Output("plant_kw", "cooling", "kW", L.CH_PLANT_W, scale=1e-3),
    Output("site_ppue", "cooling", "1", L.CH_SITE_PPUE),
    Output("magnet_usd_per_kg", "cost", "USD/kg", L.CH_USD_PER_KG),
    Output("hree_wt_pct", "cost", "wt%", L.CH_HREE_WT),
    Output("magnet_cost_usd", "cost", "USD", L.CH_MAGNET_USD),
    Output("hree_g", "cost", "g", L.CH_HREE_G),
    Output("rack_magnet_cost_usd", "rack_cost", "USD", L.CH_RACK_MAGNET_USD),
    Output("rack_hree_g", "rack_cost", "g", L.CH_RACK_HREE_G),
    Output("rack_energy_usd_per_year", "rack_cost", "USD/yr", L.CH_RACK_ENERGY_USD_YR),
)


def names(group: str) -> tuple[str, ...]:
    """The output names of one stage group, in table order."""
    return tuple(o.name for o in OUTPUTS if o.group == group)


MATERIALS_GROUPS = ("materials", "materials_cost")
CHAIN_GROUPS = ("motor", "magnet", "cooling", "cost", "rack_cost")

# name -> (layout.O_* column) of the materials kernel
MATERIALS_COLUMNS = {o.name: o.column for o in OUTPUTS if o.group == "materials" and o.column is not None}
# name -> (layout.CH_* column, scale, offset) of the fused chain
CHAIN_COLUMNS = {
    o.name: (o.column, o.scale, o.offset) for o in OUTPUTS if o.group in CHAIN_GROUPS and o.column is not None
}
# name -> unit (a name that appears in two groups has one unit)
UNITS = {o.name: o.unit for o in OUTPUTS}
