"""A Numba disk cache keyed by the kernel sources.

Numba's own cache checks only the timestamp of the file that defines a jitted function, not of
the ``register_jitable`` physics it calls from other modules, nor the module constants it
freezes in. Caching into a folder named after a hash of every kernel source file makes any edit
start a fresh cache. NUMBA_CACHE_DIR, when set, is used as the root.
"""

import hashlib
import os
from pathlib import Path

from numba.core import config


def use_source_keyed_cache() -> str:
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(here.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    root = os.environ.get("NUMBA_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.join(os.path.expanduser("~"), ".cache")), "magphys", "numba"
    )
    config.CACHE_DIR = os.path.join(root, digest.hexdigest()[:16])
    return config.CACHE_DIR
