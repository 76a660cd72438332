"""Plots (matplotlib, from the ``plot`` extra): demagnetization curves and grade overviews."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import xarray as xr

from .kernels import constants as c


def _pyplot():
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("plotting needs matplotlib: pip install 'magphys[plot]'") from exc
    return plt


def _save(plt, fig, path) -> Path:
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def plot_demag(magnet, temps_c, path: str | Path, pc: float | None = 1.0) -> Path:
    """J(H) and B(H) of ``magnet`` at each temperature; the load line of ``pc`` if given."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.5, 5.0))
    colors = plt.cm.plasma(np.linspace(0.05, 0.85, len(temps_c)))
    h_max = 0.0
    j_top = 0.0
    for t, col in zip(temps_c, colors, strict=False):
        ds = magnet.demag_curve(temp_c=t)
        h_ka = ds.h_a_per_m.values / 1e3
        ax.plot(h_ka, ds.j_t, color=col, lw=1.8, label=f"J, {t:g} °C")
        ax.plot(h_ka, ds.b_t, color=col, lw=1.0, ls="--")
        h_max = max(h_max, -h_ka.min())
        j_top = max(j_top, float(ds.j_t.max()))
    if pc is not None:
        h = np.linspace(-h_max, 0, 50)
        ax.plot(h, -pc * c.MU0 * h * 1e3, color="k", lw=0.8, ls=":", label=f"load line Pc = {pc:g}")
    ax.set_xlim(-h_max, 0)
    ax.set_ylim(-0.2, 1.1 * j_top)
    ax.axhline(0, color="0.6", lw=0.5)
    ax.set_xlabel("applied field H (kA/m)")
    ax.set_ylabel("J (solid), B (dashed)  [T]")
    ax.set_title(f"{magnet.name}: demagnetization curves")
    ax.legend(fontsize=8, loc="lower left")
    return _save(plt, fig, path)


def plot_overview(ds: xr.Dataset, path: str | Path) -> Path:
    """Br and HcJ against temperature for the magnets of a ``magnet_properties`` Dataset."""
    plt = _pyplot()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.5))
    for name in ds.magnet.values:
        sel = ds.sel(magnet=name)
        ok = sel.status.values == 0
        t = ds.temp_c.values[ok]
        ax1.plot(t, sel.br_t.values[ok], marker="o", ms=3, label=str(name))
        ax2.plot(t, sel.hcj_a_per_m.values[ok] / 1e3, marker="o", ms=3, label=str(name))
    ax1.set_xlabel("temperature (°C)")
    ax1.set_ylabel("Br (T)")
    ax2.set_xlabel("temperature (°C)")
    ax2.set_ylabel("HcJ (kA/m)")
    ax2.legend(fontsize=8)
    fig.suptitle("Remanence and coercivity with temperature")
    return _save(plt, fig, path)


def plot_efficiency_map(ds: xr.Dataset, path: str | Path) -> Path:
    """Efficiency over speed x torque (an ``efficiency_map`` Dataset); infeasible points blank."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.0, 5.0))
    eff = np.where(ds.status.values == 0, ds.efficiency.values, np.nan).T
    cs = ax.contourf(ds.speed_rpm.values, ds.torque_nm.values, eff, levels=np.linspace(0.3, 1.0, 15), cmap="viridis")
    fig.colorbar(cs, ax=ax, label="efficiency (shaft / electrical input, drive included)")
    ax.set_xlabel("speed (rpm)")
    ax.set_ylabel("shaft torque (N m)")
    ax.set_title(f"{ds.attrs.get('motor', '')} with {ds.attrs.get('magnet', '')}, {ds.attrs.get('ambient_c', '')} °C")
    return _save(plt, fig, path)


def plot_efficiency_sweep(ds: xr.Dataset, path: str | Path) -> Path:
    """Rack cooling power and partial PUE against the motors' efficiency (``sweep_motor_efficiency``)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6, 4))
    eff = ds.motor_efficiency.values
    ax.plot(eff, ds.cooling_power_kw, "o-", label="cooling power")
    ax.plot(eff, ds.motor_heat_kw, "s--", label="heat the movers add")
    ax.set_xlabel("motor + drive efficiency")
    ax.set_ylabel("kW")
    ax2 = ax.twinx()
    ax2.plot(eff, ds.ppue, "^:", color="C3", label="partial PUE")
    ax2.set_ylabel("partial PUE")
    ax.legend(loc="upper right")
    ax.set_title(f"{ds.attrs.get('it_power_kw', 0):g} kW {ds.attrs.get('cooling', '')}-cooled rack")
    return _save(plt, fig, path)


