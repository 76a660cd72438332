"""Digests of every output of the CPU kernels, of a materials and a full-chain sweep and of the grain ensemble, as
one JSON line: run by test_determinism in fresh processes (cold and warm Numba cache, 1 and 2 threads).

    python tests/_digests.py OUT_DIR
"""

import hashlib
import json
import sys
from pathlib import Path

import h5py
import numpy as np
from kernel_cases import kernel_args

import magphys as mp
from magphys.kernels import KERNELS, launch
from magphys.magnets import EnsembleParams, GrainEnsemble
from magphys.sweep import run


def digest(a) -> str:
    return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()[:20]


def file_digests(path) -> dict:
    out = {}
    with h5py.File(path, "r") as f:
        f.visititems(lambda n, o: out.__setitem__(n, digest(o[()])) if isinstance(o, h5py.Dataset) else None)
    return out


def main(out_dir: Path) -> dict:
    d: dict = {}
    for name in sorted(KERNELS):
        args = kernel_args(name)
        launch(name, args, "cpu")
        d[name] = [digest(args[i]) for i in KERNELS[name].outputs]
    examples = Path(__file__).resolve().parents[1] / "examples"
    import tomllib

    chain = {**tomllib.loads((examples / "sweep_rack_fans.toml").read_text()), "chunk_size": 500}
    d["chain_sweep"] = file_digests(run(chain, out_dir / "chain.h5", progress=False))
    materials = {**tomllib.loads((examples / "sweep_dy_ce_gbd.toml").read_text())}
    d["materials_sweep"] = file_digests(run(materials, out_dir / "materials.h5", progress=False))
    params = EnsembleParams(alpha_scale=1.0, sigma_ln_alpha=0.1, sigma_ln_d=0.1)
    ens = GrainEnsemble(mp.Magnet.from_grade("N42SH"), (8.0, 8.0, 4.0), 8000, seed=3, params=params)
    curve = ens.demag_curve(120.0, steps=30)
    d["grains"] = [digest(curve[v].values) for v in sorted(curve.data_vars)]
    return d


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1])), sort_keys=True))
