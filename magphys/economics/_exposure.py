"""Export-control exposure of a magnet as of a date: which of its elements are controlled, under which
measure, whether a licence is needed, and the Chinese-origin value share against the 0.1 % rule.
The measures are data with dates (magphys/data/export_controls.csv)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from .._gate import Date, Flag, Instance, Integer, Number, validate
from ..errors import MagphysValueError
from ..magnets import Magnet
from ..materials._tables import read_csv
from ..motor import Motor
from ._bom import RARE_EARTHS, bill_of_materials, magnet_elements_wt_pct
from ._prices import DEFAULT_SCENARIO

DATA_FROM = dt.date(2023, 12, 21)  # first measure of shared/data/export_controls_timeline.csv
DATA_UNTIL = dt.date(2026, 10, 30)  # end of the Busan suspension: the data say nothing about what follows
DEFAULT_AS_OF = "2025-12-01"  # the date export-control flags are read at unless one is given


@dataclass(frozen=True)
class Measure:
    name: str
    effective: dt.date
    suspended_from: dt.date | None
    suspended_to: dt.date | None
    elements: tuple
    magnets: tuple
    licence: bool
    value_rule_pct: float | None
    source: str

    def in_force(self, day: dt.date) -> bool:
        if day < self.effective:
            return False
        if self.suspended_from is None or self.suspended_to is None:
            return True
        return not (self.suspended_from <= day < self.suspended_to)


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@cache
def measures() -> tuple[Measure, ...]:
    return tuple(
        Measure(
            r["measure"],
            dt.date.fromisoformat(r["effective"]),
            _date(r["suspended_from"]),
            _date(r["suspended_to"]),
            tuple(r["elements"].split(";")),
            tuple(r["magnets"].split(";")),
            r["licence"] == "1",
            float(r["value_rule_pct"]) if r["value_rule_pct"] else None,
            r["source"],
        )
        for r in read_csv("export_controls.csv")
    )


@dataclass(frozen=True)
class Exposure:
    """Controlled elements in the magnet and the measures that list them (in force on ``as_of``);
    ``licence_required``: an export of this magnet from China needs a licence; ``china_value_share``:
    value of Chinese-origin rare earths over the product value, against ``value_rule_pct``."""

    magnet: str
    as_of: str
    controlled_elements: tuple
    measures: tuple
    licence_required: bool
    china_value_share: float
    value_rule_pct: float | None
    value_rule_applies: bool
    notes: str


@validate(
    item=Instance((Magnet, Motor), "a magphys.Magnet or a magphys.motor.Motor"),
    as_of=Date(DATA_FROM, DATA_UNTIL),
    made_in_china=Flag(),
    china_origin=Number(0.0, 1.0),
    product_value_usd=Number(0.0, None, lo_open=True, unit="USD", optional=True),
    recycled_share=Number(0.0, 1.0),
    count=Integer(1, 10**12),
)
def exposure(
    item,
    as_of=DEFAULT_AS_OF,
    made_in_china: bool = True,
    china_origin: float = 1.0,
    product_value_usd: float | None = None,
    scenario=DEFAULT_SCENARIO,
    recycled_share: float = 0.0,
    count: int = 1,
) -> Exposure:
    """Exposure of a magnet (1 kg) or a motor's magnets on ``as_of``. ``china_origin``: share of the
    primary rare-earth value of Chinese origin (the user's assumption); ``recycled_share`` of the rare
    earths comes from recycled feed of non-Chinese origin; ``product_value_usd``: value of the product
    the ``count`` magnets or motors go into (a fan, a rack; default: the magnets themselves), for the
    0.1 % value rule on foreign-made goods."""
    magnet = item.magnet if isinstance(item, Motor) else item
    bom = bill_of_materials(item, scenario, recycled_share=recycled_share)
    day = as_of
    w = magnet_elements_wt_pct(magnet)
    present = {el for el, v in w.items() if v > 0}
    ndfeb = magnet.family not in ("ferrite", "smco")
    hre = ndfeb and bool(present & {"Dy", "Tb"})
    value = bom.magnet_cost_usd * count if product_value_usd is None else float(product_value_usd)
    if not value > 0:
        raise MagphysValueError("product_value_usd", product_value_usd, "> 0 USD")
    share = china_origin * (bom.rare_earth_cost_usd - bom.recycled_re_cost_usd) * count / value
    listed, names, licence, rule = set(), [], False, None
    for m in measures():
        if not m.in_force(day):
            continue
        hit = present & set(m.elements)
        applies = False
        if made_in_china:
            applies = ("ndfeb_hre" in m.magnets and hre) or ("smco" in m.magnets and magnet.family == "smco")
        elif "foreign_made_0p1" in m.magnets and m.value_rule_pct is not None:
            rule = m.value_rule_pct
            applies = bool(present & set(RARE_EARTHS)) and 100.0 * share >= m.value_rule_pct
        if hit or applies:
            listed |= hit
            names.append(m.name)
        licence = licence or (applies and m.licence)
    notes = "Dy/Tb-free NdFeB needs no licence under No.18" if ndfeb and not hre else ""
    return Exposure(
        magnet=magnet.name,
        as_of=day.isoformat(),
        controlled_elements=tuple(sorted(listed)),
        measures=tuple(names),
        licence_required=bool(licence),
        china_value_share=share,
        value_rule_pct=rule,
        value_rule_applies=bool(rule is not None and 100.0 * share >= rule),
        notes=notes,
    )
