"""The knee, the squareness and the thickness effect of GBD from a grain ensemble.

Calibrates a grain ensemble of the bulk-Dy grade N42SH and of the Tb-diffused grade G50SHT to the
materials engine at 20 C (HcJ and Hk/HcJ), then predicts what the layer model of the engine cannot
resolve: HcJ and the knee at fan/pump temperatures, and for the diffused magnet the irreversible loss
after a hot hold on a low load line, for 3 mm and 6 mm plates, with the depth of the reversed grains.

    python examples/grain_ensemble.py [--grains 64000] [--plot out.png]
"""

import argparse

import numpy as np

import magphys as mp
from magphys.magnets import GrainEnsemble, calibrate


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--grains", type=float, default=64_000)
    p.add_argument("--plot", default=None)
    args = p.parse_args(argv)
    n = int(args.grains)
    curves = {}
    for grade in ("N42SH", "G50SHT"):
        m = mp.Magnet.from_grade(grade)
        cal = calibrate(m)
        print(
            f"{grade}: calibrated alpha x {cal.params.alpha_scale:.4f}, HcJ {cal.hcj_a_per_m / 1e3:.0f} kA/m "
            f"(engine {cal.hcj_target_a_per_m / 1e3:.0f}), Hk/HcJ {cal.squareness:.3f} (engine "
            f"{cal.squareness_target:.3f}), texture <cos> {cal.mean_cos_theta:.3f}"
        )
        ens = GrainEnsemble(m, (10.0, 10.0, m.thickness_mm), n, seed=2, params=cal.params)
        print("   T C   HcJ kA/m  engine   Hk/HcJ  engine")
        for t in (20.0, 80.0, 120.0, 150.0):
            d = ens.demag_curve(t, steps=150)
            e = m.properties(temp_c=[t]).isel(temp_c=0)
            print(
                f"  {t:5.0f}  {d.attrs['hcj_a_per_m'] / 1e3:8.0f}  {float(e.hcj_a_per_m) / 1e3:6.0f}   "
                f"{d.attrs['squareness']:.3f}   {float(e.squareness):.3f}"
            )
            curves[(grade, t)] = d
    g = mp.Magnet.from_grade("G50SHT")
    params = calibrate(g).params  # calibrated at its catalogue thickness, 3 mm
    maps = {}
    for thick in (3.0, 6.0):
        loss = GrainEnsemble(g, (6.0, 6.0, thick), n // 2, seed=2, params=params).irreversible_loss(170.0, pc=0.5)
        frac = loss.reversed_fraction.values
        maps[thick] = loss
        print(
            f"G50SHT {thick:.0f} mm, 1 h at 170 C on Pc 0.5: loss {loss.attrs['loss']:.1%} (engine "
            f"{mp.Magnet.from_grade('G50SHT', thickness_mm=thick).irreversible_loss(170.0, pc=0.5):.1%}); reversed "
            f"share at the faces {np.r_[frac[:2], frac[-2:]].mean():.2f}, in the middle {frac[frac.size // 2]:.2f}"
        )
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
        for (grade, t), d in curves.items():
            if t in (20.0, 120.0):
                a1.plot(d.h_a_per_m / 1e3, d.j_t, label=f"{grade} {t:.0f} C")
        a1.axhline(0, color="k", lw=0.5)
        a1.set_xlabel("H (kA/m)")
        a1.set_ylabel("J (T)")
        a1.legend(fontsize=8)
        for thick, loss in maps.items():
            a2.plot(
                loss.depth_mm / thick,
                loss.reversed_fraction,
                "o-",
                ms=3,
                label=f"{thick:.0f} mm: loss {loss.attrs['loss']:.0%}",
            )
        a2.set_xlabel("depth / thickness")
        a2.set_ylabel("reversed share after 170 C, Pc 0.5")
        a2.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(args.plot, dpi=120)
        print(f"plot written to {args.plot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
