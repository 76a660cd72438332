"""``Magnet``: one permanent magnet from a catalogue grade or from a composition and process."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from .._gate import Flag, Integer, Number, Numbers, Text, check, validate
from ..errors import MagphysValueError
from ..kernels import constants as c
from ..kernels import layout as L
from ..kernels import status as st
from ..kernels.constants import ZERO_C_K
from ..materials._catalogue import COMPOSITION_KEYS, coefficient_record, lookup
from ..materials._composition import Composition
from ..materials._process import Gbd, micro_row
from . import _compute, _store
from ._fit import MagnetFit, _data, fit_record
from ._uncertainty import bands

ABS_ZERO_C = -ZERO_C_K
DEFAULT_EXPOSURE_H = c.DEFAULT_EXPOSURE_S / 3600.0


EXPOSURE_H = Number(1.0 / 3600.0, 1.0e6, unit="h (1 s to 1e6 h)")


def _exposure_s(exposure_h) -> float:
    return check("exposure_h", exposure_h, EXPOSURE_H) * 3600.0


PROPERTY_VARS = {
    "js_t": (L.O_JS, "T", "saturation polarization mu0*Ms of the main phase"),
    "mu0_ha_t": (L.O_HA, "T", "anisotropy field mu0*HA of the main phase"),
    "br_t": (L.O_BR, "T", "remanence"),
    "hcj_a_per_m": (L.O_HCJ, "A/m", "intrinsic coercivity HcJ"),
    "hcb_a_per_m": (L.O_HCB, "A/m", "normal coercivity HcB"),
    "hk_a_per_m": (L.O_HK, "A/m", "knee field Hk (J = 0.9 Br)"),
    "bhmax_j_per_m3": (L.O_BHMAX, "J/m3", "maximum energy product"),
}
STATUS_ATTRS = {
    "flag_values": list(st.NAMES),
    "flag_meanings": " ".join(v.replace(" ", "_") for v in st.NAMES.values()),
}


def properties_dataset(out: np.ndarray, status: np.ndarray, temp_c: np.ndarray, magnet_coord=None) -> xr.Dataset:
    """Dataset of the property kernel output; dims (magnet,) temp_c."""
    dims = ("temp_c",) if magnet_coord is None else ("magnet", "temp_c")
    if magnet_coord is None:
        out, status = out[0], status[0]
    data: dict[str, Any] = {}
    for var, (i, unit, desc) in PROPERTY_VARS.items():
        data[var] = (dims, out[..., i], {"units": unit, "long_name": desc})
    with np.errstate(invalid="ignore", divide="ignore"):
        sq = np.where(
            out[..., L.O_HCJ] > 0, out[..., L.O_HK] / np.where(out[..., L.O_HCJ] > 0, out[..., L.O_HCJ], 1.0), 0.0
        )
    sq = np.where(status == st.OUT_OF_RANGE, np.nan, sq)
    data["squareness"] = (dims, sq, {"units": "1", "long_name": "Hk/HcJ"})
    data["status"] = (dims, status.astype(np.int8), dict(STATUS_ATTRS, long_name="per-point status code"))
    coords: dict[str, Any] = {"temp_c": ("temp_c", temp_c, {"units": "degC"})}
    if magnet_coord is not None:
        coords["magnet"] = ("magnet", magnet_coord)
    return xr.Dataset(data, coords=coords)


def _listed(v):
    """A JSON-ready copy of a fit input (None, a number or a sequence of numbers, NaN as None)."""
    if v is None:
        return None
    a = np.atleast_1d(np.asarray(v, dtype=float))
    return [None if not math.isfinite(x) else float(x) for x in a]


def _fit_inputs(base, temp_c, br_t, hcj_a_per_m, hk_a_per_m, curves, params) -> dict | None:
    """What ``Magnet.fit`` was given, when its base is a catalogue grade (so that it can be rebuilt): the record of
    a refit under another model version (magnets/_store.py)."""
    try:
        lookup(base.name)
    except MagphysValueError:
        return None
    if base.fitted is not None or base.family == "composition":
        return None
    return {
        "base": base.name,
        "thickness_mm": base.thickness_mm,
        "temp_c": _listed(temp_c),
        "br_t": _listed(br_t),
        "hcj_a_per_m": _listed(hcj_a_per_m),
        "hk_a_per_m": _listed(hk_a_per_m),
        "curves": None
        if curves is None
        else [[float(t), [float(x) for x in np.asarray(h)], [float(x) for x in np.asarray(j)]] for t, h, j in curves],
        "params": None if params is None else list(params),
    }


@dataclass(frozen=True, eq=False)
class Magnet:
    """A permanent magnet: its record for the kernels plus what it was made from.

    Build with ``Magnet.from_grade("N42SH")`` or ``Magnet.from_composition(nd=..., ...)``.
    """

    name: str
    family: str
    record: np.ndarray = field(repr=False)
    composition: Composition | None = field(default=None, repr=False)
    process: str | None = None
    gbd: Gbd | None = None
    thickness_mm: float | None = None
    grade_class: str | None = None
    source: str = field(default="", repr=False)
    fitted: MagnetFit | None = field(default=None, repr=False)

    # -- construction ---------------------------------------------------------------------------
    @classmethod
    @validate(
        name=Text("a catalogue grade name (mp.grade_names())"),
        thickness_mm=Number(0.1, 100.0, unit="mm", optional=True),
    )
    def from_grade(cls, name: str, thickness_mm: float | None = None) -> Magnet:
        """A catalogue grade (case-insensitive). GBD grades are specified for 5 mm; another
        ``thickness_mm`` re-evaluates their depth profile."""
        kind, row = lookup(name)
        if kind == "coefficients":
            return cls(name=row["name"], family=row["family"], record=coefficient_record(row), source=row["source"])
        comp: dict[str, Any] = {k: float(row[k]) for k in COMPOSITION_KEYS if float(row[k]) > 0}
        gbd = {"element": row["gbd_element"], "wt_pct": float(row["gbd_wt_pct"])} if row["gbd_element"] else None
        m = cls.from_composition(
            **comp,
            process=row["process"],
            grain_size_um=float(row["grain_um"]),
            gbd=gbd,
            thickness_mm=float(row["thickness_mm"]) if thickness_mm is None else thickness_mm,
            alignment=float(row["alignment"]),
            name=row["name"],
        )
        return cls(
            name=row["name"],
            family=row["family"],
            record=m.record,
            composition=m.composition,
            process=m.process,
            gbd=m.gbd,
            thickness_mm=m.thickness_mm,
            grade_class=row["grade_class"],
            source=row["source"],
        )

    @classmethod
    def from_composition(
        cls,
        nd: float = 0.0,
        pr: float = 0.0,
        dy: float = 0.0,
        tb: float = 0.0,
        ce: float = 0.0,
        la: float = 0.0,
        co: float = 0.0,
        b: float = 1.0,
        *,
        unit: str = "wt%",
        process: str = "sintered",
        grain_size_um: float | None = None,
        gbd: dict | None = None,
        thickness_mm: float = 5.0,
        alignment: float | None = None,
        name: str | None = None,
        **other: float,
    ) -> Magnet:
        """A magnet from its alloy (wt% or at%, Fe = balance) and process.

        ``other`` takes ho, gd, y, cu, al, ga. ``gbd={"element": "Tb"|"Dy"|"Ho"|"NdCu"|"PrCu",
        "wt_pct": amount taken up[, "depth_mm": diffusion length]}`` adds grain-boundary diffusion
        from both pole faces of a magnet ``thickness_mm`` thick; for Dy the treatment may be given instead of the
        depth, ``"temp_c"`` and ``"time_h"`` (default 900 degC, 8 h; its measured diffusivity, Arrhenius).
        """
        amounts = dict(nd=nd, pr=pr, dy=dy, tb=tb, ce=ce, la=la, co=co, b=b, **other)
        comp = Composition.from_kwargs(unit=unit, **{k: v for k, v in amounts.items() if v != 0.0})
        micro = micro_row(process, grain_size_um, gbd, thickness_mm, alignment)
        rec = _compute.records_from_compositions(comp.row()[None, :], micro[None, :], backend="cpu")[0]
        if rec[L.R_STATUS] != st.OK:
            raise MagphysValueError("composition", comp.wt_pct, "inside the R2Fe14B model (see Composition.validate)")
        label = name or " ".join(f"{k.capitalize()}{v:g}" for k, v in comp.wt_pct.items() if v > 0 and k != "Fe")
        rec.setflags(write=False)
        return cls(
            name=label,
            family="composition",
            record=rec,
            composition=comp,
            process=process,
            gbd=Gbd.parse(gbd),
            thickness_mm=float(thickness_mm),
        )

    @classmethod
    def fit(
        cls,
        base: Magnet | str,
        temp_c=None,
        br_t=None,
        hcj_a_per_m=None,
        hk_a_per_m=None,
        curves=None,
        params: Sequence[str] | None = None,
        name: str | None = None,
    ) -> Magnet:
        """``base`` (a Magnet or a catalogue grade name) fitted to measurements.

        Parameters
        ----------
        base : Magnet or str
            The starting magnet: its composition, process and GBD layers stay; the fit adjusts the record
            entries that the data determine (magphys.magnets._fit).
        temp_c : sequence of float, optional
            Temperatures of the point measurements, degC.
        br_t, hcj_a_per_m, hk_a_per_m : sequence of float, optional
            Measured Br (T), HcJ and Hk (A/m) at ``temp_c``; NaN where a quantity was not measured.
        curves : sequence of (temp_c, h_a_per_m, j_t), optional
            Measured second-quadrant curves: reverse-field magnitudes (or negative H) and polarization J.
        params : sequence of str, optional
            What to fit. Default: what the data determine (Br scale; the HcJ level; with HcJ at two temperatures
            or more, the N_eff scale (sintered) or beta (coefficient materials); the squareness from Hk or curves).
            Sintered/composition magnets: br_scale, alpha, neff_scale, squareness, recoil_kappa; coefficient materials:
            br_t, hcj_a_per_m, alpha_br_pct_per_k, beta_hcj_pct_per_k, squareness, mu_rec.
        name : str, optional
            The fitted magnet's name (default ``"<base> (fitted)"``).

        Returns
        -------
        Magnet
            The fitted magnet, usable wherever a catalogue magnet is; ``fitted`` holds the parameters, their
            standard errors and the relative rms residual.

        References
        ----------
        Kronmueller & Durst, JMMM 74, 291 (1988) (the HcJ law whose alpha and N_eff are fitted).
        """
        if isinstance(base, str):
            base = cls.from_grade(base)
        if not isinstance(base, Magnet):
            raise MagphysValueError("base", base, "a Magnet or a catalogue grade name")
        if name is not None and not (isinstance(name, str) and name.strip()):
            raise MagphysValueError("name", name, "a non-empty name")
        rec, report = fit_record(base.record, _data(base, temp_c, br_t, hcj_a_per_m, hk_a_per_m, curves), params)
        report = replace(report, inputs=_fit_inputs(base, temp_c, br_t, hcj_a_per_m, hk_a_per_m, curves, params))
        summary = ", ".join(f"{k} {v:.6g}" for k, v in report.parameters.items())
        return cls(
            name=name or f"{base.name} (fitted)",
            family=base.family,
            record=rec,
            composition=base.composition,
            process=base.process,
            gbd=base.gbd,
            thickness_mm=base.thickness_mm,
            grade_class=base.grade_class,
            source=f"fitted to {report.n_data} measured values ({summary}) from {base.name}",
            fitted=report,
        )

    @classmethod
    def named(cls, name: str, thickness_mm: float | None = None) -> Magnet:
        """A catalogue grade by name, or a magnet file written by ``Magnet.save`` (a path ending in ``.json``):
        what the CLI and sweep specs take wherever they take a grade.

        Parameters
        ----------
        name : str
            A grade name (``mp.grade_names()``) or the path of a saved magnet.
        thickness_mm : float, optional
            The magnet thickness of a grade (a saved magnet keeps its own; giving one for it is an error).

        Returns
        -------
        Magnet
        """
        text = str(name).strip()
        if text.lower().endswith(".json"):
            if thickness_mm is not None:
                raise MagphysValueError("thickness_mm", thickness_mm, f"None for a saved magnet ({text} keeps its own)")
            return cls.load(text)
        return cls.from_grade(text, thickness_mm=thickness_mm)

    def save(self, path) -> Path:
        """Write this magnet to a JSON file (``Magnet.load`` reads it; the CLI and sweep specs take the path
        where they take a grade name).

        Parameters
        ----------
        path : str or Path
            The file to write.

        Returns
        -------
        Path
            The file written. It holds the kernel record bit for bit with a fingerprint of the model; a fitted
            magnet whose base is a catalogue grade also keeps its measurements, so that a later model version can
            refit it.
        """
        return _store.save(self, path, None if self.fitted is None else self.fitted.inputs)

    @classmethod
    def load(cls, path) -> Magnet:
        """The magnet saved at ``path`` by ``Magnet.save``.

        Parameters
        ----------
        path : str or Path
            A file written by ``Magnet.save``.

        Returns
        -------
        Magnet
            The same record under the same model version; refitted from the saved measurements under another
            one. A MagphysValueError names the file where neither is possible.
        """
        return _store.load(path)

    # -- descriptors ----------------------------------------------------------------------------
    @property
    def curie_temp_c(self) -> float:
        return float(self.record[L.R_TC_K]) - ZERO_C_K

    @property
    def density_kg_m3(self) -> float:
        return float(self.record[L.R_DENSITY])

    @property
    def valid_temp_c(self) -> tuple[float, float]:
        """Temperature range of the model for this magnet, degC (upper end exclusive)."""
        return float(self.record[L.R_T_MIN_K]) - ZERO_C_K, float(self.record[L.R_T_MAX_K]) - ZERO_C_K

    @property
    def hre_wt_pct(self) -> float:
        """Heavy rare earth (Dy+Tb+Ho+Gd) in wt% of the magnet, bulk plus diffused."""
        if self.composition is None:
            return 0.0
        extra = self.gbd.wt_pct if self.gbd is not None and self.gbd.element.lower() in ("dy", "tb", "ho") else 0.0
        return self.composition.heavy_rare_earth_wt_pct() + extra

    def _temps(self, temp_c, name: str = "temp_c") -> np.ndarray:
        """``temp_c`` (a number or a 1-D sequence) checked against this magnet's model range; errors name
        the parameter ``name``."""
        t = np.asarray(check(name, temp_c, Numbers(unit="degC")))
        lo, hi = self.valid_temp_c
        for v in t:
            if not math.isfinite(v):
                raise MagphysValueError(name, v, "a finite temperature in degC")
            if v < ABS_ZERO_C:
                raise MagphysValueError(name, v, f"above absolute zero ({ABS_ZERO_C} degC)")
            if not (lo <= v < hi):
                why = "below the Curie point" if self.record[L.R_KIND] == L.KIND_R2FE14B else "the datasheet range"
                raise MagphysValueError(name, v, f"{lo:.1f} <= {name} < {hi:.1f} degC ({self.name}: {why})")
        return t

    # -- physics --------------------------------------------------------------------------------
    @validate(uncertainty=Flag(), samples=Integer(20, 100_000), seed=Integer(0, 2**63 - 1))
    def properties(
        self,
        temp_c=(20.0,),
        backend: str | None = None,
        uncertainty: bool = False,
        samples: int = 256,
        seed: int = 0,
    ) -> xr.Dataset:
        """Js, mu0HA, Br, HcJ, HcB, Hk, (BH)max and squareness over ``temp_c`` (dim "temp_c").

        With ``uncertainty``, each variable gets ``<name>_p05`` and ``<name>_p95``: the 5th and 95th percentiles
        over ``samples`` draws of the magnet's parameters (a fitted magnet: its fit's covariance; otherwise the
        vendor spreads of Br, HcJ and beta its calibration rests on; magphys.magnets._uncertainty), evaluated by
        the same kernel in one pass; ``seed`` makes the draws repeatable."""
        t = self._temps(temp_c)
        out, status = _compute.properties(self.record[None, :], t + ZERO_C_K, backend)
        ds = properties_dataset(out, status, t)
        ds.attrs.update(
            magnet=self.name, family=self.family, curie_temp_c=self.curie_temp_c, density_kg_m3=self.density_kg_m3
        )
        if uncertainty:
            q = bands(self, t + ZERO_C_K, samples, seed, backend)
            for var, (i, unit, desc) in [*PROPERTY_VARS.items(), ("squareness", ("squareness", "1", "Hk/HcJ"))]:
                for tag, k in (("p05", 0), ("p95", 1)):
                    ds[f"{var}_{tag}"] = (
                        "temp_c",
                        q[i][k],
                        {"units": unit, "long_name": f"{desc}, {tag[1:]}th percentile"},
                    )
            ds.attrs.update(uncertainty_samples=samples, uncertainty_seed=seed)
        return ds

    @validate(
        temp_c=Number(unit="degC"),
        n_points=Integer(3, 100_000),
        h_max_a_per_m=Number(0.0, None, lo_open=True, unit="A/m", optional=True),
    )
    def demag_curve(
        self, temp_c: float = 20.0, n_points: int = 401, h_max_a_per_m: float | None = None, backend: str | None = None
    ) -> xr.Dataset:
        """J(H) and B(H) in the second quadrant (and beyond HcJ) at ``temp_c``.

        Coordinate ``h_a_per_m``: applied field H (negative = reverse), from 0 to -h_max
        (default 1.3 HcJ). Attributes: br_t, hcj_a_per_m, hk_a_per_m, hcb_a_per_m.
        """
        t = self._temps(temp_c)
        p = self.properties(t, backend).isel(temp_c=0)
        h_max = 1.3 * max(float(p.hcj_a_per_m), 1.0) if h_max_a_per_m is None else h_max_a_per_m
        h = np.linspace(0.0, h_max, n_points)
        j, _ = _compute.demag_curve(self.record[None, :], [0], t + ZERO_C_K, h, backend)
        H = -h
        ds = xr.Dataset(
            {
                "j_t": ("h_a_per_m", j[0], {"units": "T", "long_name": "polarization J"}),
                "b_t": ("h_a_per_m", j[0] + c.MU0 * H, {"units": "T", "long_name": "flux density B = J + mu0 H"}),
            },
            coords={
                "h_a_per_m": ("h_a_per_m", H, {"units": "A/m", "long_name": "applied field H (negative = reverse)"})
            },
        )
        ds.attrs.update(
            magnet=self.name,
            temp_c=float(t[0]),
            br_t=float(p.br_t),
            hcj_a_per_m=float(p.hcj_a_per_m),
            hk_a_per_m=float(p.hk_a_per_m),
            hcb_a_per_m=float(p.hcb_a_per_m),
        )
        return ds

    @validate(
        temp_c=Number(unit="degC"),
        pc=Number(0.0, None, lo_open=True, unit="(permeance coefficient B/(mu0 H) of the load line)"),
        h_applied_a_per_m=Number(0.0, unit="A/m (magnitude of the reverse field)"),
        exposure_h=EXPOSURE_H,
        stabilised_c=Number(unit="degC", optional=True),
        stabilised_h=EXPOSURE_H,
    )
    def irreversible_loss(
        self,
        temp_c: float,
        pc: float = 1.0,
        h_applied_a_per_m: float = 0.0,
        exposure_h: float = DEFAULT_EXPOSURE_H,
        stabilised_c: float | None = None,
        stabilised_h: float = DEFAULT_EXPOSURE_H,
        backend: str | None = None,
    ) -> float:
        """Irreversible flux loss after a hold at temperature in a magnetic circuit.

        Parameters
        ----------
        temp_c : float
            Hold temperature, degC.
        pc : float
            Permeance coefficient of the magnet in its circuit (load line B = -pc mu0 (H + Ha)); that of its
            mean demagnetizing factor: the regions under the block's pole faces work lower and reverse first.
        h_applied_a_per_m : float
            Reverse applied field Ha (armature), A/m.
        exposure_h : float
            Duration of the hold, h (1 s to 1e6 h): longer holds cross higher barriers (magnetic viscosity).
        stabilised_c, stabilised_h : float, optional
            A stabilising hold in the same circuit (no applied field) before the use, as in IEC TR 62518:
            the magnet is pre-aged at ``stabilised_c`` for ``stabilised_h`` hours, and the loss is counted from
            the flux it keeps after that. None: no stabilisation (the reference is the magnet at 20 degC).

        Returns
        -------
        float
            Fraction (0..1) of the reference flux at 20 degC not recovered after the hold.

        References
        ----------
        IEC TR 62518:2009, Rare earth sintered magnets - Stability of the magnetic properties at elevated
        temperatures.
        """
        t = self._temps(temp_c)
        self._temps(20.0)
        ha = h_applied_a_per_m
        stab_k, stab_s = None, None
        if stabilised_c is not None:
            stab_k = float(self._temps(stabilised_c, "stabilised_c")[0]) + ZERO_C_K
            stab_s = _exposure_s(stabilised_h)
        loss, status = _compute.irreversible_loss(
            self.record[None, :], [0], t + ZERO_C_K, pc, ha, _exposure_s(exposure_h), stab_k, stab_s, backend
        )
        if status[0] == st.NOT_CONVERGED:
            raise RuntimeError(f"operating point did not converge for {self.name} at {t[0]} degC, pc={pc}")
        return float(loss[0])

    @validate(
        pc=Number(0.0, None, lo_open=True, unit="(permeance coefficient)"),
        loss_limit=Number(0.0, 1.0, lo_open=True, hi_open=True),
        exposure_h=EXPOSURE_H,
    )
    def max_working_temp_c(
        self,
        pc: float = 1.0,
        loss_limit: float = 0.05,
        exposure_h: float = DEFAULT_EXPOSURE_H,
        backend: str | None = None,
    ) -> float:
        """Highest temperature at which the irreversible loss at ``pc`` after ``exposure_h`` hours
        stays <= ``loss_limit``.

        Returns the top of the model range when the limit is never reached there.
        """
        lim = loss_limit
        self._temps(20.0)
        temp_k, status = _compute.max_working_temp(self.record[None, :], [0], pc, lim, _exposure_s(exposure_h), backend)
        if status[0] == st.DEMAGNETIZED:
            raise MagphysValueError(
                "pc", pc, f"a load line on which {self.name} keeps {1 - lim:.0%} of its flux at 20 degC"
            )
        return float(temp_k[0]) - ZERO_C_K

    @validate(temp_c=Number(unit="degC"), ref_c=Number(unit="degC"))
    def temperature_coefficients(self, temp_c: float = 150.0, ref_c: float = 20.0) -> dict:
        """Mean reversible coefficients between ref_c and temp_c, in %/K: alpha (Br), beta (HcJ)."""
        if temp_c == ref_c:
            raise MagphysValueError("temp_c", temp_c, f"different from ref_c={ref_c}")
        ds = self.properties([ref_c, temp_c])
        br, hcj = ds.br_t.values, ds.hcj_a_per_m.values
        for name, t, code in (("ref_c", ref_c, int(ds.status[0])), ("temp_c", temp_c, int(ds.status[1]))):
            if code != st.OK:  # a coefficient against a lost coercivity or an out-of-range point is no number
                raise MagphysValueError(
                    name, t, f"a temperature where {self.name} keeps its coercivity (status there: {st.NAMES[code]})"
                )
        dt = temp_c - ref_c
        return {
            "alpha_br_pct_per_k": float((br[1] / br[0] - 1.0) / dt * 100.0),
            "beta_hcj_pct_per_k": float((hcj[1] / hcj[0] - 1.0) / dt * 100.0),
        }
