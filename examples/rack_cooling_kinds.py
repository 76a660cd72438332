"""The same compute cooled five ways: where the fan magnets go, and what the site pays for it.

A 40 kW rack of IT load (2 U servers, 80 mm fans) on the same plant (W32 facility water, dry coolers, a
chiller where needed) is cooled by server fans and CRAHs (air), by a passive rear door in place of the CRAHs
(rdhx), by cold plates with the residual air on server fans (liquid, 80/20), by cold plates only (liquid,
100 %), and in mineral oil with no fans at all (immersion). For each: the server fans (IT load by The Green
Grid's rule), the facility cooling, the partial PUE and the site's power, on a 10 degC and a 25 degC day. At
40 kW the air-cooled servers need more fans than their faces hold ("does not fit": the values are those of
the fans that fit). Server fans are where the magnets that carry Dy sit in air-cooled servers; the rear door
makes them work harder, immersion removes them.

    python examples/rack_cooling_kinds.py [--plot out.png]
"""

import argparse

import magphys as mp

IT_KW = 40.0
KINDS = {
    "air": dict(cooling="air"),
    "rear door": dict(cooling="rdhx"),
    "DLC 80/20": dict(cooling="liquid"),
    "DLC 100 %": dict(cooling="liquid", liquid_fraction=1.0),
    "immersion": dict(cooling="immersion"),
}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--plot", default=None, help="bar chart of site power per cooling kind")
    args = p.parse_args(argv)
    site = {}
    for outdoor in (10.0, 25.0):
        plant = mp.cooling.Plant(water_class="W32", outdoor_c=outdoor)
        print(f"{IT_KW:g} kW of compute, W32 water, dry coolers, outdoor {outdoor:g} degC")
        print(f"{'kind':>11} {'status':>13} {'fans':>5} {'fan kW':>7} {'facility kW':>12} {'pPUE':>7} {'site kW':>8}")
        for label, kw in KINDS.items():
            res = mp.cooling.Rack(it_power_kw=IT_KW, plant=plant, **kw).solve()
            site.setdefault(label, []).append(res.site_power_kw)
            print(
                f"{label:>11} {res.status:>13} {res.counts['fan']:5d} {res.fan_power_kw:7.2f} "
                f"{res.facility_cooling_kw:12.2f} {res.ppue:7.3f} {res.site_power_kw:8.2f}"
            )
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6.5, 3.8))
        labels = list(site)
        x = range(len(labels))
        ax.bar([i - 0.2 for i in x], [site[k][0] - IT_KW for k in labels], 0.4, label="10 degC day")
        ax.bar([i + 0.2 for i in x], [site[k][1] - IT_KW for k in labels], 0.4, label="25 degC day")
        ax.set_xticks(list(x), labels)
        ax.set_ylabel(f"site power above the {IT_KW:g} kW of compute (kW)")
        ax.legend()
        fig.tight_layout()
        fig.savefig(args.plot, dpi=120)
        print(f"plot written to {args.plot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
