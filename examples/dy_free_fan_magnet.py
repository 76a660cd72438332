"""What does it cost to take the dysprosium out of a hot fan magnet?

Compares, at 60-150 degC, a bulk-Dy N42SH, a Tb grain-boundary-diffused grade, a HRE-free
fine-grain magnet and a HRE-free hot-deformed magnet: heavy rare earth content, HcJ, and the
maximum working temperature at the permeance coefficient of a thin arc magnet (Pc ~ 1).

    python examples/dy_free_fan_magnet.py [--plot out.png]
"""

import argparse

import magphys as mp

ROUTES = {
    "bulk Dy (N42SH)": mp.Magnet.from_grade("N42SH"),
    "Tb GBD, 3 mm (G50SHT)": mp.Magnet.from_grade("G50SHT"),
    "HRE-free fine grain 1.1 um": mp.Magnet.from_grade("FG42H"),
    "HRE-free hot-deformed": mp.Magnet.from_grade("HD40SH"),
    "Dy-free N42": mp.Magnet.from_grade("N42"),
}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--plot", default=None)
    args = p.parse_args(argv)
    temps = [20.0, 60.0, 100.0, 150.0]
    ds = mp.magnet_properties(list(ROUTES.values()), temp_c=temps)
    print(
        f"{'route':>28} {'HRE wt%':>8} {'Br20 T':>7} "
        + " ".join(f"HcJ{t:.0f}C kA/m".rjust(14) for t in temps)
        + f" {'Tw(Pc=1) C':>11}"
    )
    for label, m in ROUTES.items():
        sel = ds.sel(magnet=m.name)
        hcj = " ".join(f"{v / 1e3:14.0f}" for v in sel.hcj_a_per_m.values)
        print(f"{label:>28} {m.hre_wt_pct:8.2f} {float(sel.br_t[0]):7.3f} {hcj} {m.max_working_temp_c(pc=1.0):11.0f}")
    if args.plot:
        from magphys.plot import plot_overview

        plot_overview(ds, args.plot)
        print(f"plot written to {args.plot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
