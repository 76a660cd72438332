"""Your magnet from your measurements: fit, bands, and the fitted magnet in a motor.

A supplier's sheet gives Br and HcJ of an SH-class magnet at 20 and 150 degC (here the N48SH pair Advanced
Magnets publishes: 1.382 -> 1.169 T, 1676 -> 500.5 kA/m). ``Magnet.fit`` starts from the catalogue N48SH and
adjusts what the data determine (Br scale, the Kronmueller alpha and the N_eff scale); the fitted magnet then
predicts the temperatures in between with 90 % bands from the fit's covariance, and runs in the CDU pump motor
like any catalogue grade. The catalogue grade's own bands (vendor spreads) are printed beside.

    python examples/fit_your_magnet.py [--plot out.png]
"""

import argparse

import numpy as np

import magphys as mp

MEASURED = {"temp_c": [20.0, 150.0], "br_t": [1.382, 1.169], "hcj_a_per_m": [1676e3, 500.5e3]}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--plot", default=None, help="HcJ against temperature with both bands")
    p.add_argument(
        "--save",
        default=None,
        help="write the fitted magnet here (.json): `magphys magnet FILE` and sweep specs' fixed.magnet take the path",
    )
    args = p.parse_args(argv)
    base = mp.Magnet.from_grade("N48SH")
    mine = mp.Magnet.fit(base, **MEASURED, name="my N48SH")
    f = mine.fitted
    print(f"fit to {f.n_data} values, rms residual {f.residual_rms:.2%}:")
    for k, v in f.parameters.items():
        print(f"  {k:>11} = {v:.4f} +- {f.stderr[k]:.4f}")
    temps = np.array([20.0, 60.0, 100.0, 120.0, 150.0, 180.0])
    fit_ds = mine.properties(temps, uncertainty=True)
    cat_ds = base.properties(temps, uncertainty=True)
    print(f"{'T degC':>7} {'HcJ fitted kA/m (90 % band)':>30} {'HcJ catalogue kA/m (90 % band)':>32}")
    for i, t in enumerate(temps):
        a = [float(fit_ds[v][i]) / 1e3 for v in ("hcj_a_per_m", "hcj_a_per_m_p05", "hcj_a_per_m_p95")]
        b = [float(cat_ds[v][i]) / 1e3 for v in ("hcj_a_per_m", "hcj_a_per_m_p05", "hcj_a_per_m_p95")]
        print(f"{t:7.0f} {a[0]:12.0f} ({a[1]:6.0f}-{a[2]:6.0f}) {b[0]:14.0f} ({b[1]:6.0f}-{b[2]:6.0f})")
    pump = mp.motor.reference("cdu_pump_3kw")
    for m in (base, mine):
        op = pump.with_magnet(m).operating_point(speed_rpm=2900.0, torque_nm=9.0, ambient_c=40.0)
        print(f"CDU pump motor with {m.name}: efficiency {op.efficiency:.3f}, magnet {op.temp_c['magnet']:.0f} degC")
    print(f"maximum working temperature at Pc 1: {mine.max_working_temp_c(pc=1.0):.0f} degC (fitted)")
    if args.save:
        again = mp.Magnet.load(mine.save(args.save))  # the same record, bit for bit
        print(
            f"saved to {args.save}; reloaded: HcJ(20 C) {float(again.properties(20.0).hcj_a_per_m[0]) / 1e3:.0f} kA/m"
        )
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6.0, 3.8))
        for ds, label in ((cat_ds, "catalogue N48SH"), (fit_ds, "fitted")):
            ax.fill_between(temps, ds.hcj_a_per_m_p05 / 1e3, ds.hcj_a_per_m_p95 / 1e3, alpha=0.3)
            ax.plot(temps, ds.hcj_a_per_m / 1e3, label=label)
        ax.plot(MEASURED["temp_c"], np.array(MEASURED["hcj_a_per_m"]) / 1e3, "ko", label="measured")
        ax.set_xlabel("temperature (degC)")
        ax.set_ylabel("HcJ (kA/m), 90 % bands")
        ax.legend()
        fig.tight_layout()
        fig.savefig(args.plot, dpi=120)
        print(f"plot written to {args.plot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
