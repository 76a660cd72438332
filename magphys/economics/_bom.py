"""Bills of materials: element masses of a magnet or of the magnets in a motor, and what they cost
under a price scenario (raw materials from the composition, processing by route, machining yield)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np

from .._gate import Instance, finite_float, validate
from ..errors import MagphysValueError
from ..kernels.cost import content_g, diffused_total_wt, diffused_wt_pct, element_cost_usd_per_kg
from ..kernels.cost import magnet_cost_usd_per_kg as magnet_cost_kernel
from ..kernels.cost import processing_usd_per_kg as processing_usd_per_kg_of
from ..magnets import Magnet
from ..magnets._elements import HREE, RARE_EARTHS, element_rows
from ..magnets._elements import elements_wt_pct as magnet_elements_wt_pct
from ..materials._tables import read_csv
from ..motor import Motor
from ._prices import DEFAULT_SCENARIO, Scenario
from ._prices import scenario as get_scenario

# Recycled rare-earth feed (magnet-to-magnet or via oxide): recovery of Nd, Pr, Dy ~90 % at 99.5 % REO purity
# (shared/data/recycling.csv: Microsoft/WD/Critical Materials HDD pilot). No recycled-feed price is in the shared
# data: RECYCLED_DISCOUNT (E) prices it 20 % under the primary metal, a user parameter.
RECYCLED_DISCOUNT = 0.2


@cache
def _routes() -> dict:
    return {
        r["route"]: (float(r["processing_usd_per_kg"]), float(r["machining_yield"]))
        for r in read_csv("magnet_routes.csv")
    }


def process_route(process: str) -> str:
    """Cost route of an alloy made by ``process``."""
    return "hot_deformed" if process == "hot_deformed" else "sintered"


def magnet_route(magnet: Magnet) -> str:
    fam = magnet.family
    if fam in ("bonded_ndfeb", "ferrite", "smco"):
        return {"bonded_ndfeb": "bonded", "ferrite": "ferrite", "smco": "smco"}[fam]
    return process_route(magnet.process or "sintered")


def route_processing(route: str, gbd_wt_pct=0.0, processing_usd_per_kg: float | None = None):
    """(USD per kg added to the blank beyond raw materials, machining yield) of a route: its processing
    (or ``processing_usd_per_kg``) plus the GBD step where ``gbd_wt_pct`` > 0 (arrays work)."""
    proc, yld = _routes()[route]
    if processing_usd_per_kg is not None:
        proc = finite_float("processing_usd_per_kg", processing_usd_per_kg, 0.0)
    return processing_usd_per_kg_of(proc, _routes()["gbd_step"][0], np.asarray(gbd_wt_pct, dtype=float)), yld


@dataclass(frozen=True)
class BillOfMaterials:
    """Magnet material of one item: finished magnet mass and its elements (kg), heavy rare earths (g),
    and cost: raw materials per kg, blank per kg (+ processing), finished per kg (/ machining yield)
    and for the item (USD)."""

    item: str
    magnet: str
    route: str
    scenario: str
    mass_kg: float
    element_kg: dict
    hree_g: float
    raw_material_usd_per_kg: float
    blank_usd_per_kg: float
    magnet_usd_per_kg: float
    magnet_cost_usd: float
    rare_earth_cost_usd: float
    recycled_re_cost_usd: float = 0.0
    breakdown_usd: dict = field(default_factory=dict)

    def __getitem__(self, key: str):
        return self.element_kg[key] if key in self.element_kg else getattr(self, key)


def _recycled(recycled_share: float, recycled_discount: float) -> tuple[float, float]:
    share = finite_float("recycled_share", recycled_share, 0.0)
    disc = finite_float("recycled_discount", recycled_discount, 0.0)
    if share > 1.0 or disc >= 1.0:
        raise MagphysValueError(
            "recycled_share/recycled_discount",
            (recycled_share, recycled_discount),
            "share 0-1 of the rare earths, discount 0 <= d < 1 on the primary metal price",
        )
    return share, disc


@validate(magnet=Instance(Magnet, "a magphys.Magnet"))
def magnet_cost_usd_per_kg(
    magnet: Magnet,
    scenario=DEFAULT_SCENARIO,
    processing_usd_per_kg: float | None = None,
    recycled_share: float = 0.0,
    recycled_discount: float = RECYCLED_DISCOUNT,
) -> tuple[float, float, float, dict]:
    """(raw materials, blank, finished) USD per kg and the raw-material cost by element (USD per kg of
    magnet). Blank = raw + processing of the route (+ the GBD step); finished = blank / machining yield.
    ``recycled_share`` of the rare earths comes from recycled feed at ``recycled_discount`` below the
    primary metal price."""
    raw, blank, finished, _, by_el = _cost(magnet, scenario, processing_usd_per_kg, recycled_share, recycled_discount)
    return raw, blank, finished, by_el


def _cost(magnet: Magnet, scenario, processing_usd_per_kg, recycled_share, recycled_discount):
    """magnet_cost_usd_per_kg with the heavy rare earth wt%: (raw, blank, finished, hree wt%, by element), from
    the kernels' cost model (kernels/cost.py) on the magnet's element arrays."""
    sc: Scenario = get_scenario(scenario)
    share, disc = _recycled(recycled_share, recycled_discount)
    names, comp, gbd_wt, add = element_rows(magnet)
    # recycled feed: that share of the rare earths at the discounted price
    price = np.array(
        [sc.price_usd_per_kg(el) * ((1 - share * disc) if el in RARE_EARTHS else 1.0) for el in names], dtype=float
    )
    hree = np.array([1.0 if el in HREE else 0.0 for el in names])
    proc, yld = route_processing(magnet_route(magnet), magnet.gbd.wt_pct if magnet.gbd else 0.0, processing_usd_per_kg)
    raw, blank, finished, hree_wt = magnet_cost_kernel(comp, gbd_wt, add, price, hree, float(proc), yld)
    total = diffused_total_wt(comp, gbd_wt, add)
    by_el = {
        el: float(element_cost_usd_per_kg(diffused_wt_pct(c, gbd_wt, a, total), p))
        for el, c, a, p in zip(names, comp, add, price, strict=True)
    }
    return float(raw), float(blank), float(finished), float(hree_wt), by_el


@validate(item=Instance((Magnet, Motor), "a magphys.Magnet or a magphys.motor.Motor"))
def bill_of_materials(
    item,
    scenario=DEFAULT_SCENARIO,
    mass_kg: float | None = None,
    processing_usd_per_kg: float | None = None,
    recycled_share: float = 0.0,
    recycled_discount: float = RECYCLED_DISCOUNT,
) -> BillOfMaterials:
    """The magnet material of a Motor (its rotor's magnets) or of a Magnet (``mass_kg``, default 1 kg)
    under a price scenario. Element masses add up to the magnet mass. ``recycled_share`` of the rare
    earths from recycled feed (its own price, ``recycled_discount`` below primary, and its own origin:
    ``BillOfMaterials.recycled_re_cost_usd`` is not of Chinese origin for the exposure rules)."""
    if isinstance(item, Motor):
        magnet = item.magnet
        mass = item.design.magnet_volume_m3() * magnet.density_kg_m3
        label = item.name
    else:  # a Magnet (the gate admits only these two)
        magnet = item
        mass = 1.0 if mass_kg is None else finite_float("mass_kg", mass_kg, 0.0)
        label = item.name
    sc = get_scenario(scenario)
    raw, blank, finished, hree_wt, by_el = _cost(magnet, sc, processing_usd_per_kg, recycled_share, recycled_discount)
    share, disc = _recycled(recycled_share, recycled_discount)
    w = magnet_elements_wt_pct(magnet)
    el_kg = {el: mass * pct / 100.0 for el, pct in w.items()}
    route = magnet_route(magnet)
    yld = _routes()[route][1]
    re_cost = sum(v for el, v in by_el.items() if el in RARE_EARTHS) * mass / yld
    # value of the recycled part of the rare earths (priced at the discount)
    rec = re_cost * share * (1 - disc) / (1 - share * disc) if share > 0 else 0.0
    return BillOfMaterials(
        item=label,
        magnet=magnet.name,
        route=route,
        scenario=sc.name,
        mass_kg=mass,
        element_kg=el_kg,
        hree_g=float(content_g(mass, hree_wt)),
        raw_material_usd_per_kg=raw,
        blank_usd_per_kg=blank,
        magnet_usd_per_kg=finished,
        magnet_cost_usd=finished * mass,
        rare_earth_cost_usd=re_cost,
        recycled_re_cost_usd=rec,
        breakdown_usd={el: v * mass / yld for el, v in by_el.items()},
    )
