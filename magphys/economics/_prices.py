"""Element prices by scenario (magphys/data/price_scenarios.toml or a user TOML file), and the
conversion of traded rare-earth oxides to the metal a magnet is made of."""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import MagphysValueError, unknown_name
from ..kernels.constants import ATOMIC_MASS_G_PER_MOL
from ..materials._tables import read_user_toml

# traded oxide of each rare earth: (metal atoms, oxygen atoms) per formula unit
OXIDE = {
    "Nd": (2, 3),
    "Pr": (6, 11),
    "Dy": (2, 3),
    "Tb": (4, 7),
    "Ce": (1, 2),
    "La": (2, 3),
    "Gd": (2, 3),
    "Ho": (2, 3),
    "Y": (2, 3),
    "Sm": (2, 3),
}
# Oxide -> metal by molten-salt electrolysis / calciothermic reduction, USD per kg of metal beyond the oxide it
# consumes: SMM 2025-12-31 NdPr metal 101.4-102.8 vs oxide 84.0-84.4 USD/kg (shared/data/ree_prices_2024_2025.csv):
# 102.1 - 84.2 x 1.1769 (oxide factor of Nd:Pr 3:1 by mass) = 3.0.
CONVERSION_USD_PER_KG = 3.0
REAL_KEYS = {"Nd": "NdPr", "Pr": "NdPr"}  # Nd and Pr trade together as NdPr oxide


def oxide_factor(element: str) -> float:
    """kg of traded oxide per kg of rare-earth metal (stoichiometric)."""
    n, k = OXIDE[element]
    return (n * ATOMIC_MASS_G_PER_MOL[element] + k * ATOMIC_MASS_G_PER_MOL["O"]) / (n * ATOMIC_MASS_G_PER_MOL[element])


@dataclass(frozen=True)
class Scenario:
    """Element prices at a date: rare earths as oxide (USD/kg oxide), the rest as metal or feed (USD/kg)."""

    name: str
    date: str
    description: str
    oxide_usd_per_kg: dict = field(default_factory=dict)
    metal_usd_per_kg: dict = field(default_factory=dict)
    notes: str = ""

    def __post_init__(self):
        for d in (self.oxide_usd_per_kg, self.metal_usd_per_kg):
            for el, p in d.items():
                if not (isinstance(p, (int, float)) and math.isfinite(p) and p >= 0):
                    raise MagphysValueError(f"price of {el}", p, ">= 0 USD/kg (finite)")
        for el, p in self.oxide_usd_per_kg.items():
            if p <= 0:
                raise MagphysValueError(f"price of {el} oxide", p, "> 0 USD/kg")

    def price_usd_per_kg(self, element: str) -> float:
        """USD per kg of the element as it goes into a magnet (metal; oxide converted)."""
        key = REAL_KEYS.get(element, element)
        if element in OXIDE and key in self.oxide_usd_per_kg:
            return self.oxide_usd_per_kg[key] * oxide_factor(element) + CONVERSION_USD_PER_KG
        if element in self.metal_usd_per_kg:
            return float(self.metal_usd_per_kg[element])
        raise MagphysValueError(
            "element",
            element,
            f"an element priced in scenario {self.name!r}: "
            f"{sorted(set(self.oxide_usd_per_kg) | set(self.metal_usd_per_kg))}",
        )

    def with_prices(self, name: str | None = None, **oxide_usd_per_kg: float) -> Scenario:
        """A copy with some oxide prices replaced (e.g. ``with_prices(Dy=500.0)``)."""
        for el in oxide_usd_per_kg:
            if el not in self.oxide_usd_per_kg:
                raise unknown_name("element", el, list(self.oxide_usd_per_kg), "a rare earth of the scenario")
        return replace(
            self, name=name or f"{self.name}*", oxide_usd_per_kg={**self.oxide_usd_per_kg, **oxide_usd_per_kg}
        )


def _parse(doc: dict, source: str) -> dict[str, Scenario]:
    base = doc.get("base_metals_usd_per_kg", {})
    out = {}
    for name, s in doc.items():
        if name == "base_metals_usd_per_kg":
            continue
        if not isinstance(s, dict) or "oxide_usd_per_kg" not in s or "date" not in s:
            raise MagphysValueError("scenario", f"{source}: [{name}]", "a table with date and oxide_usd_per_kg")
        out[name] = Scenario(
            name,
            str(s["date"]),
            s.get("description", ""),
            dict(s["oxide_usd_per_kg"]),
            {**base, **s.get("metal_usd_per_kg", {})},
            s.get("notes", ""),
        )
    return out


@cache
def _builtin() -> dict[str, Scenario]:
    text = resources.files("magphys.data").joinpath("price_scenarios.toml").read_text(encoding="utf-8")
    return _parse(tomllib.loads(text), "price_scenarios.toml")


# The price scenario every function defaults to: what a buyer outside China pays after the April 2025
# export licensing (a dated scenario of price_scenarios.toml). One default for compare, bills of
# materials, exposure, Monte Carlo, sweeps and the CLI.
DEFAULT_SCENARIO = "ex_china_2025"


def scenario_names() -> list[str]:
    return list(_builtin())


def load_scenarios(path: str | Path) -> dict[str, Scenario]:
    """User scenarios from a TOML file laid out like magphys/data/price_scenarios.toml (the built-in
    base-metal prices fill what the file leaves out)."""
    doc = read_user_toml(path, "path")
    builtin_base = next(iter(_builtin().values())).metal_usd_per_kg
    doc.setdefault("base_metals_usd_per_kg", {})
    doc["base_metals_usd_per_kg"] = {**builtin_base, **doc["base_metals_usd_per_kg"]}
    return _parse(doc, str(path))


def scenario(name) -> Scenario:
    """A built-in scenario by name (mp.economics.scenario_names()), or a Scenario passed through."""
    if isinstance(name, Scenario):
        return name
    s = _builtin()
    if not isinstance(name, str) or name not in s:
        raise unknown_name("scenario", name, list(s), f"one of {list(s)} or a Scenario (load_scenarios)")
    return s[name]
