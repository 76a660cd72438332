"""What does a heavy-rare-earth-free fan magnet cost a rack's fans? The full chain over alloy and motor.

Runs examples/sweep_rack_fans.toml: 24 alloys (bulk Dy 0-3 wt%, Tb diffused 0-0.6 wt%, Ce 0/3 wt%) in the
80 mm server-fan motor with 25 stack x magnet-thickness designs, at 27/35/45 C inlet air, each point
through the fused chain (magnet -> rewound motor fixed point -> fan duty -> rack fans, pPUE -> cost), for the
24 kW of air a 120 kW direct-to-chip rack leaves to its server fans.
For the 45 C hot aisle it keeps designs whose HcJ at 120 C stays above 400 kA/m and prints the Pareto
front of rack magnet cost, rack fan power and Dy+Tb grams per rack.

    python examples/rack_fan_chain_sweep.py [--out sweep.h5] [--plot out.png]
"""

import argparse
import tempfile
from pathlib import Path

import numpy as np

import magphys as mp

SPEC = Path(__file__).with_name("sweep_rack_fans.toml")
HCJ_MIN_A_PER_M = 4.0e5  # keeps a knee margin against the fan motor's stall field at 120 C (E)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=None)
    p.add_argument("--plot", default=None)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.out) if args.out else Path(tmp) / "rack.h5"
        mp.sweep.run(SPEC, out, progress=False)
        ds = mp.sweep.open_result(out)
        hot = ds.where((ds.inlet_c == 45.0) & (ds.status == 0) & (ds.hcj_check_a_per_m > HCJ_MIN_A_PER_M), drop=True)
        f = np.stack([hot.rack_magnet_cost_usd.values, hot.rack_cooling_kw.values, hot.rack_hree_g.values], axis=1)
        front = hot.isel(point=np.sort(mp.sweep.nondominated(f)))
        print(
            f"{ds.sizes['point']} points ({int((ds.status == 0).sum())} ok); at 45 C inlet {hot.sizes['point']} keep "
            f"HcJ(120 C) > {HCJ_MIN_A_PER_M / 1e3:.0f} kA/m, {front.sizes['point']} on the front of rack magnet "
            "cost, fan power and Dy+Tb grams:"
        )
        print("   Dy  Tb-GBD  Ce  stack  magnet   fans  fan kW   pPUE  magnet USD  Dy+Tb g")
        for i in np.argsort(front.rack_hree_g.values, kind="stable"):
            r = front.isel(point=i)
            print(
                f"  {float(r.dy):3.1f}  {float(r.gbd_wt_pct):5.1f}  {float(r.ce):3.1f}  x{float(r.stack_factor):.1f}"
                f"   x{float(r.thickness_factor):.1f}  {float(r.movers_per_rack):5.0f}  {float(r.rack_cooling_kw):6.2f}"
                f"  {float(r.ppue):.4f}  {float(r.rack_magnet_cost_usd):9.0f}  {float(r.rack_hree_g):7.0f}"
            )
        free = front.where(front.rack_hree_g == 0, drop=True)
        if free.sizes["point"]:
            best = free.isel(point=int(np.argmin(free.rack_cooling_kw.values)))
            print(
                f"HRE-free on the front: fan power {float(best.rack_cooling_kw):.2f} kW per rack, "
                f"{float(best.rack_magnet_cost_usd):.0f} USD of magnets"
            )
        if args.plot:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot as plt

            fig, ax = plt.subplots(figsize=(6.5, 4.2))
            sc = ax.scatter(hot.rack_magnet_cost_usd, hot.rack_cooling_kw, c=hot.rack_hree_g, s=8, cmap="viridis")
            ax.scatter(
                front.rack_magnet_cost_usd,
                front.rack_cooling_kw,
                s=40,
                facecolors="none",
                edgecolors="r",
                label="Pareto front",
            )
            fig.colorbar(sc, ax=ax, label="Dy + Tb per rack (g)")
            ax.set_xlabel("fan magnets per rack, 24 kW of air (USD, ex-China 2025)")
            ax.set_ylabel("rack fan power (kW), 45 C inlet")
            ax.legend()
            fig.tight_layout()
            fig.savefig(args.plot, dpi=120)
            print(f"plot written to {args.plot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
