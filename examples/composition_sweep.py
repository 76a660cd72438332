"""Composition sweep: how much Dy does HcJ at 150 C need, and what do Ce and grain size do to it?

Runs examples/sweep_dy_ce_gbd.toml (13 Dy levels x 4 Ce levels x 64 Sobol grain sizes, 20-180 C) into an
HDF5 file, reads it back as xarray, and finds the Pareto front of HcJ at 150 C (max) against Dy (min)
and Ce (max, the cheap substitute).

    python examples/composition_sweep.py [--out sweep.h5] [--plot out.png]
"""

import argparse
import tempfile
from pathlib import Path

import numpy as np

import magphys as mp

SPEC = Path(__file__).with_name("sweep_dy_ce_gbd.toml")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=None, help="keep the sweep result here (default: a temporary file)")
    p.add_argument("--plot", default=None, help="HcJ at 150 C against Dy, the front highlighted")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.out) if args.out else Path(tmp) / "sweep.h5"
        mp.sweep.run(SPEC, out, progress=False)
        ds = mp.sweep.open_result(out)
        front = mp.sweep.pareto(out, ["hcj_a_per_m@150:max", "dy:min", "ce:max"])
        hcj = ds.hcj_a_per_m.sel(temp_c=150.0)
        print(f"{ds.sizes['point']} alloys; {front.sizes['point']} on the front of HcJ(150 C) up, Dy down, Ce up")
        need = 600e3
        ok = ((hcj >= need) & (ds.status.sel(temp_c=150.0) == 0)).values
        if ok.any():
            cost = ds.magnet_usd_per_kg.values
            b = ds.isel(point=int(np.flatnonzero(ok)[np.argmin(cost[ok])]))
            print(
                f"  cheapest alloy with HcJ(150 C) >= {need / 1e3:.0f} kA/m at ex-China prices: Dy {float(b.dy):.1f}, "
                f"Ce {float(b.ce):.1f} wt%, grains {float(b.grain_size_um):.1f} um, "
                f"{float(b.magnet_usd_per_kg):.1f} USD/kg"
            )
        for dy in (0.0, 2.0, 4.0, 6.0):
            sel = (ds.dy == dy) & (ds.ce == 0.0)
            print(
                f"  Dy {dy:3.1f} wt%, no Ce: HcJ(150 C) {float(hcj.where(sel).min()) / 1e3:6.0f}-"
                f"{float(hcj.where(sel).max()) / 1e3:6.0f} kA/m over grain sizes 1-8 um"
            )
        if args.plot:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot as plt

            fig, ax = plt.subplots(figsize=(6, 4))
            sc = ax.scatter(ds.dy, hcj / 1e3, c=ds.ce, s=6, cmap="viridis")
            ax.scatter(
                front.dy, front["hcj_a_per_m@150"] / 1e3, facecolors="none", edgecolors="r", s=40, label="Pareto front"
            )
            fig.colorbar(sc, label="Ce (wt%)")
            ax.set_xlabel("Dy (wt%)")
            ax.set_ylabel("HcJ at 150 C (kA/m)")
            ax.legend()
            fig.tight_layout()
            fig.savefig(args.plot, dpi=120)
            print(f"plot written to {args.plot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