def plot_compare(datasets, path: str | Path) -> Path:
    """Magnet routes side by side for one or more duties: magnet cost, efficiency and heavy rare earth
    per route (infeasible routes marked x)."""
    plt = _pyplot()
    dss = [datasets] if isinstance(datasets, xr.Dataset) else list(datasets)
    fig, axes = plt.subplots(3, len(dss), figsize=(6 * len(dss), 8), squeeze=False)
    for col, ds in enumerate(dss):
        routes = list(ds.route.values)
        ok = ds.feasible.values.astype(bool)
        x = np.arange(len(routes))
        for row, (var, label) in enumerate(
            (("magnet_cost_usd", "magnet cost, USD"), ("efficiency", "efficiency"), ("hree_g", "Dy + Tb (+Ho, Gd), g"))
        ):
            ax = axes[row, col]
            vals = np.where(ok, ds[var].values.astype(float), 0.0)
            ax.bar(x[ok], vals[ok], color="C0" if row != 2 else "C3")
            ax.plot(x[~ok], np.zeros((~ok).sum()), "kx", ms=8, label="infeasible" if (~ok).any() else None)
            if var == "efficiency" and ok.any():
                ax.set_ylim(max(0.0, np.nanmin(vals[ok]) - 0.05), min(1.0, np.nanmax(vals[ok]) + 0.02))
            ax.set_ylabel(label)
            ax.set_xticks(x, routes if row == 2 else [""] * len(routes), rotation=60, ha="right", fontsize=8)
        axes[0, col].set_title(
            f"{ds.attrs['kind']} duty, {ds.attrs['shaft_power_w']:.3g} W shaft, "
            f"{ds.attrs['ambient_c']:g} degC, {ds.attrs['scenario']}",
            fontsize=9,
        )
        if (~ok).any():
            axes[0, col].legend(fontsize=8)
    return _save(plt, fig, path)


def plot_sweep(
    ds: xr.Dataset,
    path: str | Path,
    var: str = "hcj_a_per_m",
    temp_c: float | None = None,
    x: str | None = None,
    y: str | None = None,
    front: xr.Dataset | None = None,
) -> Path:
    """A sweep result: ``var`` (at ``temp_c``, default the highest, for outputs over temperature) over two
    axes as a heat map when the points form a grid in them (mean over the others), else a scatter coloured
    by ``var``; the points of a Pareto ``front`` ringed."""
    plt = _pyplot()
    axes = [a for a in ds.coords if a not in ("temp_c",) and ds[a].dims == ("point",)]
    x = x or str(axes[0])
    y = y or (str(axes[1]) if len(axes) > 1 else None)
    v = ds[var]
    label = var
    if "temp_c" in v.dims:  # materials outputs; the motor chains' outputs are one value per point
        t = float(ds.temp_c.max()) if temp_c is None else float(temp_c)
        v = v.sel(temp_c=t, method="nearest")
        label = f"{var} at {t:g} C"
    fig, ax = plt.subplots(figsize=(6, 4.5))
    if y is None:
        ax.plot(ds[x], v, ".", ms=3)
        ax.set_ylabel(label)
    else:
        xs, ys = np.unique(ds[x].values), np.unique(ds[y].values)
        if xs.size * ys.size <= 4 * v.size and xs.size <= 200 and ys.size <= 200:
            grid = v.groupby(xr.DataArray(ds[x].values + 1j * ds[y].values, dims="point")).mean()
            img = np.full((ys.size, xs.size), np.nan)
            for key, val in zip(grid.coords[grid.dims[0]].values, grid.values, strict=False):
                img[np.searchsorted(ys, key.imag), np.searchsorted(xs, key.real)] = val
            m = ax.pcolormesh(xs, ys, img, shading="nearest")
        else:
            m = ax.scatter(ds[x], ds[y], c=v, s=4)
        fig.colorbar(m, label=label)
        ax.set_ylabel(y)
        if front is not None and x in front.variables and y in front.variables:
            ax.scatter(front[x], front[y], facecolors="none", edgecolors="r", s=30, label="Pareto front")
            ax.legend(fontsize=8)
    ax.set_xlabel(x)
    ax.set_title(f"sweep of {ds.sizes['point']} points", fontsize=9)
    return _save(plt, fig, path)


def plot_grains(curve: xr.Dataset, layer_curve: xr.Dataset | None, loss: xr.Dataset | None, path: str | Path) -> Path:
    """A grain ensemble: its J(H) knee against the materials engine's layer model, and the depth map of
    reversed grains after an excursion."""
    plt = _pyplot()
    fig, axes = plt.subplots(
        1, 2 if loss is not None else 1, figsize=(10 if loss is not None else 6, 4.2), squeeze=False
    )
    ax = axes[0, 0]
    ax.plot(curve.h_a_per_m / 1e3, curve.j_t, label=f"grain ensemble ({curve.attrs['grains']:,} grains)")
    if layer_curve is not None:
        ax.plot(layer_curve.h_a_per_m / 1e3, layer_curve.j_t, "--", label="materials engine (layer model)")
    ax.axhline(0.0, color="k", lw=0.5)
    ax.set_xlabel("H (kA/m)")
    ax.set_ylabel("J (T)")
    ax.set_title(
        f"{curve.attrs['magnet']} at {curve.attrs['temp_c']:g} degC: HcJ {curve.attrs['hcj_a_per_m'] / 1e3:.0f} "
        f"kA/m, Hk/HcJ {curve.attrs['squareness']:.3f}",
        fontsize=9,
    )
    ax.legend(fontsize=8)
    if loss is not None:
        ax = axes[0, 1]
        ax.bar(
            loss.depth_mm,
            loss.reversed_fraction,
            width=float(loss.depth_mm[1] - loss.depth_mm[0]) if loss.sizes["depth_mm"] > 1 else 0.1,
        )
        ax.set_xlabel("depth from the pole face (mm)")
        ax.set_ylabel("reversed share")
        ax.set_title(
            f"after {loss.attrs['temp_c']:g} degC at Pc {loss.attrs['pc']:g}: loss {loss.attrs['loss']:.1%}", fontsize=9
        )
    return _save(plt, fig, path)
