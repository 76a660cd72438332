"""What the server-fan magnet costs a 30 kW air-cooled rack and a 100-rack hall over a year.

A 120 kW rack cannot be air-cooled: its 1 U servers hold 10 x 40 mm fans each, and the rack says so
("does not fit", with the fans it needs and the deficit of those that fit). At 30 kW the fans fit.

The 40 mm reference fan motor is built with a bonded NdFeB ring (Dy-free). Swapping in a ferrite ring
keeps the geometry and the drive: less flux, more current for the same fan torque, lower efficiency,
so more fan power and more heat in the exhaust. The same fans, counted for the bonded design, are
solved for each magnet; then the hall runs a temperate and a hot (chiller-less) year. The fans are IT load
(The Green Grid), so partial PUE hides their extra power; the site's power shows it.

    python examples/rack_fan_magnets.py [--plot out.png]
"""

import argparse

import magphys as mp

MAGNETS = ["BONDED-NDFEB-BN10", "FERRITE-C8"]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--plot", default=None, help="bar chart of fan power per magnet")
    args = p.parse_args(argv)
    big = mp.cooling.Rack(it_power_kw=120, cooling="air", server_u=1, fan="San Ace 9GA0412P3K01").solve()
    print(f"120 kW air-cooled rack: {big.status}: {big.message}")
    kw = dict(it_power_kw=30, cooling="air", inlet_c=27.0, server_u=1, fan="San Ace 9GA0412P3K01")
    n_fans = mp.cooling.Rack(**kw).counts()["fan"]
    motor = mp.motor.reference("server_fan_40mm")
    print(f"30 kW air-cooled rack, {n_fans} x San Ace 40 9GA0412P3K01, inlet 27 degC, 15 K rise")
    print(
        f"{'fan magnet':>18} {'fan kW':>7} {'pPUE':>7} {'site kW':>8} {'magnet C':>9} {'max IT kW':>10} "
        f"{'year MWh (temp./hot)':>21}"
    )
    rows = []
    for name in MAGNETS:
        rack = mp.cooling.Rack(**kw, fan_count=n_fans, fan_motor=motor.with_magnet(mp.Magnet.from_grade(name)))
        res = rack.solve()
        hall = mp.cooling.DataHall(rack, 100)
        years = [
            mp.cooling.fleet_year(hall, c, trim=(c != "hot")).attrs["cooling_energy_mwh"] for c in ("temperate", "hot")
        ]
        print(
            f"{name:>18} {res.cooling_power_kw:7.2f} {res.ppue:7.4f} {res.site_power_kw:8.2f} "
            f"{res.magnet_c['fan']:9.1f} {rack.max_it_power_kw():10.1f} {years[0]:10.0f} / {years[1]:.0f}"
        )
        rows.append((name, res.cooling_power_kw))
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(5, 3.5))
        ax.bar([r[0] for r in rows], [r[1] for r in rows])
        ax.set_ylabel("fan power of the rack, kW")
        ax.set_title("30 kW air-cooled rack: fan magnet")
        fig.tight_layout()
        fig.savefig(args.plot, dpi=120)
        print(f"plot written to {args.plot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
