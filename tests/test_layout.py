"""The repository's layout: every way of running the tests imports one and the same code."""

import os
import subprocess
import sys
from pathlib import Path

import magphys
import magphys.kernels

ROOT = Path(__file__).resolve().parents[1]


def test_kernels_come_from_the_same_tree_as_the_package():
    """Installed copy: magphys/kernels inside it; checkout or editable install: the top-level kernels/."""
    pkg = Path(magphys.__file__).resolve().parent
    kern = Path(magphys.kernels.__file__).resolve().parent
    assert kern in (pkg / "kernels", pkg.parent / "kernels")


def test_python_dash_c_in_the_checkout_imports_the_checkout():
    """``python -m pytest`` and ``python -c`` put the checkout first on the path: both the package and
    its kernels must then come from the checkout (not the package from here and the kernels from an
    installed copy, nor an ImportError)."""
    code = "import magphys, magphys.kernels as k; print(magphys.__file__); print(k.__file__)"
    env = {key: v for key, v in os.environ.items() if key != "PYTHONPATH"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    pkg_file, kern_file = (Path(line).resolve() for line in out.stdout.split())
    assert pkg_file == ROOT / "magphys" / "__init__.py"
    assert kern_file == ROOT / "kernels" / "__init__.py"


def test_version_defined_once():
    from magphys._version import __version__

    assert magphys.__version__ == __version__
    text = (ROOT / "pyproject.toml").read_text()
    assert 'dynamic = ["version"]' in text and f'"{__version__}"' not in text
    assert (ROOT / "magphys" / "py.typed").is_file()


def test_one_status_table():
    """Every status a user can see is in the one table: codes unique and consecutive from 0, names
    unique, and each has a meaning; the package exports the same names."""
    from magphys.kernels import status as st

    codes = [c for c, _, _ in st.TABLE]
    assert codes == list(range(len(codes)))
    assert len(set(st.NAMES.values())) == len(codes)
    assert all(st.MEANINGS[c] for c in codes)
    assert magphys.STATUS_NAMES == st.NAMES


def test_every_layout_group_is_distinct_and_without_gaps():
    """Each column group of kernels/layout.py (prefix -> width) fills 0 .. width - 1 exactly once:
    a duplicated or skipped column number fails here. Multi-entry columns count their width; names
    that rename a column for one record kind (R_LIN_*) are aliases, not columns."""
    from magphys.kernels import layout as lay

    names = [n for n in vars(lay) if n.isupper() and isinstance(getattr(lay, n), int)]
    claimed = set()
    for prefix, width_name in lay.GROUPS.items():
        width = getattr(lay, width_name)
        cols = [n for n in names if n.startswith(prefix) and not n.startswith(lay.ALIASES)]
        claimed.update(cols)
        cells = []
        for n in cols:
            start = getattr(lay, n)
            cells.extend(range(start, start + lay.BLOCKS.get(n, 1)))
        assert sorted(cells) == list(range(width)), f"{prefix}* columns vs {width_name} = {width}"
    for n in names:
        if n.startswith(lay.ALIASES):  # the per-kind names rename magnet-record columns
            assert 0 <= getattr(lay, n) < lay.N_REC
    # a column-like name outside every group would escape the check
    prefixes = tuple(lay.GROUPS)
    stray = [n for n in names if n.startswith(prefixes) and n not in claimed and not n.startswith(lay.ALIASES)]
    assert not stray


def test_one_table_of_sweep_outputs():
    """Every output a spec can ask for is in the one table; a name has one unit; the fused chain's and
    the materials kernel's columns are distinct; every chain column of the layout is an output."""
    from magphys.kernels import layout as lay
    from magphys.sweep import _outputs as out
    from magphys.sweep._spec import STAGE_SETS

    for _, _, outputs in STAGE_SETS.values():
        assert set(outputs) <= set(out.UNITS)
    for name in out.UNITS:
        assert len({o.unit for o in out.OUTPUTS if o.name == name}) == 1, name
    chain_cols = [c for c, _, _ in out.CHAIN_COLUMNS.values()]
    assert len(chain_cols) == len(set(chain_cols))
    materials_cols = list(out.MATERIALS_COLUMNS.values())
    assert sorted(materials_cols) == list(range(lay.N_OUT))
    ch_names = [n for n in vars(lay) if n.startswith("CH_")]
    assert sorted(chain_cols) == sorted(getattr(lay, n) for n in ch_names)


def test_sweep_files_carry_the_units_of_their_outputs(tmp_path):
    from magphys.sweep._outputs import UNITS

    spec = {"axes": {"dy": {"values": [0.0, 2.0]}}, "fixed": {"nd": 22.0, "pr": 7.3, "b": 0.98}, "temp_c": [20.0]}
    ds = magphys.sweep.open_result(magphys.sweep.run(spec, tmp_path / "u.h5", progress=False))
    assert ds.hcj_a_per_m.attrs["units"] == "A/m" == UNITS["hcj_a_per_m"]
    assert all(ds[v].attrs["units"] == UNITS[v] for v in ds.data_vars)
