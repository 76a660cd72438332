"""Saving and loading a magnet (a fitted one above all) as JSON, so that it can be used where a grade name is.

The file holds the magnet's kernel record, bit for bit (JSON floats round-trip exactly), with a fingerprint of
the model that made it: the record layout and the engine's constants. A record only means the same physics
under the same model, so a file whose fingerprint differs from the running model is refused, unless the file
also holds what the magnet was fitted to and from which catalogue grade: then the fit is repeated under the
running model.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import numpy as np

from ..errors import MagphysValueError
from ..kernels import constants as c
from ..kernels import layout as L
from ..materials._composition import Composition
from ..materials._process import Gbd

FORMAT = "magphys-magnet/1"


def model_fingerprint() -> str:
    """sha256 over the record layout and every numeric constant of kernels/constants.py (names and values)."""
    items = [("N_REC", L.N_REC), ("N_LAYERS_MAX", L.N_LAYERS_MAX)]
    for name in sorted(vars(c)):
        v = getattr(c, name)
        if name.isupper() and isinstance(v, (int, float)) and not isinstance(v, bool):
            items.append((name, float(v)))
    return hashlib.sha256(repr(items).encode()).hexdigest()


def _array(v):
    """A saved fit input back as an array (None as NaN), or None."""
    return None if v is None else np.array([math.nan if x is None else x for x in v], dtype=float)


def _finite_or_none(v: float) -> float | None:
    return float(v) if math.isfinite(v) else None


def to_dict(magnet, fit_inputs: dict | None) -> dict:
    """The JSON-ready description of ``magnet``; ``fit_inputs`` (base grade and data) lets a later model refit."""
    out: dict = {
        "format": FORMAT,
        "model": model_fingerprint(),
        "name": magnet.name,
        "family": magnet.family,
        "process": magnet.process,
        "thickness_mm": magnet.thickness_mm,
        "grade_class": magnet.grade_class,
        "source": magnet.source,
        "composition_wt_pct": None if magnet.composition is None else dict(magnet.composition.wt_pct),
        "gbd": None
        if magnet.gbd is None
        else {"element": magnet.gbd.element, "wt_pct": magnet.gbd.wt_pct, "depth_mm": magnet.gbd.depth_mm},
        "record": [float(v) for v in magnet.record],
    }
    if magnet.fitted is not None:
        f = magnet.fitted
        out["fitted"] = {
            "parameters": f.parameters,
            "stderr": {k: _finite_or_none(v) for k, v in f.stderr.items()},
            "residual_rms": f.residual_rms,
            "n_data": f.n_data,
            "covariance": None if f.covariance is None else [[_finite_or_none(x) for x in row] for row in f.covariance],
        }
    if fit_inputs is not None:
        out["fit_inputs"] = fit_inputs
    return out


def save(magnet, path, fit_inputs: dict | None = None) -> Path:
    """Write ``magnet`` to ``path`` (JSON); returns the path."""
    p = Path(path)
    p.write_text(json.dumps(to_dict(magnet, fit_inputs), indent=1))
    return p


def load(path):
    """The magnet saved at ``path``: its record under the same model, refitted under another one where the file
    holds its fit inputs; a MagphysValueError naming the file otherwise."""
    from ._fit import MagnetFit
    from ._magnet import Magnet

    p = Path(path)
    try:
        d = json.loads(p.read_text())
    except (OSError, ValueError) as e:
        raise MagphysValueError("path", str(path), f"a readable magphys magnet file ({e})") from None
    if not isinstance(d, dict) or d.get("format") != FORMAT:
        raise MagphysValueError("path", str(path), f"a magnet file of format {FORMAT!r}")
    if d.get("model") != model_fingerprint():
        inputs = d.get("fit_inputs")
        if not inputs:
            raise MagphysValueError(
                "path",
                str(path),
                "a magnet saved by this model version (its constants or record layout have changed since, and the "
                "file holds no fit inputs to refit from): fit and save it again",
            )
        curves = [(t, np.asarray(h), np.asarray(j)) for t, h, j in inputs.get("curves") or []] or None
        return Magnet.fit(
            Magnet.from_grade(inputs["base"], thickness_mm=inputs.get("thickness_mm")),
            temp_c=_array(inputs.get("temp_c")),
            br_t=_array(inputs.get("br_t")),
            hcj_a_per_m=_array(inputs.get("hcj_a_per_m")),
            hk_a_per_m=_array(inputs.get("hk_a_per_m")),
            curves=curves,
            params=inputs.get("params"),
            name=d["name"],
        )
    rec = np.array(d["record"], dtype=float)
    if rec.shape != (L.N_REC,):
        raise MagphysValueError("path", str(path), f"a record of {L.N_REC} entries")
    rec.setflags(write=False)
    fitted = None
    if d.get("fitted"):
        f = d["fitted"]
        nan = math.nan
        cov = f.get("covariance")
        fitted = MagnetFit(
            parameters={k: float(v) for k, v in f["parameters"].items()},
            stderr={k: nan if v is None else float(v) for k, v in f["stderr"].items()},
            residual_rms=float(f["residual_rms"]),
            n_data=int(f["n_data"]),
            covariance=None if cov is None else np.array([[nan if x is None else x for x in row] for row in cov]),
        )
    comp = d.get("composition_wt_pct")
    gbd = d.get("gbd")
    return Magnet(
        name=d["name"],
        family=d["family"],
        record=rec,
        composition=None if comp is None else Composition(wt_pct={k: float(v) for k, v in comp.items()}),
        gbd=None if gbd is None else Gbd(str(gbd["element"]), float(gbd["wt_pct"]), float(gbd["depth_mm"])),
        process=d.get("process"),
        thickness_mm=d.get("thickness_mm"),
        grade_class=d.get("grade_class"),
        source=d.get("source", ""),
        fitted=fitted,
    )
