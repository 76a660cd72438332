"""Fan-motor design sweep: what does a Dy-free N42 rotor cost in magnet money against losses?

Runs examples/sweep_fan_design.toml (the 80 mm server-fan motor, 7 stack lengths x 7 magnet thicknesses,
3 fan torques x 3 air temperatures, magnet cost at ex-China prices) and, for the 12 mN m duty in 45 C
air, finds the designs on the Pareto front of magnet cost (min) against efficiency (max).

    python examples/fan_design_sweep.py [--out sweep.h5] [--plot out.png]
"""

import argparse
import tempfile
from pathlib import Path

import numpy as np

import magphys as mp

SPEC = Path(__file__).with_name("sweep_fan_design.toml")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=None)
    p.add_argument("--plot", default=None)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.out) if args.out else Path(tmp) / "fan.h5"
        mp.sweep.run(SPEC, out, progress=False)
        ds = mp.sweep.open_result(out)
        duty = ds.where((ds.torque_nm == 0.012) & (ds.ambient_c == 45.0) & (ds.status == 0), drop=True)
        keep = mp.sweep.nondominated(np.stack([duty.magnet_cost_usd.values, -duty.efficiency.values], axis=1))
        front = duty.isel(point=np.sort(keep))
        print(
            f"{ds.sizes['point']} designs x duties; at 12 mN m in 45 C air {duty.sizes['point']} run, "
            f"{front.sizes['point']} on the cost-efficiency front:"
        )
        for i in np.argsort(front.magnet_cost_usd.values):
            r = front.isel(point=i)
            print(
                f"  stack x{float(r.stack_factor):.1f}, magnet x{float(r.thickness_factor):.2f}: "
                f"{1e3 * float(r.magnet_kg):5.1f} g, {float(r.magnet_cost_usd):.3f} USD, efficiency "
                f"{float(r.efficiency):.3f}, magnet {float(r.magnet_c):.1f} C"
            )
        if args.plot:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot as plt

            fig, ax = plt.subplots(figsize=(6, 4))
            ax.scatter(duty.magnet_cost_usd, duty.efficiency, s=10, label="designs")
            ax.plot(
                front.magnet_cost_usd.values[np.argsort(front.magnet_cost_usd.values)],
                front.efficiency.values[np.argsort(front.magnet_cost_usd.values)],
                "r-o",
                ms=4,
                label="front",
            )
            ax.set_xlabel("magnet cost per motor (USD, ex-China 2025)")
            ax.set_ylabel("efficiency incl. drive")
            ax.legend()
            fig.tight_layout()
            fig.savefig(args.plot, dpi=120)
            print(f"plot written to {args.plot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
