"""Reading the reference CSV files shipped in magphys/data (comment lines start with '#'), and user
TOML files."""

import csv
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import MagphysValueError
from ..kernels import constants as c
from ..kernels import layout as L


def read_user_toml(path, parameter: str) -> dict:
    """A user's TOML file as a dict; a missing file or bad TOML raises a MagphysValueError naming
    ``parameter``."""
    p = Path(path)
    if not p.is_file():
        raise MagphysValueError(parameter, str(path), "an existing TOML file")
    try:
        return tomllib.loads(p.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise MagphysValueError(parameter, str(path), "valid TOML (UTF-8 text)", str(exc)) from None


@cache
def read_csv(name: str) -> tuple[dict, ...]:
    text = resources.files("magphys.data").joinpath(name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return tuple(dict(row) for row in csv.DictReader(lines))


@cache
def intrinsic_table() -> np.ndarray:
    """(N_RE, N_TABLE) array in layout.RARE_EARTHS order: Tc, Js(300 K), mu0HA(300 K), molar mass."""
    rows = {r["R"]: r for r in read_csv("r2fe14b_intrinsic.csv")}
    table = np.zeros((L.N_RE, L.N_TABLE))
    for i, r in enumerate(L.RARE_EARTHS):
        row = rows[r]
        table[i, L.T_TC_K] = float(row["tc_k"])
        table[i, L.T_JS_T] = float(row["js_300k_t"])
        table[i, L.T_HA_T] = float(row["mu0_ha_300k_t"])
        table[i, L.T_MOLAR] = c.ATOMIC_MASS_G_PER_MOL[r]
    table.setflags(write=False)
    return table


def molar_masses() -> np.ndarray:
    """Molar masses (g/mol) in layout.ELEMENTS order (kernels.constants.ATOMIC_MASS_G_PER_MOL)."""
    return np.array([c.ATOMIC_MASS_G_PER_MOL[e] for e in L.ELEMENTS])
