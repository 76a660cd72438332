"""A user's own motor design from a TOML file with the keys of one table of magphys/data/motor_designs.toml."""

from __future__ import annotations

import json
import math
from dataclasses import MISSING, fields
from pathlib import Path

from .._gate import FilePath, Flag, Integer, Number, Spec, Text, check, validate
from ..errors import MagphysValueError, unknown_name
from ..materials._catalogue import lookup
from ..materials._tables import read_user_toml
from ._design import MotorDesign


class _AnyText(Spec):
    """A string, empty allowed (``notes``, ``can_material`` of a motor without a can, ...)."""

    def describe(self) -> str:
        return "a string"

    def coerce(self, name: str, value) -> str:
        if not isinstance(value, str):
            raise MagphysValueError(name, value, self.describe())
        return value


_SPECS: dict[str, Spec] = {"float": Number(), "int": Integer(), "bool": Flag(), "str": _AnyText()}
FILE_FIELDS = {f.name: f for f in fields(MotorDesign) if f.name != "name"}
"""The keys of a design table: every MotorDesign field but ``name`` (the table's name)."""
REQUIRED_KEYS = tuple(k for k, f in FILE_FIELDS.items() if f.default is MISSING)


def _design_from_table(table: dict, name: str, where: str) -> MotorDesign:
    """The validated design of one TOML table; errors name the key, ``where`` says which file and table."""
    unknown = sorted(set(table) - set(FILE_FIELDS))
    if unknown:
        raise unknown_name(
            unknown[0],
            table[unknown[0]],
            FILE_FIELDS,
            "a MotorDesign field (the keys of a table of magphys/data/motor_designs.toml)",
            fallback=f"unknown key in {where}",
        )
    missing = [k for k in REQUIRED_KEYS if k not in table]
    if missing:
        raise MagphysValueError(missing[0], None, "a value (a required key)", f"missing from {where}: {missing}")
    values = {}
    for key, value in table.items():
        try:
            values[key] = check(key, value, _SPECS[str(FILE_FIELDS[key].type)])
        except MagphysValueError as exc:
            raise MagphysValueError(exc.parameter, exc.value, exc.valid, where) from None
    design = MotorDesign(name=name, **values)
    try:
        design.validate()
        design.vector(1.05)  # the lamination, can material and fluids must be known materials
        if design.magnet:
            lookup(design.magnet)
        else:
            raise MagphysValueError("magnet", design.magnet, "a catalogue grade name")
    except MagphysValueError as exc:
        key = "magnet" if exc.parameter == "grade" else exc.parameter
        raise MagphysValueError(key, exc.value, exc.valid, "; ".join(t for t in (exc.hint, where) if t)) from None
    return design


@validate(
    path=FilePath(exists=True, what="a motor design TOML file"),
    name=Text("the name of a table in the file", optional=True),
)
def from_toml(path: str | Path, name: str | None = None) -> MotorDesign:
    """A user's own motor design from a TOML file.

    The file holds one design as a table with the keys of one table of magphys/data/motor_designs.toml
    (``[my_motor]`` followed by ``rated_speed_rpm = 10500``, ...), several such tables (``name`` picks one), or
    the keys alone at the top level (the design is then named ``name`` or after the file). Lengths in mm,
    masses in g, speeds in rpm, as in the reference designs.

    Parameters
    ----------
    path : str or os.PathLike
        The TOML file.
    name : str, optional
        The table to read; required where the file holds more than one.

    Returns
    -------
    MotorDesign
        The validated design, named after its table.

    Raises
    ------
    MagphysValueError
        For a file that is not TOML, an unknown table name, and for an unknown key, a missing required key, a
        value of the wrong type or out of range, naming the key (the file and table in the hint).
    """
    data = read_user_toml(path, "path")
    if not data:
        raise MagphysValueError("path", str(path), "a TOML file with a motor design table", "the file is empty")
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    if not tables:  # the keys of one design at the top level
        table_name = name if name is not None else Path(path).stem
        return _design_from_table(data, table_name, f"{path}")
    if len(tables) != len(data):
        loose = sorted(set(data) - set(tables))
        raise MagphysValueError(
            loose[0], data[loose[0]], "a key inside a design table", f"{path} mixes top-level keys and tables"
        )
    if name is None:
        if len(tables) > 1:
            raise MagphysValueError("name", None, f"one of {list(tables)}", f"{path} holds {len(tables)} designs")
        name = next(iter(tables))
    if name not in tables:
        raise unknown_name("name", name, tables, f"one of {list(tables)} (the tables of {path})")
    return _design_from_table(tables[name], name, f"table [{name}] of {path}")


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return repr(value) if isinstance(value, float) else str(int(value))


def design_toml(design: MotorDesign) -> str:
    """``design`` as the TOML table ``from_toml`` reads back (floats written to round-trip exactly).

    Parameters
    ----------
    design : MotorDesign
        The design to write.

    Returns
    -------
    str
        One table named after the design.
    """
    lines = [f"[{json.dumps(design.name)}]"]
    lines += [f"{k} = {_toml_value(getattr(design, k))}" for k in FILE_FIELDS]
    return "\n".join(lines) + "\n"
